/* SPDX-License-Identifier: MIT */
/*
 * Domain lifecycle: create a domain and its vCPUs, stop it (shutdown with a
 * reason, or crash when the guest did something that cannot be reflected
 * back to it), and destroy it, returning every frame it held to the heap
 * scrubbed. A crash stops the guest alone: its registers are printed and
 * the hypervisor carries on. When the last domain is gone the machine ends
 * with domain 0's status: 0 after a clean poweroff, 1 after a crash.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/shutdown.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>
#include <asm/current.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/pv-mm.h>
#include <asm/pv.h>
#include <public/sched.h>

LIST_HEAD(domain_list_head);
DEFINE_SPINLOCK(domlist_lock);

/* Status the machine ends with once no domain is left (domain 0's). */
static enum machine_exit_status final_status = EXIT_POWEROFF;

static const char *const shutdown_names[] = {
	[SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
	[SHUTDOWN_suspend] = "suspend",	  [SHUTDOWN_crash] = "crash",
	[SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
};

static const char *shutdown_name(unsigned int reason)
{
	return reason < ARRAY_SIZE(shutdown_names) ? shutdown_names[reason] :
						     "unknown";
}

static struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
	struct vcpu *v = xzalloc(struct vcpu);

	if (!v)
		return NULL;
	v->vcpu_id = id;
	v->domain = d;
	v->vcpu_info_mfn = ~0UL;
	if (id < XEN_LEGACY_MAX_VCPUS)
		v->vcpu_info = &d->shared_info->vcpu_info[id];
	pv_vcpu_init(v);
	vcpu_timers_init(v);
	return v;
}

struct domain *domain_create(domid_t domid, unsigned int max_vcpus,
			     bool privileged)
{
	struct domain *d;
	unsigned int i;

	if (!max_vcpus || max_vcpus > MAX_VIRT_CPUS || domain_lookup(domid))
		return NULL;
	d = xzalloc(struct domain);
	if (!d)
		return NULL;
	d->domain_id = domid;
	d->is_privileged = privileged;
	d->max_vcpus = max_vcpus;
	d->shutdown_code = ~0U;
	d->state = DOMSTATE_running;
	spin_lock_init(&d->page_alloc_lock);
	spin_lock_init(&d->mm_lock);
	spin_lock_init(&d->shutdown_lock);
	spin_lock_init(&d->conio_lock);
	INIT_LIST_HEAD(&d->page_list);
	/* A recognisable, unique-enough handle: the domid in the last bytes. */
	d->handle[14] = domid >> 8;
	d->handle[15] = domid & 0xff;

	if (evtchn_init(d))
		goto err_domain;
	d->shared_info = alloc_xenheap_page();
	if (!d->shared_info)
		goto err_evtchn;
	memset(d->shared_info, 0, PAGE_SIZE);
	for (i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		d->shared_info->vcpu_info[i].evtchn_upcall_mask = 1;
	share_xen_page_with_guest(virt_to_page(d->shared_info), d);

	d->vcpu[0] = vcpu_create(d, 0);
	if (!d->vcpu[0])
		goto err_shared;

	spin_lock(&domlist_lock);
	list_add_tail(&d->domain_list, &domain_list_head);
	spin_unlock(&domlist_lock);
	return d;

err_shared:
	unshare_xen_page(virt_to_page(d->shared_info));
	free_xenheap_page(d->shared_info);
err_evtchn:
	evtchn_destroy(d);
err_domain:
	xfree(d);
	return NULL;
}

struct domain *domain_lookup(domid_t domid)
{
	struct domain *d, *found = NULL;

	if (domid == DOMID_SELF)
		return current ? current->domain : NULL;
	spin_lock(&domlist_lock);
	list_for_each_entry (d, &domain_list_head, domain_list) {
		if (d->domain_id == domid) {
			found = d;
			break;
		}
	}
	spin_unlock(&domlist_lock);
	return found;
}

struct cpu_user_regs *vcpu_regs(struct vcpu *v)
{
	if (v->is_running && v == current)
		return guest_cpu_user_regs();
	return &v->user_regs;
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
	spin_lock(&d->shutdown_lock);
	if (d->state != DOMSTATE_running) {
		spin_unlock(&d->shutdown_lock);
		return;
	}
	d->state = DOMSTATE_shutdown;
	if (!d->shutdown_code_set)
		d->shutdown_code = reason;
	spin_unlock(&d->shutdown_lock);

	printk("Xenolith: domain %u shut down: %s\n", d->domain_id,
	       shutdown_name(d->shutdown_code));
	if (d->domain_id == 0)
		final_status = d->shutdown_code == SHUTDOWN_crash ||
					       d->shutdown_code ==
						       SHUTDOWN_watchdog ?
				       EXIT_DOMAIN_CRASHED :
				       EXIT_POWEROFF;
}

void domain_crash(struct domain *d, const char *fmt, ...)
{
	struct vcpu *v = current;
	char why[160];
	va_list args;

	va_start(args, fmt);
	vsnprintf(why, sizeof(why), fmt, args);
	va_end(args);

	if (domain_is_stopped(d))
		return;
	printk(XENLOG_ERR "Xenolith: domain %u crashed: %s\n", d->domain_id,
	       why);
	if (v && v->domain == d)
		pv_show_guest_state(v, vcpu_regs(v));
	/* A crash overrides any code the guest recorded for itself. */
	d->shutdown_code_set = false;
	domain_shutdown(d, SHUTDOWN_crash);
}

int assign_page_to_domain(struct domain *d, struct page_info *pg)
{
	int rc = 0;

	spin_lock(&d->page_alloc_lock);
	if (d->tot_pages >= d->max_pages) {
		rc = -ENOMEM;
	} else {
		pg->owner = d;
		pg->count_info = PGC_allocated | 1;
		pg->u.type_info = 0;
		list_add_tail(&pg->list, &d->page_list);
		d->tot_pages++;
	}
	spin_unlock(&d->page_alloc_lock);
	return rc;
}

/*
 * Free everything d holds. The domain must be stopped and none of its
 * vCPUs running (its page tables are not loaded anywhere): its frames go
 * back to the heap, scrubbed, as their last references are dropped.
 */
void domain_destroy(struct domain *d)
{
	unsigned int i;

	spin_lock(&d->shutdown_lock);
	d->state = DOMSTATE_dying;
	spin_unlock(&d->shutdown_lock);

	spin_lock(&domlist_lock);
	list_del(&d->domain_list);
	spin_unlock(&domlist_lock);

	for (i = 0; i < MAX_VIRT_CPUS; i++)
		if (d->vcpu[i])
			vcpu_timers_kill(d->vcpu[i]);
	evtchn_destroy(d);
	/* Every frame back to the heap, scrubbed (xen/common/domheap.c). */
	domain_relinquish_memory(d);
	for (i = 0; i < MAX_VIRT_CPUS; i++) {
		if (d->vcpu[i])
			pv_vcpu_destroy(d->vcpu[i]);
		xfree(d->vcpu[i]);
		d->vcpu[i] = NULL;
	}

	unshare_xen_page(virt_to_page(d->shared_info));
	free_xenheap_page(d->shared_info);
	printk("Xenolith: domain %u destroyed\n", d->domain_id);
	xfree(d);
}

/* Runs on a fresh stack once the current vCPU can never run again. */
static void __noreturn idle_after_exit(void)
{
	struct domain *d, *next;
	bool any;

	current = NULL;
	pv_load_idle_page_tables();

	/* Nothing of a stopped domain can be running now: free them. */
	for (;;) {
		struct domain *victim = NULL;

		spin_lock(&domlist_lock);
		list_for_each_entry_safe (d, next, &domain_list_head,
					  domain_list) {
			if (domain_is_stopped(d)) {
				victim = d;
				break;
			}
		}
		any = !list_empty(&domain_list_head);
		spin_unlock(&domlist_lock);
		if (!victim)
			break;
		domain_destroy(victim);
	}
	if (!any)
		machine_exit(final_status);

	/* Other domains exist but no scheduler runs them yet: wait. */
	printk("Xenolith: no runnable vCPU left on CPU %u\n",
	       smp_processor_id());
	for (;;)
		safe_halt();
}

void vcpu_exit_stopped(void)
{
	struct vcpu *v = current;

	if (v)
		v->is_running = false;
	__asm__ __volatile__("mov %0, %%rsp\n\t"
			     "call *%1"
			     :
			     : "r"(get_cpu_info()), "r"(idle_after_exit)
			     : "memory");
	__builtin_unreachable();
}
