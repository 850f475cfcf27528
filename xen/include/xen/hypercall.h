/* SPDX-License-Identifier: MIT */
/*
 * Long hypercalls and their continuations (pv-boot-abi.md §4.1). A guest
 * cannot hold a CPU for long: batch handlers ask hypercall_preempt_check()
 * between items and, when told to stop, describe the work left with
 * hypercall_create_continuation(). The guest's argument registers are
 * rewritten and its RIP moved back onto the syscall, so it re-issues the
 * call (after taking any event that made us stop) without knowing; inside
 * a multicall the entry's arguments are rewritten instead and the
 * multicall itself continues from that entry. This is Xen's protocol: the
 * rewritten arguments are guest-visible (mmu_update's count carries
 * MMU_UPDATE_PREEMPTED, memory_op's cmd the extent to resume at).
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include <xen/types.h>

/*
 * Items a hypercall may process per entry before it continues: a batch of
 * 512 page-table updates still runs in one go.
 */
#define HYPERCALL_WORK_BUDGET 1024

/*
 * True when the hypercall running should stop now: a softirq (timer,
 * schedule) is pending on this CPU, an event waits for the guest, or the
 * work budget of this entry is spent. Call it once per item, and never
 * before the first one, so every entry makes progress.
 */
bool hypercall_preempt_check(void);

/*
 * Arrange for hypercall op to be re-entered with args[0..nr-1] as its
 * arguments. Returns op, which the caller returns as its result (it lands
 * in the guest's %rax, ready for the re-issued syscall).
 */
long hypercall_create_continuation(unsigned int op, unsigned int nr,
				   const unsigned long *args);

#endif /* XEN_HYPERCALL_H */
