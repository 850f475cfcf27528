/* SPDX-License-Identifier: MIT */
/*
 * The system-call interface between pvkern and its user program, included
 * by both sides: call numbers (%rax; arguments in %rdi, %rsi, %rdx, %r10,
 * %r8, %r9 like Linux), the test a run performs (%rdi at entry), and the
 * function SYS_echo computes so the program can check every result.
 */
#ifndef PVKERN_USYS_H
#define PVKERN_USYS_H

#define SYS_exit 0 /* (status): ends the program */
#define SYS_echo 1 /* (a1..a6): returns usys_echo(a1..a6) */
#define SYS_write 2 /* (buf, len): prints a line */
#define SYS_getpid 3 /* (): returns 1 */

#define UTEST_SYSCALLS 1 /* many SYS_echo round trips */
#define UTEST_PAGE_FAULT 2 /* touch demand-paged memory */
#define UTEST_DIVIDE 3 /* divide by zero, expect to be skipped */
#define UTEST_KERNEL_READ 4 /* read kernel memory, expect to be killed */
#define UTEST_FAULT_LOOP 5 /* UTEST_FAULT_ROUNDS #PFs the kernel skips */
#define UTEST_SYSCALL_LOOP 6 /* UTEST_SYSCALL_ROUNDS SYS_getpid, timed */

#define UTEST_ROUNDS 200 /* SYS_echo calls in UTEST_SYSCALLS */
#define UTEST_FAULT_ROUNDS 2000
#define UTEST_SYSCALL_ROUNDS 20000
/* Never mapped: each load there (mov (%rax),%rcx, 48 8b 08) is a #PF. */
#define USER_FAULT_VA 0x600000UL

/* Every argument contributes, in a different position. */
static inline unsigned long usys_echo(unsigned long a1, unsigned long a2,
				      unsigned long a3, unsigned long a4,
				      unsigned long a5, unsigned long a6)
{
	return (a1 + 3 * a2 + 5 * a3 + 7 * a4 + 11 * a5 + 13 * a6) ^
	       0x5a5a5a5a5a5a5a5aUL;
}

#endif /* PVKERN_USYS_H */
