/* SPDX-License-Identifier: MIT */
/*
 * The local APIC in xAPIC mode, reached through the fixmap (every CPU sees
 * its own APIC at the same address). Its timer runs one-shot:
 * reprogram_timer() sets it for the earliest software timer of this CPU,
 * and its interrupt runs the expired ones. The timer's rate is measured
 * against the TSC once, on the boot CPU; all CPUs share the bus clock. The
 * interrupt command register sends IPIs: INIT and STARTUP to wake
 * secondary CPUs (smpboot.c), fixed vectors for cross-CPU requests (smp.c).
 */
#include <xen/lib.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/io.h>
#include <asm/irqflags.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/traps.h>

#define APIC_ID 0x020
#define APIC_TPR 0x080
#define APIC_EOI 0x0b0
#define APIC_SVR 0x0f0
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_ICR 0x300 /* interrupt command, low half */
#define APIC_ICR2 0x310 /* high half: destination in bits 24-31 */
#define APIC_LVT_ERROR 0x370
#define APIC_TMICT 0x380 /* initial count */
#define APIC_TMCCT 0x390 /* current count */
#define APIC_TDCR 0x3e0 /* divide configuration */

#define APIC_SVR_ENABLE 0x100
#define APIC_LVT_MASKED 0x10000
#define APIC_TDCR_DIV_1 0xb
#define APIC_BASE_ENABLE (1ULL << 11)
#define APIC_ICR_BUSY 0x1000 /* delivery status: send pending */

#define CALIBRATE_NS MILLISECS(10)

static volatile u8 *apic_mmio;
u32 apic_timer_khz;

static u32 apic_read(unsigned int reg)
{
	return readl(apic_mmio + reg);
}

static void apic_write(unsigned int reg, u32 v)
{
	writel(v, apic_mmio + reg);
}

u32 apic_id(void)
{
	return apic_read(APIC_ID) >> 24;
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

/* Program this CPU's local APIC: no LINT0, NMI on LINT1, timer masked. */
static void apic_setup_local(void)
{
	u64 base = rdmsr(MSR_APIC_BASE);

	if (!(base & APIC_BASE_ENABLE))
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	apic_write(APIC_TPR, 0);
	apic_write(APIC_LVT_LINT0, APIC_LVT_MASKED);
	apic_write(APIC_LVT_LINT1, APIC_DM_NMI);
	apic_write(APIC_LVT_ERROR, APIC_LVT_MASKED);
	apic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_APIC_VECTOR);
	apic_write(APIC_TDCR, APIC_TDCR_DIV_1);
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
}

void apic_init(void)
{
	u64 base = rdmsr(MSR_APIC_BASE);
	u32 a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	if (!(d & (1U << 9)))
		panic("no local APIC: the timer needs one");
	apic_mmio = set_fixmap(FIX_APIC_BASE, base & 0xfffff000ULL,
			       PAGE_HYPERVISOR_UC);
	apic_setup_local();
}

void apic_init_secondary(void)
{
	apic_setup_local();
	/* Calibrated on the boot CPU: one-shot mode, unmasked. */
	apic_write(APIC_LVT_TIMER, LOCAL_TIMER_VECTOR);
}

bool apic_icr_wait_idle(void)
{
	s_time_t deadline = NOW() + MILLISECS(10);

	while (apic_read(APIC_ICR) & APIC_ICR_BUSY) {
		if (NOW() > deadline)
			return false;
		cpu_relax();
	}
	return true;
}

void apic_send_ipi(u32 dest_apic_id, u32 icr)
{
	unsigned long flags;

	/* ICR2 then ICR, with nothing of ours in between on this CPU. */
	local_irq_save(flags);
	apic_icr_wait_idle();
	apic_write(APIC_ICR2, dest_apic_id << 24);
	apic_write(APIC_ICR, icr);
	local_irq_restore(flags);
}

void apic_timer_calibrate(void)
{
	s_time_t start, end;
	u32 left;

	apic_write(APIC_TMICT, 0xffffffff);
	start = NOW();
	while (NOW() - start < CALIBRATE_NS)
		cpu_relax();
	left = apic_read(APIC_TMCCT);
	end = NOW();
	apic_write(APIC_TMICT, 0);
	apic_timer_khz = (u32)((u64)(0xffffffffU - left) * 1000000ULL /
			       (u64)(end - start));
	if (!apic_timer_khz)
		panic("local APIC timer does not count");
	/* One-shot mode, unmasked. */
	apic_write(APIC_LVT_TIMER, LOCAL_TIMER_VECTOR);
}

int reprogram_timer(s_time_t deadline)
{
	s_time_t delta;
	u64 ticks;

	if (!deadline) {
		apic_write(APIC_TMICT, 0);
		return 1;
	}
	delta = deadline - NOW();
	/* Far deadlines: fire early and let timer_do_expired re-arm. */
	if (delta > SECONDS(1))
		delta = SECONDS(1);
	if (delta <= 0)
		ticks = 1;
	else
		ticks = (u64)delta * apic_timer_khz / 1000000ULL + 1;
	if (ticks > 0xffffffffULL)
		ticks = 0xffffffffULL;
	apic_write(APIC_TMICT, (u32)ticks);
	return 1;
}

void apic_timer_interrupt(struct cpu_user_regs *regs)
{
	apic_eoi();
	timer_do_expired();
}
