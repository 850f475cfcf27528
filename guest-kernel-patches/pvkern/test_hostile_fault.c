/* SPDX-License-Identifier: MIT */
/*
 * Faults inside fault handlers. hostile_recursion: our #PF handler takes
 * another #PF, sixteen levels deep, then every level returns; the
 * hypervisor must bounce each nested fault onto the current kernel stack
 * and each iret must come back to the right level. It runs with the other
 * hostile tests. hostile_recursion_unbounded (a boot of its own): the
 * handler faults again forever, on a small stack with an unmapped page
 * below it. When the stack runs out the hypervisor cannot write a bounce
 * frame - a fault while delivering a fault - and must crash this domain,
 * printing its registers, and nothing else.
 */
#include "hostile.h"

#define DEPTH 16
#define STACK_SLOT (HOSTILE_SLOT + 48) /* the guard: never mapped */
#define STACK_PAGES 4
#define FAULT_SLOT (HOSTILE_SLOT + 47) /* what the handlers read */

static volatile unsigned int depth, deepest, limit;

/* A #PF at recurse_load: fault again until `limit`, then unwind. */
static bool nest_hook(struct trap_frame *f)
{
	if (f->vector != 14 || frame_from_user(f) ||
	    f->rip != (unsigned long)recurse_load_insn)
		return false;
	depth++;
	if (depth > deepest)
		deepest = depth;
	if (depth < limit)
		recurse_load((void *)hostile_va(FAULT_SLOT));
	/* The load "returns" the level it faulted at. */
	f->rax = depth;
	f->rip = (unsigned long)recurse_load_ret;
	depth--;
	return true;
}

static const char *test_hostile_recursion(void)
{
	register uint64_t kept __asm__("r15") = 0x0123456789abcdefUL;
	const char *harm = NULL;
	uint64_t v;

	if (!mm_ready() || hostile_unmap(FAULT_SLOT))
		return fail("cannot set up an unmapped slot");
	depth = deepest = 0;
	limit = DEPTH;
	trap_set_hook(nest_hook);
	v = recurse_load((void *)hostile_va(FAULT_SLOT));
	trap_set_hook(NULL);
	__asm__ __volatile__("" : "+r"(kept));
	if (v != 1 || deepest != DEPTH || depth)
		harm = damage("load returned %lu, %u levels deep, %u left", v,
			      deepest, depth);
	else if (kept != 0x0123456789abcdefUL)
		harm = damage("r15 is %#lx after unwinding", kept);
	attack_defused("fault_recursion", harm,
		       "16 nested #PF delivered, every level unwound");
	return attacks_verdict();
}
DEFINE_REQUEST_TEST(96, "hostile_recursion", test_hostile_recursion);

static void recurse_forever(void)
{
	recurse_load((void *)hostile_va(FAULT_SLOT));
}

static const char *test_hostile_recursion_unbounded(void)
{
	unsigned int i;
	long rc;

	if (!mm_ready())
		return fail("own page tables not in use");
	rc = hostile_unmap(STACK_SLOT);
	if (!rc)
		rc = hostile_unmap(FAULT_SLOT);
	for (i = 1; !rc && i <= STACK_PAGES; i++)
		rc = hostile_map(STACK_SLOT + i, virt_to_mfn(alloc_page()),
				 true);
	if (rc)
		return fail("setting up the stack returned %ld", rc);
	printk("pvkern: attack fault_recursion_unbounded: recursing on a "
	       "%u KiB stack until it runs out\n",
	       STACK_PAGES * 4);
	depth = deepest = 0;
	limit = ~0U;
	trap_set_hook(nest_hook);
	run_on_stack(recurse_forever,
		     (void *)hostile_va(STACK_SLOT + STACK_PAGES + 1));
	trap_set_hook(NULL);
	return fail("came back from unbounded recursion, %u levels deep",
		    deepest);
}
DEFINE_REQUEST_TEST(97, "hostile_recursion_unbounded",
		    test_hostile_recursion_unbounded);
