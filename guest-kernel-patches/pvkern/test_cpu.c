/* SPDX-License-Identifier: MIT */
/*
 * Tests of the virtual CPU a PV kernel sees: its trap table and callbacks,
 * exceptions bounced back to guest kernel mode (#BP, #NM), segment bases,
 * the FPU switch and CPUID through the forced-emulation prefix. All plain
 * Xen ABI (pv-boot-abi.md §4.3, §5).
 */
#include "pvkern.h"
#include "hypercall.h"

#include <public/callback.h>
#include <public/errno.h>
#include <public/version.h>

static const char *test_trap_table(void)
{
	trap_info_t bad[] = {
		{ 0x30, 0, FLAT_KERNEL_CS, 0x8000000000000000UL },
		{ 0, 0, 0, 0 },
	};
	long rc;

	if (trap_table_rc)
		return fail("set_trap_table at boot returned %ld",
			    trap_table_rc);
	if (stack_switch_rc)
		return fail("stack_switch returned %ld", stack_switch_rc);
	/* A non-canonical handler address is refused. */
	rc = HYPERVISOR_set_trap_table(bad);
	if (rc != -XEN_EINVAL)
		return fail("non-canonical handler: %ld, not -EINVAL", rc);
	/* NULL clears every slot; then put ours back. */
	rc = HYPERVISOR_set_trap_table(NULL);
	if (rc)
		return fail("set_trap_table(NULL) returned %ld", rc);
	rc = HYPERVISOR_set_trap_table(trap_table);
	if (rc)
		return fail("reinstalling the trap table returned %ld", rc);
	return NULL;
}
DEFINE_TEST(20, "trap_table", test_trap_table);

static const char *test_callbacks(void)
{
	struct callback_unregister unreg = { .type = CALLBACKTYPE_event };
	struct callback_register bogus = {
		.type = 99, .address = (unsigned long)entry_event
	};
	unsigned int i;
	long rc;

	for (i = 0; i < ARRAY_SIZE(callback_rc); i++)
		if (callback_rc[i])
			return fail("registering callback type %u returned %ld",
				    i, callback_rc[i]);
	/* Only the NMI callback can be unregistered. */
	rc = HYPERVISOR_callback_op(CALLBACKOP_unregister, &unreg);
	if (rc != -XEN_EINVAL)
		return fail("unregistering the event callback: %ld", rc);
	rc = HYPERVISOR_callback_op(CALLBACKOP_register, &bogus);
	if (rc != -XEN_ENOSYS)
		return fail("registering callback type 99: %ld", rc);
	/* The legacy set_callbacks registers the same three... */
	rc = HYPERVISOR_set_callbacks((unsigned long)entry_event,
				      (unsigned long)entry_failsafe,
				      (unsigned long)entry_syscall);
	if (rc)
		return fail("set_callbacks returned %ld", rc);
	/* ...without masking events; put back the masking versions. */
	traps_init();
	return NULL;
}
DEFINE_TEST(21, "callbacks", test_callbacks);

/* xen_version(cmd, arg) through hypercall-page stub 17. */
static long page_xen_version(int cmd, void *arg)
{
	unsigned long a1 = cmd, a2 = (unsigned long)arg;
	register unsigned long r10 __asm__("r10");
	register unsigned long r8 __asm__("r8");
	long ret;

	/* The stub saves %rcx/%r11; argument registers may change. */
	__asm__ __volatile__(
		"call *%[stub]"
		: "=a"(ret), "+D"(a1), "+S"(a2), "=r"(r10), "=r"(r8)
		: [stub] "r"(hypercall_page + __HYPERVISOR_xen_version * 32)
		: "rdx", "r9", "memory");
	return ret;
}

/* The same call issuing `syscall` directly. */
static long direct_xen_version(int cmd, void *arg)
{
	unsigned long a1 = cmd, a2 = (unsigned long)arg;
	register unsigned long r10 __asm__("r10");
	register unsigned long r8 __asm__("r8");
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a"(ret), "+D"(a1), "+S"(a2), "=r"(r10),
			       "=r"(r8)
			     : "0"(__HYPERVISOR_xen_version)
			     : "rcx", "r11", "rdx", "r9", "memory");
	return ret;
}

/* Both ways into the hypervisor and all three ways back, in any build. */
static const char *test_hypercall_paths(void)
{
	long ver = HYPERVISOR_xen_version(XENVER_version, NULL);
	xen_extraversion_t a = "", b = "";
	static const char *const how[] = { "iret via syscall",
					   "iret via the hypercall page",
					   "plain iretq" };
	long rc;
	int i;

	rc = page_xen_version(XENVER_version, NULL);
	if (rc != ver)
		return fail("xen_version via the page: %#lx, expected %#lx", rc,
			    ver);
	rc = direct_xen_version(XENVER_version, NULL);
	if (rc != ver)
		return fail("xen_version via syscall: %#lx, expected %#lx", rc,
			    ver);
	if (page_xen_version(XENVER_extraversion, a) ||
	    direct_xen_version(XENVER_extraversion, b) || strcmp(a, b))
		return fail("extraversion differs: \"%s\" / \"%s\"", a, b);
	for (i = 0; i < 3; i++) {
		rc = iret_selftest(i);
		if (rc != 0x1badb002)
			return fail("%s restored rax %#lx", how[i], rc);
		if (!vcpu->evtchn_upcall_mask)
			return fail("%s unmasked events", how[i]);
	}
	return NULL;
}
DEFINE_TEST(16, "hypercall_paths", test_hypercall_paths);

static volatile unsigned long bp_hits, bp_rip, bp_cs;

static bool bp_hook(struct trap_frame *f)
{
	if (f->vector != 3 || frame_from_user(f))
		return false;
	bp_hits++;
	bp_rip = f->rip;
	bp_cs = f->cs;
	f->rax = 0x600dbee5; /* proves the frame is what iret restores */
	return true;
}

static const char *test_int3(void)
{
	unsigned long after, rax = 0, rbx = 0x1234567887654321UL;

	bp_hits = 0;
	trap_set_hook(bp_hook);
	__asm__ __volatile__("int3\n\t"
			     "1: lea 1b(%%rip), %[after]"
			     : [after] "=r"(after), "+a"(rax), "+b"(rbx)
			     :
			     : "memory");
	trap_set_hook(NULL);
	if (bp_hits != 1)
		return fail("%lu #BP deliveries, expected 1", bp_hits);
	if (bp_rip != after)
		return fail("#BP frame RIP %#lx, expected %#lx", bp_rip, after);
	/* Kernel-mode frames carry CS with RPL 0 and the saved mask. */
	if ((bp_cs & 0xffff) != (FLAT_KERNEL_CS & ~3))
		return fail("#BP frame CS %#lx, expected %#x", bp_cs & 0xffff,
			    FLAT_KERNEL_CS & ~3);
	if (((bp_cs >> 32) & 0xff) != 1)
		return fail("saved upcall mask %lu, expected 1 (masked)",
			    (bp_cs >> 32) & 0xff);
	if (rax != 0x600dbee5 || rbx != 0x1234567887654321UL)
		return fail("registers after iret: rax %#lx rbx %#lx", rax,
			    rbx);
	return NULL;
}
DEFINE_TEST(22, "int3", test_int3);

static const char *test_kernel_page_fault(void)
{
	uint64_t v, cr2 = 0, err = 0;
	long rc;

	/* A hole in our own tables: the fixmap slot 1 is never mapped. */
	if (!mm_ready())
		return fail("own page tables not in use");
	if (probe_read((void *)(FIXMAP_BASE + PAGE_SIZE), &v, &cr2, &err))
		return fail("read of an unmapped address returned %#lx", v);
	if (cr2 != FIXMAP_BASE + PAGE_SIZE)
		return fail("cr2 %#lx, expected %#lx", cr2,
			    FIXMAP_BASE + PAGE_SIZE);
	/* Not present, read, and supervisor: the guest was in kernel mode. */
	if (err & 7)
		return fail("error code %#lx, expected 0", err);
	/* Writing "not present" over "not present" is fine too. */
	rc = HYPERVISOR_update_va_mapping(FIXMAP_BASE + PAGE_SIZE, 0,
					  UVMF_INVLPG);
	if (rc)
		return fail("clearing an empty fixmap slot returned %ld", rc);
	return NULL;
}
DEFINE_TEST(23, "kernel_page_fault", test_kernel_page_fault);

static uint64_t fs_words[2] = { 0x1111222233334444UL, 0x5555666677778888UL };

static const char *test_segment_base(void)
{
	uint64_t a, b;
	long rc;

	rc = HYPERVISOR_set_segment_base(SEGBASE_FS, (unsigned long)fs_words);
	if (rc)
		return fail("set_segment_base(FS) returned %ld", rc);
	/* With the null selector in %fs, only the base decides. */
	__asm__ __volatile__("movq %%fs:0, %0\n\tmovq %%fs:8, %1"
			     : "=r"(a), "=r"(b));
	rc = HYPERVISOR_set_segment_base(SEGBASE_FS, 0);
	if (a != fs_words[0] || b != fs_words[1])
		return fail("%%fs:0/8 read %#lx %#lx", a, b);
	if (rc)
		return fail("resetting FS base returned %ld", rc);

	rc = HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL,
					 (unsigned long)&fs_words[1]);
	if (rc)
		return fail("set_segment_base(GS_KERNEL) returned %ld", rc);
	__asm__ __volatile__("movq %%gs:0, %0" : "=r"(a));
	HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, 0);
	if (a != fs_words[1])
		return fail("%%gs:0 read %#lx", a);

	rc = HYPERVISOR_set_segment_base(SEGBASE_FS, 0x8000000000000000UL);
	if (rc != -XEN_EINVAL)
		return fail("non-canonical FS base: %ld, not -EINVAL", rc);
	return NULL;
}
DEFINE_TEST(70, "segment_base", test_segment_base);

static volatile unsigned long nm_hits;

static bool nm_hook(struct trap_frame *f)
{
	if (f->vector != 7 || frame_from_user(f))
		return false;
	nm_hits++;
	return true;
}

static unsigned long read_cr0(void)
{
	unsigned long cr0;

	/* Privileged: the hypervisor emulates it and shows the virtual TS. */
	__asm__ __volatile__("mov %%cr0, %0" : "=r"(cr0));
	return cr0;
}

#define CR0_TS (1UL << 3)

static const char *test_fpu_nm(void)
{
	unsigned long cr0;
	long rc;

	nm_hits = 0;
	rc = HYPERVISOR_fpu_taskswitch(1);
	if (rc)
		return fail("fpu_taskswitch(1) returned %ld", rc);
	cr0 = read_cr0();
	trap_set_hook(nm_hook);
	__asm__ __volatile__("fnop");
	/* The hypervisor cleared TS before bouncing #NM: no second fault. */
	__asm__ __volatile__("fnop");
	trap_set_hook(NULL);
	if (!(cr0 & CR0_TS))
		return fail("CR0 %#lx without TS after fpu_taskswitch(1)", cr0);
	if (nm_hits != 1)
		return fail("%lu #NM deliveries, expected 1", nm_hits);
	cr0 = read_cr0();
	if (cr0 & CR0_TS)
		return fail("CR0 %#lx still has TS after #NM", cr0);
	rc = HYPERVISOR_fpu_taskswitch(0);
	if (rc)
		return fail("fpu_taskswitch(0) returned %ld", rc);
	return NULL;
}
DEFINE_TEST(71, "fpu_nm", test_fpu_nm);

static volatile unsigned long ud_hits;

static bool ud_hook(struct trap_frame *f)
{
	if (f->vector != 6 || frame_from_user(f))
		return false;
	ud_hits++;
	f->rip += 7; /* skip ud2; "xen"; cpuid */
	return true;
}

static void xen_cpuid(uint32_t leaf, uint32_t r[4])
{
	r[0] = r[1] = r[2] = r[3] = 0;
	/* The forced-emulation prefix: ud2, "xen", then cpuid. */
	__asm__ __volatile__("ud2\n\t.ascii \"xen\"\n\tcpuid"
			     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			     : "0"(leaf), "2"(0));
}

static const char *test_cpuid(void)
{
	uint32_t r[4], sig[3];
	long ver = HYPERVISOR_xen_version(XENVER_version, NULL);

	ud_hits = 0;
	trap_set_hook(ud_hook);
	xen_cpuid(0x40000000, r);
	trap_set_hook(NULL);
	if (ud_hits)
		return fail("the forced-CPUID prefix raised #UD");
	sig[0] = r[1];
	sig[1] = r[2];
	sig[2] = r[3];
	if (memcmp(sig, "XenVMMXenVMM", 12))
		return fail("leaf 0x40000000 signature %08x %08x %08x", r[1],
			    r[2], r[3]);
	if (r[0] < 0x40000002)
		return fail("leaf 0x40000000 max leaf %#x", r[0]);
	xen_cpuid(0x40000001, r);
	if (r[0] != (uint32_t)ver)
		return fail("leaf 0x40000001 version %#x, xen_version %#lx",
			    r[0], ver);
	xen_cpuid(0x40000002, r);
	if (r[0] < 1)
		return fail("leaf 0x40000002 says %u hypercall pages", r[0]);
	xen_cpuid(1, r);
	if (!(r[2] & (1U << 31)))
		return fail("leaf 1 ECX %#x lacks the hypervisor bit", r[2]);
	return NULL;
}
DEFINE_TEST(72, "cpuid", test_cpuid);

#define DESC_FLAT_DATA_DPL3 0x00cff3000000ffffUL
#define DESC_FLAT_DATA_DPL0 0x00cf93000000ffffUL
#define DESC_TSS 0x0000890000000067UL

static unsigned int read_es(void)
{
	unsigned int sel;

	__asm__ __volatile__("mov %%es, %0" : "=r"(sel));
	return sel & 0xffff;
}

static void load_es(unsigned int sel)
{
	__asm__ __volatile__("mov %0, %%es" : : "r"(sel));
}

/*
 * Our own GDT (set_gdt) and descriptor updates (update_descriptor), the
 * way Linux loads its per-CPU GDT and TLS slots: the frame must be
 * read-only, descriptors are validated, DPL is raised to 3.
 */
static const char *test_gdt(void)
{
	uint64_t *gdt, maddr;
	xen_pfn_t frame;
	long rc;

	if (!mm_ready())
		return fail("own page tables not in use");
	gdt = alloc_page();
	gdt[1] = DESC_FLAT_DATA_DPL3;
	frame = virt_to_mfn(gdt);
	rc = HYPERVISOR_set_gdt(&frame, 16);
	if (rc >= 0)
		return fail("set_gdt accepted a frame mapped writable");
	info("pvkern: refused: set_gdt on a writable-mapped frame %ld\n", rc);
	rc = set_page_readonly(gdt, true);
	if (!rc)
		rc = HYPERVISOR_set_gdt(&frame, 16);
	if (rc)
		return fail("set_gdt returned %ld", rc);
	if (set_page_readonly(gdt, false) >= 0)
		return fail("a live GDT frame could be mapped writable");
	load_es(0x0b); /* index 1, RPL 3 */
	if (read_es() != 0x0b)
		return fail("%%es reads %#x after loading 0x0b", read_es());

	maddr = ((uint64_t)frame << PAGE_SHIFT) + 2 * 8;
	rc = HYPERVISOR_update_descriptor(maddr, DESC_FLAT_DATA_DPL0);
	if (rc)
		return fail("update_descriptor returned %ld", rc);
	if (gdt[2] != DESC_FLAT_DATA_DPL3)
		return fail("descriptor reads %#lx: DPL not raised to 3",
			    gdt[2]);
	load_es(0x13);
	if (read_es() != 0x13)
		return fail("%%es reads %#x after loading 0x13", read_es());
	rc = HYPERVISOR_update_descriptor(maddr + 8, DESC_TSS);
	if (rc != -XEN_EINVAL)
		return fail("a TSS descriptor in the GDT: %ld, not -EINVAL",
			    rc);

	/* Back to the null selector before the GDT goes away. */
	load_es(0);
	rc = HYPERVISOR_set_gdt(&frame, 0);
	if (rc)
		return fail("set_gdt with no entries returned %ld", rc);
	rc = set_page_readonly(gdt, false);
	if (rc)
		return fail("the old GDT frame stays typed (%ld)", rc);
	free_page(gdt);
	return NULL;
}
DEFINE_TEST(24, "gdt", test_gdt);

static volatile unsigned long db_hits, db_rip, db_dr6;

static bool db_hook(struct trap_frame *f)
{
	if (f->vector != 1 || frame_from_user(f))
		return false;
	db_hits++;
	db_rip = f->rip;
	/* DR6 is the hypervisor's copy: read it the paravirtual way. */
	db_dr6 = HYPERVISOR_get_debugreg(6);
	f->rflags &= ~0x100UL; /* stop single-stepping */
	return true;
}

#define DR6_B0 (1UL << 0)
#define DR6_BS (1UL << 14)
/* L0, break on data writes (RW0 = 01), 8 bytes (LEN0 = 10). */
#define DR7_W8_SLOT0 ((1UL << 0) | (1UL << 16) | (2UL << 18))

static volatile uint64_t watched;

/*
 * #DB, both kinds: a single step (TF set with popf), and a hardware
 * watchpoint armed with set_debugreg(0) / set_debugreg(7). The status
 * comes from get_debugreg(6), as in Linux's #DB handler.
 */
static const char *test_debug_traps(void)
{
	unsigned long after;
	long rc;

	db_hits = 0;
	HYPERVISOR_set_debugreg(6, 0);
	trap_set_hook(db_hook);
	__asm__ __volatile__("pushfq\n\t"
			     "orq $0x100, (%%rsp)\n\t"
			     "popfq\n\t"
			     "nop\n\t"
			     "1: lea 1b(%%rip), %0"
			     : "=r"(after)
			     :
			     : "memory", "cc");
	trap_set_hook(NULL);
	if (db_hits != 1)
		return fail("%lu #DB deliveries for one step, expected 1",
			    db_hits);
	if (db_rip != after)
		return fail("single step stopped at %#lx, expected %#lx",
			    db_rip, after);
	if (!(db_dr6 & DR6_BS))
		return fail("DR6 %#lx without BS after a single step", db_dr6);

	db_hits = 0;
	HYPERVISOR_set_debugreg(6, 0);
	rc = HYPERVISOR_set_debugreg(0, (unsigned long)&watched);
	if (!rc)
		rc = HYPERVISOR_set_debugreg(7, DR7_W8_SLOT0);
	if (rc)
		return fail("arming a watchpoint returned %ld", rc);
	if ((unsigned long)HYPERVISOR_get_debugreg(0) !=
	    (unsigned long)&watched)
		return fail("DR0 reads %#lx", HYPERVISOR_get_debugreg(0));
	trap_set_hook(db_hook);
	watched = 1;
	trap_set_hook(NULL);
	HYPERVISOR_set_debugreg(7, 0);
	HYPERVISOR_set_debugreg(0, 0);
	if (db_hits != 1)
		return fail("%lu #DB deliveries for a watched write", db_hits);
	if (!(db_dr6 & DR6_B0))
		return fail("DR6 %#lx without B0 after the watchpoint", db_dr6);
	/* Breakpoints on the hypervisor's addresses are refused. */
	rc = HYPERVISOR_set_debugreg(0, HYPERVISOR_VIRT_START);
	if (rc != -XEN_EPERM)
		return fail("DR0 in the hypervisor range: %ld, not -EPERM", rc);
	return NULL;
}
DEFINE_TEST(25, "debug_traps", test_debug_traps);

#define MSR_APIC_BASE 0x0000001b
#define MSR_PAT 0x00000277
#define MSR_EFER 0xc0000080
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_BOGUS 0x12345678 /* exists nowhere */
#define PV_PAT 0x0000050100070406UL /* the fixed PV ABI value */
#define EFER_LMA (1UL << 10)

static volatile unsigned long gp_hits;

static bool msr_gp_hook(struct trap_frame *f)
{
	const unsigned char *p = (const unsigned char *)f->rip;

	/* Only a #GP on our own rdmsr (0f 32) or wrmsr (0f 30). */
	if (f->vector != 13 || frame_from_user(f) || p[0] != 0x0f ||
	    (p[1] != 0x32 && p[1] != 0x30))
		return false;
	gp_hits++;
	f->rax = f->rdx = 0;
	f->rip += 2;
	return true;
}

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ __volatile__("wrmsr"
			     :
			     : "c"(msr), "a"((uint32_t)v),
			       "d"((uint32_t)(v >> 32))
			     : "memory");
}

/*
 * The privileged MSR instructions a PV kernel still executes, emulated
 * by the hypervisor: Linux's third instruction is a raw wrmsr of GS_BASE,
 * and it builds its cache modes from the PAT value. Unknown MSRs must
 * raise #GP in the guest, never kill it.
 */
static const char *test_msr(void)
{
	uint64_t v, gs_word;
	const char *why = NULL;

	gp_hits = 0;
	trap_set_hook(msr_gp_hook);
	wrmsr(MSR_GS_BASE, (unsigned long)&fs_words[0]);
	__asm__ __volatile__("movq %%gs:8, %0" : "=r"(gs_word));
	v = rdmsr(MSR_GS_BASE);
	HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, 0);
	if (gp_hits)
		why = fail("wrmsr/rdmsr of GS_BASE raised #GP");
	else if (gs_word != fs_words[1] || v != (unsigned long)&fs_words[0])
		why = fail("GS_BASE via wrmsr: %%gs:8 reads %#lx, rdmsr %#lx",
			   gs_word, v);
	if (why)
		goto out;

	HYPERVISOR_set_segment_base(SEGBASE_FS, (unsigned long)fs_words);
	v = rdmsr(MSR_FS_BASE);
	HYPERVISOR_set_segment_base(SEGBASE_FS, 0);
	if (v != (unsigned long)fs_words) {
		why = fail("rdmsr FS_BASE %#lx after set_segment_base", v);
		goto out;
	}
	v = rdmsr(MSR_PAT);
	if (v != PV_PAT) {
		why = fail("PAT reads %#lx, expected %#lx", v, PV_PAT);
		goto out;
	}
	if (!(rdmsr(MSR_EFER) & EFER_LMA)) {
		why = fail("EFER %#lx without LMA", rdmsr(MSR_EFER));
		goto out;
	}
	/* The default base, enabled, and vCPU 0 is the boot processor. */
	v = rdmsr(MSR_APIC_BASE);
	if (v != 0xfee00900) {
		why = fail("APIC_BASE reads %#lx, expected 0xfee00900", v);
		goto out;
	}
	if (gp_hits) {
		why = fail("%lu #GP from reading known MSRs", gp_hits);
		goto out;
	}
	rdmsr(MSR_BOGUS);
	wrmsr(MSR_PAT, 0);
	if (gp_hits != 2)
		why = fail("%lu #GP for a bogus rdmsr and a PAT write, "
			   "expected 2",
			   gp_hits);
out:
	trap_set_hook(NULL);
	return why;
}
DEFINE_TEST(26, "msr", test_msr);
