/* SPDX-License-Identifier: MIT */
/*
 * Software timers. Each CPU keeps its active timers on a list sorted by
 * expiry (timers per CPU are few, so a list beats a heap on simplicity) and
 * keeps its one-shot hardware timer programmed for the head of that list.
 * timer_do_expired(), called from the timer interrupt, runs everything due
 * with the queue lock dropped around each callback, so a callback may set,
 * stop or kill timers, its own included. A timer set from another CPU
 * that becomes the head of its queue kicks its CPU (TIMER_SOFTIRQ) to
 * reprogram; migrate_timer() moves a timer to another CPU's queue.
 */
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <xen/timer.h>

#define TIMER_STATUS_invalid 0 /* never initialised */
#define TIMER_STATUS_inactive 1 /* initialised, not queued */
#define TIMER_STATUS_active 2 /* on its CPU's queue */
#define TIMER_STATUS_killed 3 /* stopped for good */

struct timer_queue {
	/* lock guards list, running and every field of the CPU's timers. */
	spinlock_t lock;
	struct list_head list; /* active timers, earliest first */
	struct timer *running; /* whose callback is running now, if any */
	/*
	 * The queue's own address once set up. A secondary CPU's per-CPU area
	 * starts as a copy of the boot CPU's, so a queue whose self pointer
	 * is not itself has never been set up on this CPU.
	 */
	struct timer_queue *self;
};

static DEFINE_PER_CPU(struct timer_queue, timer_queue);
/* Serialises first-time setup of a CPU's queue. */
static DEFINE_SPINLOCK(queue_setup_lock);

static struct timer_queue *queue_of(unsigned int cpu)
{
	struct timer_queue *q = &per_cpu(timer_queue, cpu);

	if (likely(__atomic_load_n(&q->self, __ATOMIC_ACQUIRE) == q))
		return q;
	spin_lock(&queue_setup_lock);
	if (q->self != q) {
		spin_lock_init(&q->lock);
		INIT_LIST_HEAD(&q->list);
		q->running = NULL;
		__atomic_store_n(&q->self, q, __ATOMIC_RELEASE);
	}
	spin_unlock(&queue_setup_lock);
	return q;
}

/* Another CPU set an earlier timer for this one (new_head). */
static void timer_softirq_action(void)
{
	timer_do_expired();
}

void timer_init(void)
{
	static bool softirq_opened;
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		queue_of(cpu);
	if (!softirq_opened) {
		open_softirq(TIMER_SOFTIRQ, timer_softirq_action);
		softirq_opened = true;
	}
}

void init_timer(struct timer *t, void (*function)(void *), void *data,
		unsigned int cpu)
{
	t->expires = 0;
	t->function = function;
	t->data = data;
	t->cpu = cpu;
	INIT_LIST_HEAD(&t->inactive_or_queue);
	t->status = TIMER_STATUS_inactive;
}

/*
 * Lock the queue t is on. t->cpu may change (migrate_timer) until its
 * queue's lock is held, so check it again once locked.
 */
static struct timer_queue *lock_timer(struct timer *t, unsigned long *flags)
{
	for (;;) {
		unsigned int cpu = READ_ONCE(t->cpu);
		struct timer_queue *q = queue_of(cpu);

		spin_lock_irqsave(&q->lock, *flags);
		if (likely(READ_ONCE(t->cpu) == cpu))
			return q;
		spin_unlock_irqrestore(&q->lock, *flags);
	}
}

/* Tell this CPU's hardware about a new head of its queue. */
static void reprogram_if_local(struct timer_queue *q, unsigned int cpu)
{
	if (cpu != smp_processor_id())
		return;
	reprogram_timer(list_empty(&q->list) ?
				0 :
				list_first_entry(&q->list, struct timer,
						 inactive_or_queue)
					->expires);
}

/*
 * A new, earlier head on cpu's queue: program the hardware here, or make
 * the other CPU do it (its TIMER_SOFTIRQ runs timer_do_expired, which
 * reprograms). Without the kick it would sleep through the new deadline
 * until its old one.
 */
static void new_head(struct timer_queue *q, unsigned int cpu)
{
	if (cpu == smp_processor_id())
		reprogram_if_local(q, cpu);
	else
		cpu_raise_softirq(cpu, TIMER_SOFTIRQ);
}

/* Put t in expiry order, after any timer due at the same time. */
static void enqueue(struct timer_queue *q, struct timer *t)
{
	struct list_head *pos = q->list.prev;

	while (pos != &q->list &&
	       list_entry(pos, struct timer, inactive_or_queue)->expires >
		       t->expires)
		pos = pos->prev;
	list_add(&t->inactive_or_queue, pos);
	t->status = TIMER_STATUS_active;
}

static bool dequeue(struct timer_queue *q, struct timer *t)
{
	bool was_first = q->list.next == &t->inactive_or_queue;

	list_del_init(&t->inactive_or_queue);
	t->status = TIMER_STATUS_inactive;
	return was_first;
}

void set_timer(struct timer *t, s_time_t expires)
{
	struct timer_queue *q;
	unsigned long flags;

	ASSERT(t->status != TIMER_STATUS_invalid);
	q = lock_timer(t, &flags);
	if (t->status != TIMER_STATUS_killed) {
		if (t->status == TIMER_STATUS_active)
			dequeue(q, t);
		t->expires = expires;
		enqueue(q, t);
		if (q->list.next == &t->inactive_or_queue)
			new_head(q, t->cpu);
	}
	spin_unlock_irqrestore(&q->lock, flags);
}

/*
 * Removing the head needs no kick on another CPU: it wakes at the old
 * deadline, finds nothing due and reprograms for the next.
 */
void stop_timer(struct timer *t)
{
	struct timer_queue *q;
	unsigned long flags;

	/* Teardown paths may stop a timer that was never set up. */
	if (t->status == TIMER_STATUS_invalid)
		return;
	q = lock_timer(t, &flags);
	if (t->status == TIMER_STATUS_active && dequeue(q, t))
		reprogram_if_local(q, t->cpu);
	spin_unlock_irqrestore(&q->lock, flags);
}

void kill_timer(struct timer *t)
{
	struct timer_queue *q;
	unsigned long flags;

	if (t->status == TIMER_STATUS_invalid)
		return;
	q = lock_timer(t, &flags);
	if (t->status == TIMER_STATUS_active && dequeue(q, t))
		reprogram_if_local(q, t->cpu);
	t->status = TIMER_STATUS_killed;
	spin_unlock_irqrestore(&q->lock, flags);

	/*
	 * The caller may free t once we return: wait out a callback running
	 * on another CPU. On t's own CPU the callback is our caller.
	 */
	if (t->cpu != smp_processor_id())
		while (READ_ONCE(q->running) == t)
			__builtin_ia32_pause();
}

void migrate_timer(struct timer *t, unsigned int new_cpu)
{
	struct timer_queue *old_q, *new_q;
	unsigned int old_cpu;
	unsigned long flags;
	bool was_first;

	ASSERT(t->status != TIMER_STATUS_invalid && new_cpu < NR_CPUS);
	/* Both queues' locks, lower CPU first; t->cpu checked once held. */
	for (;;) {
		old_cpu = READ_ONCE(t->cpu);
		if (old_cpu == new_cpu)
			return;
		old_q = queue_of(old_cpu);
		new_q = queue_of(new_cpu);
		local_irq_save(flags);
		spin_lock(old_cpu < new_cpu ? &old_q->lock : &new_q->lock);
		spin_lock(old_cpu < new_cpu ? &new_q->lock : &old_q->lock);
		if (likely(t->cpu == old_cpu))
			break;
		spin_unlock(&new_q->lock);
		spin_unlock(&old_q->lock);
		local_irq_restore(flags);
	}

	if (t->status == TIMER_STATUS_active) {
		was_first = dequeue(old_q, t);
		WRITE_ONCE(t->cpu, new_cpu);
		enqueue(new_q, t);
		if (was_first)
			reprogram_if_local(old_q, old_cpu);
		if (new_q->list.next == &t->inactive_or_queue)
			new_head(new_q, new_cpu);
	} else {
		WRITE_ONCE(t->cpu, new_cpu);
	}
	spin_unlock(&new_q->lock);
	spin_unlock(&old_q->lock);
	local_irq_restore(flags);
}

bool timer_is_active(const struct timer *t)
{
	return READ_ONCE(t->status) == TIMER_STATUS_active;
}

void timer_do_expired(void)
{
	struct timer_queue *q = queue_of(smp_processor_id());
	struct list_head due;
	unsigned long flags;
	s_time_t now;

	spin_lock_irqsave(&q->lock, flags);
	/*
	 * Collect what is due now first, so a callback that re-arms its timer
	 * in the past waits for the next interrupt instead of looping here.
	 */
	now = NOW();
	INIT_LIST_HEAD(&due);
	while (!list_empty(&q->list)) {
		struct timer *t = list_first_entry(&q->list, struct timer,
						   inactive_or_queue);

		if (t->expires > now)
			break;
		list_del(&t->inactive_or_queue);
		/* Still "active": stop_timer() unlinks it from due instead. */
		list_add_tail(&t->inactive_or_queue, &due);
	}

	while (!list_empty(&due)) {
		struct timer *t =
			list_first_entry(&due, struct timer, inactive_or_queue);
		void (*fn)(void *) = t->function;
		void *data = t->data;

		list_del_init(&t->inactive_or_queue);
		t->status = TIMER_STATUS_inactive;
		q->running = t;
		/* Interrupts stay off: only the lock is dropped. */
		spin_unlock(&q->lock);
		fn(data);
		spin_lock(&q->lock);
		q->running = NULL;
	}

	reprogram_if_local(q, smp_processor_id());
	spin_unlock_irqrestore(&q->lock, flags);
}
