/* SPDX-License-Identifier: MIT */
/*
 * Number parsing and bounded string copy. Kept apart from string.c because
 * the host unit tests link this file (libc supplies the standard string
 * functions there) while these have no libc equivalent with our semantics:
 * no errno, no leading white space, and saturation instead of wrap-around.
 */
#include <xen/lib.h>

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

unsigned long long simple_strtoull(const char *s, const char **end,
				   unsigned int base)
{
	const char *p = s;
	unsigned long long val = 0;
	bool any = false, overflow = false;
	int d;

	if (base == 1 || base > 36)
		goto out;

	/* "0x" counts as a prefix only if a hex digit follows it. */
	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}

	for (; (d = digit_value(*p)) < (int)base; p++) {
		any = true;
		if (val > (~0ULL - (unsigned int)d) / base)
			overflow = true;
		else
			val = val * base + (unsigned int)d;
	}
	if (overflow)
		val = ~0ULL;
out:
	if (end)
		*end = any ? p : s;
	return val;
}

long long simple_strtoll(const char *s, const char **end, unsigned int base)
{
	const char *digits_end;
	bool neg = *s == '-';
	unsigned long long mag;
	const unsigned long long llmax = ~0ULL >> 1;

	mag = simple_strtoull(s + neg, &digits_end, base);
	if (digits_end == s + neg) {
		/* A lone '-' is not a number: nothing was used. */
		if (end)
			*end = s;
		return 0;
	}
	if (end)
		*end = digits_end;
	if (neg)
		return mag > llmax ? (-(long long)llmax - 1) : -(long long)mag;
	return mag > llmax ? (long long)llmax : (long long)mag;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = 0;

	while (src[len])
		len++;
	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		size_t i;

		for (i = 0; i < n; i++)
			dst[i] = src[i];
		dst[n] = '\0';
	}
	return len;
}
