/* SPDX-License-Identifier: MIT */
/*
 * Reading a boot domain's description from its module string (the syntax
 * is in xen/bootdomain.h and README.md). Pure string work with every value
 * range-checked, so the host unit tests run it as is; building the domains
 * is xen/common/hyperlaunch.c.
 */
#include <xen/bootdomain.h>
#include <xen/cmdline.h>
#include <xen/errno.h>
#include <xen/lib.h>

#define MAX_VCPUS 32 /* XEN_LEGACY_MAX_VCPUS */
#define MAX_WEIGHT 65535
#define MAX_CAP 6400 /* 64 CPUs */
#define MAX_PORT 4095 /* the 2-level ABI's last port */

/* The first c in [s, s + n), or NULL. */
static const char *find_char(const char *s, size_t n, char c)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == c)
			return s + i;
	return NULL;
}

static bool name_ok(const char *s, size_t n)
{
	size_t i;

	if (!n || n >= BOOTDOM_NAME_MAX)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

/* A decimal number in [min, max] filling all of [s, s + n). */
static bool number(const char *s, size_t n, unsigned long min,
		   unsigned long max, unsigned long *out)
{
	char buf[24];
	const char *end;
	unsigned long long v;

	if (!n || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	v = simple_strtoull(buf, &end, 10);
	if (*end || buf[0] < '0' || buf[0] > '9' || v < min || v > max)
		return false;
	*out = (unsigned long)v;
	return true;
}

/* "P:PEER:Q" */
static bool parse_evtchn(const char *s, size_t n, struct bootdom_evtchn *e)
{
	const char *c1 = find_char(s, n, ':'), *c2;
	unsigned long p, q;

	if (!c1)
		return false;
	c2 = find_char(c1 + 1, n - (size_t)(c1 + 1 - s), ':');
	if (!c2 || !number(s, (size_t)(c1 - s), 1, MAX_PORT, &p) ||
	    !name_ok(c1 + 1, (size_t)(c2 - c1 - 1)) ||
	    !number(c2 + 1, n - (size_t)(c2 + 1 - s), 1, MAX_PORT, &q))
		return false;
	e->port = (u32)p;
	memcpy(e->peer, c1 + 1, (size_t)(c2 - c1 - 1));
	e->peer[c2 - c1 - 1] = '\0';
	e->peer_port = (u32)q;
	return true;
}

static int bad(char *why, size_t len, const char *what, const char *word,
	       size_t n)
{
	snprintf(why, len, "%s: '%.*s'", what, (int)n, word);
	return -EINVAL;
}

/* One hypervisor word, key=value. */
static int parse_word(struct bootdom_cfg *cfg, const char *w, size_t n,
		      char *why, size_t len)
{
	const char *eq = find_char(w, n, '=');
	const char *v;
	size_t klen, vlen;
	unsigned long num;

	if (!eq)
		return bad(why, len, "not key=value", w, n);
	klen = (size_t)(eq - w);
	v = eq + 1;
	vlen = n - klen - 1;

#define KEY(k) (klen == sizeof(k) - 1 && !memcmp(w, k, klen))
	if (KEY("domain")) {
		if (!name_ok(v, vlen))
			return bad(why, len, "bad domain name", w, n);
		memcpy(cfg->name, v, vlen);
		cfg->name[vlen] = '\0';
	} else if (KEY("mem")) {
		char buf[24];
		const char *end;

		if (!vlen || vlen >= sizeof(buf))
			return bad(why, len, "bad memory size", w, n);
		memcpy(buf, v, vlen);
		buf[vlen] = '\0';
		cfg->mem = parse_size_and_unit(buf, &end);
		if (*end || buf[0] < '0' || buf[0] > '9' || !cfg->mem)
			return bad(why, len, "bad memory size", w, n);
	} else if (KEY("vcpus")) {
		if (!number(v, vlen, 1, MAX_VCPUS, &num))
			return bad(why, len, "vcpus must be 1-32", w, n);
		cfg->vcpus = (unsigned int)num;
		cfg->vcpus_given = true;
	} else if (KEY("weight")) {
		if (!number(v, vlen, 1, MAX_WEIGHT, &num))
			return bad(why, len, "weight must be 1-65535", w, n);
		cfg->weight = (unsigned int)num;
	} else if (KEY("cap")) {
		if (!number(v, vlen, 0, MAX_CAP, &num))
			return bad(why, len, "cap must be 0-6400", w, n);
		cfg->cap = (unsigned int)num;
	} else if (KEY("evtchn")) {
		if (cfg->nr_evtchn == BOOTDOM_MAX_EVTCHN)
			return bad(why, len, "too many event channels", w, n);
		if (!parse_evtchn(v, vlen, &cfg->evtchn[cfg->nr_evtchn]))
			return bad(why, len, "evtchn wants PORT:PEER:PORT", w,
				   n);
		cfg->nr_evtchn++;
	} else {
		return bad(why, len, "unknown option", w, n);
	}
#undef KEY
	return 0;
}

int bootdom_parse(const char *str, struct bootdom_cfg *cfg, char *why,
		  size_t why_len)
{
	const char *p = str;
	int rc;

	memset(cfg, 0, sizeof(*cfg));
	cfg->vcpus = 1;
	cfg->weight = BOOTDOM_DEFAULT_WEIGHT;
	if (why_len)
		why[0] = '\0';

	while (*p == ' ')
		p++;
	if (strncmp(p, "domain=", 7)) {
		strlcpy(cfg->cmdline, str, sizeof(cfg->cmdline));
		return 0;
	}
	for (;;) {
		const char *w;
		size_t n;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		w = p;
		while (*p && *p != ' ')
			p++;
		n = (size_t)(p - w);
		if (n == 2 && w[0] == '-' && w[1] == '-') {
			while (*p == ' ')
				p++;
			if (strlen(p) >= sizeof(cfg->cmdline)) {
				snprintf(why, why_len,
					 "kernel command line too long");
				return -EINVAL;
			}
			strlcpy(cfg->cmdline, p, sizeof(cfg->cmdline));
			break;
		}
		rc = parse_word(cfg, w, n, why, why_len);
		if (rc)
			return rc;
	}
	return 1;
}
