/* SPDX-License-Identifier: MIT */
/*
 * pvkern's user program: runs in guest user mode (ring 3 on the user page
 * table) and exercises the paths between user mode and a PV kernel. The
 * kernel starts it with the test number in %rdi and learns the outcome
 * from the exit status (0 = as expected) plus what it saw itself:
 *   UTEST_SYSCALLS    `syscall` -> syscall callback -> iret(VGCF_in_syscall)
 *   UTEST_PAGE_FAULT  #PF bounced with cr2, kernel maps a page, we resume
 *   UTEST_DIVIDE      #DE bounced, kernel reports it and skips the div
 *   UTEST_KERNEL_READ a load from the kernel's half must fault, not read
 *   UTEST_FAULT_LOOP  2000 #PFs in a row, each skipped by the kernel
 *   UTEST_SYSCALL_LOOP 20000 bare system calls (the kernel times them)
 * It is linked at 0x400000 and copied there by the kernel (user.lds).
 */
#include "usys.h"

#define USER_DEMAND_VA 0x500000UL

static long sys6(long nr, unsigned long a1, unsigned long a2, unsigned long a3,
		 unsigned long a4, unsigned long a5, unsigned long a6)
{
	register unsigned long r10 __asm__("r10") = a4;
	register unsigned long r8 __asm__("r8") = a5;
	register unsigned long r9 __asm__("r9") = a6;
	long ret;

	/* syscall clobbers %rcx (return RIP) and %r11 (RFLAGS). */
	__asm__ __volatile__("syscall"
			     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3),
			       "+r"(r10), "+r"(r8), "+r"(r9)
			     : "0"(nr)
			     : "rcx", "r11", "memory");
	return ret;
}

static __attribute__((noreturn)) void sys_exit(long status)
{
	sys6(SYS_exit, status, 0, 0, 0, 0, 0);
	for (;;)
		;
}

static void say(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	sys6(SYS_write, (unsigned long)s, n, 0, 0, 0, 0);
}

static long test_syscalls(void)
{
	unsigned long i;

	if (sys6(SYS_getpid, 0, 0, 0, 0, 0, 0) != 1)
		return 1;
	for (i = 0; i < UTEST_ROUNDS; i++) {
		unsigned long a = i * 0x9e3779b97f4a7c15UL, b = ~a, c = i << 40,
			      d = i ^ 0xdeadbeef, e = a >> 7, f = i * i;
		long r = sys6(SYS_echo, a, b, c, d, e, f);

		if ((unsigned long)r != usys_echo(a, b, c, d, e, f))
			return 100 + (long)i;
	}
	/* An unknown call must fail, not kill us. */
	if (sys6(999, 0, 0, 0, 0, 0, 0) != -38)
		return 2;
	say("hello from user mode");
	return 0;
}

static long test_page_fault(void)
{
	volatile unsigned long *p = (volatile unsigned long *)USER_DEMAND_VA;
	volatile unsigned long *q = p + 4096 / 8 * 3 + 5; /* fourth page */

	/* A write fault, then a read fault: both are fixed and resumed. */
	p[0] = 0x1122334455667788UL;
	if (p[0] != 0x1122334455667788UL)
		return 1;
	if (*q != 0) /* fresh pages are zeroed */
		return 2;
	*q = 42;
	return *q == 42 ? 0 : 3;
}

static long test_divide(void)
{
	unsigned int lo = 1234, hi = 0, zero = 0;

	/* The kernel skips the div, so both halves come back unchanged. */
	__asm__ __volatile__("divl %[d]" : "+a"(lo), "+d"(hi) : [d] "r"(zero));
	return lo == 1234 && hi == 0 ? 0 : 1;
}

static long test_kernel_read(void)
{
	/* pvkern's own image: mapped in the kernel's L4 only. */
	volatile unsigned long *k =
		(volatile unsigned long *)0xffffffff80000000UL;

	(void)*k;
	return 1; /* should have been killed */
}

static long test_fault_loop(void)
{
	unsigned long i, v = 0;

	/* The kernel skips each faulting load: v stays what it was. */
	for (i = 0; i < UTEST_FAULT_ROUNDS; i++)
		__asm__ __volatile__("mov (%%rax), %%rcx"
				     : "+c"(v)
				     : "a"(USER_FAULT_VA)
				     : "memory");
	return v;
}

static long test_syscall_loop(void)
{
	unsigned long i;

	for (i = 0; i < UTEST_SYSCALL_ROUNDS; i++)
		if (sys6(SYS_getpid, 0, 0, 0, 0, 0, 0) != 1)
			return 1;
	return 0;
}

void _start(unsigned long test);
__attribute__((section(".text.start"))) void _start(unsigned long test)
{
	switch (test) {
	case UTEST_SYSCALLS:
		sys_exit(test_syscalls());
	case UTEST_PAGE_FAULT:
		sys_exit(test_page_fault());
	case UTEST_DIVIDE:
		sys_exit(test_divide());
	case UTEST_KERNEL_READ:
		sys_exit(test_kernel_read());
	case UTEST_FAULT_LOOP:
		sys_exit(test_fault_loop());
	case UTEST_SYSCALL_LOOP:
		sys_exit(test_syscall_loop());
	}
	sys_exit(-1);
}
