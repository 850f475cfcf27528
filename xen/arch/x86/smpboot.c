/* SPDX-License-Identifier: MIT */
/*
 * Secondary CPU bring-up. The processors come from the ACPI MADT (read
 * early, while the boot page tables still map the first 4 GiB; without a
 * MADT only the boot CPU runs). Each secondary CPU (AP) is started with
 * INIT, then two STARTUP IPIs pointing at the real-mode trampoline
 * (boot/trampoline.S) copied to a reserved page below 1 MiB, with the SDM's
 * delays. The trampoline takes it to long mode on a page table that maps
 * the trampoline 1:1 besides the hypervisor's own slots, and jumps to
 * start_secondary() on the stack the boot CPU prepared: struct cpu_info at
 * its top, already naming the CPU and its per-CPU area.
 *
 * The AP then builds its own GDT, TSS and SYSCALL stubs, loads the shared
 * IDT, sets up its local APIC and one-shot timer and its run queue and
 * idle vCPU (sched_init_cpu), marks itself online and enters the
 * scheduler's idle loop. APs are started one at a time: the boot
 * CPU waits for each to call in, so the trampoline's data block and the
 * hand-over below have one user at a time.
 */
#include <xen/bootinfo.h>
#include <xen/cmdline.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/memmap.h>
#include <xen/mm.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/irqflags.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv-mm.h>
#include <asm/pv.h>
#include <asm/smpboot.h>

#define LOW_MEMORY_END 0x100000UL
/* Trampoline page, then the AP's boot page tables: L4, L3, L2. */
#define TRAMPOLINE_PAGES 4
#define EARLY_MAP_LIMIT (4ULL << 30) /* what the boot page tables map */
#define TABLE_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

/* maxcpus=: use at most this many CPUs, the boot CPU included (as Xen). */
static unsigned int opt_maxcpus = NR_CPUS;
integer_param("maxcpus", opt_maxcpus);

/* APIC IDs found in the MADT (boot CPU only; before any AP runs). */
static u32 madt_apic_ids[NR_CPUS];
static struct acpi_cpu_list madt_cpus;
static int madt_rc = -ENOENT;

/* The APIC ID of each CPU number, written before that CPU starts. */
static u32 cpu_apic_id[NR_CPUS];

/* Physical address of the trampoline page (0: none reserved). */
static paddr_t trampoline_pa;

/* Each AP's TSS; its GDT page and stack come from the heap. */
static struct tss64 ap_tss[NR_CPUS];

/*
 * The hand-over to the AP being started: written by the boot CPU before
 * the STARTUP IPI, read by the AP, which then sets callin. One AP at a
 * time (the boot CPU waits), so no lock.
 */
static struct {
	void *gdt_page;
	unsigned long stack_base;
	u32 callin;
} ap_boot;

extern const char trampoline_start[], trampoline_end[], tr_gdt[], tr_gdt_desc[],
	tr_jump32[], tr_jump64[], tr_start32[], tr_start64[], tr_cr3[],
	tr_cr4[], tr_efer[], tr_alive[], tr_rsp[], tr_entry[];
extern const char secondary_entry[];

void __noreturn start_secondary(void);

static const void *early_map(paddr_t pa, size_t len, void *ctx)
{
	if (pa >= EARLY_MAP_LIMIT || len > EARLY_MAP_LIMIT - pa)
		return NULL;
	return maddr_to_virt(pa);
}

void smp_find_cpus(const struct boot_info *bi)
{
	madt_rc = acpi_madt_cpus(bi->rsdp, bi->rsdp_len, early_map, NULL,
				 madt_apic_ids, NR_CPUS, &madt_cpus);
}

void smp_reserve_trampoline(struct memmap *boot)
{
	trampoline_pa = memmap_alloc(boot, TRAMPOLINE_PAGES * PAGE_SIZE,
				     PAGE_SIZE, LOW_MEMORY_END);
}

u32 cpu_to_apic_id(unsigned int cpu)
{
	return cpu_apic_id[cpu];
}

static void udelay(unsigned long us)
{
	s_time_t end = NOW() + MICROSECS(us);

	while (NOW() < end)
		cpu_relax();
}

static u8 *tr_field(const char *sym)
{
	return (u8 *)maddr_to_virt(trampoline_pa) + (sym - trampoline_start);
}

static void tr_put32(const char *sym, u32 v)
{
	memcpy(tr_field(sym), &v, 4);
}

static void tr_put64(const char *sym, u64 v)
{
	memcpy(tr_field(sym), &v, 8);
}

/*
 * Copy the trampoline and build its page tables: slot 0 maps the first
 * 2 MiB 1:1 (the trampoline runs there while paging comes on), slots
 * 256-271 are the hypervisor's (where the AP's stack and code live).
 */
static void trampoline_setup(void)
{
	paddr_t l4_pa = trampoline_pa + PAGE_SIZE;
	paddr_t l3_pa = l4_pa + PAGE_SIZE, l2_pa = l3_pa + PAGE_SIZE;
	pgentry_t *l4 = maddr_to_virt(l4_pa), *l3 = maddr_to_virt(l3_pa);
	pgentry_t *l2 = maddr_to_virt(l2_pa);
	u32 base = (u32)trampoline_pa;

	BUILD_BUG_ON(LOW_MEMORY_END > L2_PAGE_SIZE);
	memset(maddr_to_virt(trampoline_pa), 0, TRAMPOLINE_PAGES * PAGE_SIZE);
	memcpy(maddr_to_virt(trampoline_pa), trampoline_start,
	       trampoline_end - trampoline_start);
	init_xen_l4_slots(l4, false);
	l4[0] = l3_pa | TABLE_FLAGS;
	l3[0] = l2_pa | TABLE_FLAGS;
	l2[0] = 0 | TABLE_FLAGS | _PAGE_PSE;

	tr_put32(tr_gdt_desc + 2, base + (u32)(tr_gdt - trampoline_start));
	tr_put32(tr_jump32, base + (u32)(tr_start32 - trampoline_start));
	tr_put32(tr_jump64, base + (u32)(tr_start64 - trampoline_start));
	tr_put32(tr_cr3, (u32)l4_pa);
	tr_put32(tr_cr4, (u32)read_cr4());
	/* As the boot CPU has it (SCE, NXE), without the "active" bit. */
	tr_put32(tr_efer, (u32)(rdmsr(MSR_EFER) & ~(1ULL << 10)));
	tr_put64(tr_entry, (u64)secondary_entry);
}

/* INIT, then STARTUP twice (Intel SDM, "MP initialization"). */
static void wake_ap(u32 apic)
{
	unsigned int i;

	apic_send_ipi(apic,
		      APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT);
	apic_icr_wait_idle();
	udelay(10000);
	apic_send_ipi(apic, APIC_INT_LEVELTRIG | APIC_DM_INIT);
	apic_icr_wait_idle();
	for (i = 0; i < 2; i++) {
		apic_send_ipi(apic, APIC_DM_STARTUP |
					    (u32)(trampoline_pa >> PAGE_SHIFT));
		udelay(200);
		apic_icr_wait_idle();
	}
}

/* Wait until *flag is set, up to ms milliseconds. */
static bool wait_for(const u32 *flag, unsigned long ms)
{
	s_time_t end = NOW() + MILLISECS(ms);

	while (!__atomic_load_n(flag, __ATOMIC_ACQUIRE)) {
		if (NOW() > end)
			return false;
		cpu_relax();
	}
	return true;
}

static int boot_one(unsigned int cpu, u32 apic)
{
	unsigned long stack;
	struct cpu_info *ci;
	void *gdt_page;
	int rc;

	stack = (unsigned long)alloc_xenheap_pages(STACK_ORDER, 0);
	gdt_page = alloc_xenheap_page();
	rc = stack && gdt_page ? percpu_setup(cpu) : -ENOMEM;
	if (rc) {
		if (stack)
			free_xenheap_pages((void *)stack, STACK_ORDER);
		if (gdt_page)
			free_xenheap_page(gdt_page);
		return rc;
	}

	ci = (struct cpu_info *)(stack + STACK_SIZE) - 1;
	memset(ci, 0, sizeof(*ci));
	ci->processor_id = cpu;
	ci->per_cpu_offset = __per_cpu_offset[cpu];
	cpu_apic_id[cpu] = apic;
	ap_boot.gdt_page = gdt_page;
	ap_boot.stack_base = stack;
	ap_boot.callin = 0;
	tr_put64(tr_rsp, (u64)ci);
	tr_put32(tr_alive, 0);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	wake_ap(apic);
	/* TCG is slow to get there; real hardware takes microseconds. */
	if (!wait_for((const u32 *)tr_field(tr_alive), 1000)) {
		printk(XENLOG_WARNING
		       "smp: CPU %u (APIC id %u) did not start\n",
		       cpu, apic);
		free_xenheap_pages((void *)stack, STACK_ORDER);
		free_xenheap_page(gdt_page);
		return -EIO;
	}
	/* It runs our code now: a half-started CPU cannot be taken back. */
	if (!wait_for(&ap_boot.callin, 5000))
		panic("CPU %u (APIC id %u) stopped during bring-up", cpu, apic);
	return 0;
}

void smp_boot_cpus(void)
{
	u32 bsp = apic_id();
	unsigned int i, cpu = 1, max = min(opt_maxcpus, (unsigned int)NR_CPUS);

	cpu_apic_id[0] = bsp;
	if (madt_rc) {
		printk("smp: %s; running on the boot CPU only\n",
		       madt_rc == -ENOENT ? "no ACPI MADT" :
					    "malformed ACPI tables");
		return;
	}
	if (madt_cpus.truncated)
		printk(XENLOG_WARNING
		       "smp: more than %u CPUs; the rest stay off\n",
		       NR_CPUS);
	if (madt_cpus.nr > 1 && !trampoline_pa) {
		printk(XENLOG_WARNING
		       "smp: no low memory for the trampoline; one CPU\n");
		return;
	}
	if (madt_cpus.nr > 1)
		trampoline_setup();

	for (i = 0; i < madt_cpus.nr && cpu < max; i++) {
		u32 apic = madt_apic_ids[i];

		if (apic == bsp)
			continue;
		if (apic > 0xfe) {
			printk(XENLOG_WARNING
			       "smp: APIC id %u needs x2APIC mode; skipped\n",
			       apic);
			continue;
		}
		if (!boot_one(cpu, apic))
			cpu++;
	}
	printk("smp: %u CPU%s online\n", num_online_cpus(),
	       num_online_cpus() == 1 ? "" : "s");
}

void start_secondary(void)
{
	unsigned int cpu = smp_processor_id();
	unsigned long stack_base = ap_boot.stack_base;
	void *gdt_page = ap_boot.gdt_page;

	write_cr3(virt_to_maddr(idle_pg_table));
	cpu_desc_init(cpu, gdt_page, &ap_tss[cpu], stack_base);
	idt_load();
	pv_cpu_init(cpu, get_cpu_info(), gdt_page);
	apic_init_secondary();
	/* Its run queue and idle vCPU: from here on this code is that vCPU. */
	sched_init_cpu(cpu);

	printk("smp: CPU %u (APIC id %u) online\n", cpu, apic_id());
	cpumask_set_cpu(cpu, &cpu_online_map);
	__atomic_store_n(&ap_boot.callin, 1, __ATOMIC_RELEASE);
	local_irq_enable();
	cpu_idle_loop();
}
