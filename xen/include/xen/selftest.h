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
/* Provoke the fault named by test-fault= (pf, gp, ud, de, panic), if any. */
void run_test_fault(void);

#endif /* XEN_SELFTEST_H */
