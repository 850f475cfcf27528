/* SPDX-License-Identifier: MIT */
/*
 * Command-line options. A file declares an option next to the variable it
 * sets; cmdline_parse() (xen/common/cmdline.c) walks the hypervisor's command
 * line and applies them. Syntax, as Xen's: "name=value", a boolean as "name",
 * "no-name" or "name=<yes|no|on|off|true|false|enable|disable|1|0>", options
 * separated by spaces, a value in double quotes may contain spaces.
 */
#ifndef XEN_CMDLINE_H
#define XEN_CMDLINE_H

#include <xen/compiler.h>
#include <xen/types.h>

enum param_type {
	OPT_STR, /* char array; value copied and terminated */
	OPT_UINT, /* unsigned int/long; decimal, 0x hex, 0 octal */
	OPT_BOOL, /* bool */
	OPT_SIZE, /* u64 bytes; a number with an optional K/M/G/T suffix */
	OPT_CUSTOM, /* int fn(const char *value): 0 or -EINVAL */
};

struct kernel_param {
	const char *name;
	enum param_type type;
	unsigned int len; /* sizeof the variable */
	union {
		void *var;
		int (*func)(const char *);
	} par;
};

/*
 * The linker collects these in section xen_param (__start_/__stop_). The
 * macros' variable parameter is _var so it cannot capture the .var designator.
 */
#define __param_entry(_name, _type, _len, _par)            \
	static const struct kernel_param __used __section( \
		"xen_param") __aligned(sizeof(void *))     \
		__PASTE(__param_, __LINE__) = { _name, _type, _len, { _par } }
#define __PASTE2(a, b) a##b
#define __PASTE(a, b) __PASTE2(a, b)

#define string_param(name, _var) \
	__param_entry(name, OPT_STR, sizeof(_var), .var = &(_var))
#define integer_param(name, _var) \
	__param_entry(name, OPT_UINT, sizeof(_var), .var = &(_var))
#define boolean_param(name, _var) \
	__param_entry(name, OPT_BOOL, sizeof(_var), .var = &(_var))
#define size_param(name, _var) \
	__param_entry(name, OPT_SIZE, sizeof(_var), .var = &(_var))
#define custom_param(name, fn) __param_entry(name, OPT_CUSTOM, 0, .func = (fn))

/*
 * Apply every known option on the line; unknown options and bad values are
 * reported with printk and otherwise ignored. Returns the number of problems.
 */
int cmdline_parse(const char *cmdline);

/* 1 for a true word, 0 for a false word, -1 for anything else. */
int parse_bool(const char *s);
/* "512M" etc.; plain numbers are bytes. *end after what was used. */
u64 parse_size_and_unit(const char *s, const char **end);

#endif /* XEN_CMDLINE_H */
