/* SPDX-License-Identifier: MIT */
/*
 * I/O memory a privileged domain may map (dom0-abi.md): frames no domain
 * can own. MMIO and firmware areas outside the host's RAM, and the first
 * MiB (BIOS data, option ROMs, VGA), which the heap never hands out. The
 * control domain's drivers and firmware tables live there; such mappings
 * carry no reference counts. RAM the hypervisor keeps for itself (its
 * image, the frame table, boot modules) is RAM in the host map, so it is
 * never I/O memory; nor are the interrupt controllers the hypervisor
 * drives itself.
 */
#include <xen/bootinfo.h>
#include <xen/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv-mm.h>

#define LOW_MEMORY_FRAMES 256
#define IOAPIC_DEFAULT_MFN (0xfec00000UL >> PAGE_SHIFT)

/* Devices the hypervisor drives itself: never any guest's. */
static bool is_hypervisor_mmio(unsigned long mfn)
{
	unsigned long lapic = (rdmsr(MSR_APIC_BASE) & 0xffffff000ULL) >>
			      PAGE_SHIFT;

	return mfn == lapic || mfn == IOAPIC_DEFAULT_MFN;
}

bool is_iomem_frame(unsigned long mfn)
{
	const struct boot_info *bi = boot_info_get();
	paddr_t pa = (paddr_t)mfn << PAGE_SHIFT;
	unsigned int i;

	if (mfn < LOW_MEMORY_FRAMES || mfn >= max_page)
		return true;
	for (i = 0; i < bi->nr_mmap; i++)
		if (bi->mmap[i].type == BOOT_MEM_RAM &&
		    pa >= bi->mmap[i].addr &&
		    pa - bi->mmap[i].addr < bi->mmap[i].len)
			return false;
	return true;
}

bool iomem_mappable(unsigned long mfn)
{
	return is_iomem_frame(mfn) && !is_hypervisor_mmio(mfn);
}
