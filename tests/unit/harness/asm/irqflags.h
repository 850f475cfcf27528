/* SPDX-License-Identifier: MIT */
/*
 * Host unit-test stand-in for the arch interrupt-flag helpers. A test process
 * has no interrupts to mask, but the macros still read and write their
 * argument so code that forgets the flags variable fails to compile here too.
 */
#ifndef HARNESS_ASM_IRQFLAGS_H
#define HARNESS_ASM_IRQFLAGS_H

#define local_irq_disable() ((void)0)
#define local_irq_enable() ((void)0)
#define local_irq_save(flags) ((flags) = 0x200UL)
#define local_irq_restore(flags) ((void)(flags))

#endif /* HARNESS_ASM_IRQFLAGS_H */
