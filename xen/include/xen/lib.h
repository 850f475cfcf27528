/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's small C library: formatting, strings, printk, panic and
 * assertions. Implemented in xen/common/{vsprintf,string,printk}.c; host unit
 * tests link the same vsprintf.c and supply printk/panic from their harness.
 */
#ifndef XEN_LIB_H
#define XEN_LIB_H

#include <xen/compiler.h>
#include <xen/types.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))
#define ROUNDUP(x, a) (((x) + (a)-1) & ~((__typeof__(x))(a)-1))
#define ROUNDDOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)

/* string.c (standard semantics; unit tests build them renamed xen_*). */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
/* Copies at most size-1 bytes and always terminates; returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);

/*
 * Numbers: like strtoul, but never touches errno. *end (if not NULL) points
 * after the last digit used. base 0 accepts 0x.. hex, 0.. octal, decimal.
 */
unsigned long long simple_strtoull(const char *s, const char **end,
				   unsigned int base);
long long simple_strtoll(const char *s, const char **end, unsigned int base);

/*
 * vsprintf.c: %d %i %u %x %X %o %c %s %p %%, the h hh l ll z t j length
 * modifiers, flags - + space 0 #, width and precision (also as *). Output is
 * truncated to size-1 bytes and always terminated; the return value is the
 * length the full output would have had, as in C99.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
	__printf(3, 0);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
/* Like vsnprintf, but returns the number of bytes actually written. */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
	__printf(3, 0);
int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/*
 * printk.c. A message may start with a log level; messages above the console
 * threshold (loglvl=) are dropped. Without a level a message is INFO.
 */
#define XENLOG_ERR "<0>"
#define XENLOG_WARNING "<1>"
#define XENLOG_INFO "<2>"
#define XENLOG_DEBUG "<3>"
void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list args) __printf(1, 0);
void __noreturn panic(const char *fmt, ...) __printf(1, 2);

#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)
#define BUG_ON(c)                                                             \
	do {                                                                  \
		if (unlikely(c))                                              \
			panic("BUG_ON(%s) at %s:%d", #c, __FILE__, __LINE__); \
	} while (0)
#define ASSERT(c)                                                             \
	do {                                                                  \
		if (unlikely(!(c)))                                           \
			panic("Assertion '%s' failed at %s:%d", #c, __FILE__, \
			      __LINE__);                                      \
	} while (0)

#endif /* XEN_LIB_H */
