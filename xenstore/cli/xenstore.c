/* SPDX-License-Identifier: MIT */
/*
 * The xenstore command-line tools in one binary: the command comes from
 * argv[0] (xenstore-read, -write, -ls, -rm, -exists, -list, -chmod, -watch)
 * or from the first argument ("xenstore read ..."). Messages and exit codes
 * follow Xen's tools: 0 on success, 1 on failure with "<tool>: ..." on
 * stderr, usage errors likewise.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "xenstore.h"

static const char *prog = "xenstore";
static struct xs_handle *xsh;
static xs_transaction_t xth; /* the command's transaction, if any */

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

/*
 * Values are shown the way Xen's tools show them: backslash, tab, newline
 * and carriage return as C escapes, other unprintable bytes as \ooo octal.
 */
static void print_escaped(const char *v, unsigned int len, size_t max)
{
	size_t out = 0;

	for (unsigned int i = 0; i < len && out < max; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c == '\\')
			out += (size_t)printf("\\\\");
		else if (c == '\t')
			out += (size_t)printf("\\t");
		else if (c == '\n')
			out += (size_t)printf("\\n");
		else if (c == '\r')
			out += (size_t)printf("\\r");
		else if (c < 0x20 || c > 0x7e)
			out += (size_t)printf("\\%03o", c);
		else
			out += (size_t)(putchar(c) != EOF);
	}
}

static size_t escaped_len(const char *v, unsigned int len)
{
	size_t n = 0;

	for (unsigned int i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];

		n += (c == '\\' || c == '\t' || c == '\n' || c == '\r') ? 2 :
		     (c < 0x20 || c > 0x7e)				? 4 :
									  1;
	}
	return n;
}

/* The reverse, for values given on the command line. */
static unsigned int unescape(char *out, const char *in)
{
	char *o = out;

	while (*in) {
		if (*in != '\\' || !in[1]) {
			*o++ = *in++;
			continue;
		}
		in++;
		switch (*in) {
		case 't':
			*o++ = '\t';
			in++;
			break;
		case 'n':
			*o++ = '\n';
			in++;
			break;
		case 'r':
			*o++ = '\r';
			in++;
			break;
		case 'x': {
			unsigned int v = 0, n = 0;

			in++;
			while (n < 2 && isxdigit((unsigned char)*in)) {
				v = v * 16 +
				    (unsigned int)(isdigit((unsigned char)*in) ?
							   *in - '0' :
							   (tolower((
								    unsigned char)*in) -
							    'a' + 10));
				in++;
				n++;
			}
			*o++ = (char)v;
			break;
		}
		default:
			if (*in >= '0' && *in <= '7') {
				unsigned int v = 0, n = 0;

				while (n < 3 && *in >= '0' && *in <= '7') {
					v = v * 8 + (unsigned int)(*in++ - '0');
					n++;
				}
				*o++ = (char)v;
			} else {
				*o++ = *in++;
			}
		}
	}
	*o = 0;
	return (unsigned int)(o - out);
}

static int cmd_read(int argc, char **argv)
{
	bool prefix = false, raw = false;

	for (int opt; (opt = getopt(argc, argv, "psR")) != -1;) {
		if (opt == 'p')
			prefix = true;
		else if (opt == 'R')
			raw = true;
		else if (opt != 's')
			return usage("[-p] [-R] [-s] key [...]");
	}
	for (int i = optind; i < argc; i++) {
		unsigned int len;
		char *v = xs_read(xsh, xth, argv[i], &len);

		if (!v)
			return fail("couldn't read path %s", argv[i]);
		if (prefix)
			printf("%s: ", argv[i]);
		if (raw)
			fwrite(v, 1, len, stdout);
		else
			print_escaped(v, len, SIZE_MAX);
		putchar('\n');
		free(v);
	}
	return 0;
}

/* Only -s (use the socket, which we always do) for the simple commands. */
static int plain_opts(int argc, char **argv, const char *u)
{
	int opt;

	while ((opt = getopt(argc, argv, "s")) != -1)
		if (opt != 's')
			return usage(u);
	return 0;
}

static int cmd_write(int argc, char **argv)
{
	if (plain_opts(argc, argv, "[-s] key value [...]"))
		return 1;
	for (int i = optind; i + 1 < argc; i += 2) {
		char *val = malloc(strlen(argv[i + 1]) + 1);
		unsigned int len;
		bool ok;

		if (!val)
			return 1;
		len = unescape(val, argv[i + 1]);
		ok = xs_write(xsh, xth, argv[i], val, len);
		free(val);
		if (!ok)
			return fail("could not write path %s", argv[i]);
	}
	return 0;
}

static bool is_empty_leaf(const char *path)
{
	unsigned int n, len;
	char **d = xs_directory(xsh, xth, path, &n);
	char *v = xs_read(xsh, xth, path, &len);
	bool empty = d && !n && v && !len;

	free(d);
	free(v);
	return empty;
}

static int cmd_rm(int argc, char **argv)
{
	bool tidy = false;

	for (int opt; (opt = getopt(argc, argv, "st")) != -1;) {
		if (opt == 't')
			tidy = true;
		else if (opt != 's')
			return usage("[-t] [-s] key [...]");
	}
	for (int i = optind; i < argc; i++) {
		char *p;

		if (!xs_rm(xsh, xth, argv[i]))
			return fail("could not remove path %s", argv[i]);
		/* -t: also remove parents left without value or children. */
		p = tidy ? strdup(argv[i]) : NULL;
		for (char *slash;
		     p && (slash = strrchr(p, '/')) && slash != p;) {
			*slash = 0;
			if (!is_empty_leaf(p) || !xs_rm(xsh, xth, p))
				break;
		}
		free(p);
	}
	return 0;
}

static int cmd_exists(int argc, char **argv)
{
	if (plain_opts(argc, argv, "[-s] key [...]"))
		return 1;
	for (int i = optind; i < argc; i++) {
		unsigned int len;
		char *v = xs_read(xsh, xth, argv[i], &len);

		if (!v)
			return 1;
		free(v);
	}
	return 0;
}

static int cmd_list(int argc, char **argv)
{
	bool prefix = false;

	for (int opt; (opt = getopt(argc, argv, "ps")) != -1;) {
		if (opt == 'p')
			prefix = true;
		else if (opt != 's')
			return usage("[-p] [-s] key [...]");
	}
	for (int i = optind; i < argc; i++) {
		unsigned int n;
		char **d = xs_directory(xsh, xth, argv[i], &n);

		if (!d)
			return fail("could not list path %s", argv[i]);
		for (unsigned int j = 0; j < n; j++) {
			if (prefix)
				printf("%s/", argv[i]);
			printf("%s\n", d[j]);
		}
		free(d);
	}
	return 0;
}

/* xenstore-ls layout (as Xen's): lines fit max_width, values are cut with
 * "\...", and -p pads with ". . ." to desired_width before the ACL. */
static int max_width = 80, desired_width = 60;
static bool whole_path;
#define TAG_LEN 9 /* strlen(" = \"...\"") + 1 */

static void print_perms(const char *path)
{
	unsigned int n;
	struct xs_permissions *p = xs_get_permissions(xsh, xth, path, &n);

	if (!p) {
		fprintf(stderr, "\n%s: could not access permissions for %s\n",
			prog, path);
		return;
	}
	fputs("  (", stdout);
	for (unsigned int i = 0; i < n; i++) {
		char s[XS_PERM_STRLEN];

		xs_perm_to_string(&p[i], s, sizeof(s));
		printf("%s%s", i ? "," : "", s);
	}
	putchar(')');
	free(p);
}

static int ls_tree(const char *path, int depth, bool perms)
{
	unsigned int n;
	char **d = xs_directory(xsh, xth, path, &n);

	if (!d) {
		fprintf(stderr, "%s: xs_directory (%s): %s\n", prog, path,
			strerror(errno));
		return 1;
	}
	for (unsigned int i = 0; i < n; i++) {
		size_t l = strlen(path) + strlen(d[i]) + 2;
		char *child = malloc(l);
		unsigned int vlen = 0;
		int width = 0;
		char *v;

		if (!child)
			break;
		snprintf(child, l, "%s%s%s", path,
			 path[strlen(path) - 1] == '/' ? "" : "/", d[i]);
		if (whole_path) {
			width = printf("%s", child);
		} else {
			width = printf("%*s%.*s", depth, "",
				       max_width - TAG_LEN - depth, d[i]);
		}
		v = xs_read(xsh, xth, child, &vlen);
		if (!v) {
			printf(":\n");
		} else if (max_width <
			   width + (int)escaped_len(v, vlen) + TAG_LEN) {
			fputs(" = \"", stdout);
			print_escaped(v, vlen,
				      (size_t)(max_width - TAG_LEN - width));
			fputs("\\...\"", stdout);
		} else {
			width += printf(" = \"");
			print_escaped(v, vlen, SIZE_MAX);
			width += (int)escaped_len(v, vlen) + printf("\"");
			if (perms) {
				putchar(' ');
				for (width++;
				     width < desired_width && width < max_width;
				     width++)
					putchar((width & 1) ? '.' : ' ');
			}
		}
		free(v);
		if (perms)
			print_perms(child);
		putchar('\n');
		ls_tree(child, depth + 1, perms);
		free(child);
	}
	free(d);
	return 0;
}

static int cmd_ls(int argc, char **argv)
{
	bool perms = false;
	struct winsize ws;

	for (int opt; (opt = getopt(argc, argv, "fpsw")) != -1;) {
		if (opt == 'f') {
			whole_path = true;
			max_width = INT_MAX / 2;
			desired_width = 0;
		} else if (opt == 'p') {
			perms = true;
		} else if (opt == 'w') {
			max_width = INT_MAX / 2;
		} else if (opt != 's') {
			return usage("[-f] [-p] [-s] [-w] [path]");
		}
	}
	if (!whole_path && max_width == 80 &&
	    !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col)
		max_width = ws.ws_col - 2;
	if (optind == argc)
		return ls_tree("/", 0, perms);
	for (int i = optind; i < argc; i++)
		if (ls_tree(argv[i], 0, perms))
			return 1;
	return 0;
}

static int chmod_one(char *path, struct xs_permissions *p, unsigned int n,
		     bool upto, bool recurse)
{
	unsigned int nc;
	char **d;

	if (!path[0])
		return 0;
	if (!xs_set_permissions(xsh, xth, path, p, n)) {
		fprintf(stderr,
			"%s: Error occurred setting permissions on '%s': %s\n",
			prog, path, strerror(errno));
		return 1;
	}
	if (upto) {
		char *slash = strrchr(path, '/');
		int ret;

		if (slash && slash != path) {
			*slash = 0;
			ret = chmod_one(path, p, n, true, false);
			*slash = '/';
			if (ret)
				return ret;
		}
	}
	if (!recurse)
		return 0;
	d = xs_directory(xsh, xth, path, &nc);
	for (unsigned int i = 0; d && i < nc; i++) {
		size_t l = strlen(path) + strlen(d[i]) + 2;
		char *child = malloc(l);
		int ret;

		if (!child)
			break;
		snprintf(child, l, "%s/%s", strcmp(path, "/") ? path : "",
			 d[i]);
		ret = chmod_one(child, p, n, false, true);
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
	bool recurse = false, upto = false;
	struct xs_permissions *p;
	unsigned int n;
	int ret;

	for (int opt; (opt = getopt(argc, argv, "rsu")) != -1;) {
		if (opt == 'r')
			recurse = true;
		else if (opt == 'u')
			upto = true;
		else if (opt != 's')
			return usage("[-r] [-u] [-s] key <mode [modes...]>");
	}
	if (argc - optind < 2)
		return usage("[-r] [-u] [-s] key <mode [modes...]>");
	n = (unsigned int)(argc - optind - 1);
	p = calloc(n, sizeof(*p));
	if (!p)
		return 1;
	for (unsigned int i = 0; i < n; i++) {
		const char *s = argv[optind + 1 + i];

		if (!strchr("nrwb", s[0]) || !s[0]) {
			fprintf(stderr,
				"%s: Invalid permission specification: '%c'\n",
				prog, s[0]);
			free(p);
			return 1;
		}
		if (!xs_strings_to_perms(&p[i], 1, s)) {
			free(p);
			return fail("Invalid permission specification: %s", s);
		}
	}
	ret = chmod_one(argv[optind], p, n, upto, recurse);
	free(p);
	return ret;
}

static int cmd_watch(int argc, char **argv)
{
	int max = -1;

	for (int opt; (opt = getopt(argc, argv, "n:s")) != -1;) {
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

/* min_args counts what must follow the options; txn says whether the
 * command runs in a transaction (retried on EAGAIN), as Xen's does. */
static const struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	int min_args;
	const char *usage;
} cmds[] = {
	{ "read", cmd_read, 1, "[-p] [-R] [-s] key [...]" },
	{ "write", cmd_write, 2, "[-s] key value [...]" },
	{ "rm", cmd_rm, 1, "[-t] [-s] key [...]" },
	{ "exists", cmd_exists, 1, "[-s] key [...]" },
	{ "list", cmd_list, 1, "[-p] [-s] key [...]" },
	{ "ls", cmd_ls, 0, "[-f] [-p] [-s] [-w] [path]" },
	{ "chmod", cmd_chmod, 2, "[-r] [-u] [-s] key <mode [modes...]>" },
	{ "watch", cmd_watch, 1, "[-n NR] [-s] key" },
};

/* Counts non-option arguments the way getopt will see them. */
static int count_args(int argc, char **argv)
{
	int n = 0;

	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1] && n == 0) {
			if (!strcmp(argv[i], "-n"))
				i++;
			continue;
		}
		n++;
	}
	return n;
}

static int run(const struct cmd *c, int argc, char **argv)
{
	int nargs = count_args(argc, argv), ret;
	bool txn;

	if (nargs < c->min_args || (!strcmp(c->name, "write") && nargs % 2))
		return usage(c->usage);
	/* Several keys, or a change: all or nothing, like Xen's tools. */
	txn = strcmp(c->name, "ls") && strcmp(c->name, "watch") &&
	      (nargs > 1 || strcmp(c->name, "read"));
	for (;;) {
		xth = XBT_NULL;
		if (txn) {
			xth = xs_transaction_start(xsh);
			if (xth == XBT_NULL)
				return fail("%s", "couldn't start transaction");
		}
		optind = 0; /* glibc: rescan from the start */
		ret = c->fn(argc, argv);
		if (!txn || xs_transaction_end(xsh, xth, ret != 0))
			return ret;
		if (ret || errno != EAGAIN)
			return ret ? ret :
				     fail("%s", "couldn't end transaction");
		fflush(stdout);
	}
}

/* -s: talk to the daemon's socket only, never the xenbus device. */
static bool socket_only(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (argv[i][0] == '-' && argv[i][1] != '-' &&
		    strchr(argv[i], 's'))
			return true;
	return false;
}

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
		xsh = xs_open(socket_only(argc, argv) ? XS_OPEN_SOCKETONLY : 0);
		if (!xsh) {
			fprintf(stderr,
				"%s: failed to connect to xenstore: %s\n", prog,
				strerror(errno));
			return 1;
		}
		ret = run(&cmds[i], argc, argv);
		xs_close(xsh);
		return ret;
	}
	fprintf(stderr, "xenstore: unknown command %s\n", name);
	return 1;
}
