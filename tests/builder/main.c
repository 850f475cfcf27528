/* SPDX-License-Identifier: MIT */
/*
 * The builder's test runner: registers the suites, runs them verbosely and
 * ends with the line scripts/run-suites reads, "builder: N passed, N
 * failed", exiting non-zero if anything failed.
 */
#include <stdio.h>

#include <CUnit/Basic.h>

#include "builder_test.h"

CU_ErrorCode builder_add_suite(const char *name,
			       const struct builder_test *tests,
			       unsigned int nr)
{
	CU_pSuite suite = CU_add_suite(name, NULL, NULL);
	unsigned int i;

	if (!suite)
		return CU_get_error();
	for (i = 0; i < nr; i++)
		if (!CU_add_test(suite, tests[i].name, tests[i].fn))
			return CU_get_error();
	return CUE_SUCCESS;
}

static CU_ErrorCode (*const suites[])(void) = {
	register_builder_parse_suite,  register_builder_malformed_suite,
	register_builder_layout_suite, register_builder_build_suite,
	register_builder_linux_suite,
};

int main(void)
{
	unsigned int run, passed, failed, i;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		fprintf(stderr, "builder: CUnit: %s\n", CU_get_error_msg());
		return 2;
	}
	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		if (suites[i]() != CUE_SUCCESS) {
			fprintf(stderr, "builder: registering suite %u: %s\n",
				i, CU_get_error_msg());
			CU_cleanup_registry();
			return 2;
		}
	}

	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	run = CU_get_number_of_tests_run();
	failed = CU_get_number_of_tests_failed();
	passed = run - failed;
	failed += CU_get_number_of_suites_failed();
	CU_cleanup_registry();

	printf("\nbuilder: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
