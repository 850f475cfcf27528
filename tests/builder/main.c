/* SPDX-License-Identifier: MIT */
/*
 * The builder's test runner: registers the suites, runs them verbosely and
 * ends with the line scripts/run-suites reads, "builder: N passed, N
 * failed", exiting non-zero if anything failed.
 */

#include <CUnit/Basic.h>

#include "../include/cunit_runner.h"

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
	return cunit_run("builder", suites, sizeof(suites) / sizeof(suites[0]));
}
