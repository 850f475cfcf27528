/* SPDX-License-Identifier: MIT */
/*
 * Ticket spinlocks. The global lock order is kept in xen/docs/locking.md.
 * Built on compiler atomics only, so host unit tests use the real thing; the
 * _irqsave forms use local_irq_save/restore from <asm/irqflags.h>.
 */
#ifndef XEN_SPINLOCK_H
#define XEN_SPINLOCK_H

#include <xen/compiler.h>
#include <xen/types.h>
#include <asm/irqflags.h>

typedef struct {
	uint16_t head; /* ticket being served */
	uint16_t tail; /* next ticket to hand out */
} spinlock_t;

#define SPIN_LOCK_UNLOCKED \
	{                  \
		0, 0       \
	}
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l)
{
	l->head = 0;
	l->tail = 0;
}

static inline void spin_lock(spinlock_t *l)
{
	uint16_t me = __atomic_fetch_add(&l->tail, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->head, __ATOMIC_ACQUIRE) != me)
		__builtin_ia32_pause();
}

static inline bool spin_trylock(spinlock_t *l)
{
	uint16_t head = __atomic_load_n(&l->head, __ATOMIC_RELAXED);
	uint16_t tail = head;

	/* Take a ticket only if it would be served at once. */
	if (__atomic_load_n(&l->tail, __ATOMIC_RELAXED) != head)
		return false;
	return __atomic_compare_exchange_n(&l->tail, &tail, head + 1, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->head, l->head + 1, __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
	return __atomic_load_n(&l->head, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&l->tail, __ATOMIC_RELAXED);
}

#define spin_lock_irqsave(l, flags)    \
	do {                           \
		local_irq_save(flags); \
		spin_lock(l);          \
	} while (0)
#define spin_unlock_irqrestore(l, flags)  \
	do {                              \
		spin_unlock(l);           \
		local_irq_restore(flags); \
	} while (0)

#endif /* XEN_SPINLOCK_H */
