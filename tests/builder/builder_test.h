/* SPDX-License-Identifier: MIT */
/*
 * Shared pieces of the builder's host tests: an ELF64 generator that makes
 * guest kernels with chosen segments, notes and sections; a fake guest
 * memory with a scrambled p2m behind struct xb_mem; a page-table walker;
 * and the suites' registration functions.
 */
#ifndef BUILDER_TEST_H
#define BUILDER_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <CUnit/CUnit.h>

#include "xbuild.h"

/* ---- ELF generator ---- */

#define GEN_MAX_SEGS 8
#define GEN_MAX_NOTES 300

struct gen_seg {
	uint32_t type; /* 0 means PT_LOAD */
	uint32_t flags; /* 0 means R|W|X */
	uint64_t paddr, vaddr, filesz, memsz;
	uint8_t fill; /* file bytes are fill, fill + 1, ... */
};

struct gen_note {
	const char *name; /* NULL means "Xen" */
	uint32_t type;
	const void *desc;
	uint32_t descsz;
};

struct gen_elf {
	uint64_t entry;
	unsigned int nr_segs;
	struct gen_seg seg[GEN_MAX_SEGS];
	unsigned int nr_notes;
	struct gen_note note[GEN_MAX_NOTES];
	bool notes_in_section_only; /* SHT_NOTE section, no PT_NOTE */
	bool no_sections; /* no section headers at all */
	const char *xen_guest; /* a legacy __xen_guest section */
};

/* Where the generator put things, for tests that corrupt them. */
struct gen_out {
	size_t size;
	size_t phoff; /* program headers; the PT_NOTE one comes last */
	size_t notes_off, notes_len;
	size_t seg_off[GEN_MAX_SEGS];
	size_t shoff;
};

void gen_init(struct gen_elf *g);
void gen_seg(struct gen_elf *g, uint64_t paddr, uint64_t vaddr, uint64_t filesz,
	     uint64_t memsz);
void gen_note_num(struct gen_elf *g, uint32_t type, uint64_t v,
		  unsigned int size);
void gen_note_str(struct gen_elf *g, uint32_t type, const char *s);
void gen_note_raw(struct gen_elf *g, const char *name, uint32_t type,
		  const void *desc, uint32_t descsz);
/* GUEST_OS "linux", XEN_VERSION "xen-3.0", LOADER "generic". */
void gen_notes_basic(struct gen_elf *g);
/* Writes the file into @buf (at most @cap bytes); returns its size. */
size_t gen_write(const struct gen_elf *g, uint8_t *buf, size_t cap,
		 struct gen_out *out);

/* An image shaped like Debian's 6.1.176 vmlinux (pv-boot-abi.md §1.6). */
void gen_linux_like(struct gen_elf *g);
/* A Mini-OS-like image: VA 0, a hypercall page at 0x2000 (§1.6, §2.14). */
void gen_minios_like(struct gen_elf *g, uint64_t memsz);

#define GEN_BUF_SIZE (1 << 20)
extern uint8_t gen_buf[GEN_BUF_SIZE];

/* ---- fake guest memory ---- */

struct fakemem {
	uint64_t nr_pages;
	uint8_t **page; /* NULL until first mapped: reads as zeros */
	long outstanding; /* maps minus unmaps */
	uint64_t fail_pfn; /* map() of this PFN fails; XB_UNSET: none */
	struct xb_mem mem;
};

uint64_t fm_p2m(uint64_t pfn);
uint64_t fm_m2p(uint64_t mfn);
void fm_init(struct fakemem *fm, uint64_t nr_pages);
void fm_free(struct fakemem *fm);
/* The bytes of @pfn (a shared zero page if never written). */
const uint8_t *fm_read(const struct fakemem *fm, uint64_t pfn);
uint64_t fm_read64(const struct fakemem *fm, uint64_t pfn, unsigned int idx);

/*
 * Walk the tables from the L4 at @l4_mfn. Returns the L1 entry for @va
 * (0 if any level is not present); @upper, if not NULL, gets the L4, L3
 * and L2 entries.
 */
uint64_t fm_walk(const struct fakemem *fm, uint64_t l4_mfn, uint64_t va,
		 uint64_t upper[3]);

/* ---- suites ---- */

struct builder_test {
	const char *name;
	void (*fn)(void);
};
CU_ErrorCode builder_add_suite(const char *name,
			       const struct builder_test *tests,
			       unsigned int nr);
#define BUILDER_ADD_SUITE(name, tests) \
	builder_add_suite(name, tests, sizeof(tests) / sizeof((tests)[0]))

CU_ErrorCode register_builder_parse_suite(void);
CU_ErrorCode register_builder_malformed_suite(void);
CU_ErrorCode register_builder_layout_suite(void);
CU_ErrorCode register_builder_build_suite(void);
CU_ErrorCode register_builder_linux_suite(void);

#endif /* BUILDER_TEST_H */
