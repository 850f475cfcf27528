/* SPDX-License-Identifier: MIT */
/*
 * The standard string and memory functions for the freestanding hypervisor.
 * Plain C, a word at a time where alignment allows (page scrubbing and
 * copies are the big users); guest memory copies go through their own
 * checked helpers. Host unit tests build this file with the names prefixed
 * xen_ so it can sit beside libc; the non-standard ones live in strtol.c.
 */
#include <xen/lib.h>

/*
 * GCC may recognise these loops as memcpy/memset and emit a call to the very
 * function being defined; forbid that transformation here.
 */
#define no_libcall \
	__attribute__((__optimize__("no-tree-loop-distribute-patterns")))

/* Word-sized accesses that may alias anything, as char accesses do. */
typedef unsigned long __attribute__((__may_alias__)) word_t;
#define WORD_MASK (sizeof(word_t) - 1)

no_libcall void *memcpy(void *dst, const void *src, size_t n)
{
	char *d = dst;
	const char *s = src;

	/* Page copies and scrubs are common: move words when we can. */
	if ((((unsigned long)d ^ (unsigned long)s) & WORD_MASK) == 0) {
		while (n && ((unsigned long)d & WORD_MASK)) {
			*d++ = *s++;
			n--;
		}
		for (; n >= sizeof(word_t); n -= sizeof(word_t)) {
			*(word_t *)d = *(const word_t *)s;
			d += sizeof(word_t);
			s += sizeof(word_t);
		}
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

no_libcall void *memmove(void *dst, const void *src, size_t n)
{
	char *d = dst;
	const char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n) {
		/* Copying forwards is safe when the destination is below. */
		return memcpy(dst, src, n);
	} else {
		/* Overlap with the destination above: copy backwards. */
		d += n;
		s += n;
		while (n--)
			*--d = *--s;
	}
	return dst;
}

no_libcall void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	word_t w = (word_t)-1 / 0xff * (unsigned char)c;

	while (n && ((unsigned long)d & WORD_MASK)) {
		*d++ = (unsigned char)c;
		n--;
	}
	for (; n >= sizeof(word_t); n -= sizeof(word_t)) {
		*(word_t *)d = w;
		d += sizeof(word_t);
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return *x < *y ? -1 : *x > *y;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
		if (!*x)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (; *haystack; haystack++)
		if (!strncmp(haystack, needle, n))
			return (char *)haystack;
	return n ? NULL : (char *)haystack;
}
