/* SPDX-License-Identifier: MIT */
/*
 * What a PV guest may put in its GDT and LDT (pv-boot-abi.md §5.3). The
 * guest kernel runs at CPL 3, so code and data descriptors get DPL 3; call
 * gates may only lead into the guest's own selectors (or the flat kernel
 * CS) and get DPL 0, so every use traps and the hypervisor decides (the
 * DPL the guest asked for is kept in the target selector's RPL); system
 * descriptors that would hand the guest a TSS, an LDT or an interrupt gate
 * are refused. Not-present descriptors and system type 0 (also the upper
 * half of 16-byte descriptors) pass as they are. A pure function, tested
 * on the host.
 */
#include <asm/desc.h>
#include <asm/pv-emul.h>

#define DESC_P (1ULL << 47)
#define DESC_S (1ULL << 44)
#define DESC_DPL_SHIFT 45
#define DESC_TYPE(d) (((d) >> 40) & 0xf)
#define SYS_TYPE_CALL_GATE 0xc
#define FLAT_KERNEL_CS_SEL 0xe033

/* A selector a guest call gate may target: its own, or the flat kernel CS. */
static bool gate_selector_ok(unsigned int sel)
{
	return (sel >> 3) < FIRST_RESERVED_GDT_ENTRY ||
	       (sel & ~3U) == (FLAT_KERNEL_CS_SEL & ~3U);
}

bool pv_check_descriptor(u64 d, u64 *out)
{
	unsigned int dpl, sel;

	*out = d;
	if (!(d & DESC_P))
		return true;
	dpl = (d >> DESC_DPL_SHIFT) & 3;
	if (d & DESC_S) {
		if (dpl != 3)
			*out = d | (3ULL << DESC_DPL_SHIFT);
		return true;
	}
	switch (DESC_TYPE(d)) {
	case 0:
		return true;
	case SYS_TYPE_CALL_GATE:
		sel = (d >> 16) & 0xffff;
		if (!gate_selector_ok(sel) || ((d >> 32) & 0xff))
			return false;
		*out = (d & ~((3ULL << DESC_DPL_SHIFT) | (0xffffULL << 16))) |
		       ((u64)((sel & ~3U) | dpl) << 16);
		return true;
	default:
		return false;
	}
}
