/* SPDX-License-Identifier: MIT */
/*
 * The host unit-test runner: sets up the harness, registers every suite, runs
 * them verbosely and ends with the one line scripts/run-suites reads,
 * "unit: N passed, N failed", exiting non-zero if anything failed.
 */

#include <CUnit/Basic.h>

#include "../include/cunit_runner.h"

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
	register_string_suite,	     register_strtol_suite,
	register_vsprintf_suite,     register_cmdline_suite,
	register_multiboot2_suite,   register_memmap_suite,
	register_page_alloc_suite,   register_xmalloc_suite,
	register_timer_suite,	     register_emul_suite,
	register_cpuid_suite,	     register_symbols_suite,
	register_acpi_suite,	     register_pv_mm_suite,
	register_credit_share_suite, register_bootdomain_suite,
	register_reservation_suite,
};

int main(void)
{
	harness_init();
	return cunit_run("unit", suites, sizeof(suites) / sizeof(suites[0]));
}
