/* SPDX-License-Identifier: MIT */
/*
 * __start_xen: the boot CPU's path from head.S to a running hypervisor.
 * Order matters: descriptor tables first (so any fault is reported), then
 * the console and the boot information, the command line, the memory map
 * and what must never be handed out, the final page tables, the heap, time
 * and the APIC timer.
 */
#include <xen/bootdomain.h>
#include <xen/bootinfo.h>
#include <xen/cmdline.h>
#include <xen/console.h>
#include <xen/lib.h>
#include <xen/memmap.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/selftest.h>
#include <xen/shutdown.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/version.h>
#include <asm/apic.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/irqflags.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/pv-mm.h>
#include <asm/pv.h>
#include <asm/smpboot.h>

#define MBI_MAX_SIZE (1UL << 20)
#define LOW_MEMORY_END 0x100000 /* firmware's first MiB: never for the heap */

void percpu_init_boot_cpu(void);
void __noreturn __start_xen(unsigned long mb_magic, unsigned long mbi_pa);

extern char cpu0_stack[];
extern char _end[];

static u64 opt_mem; /* mem=: ignore RAM at and above this address */
size_param("mem", opt_mem);

static u64 bsp_gdt_page[512] __aligned(4096) __section(".bss.page_aligned");
static struct tss64 bsp_tss;

static struct boot_info boot_info;

const struct boot_info *boot_info_get(void)
{
	return &boot_info;
}
static struct memmap ram_map; /* all usable RAM */
static struct memmap boot_map; /* RAM nobody has claimed yet */

static const char *const mem_type_names[] = {
	[BOOT_MEM_RAM] = "RAM",	  [BOOT_MEM_RESERVED] = "reserved",
	[BOOT_MEM_ACPI] = "ACPI", [BOOT_MEM_NVS] = "ACPI NVS",
	[BOOT_MEM_BAD] = "bad",
};

static void print_cpu(void)
{
	u32 a, b, c, d, vendor[4] = { 0 };

	cpuid(0, &a, &vendor[0], &vendor[2], &vendor[1]);
	cpuid(1, &a, &b, &c, &d);
	printk("cpu: %s family %u model %u stepping %u, TSC %lu.%03lu MHz (%s)\n",
	       (char *)vendor, ((a >> 8) & 0xf) + ((a >> 20) & 0xff),
	       ((a >> 4) & 0xf) | ((a >> 12) & 0xf0), a & 0xf,
	       (unsigned long)(cpu_khz / 1000), (unsigned long)(cpu_khz % 1000),
	       tsc_calibration_source());
}

static void setup_memory(void)
{
	unsigned int i;

	printk(XENLOG_DEBUG "firmware memory map:\n");
	for (i = 0; i < boot_info.nr_mmap; i++) {
		const struct boot_mmap_entry *e = &boot_info.mmap[i];
		const char *type = e->type < ARRAY_SIZE(mem_type_names) &&
						   mem_type_names[e->type] ?
					   mem_type_names[e->type] :
					   "unknown";

		printk(XENLOG_DEBUG " [%016llx, %016llx) %s\n",
		       (unsigned long long)e->addr,
		       (unsigned long long)(e->addr + e->len), type);
		if (e->type == BOOT_MEM_RAM &&
		    memmap_add(&ram_map, e->addr, e->addr + e->len))
			printk(XENLOG_WARNING
			       "memory map too fragmented: RAM at %llx ignored\n",
			       (unsigned long long)e->addr);
	}
	memmap_align(&ram_map, PAGE_SIZE);
	if (opt_mem) {
		memmap_clip(&ram_map, opt_mem);
		printk("mem=%lluM: RAM above %#llx ignored\n",
		       (unsigned long long)(opt_mem >> 20),
		       (unsigned long long)opt_mem);
	}
	if (!ram_map.nr)
		panic("no usable RAM in the memory map");

	/* Everything that is not free to hand out. */
	boot_map = ram_map;
	/* The secondary CPUs' trampoline: the one use of low memory. */
	smp_reserve_trampoline(&boot_map);
	memmap_remove(&boot_map, 0, LOW_MEMORY_END);
	memmap_remove(&boot_map, XEN_PHYS_START,
		      ROUNDUP(virt_to_maddr(_end), PAGE_SIZE));
	for (i = 0; i < boot_info.nr_modules; i++)
		memmap_remove(&boot_map,
			      ROUNDDOWN(boot_info.mods[i].start, PAGE_SIZE),
			      ROUNDUP(boot_info.mods[i].end, PAGE_SIZE));
}

static void setup_heap(void)
{
	paddr_t ram_end = ram_map.r[ram_map.nr - 1].end;
	paddr_t ft_size, ft_pa;
	unsigned int i;

	max_page = ram_end >> PAGE_SHIFT;
	ft_size = ROUNDUP((paddr_t)max_page * sizeof(struct page_info),
			  PAGE_SIZE);
	ft_pa = memmap_alloc(&boot_map, ft_size, PAGE_SIZE, 1ULL << 32);
	if (!ft_pa)
		panic("no room for the frame table (%llu KiB)",
		      (unsigned long long)(ft_size >> 10));

	paging_init(&ram_map, &boot_map);

	frame_table = maddr_to_virt(ft_pa);
	memset(frame_table, 0, ft_size);
	heap_init();
	for (i = 0; i < boot_map.nr; i++)
		heap_add_pages(boot_map.r[i].start >> PAGE_SHIFT,
			       (boot_map.r[i].end - boot_map.r[i].start) >>
				       PAGE_SHIFT);
}

static void print_modules(void)
{
	unsigned int i;

	for (i = 0; i < boot_info.nr_modules; i++) {
		const struct boot_module *m = &boot_info.mods[i];

		printk("module %u: [%#llx, %#llx) %llu KiB '%s'\n", i,
		       (unsigned long long)m->start, (unsigned long long)m->end,
		       (unsigned long long)((m->end - m->start) >> 10),
		       m->cmdline);
	}
	if (boot_info.truncated)
		printk(XENLOG_WARNING
		       "more modules or memory ranges than Xenolith keeps: the rest are ignored\n");
}

void __start_xen(unsigned long mb_magic, unsigned long mbi_pa)
{
	percpu_init_boot_cpu();
	idt_init();
	cpu_desc_init(0, bsp_gdt_page, &bsp_tss, (unsigned long)cpu0_stack);
	console_init();

	if (mb_magic != MULTIBOOT2_BOOTLOADER_MAGIC)
		panic("not started by a multiboot2 loader (magic %#lx)",
		      mb_magic);
	if (mb2_parse(maddr_to_virt(mbi_pa), MBI_MAX_SIZE, &boot_info))
		panic("malformed multiboot2 boot information at %#lx", mbi_pa);
	cmdline_parse(boot_info.cmdline);

	printk("Xenolith %s (changeset %s, %s)\n", xenolith_version(),
	       xenolith_changeset(), xenolith_compiler());
	printk("loader: %s\n",
	       boot_info.loader[0] ? boot_info.loader : "(unnamed)");
	printk("command line: %s\n", boot_info.cmdline);
	/* While the boot page tables still map the ACPI tables. */
	smp_find_cpus(&boot_info);

	setup_memory();
	setup_heap();
	m2p_init();
	/* Before any guest L4 copies the hypervisor's slots. */
	pv_cpu_init(0, get_cpu_info(), bsp_gdt_page);

	time_init();
	print_cpu();
	i8259_disable();
	apic_init();
	apic_timer_calibrate();
	timer_init();
	/* The boot CPU's run queue and idle vCPU (this code becomes it). */
	sched_init_cpu(0);
	local_irq_enable();
	smp_boot_cpus();

	printk("memory: %llu MiB total, %llu MiB free\n",
	       (unsigned long long)(memmap_total(&ram_map) >> 20),
	       (unsigned long long)(((paddr_t)heap_free_pages()
				     << PAGE_SHIFT) >>
				    20));
	print_modules();

	if (opt_selftest)
		run_selftests();
	run_test_fault();

	/* The boot domains; from here on this CPU runs its idle vCPU. */
	if (hyperlaunch())
		cpu_idle_loop();

	printk("Xenolith: no domains to run\n");
	machine_exit(EXIT_POWEROFF);
}
