/* SPDX-License-Identifier: MIT */
/*
 * Boot-time selftests, run with selftest=1 on the real machine: the heap
 * under several allocation patterns (the free count and the block layout
 * must come back exactly, no frame may be handed out twice, dirty frames
 * come back zeroed), xmalloc, a deliberate breakpoint and #UD taken and
 * recovered from, the timer, and (with several CPUs) cross-CPU calls,
 * remote timers and TLB shootdowns. Each prints one line; the last line is
 * "selftest: N passed, N failed". test-fault= provokes a fatal fault instead,
 * for the panic scenario.
 */
#include <xen/bootinfo.h>
#include <xen/cmdline.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/selftest.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>
#include <asm/processor.h>
#include <asm/traps.h>

bool opt_selftest;
boolean_param("selftest", opt_selftest);

static char opt_test_fault[16];
string_param("test-fault", opt_test_fault);

static unsigned int passed, failed;

void selftest_report(const char *name, bool ok, const char *why)
{
	if (ok)
		passed++;
	else
		failed++;
	printk("selftest: %s: %s%s%s\n", name, ok ? "ok" : "FAILED",
	       ok ? "" : ": ", ok ? "" : why);
}

/* --- heap --- */

/* One bit per frame: set while the frame is handed out to the test. */
static unsigned long *seen;
static unsigned int seen_order;

/* A block handed out: its first page records the chain and its order. */
struct held {
	struct held *next;
	unsigned int order;
};

static unsigned long baseline_free;
static unsigned long baseline_blocks[MAX_ORDER + 1];

static void snapshot(void)
{
	unsigned int o;

	baseline_free = heap_free_pages();
	for (o = 0; o <= MAX_ORDER; o++)
		baseline_blocks[o] = heap_free_blocks(o);
}

static bool same_as_snapshot(void)
{
	unsigned int o;

	if (heap_free_pages() != baseline_free)
		return false;
	for (o = 0; o <= MAX_ORDER; o++)
		if (heap_free_blocks(o) != baseline_blocks[o])
			return false;
	return true;
}

extern char _end[];

/* Frames the heap must never hand out: low memory, the image, the modules. */
static bool frame_is_protected(unsigned long mfn)
{
	const struct boot_info *bi = boot_info_get();
	paddr_t pa = (paddr_t)mfn << PAGE_SHIFT;
	unsigned int i;

	if (pa < 0x100000)
		return true;
	if (pa >= XEN_PHYS_START && pa < virt_to_maddr(_end))
		return true;
	for (i = 0; i < bi->nr_modules; i++)
		if (pa + PAGE_SIZE > bi->mods[i].start && pa < bi->mods[i].end)
			return true;
	return false;
}

/*
 * Take a block; false if it overlaps one already held or a protected range,
 * or is misaligned.
 */
static bool hold(struct held **list, unsigned int order, bool *exhausted)
{
	struct page_info *pg = alloc_heap_pages(order, 0);
	unsigned long mfn, i;
	struct held *h;

	if (!pg) {
		*exhausted = true;
		return true;
	}
	mfn = page_to_mfn(pg);
	if (mfn & ((1UL << order) - 1))
		return false;
	for (i = mfn; i < mfn + (1UL << order); i++) {
		if ((seen[i / 64] & (1UL << (i % 64))) || frame_is_protected(i))
			return false;
		seen[i / 64] |= 1UL << (i % 64);
	}
	h = mfn_to_virt(mfn);
	h->order = order;
	h->next = *list;
	*list = h;
	return true;
}

static void release(struct held *h)
{
	unsigned long mfn = virt_to_mfn(h), i;

	for (i = mfn; i < mfn + (1UL << h->order); i++)
		seen[i / 64] &= ~(1UL << (i % 64));
	free_heap_pages(mfn_to_page(mfn), h->order, false);
}

static u64 lcg = 0x2545f4914f6cdd1dULL;
static unsigned int rnd(unsigned int n)
{
	lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned int)(lcg >> 33) % n;
}

/* Allocate everything in the given order pattern, then free it all. */
static bool heap_pattern(int pattern, const char **why)
{
	struct held *list = NULL, *h, *next, *keep;
	bool exhausted = false;
	int order;

	switch (pattern) {
	case 0: /* order 0 until empty, freed first-allocated last */
		while (!exhausted)
			if (!hold(&list, 0, &exhausted))
				goto overlap;
		break;
	case 1: /* largest blocks first, down to single frames */
		for (order = MAX_ORDER; order >= 0; order--) {
			exhausted = false;
			while (!exhausted)
				if (!hold(&list, order, &exhausted))
					goto overlap;
		}
		break;
	case 2: /* random orders 0-10 until 16 refusals in a row */
	{
		unsigned int refusals = 0;

		while (refusals < 16) {
			exhausted = false;
			if (!hold(&list, rnd(11), &exhausted))
				goto overlap;
			refusals = exhausted ? refusals + 1 : 0;
		}
		/* Then whatever single frames remain. */
		exhausted = false;
		while (!exhausted)
			if (!hold(&list, 0, &exhausted))
				goto overlap;
		break;
	}
	}
	if (heap_free_pages() != 0) {
		*why = "frames left in the heap after allocating everything";
		goto free_all;
	}

	if (pattern == 2) {
		/* Free in a random order: passes that free each with p=1/2. */
		while (list) {
			keep = NULL;
			for (h = list; h; h = next) {
				next = h->next;
				if (rnd(2)) {
					release(h);
				} else {
					h->next = keep;
					keep = h;
				}
			}
			list = keep;
		}
	}
free_all:
	for (h = list; h; h = next) {
		next = h->next;
		release(h);
	}
	if (*why)
		return false;
	if (!same_as_snapshot()) {
		*why = "free count or block layout differs after freeing all";
		return false;
	}
	return true;
overlap:
	*why = "a frame was handed out twice, was protected, or a block was misaligned";
	for (h = list; h; h = next) {
		next = h->next;
		release(h);
	}
	return false;
}

/*
 * Dirty frames freed with need_scrub must never come back with their old
 * contents: dirty eight frames, free them, take every frame in the heap (so
 * those eight are handed out again) and look at them.
 */
static bool heap_scrub(const char **why)
{
	struct held *list = NULL, *h, *next;
	unsigned long mfn[8];
	bool exhausted = false, leaked = false;
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(mfn); i++) {
		struct page_info *pg = alloc_heap_pages(0, 0);

		if (!pg) {
			*why = "cannot allocate";
			while (i--)
				free_heap_pages(mfn_to_page(mfn[i]), 0, false);
			return false;
		}
		mfn[i] = page_to_mfn(pg);
		memset(page_to_virt(pg), 0xa5, PAGE_SIZE);
	}
	for (i = 0; i < ARRAY_SIZE(mfn); i++)
		free_heap_pages(mfn_to_page(mfn[i]), 0, true);
	while (!exhausted && !*why)
		if (!hold(&list, 0, &exhausted))
			*why = "a frame was handed out twice";
	for (i = 0; i < ARRAY_SIZE(mfn); i++) {
		const u8 *p = mfn_to_virt(mfn[i]);

		/* The first bytes now hold our list link; check the rest. */
		for (j = sizeof(struct held); j < PAGE_SIZE; j++)
			if (p[j] == 0xa5)
				leaked = true;
	}
	for (h = list; h; h = next) {
		next = h->next;
		release(h);
	}
	if (leaked && !*why)
		*why = "a dirty frame came back unscrubbed";
	return !*why;
}

static void selftest_heap(void)
{
	static const char *const names[] = {
		"heap: all single frames", "heap: largest blocks first",
		"heap: random orders, random frees"
	};
	const char *why;
	unsigned long bytes = (max_page + 7) / 8;
	int p;

	seen_order = get_order_from_bytes(bytes);
	seen = alloc_xenheap_pages(seen_order, 0);
	if (!seen) {
		selftest_report("heap", false, "no memory for the bitmap");
		return;
	}
	memset(seen, 0, PAGE_SIZE << seen_order);
	snapshot();
	for (p = 0; p < 3; p++) {
		why = NULL;
		selftest_report(names[p], heap_pattern(p, &why), why);
	}
	why = NULL;
	selftest_report("heap: freed frames are scrubbed",
			heap_scrub(&why) && same_as_snapshot(),
			why ? why : "free count differs afterwards");
	free_xenheap_pages(seen, seen_order);
}

/* --- xmalloc --- */

static void selftest_xmalloc(void)
{
	static void *ptr[512];
	size_t before = xmalloc_used_bytes();
	bool ok = true;
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(ptr); i++) {
		size_t size = 1 + rnd(i % 8 == 7 ? 3 * PAGE_SIZE : 600);

		ptr[i] = xmalloc_bytes(size);
		if (!ptr[i] || ((unsigned long)ptr[i] & 15)) {
			ok = false;
			break;
		}
		memset(ptr[i], i & 0xff, size < 64 ? size : 64);
	}
	for (j = 0; j < i; j++) {
		const u8 *p = ptr[j];

		if (p[0] != (j & 0xff))
			ok = false; /* overlapping objects */
		xfree(ptr[j]);
	}
	selftest_report("xmalloc: 512 objects, aligned, distinct, all returned",
			ok && xmalloc_used_bytes() == before,
			ok ? "bytes in use differ afterwards" :
			     "bad or overlapping object");
}

/* --- exceptions --- */

static void selftest_traps(void)
{
	struct trap_expect e;
	unsigned long after;

	trap_expect(&e, TRAP_int3, 0);
	__asm__ __volatile__("int3\n\t"
			     "1: leaq 1b(%%rip), %0"
			     : "=r"(after));
	trap_expect_clear();
	selftest_report("breakpoint taken and resumed",
			e.hits == 1 && e.last_rip == after,
			"the #BP did not arrive once at the expected address");

	trap_expect(&e, TRAP_invalid_op, 0);
	__asm__ __volatile__("leaq 1f(%%rip), %%rax\n\t"
			     "movq %%rax, %0\n\t"
			     "ud2\n"
			     "1:"
			     : "=m"(e.resume_rip)
			     :
			     : "rax", "memory");
	trap_expect_clear();
	selftest_report("invalid opcode fault recovered", e.hits == 1,
			"the #UD did not arrive exactly once");
}

/* --- timers --- */

struct tick {
	s_time_t fired;
	unsigned int order;
};
static unsigned int ticks_seen;

static void tick_fn(void *data)
{
	struct tick *t = data;

	t->fired = NOW();
	t->order = ++ticks_seen;
}

static void selftest_timer(void)
{
	struct timer a, b;
	struct tick ta = { 0, 0 }, tb = { 0, 0 };
	s_time_t start = NOW(), limit = start + SECONDS(5);

	ticks_seen = 0;
	init_timer(&a, tick_fn, &ta, 0);
	init_timer(&b, tick_fn, &tb, 0);
	set_timer(&b, start + MILLISECS(20));
	set_timer(&a, start + MILLISECS(10));
	while ((!ta.fired || !tb.fired) && NOW() < limit)
		safe_halt();
	kill_timer(&a);
	kill_timer(&b);
	selftest_report("timers fire in deadline order, not early",
			ta.order == 1 && tb.order == 2 &&
				ta.fired >= start + MILLISECS(10) &&
				tb.fired >= start + MILLISECS(20) &&
				tb.fired < limit,
			"wrong order, early, or never fired");
}

unsigned int run_selftests(void)
{
	passed = failed = 0;
	printk("selftest: starting\n");
	selftest_traps();
	selftest_xmalloc();
	selftest_heap();
	selftest_timer();
	selftest_smp();
	printk("selftest: %u passed, %u failed\n", passed, failed);
	return failed;
}

/* --- deliberate faults --- */

void run_test_fault(void)
{
	const char *f = opt_test_fault;

	if (!f[0])
		return;
	printk("test-fault: provoking '%s'\n", f);
	if (!strcmp(f, "pf"))
		*(volatile unsigned long *)0xffff8000deadb000UL = 1;
	else if (!strcmp(f, "gp"))
		*(volatile unsigned long *)0x8000000000000000UL = 1;
	else if (!strcmp(f, "ud"))
		__asm__ __volatile__("ud2");
	else if (!strcmp(f, "de"))
		__asm__ __volatile__("xorl %%ecx, %%ecx; divl %%ecx"
				     :
				     :
				     : "eax", "ecx", "edx");
	else if (!strcmp(f, "panic"))
		panic("test-fault=panic");
	else if (!strcmp(f, "ap-pf"))
		smp_test_fault_on_ap();
	printk(XENLOG_WARNING
	       "test-fault: unknown fault '%s' (pf, gp, ud, de, panic, ap-pf)\n",
	       f);
}
