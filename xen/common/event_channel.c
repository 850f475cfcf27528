/* SPDX-License-Identifier: MIT */
/*
 * Event channels, 2-level ABI (pv-boot-abi.md §7, io-abi.md §2): ports
 * 1..max_evtchn_port of a domain (4095 for the control domain, 1023 for
 * others, libxl's default), each unbound, connected to a port of another
 * domain (or of the same one), bound to a VIRQ or an IPI, or served by the
 * hypervisor itself (the built-in console backend). Raising a port sets its
 * bit in shared_info's pending bitmap and, unless the guest masked it, the
 * selector bit and evtchn_upcall_pending of the port's notify vCPU, which
 * is then kicked: woken if it waits, made to look if it runs elsewhere. The
 * upcall itself is delivered on the vCPU's way back to guest context
 * (pv/traps.c). Pollers of a port (SCHEDOP_poll) wake even while it is
 * masked. The FIFO ABI is not offered (-ENOSYS), so guests use this one.
 *
 * Locking (xen/docs/locking.md): each domain's ports are guarded by its
 * event_lock, taken with interrupts off since timers raise VIRQ_TIMER. An
 * interdomain binding is made and dissolved only with both domains' locks
 * held, lower domid first; so while either lock is held the binding, and
 * the peer domain with it, stays. A send therefore raises the peer's port
 * holding only the sender's lock, and never touches the peer after
 * dropping it. Where a peer is found under one lock and both are needed
 * next, a reference keeps it alive in between.
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
#define DOMU_MAX_PORT 1023 /* libxl's default max_evtchn_port */
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

/* The hypervisor's own users of a port (an unbound port it serves). */
enum {
	XEN_CONSUMER_NONE,
	XEN_CONSUMER_CONSOLE,
};

struct evtchn {
	u8 state;
	u8 notify_vcpu;
	u8 xen_consumer; /* XEN_CONSUMER_*: a send calls the hypervisor */
	u16 virq;
	domid_t remote_domid; /* unbound: who may bind */
	u32 remote_port; /* interdomain */
	struct domain *remote_dom; /* interdomain */
};

static void (*const xen_consumers[])(struct domain *d, evtchn_port_t port) = {
	[XEN_CONSUMER_CONSOLE] = console_backend_notify,
};

enum { VIRQ_CLASS_VCPU, VIRQ_CLASS_DOMAIN, VIRQ_CLASS_GLOBAL };

/* Per vCPU, per domain, or global (one handling domain: domain 0). */
static int virq_class(unsigned int virq)
{
	switch (virq) {
	case VIRQ_TIMER:
	case VIRQ_DEBUG:
	case VIRQ_XENOPROF:
	case VIRQ_XENPMU:
		return VIRQ_CLASS_VCPU;
	case VIRQ_ARGO:
		return VIRQ_CLASS_DOMAIN;
	default:
		return VIRQ_CLASS_GLOBAL;
	}
}

int evtchn_init(struct domain *d)
{
	d->max_evtchn_port = d->is_privileged ? NR_PORTS - 1 : DOMU_MAX_PORT;
	d->evtchn = xzalloc_array(struct evtchn, d->max_evtchn_port + 1);
	if (!d->evtchn)
		return -ENOMEM;
	spin_lock_init(&d->event_lock);
	d->evtchn[0].state = ECS_RESERVED;
	return 0;
}

static long close_port(struct domain *d, evtchn_port_t port);

/* A bound (or unbound, but allocated) port of d; d's lock held. */
static bool port_valid(const struct domain *d, evtchn_port_t port)
{
	return d->evtchn && port <= d->max_evtchn_port &&
	       d->evtchn[port].state != ECS_FREE &&
	       d->evtchn[port].state != ECS_RESERVED;
}

void evtchn_destroy(struct domain *d)
{
	struct evtchn *ports;
	unsigned long flags;
	unsigned int p;

	if (!d->evtchn)
		return;
	/* Peers in other domains see their ports become unbound. */
	for (p = 1; p <= d->max_evtchn_port; p++)
		close_port(d, p);
	spin_lock_irqsave(&d->event_lock, flags);
	ports = d->evtchn;
	d->evtchn = NULL;
	spin_unlock_irqrestore(&d->event_lock, flags);
	xfree(ports);
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

/*
 * Raise port of d. Called with d's event_lock held, or with the lock of a
 * domain whose interdomain port is bound to it (which pins the binding).
 */
static void set_pending(struct domain *d, unsigned int port)
{
	struct evtchn *chn = &d->evtchn[port];
	struct vcpu *v = d->vcpu[READ_ONCE(chn->notify_vcpu)];
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
	return port <= d->max_evtchn_port;
}

bool evtchn_port_is_pending(struct domain *d, evtchn_port_t port)
{
	return port <= d->max_evtchn_port &&
	       test_bit_words(d->shared_info->evtchn_pending, port);
}

/* The lowest free port of d (d's lock held), or -ENOSPC. */
static int get_free_port(struct domain *d)
{
	unsigned int p;

	for (p = 1; p <= d->max_evtchn_port; p++)
		if (d->evtchn[p].state == ECS_FREE)
			return p;
	return -ENOSPC;
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

/* --- Raising ports from the hypervisor ----------------------------------- */

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
	struct domain *d = v->domain;
	unsigned long flags;
	u32 port;

	spin_lock_irqsave(&d->event_lock, flags);
	port = v->virq_to_evtchn[virq];
	if (port && d->evtchn && !domain_is_stopped(d))
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
	if (port && d->evtchn && !domain_is_stopped(d))
		set_pending(d, port);
	spin_unlock_irqrestore(&d->event_lock, flags);
	domain_put(d);
}

/* --- Boot-time setup (hyperlaunch, the builder) -------------------------- */

int evtchn_alloc_unbound_port(struct domain *d, domid_t remote)
{
	unsigned long flags;
	int port;

	spin_lock_irqsave(&d->event_lock, flags);
	port = get_free_port(d);
	if (port > 0)
		d->evtchn[port] = (struct evtchn){ .state = ECS_UNBOUND,
						   .remote_domid = remote };
	spin_unlock_irqrestore(&d->event_lock, flags);
	return port;
}

static int alloc_xen_port(struct domain *d, u8 consumer)
{
	unsigned long flags;
	int port;

	spin_lock_irqsave(&d->event_lock, flags);
	port = get_free_port(d);
	if (port > 0)
		d->evtchn[port] = (struct evtchn){ .state = ECS_UNBOUND,
						   .xen_consumer = consumer,
						   .remote_domid = DOMID_XEN };
	spin_unlock_irqrestore(&d->event_lock, flags);
	return port;
}

int evtchn_alloc_console_port(struct domain *d)
{
	return alloc_xen_port(d, XEN_CONSUMER_CONSOLE);
}

void evtchn_notify_xen_port(struct domain *d, evtchn_port_t port)
{
	unsigned long flags;

	spin_lock_irqsave(&d->event_lock, flags);
	if (port_valid(d, port) && d->evtchn[port].xen_consumer)
		set_pending(d, port);
	spin_unlock_irqrestore(&d->event_lock, flags);
}

int evtchn_bind_boot(struct domain *a, evtchn_port_t pa, struct domain *b,
		     evtchn_port_t pb)
{
	unsigned long flags;
	int rc = 0;

	if (a == b && pa == pb)
		return -EINVAL;
	flags = lock_pair(a, b);
	if (pa > a->max_evtchn_port || pb > b->max_evtchn_port)
		rc = -EINVAL;
	else if (a->evtchn[pa].state != ECS_FREE ||
		 b->evtchn[pb].state != ECS_FREE)
		rc = -EEXIST;
	if (!rc) {
		a->evtchn[pa] = (struct evtchn){ .state = ECS_INTERDOMAIN,
						 .remote_dom = b,
						 .remote_port = pb };
		b->evtchn[pb] = (struct evtchn){ .state = ECS_INTERDOMAIN,
						 .remote_dom = a,
						 .remote_port = pa };
	}
	unlock_pair(a, b, flags);
	return rc;
}

/* --- The hypercall's operations ------------------------------------------ */

static long alloc_unbound(struct evtchn_alloc_unbound *a)
{
	struct domain *cur = current->domain, *d = cur;
	unsigned long flags;
	int port;

	if (a->dom != DOMID_SELF && a->dom != cur->domain_id) {
		d = domain_get(a->dom);
		if (!d)
			return -ESRCH;
		if (!cur->is_privileged) {
			domain_put(d);
			return -EPERM;
		}
	}
	spin_lock_irqsave(&d->event_lock, flags);
	port = d->evtchn ? get_free_port(d) : -ESRCH;
	if (port > 0) {
		d->evtchn[port] = (struct evtchn){
			.state = ECS_UNBOUND,
			.remote_domid = a->remote_dom == DOMID_SELF ?
						cur->domain_id :
						a->remote_dom,
		};
		a->port = port;
	}
	spin_unlock_irqrestore(&d->event_lock, flags);
	if (d != cur)
		domain_put(d);
	return port < 0 ? port : 0;
}

static long bind_interdomain(struct evtchn_bind_interdomain *b)
{
	struct domain *ld = current->domain, *rd;
	struct evtchn *rchn;
	unsigned long flags;
	long rc = 0;
	int lport;

	rd = domain_get(b->remote_dom == DOMID_SELF ? ld->domain_id :
						      b->remote_dom);
	if (!rd)
		return -ESRCH;
	flags = lock_pair(ld, rd);
	if (!rd->evtchn || b->remote_port > rd->max_evtchn_port) {
		rc = -EINVAL;
		goto out;
	}
	rchn = &rd->evtchn[b->remote_port];
	if (rchn->state != ECS_UNBOUND || rchn->xen_consumer ||
	    rchn->remote_domid != ld->domain_id) {
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
	domain_put(rd);
	return rc;
}

static long bind_virq(struct evtchn_bind_virq *b)
{
	struct domain *d = current->domain;
	struct vcpu *v;
	unsigned long flags;
	long rc = 0;
	int port, class;

	if (b->virq >= NR_VIRQS)
		return -EINVAL;
	class = virq_class(b->virq);
	if (class != VIRQ_CLASS_VCPU && b->vcpu != 0)
		return -EINVAL;
	/* A global VIRQ belongs to the domain that handles it: domain 0. */
	if (class == VIRQ_CLASS_GLOBAL && d->domain_id != 0)
		return -EBUSY;
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
	if (!rc && b->virq == VIRQ_CONSOLE)
		console_input_watch();
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

	/*
	 * Find the peer under d's lock, where the binding holds it alive,
	 * and keep it alive with a reference until both locks are ours.
	 */
	spin_lock_irqsave(&d->event_lock, flags);
	if (port_valid(d, port) && d->evtchn[port].state == ECS_INTERDOMAIN) {
		rd = d->evtchn[port].remote_dom;
		get_knownalive_domain(rd);
	}
	spin_unlock_irqrestore(&d->event_lock, flags);

	flags = lock_pair(d, rd ? rd : d);
	if (!port_valid(d, port)) {
		rc = -EINVAL;
		goto out;
	}
	chn = &d->evtchn[port];
	switch (chn->state) {
	case ECS_VIRQ:
		/* Only per-vCPU VIRQs are recorded on a vCPU other than 0. */
		d->vcpu[virq_class(chn->virq) == VIRQ_CLASS_VCPU ?
				chn->notify_vcpu :
				0]
			->virq_to_evtchn[chn->virq] = 0;
		break;
	case ECS_INTERDOMAIN:
		if (chn->remote_dom != rd) {
			rc = -EAGAIN; /* rebound meanwhile; the guest retries */
			goto out;
		}
		if (rd->evtchn) {
			struct evtchn *rchn = &rd->evtchn[chn->remote_port];

			rchn->state = ECS_UNBOUND;
			rchn->remote_domid = d->domain_id;
			rchn->remote_dom = NULL;
		}
		break;
	}
	test_and_clear(d->shared_info->evtchn_pending, port);
	*chn = (struct evtchn){ .state = ECS_FREE };
out:
	unlock_pair(d, rd ? rd : d, flags);
	if (rd)
		domain_put(rd);
	return rc;
}

static long send(evtchn_port_t port)
{
	struct domain *d = current->domain;
	struct evtchn *chn;
	unsigned long flags;
	u8 consumer = XEN_CONSUMER_NONE;
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
		consumer = chn->xen_consumer; /* else nobody to tell */
		break;
	case ECS_INTERDOMAIN:
		/* Our lock pins the binding, and the peer with it. */
		set_pending(chn->remote_dom, chn->remote_port);
		break;
	default:
		rc = -EINVAL;
	}
out:
	spin_unlock_irqrestore(&d->event_lock, flags);
	/* The hypervisor's own end runs without the lock (it may print). */
	if (consumer)
		xen_consumers[consumer](d, port);
	return rc;
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
		d = domain_get(st->dom);
		if (!d)
			return -ESRCH;
	}
	spin_lock_irqsave(&d->event_lock, flags);
	if (!d->evtchn || st->port > d->max_evtchn_port) {
		rc = -EINVAL;
		goto out;
	}
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
out:
	spin_unlock_irqrestore(&d->event_lock, flags);
	if (d != cur)
		domain_put(d);
	return rc;
}

static long bind_vcpu(struct evtchn_bind_vcpu *b)
{
	struct domain *d = current->domain;
	struct evtchn *chn;
	unsigned long flags;
	long rc = 0;

	if (b->vcpu >= d->max_vcpus || !d->vcpu[b->vcpu])
		return -ENOENT;
	spin_lock_irqsave(&d->event_lock, flags);
	if (!port_valid(d, b->port)) {
		rc = -EINVAL;
		goto out;
	}
	chn = &d->evtchn[b->port];
	switch (chn->state) {
	case ECS_VIRQ:
		/* Only a global or per-domain VIRQ may move (§7.3). */
		if (virq_class(chn->virq) == VIRQ_CLASS_VCPU)
			rc = -EINVAL;
		else
			chn->notify_vcpu = b->vcpu;
		break;
	case ECS_UNBOUND:
	case ECS_INTERDOMAIN:
		chn->notify_vcpu = b->vcpu;
		break;
	default:
		rc = -EINVAL;
	}
out:
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
		d = domain_get(r->dom);
		if (!d)
			return -ESRCH;
		if (!cur->is_privileged) {
			domain_put(d);
			return -EPERM;
		}
	}
	for (p = 1; p <= d->max_evtchn_port; p++)
		close_port(d, p);
	if (d != cur)
		domain_put(d);
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
		/* bind_pirq: no passthrough; FIFO (11-13): 2-level only. */
		return -ENOSYS;
	}
}
