/* SPDX-License-Identifier: MIT */
/*
 * The xenstore command-line tools in one binary: the command comes from
 * argv[0] (xenstore-read, -write, -ls, -rm, -exists, -list, -chmod, -watch)
 * or from the first argument ("xenstore read ..."). Messages and exit codes
 * follow Xen's tools: 0 on success, 1 on failure with "<tool>: ..." on
 * stderr, usage errors likewise.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xenstore.h"

static const char *prog = "xenstore";
static struct xs_handle *xsh;

static int fail(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", prog);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return 1;
}

static int usage(const char *text)
{
	fprintf(stderr, "Usage: %s %s\n", prog, text);
	return 1;
}

/* Prints a value with unprintable bytes escaped, as xenstore-ls does. */
static void print_escaped(const char *v, unsigned int len)
{
	for (unsigned int i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c == '\\')
			fputs("\\\\", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\r')
			fputs("\\r", stdout);
		else if (c < 0x20 || c > 0x7e)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
}

static int cmd_read(int argc, char **argv)
{
	bool prefix = false, raw = false;
	int opt;

	while ((opt = getopt(argc, argv, "psR")) != -1) {
		if (opt == 'p')
			prefix = true;
		else if (opt == 'R')
			raw = true;
		else if (opt != 's')
			return usage("[-p] [-R] [-s] key [...]");
	}
	if (optind >= argc)
		return usage("[-p] [-R] [-s] key [...]");
	for (int i = optind; i < argc; i++) {
		unsigned int len;
		char *v = xs_read(xsh, XBT_NULL, argv[i], &len);

		if (!v)
			return fail("couldn't read path %s", argv[i]);
		if (prefix)
			printf("%s: ", argv[i]);
		if (raw)
			fwrite(v, 1, len, stdout);
		else
			print_escaped(v, len);
		putchar('\n');
		free(v);
	}
	return 0;
}

static int cmd_write(int argc, char **argv)
{
	if (argc < 3 || (argc - 1) % 2)
		return usage("key value [key value ...]");
	for (int i = 1; i < argc; i += 2)
		if (!xs_write(xsh, XBT_NULL, argv[i], argv[i + 1],
			      (unsigned int)strlen(argv[i + 1])))
			return fail("could not write path %s", argv[i]);
	return 0;
}

static int cmd_rm(int argc, char **argv)
{
	bool tidy = false;
	int opt;

	while ((opt = getopt(argc, argv, "t")) != -1) {
		if (opt != 't')
			return usage("[-t] key [...]");
		tidy = true;
	}
	if (optind >= argc)
		return usage("[-t] key [...]");
	for (int i = optind; i < argc; i++) {
		char *p = strdup(argv[i]);

		if (!xs_rm(xsh, XBT_NULL, argv[i])) {
			free(p);
			return fail("could not remove path %s", argv[i]);
		}
		/* -t: remove parents left empty, like Xen's. */
		while (tidy && p) {
			char *slash = strrchr(p, '/');
			unsigned int n, len;
			char **d, *v;

			if (!slash || slash == p)
				break;
			*slash = 0;
			d = xs_directory(xsh, XBT_NULL, p, &n);
			v = xs_read(xsh, XBT_NULL, p, &len);
			if (!d || n || !v || len) {
				free(d);
				free(v);
				break;
			}
			free(d);
			free(v);
			if (!xs_rm(xsh, XBT_NULL, p))
				break;
		}
		free(p);
	}
	return 0;
}

static int cmd_exists(int argc, char **argv)
{
	if (argc < 2)
		return usage("key [...]");
	for (int i = 1; i < argc; i++) {
		unsigned int len;
		char *v = xs_read(xsh, XBT_NULL, argv[i], &len);

		if (!v)
			return 1;
		free(v);
	}
	return 0;
}

static int cmd_list(int argc, char **argv)
{
	bool prefix = false;
	int opt;

	while ((opt = getopt(argc, argv, "ps")) != -1) {
		if (opt == 'p')
			prefix = true;
		else if (opt != 's')
			return usage("[-p] [-s] key [...]");
	}
	if (optind >= argc)
		return usage("[-p] [-s] key [...]");
	for (int i = optind; i < argc; i++) {
		unsigned int n;
		char **d = xs_directory(xsh, XBT_NULL, argv[i], &n);

		if (!d)
			return fail("couldn't list path %s", argv[i]);
		for (unsigned int j = 0; j < n; j++) {
			if (prefix)
				printf("%s/", argv[i]);
			printf("%s\n", d[j]);
		}
		free(d);
	}
	return 0;
}

static void print_perms(const char *path)
{
	unsigned int n;
	struct xs_permissions *p = xs_get_permissions(xsh, XBT_NULL, path, &n);

	fputs("  (", stdout);
	for (unsigned int i = 0; p && i < n; i++) {
		char s[XS_PERM_STRLEN];

		xs_perm_to_string(&p[i], s, sizeof(s));
		printf("%s%s", i ? "," : "", s);
	}
	putchar(')');
	free(p);
}

static void ls_tree(const char *path, int depth, bool full, bool perms)
{
	unsigned int n;
	char **d = xs_directory(xsh, XBT_NULL, path, &n);

	for (unsigned int i = 0; d && i < n; i++) {
		size_t l = strlen(path) + strlen(d[i]) + 2;
		char *child = malloc(l);
		unsigned int vlen = 0;
		char *v;

		if (!child)
			break;
		snprintf(child, l, "%s/%s", strcmp(path, "/") ? path : "",
			 d[i]);
		v = xs_read(xsh, XBT_NULL, child, &vlen);
		if (full)
			printf("%s = \"", child);
		else
			printf("%*s%s = \"", depth, "", d[i]);
		if (v)
			print_escaped(v, vlen);
		putchar('"');
		if (perms)
			print_perms(child);
		putchar('\n');
		free(v);
		ls_tree(child, depth + 1, full, perms);
		free(child);
	}
	free(d);
}

static int cmd_ls(int argc, char **argv)
{
	bool full = false, perms = false;
	const char *path = "/";
	unsigned int n;
	char **d;
	int opt;

	while ((opt = getopt(argc, argv, "fps")) != -1) {
		if (opt == 'f')
			full = true;
		else if (opt == 'p')
			perms = true;
		else if (opt != 's')
			return usage("[-f] [-p] [-s] [path]");
	}
	if (optind < argc)
		path = argv[optind];
	d = xs_directory(xsh, XBT_NULL, path, &n);
	if (!d)
		return fail("xs_directory (%s): No such file or directory",
			    path);
	free(d);
	ls_tree(path, 0, full, perms);
	return 0;
}

static int chmod_one(const char *path, struct xs_permissions *p, unsigned int n,
		     bool recurse)
{
	unsigned int nc;
	char **d;

	if (!xs_set_permissions(xsh, XBT_NULL, path, p, n))
		return fail("Error occurred trying to set permissions on %s",
			    path);
	if (!recurse)
		return 0;
	d = xs_directory(xsh, XBT_NULL, path, &nc);
	for (unsigned int i = 0; d && i < nc; i++) {
		size_t l = strlen(path) + strlen(d[i]) + 2;
		char *child = malloc(l);
		int ret;

		if (!child)
			break;
		snprintf(child, l, "%s/%s", strcmp(path, "/") ? path : "",
			 d[i]);
		ret = chmod_one(child, p, n, true);
		free(child);
		if (ret) {
			free(d);
			return ret;
		}
	}
	free(d);
	return 0;
}

static int cmd_chmod(int argc, char **argv)
{
	struct xs_permissions *p;
	bool recurse = false;
	unsigned int n;
	int opt, ret;

	while ((opt = getopt(argc, argv, "ru")) != -1) {
		if (opt == 'r')
			recurse = true;
		else if (opt != 'u')
			return usage("[-r] [-u] key <mode [modes...]>");
	}
	if (argc - optind < 2)
		return usage("[-r] [-u] key <mode [modes...]>");
	n = (unsigned int)(argc - optind - 1);
	p = calloc(n, sizeof(*p));
	if (!p)
		return 1;
	for (unsigned int i = 0; i < n; i++) {
		if (!xs_strings_to_perms(&p[i], 1, argv[optind + 1 + i])) {
			free(p);
			return fail("Invalid permission: %s",
				    argv[optind + 1 + i]);
		}
	}
	ret = chmod_one(argv[optind], p, n, recurse);
	free(p);
	return ret;
}

static int cmd_watch(int argc, char **argv)
{
	int opt, max = -1;

	while ((opt = getopt(argc, argv, "n:s")) != -1) {
		if (opt == 'n')
			max = atoi(optarg);
		else if (opt != 's')
			return usage("[-n NR] [-s] key");
	}
	if (argc - optind != 1)
		return usage("[-n NR] [-s] key");
	if (!xs_watch(xsh, argv[optind], "xenstore-watch"))
		return fail("Unable to add watch on %s", argv[optind]);
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (max != 0) {
		unsigned int n;
		char **v = xs_read_watch(xsh, &n);

		if (!v)
			return fail("%s", "connection to xenstored lost");
		printf("%s\n", v[XS_WATCH_PATH]);
		free(v);
		if (max > 0)
			max--;
	}
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} cmds[] = {
	{ "read", cmd_read },	  { "write", cmd_write }, { "rm", cmd_rm },
	{ "exists", cmd_exists }, { "list", cmd_list },	  { "ls", cmd_ls },
	{ "chmod", cmd_chmod },	  { "watch", cmd_watch },
};

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	const char *name;
	int ret;

	base = base ? base + 1 : argv[0];
	if (!strncmp(base, "xenstore-", 9)) {
		name = base + 9;
		prog = base;
	} else {
		if (argc < 2) {
			fprintf(stderr,
				"Usage: xenstore <read|write|ls|rm|exists|list|chmod|watch> ...\n");
			return 1;
		}
		name = argv[1];
		argv++;
		argc--;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(cmds[i].name, name))
			continue;
		xsh = xs_open(0);
		if (!xsh) {
			fprintf(stderr,
				"%s: failed to connect to xenstore: %s\n", prog,
				strerror(errno));
			return 1;
		}
		ret = cmds[i].fn(argc, argv);
		xs_close(xsh);
		return ret;
	}
	fprintf(stderr, "xenstore: unknown command %s\n", name);
	return 1;
}
