/* SPDX-License-Identifier: MIT */
/*
 * The page-table hypercalls (pv-boot-abi.md §4.3.2, §4.3.12, §4.3.22):
 * mmu_update, mmuext_op and update_va_mapping. Every request is checked
 * completely before it changes anything (pv-mm.c validates an entry and
 * takes its references before the write, and drops the old entry's after);
 * a batch stops at the first failure and reports how many were done.
 * Only the caller's own frames (DOMID_SELF) are accepted for now.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <hypercall-defs.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv-mm.h>
#include <asm/pv.h>
#include <public/xen.h>

/*
 * foreigndom: the low half names the owner of the frames mapped, the high
 * half 1 + the owner of the page tables (0: the caller). Only the caller
 * itself is supported yet. As in Xen, a domain that does not exist is
 * -ESRCH, and so is the caller naming itself by number in the low half
 * (Xen wants DOMID_SELF there); another domain, DOMID_IO or DOMID_XEN is
 * -EPERM until foreign mappings exist.
 */
static long check_foreigndom(unsigned int foreigndom)
{
	struct domain *d = current->domain;
	unsigned int pt_dom = foreigndom >> 16;
	domid_t fd = foreigndom & 0xffff;
	struct domain *t;

	if (pt_dom && pt_dom - 1 != d->domain_id) {
		t = domain_lookup(pt_dom - 1);
		if (!t)
			return -ESRCH;
		if (t != d)
			return -EPERM;
	}
	if (fd == DOMID_SELF)
		return 0;
	if (fd == d->domain_id)
		return -ESRCH;
	if (fd == DOMID_IO || fd == DOMID_XEN)
		return -EPERM;
	return domain_lookup(fd) ? -EPERM : -ESRCH;
}

static long mmu_update_one(struct domain *d, const struct mmu_update *req)
{
	unsigned long mfn;
	struct page_info *pg;

	switch (req->ptr & 3) {
	case MMU_NORMAL_PT_UPDATE:
	case MMU_PT_UPDATE_NO_TRANSLATE:
		return pv_mmu_normal_update(d, d, req->ptr & ~3ULL, req->val,
					    false);
	case MMU_PT_UPDATE_PRESERVE_AD:
		return pv_mmu_normal_update(d, d, req->ptr & ~3ULL, req->val,
					    true);
	case MMU_MACHPHYS_UPDATE:
		mfn = req->ptr >> PAGE_SHIFT;
		pg = domain_page(d, mfn);
		if (!pg || (pg->count_info & PGC_xen_shared))
			return -EINVAL;
		m2p_set(mfn, req->val);
		return 0;
	}
	return -ENOSYS;
}

long do_mmu_update(struct mmu_update *reqs, unsigned int count,
		   unsigned int *done, unsigned int foreigndom)
{
	struct domain *d = current->domain;
	struct mmu_update req;
	unsigned int i;
	long rc;

	rc = check_foreigndom(foreigndom);
	if (rc)
		return rc;
	for (i = 0; i < count; i++) {
		if (copy_from_guest(&req, &reqs[i], sizeof(req))) {
			rc = -EFAULT;
			break;
		}
		spin_lock(&d->mm_lock);
		rc = mmu_update_one(d, &req);
		spin_unlock(&d->mm_lock);
		if (rc)
			break;
	}
	/*
	 * As Xen: a done pointer we cannot write is ignored (the requests
	 * themselves succeeded or failed on their own).
	 */
	if (done)
		copy_to_guest(done, &i, sizeof(i));
	return rc;
}

/* Zero or copy a frame the guest could map writable (highmem assist). */
static long clear_or_copy_page(struct domain *d, unsigned long dst,
			       unsigned long src, bool copy)
{
	struct page_info *dpg = domain_page(d, dst), *spg = NULL;
	long rc;

	if (!dpg)
		return -EINVAL;
	if (copy) {
		spg = domain_page(d, src);
		if (!spg || !get_page(spg, d))
			return -EINVAL;
	}
	rc = get_page_and_type(dpg, d, PGT_writable_page);
	if (!rc) {
		if (copy)
			memcpy(page_to_virt(dpg), page_to_virt(spg), PAGE_SIZE);
		else
			memset(page_to_virt(dpg), 0, PAGE_SIZE);
		put_page_and_type(dpg);
	}
	if (spg)
		put_page(spg);
	return rc;
}

static long mmuext_one(struct vcpu *v, const struct mmuext_op *op)
{
	struct domain *d = v->domain;
	unsigned long mfn = op->arg1.mfn;

	switch (op->cmd) {
	case MMUEXT_PIN_L1_TABLE:
		return pv_pin_table(d, mfn, PGT_l1_page_table);
	case MMUEXT_PIN_L2_TABLE:
		return pv_pin_table(d, mfn, PGT_l2_page_table);
	case MMUEXT_PIN_L3_TABLE:
		return pv_pin_table(d, mfn, PGT_l3_page_table);
	case MMUEXT_PIN_L4_TABLE:
		return pv_pin_table(d, mfn, PGT_l4_page_table);
	case MMUEXT_UNPIN_TABLE:
		return pv_unpin_table(d, mfn);
	case MMUEXT_NEW_BASEPTR:
		return pv_new_guest_cr3(v, mfn);
	case MMUEXT_NEW_USER_BASEPTR:
		return pv_new_user_cr3(v, mfn);
	case MMUEXT_TLB_FLUSH_LOCAL:
	case MMUEXT_TLB_FLUSH_MULTI:
	case MMUEXT_TLB_FLUSH_ALL:
		/* One vCPU per domain for now: local is everything. */
		flush_tlb_all_local();
		return 0;
	case MMUEXT_INVLPG_LOCAL:
	case MMUEXT_INVLPG_MULTI:
	case MMUEXT_INVLPG_ALL:
		if (guest_range_ok(op->arg1.linear_addr, 1) &&
		    is_canonical_address(op->arg1.linear_addr))
			invlpg(op->arg1.linear_addr);
		return 0;
	case MMUEXT_FLUSH_CACHE:
	case MMUEXT_FLUSH_CACHE_GLOBAL:
		return -EACCES; /* no I/O privileges yet */
	case MMUEXT_SET_LDT:
		/* As Xen: page-aligned, a guest address, at most 8192. */
		if (op->arg2.nr_ents > 8192 ||
		    (op->arg1.linear_addr & ~PAGE_MASK) ||
		    !is_canonical_address(op->arg1.linear_addr) ||
		    !guest_range_ok(op->arg1.linear_addr, 1))
			return -EINVAL;
		if (op->arg2.nr_ents)
			return -EOPNOTSUPP; /* LDTs: issue 4 */
		v->arch.ldt_base = 0;
		v->arch.ldt_ents = 0;
		return 0;
	case MMUEXT_CLEAR_PAGE:
		return clear_or_copy_page(d, mfn, 0, false);
	case MMUEXT_COPY_PAGE:
		return clear_or_copy_page(d, mfn, op->arg2.src_mfn, true);
	case MMUEXT_MARK_SUPER:
	case MMUEXT_UNMARK_SUPER:
		return -EOPNOTSUPP;
	default:
		return -ENOSYS;
	}
}

long do_mmuext_op(struct mmuext_op *ops, unsigned int count, unsigned int *done,
		  unsigned int foreigndom)
{
	struct vcpu *v = current;
	struct mmuext_op op;
	unsigned int i;
	long rc;

	rc = check_foreigndom(foreigndom);
	if (rc)
		return rc;
	for (i = 0; i < count; i++) {
		if (copy_from_guest(&op, &ops[i], sizeof(op))) {
			rc = -EFAULT;
			break;
		}
		spin_lock(&v->domain->mm_lock);
		rc = mmuext_one(v, &op);
		spin_unlock(&v->domain->mm_lock);
		if (rc)
			break;
	}
	/* As mmu_update: an unwritable done pointer is ignored. */
	if (done)
		copy_to_guest(done, &i, sizeof(i));
	return rc;
}

/*
 * The machine address of the L1 entry mapping va in v's current page
 * tables, or 0 if no validated L1 table maps it.
 */
static u64 find_l1e(struct vcpu *v, unsigned long va)
{
	unsigned long mfn = v->arch.in_kernel ? v->arch.kernel_cr3_mfn :
						v->arch.user_cr3_mfn;
	static const unsigned int shift[4] = { 39, 30, 21, 12 };
	unsigned int lvl;

	for (lvl = 0; lvl < 3; lvl++) {
		pgentry_t e;

		if (!mfn || mfn >= max_page)
			return 0;
		e = ((pgentry_t *)mfn_to_virt(mfn))[(va >> shift[lvl]) & 511];
		if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
			return 0;
		mfn = (e & PTE_ADDR_MASK) >> PAGE_SHIFT;
	}
	if (mfn >= max_page)
		return 0;
	return ((u64)mfn << PAGE_SHIFT) + ((va >> PAGE_SHIFT) & 511) * 8;
}

long do_update_va_mapping(unsigned long va, uint64_t val, unsigned long flags)
{
	struct vcpu *v = current;
	struct domain *d = v->domain;
	struct page_info *pg;
	u64 ptr;
	long rc;

	if (!guest_range_ok(va, 1) || !is_canonical_address(va))
		return -EINVAL;
	/* Any target (local, all, a vCPU bitmap) is this CPU for now. */

	spin_lock(&d->mm_lock);
	ptr = find_l1e(v, va);
	pg = ptr ? domain_page(d, ptr >> PAGE_SHIFT) : NULL;
	if (!pg || (pg->u.type_info & PGT_type_mask) != PGT_l1_page_table ||
	    !(pg->u.type_info & PGT_validated))
		rc = -EINVAL;
	else
		rc = pv_mmu_normal_update(d, d, ptr, val, false);
	spin_unlock(&d->mm_lock);
	if (rc)
		return rc;

	switch (flags & UVMF_FLUSHTYPE_MASK) {
	case UVMF_TLB_FLUSH:
		flush_tlb_all_local();
		break;
	case UVMF_INVLPG:
		invlpg(va);
		break;
	}
	return 0;
}
