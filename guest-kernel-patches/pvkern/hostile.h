/* SPDX-License-Identifier: MIT */
/*
 * The attack harness shared by the hostile tests (test_hostile_*.c): a
 * guest that tries to break out. Each attack ends in exactly one line,
 *   pvkern: attack <name>: refused (<how>)
 *   pvkern: attack <name>: ALLOWED (<what happened>)
 *   pvkern: attack <name>: UNEXPECTED (<got>, expected <want>)
 * "refused" means the expected Xen errno or bounced trap came back AND a
 * check showed the effect did not happen; ALLOWED means the hypervisor let
 * it through (a security bug); UNEXPECTED means it was stopped, but not
 * the way Xen stops it. A test passes only if all its attacks were refused.
 */
#ifndef PVKERN_HOSTILE_H
#define PVKERN_HOSTILE_H

#include "pvkern.h"

/*
 * Addresses to aim at. Both Xen and Xenolith keep their image at
 * 0xffff82d040200000 and a direct map of RAM at 0xffff830000000000; the
 * read-only M2P at MACH2PHYS_VIRT_START is the one hypervisor page range a
 * guest may read, so writes aimed at it can be checked afterwards.
 */
#define HV_TEXT 0xffff82d040200000UL
#define HV_DIRECTMAP 0xffff830000000000UL
#define NONCANONICAL 0x8000000000000000UL

/* Fixmap slots the hostile tests own (pvkern's other tests use < 16). */
#define HOSTILE_SLOT 256
#define hostile_va(slot) (FIXMAP_BASE + (unsigned long)(slot)*PAGE_SIZE)

/* A trap caught while running an attack. */
struct caught {
	bool trapped;
	unsigned long vector, error, cr2, rip, cs, rbx;
};

/*
 * Run fn(arg) with every kernel trap (and the failsafe callback) caught:
 * the first one ends fn and is recorded in *c. Nothing nests.
 */
void catch_traps(void (*fn)(void *arg), void *arg, struct caught *c);

/* The verdicts. damage is NULL when the after-check found nothing. */
void attack_rc(const char *name, long rc, long want, const char *damage);
void attack_trap(const char *name, const struct caught *c, unsigned int vector,
		 unsigned long err_mask, unsigned long err, const char *damage);
/* An attack the hypervisor defused rather than failed: harm or how. */
void attack_defused(const char *name, const char *harm, const char *how);
void attack_refused(const char *name, const char *fmt, ...) __printf(2, 3);
void attack_allowed(const char *name, const char *fmt, ...) __printf(2, 3);
void attack_unexpected(const char *name, const char *fmt, ...) __printf(2, 3);
/* A description of damage for the calls above (one static buffer). */
const char *damage(const char *fmt, ...) __printf(1, 2);
/* The test's result: NULL if every attack since the last call was refused. */
const char *attacks_verdict(void);

/* "-EFAULT", "#GP(0)"... for result lines (static buffers, two each). */
const char *errno_name(long rc);
const char *trap_desc(const struct caught *c);

/* Map the frame of page (or mfn, when page is NULL) at a hostile slot. */
long hostile_map(unsigned int slot, unsigned long mfn, bool writable);
long hostile_unmap(unsigned int slot);
/*
 * The common start of a hostile suite: our own page tables in use, page
 * mapped writable at slot and nothing at slot + 1, so a buffer can end
 * exactly at the edge of mapped memory. NULL, or why not.
 */
const char *hostile_edge_setup(unsigned int slot, void *page);

/*
 * A RAM frame below the top of memory that this domain does not own (the
 * hypervisor's, another's or free), found through the M2P and the host
 * memory map; 0 if there is none.
 */
unsigned long foreign_mfn(void);
/* M2P[mfn] read through the guest's read-only view (~0 if unreadable). */
unsigned long m2p_entry(unsigned long mfn);

/*
 * A write aimed at the read-only M2P: m2p_target() snapshots four entries
 * (of frames of ours) and returns their address; m2p_changed() says what
 * changed, or NULL. The only hypervisor memory a guest can read back.
 */
struct m2p_watch {
	unsigned long mfn, old[4];
};
void *m2p_target(struct m2p_watch *w);
const char *m2p_changed(const struct m2p_watch *w);

/* hostile_entry.S */
__noreturn void iret_with(const uint64_t frame[9]);
extern char iret_landing[], iret_landing_io[], iret_landing_io_in[];
void multicall_on_frame(struct multicall_entry *calls, unsigned long n,
			const uint64_t frame[9]);
void call_address(unsigned long target);
uint64_t recurse_load(const void *p);
extern char recurse_load_insn[], recurse_load_ret[];
void run_on_stack(void (*fn)(void), void *stack_top);
extern char ring0_probe[];
extern volatile uint32_t ring0_cs;

/* Any hypercall number, through `syscall`, with up to five arguments. */
long raw_hypercall(unsigned long nr, unsigned long a1, unsigned long a2,
		   unsigned long a3, unsigned long a4, unsigned long a5);

#endif /* PVKERN_HOSTILE_H */
