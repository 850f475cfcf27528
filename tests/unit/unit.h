/* SPDX-License-Identifier: MIT */
/*
 * The suites of the host unit-test binary: each test_*.c registers its own
 * CUnit suite through one of these, called from main.c.
 */
#ifndef UNIT_H
#define UNIT_H

#include <CUnit/CUnit.h>

CU_ErrorCode register_string_suite(void);
CU_ErrorCode register_strtol_suite(void);
CU_ErrorCode register_vsprintf_suite(void);
CU_ErrorCode register_cmdline_suite(void);
CU_ErrorCode register_multiboot2_suite(void);
CU_ErrorCode register_memmap_suite(void);
CU_ErrorCode register_page_alloc_suite(void);
CU_ErrorCode register_xmalloc_suite(void);
CU_ErrorCode register_timer_suite(void);
CU_ErrorCode register_emul_suite(void);
CU_ErrorCode register_cpuid_suite(void);
CU_ErrorCode register_symbols_suite(void);
CU_ErrorCode register_acpi_suite(void);
CU_ErrorCode register_pv_mm_suite(void);
CU_ErrorCode register_reservation_suite(void);
CU_ErrorCode register_credit_share_suite(void);
CU_ErrorCode register_bootdomain_suite(void);

/* Add a suite and its tests; returns CUE_SUCCESS or CUnit's error. */
struct unit_test {
	const char *name;
	void (*fn)(void);
};
CU_ErrorCode unit_add_suite(const char *name, int (*init)(void),
			    int (*cleanup)(void), const struct unit_test *tests,
			    unsigned int nr);
#define UNIT_ADD_SUITE(name, init, cleanup, tests) \
	unit_add_suite(name, init, cleanup, tests, \
		       sizeof(tests) / sizeof((tests)[0]))

#endif /* UNIT_H */
