/* SPDX-License-Identifier: MIT */
/*
 * The small-object allocator (xen/common/xmalloc.c), on top of the heap:
 * power-of-two size classes carved from pages, whole pages beyond that.
 * Memory is aligned to at least 16 bytes (to the size for classes up to a
 * page). xfree(NULL) is a no-op.
 */
#ifndef XEN_XMALLOC_H
#define XEN_XMALLOC_H

#include <xen/types.h>

void *xmalloc_bytes(size_t size);
void *xzalloc_bytes(size_t size);
void xfree(void *p);

#define xmalloc(type) ((type *)xmalloc_bytes(sizeof(type)))
#define xzalloc(type) ((type *)xzalloc_bytes(sizeof(type)))
/* NULL when n * sizeof(type) would overflow. */
#define xmalloc_array(type, n) \
	((type *)xmalloc_array_bytes(sizeof(type), (n), false))
#define xzalloc_array(type, n) \
	((type *)xmalloc_array_bytes(sizeof(type), (n), true))
void *xmalloc_array_bytes(size_t size, size_t n, bool zero);

/* Bytes handed out and not yet freed, for leak checks in selftests. */
size_t xmalloc_used_bytes(void);

#endif /* XEN_XMALLOC_H */
