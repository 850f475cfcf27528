/* SPDX-License-Identifier: MIT */
/*
 * pvkern's one internal header, xv6 "defs.h" style: the address-space
 * constants, the globals every file shares (start_info, shared_info), and
 * the prototypes of each .c file grouped under its name. pvkern includes
 * nothing but this, the public ABI headers (<public/...>) and the generated
 * hypercall stubs, so it builds and boots against any hypervisor that
 * speaks the Xen PV ABI.
 */
#ifndef PVKERN_H
#define PVKERN_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/xen.h>
#include <public/event_channel.h>
#include <public/sched.h>

/*
 * Address space. Like Linux we link at VIRT_BASE in the top 2 GiB
 * (-mcmodel=kernel); the builder maps guest PFN n at VIRT_BASE + n pages,
 * and our own page tables keep that "direct map" for every PFN we use.
 */
#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define VIRT_BASE 0xffffffff80000000UL

/* The last 2 MiB of the kernel's 1 GiB window: one L1 of temporary slots. */
#define FIXMAP_BASE 0xffffffffbfe00000UL
#define FIXMAP_SLOTS 512

/* User space: one L1 covering [USER_BASE, USER_BASE + 2 MiB). */
#define USER_BASE 0x400000UL
#define USER_IMAGE_VA USER_BASE /* the program, copied from user_image */
#define USER_DEMAND_VA 0x500000UL /* faulted in on first touch */
#define USER_DEMAND_PAGES 16
#define USER_STACK_VA 0x5ff000UL /* one page, top = 0x600000 */

/* PTE bits (x86_64). */
#define _PAGE_PRESENT (1UL << 0)
#define _PAGE_RW (1UL << 1)
#define _PAGE_USER (1UL << 2)
#define _PAGE_ACCESSED (1UL << 5)
#define _PAGE_DIRTY (1UL << 6)
#define _PAGE_NX (1UL << 63)
#define PTE_ADDR_MASK 0x000ffffffffff000UL
/* What the builder writes into upper-level entries (pv-boot-abi §2.3). */
#define PT_UPPER_FLAGS \
	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)
#define PTE_KERNEL_RO (_PAGE_PRESENT | _PAGE_ACCESSED)
#define PTE_KERNEL_RW (PTE_KERNEL_RO | _PAGE_RW | _PAGE_DIRTY)
#define PTE_USER_RW (PTE_KERNEL_RW | _PAGE_USER)

#define L1_INDEX(va) (((va) >> 12) & 511)
#define L2_INDEX(va) (((va) >> 21) & 511)
#define L3_INDEX(va) (((va) >> 30) & 511)
#define L4_INDEX(va) (((va) >> 39) & 511)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __noreturn __attribute__((noreturn))
#define __aligned(n) __attribute__((aligned(n)))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define barrier() __asm__ __volatile__("" ::: "memory")

/* head.S */
extern char hypercall_page[];
extern char _text[], _etext[], _end[];
extern char boot_stack_top[], trap_stack_top[];

/* setup.c */
extern start_info_t *start_info;
extern shared_info_t *shared_info; /* NULL until mapped */
/* vCPU 0's vcpu_info: in shared_info, or where VCPUOP_register_vcpu_info put it. */
extern vcpu_info_t *vcpu;
extern bool quiet;
bool is_dom0(void);
__noreturn void shutdown(unsigned int reason);

/* cmdline.c */
void cmdline_parse(const char *line);
bool cmdline_wants_test(const char *name, bool on_request);
const char *cmdline_value(const char *key);
/* key=N (decimal), or dflt when absent or not a number. */
unsigned long cmdline_ulong(const char *key, unsigned long dflt);
/* key=N,N,...: up to max numbers into out; how many there were. */
unsigned int cmdline_ulongs(const char *key, unsigned long *out,
			    unsigned int max);

/* console.c */
void console_init(void);
void console_write(const char *s, size_t len);
extern struct xencons_interface *console_ring; /* domU ring, or NULL */

/* printf.c */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int printk(const char *fmt, ...) __printf(1, 2);
void info(const char *fmt, ...) __printf(1, 2); /* silent when quiet */
__noreturn void panic(const char *fmt, ...) __printf(1, 2);

/* lib.c */
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strstr(const char *hay, const char *needle);

/* traps.c: the frame entry.S builds for every bounce into the kernel. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss; /* cs bits 32-39: saved mask */
};
/* Pseudo-vectors for the callbacks, which share the trap path. */
#define VEC_EVENT 0x100
#define VEC_SYSCALL 0x101
#define VEC_FAILSAFE 0x102
static inline bool frame_from_user(const struct trap_frame *f)
{
	/* Kernel-mode frames have CS with RPL cleared (pv-boot-abi §5.4.1). */
	return (f->cs & 3) == 3;
}
typedef bool (*trap_hook_t)(struct trap_frame *f);
extern long trap_table_rc, callback_rc[3], stack_switch_rc;
extern trap_info_t trap_table[];
void traps_init(void);
void trap_set_hook(trap_hook_t hook);
/* A load that reports a #PF/#GP instead of dying of it. */
bool probe_read(const void *p, uint64_t *val, uint64_t *cr2, uint64_t *error);
bool probe_write(void *p, uint64_t val, uint64_t *cr2, uint64_t *error);
uint64_t read_cr2(void);

/* time.c: ns since the hypervisor booted; wall time in ns since 1970. */
uint64_t pvclock_ns(void);
void wallclock(uint64_t *sec, uint32_t *nsec, uint32_t *version);
uint64_t wall_ns(void);
#define MSEC 1000000ULL

/* smp.c: vCPU 1's stack; which vCPU runs this code, and its vcpu_info. */
#define SMP_STACK_SIZE 16384
extern char smp_stack[SMP_STACK_SIZE];
unsigned int smp_vcpu_id(void);
vcpu_info_t *smp_vcpu_info(void);
/* events.c */
typedef void (*evtchn_handler_t)(evtchn_port_t port);
void events_init(void);
void evtchn_bind_handler(evtchn_port_t port, evtchn_handler_t fn);
/* Record which vCPU port notifies: only that vCPU's upcall handles it. */
void evtchn_set_vcpu(evtchn_port_t port, unsigned int vcpu_id);
void evtchn_unmask(evtchn_port_t port);
void evtchn_mask(evtchn_port_t port);
void evtchn_do_upcall(void);
void local_events_enable(void);
void local_events_disable(void);
/* Hypercall helpers for tests that drive ports by hand. */
long evtchn_send(evtchn_port_t port);
/* SCHEDOP_poll: until one of ports is pending or deadline (0: none). */
long evtchn_poll(const evtchn_port_t *ports, unsigned int nr,
		 uint64_t deadline);
bool evtchn_pending(evtchn_port_t port);
/* Clear port's pending bit; whether it was set. */
bool evtchn_test_and_clear(evtchn_port_t port);

/* mm.c */
struct mm_boot_report {
	long pin_l4, pin_user_l4, new_baseptr, new_user_baseptr, unpin_boot;
	unsigned long region_pages, table_pages, mapped_pages;
};
extern struct mm_boot_report mm_report;
extern uint64_t *p2m;
extern unsigned long nr_pages;
extern unsigned long kernel_l4_mfn, user_l4_mfn, boot_l4_mfn;
extern uint64_t *kernel_l4; /* VA of our kernel L4 (read-only) */
extern uint64_t *user_l1; /* VA of the one user L1 (read-only) */
extern uint64_t *fixmap_l1; /* VA of the fixmap L1 (read-only) */
extern unsigned long user_l1_mfn;
void mm_init(void);
bool mm_ready(void);
static inline const unsigned long *m2p(void)
{
	return (const unsigned long *)MACH2PHYS_VIRT_START;
}
static inline unsigned long pfn_to_mfn(unsigned long pfn)
{
	return p2m[pfn];
}
static inline unsigned long mfn_to_pfn(unsigned long mfn)
{
	return m2p()[mfn];
}
static inline void *pfn_to_virt(unsigned long pfn)
{
	return (void *)(VIRT_BASE + (pfn << PAGE_SHIFT));
}
static inline unsigned long virt_to_pfn(const void *va)
{
	return ((unsigned long)va - VIRT_BASE) >> PAGE_SHIFT;
}
static inline unsigned long virt_to_mfn(const void *va)
{
	return pfn_to_mfn(virt_to_pfn(va));
}
uint64_t *lookup_pte(const uint64_t *l4, unsigned long va);
unsigned long alloc_pfn(void);
/* n contiguous PFNs, mapped read/write, not zeroed. */
unsigned long alloc_pfn_range(unsigned long n);
/* PFNs alloc_pfn_range() can still hand out. */
unsigned long free_pfn_count(void);
void free_pfn(unsigned long pfn);
void *alloc_page(void); /* zeroed, mapped read/write */
void free_page(void *va);
long set_page_readonly(void *va, bool ro);
long mmu_update_one(uint64_t ptr, uint64_t val);
long mmuext_one(unsigned int cmd, unsigned long arg1);
long map_shared_info(void);

/* mmu.c: the MMU library (batches, walks, address spaces, ballooning) */
#define MMU_BATCH_MAX 512
struct mmu_batch {
	struct mmu_update req[MMU_BATCH_MAX];
	unsigned int n; /* queued */
	unsigned int calls; /* mmu_update hypercalls made */
	unsigned long done; /* requests the hypervisor completed */
	long rc; /* first failure, sticky */
};
void mmu_batch_init(struct mmu_batch *b);
long mmu_batch_add(struct mmu_batch *b, uint64_t ptr, uint64_t val);
long mmu_batch_flush(struct mmu_batch *b);
/* Machine address of a table entry (tables live in the direct map). */
uint64_t pte_ma(const uint64_t *pte);
/* The entry for va at level 1-4 under l4, or NULL if a table is missing. */
uint64_t *pt_walk(const uint64_t *l4, unsigned long va, unsigned int level);
struct aspace {
	uint64_t *l4; /* in the direct map, read-only */
	unsigned long l4_mfn;
	unsigned long tables; /* table pages, the L4 included */
};
long aspace_create(struct aspace *as);
long aspace_map(struct aspace *as, struct mmu_batch *b, unsigned long va,
		unsigned long mfn, uint64_t flags);
long aspace_unmap(struct aspace *as, struct mmu_batch *b, unsigned long va);
uint64_t *aspace_pte(const struct aspace *as, unsigned long va);
/* Load as (NULL: our own kernel L4) as the kernel base. */
long aspace_switch(const struct aspace *as);
long aspace_destroy(struct aspace *as);
/* Copy-on-write fork of [va, va + len): read-only in both, same frames. */
long aspace_fork(struct aspace *child, struct aspace *parent, unsigned long va,
		 unsigned long len, struct mmu_batch *b);
/* A write to a shared read-only page of as: give as its own copy. */
long aspace_cow_break(struct aspace *as, unsigned long va);
#define BALLOON_MAX 4096
/* Give back pages [pfn, pfn + n) / get new frames for them: extents done. */
long balloon_out(unsigned long pfn, unsigned long n);
long balloon_in(unsigned long pfn, unsigned long n);

/* bench.c: "bench: <measure> <value> <unit>" lines */
void bench_report(const char *measure, uint64_t value, const char *unit);

/* user.c; the system calls and test numbers are in user/usys.h */
struct user_report {
	unsigned long syscalls; /* SYS_echo calls seen */
	unsigned long page_faults; /* demand faults fixed */
	unsigned long last_cr2, last_pf_error;
	unsigned long divide_errors; /* #DE bounced and skipped */
	unsigned long last_de_rip;
	unsigned long loop_faults; /* UTEST_FAULT_LOOP #PFs skipped */
	unsigned long killed_cr2; /* fault address that killed the program */
	int killed_vector; /* -1 when the program exited by itself */
};
extern struct user_report user_report;
long run_user(unsigned long test_id);
unsigned long syscall_dispatch(struct trap_frame *f);
bool user_fault(struct trap_frame *f);

/* entry.S */
/* Callee-saved registers, and where to resume: rip, with rsp after it. */
struct kcontext {
	uint64_t rbx, rbp, r12, r13, r14, r15, rsp, rip;
};
long user_enter(struct kcontext *k, uint64_t rip, uint64_t rsp, uint64_t arg);
__noreturn void user_resume(struct kcontext *k, long value);
long ctx_save(struct kcontext *k) __attribute__((returns_twice));
uint64_t probe_read_raw(const void *p);
void probe_write_raw(void *p, uint64_t v);
long iret_selftest(int how);
extern char probe_read_insn[], probe_read_ret[];
extern char probe_write_insn[], probe_write_ret[];
extern char entry_divide_error[], entry_debug[], entry_nmi[], entry_int3[],
	entry_overflow[], entry_bounds[], entry_invalid_op[],
	entry_device_not_available[], entry_coproc_seg[], entry_invalid_tss[],
	entry_segment_not_present[], entry_stack_segment[], entry_gp[],
	entry_page_fault[], entry_fpu_error[], entry_alignment_check[],
	entry_machine_check[], entry_simd_error[], entry_event[],
	entry_failsafe[], entry_syscall[];

/* test.c: one result line per test, a summary line, a status. */
struct pvtest {
	const char *name;
	const char *(*fn)(void); /* NULL = pass, else why it failed */
	bool xenolith_ext; /* needs a Xenolith-only extension (none do) */
	bool on_request; /* runs only when tests= names it */
};
/*
 * The section holds pointers, not the descriptors: 8-byte objects get no
 * extra alignment, so the linker packs them into a plain array. order is
 * two digits; the linker script sorts by it.
 */
#define __DEFINE_TEST(order, tname, tfn, request)                              \
	static const struct pvtest __pvtest_##tfn = { .name = tname,           \
						      .fn = tfn,               \
						      .on_request = request }; \
	static const struct pvtest *const __pvtest_ptr_##tfn                   \
		__attribute__((used, section(".pvtests." #order))) =           \
			&__pvtest_##tfn
#define DEFINE_TEST(order, tname, tfn) __DEFINE_TEST(order, tname, tfn, false)
/* Tests of the harness itself, e.g. ones that fail on purpose. */
#define DEFINE_REQUEST_TEST(order, tname, tfn) \
	__DEFINE_TEST(order, tname, tfn, true)
const char *fail(const char *fmt, ...) __printf(1, 2);
unsigned int tests_run(void);
void test_abort(const char *why); /* returns only outside a test */

#endif /* PVKERN_H */
