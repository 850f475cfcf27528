/* SPDX-License-Identifier: MIT */
/*
 * Levelled logging to stderr. One line per call with a timestamp and the
 * level, written with a single write() so lines from several worker threads
 * never interleave.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xenstored.h"

enum log_level xs_log_level = LOG_INFO;

static const char *const level_names[] = { "error", "warn", "info", "debug" };

int xs_log_parse_level(const char *s)
{
	for (unsigned int i = 0; i < 4; i++)
		if (!strcmp(s, level_names[i]))
			return (int)i;
	return -1;
}

void xs_log(enum log_level lvl, const char *fmt, ...)
{
	char line[1024];
	struct timespec ts;
	va_list ap;
	int n;

	if (lvl > xs_log_level)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	n = snprintf(line, sizeof(line),
		     "xenstored %ld.%03ld %s: ", (long)ts.tv_sec,
		     ts.tv_nsec / 1000000, level_names[lvl]);
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, n) < 0)
		return;
}
