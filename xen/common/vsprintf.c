/* SPDX-License-Identifier: MIT */
/*
 * Formatted output for printk and friends: the C99 integer, character and
 * string conversions with their flags, width, precision and length
 * modifiers, plus %p. No floating point (the hypervisor never touches the FPU)
 * and no %n (a format string should never be able to write memory).
 */
#include <xen/lib.h>

#define F_LEFT (1U << 0) /* '-' */
#define F_PLUS (1U << 1) /* '+' */
#define F_SPACE (1U << 2) /* ' ' */
#define F_ZERO (1U << 3) /* '0' */
#define F_ALT (1U << 4) /* '#' */

enum length { L_NONE, L_HH, L_H, L_L, L_LL, L_Z, L_T, L_J };

/* Where output goes: everything is counted, only what fits is stored. */
struct out {
	char *buf;
	size_t size;
	size_t pos;
};

static void put(struct out *o, char c)
{
	if (o->pos + 1 < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

static void put_n(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

struct spec {
	unsigned int flags;
	int width;
	int prec; /* -1: none given */
};

static void number(struct out *o, unsigned long long val, bool neg,
		   unsigned int base, bool upper, bool is_signed,
		   const char *prefix, struct spec sp)
{
	const char *digit_chars = upper ? "0123456789ABCDEF" :
					  "0123456789abcdef";
	char digits[24];
	int nd = 0, zeros, len, plen = 0;
	char sign = 0;

	/* An explicit precision of 0 prints no digits for the value 0. */
	if (!(sp.prec == 0 && val == 0)) {
		do {
			digits[nd++] = digit_chars[val % base];
			val /= base;
		} while (val);
	}

	if (is_signed) {
		if (neg)
			sign = '-';
		else if (sp.flags & F_PLUS)
			sign = '+';
		else if (sp.flags & F_SPACE)
			sign = ' ';
	}
	while (prefix[plen])
		plen++;

	/* '#' with octal: make sure the first digit printed is a 0. */
	if (base == 8 && (sp.flags & F_ALT) &&
	    !(nd > 0 && digits[nd - 1] == '0') && sp.prec <= nd)
		sp.prec = nd + 1;

	zeros = sp.prec > nd ? sp.prec - nd : 0;
	len = (sign ? 1 : 0) + plen + zeros + nd;
	/* '0' pads with zeros only if no precision and no '-' was given. */
	if ((sp.flags & F_ZERO) && !(sp.flags & F_LEFT) && sp.prec < 0 &&
	    sp.width > len) {
		zeros += sp.width - len;
		len = sp.width;
	}

	if (!(sp.flags & F_LEFT))
		put_n(o, ' ', sp.width - len);
	if (sign)
		put(o, sign);
	while (*prefix)
		put(o, *prefix++);
	put_n(o, '0', zeros);
	while (nd)
		put(o, digits[--nd]);
	if (sp.flags & F_LEFT)
		put_n(o, ' ', sp.width - len);
}

static void string(struct out *o, const char *s, struct spec sp)
{
	int len = 0;

	if (!s)
		s = "(null)";
	/* Never read past the precision: the string need not be terminated. */
	while ((sp.prec < 0 || len < sp.prec) && s[len])
		len++;
	if (!(sp.flags & F_LEFT))
		put_n(o, ' ', sp.width - len);
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (sp.flags & F_LEFT)
		put_n(o, ' ', sp.width - len);
}

static int read_int(const char **fmt)
{
	int v = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		if (v < 100000000)
			v = v * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return v;
}

static unsigned long long get_unsigned(va_list *args, enum length len)
{
	switch (len) {
	case L_HH:
		return (unsigned char)va_arg(*args, unsigned int);
	case L_H:
		return (unsigned short)va_arg(*args, unsigned int);
	case L_L:
		return va_arg(*args, unsigned long);
	case L_LL:
		return va_arg(*args, unsigned long long);
	case L_Z:
	case L_T:
		return va_arg(*args, size_t);
	case L_J:
		return va_arg(*args, uintmax_t);
	default:
		return va_arg(*args, unsigned int);
	}
}

static long long get_signed(va_list *args, enum length len)
{
	switch (len) {
	case L_HH:
		return (signed char)va_arg(*args, int);
	case L_H:
		return (short)va_arg(*args, int);
	case L_L:
		return va_arg(*args, long);
	case L_LL:
		return va_arg(*args, long long);
	case L_Z:
	case L_T:
		return va_arg(*args, ptrdiff_t);
	case L_J:
		return va_arg(*args, intmax_t);
	default:
		return va_arg(*args, int);
	}
}

static enum length read_length(const char **fmt)
{
	switch (*(*fmt)++) {
	case 'h':
		if (**fmt == 'h') {
			(*fmt)++;
			return L_HH;
		}
		return L_H;
	case 'l':
		if (**fmt == 'l') {
			(*fmt)++;
			return L_LL;
		}
		return L_L;
	case 'z':
		return L_Z;
	case 't':
		return L_T;
	case 'j':
		return L_J;
	default:
		(*fmt)--;
		return L_NONE;
	}
}

static void format(struct out *o, const char *fmt, va_list *args)
{
	while (*fmt) {
		struct spec sp = { 0, 0, -1 };
		enum length len;
		const char *start = fmt;
		unsigned long long u;
		long long s;
		char c;

		if (*fmt != '%') {
			put(o, *fmt++);
			continue;
		}
		fmt++;

		for (;; fmt++) {
			if (*fmt == '-')
				sp.flags |= F_LEFT;
			else if (*fmt == '+')
				sp.flags |= F_PLUS;
			else if (*fmt == ' ')
				sp.flags |= F_SPACE;
			else if (*fmt == '0')
				sp.flags |= F_ZERO;
			else if (*fmt == '#')
				sp.flags |= F_ALT;
			else
				break;
		}

		if (*fmt == '*') {
			fmt++;
			sp.width = va_arg(*args, int);
			if (sp.width < 0) {
				/* A negative width argument means '-'. */
				sp.flags |= F_LEFT;
				sp.width = sp.width < -100000000 ? 100000000 :
								   -sp.width;
			}
		} else {
			sp.width = read_int(&fmt);
		}

		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				fmt++;
				sp.prec = va_arg(*args, int);
				if (sp.prec < 0)
					sp.prec = -1; /* as if none given */
			} else {
				sp.prec = read_int(&fmt);
			}
		}

		len = read_length(&fmt);
		c = *fmt;
		if (c)
			fmt++;

		switch (c) {
		case 'd':
		case 'i':
			s = get_signed(args, len);
			u = s < 0 ? -(unsigned long long)s :
				    (unsigned long long)s;
			number(o, u, s < 0, 10, false, true, "", sp);
			break;
		case 'u':
			number(o, get_unsigned(args, len), false, 10, false,
			       false, "", sp);
			break;
		case 'o':
			number(o, get_unsigned(args, len), false, 8, false,
			       false, "", sp);
			break;
		case 'x':
		case 'X':
			u = get_unsigned(args, len);
			number(o, u, false, 16, c == 'X', false,
			       (sp.flags & F_ALT) && u ?
				       (c == 'X' ? "0X" : "0x") :
				       "",
			       sp);
			break;
		case 'p':
			/* Always "0x" and all 16 digits, so columns line up. */
			sp.flags &= F_LEFT;
			sp.prec = 2 * sizeof(void *);
			number(o, (unsigned long)va_arg(*args, void *), false,
			       16, false, false, "0x", sp);
			break;
		case 'c':
			if (!(sp.flags & F_LEFT))
				put_n(o, ' ', sp.width - 1);
			put(o, (char)va_arg(*args, int));
			if (sp.flags & F_LEFT)
				put_n(o, ' ', sp.width - 1);
			break;
		case 's':
			string(o, va_arg(*args, const char *), sp);
			break;
		case '%':
			put(o, '%');
			break;
		default:
			/* Unknown or truncated conversion: show it as written. */
			while (start < fmt)
				put(o, *start++);
			break;
		}
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { buf, size, 0 };
	va_list ap;

	va_copy(ap, args);
	format(&o, fmt, &ap);
	va_end(ap);
	if (size)
		buf[o.pos < size ? o.pos : size - 1] = '\0';
	return (int)o.pos;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int n = vsnprintf(buf, size, fmt, args);

	if (!size)
		return 0;
	return (size_t)n < size ? n : (int)(size - 1);
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}
