/* SPDX-License-Identifier: MIT */
/*
 * The kernel command line (start_info.cmd_line, from the module's line in
 * GRUB for dom0 or the domain config for a domU). Words are separated by
 * spaces; the ones pvkern understands:
 *   tests=a,b,c   run only the named tests (comma-separated)
 *   quiet         print only test results and the summary
 *   console=X     a domU's console: ring (default), hyp (console_io) or
 *                 both
 *   key=value     any other pair is kept for cmdline_value()
 * Unknown words are ignored, so a line written for Linux does no harm.
 */
#include "pvkern.h"

static char line_copy[MAX_GUEST_CMDLINE];
static const char *words[64];
static unsigned int nr_words;
static const char *test_list; /* value of tests=, or NULL for all */
bool quiet;

void cmdline_parse(const char *line)
{
	char *p = line_copy;
	unsigned int i;

	memcpy(line_copy, line, sizeof(line_copy) - 1);
	while (*p && nr_words < ARRAY_SIZE(words)) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		words[nr_words++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	for (i = 0; i < nr_words; i++) {
		if (!strcmp(words[i], "quiet"))
			quiet = true;
		else if (!strncmp(words[i], "tests=", 6))
			test_list = words[i] + 6;
	}
}

const char *cmdline_value(const char *key)
{
	size_t n = strlen(key);
	unsigned int i;

	for (i = 0; i < nr_words; i++)
		if (!strncmp(words[i], key, n) && words[i][n] == '=')
			return words[i] + n + 1;
	return NULL;
}

bool cmdline_wants_test(const char *name, bool on_request)
{
	size_t n = strlen(name);
	const char *p = test_list;

	if (!p)
		return !on_request;
	while (*p) {
		if (!strncmp(p, name, n) && (p[n] == ',' || p[n] == '\0'))
			return true;
		while (*p && *p != ',')
			p++;
		if (*p == ',')
			p++;
	}
	return false;
}

/* A decimal number at s, up to a comma or the end; false if none. */
static bool parse_ulong(const char **s, unsigned long *out)
{
	const char *p = *s;
	unsigned long v = 0;

	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		v = v * 10 + (unsigned long)(*p++ - '0');
	if (*p && *p != ',')
		return false;
	*out = v;
	*s = p;
	return true;
}

unsigned long cmdline_ulong(const char *key, unsigned long dflt)
{
	const char *p = cmdline_value(key);
	unsigned long v;

	return p && parse_ulong(&p, &v) && !*p ? v : dflt;
}

unsigned int cmdline_ulongs(const char *key, unsigned long *out,
			    unsigned int max)
{
	const char *p = cmdline_value(key);
	unsigned int n = 0;

	while (p && n < max && parse_ulong(&p, &out[n])) {
		n++;
		if (*p != ',')
			break;
		p++;
	}
	return n;
}
