/* SPDX-License-Identifier: MIT */
/*
 * What the builder's files share and nobody else sees: the few C library
 * string functions it uses (the C library's when hosted, the hypervisor's
 * own when freestanding, same names either way), the error formatter, the
 * ELF64 numbers it reads, and unaligned little-endian loads — a kernel
 * handed over as a boot module or inside a bzImage need not be aligned.
 */
#ifndef XB_PRIVATE_H
#define XB_PRIVATE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xbuild.h"

#if __STDC_HOSTED__
#include <string.h>
#else
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strncmp(const char *a, const char *b, size_t n);
int strcmp(const char *a, const char *b);
#endif

/*
 * Write a message into @err and return @rc. Understands %s, %c, %d, %u,
 * %lu, %lx, %llu, %llx and the '#' flag (0x prefix); enough for messages,
 * and small enough to carry into the hypervisor.
 */
int xb_fail(struct xb_err *err, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The ELF64 values the parser checks (System V gABI, x86-64 psABI). */
#define XB_EI_CLASS 4
#define XB_EI_DATA 5
#define XB_ELFCLASS32 1
#define XB_ELFCLASS64 2
#define XB_ELFDATA2LSB 1
#define XB_ET_EXEC 2
#define XB_ET_DYN 3
#define XB_EM_X86_64 62
#define XB_EHDR_SIZE 64
#define XB_PHDR_SIZE 56
#define XB_SHDR_SIZE 64
#define XB_PN_XNUM 0xffff
#define XB_PT_LOAD 1
#define XB_PT_NOTE 4
#define XB_PF_RWX 7
#define XB_SHT_NOTE 7
#define XB_SHT_NOBITS 8

/* Xen's cap on notes examined in one image (§1.1). */
#define XB_MAX_NOTES 256

static inline uint16_t xb_rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t xb_rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t xb_rd64(const uint8_t *p)
{
	return (uint64_t)xb_rd32(p) | (uint64_t)xb_rd32(p + 4) << 32;
}

/* True if [off, off + len) lies inside a buffer of @size bytes. */
static inline bool xb_in_bounds(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* Notes and the legacy string (notes.c), called by xb_parse(). */
int xb_parse_notes(struct xb_image *img, uint32_t offered, struct xb_err *err);
int xb_parse_features(struct xb_image *img, const char *s, size_t len,
		      struct xb_err *err);

/* Page-table geometry (pgtable.c), shared by layout.c and build.c. */
void xb_map_count(struct xb_map *m, const struct xb_map *prev,
		  unsigned int nr_prev, uint64_t from, uint64_t to,
		  uint64_t pfn, uint64_t table_pfn);
int xb_write_tables(const struct xb_layout *lo, const struct xb_mem *mem,
		    struct xb_err *err);

/* Map one guest page, or fail with a message (build.c). */
void *xb_map_page(const struct xb_mem *mem, uint64_t pfn, struct xb_err *err);

#endif /* XB_PRIVATE_H */
