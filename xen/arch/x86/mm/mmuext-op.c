/* SPDX-License-Identifier: MIT */
/*
 * mmuext_op (pv-boot-abi.md §4.3.22): pins, page-table bases, TLB flushes
 * (local, a vCPU set, the whole domain), cache flushes for the control
 * domain, the LDT, and clearing or copying a frame. Same batch rules as
 * mmu_update: in order, stop at the first failure, *done accumulated
 * across continuations (count | MMU_UPDATE_PREEMPTED). Cross-CPU flushes
 * go through flush_tlb_mask(); an operation on another domain's frames
 * (foreigndom) needs the control domain, and base pointers, flushes and
 * the LDT are always the caller's own.
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

/* Zero a frame, or copy one into it, if it may be writable (§4.3.22). */
static long clear_or_copy_page(struct domain *pg_dom, unsigned long dst,
			       unsigned long src, bool copy)
{
	struct page_info *dpg = domain_page(pg_dom, dst), *spg = NULL;
	long rc;

	if (copy) {
		spg = domain_page(pg_dom, src);
		if (!spg || !get_page(spg, pg_dom))
			return -EINVAL;
	}
	rc = dpg ? get_page_and_type(dpg, pg_dom, PGT_writable_page) : -EINVAL;
	if (!rc) {
		if (copy)
			memcpy(page_to_virt(dpg), page_to_virt(spg), PAGE_SIZE);
		else
			memset(page_to_virt(dpg), 0, PAGE_SIZE);
		put_page_and_type(dpg);
	} else {
		rc = -EINVAL;
	}
	if (spg)
		put_page(spg);
	return rc;
}

static long flush_op(struct vcpu *v, const struct mmuext_op *op)
{
	unsigned long va = op->arg1.linear_addr;
	cpumask_t mask;

	switch (op->cmd) {
	case MMUEXT_TLB_FLUSH_LOCAL:
		flush_tlb_all_local();
		return 0;
	case MMUEXT_INVLPG_LOCAL:
		if (pv_guest_array_ok((void *)va))
			invlpg(va);
		return 0;
	case MMUEXT_TLB_FLUSH_MULTI:
	case MMUEXT_INVLPG_MULTI:
		if (pv_vcpumask_to_pcpumask(v->domain, op->arg2.vcpumask.p,
					    &mask))
			return -EINVAL;
		break;
	default: /* the _ALL forms: every CPU the domain may be on */
		pv_domain_dirty_cpumask(v->domain, &mask);
		break;
	}
	if (op->cmd == MMUEXT_TLB_FLUSH_MULTI ||
	    op->cmd == MMUEXT_TLB_FLUSH_ALL)
		flush_tlb_mask(&mask);
	else if (pv_guest_array_ok((void *)va))
		flush_tlb_one_mask(&mask, va);
	return 0;
}

static void wbinvd_one(void *unused)
{
	__asm__ __volatile__("wbinvd" ::: "memory");
}

static const unsigned long pin_type[4] = {
	PGT_l1_page_table,
	PGT_l2_page_table,
	PGT_l3_page_table,
	PGT_l4_page_table,
};

static long mmuext_one(struct vcpu *v, struct domain *pg_dom,
		       const struct mmuext_op *op)
{
	struct domain *d = v->domain;
	unsigned long mfn = op->arg1.mfn;
	bool foreign = pg_dom != d;
	long rc;

	switch (op->cmd) {
	case MMUEXT_PIN_L1_TABLE:
	case MMUEXT_PIN_L2_TABLE:
	case MMUEXT_PIN_L3_TABLE:
	case MMUEXT_PIN_L4_TABLE:
		spin_lock(&pg_dom->mm_lock);
		rc = pv_pin_table(pg_dom, mfn,
				  pin_type[op->cmd - MMUEXT_PIN_L1_TABLE]);
		spin_unlock(&pg_dom->mm_lock);
		return rc;
	case MMUEXT_UNPIN_TABLE:
		spin_lock(&pg_dom->mm_lock);
		rc = pv_unpin_table(pg_dom, mfn);
		spin_unlock(&pg_dom->mm_lock);
		return rc;
	case MMUEXT_CLEAR_PAGE:
		return clear_or_copy_page(pg_dom, mfn, 0, false);
	case MMUEXT_COPY_PAGE:
		return clear_or_copy_page(pg_dom, mfn, op->arg2.src_mfn, true);
	case MMUEXT_MARK_SUPER:
	case MMUEXT_UNMARK_SUPER:
		return -EOPNOTSUPP;
	}

	/* The rest acts on the caller's own vCPU and address spaces. */
	switch (op->cmd) {
	case MMUEXT_NEW_BASEPTR:
	case MMUEXT_NEW_USER_BASEPTR:
		if (foreign)
			return -EPERM;
		spin_lock(&d->mm_lock);
		rc = op->cmd == MMUEXT_NEW_BASEPTR ? pv_new_guest_cr3(v, mfn) :
						     pv_new_user_cr3(v, mfn);
		spin_unlock(&d->mm_lock);
		return rc;
	case MMUEXT_TLB_FLUSH_LOCAL:
	case MMUEXT_INVLPG_LOCAL:
	case MMUEXT_TLB_FLUSH_MULTI:
	case MMUEXT_INVLPG_MULTI:
	case MMUEXT_TLB_FLUSH_ALL:
	case MMUEXT_INVLPG_ALL:
		return foreign ? -EPERM : flush_op(v, op);
	case MMUEXT_FLUSH_CACHE:
		if (foreign)
			return -EPERM;
		if (!d->is_privileged)
			return -EACCES; /* only with I/O access */
		wbinvd_one(NULL);
		return 0;
	case MMUEXT_FLUSH_CACHE_GLOBAL:
		if (foreign)
			return -EPERM;
		if (!d->is_privileged)
			return -EINVAL;
		on_selected_cpus(&cpu_online_map, wbinvd_one, NULL, true);
		return 0;
	case MMUEXT_SET_LDT:
		if (foreign)
			return -EPERM;
		return pv_set_ldt(v, op->arg1.linear_addr, op->arg2.nr_ents);
	}
	return -ENOSYS;
}

long do_mmuext_op(struct mmuext_op *ops, unsigned int count,
		  unsigned int *pdone, unsigned int foreigndom)
{
	struct vcpu *v = current;
	struct domain *pg_dom;
	struct mmuext_op op;
	unsigned int i = 0, done = 0;
	long rc;

	if (count & MMU_UPDATE_PREEMPTED) {
		count &= ~MMU_UPDATE_PREEMPTED;
		if (pdone && copy_from_guest(&done, pdone, sizeof(done)))
			done = 0;
	}
	if (!pv_guest_array_ok(ops))
		return -EFAULT;
	rc = pv_get_pg_owner(foreigndom & 0xffff, &pg_dom);
	if (rc)
		return rc;

	for (i = 0; i < count; i++) {
		if (i && hypercall_preempt_check()) {
			rc = -ERESTART;
			break;
		}
		if (copy_from_guest(&op, &ops[i], sizeof(op))) {
			rc = -EFAULT;
			break;
		}
		rc = mmuext_one(v, pg_dom, &op);
		if (rc)
			break;
	}
	if (rc == -ERESTART) {
		unsigned long args[4] = { (unsigned long)(ops + i),
					  (count - i) | MMU_UPDATE_PREEMPTED,
					  (unsigned long)pdone, foreigndom };

		rc = hypercall_create_continuation(__HYPERVISOR_mmuext_op, 4,
						   args);
	}
	if (pdone) {
		done += i;
		copy_to_guest(pdone, &done, sizeof(done));
	}
	return rc;
}
