/* SPDX-License-Identifier: MIT */
/*
 * Ending the machine. Under QEMU the status reaches the launcher through the
 * isa-debug-exit device; scripts/qemu-boot turns it into its exit status.
 */
#ifndef XEN_SHUTDOWN_H
#define XEN_SHUTDOWN_H

#include <xen/compiler.h>

enum machine_exit_status {
	EXIT_POWEROFF = 0, /* clean: nothing left to run */
	EXIT_DOMAIN_CRASHED = 1,
	EXIT_PANIC = 2,
};

void __noreturn machine_exit(enum machine_exit_status status);

#endif /* XEN_SHUTDOWN_H */
