/* SPDX-License-Identifier: MIT */
/*
 * mmu_update and update_va_mapping(_otherdomain) (pv-boot-abi.md §4.3.2,
 * §4.3.12). Every request is checked completely before it changes
 * anything (pv-mm.c validates an entry and takes its references before
 * the write, and drops the old entry's after); a batch stops at the first
 * failure. Long batches continue (xen/hypercall.h) the way Xen does: the
 * count comes back with MMU_UPDATE_PREEMPTED and the requests pointer
 * advanced, and *done is accumulated across entries. Writes to *done that
 * fault are ignored, as in Xen.
 *
 * foreigndom: low 16 bits the owner of the frames L1 entries map
 * (DOMID_SELF), high 16 bits 1 + the owner of the page tables; naming
 * another domain needs the control domain.
 */
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <hypercall-defs.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv-mm.h>
#include <asm/pv.h>
#include <public/xen.h>

/*
 * As Xen's get_pg_owner(): a domain that does not exist is -ESRCH, and so
 * is the caller naming itself by number (Xen wants DOMID_SELF). Frames of
 * DOMID_IO and DOMID_XEN are not mappable here (the control domain maps
 * I/O memory as its own): -EPERM.
 */
long pv_get_pg_owner(domid_t domid, struct domain **owner)
{
	struct domain *d = current->domain;

	*owner = d;
	if (domid == DOMID_SELF)
		return 0;
	if (domid == d->domain_id)
		return -ESRCH;
	if (domid == DOMID_IO || domid == DOMID_XEN)
		return -EPERM;
	*owner = domain_lookup(domid);
	if (!*owner)
		return -ESRCH;
	return d->is_privileged ? 0 : -EPERM;
}

static long mmu_update_one(struct domain *pt_dom, struct domain *pg_dom,
			   const struct mmu_update *req)
{
	unsigned long mfn;
	struct page_info *pg;

	switch (req->ptr & 3) {
	case MMU_NORMAL_PT_UPDATE:
	case MMU_PT_UPDATE_NO_TRANSLATE:
		return pv_mmu_normal_update(pt_dom, pg_dom, req->ptr & ~3ULL,
					    req->val, false);
	case MMU_PT_UPDATE_PRESERVE_AD:
		return pv_mmu_normal_update(pt_dom, pg_dom, req->ptr & ~3ULL,
					    req->val, true);
	case MMU_MACHPHYS_UPDATE:
		if (pt_dom != current->domain)
			return -EPERM;
		mfn = req->ptr >> PAGE_SHIFT;
		pg = domain_page(pg_dom, mfn);
		if (!pg || (pg->count_info & PGC_xen_shared))
			return -EINVAL;
		m2p_set(mfn, req->val);
		return 0;
	}
	return -ENOSYS;
}

/* The start of a guest array, as Xen's guest_handle_okay() checks it. */
bool pv_guest_array_ok(const void *p)
{
	unsigned long a = (unsigned long)p;

	return a < (1UL << 47) || a >= HYPERVISOR_VIRT_END;
}

long do_mmu_update(struct mmu_update *reqs, unsigned int count,
		   unsigned int *pdone, unsigned int foreigndom)
{
	struct domain *d = current->domain, *pt_dom = d, *pg_dom;
	struct mmu_update req;
	unsigned int i, done = 0, pt_id = foreigndom >> 16;
	long rc;

	if (count & MMU_UPDATE_PREEMPTED) {
		count &= ~MMU_UPDATE_PREEMPTED;
		if (pdone && copy_from_guest(&done, pdone, sizeof(done)))
			done = 0;
	}
	if (!pv_guest_array_ok(reqs))
		return -EFAULT;
	if (pt_id) {
		pt_dom = domain_lookup(pt_id - 1);
		if (!pt_dom)
			return -ESRCH;
	}
	rc = pv_get_pg_owner(foreigndom & 0xffff, &pg_dom);
	if (!rc && pt_dom != d && !d->is_privileged)
		rc = -EPERM;
	if (rc) {
		i = 0;
		goto out;
	}

	for (i = 0; i < count; i++) {
		if (i && hypercall_preempt_check()) {
			rc = -ERESTART;
			break;
		}
		if (copy_from_guest(&req, &reqs[i], sizeof(req))) {
			rc = -EFAULT;
			break;
		}
		spin_lock(&pt_dom->mm_lock);
		rc = mmu_update_one(pt_dom, pg_dom, &req);
		spin_unlock(&pt_dom->mm_lock);
		if (rc)
			break;
	}
	if (rc == -ERESTART) {
		unsigned long args[4] = { (unsigned long)(reqs + i),
					  (count - i) | MMU_UPDATE_PREEMPTED,
					  (unsigned long)pdone, foreigndom };

		rc = hypercall_create_continuation(__HYPERVISOR_mmu_update, 4,
						   args);
	}
out:
	if (pdone) {
		done += i;
		copy_to_guest(pdone, &done, sizeof(done));
	}
	return rc;
}

u64 pv_l1e_maddr(unsigned long l4_mfn, unsigned long va)
{
	static const unsigned int shift[3] = { 39, 30, 21 };
	unsigned long mfn = l4_mfn;
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

pgentry_t pv_kernel_l1e(const struct vcpu *v, unsigned long va)
{
	u64 ma = pv_l1e_maddr(v->arch.kernel_cr3_mfn, va);

	return ma ? *(const pgentry_t *)maddr_to_virt(ma) : 0;
}

static long update_va_mapping(unsigned long va, u64 val, unsigned long flags,
			      struct domain *pg_dom)
{
	struct vcpu *v = current;
	struct domain *d = v->domain;
	unsigned long bmap = flags & ~UVMF_FLUSHTYPE_MASK;
	struct page_info *pg;
	cpumask_t mask;
	long rc = -EINVAL, mrc = 0;
	u64 ptr;

	if (pv_guest_array_ok((void *)va)) {
		spin_lock(&d->mm_lock);
		ptr = pv_l1e_maddr(v->arch.in_kernel ? v->arch.kernel_cr3_mfn :
						       v->arch.user_cr3_mfn,
				   va);
		pg = ptr ? domain_page(d, ptr >> PAGE_SHIFT) : NULL;
		if (pg &&
		    (pg->u.type_info & PGT_type_mask) == PGT_l1_page_table &&
		    (pg->u.type_info & PGT_validated))
			rc = pv_mmu_normal_update(d, pg_dom, ptr, val, false);
		spin_unlock(&d->mm_lock);
	}

	/* Flushes happen whatever the update did, as in Xen. */
	if (!(flags & UVMF_FLUSHTYPE_MASK))
		return rc;
	if (bmap == UVMF_LOCAL) {
		if ((flags & UVMF_FLUSHTYPE_MASK) == UVMF_TLB_FLUSH)
			flush_tlb_all_local();
		else if (pv_guest_array_ok((void *)va))
			invlpg(va);
		return rc;
	}
	if (bmap == UVMF_ALL)
		pv_domain_dirty_cpumask(d, &mask);
	else
		mrc = pv_vcpumask_to_pcpumask(d, (const void *)bmap, &mask);
	if ((flags & UVMF_FLUSHTYPE_MASK) == UVMF_TLB_FLUSH)
		flush_tlb_mask(&mask);
	else if (pv_guest_array_ok((void *)va))
		flush_tlb_one_mask(&mask, va);
	return rc ?: mrc;
}

long do_update_va_mapping(unsigned long va, uint64_t val, unsigned long flags)
{
	return update_va_mapping(va, val, flags, current->domain);
}

long do_update_va_mapping_otherdomain(unsigned long va, uint64_t val,
				      unsigned long flags, domid_t domid)
{
	struct domain *pg_dom;
	long rc = pv_get_pg_owner(domid, &pg_dom);

	if (rc)
		return rc;
	return update_va_mapping(va, val, flags, pg_dom);
}
