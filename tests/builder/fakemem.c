/* SPDX-License-Identifier: MIT */
/*
 * Fake guest memory for the builder tests. Pages are allocated when first
 * mapped, so a 256 MiB guest costs only what the builder writes. The p2m
 * is a fixed scramble (an XOR and an offset) so that no test can pass by
 * confusing PFNs with MFNs, and map/unmap calls are counted so a leak of a
 * mapping shows up.
 */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "builder_test.h"

#define MFN_BASE 0x40000ULL
#define MFN_SCRAMBLE 0x2b5a5ULL

static const uint8_t zero_page[XB_PAGE_SIZE];

uint64_t fm_p2m(uint64_t pfn)
{
	return (pfn ^ MFN_SCRAMBLE) + MFN_BASE;
}

uint64_t fm_m2p(uint64_t mfn)
{
	if (mfn < MFN_BASE)
		return XB_UNSET;
	return (mfn - MFN_BASE) ^ MFN_SCRAMBLE;
}

static uint64_t fake_pfn_to_mfn(void *ctx, uint64_t pfn)
{
	struct fakemem *fm = ctx;

	return pfn < fm->nr_pages ? fm_p2m(pfn) : XB_INVALID_MFN;
}

static void *fake_map(void *ctx, uint64_t pfn)
{
	struct fakemem *fm = ctx;

	if (pfn >= fm->nr_pages || pfn == fm->fail_pfn)
		return NULL;
	if (!fm->page[pfn]) {
		fm->page[pfn] = malloc(XB_PAGE_SIZE);
		CU_ASSERT_FATAL(fm->page[pfn] != NULL);
		/* Stale bytes: the builder must overwrite whatever it maps. */
		memset(fm->page[pfn], 0xa5, XB_PAGE_SIZE);
	}
	fm->outstanding++;
	return fm->page[pfn];
}

static void fake_unmap(void *ctx, void *p)
{
	struct fakemem *fm = ctx;

	(void)p;
	fm->outstanding--;
}

void fm_init(struct fakemem *fm, uint64_t nr_pages)
{
	memset(fm, 0, sizeof(*fm));
	fm->nr_pages = nr_pages;
	fm->page = calloc(nr_pages, sizeof(*fm->page));
	CU_ASSERT_FATAL(fm->page != NULL);
	fm->fail_pfn = XB_UNSET;
	fm->mem.ctx = fm;
	fm->mem.pfn_to_mfn = fake_pfn_to_mfn;
	fm->mem.map = fake_map;
	fm->mem.unmap = fake_unmap;
	fm->mem.nr_pages = nr_pages;
}

void fm_free(struct fakemem *fm)
{
	uint64_t i;

	for (i = 0; i < fm->nr_pages; i++)
		free(fm->page[i]);
	free(fm->page);
	fm->page = NULL;
}

const uint8_t *fm_read(const struct fakemem *fm, uint64_t pfn)
{
	if (pfn >= fm->nr_pages || !fm->page[pfn])
		return zero_page;
	return fm->page[pfn];
}

uint64_t fm_read64(const struct fakemem *fm, uint64_t pfn, unsigned int idx)
{
	uint64_t v;

	memcpy(&v, fm_read(fm, pfn) + 8 * idx, 8);
	return v;
}

uint64_t fm_walk(const struct fakemem *fm, uint64_t l4_mfn, uint64_t va,
		 uint64_t upper[3])
{
	uint64_t mfn = l4_mfn, e = 0;
	int level;

	for (level = 4; level >= 1; level--) {
		unsigned int idx = (va >> (12 + 9 * (level - 1))) & 511;
		uint64_t pfn = fm_m2p(mfn);

		if (pfn == XB_UNSET || pfn >= fm->nr_pages)
			return 0;
		e = fm_read64(fm, pfn, idx);
		if (level > 1 && upper)
			upper[4 - level] = e;
		if (!(e & XB_PTE_P))
			return 0;
		mfn = (e & XB_PTE_MFN_MASK) >> 12;
	}
	return e;
}
