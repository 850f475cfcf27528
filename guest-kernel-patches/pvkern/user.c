/* SPDX-License-Identifier: MIT */
/*
 * Running the user program. Its pages live in the user L1 (0x400000-
 * 0x5fffff), reached from both L4s through the shared user L3; the user L4
 * has nothing else, so user mode cannot see the kernel. run_user() enters
 * user mode with the iret hypercall (user_enter in entry.S) and returns
 * when the program calls SYS_exit or dies of a fault.
 *
 * From user mode the kernel is entered only by the hypervisor: `syscall`
 * arrives at the syscall callback (syscall_dispatch, which returns with
 * VGCF_in_syscall), exceptions at the trap table (user_fault).
 */
#include "pvkern.h"
#include "hypercall.h"

#include <public/errno.h>

#include "user/usys.h"

#define USER_IMAGE_MAX 8

extern const char user_image[], user_image_end[];

struct user_report user_report;
static struct kcontext kctx;
static unsigned long image_pfn[USER_IMAGE_MAX], nr_image, stack_pfn;
static unsigned long demand_pfn[USER_DEMAND_PAGES];

/* Install or clear one PTE of the user L1 (a validated L1 table). */
static long user_set_pte(unsigned long va, uint64_t pte)
{
	uint64_t ptr = ((uint64_t)user_l1_mfn << PAGE_SHIFT) +
		       L1_INDEX(va) * sizeof(uint64_t);

	return mmu_update_one(ptr | MMU_NORMAL_PT_UPDATE, pte);
}

static long user_map(unsigned long va, unsigned long pfn)
{
	return user_set_pte(va, ((uint64_t)pfn_to_mfn(pfn) << PAGE_SHIFT) |
					PTE_USER_RW);
}

static long user_setup(void)
{
	size_t size = user_image_end - user_image;
	unsigned long i;
	long rc;

	nr_image = (size + PAGE_SIZE - 1) / PAGE_SIZE;
	if (nr_image > USER_IMAGE_MAX)
		panic("user program too big (%lu bytes)", (unsigned long)size);
	for (i = 0; i < nr_image; i++) {
		image_pfn[i] = virt_to_pfn(alloc_page());
		rc = user_map(USER_IMAGE_VA + i * PAGE_SIZE, image_pfn[i]);
		if (rc)
			return rc;
	}
	stack_pfn = virt_to_pfn(alloc_page());
	return user_map(USER_STACK_VA, stack_pfn);
}

/* Fresh program state for every run: image, stack, no demand pages. */
static void user_reset(void)
{
	size_t size = user_image_end - user_image;
	unsigned long i;

	for (i = 0; i < nr_image; i++) {
		size_t off = i * PAGE_SIZE;
		size_t n = size - off < PAGE_SIZE ? size - off : PAGE_SIZE;

		memset(pfn_to_virt(image_pfn[i]), 0, PAGE_SIZE);
		memcpy(pfn_to_virt(image_pfn[i]), user_image + off, n);
	}
	memset(pfn_to_virt(stack_pfn), 0, PAGE_SIZE);
	for (i = 0; i < USER_DEMAND_PAGES; i++) {
		if (!demand_pfn[i])
			continue;
		/* Our L4 shares the user L3, so this finds the user L1. */
		HYPERVISOR_update_va_mapping(USER_DEMAND_VA + i * PAGE_SIZE, 0,
					     UVMF_INVLPG);
		free_pfn(demand_pfn[i]);
		demand_pfn[i] = 0;
	}
}

long run_user(unsigned long test_id)
{
	static bool set_up;
	long rc;

	/* Without a user page table the iret to user mode would be fatal. */
	if (!mm_ready() || mm_report.new_user_baseptr)
		return -XEN_ENOSYS;
	if (!set_up) {
		rc = user_setup();
		if (rc)
			return rc;
		set_up = true;
	}
	user_reset();
	memset(&user_report, 0, sizeof(user_report));
	user_report.killed_vector = -1;
	/* Entered as if called: the stack is 8 bytes off 16-byte alignment. */
	rc = user_enter(&kctx, USER_IMAGE_VA, USER_STACK_VA + PAGE_SIZE - 8,
			test_id);
	/* Back from SYS_exit or a fatal fault; the kernel runs masked. */
	local_events_disable();
	return rc;
}

static void sys_write(unsigned long buf, unsigned long len)
{
	char line[128];

	/* Only bytes inside the program's own image or stack. */
	if (len >= sizeof(line) || buf < USER_BASE ||
	    buf + len > USER_STACK_VA + PAGE_SIZE)
		return;
	memcpy(line, (const void *)buf, len);
	line[len] = '\0';
	info("pvkern: user says \"%s\"\n", line);
}

unsigned long syscall_dispatch(struct trap_frame *f)
{
	switch (f->rax) {
	case SYS_exit:
		user_resume(&kctx, (long)f->rdi);
	case SYS_echo:
		user_report.syscalls++;
		f->rax =
			usys_echo(f->rdi, f->rsi, f->rdx, f->r10, f->r8, f->r9);
		break;
	case SYS_write:
		sys_write(f->rdi, f->rsi);
		f->rax = 0;
		break;
	case SYS_getpid:
		f->rax = 1;
		break;
	default:
		f->rax = -XEN_ENOSYS;
		break;
	}
	/* rcx/r11 are dead: the hypervisor may return with sysret. */
	return VGCF_in_syscall;
}

/* A not-present fault in the demand area: give it a zeroed page. */
static bool demand_fault(struct trap_frame *f)
{
	unsigned long cr2 = read_cr2();
	unsigned long slot = (cr2 - USER_DEMAND_VA) / PAGE_SIZE;
	unsigned long pfn;

	if (cr2 < USER_DEMAND_VA || slot >= USER_DEMAND_PAGES ||
	    (f->error_code & 1) || demand_pfn[slot])
		return false;
	pfn = virt_to_pfn(alloc_page());
	if (user_map(cr2 & PAGE_MASK, pfn)) {
		free_pfn(pfn);
		return false;
	}
	demand_pfn[slot] = pfn;
	user_report.page_faults++;
	user_report.last_cr2 = cr2;
	user_report.last_pf_error = f->error_code;
	return true;
}

/* Length of a register-operand div/idiv (F6/F7 /6 or /7), else 0. */
static unsigned int div_length(unsigned long rip)
{
	const unsigned char *p = (const unsigned char *)rip;
	unsigned int rex = 0;

	if (rip < USER_IMAGE_VA ||
	    rip + 4 > USER_IMAGE_VA + nr_image * PAGE_SIZE)
		return 0;
	if ((p[0] & 0xf0) == 0x40)
		rex = 1;
	if ((p[rex] != 0xf6 && p[rex] != 0xf7) || (p[rex + 1] >> 6) != 3)
		return 0;
	if (((p[rex + 1] >> 3) & 7) < 6)
		return 0;
	return rex + 2;
}

/* A load at USER_FAULT_VA by mov (%rax),%rcx: count it and skip it. */
static bool loop_fault(struct trap_frame *f)
{
	const unsigned char *p = (const unsigned char *)f->rip;

	if (read_cr2() != USER_FAULT_VA || f->rip < USER_IMAGE_VA ||
	    f->rip + 3 > USER_IMAGE_VA + nr_image * PAGE_SIZE || p[0] != 0x48 ||
	    p[1] != 0x8b || p[2] != 0x08)
		return false;
	user_report.loop_faults++;
	f->rip += 3;
	return true;
}

bool user_fault(struct trap_frame *f)
{
	unsigned int len;

	if (f->vector == 14 && loop_fault(f))
		return true;

	if (f->vector == 14 && demand_fault(f))
		return true;
	if (f->vector == 0 && (len = div_length(f->rip))) {
		info("pvkern: user divide error at %#lx, skipping %u bytes\n",
		     f->rip, len);
		user_report.divide_errors++;
		user_report.last_de_rip = f->rip;
		f->rip += len;
		return true;
	}
	/* Anything else ends the program, like a signal would. */
	user_report.killed_vector = (int)f->vector;
	user_report.killed_cr2 = f->vector == 14 ? read_cr2() : 0;
	info("pvkern: user program killed by vector %lu at %#lx "
	     "(error %#lx, cr2 %#lx)\n",
	     f->vector, f->rip, f->error_code, user_report.killed_cr2);
	user_resume(&kctx, -128 - (long)f->vector);
}
