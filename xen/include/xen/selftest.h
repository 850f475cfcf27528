/* SPDX-License-Identifier: MIT */
/*
 * Boot-time selftests (selftest=1) and deliberate faults (test-fault=) for
 * the boot scenarios in tests/boot/.
 */
#ifndef XEN_SELFTEST_H
#define XEN_SELFTEST_H

#include <xen/types.h>

extern bool opt_selftest;
/* Run every selftest; prints "selftest: N passed, N failed". */
unsigned int run_selftests(void);
/* Count and print one selftest result (for selftests in other files). */
void selftest_report(const char *name, bool ok, const char *why);
/* Cross-CPU selftests (xen/arch/x86/smp_selftest.c); need 2+ CPUs. */
void selftest_smp(void);
/*
 * test-fault=ap-pf: a page fault in the hypervisor on the first secondary
 * CPU (the panic must stop the boot CPU); returns if there is none.
 */
void smp_test_fault_on_ap(void);
/* Provoke the fault named by test-fault= (pf, gp, ud, de, panic, ap-pf). */
void run_test_fault(void);

#endif /* XEN_SELFTEST_H */
