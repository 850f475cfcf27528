/* SPDX-License-Identifier: MIT */
/*
 * The generator's own checks: scripts/gen-hypercalls must accept the real
 * table and refuse, with a file:line message and a non-zero exit, a table
 * with a repeated number or name, a line without a handler, a handler that
 * is neither do_* nor ENOSYS, too many arguments or a number out of range.
 * Runs the script on small tables written to a temporary directory; the
 * test program runs from the top of the tree (as make test does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi.h"

#define GENERATOR "scripts/gen-hypercalls"
#define TABLE "hypercalls/hypercalls.tbl"

static char dir[] = "/tmp/abi-gen-XXXXXX";

/* Run the generator's check mode on text; return its exit status. */
static int run_check(const char *path, const char *text, char *out,
		     size_t outlen)
{
	char cmd[512];
	FILE *f, *p;
	size_t n = 0;
	int status;

	if (text) {
		f = fopen(path, "w");
		if (!f)
			return -1;
		fputs(text, f);
		fclose(f);
	}
	snprintf(cmd, sizeof(cmd), "%s check %s 2>&1", GENERATOR, path);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	out[0] = '\0';
	while (n + 1 < outlen && fgets(out + n, (int)(outlen - n), p))
		n = strlen(out);
	status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct bad_table {
	const char *what;
	const char *text;
	const char *message; /* expected in the error output */
};

static const struct bad_table bad[] = {
	{ "repeated number", "1 a do_a - void\n1 b do_b - void\n",
	  "number 1 (b) already used" },
	{ "repeated name", "1 a do_a - void\n2 a do_b - void\n",
	  "name a already used" },
	{ "no handler", "1 a\n", ":1: expected" },
	{ "handler neither do_* nor ENOSYS", "1 a handle_a - void\n",
	  "handler must be a do_* function or ENOSYS" },
	{ "seven arguments",
	  "1 a do_a - int a, int b, int c, int d, int e, int f, int g\n",
	  "more than 6 arguments" },
	{ "number out of range", "64 a do_a - void\n", "not in 0..63" },
	{ "unknown flag", "1 a do_a fast void\n", "unknown flags" },
	{ "empty table", "# nothing\n", "no hypercalls" },
};

int abi_check_generator(void)
{
	char path[64], out[1024];
	unsigned int i, ok;
	int rc;

	if (access(GENERATOR, X_OK) != 0) {
		abi_report("generator/real_table", 0,
			   "%s not found: run from the top of the tree",
			   GENERATOR);
		return 0;
	}
	rc = run_check(TABLE, NULL, out, sizeof(out));
	abi_report("generator/real_table", rc == 0 && out[0] == '\0',
		   "%s accepted", TABLE);

	if (!mkdtemp(dir)) {
		abi_report("generator/rejects_bad_tables", 0, "mkdtemp failed");
		return 0;
	}
	snprintf(path, sizeof(path), "%s/bad.tbl", dir);
	ok = 0;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		rc = run_check(path, bad[i].text, out, sizeof(out));
		if (rc == 1 && strstr(out, bad[i].message))
			ok++;
		else
			printf("    %s: exit %d, output: %s\n", bad[i].what, rc,
			       out);
	}
	unlink(path);
	rmdir(dir);
	abi_report("generator/rejects_bad_tables",
		   ok == sizeof(bad) / sizeof(bad[0]),
		   "%u of %u bad tables refused", ok,
		   (unsigned int)(sizeof(bad) / sizeof(bad[0])));
	return 0;
}
