/* SPDX-License-Identifier: MIT */
/*
 * The ABI test program: layout and constant pins, ring arithmetic, the
 * generated dispatch table and the generator's own checks. One line per
 * check group, then "abi: N passed, N failed"; exit status 1 on failure.
 * Header self-containment (C89/C99/C++) is checked by the build; here we
 * only report what the build's stamp file says was compiled.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "abi.h"

static unsigned int passed, failed;

void abi_report(const char *group, int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%-30s %s  ", group, ok ? "ok  " : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (ok)
		passed++;
	else
		failed++;
}

/* The build writes one "<language>/<header>" line per TU that compiled. */
static void report_self_contained(void)
{
	FILE *f = fopen(ABI_STAMP, "r");
	char line[256];
	unsigned int tus = 0, c89 = 0, cxx = 0;

	if (!f) {
		abi_report("headers/self_contained", 0, "no %s: build it first",
			   ABI_STAMP);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		tus++;
		c89 += strncmp(line, "c89/", 4) == 0;
		cxx += strncmp(line, "cxx11/", 6) == 0;
	}
	fclose(f);
	abi_report("headers/self_contained", tus > 0 && c89 == cxx,
		   "%u TUs compiled alone (%u headers each as C89, C99, C++11)",
		   tus, c89);
}

int main(void)
{
	int pins;

	pins = abi_check_pins();
	abi_report("static_assertions", pins > 0,
		   "%d layout and constant pins compiled as _Static_assert",
		   pins);
	abi_check_rings();
	abi_check_dispatch();
	abi_check_stubs();
	abi_check_generator();
	report_self_contained();

	printf("abi: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
