/* SPDX-License-Identifier: MIT */
/*
 * Tests of guest user mode: entering it with the iret hypercall on a
 * separate user page table, system calls through the syscall callback,
 * a demand-paged #PF (cr2 from vcpu_info), a #DE the kernel skips, and
 * that user mode cannot read the kernel. The program is user/usertests.c.
 * pv-boot-abi.md §5.1, §5.4, §5.6.
 */
#include "pvkern.h"

#include "user/usys.h"

static const char *test_user_syscall(void)
{
	long rc = run_user(UTEST_SYSCALLS);

	if (rc)
		return fail("user program exited with %ld", rc);
	if (user_report.syscalls != UTEST_ROUNDS)
		return fail("%lu echo calls seen, expected %u",
			    user_report.syscalls, UTEST_ROUNDS);
	return NULL;
}
DEFINE_TEST(40, "user_syscall", test_user_syscall);

static const char *test_user_page_fault(void)
{
	long rc = run_user(UTEST_PAGE_FAULT);
	unsigned long want = USER_DEMAND_VA + 3 * PAGE_SIZE + 5 * 8;

	if (rc)
		return fail("user program exited with %ld", rc);
	if (user_report.page_faults != 2)
		return fail("%lu demand faults, expected 2",
			    user_report.page_faults);
	if (user_report.last_cr2 != want)
		return fail("cr2 %#lx, expected %#lx", user_report.last_cr2,
			    want);
	/* Not present, read, user mode (the hypervisor sets U/S for us). */
	if ((user_report.last_pf_error & 7) != 4)
		return fail("error code %#lx, expected 4",
			    user_report.last_pf_error);
	return NULL;
}
DEFINE_TEST(41, "user_page_fault", test_user_page_fault);

static const char *test_user_divide_error(void)
{
	long rc = run_user(UTEST_DIVIDE);

	if (rc)
		return fail("user program exited with %ld", rc);
	if (user_report.divide_errors != 1)
		return fail("%lu #DE deliveries, expected 1",
			    user_report.divide_errors);
	if (user_report.last_de_rip < USER_IMAGE_VA ||
	    user_report.last_de_rip >= USER_DEMAND_VA)
		return fail("#DE at %#lx, outside the program",
			    user_report.last_de_rip);
	return NULL;
}
DEFINE_TEST(42, "user_divide_error", test_user_divide_error);

static const char *test_user_isolation(void)
{
	long rc = run_user(UTEST_KERNEL_READ);

	if (user_report.killed_vector != 14)
		return fail("program %s (status %ld), expected a #PF",
			    user_report.killed_vector < 0 ? "exited" : "killed",
			    rc);
	if (user_report.killed_cr2 != VIRT_BASE)
		return fail("fault at %#lx, expected %#lx",
			    user_report.killed_cr2, VIRT_BASE);
	return NULL;
}
DEFINE_TEST(43, "user_isolation", test_user_isolation);
