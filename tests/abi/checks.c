/* SPDX-License-Identifier: MIT */
/*
 * Pins every documented size, offset and constant (layout.def,
 * constants.def) twice: as C11 _Static_asserts, so a drifting header fails
 * the build, and as a table the test program walks at run time to report
 * each group and to count the assertions that were compiled. The run-time
 * comparison repeats what the compiler already proved; it is there so the
 * report shows what is pinned, and so a check wrongly made non-constant
 * would still be caught.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "abi.h"

#define ABI_MEMBER_SIZE(T, m) sizeof(((T *)0)->m)

/* Compile time. */
#define ABI_GROUP(name)
#define ABI_SIZE(T, n) \
	_Static_assert(sizeof(T) == (n), "sizeof(" #T ") == " #n);
#define ABI_OFF(T, m, off)                      \
	_Static_assert(offsetof(T, m) == (off), \
		       "offsetof(" #T ", " #m ") == " #off);
#define ABI_MSIZE(T, m, n)                           \
	_Static_assert(ABI_MEMBER_SIZE(T, m) == (n), \
		       "sizeof(" #T "." #m ") == " #n);
#define ABI_CONST(expr, v) _Static_assert((expr) == (v), #expr " == " #v);
#include "layout.def"
#include "constants.def"
#undef ABI_GROUP
#undef ABI_SIZE
#undef ABI_OFF
#undef ABI_MSIZE
#undef ABI_CONST

/* Run time: the same list as data. A row with a group name starts a group. */
struct abi_pin {
	const char *group;
	const char *what;
	uint64_t got, want;
};

#define ABI_GROUP(name) { name, NULL, 0, 0 },
#define ABI_SIZE(T, n) { NULL, "sizeof(" #T ")", sizeof(T), (n) },
#define ABI_OFF(T, m, off) \
	{ NULL, "offsetof(" #T ", " #m ")", offsetof(T, m), (off) },
#define ABI_MSIZE(T, m, n) \
	{ NULL, "sizeof(" #T "." #m ")", ABI_MEMBER_SIZE(T, m), (n) },
#define ABI_CONST(expr, v) { NULL, #expr, (uint64_t)(expr), (uint64_t)(v) },
static const struct abi_pin pins[] = {
#include "layout.def"
#include "constants.def"
};

/* Returns the number of pins (= static assertions compiled). */
int abi_check_pins(void)
{
	size_t i, n = sizeof(pins) / sizeof(pins[0]);
	const char *group = NULL;
	unsigned int in_group = 0, bad = 0, total = 0;

	for (i = 0; i <= n; i++) {
		if (i == n || pins[i].group) {
			if (group)
				abi_report(group, bad == 0,
					   "%u static assertions, %u differ",
					   in_group, bad);
			if (i == n)
				break;
			group = pins[i].group;
			in_group = bad = 0;
			continue;
		}
		in_group++;
		total++;
		if (pins[i].got != pins[i].want) {
			bad++;
			printf("    %s is %llu, the ABI says %llu\n",
			       pins[i].what, (unsigned long long)pins[i].got,
			       (unsigned long long)pins[i].want);
		}
	}
	return (int)total;
}
