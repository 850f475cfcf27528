/* SPDX-License-Identifier: MIT */
/*
 * Event channels, 2-level ABI (pv-boot-abi.md §7, io-abi.md §2): ports
 * 1-4095 of a domain, each unbound, connected to a port of another domain
 * (or of the same one), bound to a VIRQ or an IPI. Raising a port sets its
 * bit in shared_info's pending bitmap and, unless the guest masked it,
 * the selector bit and evtchn_upcall_pending of the port's notify vCPU; the
 * upcall itself is delivered on the vCPU's next return to guest context
 * (pv/traps.c). The FIFO ABI is not offered (-ENOSYS), so guests use this.
 *
 * Each domain's ports are guarded by its event_lock, always taken with
 * interrupts off because timer interrupts raise VIRQ_TIMER. Two domains'
 * locks are taken lower domid first.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <hypercall-defs.h>
#include <public/event_channel.h>
#include <public/xen.h>

#define NR_PORTS EVTCHN_2L_NR_CHANNELS
#define BITS_PER_WORD 64

/* Port states (hypervisor-private). */
enum {
	ECS_FREE = 0,
	ECS_RESERVED, /* port 0 */
	ECS_UNBOUND,
	ECS_INTERDOMAIN,
	ECS_VIRQ,
	ECS_IPI,
};

struct evtchn {
	u8 state;
	u8 notify_vcpu;
	u16 virq;
	domid_t remote_domid; /* unbound: who may bind */
	u32 remote_port; /* interdomain */
	struct domain *remote_dom; /* interdomain */
};

static bool virq_is_per_vcpu(unsigned int virq)
{
	return virq == VIRQ_TIMER || virq == VIRQ_DEBUG ||
	       virq == VIRQ_XENOPROF || virq == VIRQ_XENPMU;
}

int evtchn_init(struct domain *d)
{
	d->evtchn = xzalloc_array(struct evtchn, NR_PORTS);
	if (!d->evtchn)
		return -ENOMEM;
	spin_lock_init(&d->event_lock);
	d->evtchn[0].state = ECS_RESERVED;
	return 0;
}

static long close_port(struct domain *d, evtchn_port_t port);
static bool port_valid(const struct domain *d, evtchn_port_t port);

void evtchn_destroy(struct domain *d)
{
	unsigned int p;

	if (!d->evtchn)
		return;
	/* Peers in other domains see their ports become unbound. */
	for (p = 1; p < NR_PORTS; p++)
		if (port_valid(d, p))
			close_port(d, p);
	xfree(d->evtchn);
	d->evtchn = NULL;
}

static bool test_and_set(xen_ulong_t *words, unsigned int bit)
{
	xen_ulong_t m = 1UL << (bit % BITS_PER_WORD);

	return __atomic_fetch_or(&words[bit / BITS_PER_WORD], m,
				 __ATOMIC_SEQ_CST) &
	       m;
}

static bool test_and_clear(xen_ulong_t *words, unsigned int bit)
{
	xen_ulong_t m = 1UL << (bit % BITS_PER_WORD);

	return __atomic_fetch_and(&words[bit / BITS_PER_WORD], ~m,
				  __ATOMIC_SEQ_CST) &
	       m;
}

static bool test_bit_words(const xen_ulong_t *words, unsigned int bit)
{
	return (__atomic_load_n(&words[bit / BITS_PER_WORD],
				__ATOMIC_SEQ_CST) >>
		(bit % BITS_PER_WORD)) &
	       1;
}

/* Mark the selector and upcall of v for port's word (§7.1 step 2). */
static void mark_upcall(struct vcpu *v, unsigned int port)
{
	vcpu_info_t *vi = v->vcpu_info;
	xen_ulong_t m = 1UL << (port / BITS_PER_WORD);

	if (__atomic_fetch_or(&vi->evtchn_pending_sel, m, __ATOMIC_SEQ_CST) & m)
		return;
	if (!__atomic_exchange_n(&vi->evtchn_upcall_pending, 1,
				 __ATOMIC_SEQ_CST))
		vcpu_kick(v); /* wake it if blocked, or make it look */
}

/* Raise port of d (d's event_lock held). */
static void set_pending(struct domain *d, unsigned int port)
{
	struct evtchn *chn = &d->evtchn[port];
	struct vcpu *v = d->vcpu[chn->notify_vcpu];
	shared_info_t *s = d->shared_info;

	if (!v || test_and_set(s->evtchn_pending, port))
		return;
	if (!test_bit_words(s->evtchn_mask, port))
		mark_upcall(v, port);
	/* Polled ports wake their pollers even while masked. */
	if (READ_ONCE(d->poll_mask))
		sched_wake_pollers(d, port);
}

bool evtchn_port_valid(const struct domain *d, evtchn_port_t port)
{
	return port < NR_PORTS;
}

bool evtchn_port_is_pending(struct domain *d, evtchn_port_t port)
{
	return port < NR_PORTS &&
	       test_bit_words(d->shared_info->evtchn_pending, port);
}

static int get_free_port(struct domain *d)
{
	unsigned int p;

	for (p = 1; p < NR_PORTS; p++)
		if (d->evtchn[p].state == ECS_FREE)
			return p;
	return -ENOSPC;
}

static bool port_valid(const struct domain *d, evtchn_port_t port)
{
	return port < NR_PORTS && d->evtchn[port].state != ECS_FREE &&
	       d->evtchn[port].state != ECS_RESERVED;
}

/* Lock one or two domains' event locks, lower domid first. */
static unsigned long lock_pair(struct domain *a, struct domain *b)
{
	unsigned long flags;

	local_irq_save(flags);
	if (a == b) {
		spin_lock(&a->event_lock);
	} else if (a->domain_id < b->domain_id) {
		spin_lock(&a->event_lock);
		spin_lock(&b->event_lock);
	} else {
		spin_lock(&b->event_lock);
		spin_lock(&a->event_lock);
	}
	return flags;
}

static void unlock_pair(struct domain *a, struct domain *b, unsigned long flags)
{
	if (a != b)
		spin_unlock(&b->event_lock);
	spin_unlock(&a->event_lock);
	local_irq_restore(flags);
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
	struct domain *d = v->domain;
	unsigned long flags;
	u32 port;

	spin_lock_irqsave(&d->event_lock, flags);
	port = v->virq_to_evtchn[virq];
	if (port && !domain_is_stopped(d))
		set_pending(d, port);
	spin_unlock_irqrestore(&d->event_lock, flags);
}

void send_global_virq(unsigned int virq)
{
	struct domain *d = domain_get(0);
	unsigned long flags;
	u32 port;

	if (!d)
		return;
	spin_lock_irqsave(&d->event_lock, flags);
	port = d->vcpu[0] ? d->vcpu[0]->virq_to_evtchn[virq] : 0;
	if (port && !domain_is_stopped(d))
		set_pending(d, port);
	spin_unlock_irqrestore(&d->event_lock, flags);
	domain_put(d);
}

static long alloc_unbound(struct evtchn_alloc_unbound *a)
{
	struct domain *cur = current->domain, *d = cur;
	unsigned long flags;
	int port;

	if (a->dom != DOMID_SELF && a->dom != cur->domain_id) {
		if (!cur->is_privileged)
			return -EPERM;
		d = domain_lookup(a->dom);
		if (!d)
			return -ESRCH;
	}
	spin_lock_irqsave(&d->event_lock, flags);
	port = get_free_port(d);
	if (port > 0) {
		d->evtchn[port].state = ECS_UNBOUND;
		d->evtchn[port].notify_vcpu = 0;
		d->evtchn[port].remote_domid = a->remote_dom == DOMID_SELF ?
						       cur->domain_id :
						       a->remote_dom;
		a->port = port;
	}
	spin_unlock_irqrestore(&d->event_lock, flags);
	return port < 0 ? port : 0;
}

static long bind_interdomain(struct evtchn_bind_interdomain *b)
{
	struct domain *ld = current->domain, *rd;
	struct evtchn *rchn;
	unsigned long flags;
	long rc = 0;
	int lport;

	rd = b->remote_dom == DOMID_SELF ? ld : domain_lookup(b->remote_dom);
	if (!rd)
		return -ESRCH;
	flags = lock_pair(ld, rd);
	if (b->remote_port >= NR_PORTS) {
		rc = -EINVAL;
		goto out;
	}
	rchn = &rd->evtchn[b->remote_port];
	if (rchn->state != ECS_UNBOUND || rchn->remote_domid != ld->domain_id) {
		rc = -EINVAL;
		goto out;
	}
	lport = get_free_port(ld);
	if (lport < 0) {
		rc = lport;
		goto out;
	}
	ld->evtchn[lport] = (struct evtchn){ .state = ECS_INTERDOMAIN,
					     .remote_dom = rd,
					     .remote_port = b->remote_port };
	rchn->state = ECS_INTERDOMAIN;
	rchn->remote_dom = ld;
	rchn->remote_port = lport;
	b->local_port = lport;
	/* The new port starts pending, as in Xen (io-abi.md §2.2). */
	set_pending(ld, lport);
out:
	unlock_pair(ld, rd, flags);
	return rc;
}

static long bind_virq(struct evtchn_bind_virq *b)
{
	struct domain *d = current->domain;
	struct vcpu *v;
	unsigned long flags;
	long rc = 0;
	int port;

	if (b->virq >= NR_VIRQS)
		return -EINVAL;
	if (!virq_is_per_vcpu(b->virq) && b->vcpu != 0)
		return -EINVAL;
	if (b->vcpu >= d->max_vcpus || !d->vcpu[b->vcpu])
		return -ENOENT;
	v = d->vcpu[b->vcpu];
	spin_lock_irqsave(&d->event_lock, flags);
	if (v->virq_to_evtchn[b->virq]) {
		rc = -EEXIST;
	} else if ((port = get_free_port(d)) < 0) {
		rc = port;
	} else {
		d->evtchn[port] = (struct evtchn){ .state = ECS_VIRQ,
						   .notify_vcpu = b->vcpu,
						   .virq = b->virq };
		v->virq_to_evtchn[b->virq] = port;
		b->port = port;
	}
	spin_unlock_irqrestore(&d->event_lock, flags);
	return rc;
}

static long bind_ipi(struct evtchn_bind_ipi *b)
{
	struct domain *d = current->domain;
	unsigned long flags;
	int port;

	if (b->vcpu >= d->max_vcpus || !d->vcpu[b->vcpu])
		return -ENOENT;
	spin_lock_irqsave(&d->event_lock, flags);
	port = get_free_port(d);
	if (port > 0) {
		d->evtchn[port] = (struct evtchn){ .state = ECS_IPI,
						   .notify_vcpu = b->vcpu };
		b->port = port;
	}
	spin_unlock_irqrestore(&d->event_lock, flags);
	return port < 0 ? port : 0;
}

/* Free port of d; the peer of an interdomain port becomes unbound. */
static long close_port(struct domain *d, evtchn_port_t port)
{
	struct domain *rd = NULL;
	struct evtchn *chn;
	unsigned long flags;
	long rc = 0;

	/* Find the peer first (it cannot change without d's lock...). */
	spin_lock_irqsave(&d->event_lock, flags);
	if (port_valid(d, port) && d->evtchn[port].state == ECS_INTERDOMAIN)
		rd = d->evtchn[port].remote_dom;
	spin_unlock_irqrestore(&d->event_lock, flags);

	flags = lock_pair(d, rd ? rd : d);
	if (!port_valid(d, port)) {
		rc = -EINVAL;
		goto out;
	}
	chn = &d->evtchn[port];
	switch (chn->state) {
	case ECS_VIRQ:
		d->vcpu[chn->notify_vcpu]->virq_to_evtchn[chn->virq] = 0;
		break;
	case ECS_INTERDOMAIN:
		if (chn->remote_dom != rd) {
			rc = -EAGAIN; /* rebound meanwhile; the guest retries */
			goto out;
		}
		rd->evtchn[chn->remote_port].state = ECS_UNBOUND;
		rd->evtchn[chn->remote_port].remote_domid = d->domain_id;
		rd->evtchn[chn->remote_port].remote_dom = NULL;
		break;
	}
	test_and_clear(d->shared_info->evtchn_pending, port);
	*chn = (struct evtchn){ .state = ECS_FREE };
out:
	unlock_pair(d, rd ? rd : d, flags);
	return rc;
}

static long send(evtchn_port_t port)
{
	struct domain *d = current->domain, *rd = NULL;
	struct evtchn *chn;
	unsigned long flags;
	long rc = 0;

	spin_lock_irqsave(&d->event_lock, flags);
	if (!port_valid(d, port)) {
		rc = -EINVAL;
		goto out;
	}
	chn = &d->evtchn[port];
	switch (chn->state) {
	case ECS_IPI:
		set_pending(d, port);
		break;
	case ECS_UNBOUND:
		break; /* nobody to tell */
	case ECS_INTERDOMAIN:
		if (chn->remote_dom == d)
			set_pending(d, chn->remote_port);
		else
			rd = chn->remote_dom; /* needs both locks: below */
		break;
	default:
		rc = -EINVAL;
	}
out:
	spin_unlock_irqrestore(&d->event_lock, flags);
	if (!rd)
		return rc;

	flags = lock_pair(d, rd);
	chn = &d->evtchn[port];
	if (chn->state == ECS_INTERDOMAIN && chn->remote_dom == rd)
		set_pending(rd, chn->remote_port);
	unlock_pair(d, rd, flags);
	return 0;
}

static long status(struct evtchn_status *st)
{
	struct domain *cur = current->domain, *d = cur;
	struct evtchn *chn;
	unsigned long flags;
	long rc = 0;

	if (st->dom != DOMID_SELF && st->dom != cur->domain_id) {
		if (!cur->is_privileged)
			return -EPERM;
		d = domain_lookup(st->dom);
		if (!d)
			return -ESRCH;
	}
	if (st->port >= NR_PORTS)
		return -EINVAL;
	spin_lock_irqsave(&d->event_lock, flags);
	chn = &d->evtchn[st->port];
	memset(&st->u, 0, sizeof(st->u));
	st->vcpu = chn->notify_vcpu;
	switch (chn->state) {
	case ECS_FREE:
	case ECS_RESERVED:
		st->status = EVTCHNSTAT_closed;
		break;
	case ECS_UNBOUND:
		st->status = EVTCHNSTAT_unbound;
		st->u.unbound.dom = chn->remote_domid;
		break;
	case ECS_INTERDOMAIN:
		st->status = EVTCHNSTAT_interdomain;
		st->u.interdomain.dom = chn->remote_dom->domain_id;
		st->u.interdomain.port = chn->remote_port;
		break;
	case ECS_VIRQ:
		st->status = EVTCHNSTAT_virq;
		st->u.virq = chn->virq;
		break;
	case ECS_IPI:
		st->status = EVTCHNSTAT_ipi;
		break;
	}
	spin_unlock_irqrestore(&d->event_lock, flags);
	return rc;
}

static long bind_vcpu(struct evtchn_bind_vcpu *b)
{
	struct domain *d = current->domain;
	unsigned long flags;
	long rc = 0;

	if (b->vcpu >= d->max_vcpus || !d->vcpu[b->vcpu])
		return -ENOENT;
	spin_lock_irqsave(&d->event_lock, flags);
	if (!port_valid(d, b->port))
		rc = -EINVAL;
	else if (d->evtchn[b->port].state == ECS_IPI ||
		 (d->evtchn[b->port].state == ECS_VIRQ &&
		  virq_is_per_vcpu(d->evtchn[b->port].virq)))
		rc = -EINVAL;
	else
		d->evtchn[b->port].notify_vcpu = b->vcpu;
	spin_unlock_irqrestore(&d->event_lock, flags);
	return rc;
}

static long unmask(evtchn_port_t port)
{
	struct domain *d = current->domain;
	shared_info_t *s = d->shared_info;
	unsigned long flags;
	long rc = 0;

	spin_lock_irqsave(&d->event_lock, flags);
	if (!port_valid(d, port))
		rc = -EINVAL;
	else if (test_and_clear(s->evtchn_mask, port) &&
		 test_bit_words(s->evtchn_pending, port))
		mark_upcall(d->vcpu[d->evtchn[port].notify_vcpu], port);
	spin_unlock_irqrestore(&d->event_lock, flags);
	return rc;
}

static long reset(struct evtchn_reset *r)
{
	struct domain *cur = current->domain, *d = cur;
	unsigned int p;

	/* As Xen: a domain that does not exist first, then privilege. */
	if (r->dom != DOMID_SELF && r->dom != cur->domain_id) {
		d = domain_lookup(r->dom);
		if (!d)
			return -ESRCH;
		if (!cur->is_privileged)
			return -EPERM;
	}
	for (p = 1; p < NR_PORTS; p++)
		if (port_valid(d, p))
			close_port(d, p);
	return 0;
}

/* Copy an argument in, run op, copy it back out on success. */
#define EVTCHN_OP(type, fn)                                      \
	do {                                                     \
		type a_;                                         \
		long rc_;                                        \
		if (copy_from_guest(&a_, arg, sizeof(a_)))       \
			return -EFAULT;                          \
		rc_ = fn(&a_);                                   \
		if (!rc_ && copy_to_guest(arg, &a_, sizeof(a_))) \
			return -EFAULT;                          \
		return rc_;                                      \
	} while (0)

long do_event_channel_op(int cmd, void *arg)
{
	evtchn_port_t port;

	switch (cmd) {
	case EVTCHNOP_alloc_unbound:
		EVTCHN_OP(struct evtchn_alloc_unbound, alloc_unbound);
	case EVTCHNOP_bind_interdomain:
		EVTCHN_OP(struct evtchn_bind_interdomain, bind_interdomain);
	case EVTCHNOP_bind_virq:
		EVTCHN_OP(struct evtchn_bind_virq, bind_virq);
	case EVTCHNOP_bind_ipi:
		EVTCHN_OP(struct evtchn_bind_ipi, bind_ipi);
	case EVTCHNOP_status:
		EVTCHN_OP(struct evtchn_status, status);
	case EVTCHNOP_bind_vcpu:
		EVTCHN_OP(struct evtchn_bind_vcpu, bind_vcpu);
	case EVTCHNOP_reset:
		EVTCHN_OP(struct evtchn_reset, reset);
	case EVTCHNOP_close:
	case EVTCHNOP_send:
	case EVTCHNOP_unmask:
		/* All three take just a port. */
		if (copy_from_guest(&port, arg, sizeof(port)))
			return -EFAULT;
		if (cmd == EVTCHNOP_close)
			return close_port(current->domain, port);
		return cmd == EVTCHNOP_send ? send(port) : unmask(port);
	default:
		/* bind_pirq: no passthrough; FIFO: 2-level only. */
		return -ENOSYS;
	}
}
