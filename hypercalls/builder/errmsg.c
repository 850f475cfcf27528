/* SPDX-License-Identifier: MIT */
/*
 * The builder's error messages. The builder runs inside the hypervisor as
 * well as on the host, so it cannot lean on either side's printf; this is
 * the handful of conversions its messages need, always bounded by the
 * caller's buffer and always NUL-terminated.
 */
#include "xb_private.h"

struct out {
	char *buf;
	size_t len, pos;
};

static void put(struct out *o, char c)
{
	if (o->pos + 1 < o->len)
		o->buf[o->pos++] = c;
}

static void put_str(struct out *o, const char *s)
{
	if (!s)
		s = "(null)";
	while (*s)
		put(o, *s++);
}

static void put_num(struct out *o, unsigned long long v, unsigned int base,
		    bool prefix)
{
	char tmp[24];
	unsigned int n = 0;

	if (prefix && base == 16)
		put_str(o, "0x");
	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		put(o, tmp[--n]);
}

int xb_fail(struct xb_err *err, int rc, const char *fmt, ...)
{
	struct out o;
	va_list ap;

	if (!err)
		return rc;
	o.buf = err->msg;
	o.len = sizeof(err->msg);
	o.pos = 0;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		bool prefix = false;
		unsigned int longs = 0;
		unsigned long long v;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '#') {
			prefix = true;
			fmt++;
		}
		while (*fmt == 'l') {
			longs++;
			fmt++;
		}
		switch (*fmt) {
		case 's':
			put_str(&o, va_arg(ap, const char *));
			break;
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 'd': {
			long long s = longs ? va_arg(ap, long) :
					      va_arg(ap, int);

			if (s < 0) {
				put(&o, '-');
				v = (unsigned long long)-(s + 1) + 1;
			} else {
				v = (unsigned long long)s;
			}
			put_num(&o, v, 10, false);
			break;
		}
		case 'u':
		case 'x':
			if (longs >= 2)
				v = va_arg(ap, unsigned long long);
			else if (longs)
				v = va_arg(ap, unsigned long);
			else
				v = va_arg(ap, unsigned int);
			put_num(&o, v, *fmt == 'x' ? 16 : 10, prefix);
			break;
		case '%':
			put(&o, '%');
			break;
		default:
			/* Unknown conversion: show it rather than guess. */
			put(&o, '%');
			if (*fmt)
				put(&o, *fmt);
			else
				fmt--;
			break;
		}
	}
	va_end(ap);
	o.buf[o.pos] = '\0';
	return rc;
}
