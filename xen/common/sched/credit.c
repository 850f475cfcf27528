/* SPDX-License-Identifier: MIT */
/*
 * The credit scheduler: proportional share with caps, after Xen's credit1.
 *
 * Credit is CPU time in ns. Every accounting period (30 ms) the CPU time of
 * the period (30 ms per online CPU) is split among the domains whose vCPUs
 * are active (they ran recently or were woken), in proportion to weight x
 * active vCPUs; a domain gets at most one CPU per active vCPU and, with a
 * cap, at most cap% of one CPU, the excess going to the others
 * (credit_split, share.c). Each vCPU gets its domain's share divided by its
 * active vCPUs, and is charged for every ns it runs.
 *
 * Priorities: BOOST (just woken from waiting, with credit left: runs at
 * once, for latency) > UNDER (credit > 0) > OVER (credit <= 0). A vCPU of a
 * capped domain with no credit left is PARKED: it does not run at all until
 * the next period gives it some, even on an idle CPU; its slices never
 * exceed its credit. Within a priority the vCPU owed most (highest credit)
 * runs first, for a 10 ms slice. A vCPU that yields gives way to any other
 * runnable one, once (as Xen puts it behind a lower priority).
 *
 * A vCPU whose credit passes one period's worth without being used stops
 * being active (it gets no more until it runs again), so sleepers do not
 * hoard; debts are forgiven beyond ten periods, so a vCPU charged for a
 * stall of the whole machine (QEMU on a loaded host) pays for it, and the
 * others get their share back, without starving for ever.
 *
 * Each CPU has its own queue; a CPU with nothing to run takes the best
 * waiting vCPU from another CPU's queue (migration), and a wake-up that
 * cannot preempt on its own CPU kicks an idle CPU to come and take it.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>

#include "private.h"
#include "share.h"

#define TSLICE MILLISECS(10)
#define ACCT_PERIOD MILLISECS(30)
#define CREDIT_MAX ACCT_PERIOD
#define CREDIT_MIN (-10 * ACCT_PERIOD)
#define MIN_CAPPED_SLICE MICROSECS(100)
#define DEFAULT_WEIGHT 256

enum { PRI_PARKED, PRI_OVER, PRI_UNDER, PRI_BOOST };

struct csched_dom {
	struct domain *dom;
	/* credit_lock: the link, the vCPU list, the parameters, scratch. */
	struct list_head link; /* on csched_doms */
	struct list_head vcpus;
	unsigned int weight;
	unsigned int cap; /* percent of one CPU; 0: none */
	unsigned int nr_active;
	struct credit_share share;
};

struct csched_vcpu {
	struct vcpu *vcpu;
	struct csched_dom *sdom;
	struct list_head dom_link; /* on sdom->vcpus (credit_lock) */

	/* The run queue lock of vcpu->processor. */
	struct list_head runq_link; /* empty while not queued */
	s_time_t start; /* when it last started running */
	bool boost, yielded;

	/* Atomics: charged by its CPU, granted by the accounting. */
	s64 credit;
	bool active;
};

struct csched_pcpu {
	struct list_head runq; /* the CPU's run queue lock */
};

static struct csched_pcpu csched_pcpus[NR_CPUS];

/*
 * The domain list, their vCPU lists and parameters. Taken with interrupts
 * off (the accounting runs from a timer), after a run queue lock if any.
 */
static DEFINE_SPINLOCK(credit_lock);
static LIST_HEAD(csched_doms);
static struct timer acct_timer;
static s_time_t acct_next;

static struct csched_vcpu *svc_of(const struct vcpu *v)
{
	return v->sched_priv;
}

static s64 credit_of(const struct csched_vcpu *svc)
{
	return __atomic_load_n(&svc->credit, __ATOMIC_RELAXED);
}

static void credit_add(struct csched_vcpu *svc, s64 delta)
{
	__atomic_add_fetch(&svc->credit, delta, __ATOMIC_RELAXED);
}

static int prio(const struct csched_vcpu *svc)
{
	s64 credit = credit_of(svc);

	if (READ_ONCE(svc->sdom->cap) && credit <= 0)
		return PRI_PARKED;
	if (svc->boost)
		return PRI_BOOST;
	return credit > 0 ? PRI_UNDER : PRI_OVER;
}

/* --- Accounting ----------------------------------------------------------- */

static void acct_domain(struct csched_dom *sdom)
{
	struct csched_vcpu *svc;
	s64 per, cap_max = CREDIT_MAX;

	if (!sdom->nr_active)
		return;
	per = (s64)(sdom->share.share / sdom->nr_active);
	if (sdom->cap)
		cap_max = min(cap_max, (s64)(ACCT_PERIOD * sdom->cap / 100));
	list_for_each_entry (svc, &sdom->vcpus, dom_link) {
		s64 credit;

		if (!READ_ONCE(svc->active))
			continue;
		credit_add(svc, per);
		credit = credit_of(svc);
		if (credit > CREDIT_MAX) {
			/* Not using its share: stop giving it any. */
			credit_add(svc, CREDIT_MAX - credit);
			WRITE_ONCE(svc->active, false);
		} else if (credit > cap_max) {
			/* A capped vCPU never saves up beyond one period. */
			credit_add(svc, cap_max - credit);
		} else if (credit < CREDIT_MIN) {
			/*
			 * Very old debts are forgiven, so a vCPU charged for a
			 * long stall of the whole machine is not starved for
			 * ever; smaller ones are paid back, or weights and
			 * caps would drift.
			 */
			credit_add(svc, CREDIT_MIN - credit);
		}
	}
}

static void csched_acct(void *unused)
{
	u64 total = (u64)ACCT_PERIOD * sched_online_cpus();
	struct csched_dom *sdom;
	struct csched_vcpu *svc;
	unsigned long flags;
	unsigned int cpu;
	LIST_HEAD(entries);

	spin_lock_irqsave(&credit_lock, flags);
	list_for_each_entry (sdom, &csched_doms, link) {
		sdom->nr_active = 0;
		list_for_each_entry (svc, &sdom->vcpus, dom_link)
			sdom->nr_active += READ_ONCE(svc->active);
		if (!sdom->nr_active)
			continue;
		sdom->share.weight = (u64)sdom->weight * sdom->nr_active;
		sdom->share.limit = (u64)ACCT_PERIOD * sdom->nr_active;
		if (sdom->cap)
			sdom->share.limit =
				min(sdom->share.limit,
				    (u64)ACCT_PERIOD * sdom->cap / 100);
		list_add_tail(&sdom->share.link, &entries);
	}
	credit_split(&entries, total);
	list_for_each_entry (sdom, &csched_doms, link)
		acct_domain(sdom);
	spin_unlock_irqrestore(&credit_lock, flags);

	acct_next += ACCT_PERIOD;
	if (acct_next <= NOW())
		acct_next = NOW() + ACCT_PERIOD;
	set_timer(&acct_timer, acct_next);

	/* Parked vCPUs may run again: idle CPUs with a queue look again. */
	for_each_online_cpu (cpu) {
		struct sched_pcpu *pc = sched_pcpu(cpu);

		if (pc->online && is_idle_vcpu(READ_ONCE(pc->curr)) &&
		    !list_empty(&csched_pcpus[cpu].runq))
			sched_tickle(cpu);
	}
}

/* Charge svc for the time it ran; running makes it active. */
static void burn(struct csched_vcpu *svc, s_time_t now)
{
	s_time_t ran = now - svc->start;

	if (ran > 0) {
		credit_add(svc, -ran);
		svc->start = now;
	}
	WRITE_ONCE(svc->active, true);
}

/* --- Run queues ----------------------------------------------------------- */

/*
 * Within a priority the one owed most (the highest credit) goes first,
 * then the first queued: serving the most owed keeps every vCPU's credit
 * close to the others', so each runs what it is given and shares stay
 * proportional even over short windows.
 */
/* The best vCPU on runq that may run (cpu's lock held). */
static struct csched_vcpu *runq_best(struct list_head *runq, bool not_running)
{
	struct csched_vcpu *svc, *best = NULL;
	int best_prio = PRI_PARKED;

	list_for_each_entry (svc, runq, runq_link) {
		int p = prio(svc);

		if (p == PRI_PARKED)
			continue;
		/* A yield gives way to anything else runnable, once. */
		if (svc->yielded)
			p = PRI_PARKED;
		if (not_running && READ_ONCE(svc->vcpu->is_running))
			continue;
		if (!best || p > best_prio ||
		    (p == best_prio && credit_of(svc) > credit_of(best))) {
			best = svc;
			best_prio = p;
		}
	}
	return best;
}

/* Work waits on cpu's queue: an idle CPU, if any, may come and take it. */
static void tickle_idle_peer(unsigned int cpu)
{
	unsigned int peer;

	for_each_online_cpu (peer) {
		struct sched_pcpu *other = sched_pcpu(peer);

		if (peer != cpu && other->online &&
		    is_idle_vcpu(READ_ONCE(other->curr))) {
			sched_tickle(peer);
			return;
		}
	}
}

/*
 * Nothing to run on cpu (its lock held): take the best waiting vCPU from
 * another CPU's queue. trylock, so two CPUs stealing from each other never
 * deadlock.
 */
static struct csched_vcpu *steal(unsigned int cpu)
{
	unsigned int peer;

	for_each_online_cpu (peer) {
		struct sched_pcpu *pc = sched_pcpu(peer);
		struct csched_vcpu *svc;

		if (peer == cpu || !pc->online ||
		    list_empty(&csched_pcpus[peer].runq))
			continue;
		if (!spin_trylock(&pc->lock)) {
			/* Busy just now: look again very soon, not never. */
			raise_softirq(SCHEDULE_SOFTIRQ);
			continue;
		}
		svc = runq_best(&csched_pcpus[peer].runq, true);
		if (svc) {
			list_del_init(&svc->runq_link);
			/* Both CPUs' locks are held: it may change CPU. */
			WRITE_ONCE(svc->vcpu->processor, cpu);
		}
		spin_unlock(&pc->lock);
		if (svc)
			return svc;
	}
	return NULL;
}

static struct vcpu *csched_schedule(unsigned int cpu, struct vcpu *prev,
				    s_time_t now, s_time_t *slice)
{
	struct csched_pcpu *spc = &csched_pcpus[cpu];
	struct csched_vcpu *sprev = is_idle_vcpu(prev) ? NULL : svc_of(prev);
	struct csched_vcpu *snext;

	if (sprev) {
		burn(sprev, now);
		sprev->boost = false;
		if (vcpu_runnable(prev) && list_empty(&sprev->runq_link))
			list_add_tail(&sprev->runq_link, &spc->runq);
	}
	snext = runq_best(&spc->runq, false);
	if (sprev)
		sprev->yielded = false;
	if (snext)
		list_del_init(&snext->runq_link);
	else
		snext = steal(cpu);
	/* More runnable work here than this CPU can run: spread it. */
	if (runq_best(&spc->runq, false))
		tickle_idle_peer(cpu);
	if (!snext) {
		*slice = 0;
		return sched_pcpu(cpu)->idle;
	}

	snext->start = now;
	*slice = TSLICE;
	if (READ_ONCE(snext->sdom->cap))
		*slice = max(min(credit_of(snext), TSLICE), MIN_CAPPED_SLICE);
	return snext->vcpu;
}

static void csched_wake(struct vcpu *v, bool was_blocked)
{
	struct csched_vcpu *svc = svc_of(v);
	unsigned int cpu = v->processor;
	struct sched_pcpu *pc = sched_pcpu(cpu);

	if (!list_empty(&svc->runq_link))
		return;
	/* Waiting for an event with credit to spare: serve it first. */
	if (was_blocked && credit_of(svc) >= 0)
		svc->boost = true;
	WRITE_ONCE(svc->active, true);
	list_add_tail(&svc->runq_link, &csched_pcpus[cpu].runq);

	if (is_idle_vcpu(pc->curr)) {
		sched_tickle(cpu);
		return;
	}
	if (prio(svc) > prio(svc_of(pc->curr)))
		sched_tickle(cpu);
	/*
	 * Its CPU is busy: one of the two will wait, the woken vCPU or the
	 * one it preempts, unless an idle CPU comes and takes it.
	 */
	tickle_idle_peer(cpu);
}

/*
 * prev's state is saved. If it is still waiting in this CPU's queue, an
 * idle CPU that looked while it was being switched out passed it over:
 * call one now to take it.
 */
static void csched_context_saved(struct vcpu *prev)
{
	struct csched_vcpu *svc = svc_of(prev);

	if (!list_empty(&svc->runq_link))
		tickle_idle_peer(prev->processor);
}

static void csched_sleep(struct vcpu *v)
{
	struct csched_vcpu *svc = svc_of(v);

	if (sched_pcpu(v->processor)->curr == v)
		sched_tickle(v->processor);
	else
		list_del_init(&svc->runq_link);
}

static void csched_yield(struct vcpu *v)
{
	svc_of(v)->yielded = true;
}

/* --- Domains and vCPUs ---------------------------------------------------- */

static int csched_alloc_domain(struct domain *d)
{
	struct csched_dom *sdom = xzalloc(struct csched_dom);
	unsigned long flags;

	if (!sdom)
		return -ENOMEM;
	sdom->dom = d;
	sdom->weight = DEFAULT_WEIGHT;
	INIT_LIST_HEAD(&sdom->vcpus);
	spin_lock_irqsave(&credit_lock, flags);
	list_add_tail(&sdom->link, &csched_doms);
	spin_unlock_irqrestore(&credit_lock, flags);
	d->sched_priv = sdom;
	return 0;
}

static void csched_free_domain(struct domain *d)
{
	struct csched_dom *sdom = d->sched_priv;
	unsigned long flags;

	spin_lock_irqsave(&credit_lock, flags);
	list_del(&sdom->link);
	spin_unlock_irqrestore(&credit_lock, flags);
	d->sched_priv = NULL;
	xfree(sdom);
}

static int csched_alloc_vcpu(struct vcpu *v)
{
	struct csched_vcpu *svc = xzalloc(struct csched_vcpu);
	unsigned long flags;

	if (!svc)
		return -ENOMEM;
	svc->vcpu = v;
	svc->sdom = v->domain->sched_priv;
	INIT_LIST_HEAD(&svc->runq_link);
	spin_lock_irqsave(&credit_lock, flags);
	list_add_tail(&svc->dom_link, &svc->sdom->vcpus);
	spin_unlock_irqrestore(&credit_lock, flags);
	v->sched_priv = svc;
	return 0;
}

static void csched_free_vcpu(struct vcpu *v)
{
	struct csched_vcpu *svc = svc_of(v);
	unsigned long flags;

	ASSERT(list_empty(&svc->runq_link));
	spin_lock_irqsave(&credit_lock, flags);
	list_del(&svc->dom_link);
	spin_unlock_irqrestore(&credit_lock, flags);
	v->sched_priv = NULL;
	xfree(svc);
}

static int csched_adjust(struct domain *d, unsigned int weight,
			 unsigned int cap)
{
	struct csched_dom *sdom = d->sched_priv;
	unsigned long flags;

	spin_lock_irqsave(&credit_lock, flags);
	sdom->weight = weight;
	WRITE_ONCE(sdom->cap, cap);
	spin_unlock_irqrestore(&credit_lock, flags);
	return 0;
}

static void csched_get_params(const struct domain *d, unsigned int *weight,
			      unsigned int *cap)
{
	const struct csched_dom *sdom = d->sched_priv;

	*weight = sdom->weight;
	*cap = sdom->cap;
}

static int csched_init(void)
{
	init_timer(&acct_timer, csched_acct, NULL, smp_processor_id());
	acct_next = NOW() + ACCT_PERIOD;
	set_timer(&acct_timer, acct_next);
	return 0;
}

static void csched_init_pcpu(unsigned int cpu)
{
	INIT_LIST_HEAD(&csched_pcpus[cpu].runq);
}

const struct scheduler sched_credit_ops = {
	.name = "credit (proportional share, weight and cap)",
	.init = csched_init,
	.init_pcpu = csched_init_pcpu,
	.alloc_domain = csched_alloc_domain,
	.free_domain = csched_free_domain,
	.alloc_vcpu = csched_alloc_vcpu,
	.free_vcpu = csched_free_vcpu,
	.wake = csched_wake,
	.sleep = csched_sleep,
	.context_saved = csched_context_saved,
	.yield = csched_yield,
	.do_schedule = csched_schedule,
	.adjust = csched_adjust,
	.get_params = csched_get_params,
};
