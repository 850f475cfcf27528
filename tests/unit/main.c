/* SPDX-License-Identifier: MIT */
/*
 * The host unit-test runner: sets up the harness, registers every suite, runs
 * them verbosely and ends with the one line scripts/run-suites reads,
 * "unit: N passed, N failed", exiting non-zero if anything failed.
 */
#include <stdio.h>
#include <stdlib.h>

#include <CUnit/Basic.h>

#include "harness/harness.h"
#include "unit.h"

CU_ErrorCode unit_add_suite(const char *name, int (*init)(void),
			    int (*cleanup)(void), const struct unit_test *tests,
			    unsigned int nr)
{
	CU_pSuite suite = CU_add_suite(name, init, cleanup);
	unsigned int i;

	if (!suite)
		return CU_get_error();
	for (i = 0; i < nr; i++)
		if (!CU_add_test(suite, tests[i].name, tests[i].fn))
			return CU_get_error();
	return CUE_SUCCESS;
}

static CU_ErrorCode (*const suites[])(void) = {
	register_string_suite,	   register_strtol_suite,
	register_vsprintf_suite,   register_cmdline_suite,
	register_multiboot2_suite, register_memmap_suite,
	register_page_alloc_suite, register_xmalloc_suite,
	register_timer_suite,	   register_emul_suite,
	register_cpuid_suite,
};

int main(void)
{
	unsigned int run, passed, failed, i;

	harness_init();
	if (CU_initialize_registry() != CUE_SUCCESS) {
		fprintf(stderr, "unit: CUnit: %s\n", CU_get_error_msg());
		return 2;
	}
	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		if (suites[i]() != CUE_SUCCESS) {
			fprintf(stderr, "unit: registering suite %u: %s\n", i,
				CU_get_error_msg());
			CU_cleanup_registry();
			return 2;
		}
	}

	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	run = CU_get_number_of_tests_run();
	failed = CU_get_number_of_tests_failed();
	passed = run - failed;
	/* A suite whose init failed runs nothing: count that as a failure. */
	failed += CU_get_number_of_suites_failed();
	CU_cleanup_registry();

	printf("\nunit: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
