/* SPDX-License-Identifier: MIT */
/*
 * What the host unit-test harness offers tests: the captured printk output,
 * a way to expect a panic (BUG_ON, ASSERT) without dying, the fake clock and
 * timer hardware, a fresh heap over the fake RAM, and the host names of the
 * hypervisor functions that would clash with libc (renamed by rules.mk).
 */
#ifndef HARNESS_H
#define HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HARNESS_RAM_BYTES (64UL << 20)

/* printk output since the last harness_printk_reset(). */
extern char harness_printk_buf[];
extern size_t harness_printk_len;
void harness_printk_reset(void);
bool harness_printk_contains(const char *needle);

/* Armed by HARNESS_EXPECT_PANIC; panic() longjmps here when set. */
extern jmp_buf *harness_panic_jmp;
extern char harness_panic_msg[];

/*
 * Evaluates to true if stmt panicked. The jump buffer lives in the enclosing
 * statement expression, which is still active when panic() jumps back.
 */
#define HARNESS_EXPECT_PANIC(stmt)                   \
	({                                           \
		jmp_buf hep_jb_;                     \
		volatile bool hep_panicked_ = false; \
		harness_panic_jmp = &hep_jb_;        \
		if (setjmp(hep_jb_) == 0) {          \
			stmt;                        \
		} else {                             \
			hep_panicked_ = true;        \
		}                                    \
		harness_panic_jmp = NULL;            \
		hep_panicked_;                       \
	})

/* The fake clock NOW() reads, and what reprogram_timer() was last given. */
extern int64_t harness_now;
extern int64_t harness_last_deadline;
extern unsigned long harness_reprogram_calls;

/*
 * Softirqs: how often each was raised for each CPU (of the harness's
 * NR_CPUS); run one's handler as if on cpu.
 */
unsigned long harness_softirq_count(unsigned int cpu, unsigned int nr);
void harness_run_softirq(unsigned int cpu, unsigned int nr);

/* Frame table for the fake RAM; heap reset to hold frames [first, first+nr). */
struct page_info;
extern struct page_info *harness_frames;
void harness_heap_reset(unsigned long first, unsigned long nr);
unsigned long harness_ram_pages(void);

void harness_init(void);

/*
 * PV memory management over the fake RAM (harness/mm.c): what the code
 * under test asked of the hardware, and small domains to drive it with.
 */
struct harness_mm_log {
	unsigned long flushes; /* full TLB flushes, any CPU mask */
	unsigned long invlpgs;
	unsigned long cr3_loads;
	unsigned long cr3; /* last base loaded (mfn) */
};
extern struct harness_mm_log harness_mm;
/* What the hypervisor puts into guest L4 slots 256 (M2P) and 257-271. */
#define HARNESS_M2P_L4E 0x1000000000000005ULL
#define HARNESS_XEN_L4E(i) (0x2000000000000003ULL | ((unsigned long)(i) << 12))
/* A frame inside the fake RAM that counts as I/O memory. */
#define HARNESS_IOMEM_MFN 3UL
struct domain;
struct vcpu;
extern struct vcpu *harness_current;
struct domain *harness_domain_new(uint16_t id, unsigned long max_pages);
void harness_domain_free(struct domain *d);
void harness_mm_reset(void);
/*
 * Guest access and continuations (harness/mm.c): guest pointers are host
 * pointers; [fault_at, fault_at + fault_len) faults. preempt_after: the
 * nth hypercall_preempt_check() says stop (0: never). What the last
 * hypercall_create_continuation() was asked.
 */
struct harness_guest {
	unsigned long fault_at, fault_len;
	unsigned int preempt_after;
	unsigned int continuations;
	unsigned int continued_op;
	unsigned long continued_args[6];
};
extern struct harness_guest harness_guest;

/* The hypervisor's versions of libc-named functions, as built for the host. */
int xen_vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
	__attribute__((__format__(__printf__, 3, 0)));
int xen_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((__format__(__printf__, 3, 4)));
int xen_vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
	__attribute__((__format__(__printf__, 3, 0)));
int xen_scnprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((__format__(__printf__, 3, 4)));
size_t xen_strlcpy(char *dst, const char *src, size_t size);
void *xen_memcpy(void *dst, const void *src, size_t n);
void *xen_memmove(void *dst, const void *src, size_t n);
void *xen_memset(void *dst, int c, size_t n);
int xen_memcmp(const void *a, const void *b, size_t n);
size_t xen_strlen(const char *s);
size_t xen_strnlen(const char *s, size_t max);
int xen_strcmp(const char *a, const char *b);
int xen_strncmp(const char *a, const char *b, size_t n);
char *xen_strchr(const char *s, int c);
char *xen_strrchr(const char *s, int c);
char *xen_strstr(const char *haystack, const char *needle);

#endif /* HARNESS_H */
