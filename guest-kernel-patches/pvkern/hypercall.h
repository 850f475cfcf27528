/* SPDX-License-Identifier: MIT */
/*
 * How pvkern enters the hypervisor. The HYPERVISOR_<name>() calls come from
 * the stubs generated out of hypercalls/hypercalls.tbl; by default they
 * execute `syscall` themselves (what Linux 6.1.158+ does), and with
 * PVKERN_HYPERCALL_PAGE=1 (-DXEN_HYPERCALL_VIA_PAGE) they call into the
 * hypercall page the builder filled, like Mini-OS. iret is the one
 * hypercall that is never a C call: entry.S jumps to it with a frame.
 */
#ifndef PVKERN_HYPERCALL_H
#define PVKERN_HYPERCALL_H

#include <hypercall-stubs.h>

#endif /* PVKERN_HYPERCALL_H */
