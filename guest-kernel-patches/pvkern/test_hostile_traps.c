/* SPDX-License-Identifier: MIT */
/*
 * Hostile entry points and returns (run with tests=hostile_traps): trap
 * tables, callbacks and segment bases read from or pointing into the
 * hypervisor (accepted as addresses, as Xen does, but any use ends in a
 * #PF bounced back to us), tables without an end, and iret hypercall
 * frames with the hypervisor's selectors, a null or LDT CS, a
 * non-canonical RIP, or IOPL 3 in RFLAGS. A frame the CPU refuses becomes
 * our own #GP, raised at that frame (as Xen does); one it accepts must not
 * raise the real IOPL.
 */
#include "hostile.h"
#include "hypercall.h"

#include <public/callback.h>
#include <public/errno.h>
#include <public/nmi.h>

#include "user/usys.h"

#define E(x) (-XEN_##x)
#define EDGE_SLOT (HOSTILE_SLOT + 32)
#define HOLE_SLOT (EDGE_SLOT + 1) /* left empty by hostile_edge_setup */
#define PF_WRITE 2UL
#define PF_USER 4UL

static char edge_page[PAGE_SIZE] __aligned(PAGE_SIZE);

/* A #PF at addr in kernel mode, with the fault's RIP where we said. */
static void pf_at(const char *name, const struct caught *c, unsigned long addr,
		  unsigned long rip)
{
	const char *harm = NULL;

	if (c->trapped && c->vector == 14 &&
	    (c->cr2 != addr || (rip && c->rip != rip)))
		harm = damage("cr2 %#lx rip %#lx", c->cr2, c->rip);
	attack_trap(name, c, 14, PF_WRITE | PF_USER, 0, harm);
}

static void divide_by_zero(void *arg)
{
	unsigned int zero = 0;

	__asm__ __volatile__("" : "+r"(zero));
	__asm__ __volatile__("divl %0" ::"r"(zero), "a"(1), "d"(0));
}

static void read_fs0(void *arg)
{
	unsigned long v;

	__asm__ __volatile__("movq %%fs:0, %0" : "=r"(v));
}

static void read_gs0(void *arg)
{
	unsigned long v;

	__asm__ __volatile__("movq %%gs:0, %0" : "=r"(v));
}

static void attack_trap_table(void)
{
	trap_info_t bad[2] = { { 0x30, 0, FLAT_KERNEL_CS, NONCANONICAL } };
	trap_info_t to_hv[2] = { { 0, 0, FLAT_KERNEL_CS, HV_TEXT } };
	trap_info_t *edge = (trap_info_t *)hostile_va(EDGE_SLOT);
	unsigned int i, n = PAGE_SIZE / sizeof(*edge);
	struct caught c;
	long rc;

	rc = HYPERVISOR_set_trap_table((const trap_info_t *)HV_TEXT);
	attack_rc("set_trap_table_from_hypervisor", rc, E(EFAULT), NULL);
	rc = HYPERVISOR_set_trap_table(bad);
	attack_rc("set_trap_table_noncanonical", rc, E(EINVAL), NULL);
	/* A page of valid entries (our own #BP), then a hole: no end. */
	for (i = 0; i < n; i++)
		edge[i] = trap_table[3];
	rc = HYPERVISOR_set_trap_table(edge);
	attack_rc("set_trap_table_unterminated", rc, E(EFAULT), NULL);
	/* A handler in the hypervisor: taken as an address, faults on use. */
	rc = HYPERVISOR_set_trap_table(to_hv);
	if (rc) {
		attack_rc("trap_handler_in_hypervisor", rc, 0, NULL);
	} else {
		catch_traps(divide_by_zero, NULL, &c);
		pf_at("trap_handler_in_hypervisor", &c, HV_TEXT, HV_TEXT);
	}
	rc = HYPERVISOR_set_trap_table(trap_table);
	if (rc)
		attack_allowed("trap_handler_in_hypervisor",
			       "our trap table cannot be put back (%ld)", rc);
}

static long register_cb(unsigned int type, unsigned long address)
{
	struct callback_register cb = { .type = type, .address = address };

	return HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
}

static void attack_callbacks(void)
{
	struct callback_unregister unreg = { .type = CALLBACKTYPE_event };
	struct xennmi_callback nmi = { .handler_address = NONCANONICAL };
	long rc;

	rc = HYPERVISOR_callback_op(99, &unreg);
	attack_rc("callback_op_bad_cmd", rc, E(ENOSYS), NULL);
	rc = HYPERVISOR_callback_op(CALLBACKOP_register, (void *)HV_TEXT);
	attack_rc("callback_op_from_hypervisor", rc, E(EFAULT), NULL);
	rc = register_cb(CALLBACKTYPE_event, NONCANONICAL);
	attack_rc("callback_noncanonical", rc, E(EINVAL), NULL);
	rc = register_cb(99, (unsigned long)entry_event);
	attack_rc("callback_bad_type", rc, E(ENOSYS), NULL);
	rc = HYPERVISOR_callback_op(CALLBACKOP_unregister, &unreg);
	attack_rc("callback_unregister_event", rc, E(EINVAL), NULL);
	rc = HYPERVISOR_nmi_op(99, &nmi);
	attack_rc("nmi_op_bad_cmd", rc, E(ENOSYS), NULL);
	rc = HYPERVISOR_nmi_op(XENNMI_register_callback, (void *)HV_TEXT);
	attack_rc("nmi_op_from_hypervisor", rc, E(EFAULT), NULL);
	rc = HYPERVISOR_nmi_op(XENNMI_register_callback, &nmi);
	attack_rc("nmi_op_noncanonical", rc, E(EINVAL), NULL);
}

static void enable_events(void *arg)
{
	/* A pending upcall goes out on the way back from a hypercall. */
	local_events_enable();
}

/* The event callback in the hypervisor: the upcall itself faults. */
static void attack_event_callback(void)
{
	struct evtchn_bind_ipi bind = { .vcpu = 0 };
	struct evtchn_send send;
	struct evtchn_close close;
	struct caught c;
	long rc;

	rc = register_cb(CALLBACKTYPE_event, HV_TEXT);
	if (rc) {
		attack_rc("event_callback_in_hypervisor", rc, 0, NULL);
		return;
	}
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &bind);
	if (rc) {
		attack_unexpected("event_callback_in_hypervisor",
				  "bind_ipi returned %s", errno_name(rc));
		return;
	}
	evtchn_unmask(bind.port);
	send.port = bind.port;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
	if (rc)
		attack_unexpected("event_callback_in_hypervisor",
				  "send returned %s", errno_name(rc));
	else {
		catch_traps(enable_events, NULL, &c);
		pf_at("event_callback_in_hypervisor", &c, HV_TEXT, HV_TEXT);
	}
	local_events_disable();
	evtchn_mask(bind.port);
	close.port = bind.port;
	HYPERVISOR_event_channel_op(EVTCHNOP_close, &close);
	traps_init();
}

static volatile unsigned long ipi_hits;

static void count_ipi(evtchn_port_t port)
{
	ipi_hits++;
}

/* Does an event still reach our own callback? */
static bool event_reaches_us(void)
{
	struct evtchn_bind_ipi bind = { .vcpu = 0 };
	struct evtchn_send send;
	struct evtchn_close close;

	if (HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &bind))
		return false;
	ipi_hits = 0;
	evtchn_bind_handler(bind.port, count_ipi);
	evtchn_unmask(bind.port);
	send.port = bind.port;
	HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
	local_events_enable();
	local_events_disable();
	evtchn_mask(bind.port);
	evtchn_bind_handler(bind.port, NULL);
	close.port = bind.port;
	HYPERVISOR_event_channel_op(EVTCHNOP_close, &close);
	return ipi_hits == 1;
}

/*
 * set_callbacks cannot fail (Xen ignores each registration's error) and
 * stack_switch takes any values: what matters is that a refused address
 * left our callbacks in place, and that a hypervisor SS is never used.
 */
static void attack_legacy_callbacks(void)
{
	long rc;

	rc = HYPERVISOR_set_callbacks(NONCANONICAL, NONCANONICAL, NONCANONICAL);
	if (rc)
		attack_unexpected("set_callbacks_noncanonical", "%s",
				  errno_name(rc));
	else
		attack_defused("set_callbacks_noncanonical",
			       event_reaches_us() ?
				       NULL :
				       damage("events no longer reach us"),
			       "rc 0, our event callback kept");
	traps_init();
	rc = HYPERVISOR_stack_switch(0xe010, (unsigned long)trap_stack_top);
	if (rc)
		attack_unexpected("stack_switch_hypervisor_ss", "%s",
				  errno_name(rc));
	else
		attack_defused("stack_switch_hypervisor_ss",
			       run_user(UTEST_SYSCALLS) ||
					       user_report.syscalls !=
						       UTEST_ROUNDS ?
				       damage("user syscalls broke (%lu)",
					      user_report.syscalls) :
				       NULL,
			       "rc 0, user-mode entries still work");
	traps_init();
}

static void attack_segment_bases(void)
{
	struct caught c;
	long rc;

	rc = HYPERVISOR_set_segment_base(99, 0);
	attack_rc("segment_base_bad_which", rc, E(EINVAL), NULL);
	rc = HYPERVISOR_set_segment_base(SEGBASE_GS_USER, NONCANONICAL);
	attack_rc("segment_base_noncanonical", rc, E(EINVAL), NULL);
	/* A base in the hypervisor: accepted, but %fs:0 is its memory. */
	rc = HYPERVISOR_set_segment_base(SEGBASE_FS, HV_TEXT);
	if (rc) {
		attack_rc("fs_base_in_hypervisor", rc, 0, NULL);
	} else {
		catch_traps(read_fs0, NULL, &c);
		pf_at("fs_base_in_hypervisor", &c, HV_TEXT, 0);
	}
	HYPERVISOR_set_segment_base(SEGBASE_FS, 0);
	rc = HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, HV_DIRECTMAP);
	if (rc) {
		attack_rc("gs_base_in_hypervisor", rc, 0, NULL);
	} else {
		catch_traps(read_gs0, NULL, &c);
		pf_at("gs_base_in_hypervisor", &c, HV_DIRECTMAP, 0);
	}
	HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, 0);
}

/* The iret frame: rax, r11, rcx, flags, rip, cs, rflags, rsp, ss. */
static uint64_t iret_stack[512] __aligned(16);
static uint64_t frame[9];

static void do_iret(void *arg)
{
	iret_with(frame);
}

/*
 * A frame the CPU refuses makes the hypervisor's iretq fault; as in Xen
 * that fault becomes ours, raised at the frame we asked for: #GP with
 * the selector as error code, RIP the frame's.
 */
static void iret_attack(const char *name, unsigned long rip, unsigned long cs,
			unsigned long rflags, unsigned long ss,
			unsigned long error)
{
	struct caught c;

	frame[0] = frame[1] = frame[2] = frame[3] = 0;
	frame[4] = rip;
	frame[5] = cs;
	frame[6] = rflags;
	frame[7] = (unsigned long)&iret_stack[ARRAY_SIZE(iret_stack)];
	frame[8] = ss;
	catch_traps(do_iret, NULL, &c);
	attack_trap(name, &c, 13, ~0UL, error,
		    c.trapped && c.rip != rip ?
			    damage("the #GP came from %#lx", c.rip) :
			    NULL);
}

#define KERNEL_CS_RPL0 (FLAT_KERNEL_CS & ~3UL)
#define RFLAGS_MASKED 0x2UL /* IF clear: events stay masked */
#define RFLAGS_IOPL3 0x3000UL
#define RFLAGS_VM (1UL << 17)

static void attack_iret(void)
{
	unsigned long land = (unsigned long)iret_landing;
	struct caught c;

	iret_attack("iret_hypervisor_cs", land, 0xe008, RFLAGS_MASKED,
		    FLAT_KERNEL_SS, 0xe008);
	iret_attack("iret_null_cs", land, 0, RFLAGS_MASKED, FLAT_KERNEL_SS, 0);
	iret_attack("iret_ldt_cs", land, 0x0c, RFLAGS_MASKED, FLAT_KERNEL_SS,
		    0x0c);
	iret_attack("iret_hypervisor_ss", land, KERNEL_CS_RPL0, RFLAGS_MASKED,
		    0xe010, 0xe010);
	iret_attack("iret_noncanonical_rip", NONCANONICAL, KERNEL_CS_RPL0,
		    RFLAGS_MASKED, FLAT_KERNEL_SS, 0);
	/*
	 * IOPL 3 and VM asked for: the return happens, but with the real
	 * IOPL still 0, so the landing pad's `in` is refused (#GP).
	 */
	frame[0] = frame[1] = frame[2] = frame[3] = 0;
	frame[4] = (unsigned long)iret_landing_io;
	frame[5] = KERNEL_CS_RPL0;
	frame[6] = RFLAGS_MASKED | RFLAGS_IOPL3 | RFLAGS_VM;
	frame[7] = (unsigned long)&iret_stack[ARRAY_SIZE(iret_stack)];
	frame[8] = FLAT_KERNEL_SS;
	catch_traps(do_iret, NULL, &c);
	attack_trap("iret_iopl3", &c, 13, ~0UL, 0,
		    c.trapped && c.rip != (unsigned long)iret_landing_io_in ?
			    damage("trapped at %#lx", c.rip) :
		    c.trapped && ((c.rbx >> 12) & 3) ?
			    damage("RFLAGS %#lx after the iret", c.rbx) :
			    NULL);
}

static struct multicall_entry mc[2];

static void do_multicall_iret(void *arg)
{
	multicall_on_frame(mc, 2, frame);
}

/*
 * An iret inside a multicall (pv-boot-abi.md 4.3.11: it ends the batch)
 * with the hypervisor's CS in its frame: as a plain iret, a #GP at the
 * frame's RIP, and the entry after it never runs.
 */
static void attack_multicall_iret(void)
{
	struct caught c;

	memset(mc, 0, sizeof(mc));
	mc[0].op = __HYPERVISOR_iret;
	mc[1].op = __HYPERVISOR_xen_version;
	mc[1].result = 0x5a5a5a5a;
	frame[0] = frame[1] = frame[2] = frame[3] = 0;
	frame[4] = (unsigned long)iret_landing;
	frame[5] = 0xe008;
	frame[6] = RFLAGS_MASKED;
	frame[7] = (unsigned long)&iret_stack[ARRAY_SIZE(iret_stack)];
	frame[8] = FLAT_KERNEL_SS;
	catch_traps(do_multicall_iret, NULL, &c);
	if (!c.trapped)
		attack_unexpected("multicall_iret_hypervisor_cs",
				  "no iret: the entry returned %s",
				  errno_name((long)mc[0].result));
	else
		attack_trap("multicall_iret_hypervisor_cs", &c, 13, ~0UL,
			    0xe008,
			    c.rip != (unsigned long)iret_landing ?
				    damage("the #GP came from %#lx", c.rip) :
			    mc[1].result != 0x5a5a5a5a ?
				    damage("the entry after the iret ran") :
				    NULL);
}

/*
 * An LDT with a DPL-0 code descriptor, and an iret to it: the iretq faults
 * on the LDT page (not mapped for the CPU yet); as in Xen the hypervisor
 * types the page as a descriptor frame, which raises the DPL to 3, maps
 * it and returns again - so we land, at CPL 3, on our own LDT's code.
 */
static void attack_iret_ldt_code(void)
{
	uint64_t *ldt = alloc_page();
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT };
	struct caught c;
	long rc;

	ldt[1] = 0x00af9a000000ffffUL; /* 64-bit code, DPL 0 */
	op.arg1.linear_addr = (unsigned long)ldt;
	op.arg2.nr_ents = 2;
	rc = set_page_readonly(ldt, true);
	if (!rc)
		rc = HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
	if (rc) {
		attack_unexpected("iret_ldt_dpl0_code", "setting the LDT: %s",
				  errno_name(rc));
		return;
	}
	frame[0] = frame[1] = frame[2] = frame[3] = 0;
	frame[4] = (unsigned long)iret_landing;
	frame[5] = 0x0c; /* LDT entry 1, RPL 0: stay in kernel mode */
	frame[6] = RFLAGS_MASKED;
	frame[7] = (unsigned long)&iret_stack[ARRAY_SIZE(iret_stack)];
	frame[8] = FLAT_KERNEL_SS;
	catch_traps(do_iret, NULL, &c);
	if (!c.trapped || c.vector != 3 || c.cs != 0x0c)
		attack_unexpected("iret_ldt_dpl0_code", "%s, cs %#lx",
				  trap_desc(&c), c.cs);
	else
		attack_defused("iret_ldt_dpl0_code",
			       ((ldt[1] >> 45) & 3) != 3 ?
				       damage("LDT entry 1 reads %#lx",
					      ldt[1]) :
				       NULL,
			       "landed at CPL 3, the descriptor's DPL raised");
	op.arg1.linear_addr = 0;
	op.arg2.nr_ents = 0;
	HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
	if (!set_page_readonly(ldt, false))
		free_page(ldt);
}

static const char *test_hostile_traps(void)
{
	const char *why = hostile_edge_setup(EDGE_SLOT, edge_page);

	if (why)
		return why;
	attack_trap_table();
	attack_callbacks();
	if (vcpu) {
		attack_event_callback();
		attack_legacy_callbacks();
	}
	attack_segment_bases();
	attack_iret();
	attack_iret_ldt_code();
	attack_multicall_iret();
	hostile_unmap(EDGE_SLOT);
	/* Whatever the attacks left registered: ours again. */
	traps_init();
	return attacks_verdict();
}
DEFINE_REQUEST_TEST(95, "hostile_traps", test_hostile_traps);
