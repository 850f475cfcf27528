/* SPDX-License-Identifier: MIT */
/*
 * COM1, a 16550 UART at I/O port 0x3f8, run polled at 115200 baud 8n1.
 * Polling keeps the console usable from any context, panics included.
 */
#include <xen/serial.h>
#include <asm/io.h>

#define COM1 0x3f8
#define UART_CLOCK 115200 /* divisor 1 */

#define RBR 0 /* receive buffer (DLAB=0) */
#define THR 0 /* transmit holding (DLAB=0) */
#define DLL 0 /* divisor low (DLAB=1) */
#define IER 1 /* interrupt enable (DLAB=0) */
#define DLM 1 /* divisor high (DLAB=1) */
#define FCR 2 /* FIFO control */
#define LCR 3 /* line control */
#define MCR 4 /* modem control */
#define LSR 5 /* line status */

#define LCR_DLAB 0x80
#define LCR_8N1 0x03
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define MCR_DTR_RTS_OUT2 0x0b
#define FCR_ENABLE_CLEAR 0x07

void serial_init(void)
{
	outb(0, COM1 + IER);
	outb(LCR_DLAB, COM1 + LCR);
	outb(UART_CLOCK / 115200, COM1 + DLL);
	outb(0, COM1 + DLM);
	outb(LCR_8N1, COM1 + LCR);
	outb(FCR_ENABLE_CLEAR, COM1 + FCR);
	outb(MCR_DTR_RTS_OUT2, COM1 + MCR);
}

static void serial_putc(char c)
{
	unsigned int spins = 100000;

	/* Give up waiting on a UART that never drains rather than hang. */
	while (!(inb(COM1 + LSR) & LSR_THRE) && --spins)
		;
	outb(c, COM1 + THR);
}

void serial_puts(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

bool serial_rx_ready(void)
{
	return inb(COM1 + LSR) & LSR_DR;
}

int serial_getc(void)
{
	if (!(inb(COM1 + LSR) & LSR_DR))
		return -1;
	return inb(COM1 + RBR);
}
