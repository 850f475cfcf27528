/* SPDX-License-Identifier: MIT */
/*
 * GDT, TSS and IDT. Each CPU gets its reserved GDT page (the hypervisor's
 * code and data descriptors, the flat ring-3 descriptors PV guests run on,
 * its TSS and a per-CPU marker) and a TSS whose IST entries give #DF, NMI and
 * #MC known-good stacks. One IDT is shared by all CPUs.
 */
#include <xen/lib.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/processor.h>

struct gate {
	u16 off_lo;
	u16 sel;
	u8 ist;
	u8 type;
	u16 off_mid;
	u32 off_hi;
	u32 _rsvd;
} __packed;

struct desc_ptr {
	u16 limit;
	u64 base;
} __packed;

extern const char entry_stubs[];

static struct gate idt[256] __aligned(4096);

#define GATE_INTR 0x8e /* present, DPL 0, 64-bit interrupt gate */
#define GATE_DPL3 0x60

static void set_gate(unsigned int vec, unsigned int ist, unsigned int dpl)
{
	unsigned long addr = (unsigned long)entry_stubs + vec * 16;
	struct gate *g = &idt[vec];

	g->off_lo = addr & 0xffff;
	g->off_mid = (addr >> 16) & 0xffff;
	g->off_hi = addr >> 32;
	g->sel = __HYPERVISOR_CS;
	g->ist = ist;
	g->type = GATE_INTR | (dpl ? GATE_DPL3 : 0);
	g->_rsvd = 0;
}

void idt_load(void)
{
	struct desc_ptr p = { sizeof(idt) - 1, (unsigned long)idt };

	__asm__ __volatile__("lidt %0" : : "m"(p));
}

void idt_init(void)
{
	unsigned int v;

	for (v = 0; v < 256; v++)
		set_gate(v, 0, 0);
	set_gate(TRAP_double_fault, IST_DF, 0);
	set_gate(TRAP_nmi, IST_NMI, 0);
	set_gate(TRAP_machine_check, IST_MC, 0);
	/* #DB may hit on a guest's stack in ring 0 (SYSCALL with TF, mov ss). */
	set_gate(TRAP_debug, IST_DB, 0);
	/* int3 and into stay usable from ring 3, as Xen leaves them. */
	set_gate(TRAP_int3, 0, 3);
	set_gate(TRAP_overflow, 0, 3);
	idt_load();
}

/*
 * Build and load this CPU's descriptors. stack_base is the lowest address of
 * the CPU's STACK_SIZE stack; its first pages are the IST stacks.
 */
void cpu_desc_init(unsigned int cpu, void *gdt_page, struct tss64 *tss,
		   unsigned long stack_base)
{
	u64 *gdt = gdt_page;
	unsigned long t = (unsigned long)tss;
	struct desc_ptr p = {
		FIRST_RESERVED_GDT_BYTE + 4096 - 1,
		(unsigned long)gdt_page - FIRST_RESERVED_GDT_BYTE,
	};

	memset(gdt, 0, 4096);
	gdt[(__HYPERVISOR_CS >> 3) & 511] = 0x00af9b000000ffffULL;
	gdt[(__HYPERVISOR_DS >> 3) & 511] = 0x00cf93000000ffffULL;
	gdt[(FLAT_RING3_CS32 >> 3) & 511] = 0x00cffb000000ffffULL;
	gdt[(FLAT_RING3_DS32 >> 3) & 511] = 0x00cff3000000ffffULL;
	gdt[(FLAT_RING3_CS64 >> 3) & 511] = 0x00affb000000ffffULL;
	/* 16-byte available 64-bit TSS descriptor. */
	gdt[(TSS_SELECTOR >> 3) & 511] =
		(sizeof(*tss) - 1) | ((t & 0xffffffULL) << 16) |
		(0x89ULL << 40) | (((t >> 24) & 0xffULL) << 56);
	gdt[((TSS_SELECTOR >> 3) & 511) + 1] = t >> 32;
	/* Per-CPU marker: a present ring-3 data segment whose limit is the CPU. */
	gdt[(PER_CPU_SELECTOR >> 3) & 511] = 0x0000f30000000000ULL | cpu;

	memset(tss, 0, sizeof(*tss));
	/* Ring-3 entries push their frame into cpu_info's guest registers. */
	tss->rsp0 = stack_base + STACK_SIZE - CPUINFO_SIZE +
		    __builtin_offsetof(struct cpu_info, guest_cpu_user_regs.es);
	tss->ist[IST_DF - 1] = stack_base + IST_DF * 4096;
	tss->ist[IST_NMI - 1] = stack_base + IST_NMI * 4096;
	tss->ist[IST_MC - 1] = stack_base + IST_MC * 4096;
	tss->ist[IST_DB - 1] = stack_base + IST_DB * 4096;
	tss->iomap_base =
		sizeof(*tss); /* no I/O bitmap: ring 3 gets no ports */

	__asm__ __volatile__("lgdt %0\n\t"
			     "pushq %1\n\t"
			     "leaq 1f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     "1:\n\t"
			     "movl %2, %%eax\n\t"
			     "movl %%eax, %%ss\n\t"
			     "movl %%eax, %%ds\n\t"
			     "movl %%eax, %%es\n\t"
			     "xorl %%eax, %%eax\n\t"
			     "movl %%eax, %%fs\n\t"
			     "movl %%eax, %%gs\n\t"
			     "ltr %w3\n\t"
			     /*
			      * A null LDT. From reset the LDT register holds
			      * base 0, limit 0xffff: left alone, every LDT
			      * selector would name guest memory at address 0,
			      * where a guest may put a call gate into our code
			      * selector. Null, they all fault (#GP), as on Xen.
			      */
			     "lldt %%ax"
			     :
			     : "m"(p), "i"(__HYPERVISOR_CS),
			       "i"(__HYPERVISOR_DS), "r"(TSS_SELECTOR)
			     : "rax", "memory");
}
