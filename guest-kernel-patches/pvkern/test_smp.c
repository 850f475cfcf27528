/* SPDX-License-Identifier: MIT */
/*
 * Bringing up a second vCPU the way Linux does for SMP: describe its whole
 * state in a vcpu_guest_context (VCPUOP_initialise), start it (VCPUOP_up),
 * let it run some kernel code on our page tables, and have it take itself
 * down (VCPUOP_down). Needs a domain with two vCPUs (--smp 2); with one the
 * test only checks the calls are refused. pv-boot-abi.md §3.6, §4.3.20.
 */
#include "pvkern.h"
#include "hypercall.h"

#include <public/errno.h>
#include <public/vcpu.h>
#include <public/version.h>

static struct vcpu_guest_context ctxt;
static char ap_stack[16384] __aligned(16);
static volatile unsigned long ap_runs, ap_rsp;
static volatile long ap_version;

void secondary_main(void);
void secondary_main(void)
{
	unsigned long rsp;

	__asm__ __volatile__("mov %%rsp, %0" : "=r"(rsp));
	ap_rsp = rsp;
	/* A hypercall from the new vCPU, and proof it ran our code. */
	ap_version = HYPERVISOR_xen_version(XENVER_version, NULL);
	__atomic_fetch_add(&ap_runs, 1, __ATOMIC_SEQ_CST);
	HYPERVISOR_vcpu_op(VCPUOP_down, 1, NULL);
	/* Not reached: a downed vCPU is not resumed unless brought up. */
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

/* The new vCPU starts here, on ap_stack; no return address above it. */
__asm__(".pushsection .text\n"
	"secondary_entry:\n"
	"	call secondary_main\n"
	"	ud2\n"
	".popsection");
extern char secondary_entry[];

static void fill_context(struct vcpu_guest_context *c)
{
	unsigned long top = (unsigned long)ap_stack + sizeof(ap_stack);
	const trap_info_t *t;

	memset(c, 0, sizeof(*c));
	c->flags = VGCF_in_kernel;
	c->user_regs.rip = (unsigned long)secondary_entry;
	c->user_regs.rsp = top;
	c->user_regs.cs = FLAT_KERNEL_CS;
	c->user_regs.ss = FLAT_KERNEL_SS;
	c->user_regs.rflags = 0x200;
	c->kernel_ss = FLAT_KERNEL_SS;
	c->kernel_sp = top;
	c->ctrlreg[3] = xen_pfn_to_cr3(kernel_l4_mfn);
	c->event_callback_eip = (unsigned long)entry_event;
	c->failsafe_callback_eip = (unsigned long)entry_failsafe;
	c->syscall_callback_eip = (unsigned long)entry_syscall;
	for (t = trap_table; t->address; t++)
		c->trap_ctxt[t->vector] = *t;
}

static const char *test_secondary_vcpu(void)
{
	long ver = HYPERVISOR_xen_version(XENVER_version, NULL), rc;
	unsigned int i;

	if (!mm_ready() || !shared_info)
		return fail("needs our page tables and shared_info");
	rc = HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL);
	if (rc == -XEN_ENOENT) {
		/* One vCPU: bringing up a missing one must fail cleanly. */
		rc = HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL);
		if (rc != -XEN_ENOENT)
			return fail("VCPUOP_up of a missing vCPU: %ld", rc);
		info("pvkern: one vCPU, secondary bring-up not exercised\n");
		return NULL;
	}
	if (rc != 0)
		return fail("vCPU 1 is_up %ld before we started it", rc);
	/* Not initialised yet: up must be refused. */
	rc = HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL);
	if (rc != -XEN_EINVAL)
		return fail("VCPUOP_up before VCPUOP_initialise: %ld", rc);

	shared_info->vcpu_info[1].evtchn_upcall_mask = 1;
	fill_context(&ctxt);
	rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ctxt);
	if (rc)
		return fail("VCPUOP_initialise returned %ld", rc);
	rc = HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL);
	if (rc)
		return fail("VCPUOP_up returned %ld", rc);
	for (i = 0;
	     i < 100000 &&
	     !(ap_runs && HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL) == 0);
	     i++)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	if (ap_runs != 1)
		return fail("vCPU 1 ran our code %lu times", ap_runs);
	if (ap_version != ver)
		return fail("xen_version on vCPU 1: %#lx", ap_version);
	if (ap_rsp < (unsigned long)ap_stack ||
	    ap_rsp >= (unsigned long)ap_stack + sizeof(ap_stack))
		return fail("vCPU 1 ran on stack %#lx", ap_rsp);
	rc = HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL);
	if (rc != 0)
		return fail("vCPU 1 is_up %ld after VCPUOP_down", rc);
	/* A context is set once; a second one is refused. */
	rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ctxt);
	if (rc >= 0)
		return fail("a second VCPUOP_initialise returned %ld", rc);
	return NULL;
}
DEFINE_TEST(85, "secondary_vcpu", test_secondary_vcpu);
