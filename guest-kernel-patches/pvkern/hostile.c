/* SPDX-License-Identifier: MIT */
/*
 * The attack harness (hostile.h): catching whatever trap an attack ends
 * in, printing one verdict line per attack and counting them, and the
 * few things every family of attacks needs - fixmap slots to map frames
 * at page edges, a frame this domain does not own, raw hypercalls.
 */
#include "hostile.h"
#include "hypercall.h"

#include <public/errno.h>
#include <public/memory.h>

static struct kcontext catch_ctx;
static struct caught *volatile catching;
static unsigned int nr_attacks, nr_bad;

/* Record the trap and leave the attack: its frame is simply dropped. */
static bool catch_hook(struct trap_frame *f)
{
	struct caught *c = catching;

	if (!c)
		return false;
	c->trapped = true;
	c->vector = f->vector;
	c->error = f->error_code;
	c->rip = f->rip;
	c->cs = f->cs & 0xffff;
	c->rbx = f->rbx;
	c->cr2 = f->vector == 14 ? read_cr2() : 0;
	catching = NULL;
	user_resume(&catch_ctx, 1);
}

void catch_traps(void (*fn)(void *arg), void *arg, struct caught *c)
{
	memset(c, 0, sizeof(*c));
	trap_set_hook(catch_hook);
	if (!ctx_save(&catch_ctx)) {
		catching = c;
		fn(arg);
		catching = NULL;
	}
	trap_set_hook(NULL);
}

static const struct {
	int nr;
	const char *name;
} errnos[] = {
	{ XEN_EPERM, "EPERM" },	  { XEN_ENOENT, "ENOENT" },
	{ XEN_ESRCH, "ESRCH" },	  { XEN_ENXIO, "ENXIO" },
	{ XEN_E2BIG, "E2BIG" },	  { XEN_EAGAIN, "EAGAIN" },
	{ XEN_ENOMEM, "ENOMEM" }, { XEN_EACCES, "EACCES" },
	{ XEN_EFAULT, "EFAULT" }, { XEN_EBUSY, "EBUSY" },
	{ XEN_EEXIST, "EEXIST" }, { XEN_ENODEV, "ENODEV" },
	{ XEN_EINVAL, "EINVAL" }, { XEN_ENOSPC, "ENOSPC" },
	{ XEN_ENOSYS, "ENOSYS" }, { XEN_EOPNOTSUPP, "EOPNOTSUPP" },
};

const char *errno_name(long rc)
{
	static char buf[2][24];
	static unsigned int turn;
	char *b = buf[turn++ & 1];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(errnos); i++)
		if (rc == -errnos[i].nr) {
			snprintf(b, sizeof(buf[0]), "-%s", errnos[i].name);
			return b;
		}
	snprintf(b, sizeof(buf[0]), "rc %ld", rc);
	return b;
}

static const char *const vec_names[20] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#09",
	"#TS", "#NP", "#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM",
};

const char *trap_desc(const struct caught *c)
{
	static char buf[2][96];
	static unsigned int turn;
	char *b = buf[turn++ & 1];

	if (!c->trapped)
		snprintf(b, sizeof(buf[0]), "no trap");
	else if (c->vector == VEC_FAILSAFE)
		snprintf(b, sizeof(buf[0]), "failsafe callback");
	else if (c->vector == 14)
		snprintf(b, sizeof(buf[0]), "#PF(%#lx) at %#lx", c->error,
			 c->cr2);
	else if (c->vector < ARRAY_SIZE(vec_names))
		snprintf(b, sizeof(buf[0]), "%s(%#lx)", vec_names[c->vector],
			 c->error);
	else
		snprintf(b, sizeof(buf[0]), "vector %#lx", c->vector);
	return b;
}

static void verdict(const char *name, const char *what, bool bad,
		    const char *fmt, va_list ap)
{
	char how[160];

	vsnprintf(how, sizeof(how), fmt, ap);
	printk("pvkern: attack %s: %s (%s)\n", name, what, how);
	nr_attacks++;
	nr_bad += bad;
}

void attack_refused(const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verdict(name, "refused", false, fmt, ap);
	va_end(ap);
}

void attack_allowed(const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verdict(name, "ALLOWED", true, fmt, ap);
	va_end(ap);
}

void attack_unexpected(const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verdict(name, "UNEXPECTED", true, fmt, ap);
	va_end(ap);
}

const char *damage(const char *fmt, ...)
{
	static char buf[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return buf;
}

void attack_rc(const char *name, long rc, long want, const char *harm)
{
	if (harm)
		attack_allowed(name, "%s; %s", errno_name(rc), harm);
	else if (rc >= 0 && want < 0)
		attack_allowed(name, "returned %ld", rc);
	else if (rc != want)
		attack_unexpected(name, "%s, expected %s", errno_name(rc),
				  errno_name(want));
	else
		attack_refused(name, "%s", errno_name(rc));
}

void attack_trap(const char *name, const struct caught *c, unsigned int vector,
		 unsigned long err_mask, unsigned long err, const char *harm)
{
	struct caught want = { .trapped = true,
			       .vector = vector,
			       .error = err };

	if (harm)
		attack_allowed(name, "%s; %s", trap_desc(c), harm);
	else if (!c->trapped)
		attack_allowed(name, "no trap: the instruction completed");
	else if (c->vector != vector || (c->error & err_mask) != err)
		attack_unexpected(name, "%s, expected %s", trap_desc(c),
				  trap_desc(&want));
	else
		attack_refused(name, "%s", trap_desc(c));
}

void attack_defused(const char *name, const char *harm, const char *how)
{
	if (harm)
		attack_allowed(name, "%s", harm);
	else
		attack_refused(name, "%s", how);
}

const char *attacks_verdict(void)
{
	unsigned int n = nr_attacks, bad = nr_bad;

	nr_attacks = nr_bad = 0;
	if (!n)
		return fail("no attack was made");
	if (bad)
		return fail("%u of %u attacks not refused as expected", bad, n);
	return NULL;
}

long hostile_map(unsigned int slot, unsigned long mfn, bool writable)
{
	uint64_t pte = (uint64_t)mfn << PAGE_SHIFT;

	pte |= writable ? PTE_KERNEL_RW : PTE_KERNEL_RO;
	return HYPERVISOR_update_va_mapping(hostile_va(slot), pte, UVMF_INVLPG);
}

long hostile_unmap(unsigned int slot)
{
	return HYPERVISOR_update_va_mapping(hostile_va(slot), 0, UVMF_INVLPG);
}

const char *hostile_edge_setup(unsigned int slot, void *page)
{
	long rc;

	if (!mm_ready())
		return fail("own page tables not in use");
	rc = hostile_map(slot, virt_to_mfn(page), true);
	if (!rc)
		rc = hostile_unmap(slot + 1);
	if (rc)
		return fail("mapping the edge page returned %ld", rc);
	return NULL;
}

unsigned long m2p_entry(unsigned long mfn)
{
	uint64_t v;

	if (!probe_read(&m2p()[mfn], &v, NULL, NULL))
		return ~0UL;
	return v;
}

void *m2p_target(struct m2p_watch *w)
{
	unsigned int i;

	w->mfn = virt_to_mfn(_text);
	for (i = 0; i < ARRAY_SIZE(w->old); i++)
		w->old[i] = m2p_entry(w->mfn + i);
	return (void *)&m2p()[w->mfn];
}

const char *m2p_changed(const struct m2p_watch *w)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(w->old); i++)
		if (m2p_entry(w->mfn + i) != w->old[i])
			return damage("M2P[%#lx] changed from %#lx to %#lx",
				      w->mfn + i, w->old[i],
				      m2p_entry(w->mfn + i));
	return NULL;
}

static bool ours(unsigned long mfn)
{
	unsigned long pfn = m2p_entry(mfn);

	return pfn < nr_pages && pfn_to_mfn(pfn) == mfn;
}

/* The host's RAM ranges, so the frame cannot be I/O memory dom0 may map. */
unsigned long foreign_mfn(void)
{
	static struct xen_e820_entry map[64];
	static unsigned long found;
	struct xen_memory_map mm = { .nr_entries = ARRAY_SIZE(map) };
	unsigned long max = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
	unsigned int i;

	if (found)
		return found;
	set_xen_guest_handle(mm.buffer, map);
	if (HYPERVISOR_memory_op(XENMEM_machine_memory_map, &mm))
		return 0;
	for (i = 0; i < mm.nr_entries && !found; i++) {
		unsigned long mfn = map[i].addr >> PAGE_SHIFT;
		unsigned long end = (map[i].addr + map[i].size) >> PAGE_SHIFT;

		if (map[i].type != 1) /* E820_RAM */
			continue;
		/* Above the first MiB, which dom0 may map as I/O memory. */
		if (mfn < 0x100)
			mfn = 0x100;
		for (; mfn < end && mfn <= max && !found; mfn++)
			if (!ours(mfn))
				found = mfn;
	}
	return found;
}

long raw_hypercall(unsigned long nr, unsigned long a1, unsigned long a2,
		   unsigned long a3, unsigned long a4, unsigned long a5)
{
	register unsigned long r10 __asm__("r10") = a4;
	register unsigned long r8 __asm__("r8") = a5;
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3),
			       "+r"(r10), "+r"(r8)
			     : "0"(nr)
			     : "rcx", "r11", "r9", "memory");
	return ret;
}
