/* SPDX-License-Identifier: MIT */
/*
 * Puts the real buddy heap (xen/common/page_alloc.c) over the harness's fake
 * RAM: a zeroed frame table covering all of it, and a fresh heap holding the
 * frames a test asks for. Separate from harness.c so suites that do not need
 * the heap do not drag the allocator in.
 */
#include <string.h>

#include <xen/mm.h>

#include "harness.h"

unsigned long harness_ram_pages(void)
{
	return harness_ram_bytes >> PAGE_SHIFT;
}

void harness_heap_reset(unsigned long first, unsigned long nr)
{
	memset(harness_frames, 0,
	       harness_ram_pages() * sizeof(*harness_frames));
	frame_table = harness_frames;
	max_page = harness_ram_pages();
	heap_init();
	if (nr)
		heap_add_pages(first, nr);
}
