/* SPDX-License-Identifier: MIT */
/*
 * Entry and exit. The hypervisor enters the kernel on a "bounce frame":
 * the saved %rcx and %r11 on top of an iretq frame (with an error code for
 * some exceptions). Every entry pops %rcx/%r11 back, pushes a uniform
 * (vector, error code) pair and saves the general registers, giving
 * struct trap_frame; trap_dispatch(frame) returns the flags word for the
 * iret hypercall (0, or VGCF_in_syscall after a system call).
 *
 * Leaving always goes through the iret hypercall: a frame {rax, r11, rcx,
 * flags} on top of the iretq frame, then hypercall 23. A kernel-mode frame
 * carries CS with RPL 0, which keeps us in kernel mode; a user frame has
 * RPL 3, which switches the vCPU to user mode and the user page table.
 */
#define __HYPERVISOR_iret 23
#define FLAT_USER_CS 0xe033
#define FLAT_USER_SS 0xe02b
#define VEC_EVENT 0x100
#define VEC_SYSCALL 0x101
#define VEC_FAILSAFE 0x102
#define TF_ERROR_CODE (16 * 8) /* offset of error_code in trap_frame */

	.text

/* Exceptions without an error code, callbacks with the same frame. */
.macro ENTRY_NOERR name, vec
	.globl \name
	.balign 16
\name:
	pop	%rcx
	pop	%r11
	push	$0
	push	$\vec
	jmp	trap_common
.endm

.macro ENTRY_ERR name, vec
	.globl \name
	.balign 16
\name:
	pop	%rcx
	pop	%r11
	push	$\vec
	jmp	trap_common
.endm

	ENTRY_NOERR entry_divide_error, 0
	ENTRY_NOERR entry_debug, 1
	ENTRY_NOERR entry_nmi, 2
	ENTRY_NOERR entry_int3, 3
	ENTRY_NOERR entry_overflow, 4
	ENTRY_NOERR entry_bounds, 5
	ENTRY_NOERR entry_invalid_op, 6
	ENTRY_NOERR entry_device_not_available, 7
	ENTRY_NOERR entry_coproc_seg, 9
	ENTRY_ERR entry_invalid_tss, 10
	ENTRY_ERR entry_segment_not_present, 11
	ENTRY_ERR entry_stack_segment, 12
	ENTRY_ERR entry_gp, 13
	ENTRY_ERR entry_page_fault, 14
	ENTRY_NOERR entry_fpu_error, 16
	ENTRY_ERR entry_alignment_check, 17
	ENTRY_NOERR entry_machine_check, 18
	ENTRY_NOERR entry_simd_error, 19
	ENTRY_NOERR entry_event, VEC_EVENT
	/* User syscall: %rcx/%r11 in the frame are the user's RIP/RFLAGS. */
	ENTRY_NOERR entry_syscall, VEC_SYSCALL

/*
 * Failsafe: the hypervisor could not reload a data selector. Its frame has
 * the four old selectors (DS, ES, FS, GS) between %r11 and RIP; drop them
 * and report like any other fatal trap.
 */
	.globl entry_failsafe
	.balign 16
entry_failsafe:
	pop	%rcx
	pop	%r11
	add	$32, %rsp
	push	$0
	push	$VEC_FAILSAFE
	jmp	trap_common

trap_common:
	push	%rax
	push	%rbx
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rbp
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	/* The bounce frame starts 16-byte aligned: 22 words keep it so. */
	mov	%rsp, %rdi
	call	trap_dispatch
	/* The error-code slot becomes the iret flags word. */
	mov	%rax, TF_ERROR_CODE(%rsp)
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rbp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rbx
	pop	%rax
	add	$8, %rsp		/* vector */
	jmp	hypervisor_iret

/*
 * The iret hypercall with the flags word already on the stack above the
 * iretq frame: push %rcx, %r11, %rax (in that order, so %rax ends up
 * lowest) and enter. Never returns here.
 */
	.globl hypervisor_iret
hypervisor_iret:
#ifdef XEN_HYPERCALL_VIA_PAGE
	/* Stub 23 pushes %rcx, %r11 and %rax itself. */
	jmp	hypercall_page + __HYPERVISOR_iret * 32
#else
	push	%rcx
	push	%r11
	push	%rax
	mov	$__HYPERVISOR_iret, %eax
	syscall
	ud2
#endif

/*
 * long user_enter(struct kcontext *k, rip, rsp, arg): save the callee-saved
 * registers and stack in *k, then iret to user mode at rip with %rdi = arg.
 * It "returns" when the kernel calls user_resume(k, value).
 */
	.globl user_enter
user_enter:
	mov	%rbx, 0(%rdi)
	mov	%rbp, 8(%rdi)
	mov	%r12, 16(%rdi)
	mov	%r13, 24(%rdi)
	mov	%r14, 32(%rdi)
	mov	%r15, 40(%rdi)
	call	save_return
	push	$FLAT_USER_SS
	push	%rdx			/* user rsp */
	push	$0x202			/* IF: user mode runs with events on */
	push	$FLAT_USER_CS		/* RPL 3: switch to user mode */
	push	%rsi			/* user rip */
	push	$0			/* flags: not returning from a syscall */
	mov	%rcx, %rdi
	/* Hand user mode nothing of the kernel's registers. */
	xor	%esi, %esi
	xor	%edx, %edx
	xor	%ecx, %ecx
	xor	%ebx, %ebx
	xor	%ebp, %ebp
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d
	xor	%r12d, %r12d
	xor	%r13d, %r13d
	xor	%r14d, %r14d
	xor	%r15d, %r15d
	xor	%eax, %eax
	jmp	hypervisor_iret

/*
 * long ctx_save(struct kcontext *k): setjmp. Returns 0; a later
 * user_resume(k, v) returns v from it again.
 */
	.globl ctx_save
ctx_save:
	mov	%rbx, 0(%rdi)
	mov	%rbp, 8(%rdi)
	mov	%r12, 16(%rdi)
	mov	%r13, 24(%rdi)
	mov	%r14, 32(%rdi)
	mov	%r15, 40(%rdi)
	call	save_return
	xor	%eax, %eax
	ret

/*
 * Helper of the two above (so one level deeper): store our caller's
 * return address and the stack as it will be after that return.
 */
save_return:
	mov	8(%rsp), %rax
	mov	%rax, 56(%rdi)
	lea	16(%rsp), %rax
	mov	%rax, 48(%rdi)
	ret

/*
 * void user_resume(struct kcontext *k, long value): back into the
 * user_enter or ctx_save that filled k, which then returns value.
 */
	.globl user_resume
user_resume:
	mov	0(%rdi), %rbx
	mov	8(%rdi), %rbp
	mov	16(%rdi), %r12
	mov	24(%rdi), %r13
	mov	32(%rdi), %r14
	mov	40(%rdi), %r15
	mov	48(%rdi), %rsp
	mov	%rsi, %rax
	/*
	 * Jump rather than ret: the slot that held the return address has
	 * been reused by every call made since.
	 */
	jmp	*56(%rdi)

/*
 * long iret_selftest(int how): return to ourselves, still in kernel mode,
 * the three ways a PV kernel can: 0 the iret hypercall via `syscall`, 1
 * via the hypercall page's stub 23, 2 a plain iretq with CS/SS at RPL 3
 * (Mini-OS does that). Returns the %rax the frame restored. The pushed
 * RFLAGS have IF clear, so the iret hypercall leaves events masked.
 */
	.globl iret_selftest
iret_selftest:
	mov	%rsp, %rax
	push	$FLAT_USER_SS		/* = FLAT_KERNEL_SS */
	push	%rax
	pushfq
	andq	$~0x200, (%rsp)
	cmp	$2, %edi
	je	1f
	push	$(FLAT_USER_CS & ~3)	/* RPL 0: stay in kernel mode */
	jmp	2f
1:	push	$FLAT_USER_CS		/* iretq needs the real selector */
2:	lea	3f(%rip), %rcx
	push	%rcx
	mov	$0x1badb002, %eax
	cmp	$2, %edi
	je	4f
	push	$0
	cmp	$1, %edi
	je	5f
	push	%rcx
	push	%r11
	push	%rax
	mov	$__HYPERVISOR_iret, %eax
	syscall
	ud2
5:	jmp	hypercall_page + __HYPERVISOR_iret * 32
4:	iretq
3:	ret

/*
 * uint64_t probe_read_raw(const void *p) and probe_write_raw(void *p,
 * uint64_t v): one access that may fault. A #PF or #GP at a probe_*_insn
 * is fixed up by trap_dispatch (it records the fault and resumes at the
 * matching probe_*_ret), like Linux's exception table.
 */
	.globl probe_read_raw, probe_read_insn, probe_read_ret
probe_read_raw:
probe_read_insn:
	mov	(%rdi), %rax
probe_read_ret:
	ret

	.globl probe_write_raw, probe_write_insn, probe_write_ret
probe_write_raw:
probe_write_insn:
	mov	%rsi, (%rdi)
probe_write_ret:
	ret

	.section .note.GNU-stack, "", @progbits
