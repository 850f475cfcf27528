/* SPDX-License-Identifier: MIT */
/*
 * The machine-to-phys table (pv-boot-abi.md §6.6): one 8-byte PFN per
 * machine frame, ~0 for frames no guest owns under a PFN. The hypervisor
 * writes it through the direct map, chunk by chunk (2 MiB of table, i.e.
 * 256 Ki frames, per chunk); guests read it at 0xffff800000000000 through
 * a read-only, user-accessible mapping of the same chunks with 2 MiB pages,
 * installed as L4 slot 256 of their kernel page tables (§5.2).
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <asm/config.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv-mm.h>

#define M2P_CHUNK_ORDER 9 /* 2 MiB of table */
#define M2P_PER_CHUNK ((PAGE_SIZE << M2P_CHUNK_ORDER) / sizeof(unsigned long))
/* One L2 of chunks: 512 x 2 MiB of table = 128 Gi frames = 512 GiB. */
#define M2P_MAX_CHUNKS 512

#define RO_FLAGS (_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)

static unsigned long *m2p_chunk[M2P_MAX_CHUNKS];
static unsigned long m2p_frames; /* frames covered */
static pgentry_t l3_ro_mpt[PTES_PER_TABLE] __aligned(PAGE_SIZE)
	__section(".bss.page_aligned");
static pgentry_t l2_ro_mpt[PTES_PER_TABLE] __aligned(PAGE_SIZE)
	__section(".bss.page_aligned");

void m2p_init(void)
{
	unsigned long chunks = DIV_ROUND_UP(max_page, M2P_PER_CHUNK), i;
	/* Data, never code: guests may read it, not execute it (as Xen). */
	pgentry_t nx = (rdmsr(MSR_EFER) & EFER_NXE) ? _PAGE_NX : 0;

	if (chunks > M2P_MAX_CHUNKS)
		panic("M2P: %lu frames are more than the table maps", max_page);
	for (i = 0; i < chunks; i++) {
		unsigned long *c = alloc_xenheap_pages(M2P_CHUNK_ORDER, 0);

		if (!c)
			panic("M2P: out of memory for chunk %lu", i);
		memset(c, 0xff, PAGE_SIZE << M2P_CHUNK_ORDER);
		m2p_chunk[i] = c;
		l2_ro_mpt[i] = virt_to_maddr(c) | RO_FLAGS | _PAGE_DIRTY |
			       _PAGE_PSE | nx;
	}
	m2p_frames = chunks * M2P_PER_CHUNK;
	l3_ro_mpt[0] = virt_to_maddr(l2_ro_mpt) | RO_FLAGS;
	printk("M2P: %lu KiB for %lu frames at %#lx (read-only to guests)\n",
	       (chunks << (M2P_CHUNK_ORDER + PAGE_SHIFT)) >> 10, max_page,
	       RO_MPT_VIRT_START);
}

void m2p_set(unsigned long mfn, unsigned long pfn)
{
	if (mfn < m2p_frames)
		m2p_chunk[mfn / M2P_PER_CHUNK][mfn % M2P_PER_CHUNK] = pfn;
}

unsigned long m2p_get(unsigned long mfn)
{
	if (mfn >= m2p_frames)
		return INVALID_M2P_ENTRY;
	return m2p_chunk[mfn / M2P_PER_CHUNK][mfn % M2P_PER_CHUNK];
}

pgentry_t m2p_ro_l4e(void)
{
	return virt_to_maddr(l3_ro_mpt) | RO_FLAGS;
}

unsigned long m2p_chunk_mfn(unsigned long i)
{
	return i < M2P_MAX_CHUNKS && m2p_chunk[i] ? virt_to_mfn(m2p_chunk[i]) :
						    0;
}

unsigned long m2p_max_mfn(void)
{
	return max_page ? max_page - 1 : 0;
}
