/* SPDX-License-Identifier: MIT */
/*
 * The C side of every exception and interrupt. Interrupts go to their
 * handlers. An exception raised by guest code goes to the PV core, which
 * reflects it to the guest or emulates what caused it (pv/traps.c); every
 * entry from guest context leaves through pv_return_to_guest(), which
 * delivers pending events first. An exception in the hypervisor is either
 * a guest-memory access with an exception-table fixup (-EFAULT for the
 * caller), a guest's data breakpoint, one a selftest armed (trap_expect),
 * or fatal: we print the vector, error code, registers, control registers
 * and a stack trace, then panic, so nothing ever hangs silently.
 */
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/symbols.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/guest_access.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/traps.h>

extern const struct exception_table_entry __start___ex_table[],
	__stop___ex_table[];

unsigned long search_exception_table(unsigned long rip)
{
	const struct exception_table_entry *e;

	for (e = __start___ex_table; e < __stop___ex_table; e++)
		if (e->insn == rip)
			return e->fixup;
	return 0;
}

static const char *const trap_names[32] = {
	[0] = "divide error",
	[1] = "debug",
	[2] = "NMI",
	[3] = "breakpoint",
	[4] = "overflow",
	[5] = "bounds",
	[6] = "invalid opcode",
	[7] = "device not available",
	[8] = "double fault",
	[9] = "coprocessor segment overrun",
	[10] = "invalid TSS",
	[11] = "segment not present",
	[12] = "stack fault",
	[13] = "general protection fault",
	[14] = "page fault",
	[16] = "x87 FPU error",
	[17] = "alignment check",
	[18] = "machine check",
	[19] = "SIMD error",
	[20] = "virtualisation exception",
	[21] = "control protection",
};

const char *trap_name(unsigned int vector)
{
	return vector < ARRAY_SIZE(trap_names) && trap_names[vector] ?
		       trap_names[vector] :
		       "reserved";
}

static DEFINE_PER_CPU(struct trap_expect *, trap_expected);

/* What the last exception-table fixup on this CPU recovered from. */
struct fixed_fault {
	unsigned int vector;
	u32 error_code;
};
static DEFINE_PER_CPU(struct fixed_fault, last_fixed);

void last_fixed_fault(unsigned int *vector, u32 *error_code)
{
	*vector = this_cpu(last_fixed).vector;
	*error_code = this_cpu(last_fixed).error_code;
}

void trap_expect(struct trap_expect *e, int vector, unsigned long resume_rip)
{
	e->vector = vector;
	e->hits = 0;
	e->last_rip = 0;
	e->resume_rip = resume_rip;
	this_cpu(trap_expected) = e;
}

void trap_expect_clear(void)
{
	this_cpu(trap_expected) = NULL;
}

/* rax to r14, three to a line; callers add r15 with what they know. */
void show_gprs(const struct cpu_user_regs *r)
{
	printk(XENLOG_ERR "rax: %016lx   rbx: %016lx   rcx: %016lx\n",
	       (unsigned long)r->rax, (unsigned long)r->rbx,
	       (unsigned long)r->rcx);
	printk(XENLOG_ERR "rdx: %016lx   rsi: %016lx   rdi: %016lx\n",
	       (unsigned long)r->rdx, (unsigned long)r->rsi,
	       (unsigned long)r->rdi);
	printk(XENLOG_ERR "rbp: %016lx   rsp: %016lx   r8:  %016lx\n",
	       (unsigned long)r->rbp, (unsigned long)r->rsp,
	       (unsigned long)r->r8);
	printk(XENLOG_ERR "r9:  %016lx   r10: %016lx   r11: %016lx\n",
	       (unsigned long)r->r9, (unsigned long)r->r10,
	       (unsigned long)r->r11);
	printk(XENLOG_ERR "r12: %016lx   r13: %016lx   r14: %016lx\n",
	       (unsigned long)r->r12, (unsigned long)r->r13,
	       (unsigned long)r->r14);
}

/* " name+0xoff/0xsize" for a hypervisor text address, else nothing. */
static void print_symbol(unsigned long addr)
{
	unsigned long off, size;
	const char *name = symbol_lookup(&xen_symtab, addr, &off, &size);

	if (name)
		printk(" %s+%#lx/%#lx", name, off, size);
}

void show_registers(const struct cpu_user_regs *r)
{
	printk(XENLOG_ERR "CPU:    %u\n", smp_processor_id());
	printk(XENLOG_ERR "RIP:    %04x:[<%016lx>]", r->cs,
	       (unsigned long)r->rip);
	if (regs_from_hypervisor(r))
		print_symbol(r->rip);
	printk("\n");
	printk(XENLOG_ERR "RFLAGS: %016lx   CONTEXT: %s\n",
	       (unsigned long)r->rflags,
	       regs_from_hypervisor(r) ? "hypervisor" : "guest");
	show_gprs(r);
	printk(XENLOG_ERR "r15: %016lx   ss: %04x   cs: %04x\n",
	       (unsigned long)r->r15, r->ss, r->cs);
	printk(XENLOG_ERR "cr0: %016lx   cr4: %016lx\n", read_cr0(),
	       read_cr4());
	printk(XENLOG_ERR "cr3: %016lx   cr2: %016lx\n", read_cr3(),
	       read_cr2());
}

/*
 * Walk the frame-pointer chain (the hypervisor keeps frame pointers) while it
 * stays inside this CPU's stack.
 */
void show_stack_trace(unsigned long rbp)
{
	unsigned long top =
		((unsigned long)get_cpu_info() | (STACK_SIZE - 1)) + 1;
	unsigned long bottom = top - STACK_SIZE;
	unsigned int depth;

	printk(XENLOG_ERR "Hypervisor stack trace:\n");
	for (depth = 0; depth < 32; depth++) {
		const unsigned long *frame = (const unsigned long *)rbp;

		if (rbp < bottom || rbp + 16 > top || (rbp & 7))
			break;
		if (!frame[1])
			break;
		printk(XENLOG_ERR "   [<%016lx>]", frame[1]);
		print_symbol(frame[1]);
		printk("\n");
		rbp = frame[0];
	}
}

static void __noreturn fatal_trap(struct cpu_user_regs *regs)
{
	unsigned int vec = regs->entry_vector;

	printk(XENLOG_ERR
	       "\n----[ Xenolith fatal trap: vector %u (%s), error code %04x ]----\n",
	       vec, trap_name(vec), regs->error_code);
	if (vec == TRAP_page_fault)
		printk(XENLOG_ERR "Page fault at %016lx: %s, %s, %s%s\n",
		       read_cr2(),
		       regs->error_code & 1 ? "protection violation" :
					      "not present",
		       regs->error_code & 2 ? "write" : "read",
		       regs->error_code & 4 ? "user" : "supervisor",
		       regs->error_code & 16 ? ", instruction fetch" : "");
	show_registers(regs);
	if (regs_from_hypervisor(regs))
		show_stack_trace(regs->rbp);
	panic("Fatal trap %u (%s) at %016lx", vec, trap_name(vec),
	      (unsigned long)regs->rip);
}

/* Vectors that run on an IST stack, never in guest_cpu_user_regs. */
static bool is_ist_vector(unsigned int vec)
{
	return vec == TRAP_double_fault || vec == TRAP_nmi ||
	       vec == TRAP_machine_check;
}

static void do_trap(struct cpu_user_regs *regs)
{
	struct trap_expect *e = this_cpu(trap_expected);
	unsigned int vec = regs->entry_vector;
	unsigned long fixup;

	if (vec == TRAP_nmi)
		smp_nmi_stop(); /* returns unless a panic stops this CPU */
	if (regs_from_guest(regs) && current) {
		if (vec == TRAP_nmi)
			return; /* nothing to do for a stray NMI */
		/* #DB's frame was moved to guest_cpu_user_regs (entry.S). */
		if (is_ist_vector(vec))
			fatal_trap(regs);
		pv_handle_guest_trap(regs);
		return;
	}
	if (vec == TRAP_debug && current) {
		pv_debug_in_hypervisor(regs);
		return;
	}
	fixup = search_exception_table(regs->rip);
	if (fixup && !is_ist_vector(vec)) {
		this_cpu(last_fixed).vector = vec;
		this_cpu(last_fixed).error_code = regs->error_code;
		regs->rip = fixup;
		return;
	}

	if (e && (int)regs->entry_vector == e->vector &&
	    regs_from_hypervisor(regs)) {
		e->hits++;
		e->last_rip = regs->rip;
		if (e->resume_rip)
			regs->rip = e->resume_rip;
		return;
	}
	fatal_trap(regs);
}

void do_entry(struct cpu_user_regs *regs)
{
	unsigned int vec = regs->entry_vector;

	if (vec < 32) {
		do_trap(regs);
		if (regs == guest_cpu_user_regs() && regs_from_guest(regs))
			pv_return_to_guest(regs);
		return;
	}
	switch (vec) {
	case LOCAL_TIMER_VECTOR:
		apic_timer_interrupt(regs);
		break;
	case EVENT_CHECK_VECTOR:
		smp_event_check_interrupt(regs);
		break;
	case CALL_FUNCTION_VECTOR:
		smp_call_function_interrupt(regs);
		break;
	case SPURIOUS_APIC_VECTOR:
		break;
	case FIRST_LEGACY_VECTOR + 7:
	case FIRST_LEGACY_VECTOR + 15:
		/* Spurious IRQ7/IRQ15 from the (masked) 8259s: nothing to ack. */
		break;
	default:
		printk(XENLOG_WARNING "unexpected interrupt, vector %#x\n",
		       vec);
		apic_eoi();
		break;
	}
	if (regs == guest_cpu_user_regs() && regs_from_guest(regs) && current)
		pv_return_to_guest(regs);
}
