/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's command line. Options are declared next to the variables
 * they set (xen/cmdline.h) and gathered by the linker in section xen_param;
 * cmdline_parse() splits the line into words, matches each against that
 * table and stores the value. A mistake on the command line must not stop the
 * boot, so problems are reported, counted and skipped.
 */
#include <xen/cmdline.h>
#include <xen/errno.h>
#include <xen/lib.h>

/* Bounds of the option table; the linker defines them. */
extern const struct kernel_param __start_xen_param[];
extern const struct kernel_param __stop_xen_param[];

/* Longest "name=value" word; longer ones are reported and skipped. */
#define WORD_MAX 1024

static bool streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

int parse_bool(const char *s)
{
	static const char *const yes[] = { "1", "yes", "on", "true", "enable" };
	static const char *const no[] = { "0", "no", "off", "false",
					  "disable" };
	unsigned int i;

	if (!s)
		return -1;
	for (i = 0; i < ARRAY_SIZE(yes); i++)
		if (streq(s, yes[i]))
			return 1;
	for (i = 0; i < ARRAY_SIZE(no); i++)
		if (streq(s, no[i]))
			return 0;
	return -1;
}

u64 parse_size_and_unit(const char *s, const char **end)
{
	const char *p;
	u64 val = simple_strtoull(s, &p, 0);
	unsigned int shift = 0;

	if (p == s)
		goto bad;
	switch (*p) {
	case 'T':
	case 't':
		shift = 40;
		break;
	case 'G':
	case 'g':
		shift = 30;
		break;
	case 'M':
	case 'm':
		shift = 20;
		break;
	case 'K':
	case 'k':
		shift = 10;
		break;
	case 'B':
	case 'b':
		break;
	default:
		goto out;
	}
	p++;
	/* Too big to represent: nothing usable, so the caller sees an error. */
	if (val > (~0ULL >> shift))
		goto bad;
	val <<= shift;
out:
	if (end)
		*end = p;
	return val;
bad:
	if (end)
		*end = s;
	return 0;
}

/* Option names match with '-' and '_' interchangeable ("dom0-mem"). */
static bool name_eq(const char *a, const char *b)
{
	for (;; a++, b++) {
		char x = *a == '-' ? '_' : *a, y = *b == '-' ? '_' : *b;

		if (x != y)
			return false;
		if (!x)
			return true;
	}
}

static const struct kernel_param *find_param(const char *name)
{
	const struct kernel_param *p;

	for (p = __start_xen_param; p < __stop_xen_param; p++)
		if (name_eq(p->name, name))
			return p;
	return NULL;
}

/* Store val in an integer variable of len bytes; false if it does not fit. */
static bool store_uint(void *var, unsigned int len, u64 val)
{
	switch (len) {
	case 1:
		if (val > 0xff)
			return false;
		*(u8 *)var = (u8)val;
		return true;
	case 2:
		if (val > 0xffff)
			return false;
		*(u16 *)var = (u16)val;
		return true;
	case 4:
		if (val > 0xffffffffULL)
			return false;
		*(u32 *)var = (u32)val;
		return true;
	case 8:
		*(u64 *)var = val;
		return true;
	default:
		return false;
	}
}

/* Apply one option; value is NULL when the word had no '='. 0 or -EINVAL. */
static int apply(const struct kernel_param *p, const char *value, bool negate)
{
	const char *end;
	u64 val;
	int b;

	switch (p->type) {
	case OPT_STR:
		if (!p->len)
			return -EINVAL;
		strlcpy(p->par.var, value ? value : "", p->len);
		return 0;
	case OPT_UINT:
		if (!value || !*value)
			return -EINVAL;
		val = simple_strtoull(value, &end, 0);
		if (*end || !store_uint(p->par.var, p->len, val))
			return -EINVAL;
		return 0;
	case OPT_SIZE:
		if (!value || !*value)
			return -EINVAL;
		val = parse_size_and_unit(value, &end);
		if (*end || !store_uint(p->par.var, p->len, val))
			return -EINVAL;
		return 0;
	case OPT_BOOL:
		b = value ? parse_bool(value) : 1;
		if (b < 0)
			return -EINVAL;
		return store_uint(p->par.var, p->len, negate ? !b : b) ?
			       0 :
			       -EINVAL;
	case OPT_CUSTOM:
		return p->par.func(value ? value : "") ? -EINVAL : 0;
	}
	return -EINVAL;
}

/* One word, quotes already removed. Returns 1 for a problem, else 0. */
static int parse_word(char *word)
{
	const struct kernel_param *p;
	char *value = NULL, *eq;
	bool negate = false;

	for (eq = word; *eq; eq++) {
		if (*eq == '=') {
			*eq = '\0';
			value = eq + 1;
			break;
		}
	}

	p = find_param(word);
	/* "no-name" turns a boolean option off. */
	if (!p && word[0] == 'n' && word[1] == 'o' && word[2] == '-') {
		p = find_param(word + 3);
		if (p && p->type == OPT_BOOL)
			negate = true;
		else
			p = NULL;
	}
	if (!p) {
		printk(XENLOG_WARNING "cmdline: unknown option '%s'\n", word);
		return 1;
	}
	if (apply(p, value, negate)) {
		printk(XENLOG_WARNING
		       "cmdline: bad value '%s' for option '%s'\n",
		       value ? value : "", word);
		return 1;
	}
	return 0;
}

int cmdline_parse(const char *cmdline)
{
	/* Boot is single-threaded; a static buffer keeps the stack small. */
	static char word[WORD_MAX];
	const char *s = cmdline;
	int problems = 0;

	if (!s)
		return 0;
	for (;;) {
		size_t len = 0;
		bool quoted = false, too_long = false;

		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		if (!*s)
			break;

		/* A word ends at unquoted white space; quotes are dropped. */
		for (; *s; s++) {
			if (*s == '"') {
				quoted = !quoted;
				continue;
			}
			if (!quoted && (*s == ' ' || *s == '\t' || *s == '\n' ||
					*s == '\r'))
				break;
			if (len + 1 < sizeof(word))
				word[len++] = *s;
			else
				too_long = true;
		}
		word[len] = '\0';

		if (too_long) {
			printk(XENLOG_WARNING
			       "cmdline: option too long: '%.32s...'\n",
			       word);
			problems++;
			continue;
		}
		problems += parse_word(word);
	}
	return problems;
}
