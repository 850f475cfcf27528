/* SPDX-License-Identifier: MIT */
/*
 * Basic types for the hypervisor. Only the compiler's freestanding headers are
 * used, so the same sources compile unmodified into host unit tests.
 */
#ifndef XEN_TYPES_H
#define XEN_TYPES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef uint64_t paddr_t;
typedef uint16_t domid_t;

/* System time: nanoseconds since boot (Xen's s_time_t). */
typedef int64_t s_time_t;

#endif /* XEN_TYPES_H */
