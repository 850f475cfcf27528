/* SPDX-License-Identifier: MIT */
/*
 * Traps and callbacks. A PV kernel has no IDT of its own: it hands the
 * hypervisor a trap table (set_trap_table) naming a handler per vector,
 * and registers three more entry points with callback_op - the event
 * upcall, the failsafe callback and the 64-bit syscall entry used when
 * user mode executes `syscall`. All of them land in entry.S and come here.
 *
 * Tests that expect a fault install a hook; user-mode faults go to
 * user.c; anything else is fatal and crashes the domain with a register
 * dump, which is what the boot scenario checks for.
 */
#include "pvkern.h"
#include "hypercall.h"

#include <public/callback.h>

/*
 * DPL 3 for #BP/#OF/#BR so `int3`, `into` and `bound` work from any mode
 * (flags bits 0-1); bit 2 masks events on entry, like an interrupt gate,
 * so handlers never nest inside an upcall. cs is ignored for 64-bit guests.
 */
#define GATE(vec, dpl, fn)                                            \
	{                                                             \
		(vec), (dpl) | 4, FLAT_KERNEL_CS, (unsigned long)(fn) \
	}
trap_info_t trap_table[] = {
	GATE(0, 0, entry_divide_error),
	GATE(1, 0, entry_debug),
	GATE(2, 0, entry_nmi),
	GATE(3, 3, entry_int3),
	GATE(4, 3, entry_overflow),
	GATE(5, 3, entry_bounds),
	GATE(6, 0, entry_invalid_op),
	GATE(7, 0, entry_device_not_available),
	GATE(9, 0, entry_coproc_seg),
	GATE(10, 0, entry_invalid_tss),
	GATE(11, 0, entry_segment_not_present),
	GATE(12, 0, entry_stack_segment),
	GATE(13, 0, entry_gp),
	GATE(14, 0, entry_page_fault),
	GATE(16, 0, entry_fpu_error),
	GATE(17, 0, entry_alignment_check),
	GATE(18, 0, entry_machine_check),
	GATE(19, 0, entry_simd_error),
	{ 0, 0, 0, 0 },
};

long trap_table_rc, callback_rc[3], stack_switch_rc;
static trap_hook_t hook;
static volatile bool probe_faulted;
static volatile uint64_t probe_fault_cr2, probe_fault_error;

bool probe_read(const void *p, uint64_t *val, uint64_t *cr2, uint64_t *error)
{
	uint64_t v;

	probe_faulted = false;
	v = probe_read_raw(p);
	if (probe_faulted) {
		if (cr2)
			*cr2 = probe_fault_cr2;
		if (error)
			*error = probe_fault_error;
		return false;
	}
	*val = v;
	return true;
}

bool probe_write(void *p, uint64_t val, uint64_t *cr2, uint64_t *error)
{
	probe_faulted = false;
	probe_write_raw(p, val);
	if (!probe_faulted)
		return true;
	if (cr2)
		*cr2 = probe_fault_cr2;
	if (error)
		*error = probe_fault_error;
	return false;
}

static const char *const trap_names[] = {
	"divide error",
	"debug",
	"NMI",
	"int3",
	"overflow",
	"bounds",
	"invalid opcode",
	"device not available",
	"double fault",
	"coprocessor segment",
	"invalid TSS",
	"segment not present",
	"stack segment",
	"general protection",
	"page fault",
	"?",
	"x87 FPU error",
	"alignment check",
	"machine check",
	"SIMD error",
};

static long register_callback(unsigned int type, void *entry,
			      unsigned int flags)
{
	struct callback_register cb = {
		.type = type,
		.flags = flags,
		.address = (unsigned long)entry,
	};

	return HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
}

void traps_init(void)
{
	trap_table_rc = HYPERVISOR_set_trap_table(trap_table);
	/* Masking events on every kernel entry keeps the kernel simple. */
	callback_rc[CALLBACKTYPE_event] = register_callback(
		CALLBACKTYPE_event, entry_event, CALLBACKF_mask_events);
	callback_rc[CALLBACKTYPE_failsafe] = register_callback(
		CALLBACKTYPE_failsafe, entry_failsafe, CALLBACKF_mask_events);
	callback_rc[CALLBACKTYPE_syscall] = register_callback(
		CALLBACKTYPE_syscall, entry_syscall, CALLBACKF_mask_events);
	/*
	 * Entries from user mode get a fresh frame at kernel_sp; keep that
	 * apart from the boot stack, where user_enter parks its context.
	 */
	stack_switch_rc = HYPERVISOR_stack_switch(
		FLAT_KERNEL_SS, (unsigned long)trap_stack_top);
}

void trap_set_hook(trap_hook_t fn)
{
	hook = fn;
}

uint64_t read_cr2(void)
{
	/* %cr2 is not readable in a PV guest: the hypervisor stores it here. */
	return vcpu ? vcpu->arch.cr2 : 0;
}

static const char *vector_name(uint64_t vec)
{
	if (vec < ARRAY_SIZE(trap_names))
		return trap_names[vec];
	if (vec == VEC_EVENT)
		return "event";
	if (vec == VEC_SYSCALL)
		return "syscall";
	if (vec == VEC_FAILSAFE)
		return "failsafe callback";
	return "?";
}

static __noreturn void die(struct trap_frame *f)
{
	printk("pvkern: fatal %s (vector %lu) in %s mode, error code %lx\n",
	       vector_name(f->vector), f->vector,
	       frame_from_user(f) ? "user" : "kernel", f->error_code);
	printk("pvkern: rip %016lx cs %04lx rflags %016lx\n", f->rip,
	       f->cs & 0xffff, f->rflags);
	printk("pvkern: rsp %016lx ss %04lx cr2 %016lx\n", f->rsp,
	       f->ss & 0xffff, read_cr2());
	printk("pvkern: rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", f->rax,
	       f->rbx, f->rcx, f->rdx);
	printk("pvkern: rsi %016lx rdi %016lx rbp %016lx r8  %016lx\n", f->rsi,
	       f->rdi, f->rbp, f->r8);
	printk("pvkern: r9  %016lx r10 %016lx r11 %016lx r12 %016lx\n", f->r9,
	       f->r10, f->r11, f->r12);
	printk("pvkern: r13 %016lx r14 %016lx r15 %016lx\n", f->r13, f->r14,
	       f->r15);
	if (!frame_from_user(f) && f->vector < ARRAY_SIZE(trap_names)) {
		char why[80];

		snprintf(why, sizeof(why), "unexpected %s at %#lx",
			 trap_names[f->vector], f->rip);
		test_abort(why);
	}
	panic("unexpected trap");
}

/*
 * Called from entry.S for every entry; returns the iret flags word.
 * Keep this free of anything that could fault: a fault here nests.
 */
unsigned long trap_dispatch(struct trap_frame *f);
unsigned long trap_dispatch(struct trap_frame *f)
{
	switch (f->vector) {
	case VEC_EVENT:
		evtchn_do_upcall();
		return 0;
	case VEC_SYSCALL:
		return syscall_dispatch(f);
	case VEC_FAILSAFE:
		/* Only a test that provokes one on purpose expects it. */
		if (hook && hook(f))
			return 0;
		die(f);
	}
	if (!frame_from_user(f) && (f->vector == 13 || f->vector == 14) &&
	    (f->rip == (unsigned long)probe_read_insn ||
	     f->rip == (unsigned long)probe_write_insn)) {
		probe_faulted = true;
		probe_fault_cr2 = f->vector == 14 ? read_cr2() : 0;
		probe_fault_error = f->error_code;
		f->rip = f->rip == (unsigned long)probe_read_insn ?
				 (unsigned long)probe_read_ret :
				 (unsigned long)probe_write_ret;
		return 0;
	}
	if (hook && hook(f))
		return 0;
	if (frame_from_user(f) && user_fault(f))
		return 0;
	die(f);
}
