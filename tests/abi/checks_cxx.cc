/* SPDX-License-Identifier: MIT */
/*
 * The same pins as checks.c, compiled as C++11: C++ code (tools, tests)
 * must see the identical layout, and C++ has its own rules for unions,
 * empty structs and flexible arrays. Compiled, never linked.
 */
#include <cstddef>

#include "abi.h"

#define ABI_GROUP(name)
#define ABI_SIZE(T, n) static_assert(sizeof(T) == (n), "sizeof(" #T ") == " #n);
#define ABI_OFF(T, m, off)                     \
	static_assert(offsetof(T, m) == (off), \
		      "offsetof(" #T ", " #m ") == " #off);
#define ABI_MSIZE(T, m, n)                        \
	static_assert(sizeof(((T *)0)->m) == (n), \
		      "sizeof(" #T "." #m ") == " #n);
#define ABI_CONST(expr, v) static_assert((expr) == (v), #expr " == " #v);
#include "layout.def"
#include "constants.def"
