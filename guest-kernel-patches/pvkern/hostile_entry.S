/* SPDX-License-Identifier: MIT */
/*
 * Assembly the hostile tests need: an iret hypercall with a frame of our
 * choosing, landing pads that show what an iret really restored, a call
 * to any address, and the faulting load the recursion tests nest on.
 */
#define __HYPERVISOR_iret 23
#define __HYPERVISOR_multicall 13

	.text

/*
 * void iret_with(const uint64_t frame[9]): the iret hypercall with frame
 * (rax, r11, rcx, flags, rip, cs, rflags, rsp, ss) copied onto the
 * stack. Never returns: the frame's rip decides where we go.
 */
	.globl iret_with
iret_with:
	sub	$72, %rsp
	mov	%rdi, %rsi
	mov	%rsp, %rdi
	mov	$9, %ecx
	rep movsq
	mov	$__HYPERVISOR_iret, %eax
	syscall
	ud2

/*
 * void multicall_on_frame(struct multicall_entry *calls, unsigned long n,
 * const uint64_t frame[9]): a multicall issued with an iret frame on top
 * of the stack, for an iret entry in it to use. Returns only if nothing
 * did.
 */
	.globl multicall_on_frame
multicall_on_frame:
	push	%rbp
	mov	%rsp, %rbp
	sub	$72, %rsp
	mov	%rdi, %r8
	mov	%rsi, %r9
	mov	%rdx, %rsi
	mov	%rsp, %rdi
	mov	$9, %ecx
	rep movsq
	mov	%r8, %rdi
	mov	%r9, %rsi
	mov	$__HYPERVISOR_multicall, %eax
	syscall
	mov	%rbp, %rsp
	pop	%rbp
	ret

/* A landing pad: stops with #BP, so the catcher sees we arrived. */
	.globl iret_landing
iret_landing:
	int3
	ud2

/*
 * Another: try port I/O first. With the virtual IOPL still 0 the `in`
 * faults (#GP) at iret_landing_io; only an iret that raised the real
 * IOPL would let it through to the #BP.
 */
	.globl iret_landing_io, iret_landing_io_in
iret_landing_io:
	pushfq
	pop	%rbx
iret_landing_io_in:
	in	$0x80, %al
	int3
	ud2

/*
 * void call_address(unsigned long target): call whatever is there, with
 * %rax zero so that stray bytes executed as "add %al, (%rax)" fault.
 */
	.globl call_address
call_address:
	xor	%eax, %eax
	call	*%rdi
	ret

/*
 * Where a call gate into the hypervisor's code selector would land: at
 * CPL 0, it records %cs (RPL 0 is the proof) and returns with lretq.
 */
	.globl ring0_probe
ring0_probe:
	movl	%cs, %eax
	movl	%eax, ring0_cs(%rip)
	lretq

	.data
	.globl ring0_cs
ring0_cs:
	.long	0
	.text

/*
 * uint64_t recurse_load(const void *p): one load the recursion tests'
 * #PF hook recognises by its address (recurse_load_insn) and skips.
 */
	.globl recurse_load, recurse_load_insn, recurse_load_ret
recurse_load:
recurse_load_insn:
	mov	(%rdi), %rax
recurse_load_ret:
	ret

/*
 * void run_on_stack(void (*fn)(void), void *stack_top): call fn with
 * %rsp at stack_top (which must be 16-byte aligned), then return on our
 * own stack.
 */
	.globl run_on_stack
run_on_stack:
	push	%rbp
	mov	%rsp, %rbp
	mov	%rsi, %rsp
	call	*%rdi
	mov	%rbp, %rsp
	pop	%rbp
	ret

	.section .note.GNU-stack, "", @progbits
