/* SPDX-License-Identifier: MIT */
/*
 * Local interrupt enable/disable. flags is an unsigned long lvalue.
 */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

#define X86_EFLAGS_IF 0x200UL

#define local_irq_disable() __asm__ __volatile__("cli" : : : "memory")
#define local_irq_enable() __asm__ __volatile__("sti" : : : "memory")
#define local_save_flags(flags) \
	__asm__ __volatile__("pushfq; popq %0" : "=g"(flags) : : "memory")
#define local_irq_save(flags)            \
	do {                             \
		local_save_flags(flags); \
		local_irq_disable();     \
	} while (0)
#define local_irq_restore(flags) \
	__asm__ __volatile__("pushq %0; popfq" : : "g"(flags) : "memory", "cc")
#define local_irq_is_enabled()           \
	({                               \
		unsigned long __f;       \
		local_save_flags(__f);   \
		!!(__f & X86_EFLAGS_IF); \
	})

#endif /* ASM_IRQFLAGS_H */
