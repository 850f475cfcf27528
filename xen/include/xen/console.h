/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor console: printk's back end. Messages go to the serial line
 * and into a ring buffer (the privileged domain will read it with console_io).
 */
#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H

#include <xen/types.h>

void console_init(void);
/* Write raw text (already formatted, no log level) under the console lock. */
void console_write(const char *s, size_t n);
/* Used by panic: from now on never wait for the console lock. */
void console_force_unlock(void);
/*
 * A guest's console output (console_io, or its console ring through the
 * built-in backend): cut into "(dN) " lines, rate-limited per domain.
 */
struct domain;
void console_guest_put(struct domain *d, const char *s, unsigned int n);
/* Copy up to n bytes of the ring buffer from *pos on; returns bytes copied. */
size_t console_ring_read(char *buf, size_t n, u64 *pos);

#endif /* XEN_CONSOLE_H */
