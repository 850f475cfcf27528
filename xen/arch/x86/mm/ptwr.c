/* SPDX-License-Identifier: MIT */
/*
 * Writable page tables (pv-boot-abi.md §6.5): with the writable_pagetables
 * VM assist on, a guest kernel may store straight into one of its own L1
 * tables, which it can only map read-only. The store faults; we decode it
 * (mov, xchg, cmpxchg, and or or — Linux clears and sets PTE bits with
 * locked and/or — of at most 8 naturally aligned bytes, narrower
 * stores merged into the 8-byte entry), validate the resulting entry
 * exactly as MMU_NORMAL_PT_UPDATE would, write it, and resume after the
 * instruction. Anything else — upper-level tables, frames that are not
 * validated L1 tables, guest user mode, an entry that does not validate —
 * is reflected to the guest as the #PF it was.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <asm/page.h>
#include <asm/pv-emul.h>
#include <asm/pv-mm.h>
#include <asm/pv.h>
#include <public/xen.h>

#define PFEC_present 0x01
#define PFEC_write 0x02
#define PFEC_reserved 0x08
#define PFEC_insn 0x10

#define X86_EFLAGS_CF 0x001
#define X86_EFLAGS_PF 0x004
#define X86_EFLAGS_ZF 0x040
#define X86_EFLAGS_SF 0x080
#define X86_EFLAGS_OF 0x800

static u64 read_src(struct cpu_user_regs *regs, const struct emul_write *w)
{
	u64 v;

	if (w->src_imm)
		return w->imm;
	v = *pv_gpr(regs, w->src_gpr);
	return w->src_high8 ? v >> 8 : v;
}

static u64 size_mask(unsigned int size)
{
	return size == 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

/* Write the low size bytes of val into register n as the CPU would. */
static void write_gpr(struct cpu_user_regs *regs, unsigned int n, bool high8,
		      unsigned int size, u64 val)
{
	unsigned long *r = pv_gpr(regs, n);

	if (high8)
		*r = (*r & ~0xff00UL) | ((val & 0xff) << 8);
	else if (size == 4)
		*r = (u32)val; /* 32-bit results zero-extend */
	else if (size == 8)
		*r = val;
	else
		*r = (*r & ~size_mask(size)) | (val & size_mask(size));
}

/* Flags after and/or: CF = OF = 0, ZF SF PF from the result. */
static void set_logic_flags(struct cpu_user_regs *regs, u64 res,
			    unsigned int size)
{
	u8 low = res & 0xff;
	unsigned int parity = 0;

	regs->rflags &= ~(X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_ZF |
			  X86_EFLAGS_SF | X86_EFLAGS_OF);
	if (!(res & size_mask(size)))
		regs->rflags |= X86_EFLAGS_ZF;
	if ((res >> (size * 8 - 1)) & 1)
		regs->rflags |= X86_EFLAGS_SF;
	while (low) {
		parity ^= low & 1;
		low >>= 1;
	}
	if (!parity)
		regs->rflags |= X86_EFLAGS_PF;
}

bool pv_ptwr_fault(struct cpu_user_regs *regs, unsigned long addr)
{
	struct vcpu *v = current;
	struct domain *d = v->domain;
	u8 buf[EMUL_MAX_INSN_LEN];
	struct emul_write w;
	struct page_info *pg;
	pgentry_t map, *slot, old, new;
	unsigned int n, shift;
	u64 mask, src, cur;
	u64 ptr;
	int rc;

	if (!(d->vm_assist & (1UL << VMASST_TYPE_writable_pagetables)) ||
	    !v->arch.in_kernel)
		return false;
	if ((regs->error_code & (PFEC_present | PFEC_write | PFEC_reserved |
				 PFEC_insn)) != (PFEC_present | PFEC_write))
		return false;
	if (!guest_range_ok(addr, 8))
		return false;

	/* Fetch and decode the store before looking at any table. */
	for (n = EMUL_MAX_INSN_LEN; n; n--)
		if (!copy_from_guest(buf, (void *)regs->rip, n))
			break;
	if (!n || emul_decode_write(buf, n, &w))
		return false;
	if (addr & (w.size - 1))
		return false; /* must stay inside one aligned entry */

	spin_lock(&d->mm_lock);
	map = pv_kernel_l1e(v, addr);
	if (!(map & _PAGE_PRESENT) || (map & _PAGE_RW))
		goto refuse;
	pg = domain_page(d, (map & PTE_ADDR_MASK) >> PAGE_SHIFT);
	if (!pg || (pg->u.type_info & PGT_type_mask) != PGT_l1_page_table ||
	    !(pg->u.type_info & PGT_validated) ||
	    !(pg->u.type_info & PGT_count_mask))
		goto refuse;

	ptr = ((u64)page_to_mfn(pg) << PAGE_SHIFT) | (addr & (PAGE_SIZE - 8));
	slot = (pgentry_t *)page_to_virt(pg) + ((addr & ~PAGE_MASK) >> 3);
	shift = (addr & 7) * 8;
	mask = size_mask(w.size) << shift;
	src = read_src(regs, &w) & size_mask(w.size);
	old = READ_ONCE(*slot);
	cur = (old & mask) >> shift;

	if (w.op == EMUL_W_CMPXCHG && cur != (regs->rax & size_mask(w.size))) {
		/* Compare failed: no write, the old value goes to rax. */
		spin_unlock(&d->mm_lock);
		write_gpr(regs, 0, false, w.size, cur);
		regs->rflags &= ~X86_EFLAGS_ZF;
		regs->rip += w.len;
		return true;
	}
	if (w.op == EMUL_W_AND)
		src &= cur;
	else if (w.op == EMUL_W_OR)
		src |= cur;
	new = (old & ~mask) | (src << shift);
	rc = pv_mmu_normal_update(d, d, ptr, new, false);
	if (rc)
		goto refuse;
	spin_unlock(&d->mm_lock);

	if (w.op == EMUL_W_XCHG)
		write_gpr(regs, w.src_gpr, w.src_high8, w.size, cur);
	else if (w.op == EMUL_W_CMPXCHG)
		regs->rflags |= X86_EFLAGS_ZF;
	else if (w.op == EMUL_W_AND || w.op == EMUL_W_OR)
		set_logic_flags(regs, src, w.size);
	regs->rip += w.len;
	return true;

refuse:
	spin_unlock(&d->mm_lock);
	return false;
}
