/* SPDX-License-Identifier: MIT */
/*
 * Hyperlaunch: the domains built at boot from the multiboot2 modules. The
 * first kernel module is domain 0, the control domain; every further module
 * whose string starts with "domain=NAME" is one more, unprivileged domain
 * (1, 2, ... in module order); a module right after a kernel that describes
 * no domain is that kernel's initrd (xen/bootdomain.h, README.md).
 *
 * In order: read every description; size the memory (each domU its mem=,
 * 32 MiB by default; domain 0 its mem=, dom0_mem= or most of what is left,
 * at most 1 GiB); create every domain with its vCPUs (domain 0: one per
 * online CPU, within dom0_max_vcpus=, unless it says vcpus=) and scheduler
 * parameters; connect the event channels the descriptions name (so each
 * side finds the other on a known port before any xenstore exists); build
 * each with the PV domain builder; then start them all. A domain that
 * cannot be built is reported and left out; without domain 0 nothing
 * starts.
 */
#include <xen/bootdomain.h>
#include <xen/bootinfo.h>
#include <xen/cmdline.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/page.h>
#include <asm/pv.h>

#define DOM0_DEFAULT_MAX (1UL << (30 - PAGE_SHIFT)) /* 1 GiB */
#define HEAP_RESERVE (64UL << (20 - PAGE_SHIFT)) /* 64 MiB */
#define MIN_PAGES (4UL << (20 - PAGE_SHIFT)) /* 4 MiB */

static u64 opt_dom0_mem;
size_param("dom0_mem", opt_dom0_mem);

/*
 * dom0_max_vcpus=N or =MIN-MAX, as Xen: unless its description says
 * vcpus=, domain 0 gets one vCPU per online CPU, kept within [MIN, MAX]
 * (N: exactly N) and at most MAX_VIRT_CPUS.
 */
static unsigned int dom0_vcpus_min = 1, dom0_vcpus_max = MAX_VIRT_CPUS;

static int __init parse_dom0_max_vcpus(const char *s)
{
	const char *end;
	unsigned long lo, hi;

	lo = simple_strtoull(s, &end, 10);
	if (end == s)
		return -EINVAL;
	hi = lo;
	if (*end == '-')
		hi = simple_strtoull(end + 1, &end, 10);
	if (*end || !lo || lo > hi)
		return -EINVAL;
	dom0_vcpus_min = min(lo, (unsigned long)MAX_VIRT_CPUS);
	dom0_vcpus_max = min(hi, (unsigned long)MAX_VIRT_CPUS);
	return 0;
}
custom_param("dom0_max_vcpus", parse_dom0_max_vcpus);

struct boot_domain {
	struct bootdom_cfg cfg;
	unsigned int module; /* the kernel's module number */
	const struct boot_module *kernel, *initrd;
	unsigned long nr_pages;
	struct domain *d;
};

static struct boot_domain bds[BOOT_MAX_MODULES];
static unsigned int nr_bds;

static unsigned int nr_vcpus(const struct boot_domain *bd, domid_t domid)
{
	if (domid || bd->cfg.vcpus_given)
		return bd->cfg.vcpus;
	return max(min(num_online_cpus(), dom0_vcpus_max), dom0_vcpus_min);
}

/* Sort the modules into kernels (with their initrds) and descriptions. */
static void read_modules(const struct boot_info *bi)
{
	static struct bootdom_cfg cfg;
	char why[96];
	unsigned int i;

	for (i = 0; i < bi->nr_modules; i++) {
		struct boot_domain *prev = nr_bds ? &bds[nr_bds - 1] : NULL;
		int rc = bootdom_parse(bi->mods[i].cmdline, &cfg, why,
				       sizeof(why));

		if (rc < 0) {
			printk(XENLOG_ERR "module %u: %s: no domain built\n", i,
			       why);
			continue;
		}
		if (rc == 0 && prev) {
			if (prev->module == i - 1 && !prev->initrd) {
				prev->initrd = &bi->mods[i];
				continue;
			}
			printk(XENLOG_WARNING
			       "module %u: neither a domain nor an initrd: ignored\n",
			       i);
			continue;
		}
		bds[nr_bds].cfg = cfg;
		bds[nr_bds].module = i;
		bds[nr_bds].kernel = &bi->mods[i];
		nr_bds++;
	}
}

static unsigned long pages_of(u64 bytes)
{
	return (unsigned long)(bytes >> PAGE_SHIFT);
}

/* Every domU its own size; domain 0 the rest, as before. */
static void size_memory(void)
{
	unsigned long avail = heap_free_pages(), others = 0, n;
	unsigned int i;

	for (i = 1; i < nr_bds; i++) {
		bds[i].nr_pages =
			pages_of(bds[i].cfg.mem ?: BOOTDOM_DEFAULT_MEM);
		others += bds[i].nr_pages;
	}
	avail = avail > others ? avail - others : 0;
	if (bds[0].cfg.mem)
		n = pages_of(bds[0].cfg.mem);
	else if (opt_dom0_mem)
		n = pages_of(opt_dom0_mem);
	else
		n = min(avail > HEAP_RESERVE ? avail - HEAP_RESERVE : avail / 2,
			DOM0_DEFAULT_MAX);
	/* Always leave the hypervisor something to work with. */
	if (n + HEAP_RESERVE / 4 > avail)
		n = avail > HEAP_RESERVE / 4 ? avail - HEAP_RESERVE / 4 : 0;
	bds[0].nr_pages = n;
}

/* The boot domain a name (or a domain number) in an evtchn= names. */
static struct boot_domain *find_peer(const char *peer)
{
	const char *end;
	unsigned long long id;
	unsigned int i;

	for (i = 0; i < nr_bds; i++)
		if (bds[i].d && !strcmp(bds[i].d->name, peer))
			return &bds[i];
	id = simple_strtoull(peer, &end, 10);
	if (*end || peer[0] < '0' || peer[0] > '9' || id >= nr_bds ||
	    !bds[id].d)
		return NULL;
	return &bds[id];
}

static void connect_channels(struct boot_domain *bd)
{
	unsigned int i;

	for (i = 0; i < bd->cfg.nr_evtchn; i++) {
		const struct bootdom_evtchn *e = &bd->cfg.evtchn[i];
		struct boot_domain *peer = find_peer(e->peer);
		int rc = peer ? evtchn_bind_boot(bd->d, e->port, peer->d,
						 e->peer_port) :
				-ESRCH;

		if (rc)
			printk(XENLOG_ERR
			       "domain %u (%s): evtchn=%u:%s:%u not connected (%d)\n",
			       bd->d->domain_id, bd->d->name, e->port, e->peer,
			       e->peer_port, rc);
		else
			printk("domain %u (%s): port %u <-> domain %u (%s) port %u\n",
			       bd->d->domain_id, bd->d->name, e->port,
			       peer->d->domain_id, peer->d->name, e->peer_port);
	}
}

static struct domain *create(struct boot_domain *bd, domid_t domid)
{
	struct domain *d;
	unsigned int i;

	if (!bd->cfg.name[0])
		snprintf(bd->cfg.name, sizeof(bd->cfg.name), "%s",
			 domid ? "domU" : "dom0");
	for (i = 0; i < domid; i++) {
		if (bds[i].d && !strcmp(bds[i].d->name, bd->cfg.name)) {
			printk(XENLOG_ERR
			       "domain %u: the name %s is taken: not built\n",
			       domid, bd->cfg.name);
			return NULL;
		}
	}
	if (bd->nr_pages < MIN_PAGES) {
		printk(XENLOG_ERR
		       "domain %u (%s): only %lu pages of memory for it\n",
		       domid, bd->cfg.name, bd->nr_pages);
		return NULL;
	}
	d = domain_create(domid, nr_vcpus(bd, domid), domid == 0);
	if (!d) {
		printk(XENLOG_ERR "domain %u (%s): cannot create it\n", domid,
		       bd->cfg.name);
		return NULL;
	}
	strlcpy(d->name, bd->cfg.name, sizeof(d->name));
	sched_adjust(d, bd->cfg.weight, bd->cfg.cap);
	return d;
}

unsigned int hyperlaunch(void)
{
	unsigned int i, started = 0;

	read_modules(boot_info_get());
	if (!nr_bds)
		return 0;
	size_memory();

	for (i = 0; i < nr_bds; i++)
		bds[i].d = create(&bds[i], i);
	for (i = 0; i < nr_bds; i++)
		if (bds[i].d)
			connect_channels(&bds[i]);
	for (i = 0; i < nr_bds; i++) {
		struct boot_domain *bd = &bds[i];

		if (!bd->d || !pv_build_domain(bd->d, bd->kernel, bd->initrd,
					       bd->cfg.cmdline, bd->nr_pages))
			continue;
		domain_destroy(bd->d);
		bd->d = NULL;
	}

	/* Without the control domain nothing runs. */
	if (!bds[0].d) {
		for (i = 1; i < nr_bds; i++)
			if (bds[i].d)
				domain_destroy(bds[i].d);
		return 0;
	}
	for (i = 0; i < nr_bds; i++) {
		if (!bds[i].d)
			continue;
		printk("Xenolith: starting domain %u\n", bds[i].d->domain_id);
		vcpu_wake(bds[i].d->vcpu[0]);
		started++;
	}
	return started;
}
