/* SPDX-License-Identifier: MIT */
/*
 * Domain lifecycle: create a domain and its vCPUs, stop it (shutdown with a
 * reason, or crash when the guest did something that cannot be reflected
 * back to it), and destroy it once the scheduler has taken its vCPUs off
 * every CPU, returning every frame it held to the heap scrubbed. A crash
 * stops the guest alone: its registers are printed and the hypervisor
 * carries on. When the last domain is gone the machine ends with domain 0's
 * status: 0 after a clean poweroff, 1 after a crash.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/time.h>
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

/* A stopped domain waits to be destroyed (atomic); one reaper at a time. */
static bool reap_pending;
static DEFINE_SPINLOCK(reap_lock);

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

static void vcpu_free(struct vcpu *v)
{
	vcpu_timers_kill(v);
	sched_destroy_vcpu(v);
	pv_vcpu_destroy(v);
	xfree(v);
}

/*
 * A new vCPU, down and offline, queued on this CPU: idle CPUs take work
 * from busy ones, so the vCPUs spread out once they run.
 */
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
	if (sched_init_vcpu(v, smp_processor_id())) {
		xfree(v);
		return NULL;
	}
	vcpu_timers_init(v);
	return v;
}

struct domain *domain_create(domid_t domid, unsigned int max_vcpus,
			     bool privileged)
{
	struct domain *d;
	unsigned long flags;
	unsigned int i;

	if (!max_vcpus || max_vcpus > MAX_VIRT_CPUS || domain_lookup(domid))
		return NULL;
	d = xzalloc(struct domain);
	if (!d)
		return NULL;
	d->refcnt = 1;
	d->domain_id = domid;
	d->is_privileged = privileged;
	d->max_vcpus = max_vcpus;
	d->shutdown_code = ~0U;
	d->state = DOMSTATE_running;
	spin_lock_init(&d->page_alloc_lock);
	spin_lock_init(&d->mm_lock);
	spin_lock_init(&d->shutdown_lock);
	spin_lock_init(&d->conio_lock);
	spin_lock_init(&d->conring_lock);
	INIT_LIST_HEAD(&d->page_list);
	/* A recognisable, unique-enough handle: the domid in the last bytes. */
	d->handle[14] = domid >> 8;
	d->handle[15] = domid & 0xff;
	snprintf(d->name, sizeof(d->name), "d%u", domid);

	if (sched_init_domain(d))
		goto err_domain;
	if (evtchn_init(d))
		goto err_sched;
	d->shared_info = alloc_xenheap_page();
	if (!d->shared_info)
		goto err_evtchn;
	memset(d->shared_info, 0, PAGE_SIZE);
	for (i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		d->shared_info->vcpu_info[i].evtchn_upcall_mask = 1;
	domain_set_wallclock(d);
	share_xen_page_with_guest(virt_to_page(d->shared_info), d);

	for (i = 0; i < max_vcpus; i++) {
		d->vcpu[i] = vcpu_create(d, i);
		if (!d->vcpu[i])
			goto err_vcpus;
	}

	spin_lock_irqsave(&domlist_lock, flags);
	list_add_tail(&d->domain_list, &domain_list_head);
	spin_unlock_irqrestore(&domlist_lock, flags);
	return d;

err_vcpus:
	for (i = 0; i < max_vcpus; i++)
		if (d->vcpu[i])
			vcpu_free(d->vcpu[i]);
	unshare_xen_page(virt_to_page(d->shared_info));
	free_xenheap_page(d->shared_info);
err_evtchn:
	evtchn_destroy(d);
err_sched:
	sched_destroy_domain(d);
err_domain:
	xfree(d);
	return NULL;
}

struct domain *domain_lookup(domid_t domid)
{
	struct domain *d, *found = NULL;
	unsigned long flags;

	if (domid == DOMID_SELF)
		return current ? current->domain : NULL;
	spin_lock_irqsave(&domlist_lock, flags);
	list_for_each_entry (d, &domain_list_head, domain_list) {
		if (d->domain_id == domid) {
			found = d;
			break;
		}
	}
	spin_unlock_irqrestore(&domlist_lock, flags);
	return found;
}

struct domain *domain_get(domid_t domid)
{
	struct domain *d, *found = NULL;
	unsigned long flags;

	if (domid == DOMID_SELF)
		domid = current->domain->domain_id;
	spin_lock_irqsave(&domlist_lock, flags);
	list_for_each_entry (d, &domain_list_head, domain_list) {
		if (d->domain_id == domid) {
			/* On the list: the list's reference keeps it alive. */
			__atomic_fetch_add(&d->refcnt, 1, __ATOMIC_SEQ_CST);
			found = d;
			break;
		}
	}
	spin_unlock_irqrestore(&domlist_lock, flags);
	return found;
}

void domain_put(struct domain *d)
{
	if (__atomic_sub_fetch(&d->refcnt, 1, __ATOMIC_SEQ_CST))
		return;
	/* Nobody can reach it any more: the last pieces go. */
	unshare_xen_page(virt_to_page(d->shared_info));
	free_xenheap_page(d->shared_info);
	printk("Xenolith: domain %u destroyed\n", d->domain_id);
	xfree(d);
}

struct cpu_user_regs *vcpu_regs(struct vcpu *v)
{
	if (v->is_running && v == current)
		return guest_cpu_user_regs();
	return &v->user_regs;
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
	unsigned int i;

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

	/* Off the CPUs; destroyed once none of them runs it any more. */
	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			vcpu_sleep_nosync(d->vcpu[i]);
	__atomic_store_n(&reap_pending, true, __ATOMIC_SEQ_CST);
	raise_softirq(SCHEDULE_SOFTIRQ);
	/* The control domain's xenstored learns of it (@releaseDomain). */
	if (d->domain_id != 0)
		send_global_virq(VIRQ_DOM_EXC);
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
 * vCPUs on a CPU (its page tables are not loaded anywhere): its frames go
 * back to the heap, scrubbed, as their last references are dropped. What
 * others may still reach through a domain reference (the structure,
 * shared_info) goes at the last domain_put().
 */
void domain_destroy(struct domain *d)
{
	unsigned long flags;
	unsigned int i;

	spin_lock(&d->shutdown_lock);
	d->state = DOMSTATE_dying;
	spin_unlock(&d->shutdown_lock);

	spin_lock_irqsave(&domlist_lock, flags);
	list_del(&d->domain_list);
	spin_unlock_irqrestore(&domlist_lock, flags);

	for (i = 0; i < MAX_VIRT_CPUS; i++)
		if (d->vcpu[i])
			vcpu_timers_kill(d->vcpu[i]);
	evtchn_destroy(d);
	console_backend_destroy(d);
	/* Every frame back to the heap, scrubbed (xen/common/domheap.c). */
	domain_relinquish_memory(d);
	for (i = 0; i < MAX_VIRT_CPUS; i++) {
		if (d->vcpu[i])
			vcpu_free(d->vcpu[i]);
		d->vcpu[i] = NULL;
	}
	sched_destroy_domain(d);

	domain_put(d);
}

static bool vcpus_off_cpu(const struct domain *d)
{
	unsigned int i;

	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i] &&
		    __atomic_load_n(&d->vcpu[i]->is_running, __ATOMIC_ACQUIRE))
			return false;
	return true;
}

void domain_reap(void)
{
	struct domain *d;
	unsigned long flags;
	bool any = true;

	if (!__atomic_load_n(&reap_pending, __ATOMIC_SEQ_CST) ||
	    !spin_trylock(&reap_lock))
		return;
	__atomic_store_n(&reap_pending, false, __ATOMIC_SEQ_CST);
	for (;;) {
		struct domain *victim = NULL;

		spin_lock_irqsave(&domlist_lock, flags);
		list_for_each_entry (d, &domain_list_head, domain_list) {
			if (d->state != DOMSTATE_shutdown)
				continue;
			if (vcpus_off_cpu(d)) {
				victim = d;
				break;
			}
			/* Still leaving a CPU: look again later. */
			__atomic_store_n(&reap_pending, true, __ATOMIC_SEQ_CST);
		}
		any = !list_empty(&domain_list_head);
		spin_unlock_irqrestore(&domlist_lock, flags);
		if (!victim)
			break;
		domain_destroy(victim);
	}
	spin_unlock(&reap_lock);
	if (!any)
		machine_exit(final_status);
}
