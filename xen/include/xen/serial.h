/* SPDX-License-Identifier: MIT */
/*
 * The serial line the console writes to (xen/drivers/char/ns16550.c).
 */
#ifndef XEN_SERIAL_H
#define XEN_SERIAL_H

#include <xen/types.h>

void serial_init(void);
/* Polled output; "\n" goes out as "\r\n". */
void serial_puts(const char *s, size_t n);
/* A received byte, or -1 if none is waiting. */
int serial_getc(void);
/* Whether a received byte is waiting (nothing is consumed). */
bool serial_rx_ready(void);

#endif /* XEN_SERIAL_H */
