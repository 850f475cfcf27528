/* SPDX-License-Identifier: MIT */
/*
 * The shared ending of our CUnit runners: register the suites, run them
 * verbosely and print the one line scripts/run-suites reads,
 * "NAME: N passed, N failed". A suite whose init failed runs nothing, so it
 * counts as a failure. Returns the process exit status: 0, 1 on failures,
 * 2 if CUnit itself could not be set up.
 */
#ifndef TESTS_CUNIT_RUNNER_H
#define TESTS_CUNIT_RUNNER_H

#include <stdio.h>

#include <CUnit/Basic.h>

static inline int cunit_run(const char *name,
			    CU_ErrorCode (*const *suites)(void),
			    unsigned int nr_suites)
{
	unsigned int run, passed, failed, i;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		fprintf(stderr, "%s: CUnit: %s\n", name, CU_get_error_msg());
		return 2;
	}
	for (i = 0; i < nr_suites; i++) {
		if (suites[i]() != CUE_SUCCESS) {
			fprintf(stderr, "%s: registering suite %u: %s\n", name,
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

	printf("\n%s: %u passed, %u failed\n", name, passed, failed);
	return failed ? 1 : 0;
}

#endif /* TESTS_CUNIT_RUNNER_H */
