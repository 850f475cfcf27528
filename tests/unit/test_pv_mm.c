/* SPDX-License-Identifier: MIT */
/*
 * The PV frame type and reference-count state machine (pv-boot-abi.md §6),
 * driven through the real xen/arch/x86/mm/pv-mm.c and xen/common/domheap.c
 * over the harness's fake RAM. Page tables are built in real frames the
 * way a guest would, then pinned, updated, unpinned, given back; every step
 * checks the general and type counts, the types, and what the code asked
 * of the hardware (TLB flushes, CR3 loads). The rules under test: a frame
 * is a table only while validated as one; a table is never writable and a
 * writable frame never a table; types change only at count 0; linear
 * entries only as Xen allows them; hypervisor slots are the hypervisor's;
 * a frame given back lives until its last reference and is then flushed
 * and scrubbed before anyone can have it again.
 */
#include <string.h>

#include <CUnit/CUnit.h>

#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/pv-mm.h>

#include "harness/harness.h"
#include "unit.h"

#define FIRST_MFN 16UL
#define NR_MFNS 1024UL
/* A hypervisor frame outside the heap, for shared_info. */
#define SHARED_MFN (FIRST_MFN + NR_MFNS + 8)

#define P _PAGE_PRESENT
#define RW _PAGE_RW
#define US _PAGE_USER
#define UPPER (P | RW | US | _PAGE_ACCESSED | _PAGE_DIRTY)

static struct domain *d;

static int setup(void)
{
	harness_heap_reset(FIRST_MFN, NR_MFNS);
	harness_mm_reset();
	d = harness_domain_new(1, 256);
	return 0;
}

static int teardown(void)
{
	domheap_flush_freed();
	harness_domain_free(d);
	d = NULL;
	return 0;
}

/* Each test starts from an empty domain and a full heap. */
static void reset(void)
{
	teardown();
	setup();
}

static unsigned long new_frame(struct domain *dom)
{
	struct page_info *pg = alloc_domheap_pages(dom, 0, 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(pg);
	return page_to_mfn(pg);
}

static pgentry_t *table(unsigned long mfn)
{
	return mfn_to_virt(mfn);
}

static pgentry_t pte(unsigned long mfn, u64 flags)
{
	return ((pgentry_t)mfn << PAGE_SHIFT) | flags;
}

static struct page_info *pg(unsigned long mfn)
{
	return mfn_to_page(mfn);
}

static unsigned long refs(unsigned long mfn)
{
	return pg(mfn)->count_info & PGC_count_mask;
}

static unsigned long type_of(unsigned long mfn)
{
	return pg(mfn)->u.type_info & PGT_type_mask;
}

static unsigned long type_refs(unsigned long mfn)
{
	return pg(mfn)->u.type_info & PGT_count_mask;
}

static bool validated(unsigned long mfn)
{
	return pg(mfn)->u.type_info & PGT_validated;
}

static int update(unsigned long table_mfn, unsigned int slot, pgentry_t val)
{
	return pv_mmu_normal_update(d, d, pte(table_mfn, 0) + slot * 8, val,
				    false);
}

/* A four-level tree: l4[0] -> l3[0] -> l2[0] -> l1 -> data (RW, kernel). */
struct tree {
	unsigned long l4, l3, l2, l1, data;
};

static void build_tree(struct tree *t)
{
	t->l4 = new_frame(d);
	t->l3 = new_frame(d);
	t->l2 = new_frame(d);
	t->l1 = new_frame(d);
	t->data = new_frame(d);
	table(t->l4)[0] = pte(t->l3, UPPER);
	table(t->l3)[0] = pte(t->l2, UPPER);
	table(t->l2)[0] = pte(t->l1, UPPER);
	table(t->l1)[0] = pte(t->data, P | RW);
}

static void test_pin_validates_tree(void)
{
	struct tree t;

	reset();
	build_tree(&t);
	CU_ASSERT_EQUAL(refs(t.l4), 1); /* the allocation reference */
	CU_ASSERT_EQUAL(pv_pin_table(d, t.l4, PGT_l4_page_table), 0);

	/* Every level typed once, by its parent (the L4 by the pin). */
	CU_ASSERT_EQUAL(type_of(t.l4), PGT_l4_page_table);
	CU_ASSERT_EQUAL(type_of(t.l3), PGT_l3_page_table);
	CU_ASSERT_EQUAL(type_of(t.l2), PGT_l2_page_table);
	CU_ASSERT_EQUAL(type_of(t.l1), PGT_l1_page_table);
	CU_ASSERT_EQUAL(type_of(t.data), PGT_writable_page);
	CU_ASSERT_TRUE(validated(t.l4) && validated(t.l1));
	CU_ASSERT_TRUE(!!(pg(t.l4)->u.type_info & PGT_pinned));
	CU_ASSERT_EQUAL(type_refs(t.l4), 1);
	CU_ASSERT_EQUAL(type_refs(t.l1), 1);
	CU_ASSERT_EQUAL(type_refs(t.data), 1);
	CU_ASSERT_EQUAL(refs(t.l4), 2);
	CU_ASSERT_EQUAL(refs(t.data), 2);

	/* §6.4: US and A on L4 entries, US below, bit 52 on kernel PTEs. */
	CU_ASSERT_EQUAL(table(t.l4)[0], pte(t.l3, UPPER));
	CU_ASSERT_EQUAL(table(t.l1)[0],
			pte(t.data, P | RW | US | _PAGE_GUEST_KERNEL));
	/* The hypervisor's slots were filled; 256 only for m2p_strict. */
	CU_ASSERT_EQUAL(table(t.l4)[257], HARNESS_XEN_L4E(257));
	CU_ASSERT_EQUAL(table(t.l4)[271], HARNESS_XEN_L4E(271));
	CU_ASSERT_EQUAL(table(t.l4)[256], 0);

	/* Unpinning drops everything the tree held, recursively. */
	CU_ASSERT_EQUAL(pv_unpin_table(d, t.l4), 0);
	CU_ASSERT_EQUAL(type_refs(t.l4), 0);
	CU_ASSERT_EQUAL(type_refs(t.l3), 0);
	CU_ASSERT_EQUAL(type_refs(t.l1), 0);
	CU_ASSERT_EQUAL(type_refs(t.data), 0);
	CU_ASSERT_FALSE(validated(t.l2));
	CU_ASSERT_EQUAL(refs(t.l4), 1);
	CU_ASSERT_EQUAL(refs(t.l1), 1);
	CU_ASSERT_EQUAL(refs(t.data), 1);
	/* And the old tables may be written as data again. */
	CU_ASSERT_EQUAL(update(t.l1, 0, 0x1234), 0);
	CU_ASSERT_EQUAL(table(t.l1)[0], 0x1234);
}

static void test_pin_twice(void)
{
	struct tree t;

	reset();
	build_tree(&t);
	CU_ASSERT_EQUAL(pv_pin_table(d, t.l1, PGT_l1_page_table), 0);
	CU_ASSERT_EQUAL(pv_pin_table(d, t.l1, PGT_l1_page_table), -EINVAL);
	CU_ASSERT_EQUAL(type_refs(t.l1), 1);
	CU_ASSERT_EQUAL(refs(t.l1), 2);
	/* Another level for a pinned frame: refused, nothing changes. */
	CU_ASSERT_EQUAL(pv_pin_table(d, t.l1, PGT_l2_page_table), -EINVAL);
	CU_ASSERT_EQUAL(type_of(t.l1), PGT_l1_page_table);
	CU_ASSERT_EQUAL(pv_unpin_table(d, t.l1), 0);
	CU_ASSERT_EQUAL(pv_unpin_table(d, t.l1), -EINVAL);
	CU_ASSERT_EQUAL(refs(t.l1), 1);
	/* A frame the domain does not own cannot be pinned at all. */
	CU_ASSERT_EQUAL(pv_pin_table(d, FIRST_MFN + NR_MFNS - 1,
				     PGT_l1_page_table),
			-EINVAL);
}

static void test_writable_never_table(void)
{
	struct tree t;
	unsigned long victim;

	reset();
	build_tree(&t);
	victim = new_frame(d);
	CU_ASSERT_EQUAL(pv_pin_table(d, t.l1, PGT_l1_page_table), 0);

	/* Mapped writable: it cannot become a table. */
	CU_ASSERT_EQUAL(update(t.l1, 1, pte(victim, P | RW)), 0);
	CU_ASSERT_EQUAL(type_of(victim), PGT_writable_page);
	CU_ASSERT_EQUAL(pv_pin_table(d, victim, PGT_l1_page_table), -EINVAL);
	CU_ASSERT_EQUAL(type_refs(victim), 1);
	CU_ASSERT_EQUAL(refs(victim), 2);

	/* Unmapped, it may: and stale writable TLB entries are flushed. */
	CU_ASSERT_EQUAL(update(t.l1, 1, 0), 0);
	CU_ASSERT_EQUAL(type_refs(victim), 0);
	harness_mm.flushes = 0;
	CU_ASSERT_EQUAL(pv_pin_table(d, victim, PGT_l1_page_table), 0);
	CU_ASSERT_EQUAL(harness_mm.flushes, 1);
	CU_ASSERT_EQUAL(pv_unpin_table(d, victim), 0);
	CU_ASSERT_EQUAL(pv_unpin_table(d, t.l1), 0);
}

static void test_table_never_writable(void)
{
	struct tree t;
	unsigned long l1b;

	reset();
	build_tree(&t);
	CU_ASSERT_EQUAL(pv_pin_table(d, t.l4, PGT_l4_page_table), 0);
	l1b = new_frame(d);
	CU_ASSERT_EQUAL(pv_pin_table(d, l1b, PGT_l1_page_table), 0);

	/* Xen's answer to a writable mapping of a table is -EBUSY. */
	CU_ASSERT_EQUAL(update(l1b, 0, pte(t.l4, P | RW)), -EBUSY);
	CU_ASSERT_EQUAL(update(l1b, 0, pte(t.l1, P | RW)), -EBUSY);
	CU_ASSERT_EQUAL(update(l1b, 0, pte(l1b, P | RW)), -EBUSY);
	CU_ASSERT_EQUAL(table(l1b)[0], 0);
	CU_ASSERT_EQUAL(refs(t.l1), 2);
	CU_ASSERT_EQUAL(type_refs(t.l1), 1);
	/* Read-only is fine, and counted. */
	CU_ASSERT_EQUAL(update(l1b, 0, pte(t.l1, P)), 0);
	CU_ASSERT_EQUAL(refs(t.l1), 3);
	CU_ASSERT_EQUAL(type_refs(t.l1), 1);
	/* A table that already maps a page writable as its own alias. */
	CU_ASSERT_EQUAL(update(t.l1, 1, pte(t.l1, P | RW)), -EBUSY);
	/* Plain writes into a table are not data writes. */
	CU_ASSERT_EQUAL(update(t.l1, 2, pte(t.data, P) | _PAGE_PSE), -EINVAL);
	CU_ASSERT_EQUAL(update(l1b, 0, 0), 0);
	CU_ASSERT_EQUAL(refs(t.l1), 2);
	CU_ASSERT_EQUAL(pv_unpin_table(d, l1b), 0);
	CU_ASSERT_EQUAL(pv_unpin_table(d, t.l4), 0);
}

static void test_refused_entry_rolls_back(void)
{
	unsigned long l1 = 0, a, b;

	reset();
	l1 = new_frame(d);
	a = new_frame(d);
	b = new_frame(d);
	table(l1)[0] = pte(a, P | RW);
	table(l1)[1] = pte(b, P);
	table(l1)[2] = pte(a, P | _PAGE_PCD); /* cache bits: not for domUs */
	CU_ASSERT_EQUAL(pv_pin_table(d, l1, PGT_l1_page_table), -EINVAL);
	CU_ASSERT_EQUAL(type_refs(l1), 0);
	CU_ASSERT_FALSE(!!(pg(l1)->u.type_info & PGT_pinned));
	CU_ASSERT_EQUAL(refs(l1), 1);
	CU_ASSERT_EQUAL(refs(a), 1);
	CU_ASSERT_EQUAL(type_refs(a), 0);
	CU_ASSERT_EQUAL(refs(b), 1);

	/* Superpages, at L2 and L3: always refused. */
	table(l1)[2] = 0;
	{
		unsigned long l2 = new_frame(d), l3 = new_frame(d);

		table(l2)[0] = pte(a, UPPER | _PAGE_PSE);
		CU_ASSERT_EQUAL(pv_pin_table(d, l2, PGT_l2_page_table),
				-EINVAL);
		table(l3)[5] = pte(l2, UPPER | _PAGE_PSE);
		CU_ASSERT_EQUAL(pv_pin_table(d, l3, PGT_l3_page_table),
				-EINVAL);
		CU_ASSERT_EQUAL(type_refs(l2), 0);
	}
	/* A frame of nobody, or of another domain: refused (-EBUSY, Xen's). */
	table(l1)[2] = pte(FIRST_MFN + NR_MFNS - 1, P);
	CU_ASSERT_EQUAL(pv_pin_table(d, l1, PGT_l1_page_table), -EBUSY);
	CU_ASSERT_EQUAL(refs(a), 1);
}

static void test_type_confusion(void)
{
	struct tree t;
	unsigned long l2b, l3b;

	reset();
	build_tree(&t);
	CU_ASSERT_EQUAL(pv_pin_table(d, t.l4, PGT_l4_page_table), 0);
	l2b = new_frame(d);
	l3b = new_frame(d);
	CU_ASSERT_EQUAL(pv_pin_table(d, l2b, PGT_l2_page_table), 0);
	CU_ASSERT_EQUAL(pv_pin_table(d, l3b, PGT_l3_page_table), 0);

	/* An L2 used as an L1, an L4 used as an L3, an L1 as an L2. */
	CU_ASSERT_EQUAL(update(l2b, 1, pte(t.l2, UPPER)), -EINVAL);
	CU_ASSERT_EQUAL(update(l3b, 1, pte(t.l4, UPPER)), -EINVAL);
	CU_ASSERT_EQUAL(update(l3b, 2, pte(t.l1, UPPER)), -EINVAL);
	CU_ASSERT_EQUAL(type_of(t.l2), PGT_l2_page_table);
	CU_ASSERT_EQUAL(type_of(t.l4), PGT_l4_page_table);
	CU_ASSERT_EQUAL(type_refs(t.l2), 1);
	CU_ASSERT_EQUAL(refs(t.l2), 2);
	/* A data frame in use as writable cannot be an L1 under an L2. */
	CU_ASSERT_EQUAL(update(l2b, 1, pte(t.data, UPPER)), -EINVAL);
	CU_ASSERT_EQUAL(type_of(t.data), PGT_writable_page);
	/* The same L1 under two L2 slots is one type, two references. */
	CU_ASSERT_EQUAL(update(l2b, 1, pte(t.l1, UPPER)), 0);
	CU_ASSERT_EQUAL(type_refs(t.l1), 2);
	CU_ASSERT_EQUAL(update(l2b, 1, 0), 0);
	CU_ASSERT_EQUAL(type_refs(t.l1), 1);
	/* Upper-level changes flush the domain's TLBs. */
	harness_mm.flushes = 0;
	CU_ASSERT_EQUAL(update(l2b, 2, pte(t.l1, UPPER)), 0);
	CU_ASSERT_TRUE(harness_mm.flushes >= 1);
	CU_ASSERT_EQUAL(update(l2b, 2, 0), 0);
	CU_ASSERT_EQUAL(pv_unpin_table(d, l2b), 0);
	CU_ASSERT_EQUAL(pv_unpin_table(d, l3b), 0);
	CU_ASSERT_EQUAL(pv_unpin_table(d, t.l4), 0);
}

static void test_linear_tables(void)
{
	struct tree t;
	unsigned long l4b, l4c;

	reset();
	build_tree(&t);
	/* A read-only self-reference is allowed and takes nothing. */
	table(t.l4)[300] = pte(t.l4, P | US);
	CU_ASSERT_EQUAL(pv_pin_table(d, t.l4, PGT_l4_page_table), 0);
	CU_ASSERT_EQUAL(type_refs(t.l4), 1);
	CU_ASSERT_EQUAL(refs(t.l4), 2);
	/* A writable one would map the L4 writable: refused. */
	CU_ASSERT_EQUAL(update(t.l4, 301, pte(t.l4, P | RW | US)), -EINVAL);
	CU_ASSERT_EQUAL(table(t.l4)[301], 0);

	/* Read-only to another validated L4: one reference each. */
	l4b = new_frame(d);
	CU_ASSERT_EQUAL(pv_pin_table(d, l4b, PGT_l4_page_table), 0);
	CU_ASSERT_EQUAL(update(t.l4, 302, pte(l4b, P | US)), 0);
	CU_ASSERT_EQUAL(type_refs(l4b), 2);
	CU_ASSERT_EQUAL(refs(l4b), 3);
	CU_ASSERT_EQUAL(pg(t.l4)->linear_pt_count, 1);
	CU_ASSERT_EQUAL(pg(l4b)->linear_pt_count, -1);
	/* ...but only one level: l4b (a target) gets no linear entries... */
	l4c = new_frame(d);
	CU_ASSERT_EQUAL(pv_pin_table(d, l4c, PGT_l4_page_table), 0);
	CU_ASSERT_EQUAL(update(l4b, 5, pte(l4c, P | US)), -EINVAL);
	/* ...and t.l4 (which has some) is no target. */
	CU_ASSERT_EQUAL(update(l4c, 5, pte(t.l4, P | US)), -EINVAL);
	/* Not to a table that is not validated as one, either. */
	CU_ASSERT_EQUAL(update(t.l4, 303, pte(t.data, P | US)), -EINVAL);
	/* Taking the entry away gives everything back. */
	CU_ASSERT_EQUAL(update(t.l4, 302, 0), 0);
	CU_ASSERT_EQUAL(type_refs(l4b), 1);
	CU_ASSERT_EQUAL(refs(l4b), 2);
	CU_ASSERT_EQUAL(pg(t.l4)->linear_pt_count, 0);
	CU_ASSERT_EQUAL(pg(l4b)->linear_pt_count, 0);
	/* And so does devalidating the table that held it. */
	CU_ASSERT_EQUAL(update(t.l4, 302, pte(l4b, P | US)), 0);
	CU_ASSERT_EQUAL(pv_unpin_table(d, t.l4), 0);
	CU_ASSERT_EQUAL(type_refs(l4b), 1);
	CU_ASSERT_EQUAL(pg(l4b)->linear_pt_count, 0);
	CU_ASSERT_EQUAL(type_refs(t.l1), 0);
	CU_ASSERT_EQUAL(pv_unpin_table(d, l4b), 0);
	CU_ASSERT_EQUAL(pv_unpin_table(d, l4c), 0);
}

static void test_hypervisor_slots(void)
{
	struct tree t;

	reset();
	build_tree(&t);
	/* Whatever the guest left in slots 256-271 is overwritten. */
	table(t.l4)[260] = pte(t.data, P | RW | US);
	CU_ASSERT_EQUAL(pv_pin_table(d, t.l4, PGT_l4_page_table), 0);
	CU_ASSERT_EQUAL(table(t.l4)[260], HARNESS_XEN_L4E(260));
	CU_ASSERT_EQUAL(refs(t.data), 2); /* only the L1's reference */
	CU_ASSERT_EQUAL(update(t.l4, 256, pte(t.l3, UPPER)), -EINVAL);
	CU_ASSERT_EQUAL(update(t.l4, 271, 0), -EINVAL);
	CU_ASSERT_EQUAL(table(t.l4)[271], HARNESS_XEN_L4E(271));
	CU_ASSERT_EQUAL(update(t.l4, 255, pte(t.l3, UPPER)), 0);
	CU_ASSERT_EQUAL(update(t.l4, 272, pte(t.l3, UPPER)), 0);
	CU_ASSERT_EQUAL(type_refs(t.l3), 3);
	CU_ASSERT_EQUAL(pv_unpin_table(d, t.l4), 0);
	CU_ASSERT_EQUAL(type_refs(t.l3), 0);
	/* m2p_strict: new L4s get the M2P at validation. */
	d->vm_assist |= 1UL << VMASST_TYPE_m2p_strict;
	CU_ASSERT_EQUAL(pv_pin_table(d, t.l4, PGT_l4_page_table), 0);
	CU_ASSERT_EQUAL(table(t.l4)[256], HARNESS_M2P_L4E);
	CU_ASSERT_EQUAL(pv_unpin_table(d, t.l4), 0);
	d->vm_assist = 0;
}

static void test_base_pointers(void)
{
	struct tree t;
	struct vcpu *v;
	unsigned long l4b;

	reset();
	v = d->vcpu[0];
	build_tree(&t);
	harness_current = v;
	CU_ASSERT_EQUAL(pv_new_guest_cr3(v, t.l4), 0);
	CU_ASSERT_EQUAL(harness_mm.cr3, t.l4);
	CU_ASSERT_EQUAL(type_refs(t.l4), 1);
	/* A kernel base carries the read-only M2P. */
	CU_ASSERT_EQUAL(table(t.l4)[256], HARNESS_M2P_L4E);
	/* Unpinned but in use as CR3: still a validated L4. */
	CU_ASSERT_EQUAL(pv_unpin_table(d, t.l4), -EINVAL);
	CU_ASSERT_EQUAL(update(t.l1, 0, pte(t.data, P | RW)), 0);

	l4b = new_frame(d);
	CU_ASSERT_EQUAL(pv_new_user_cr3(v, l4b), 0);
	CU_ASSERT_EQUAL(type_refs(l4b), 1);
	CU_ASSERT_EQUAL(harness_mm.cr3, t.l4); /* in kernel mode */
	CU_ASSERT_EQUAL(pv_new_user_cr3(v, 0), 0);
	CU_ASSERT_EQUAL(type_refs(l4b), 0);
	/* Switching bases drops the old one, and the tree below it. */
	CU_ASSERT_EQUAL(pv_new_guest_cr3(v, l4b), 0);
	CU_ASSERT_EQUAL(harness_mm.cr3, l4b);
	CU_ASSERT_EQUAL(type_refs(t.l4), 0);
	CU_ASSERT_EQUAL(type_refs(t.l1), 0);
	CU_ASSERT_EQUAL(refs(t.data), 1);
	/* Not an L4 (a bad entry, or typed otherwise): the old base stays. */
	table(t.data)[3] = pte(t.data, UPPER | _PAGE_PSE);
	CU_ASSERT_EQUAL(pv_new_guest_cr3(v, t.data), -EINVAL);
	CU_ASSERT_EQUAL(pv_pin_table(d, t.l1, PGT_l1_page_table), 0);
	CU_ASSERT_EQUAL(pv_new_guest_cr3(v, t.l1), -EINVAL);
	CU_ASSERT_EQUAL(v->arch.kernel_cr3_mfn, l4b);
	CU_ASSERT_EQUAL(harness_mm.cr3, l4b);
	/* Destruction drops bases and pins alike. */
	pv_mm_relinquish(d);
	CU_ASSERT_EQUAL(type_refs(l4b), 0);
	CU_ASSERT_EQUAL(type_refs(t.l1), 0);
	CU_ASSERT_EQUAL(refs(l4b), 1);
	harness_current = NULL;
}

static void test_shared_and_desc_frames(void)
{
	unsigned long shared = SHARED_MFN, gdt, l1;
	u64 *desc;

	reset();
	share_xen_page_with_guest(pg(shared), d);
	CU_ASSERT_EQUAL(get_page_type(pg(shared), PGT_l1_page_table), -EINVAL);
	CU_ASSERT_EQUAL(get_page_type(pg(shared), PGT_seg_desc_page), -EINVAL);
	/* It may be mapped writable, as Linux maps shared_info. */
	l1 = new_frame(d);
	CU_ASSERT_EQUAL(pv_pin_table(d, l1, PGT_l1_page_table), 0);
	CU_ASSERT_EQUAL(update(l1, 0, pte(shared, P | RW)), 0);
	CU_ASSERT_EQUAL(update(l1, 0, 0), 0);
	CU_ASSERT_EQUAL(refs(shared), 1);

	/* Descriptor frames: checked whole, DPL raised, never writable. */
	gdt = new_frame(d);
	desc = mfn_to_virt(gdt);
	desc[2] = 0x00cf9b000000ffffULL; /* DPL 0 code */
	desc[3] = 0x00008900000000ffULL; /* a TSS: refused */
	CU_ASSERT_EQUAL(get_page_and_type(pg(gdt), d, PGT_seg_desc_page),
			-EINVAL);
	CU_ASSERT_EQUAL(desc[2], 0x00cf9b000000ffffULL);
	CU_ASSERT_EQUAL(refs(gdt), 1);
	desc[3] = 0;
	CU_ASSERT_EQUAL(get_page_and_type(pg(gdt), d, PGT_seg_desc_page), 0);
	CU_ASSERT_EQUAL(desc[2], 0x00cffb000000ffffULL);
	CU_ASSERT_EQUAL(update(l1, 1, pte(gdt, P | RW)), -EBUSY);
	CU_ASSERT_EQUAL(update(l1, 1, pte(gdt, P)), 0);
	CU_ASSERT_EQUAL(update(l1, 1, 0), 0);
	put_page_and_type(pg(gdt));
	CU_ASSERT_EQUAL(update(l1, 1, pte(gdt, P | RW)), 0);
	CU_ASSERT_EQUAL(update(l1, 1, 0), 0);
	CU_ASSERT_EQUAL(pv_unpin_table(d, l1), 0);
	unshare_xen_page(pg(shared));
}

static void test_data_writes_and_ad_bits(void)
{
	unsigned long l1, a, plain;

	reset();
	l1 = new_frame(d);
	a = new_frame(d);
	plain = new_frame(d);
	/* Not a table: 8 bytes written as they are. */
	CU_ASSERT_EQUAL(update(plain, 7, 0xdeadbeefULL), 0);
	CU_ASSERT_EQUAL(table(plain)[7], 0xdeadbeefULL);
	CU_ASSERT_EQUAL(type_refs(plain), 0);
	CU_ASSERT_EQUAL(update(plain, 7, 0), 0);
	/* Misaligned pointers are refused. */
	CU_ASSERT_EQUAL(pv_mmu_normal_update(d, d, pte(plain, 0) + 4, 1, false),
			-EINVAL);

	CU_ASSERT_EQUAL(pv_pin_table(d, l1, PGT_l1_page_table), 0);
	CU_ASSERT_EQUAL(update(l1, 0, pte(a, P | RW)), 0);
	/* The CPU sets A and D; PRESERVE_AD keeps them across an update. */
	table(l1)[0] |= _PAGE_ACCESSED | _PAGE_DIRTY;
	CU_ASSERT_EQUAL(pv_mmu_normal_update(d, d, pte(l1, 0), pte(a, P | RW),
					     true),
			0);
	CU_ASSERT_TRUE(table(l1)[0] & _PAGE_DIRTY);
	CU_ASSERT_EQUAL(update(l1, 0, pte(a, P | RW)), 0);
	CU_ASSERT_FALSE(table(l1)[0] & _PAGE_DIRTY);
	CU_ASSERT_EQUAL(refs(a), 2);
	CU_ASSERT_EQUAL(type_refs(a), 1);
	/* RW to RO: the writable type goes, the reference stays. */
	CU_ASSERT_EQUAL(update(l1, 0, pte(a, P)), 0);
	CU_ASSERT_EQUAL(type_refs(a), 0);
	CU_ASSERT_EQUAL(refs(a), 2);
	/* User pages get G, kernel pages bit 52 and never G. */
	CU_ASSERT_EQUAL(update(l1, 1, pte(a, P | US)), 0);
	CU_ASSERT_EQUAL(table(l1)[1], pte(a, P | US | _PAGE_GLOBAL));
	CU_ASSERT_EQUAL(update(l1, 2, pte(a, P | _PAGE_GLOBAL)), 0);
	CU_ASSERT_EQUAL(table(l1)[2], pte(a, P | US | _PAGE_GUEST_KERNEL));
	CU_ASSERT_EQUAL(pv_unpin_table(d, l1), 0);
	CU_ASSERT_EQUAL(refs(a), 1);
}

static void test_iomem(void)
{
	unsigned long l1;

	reset();
	l1 = new_frame(d);
	CU_ASSERT_EQUAL(pv_pin_table(d, l1, PGT_l1_page_table), 0);
	CU_ASSERT_EQUAL(update(l1, 0, pte(HARNESS_IOMEM_MFN, P | RW)), -EPERM);
	d->is_privileged = true;
	CU_ASSERT_EQUAL(
		update(l1, 0, pte(HARNESS_IOMEM_MFN, P | RW | _PAGE_PCD)), 0);
	CU_ASSERT_EQUAL(refs(HARNESS_IOMEM_MFN), 0);
	CU_ASSERT_EQUAL(update(l1, 0, 0), 0);
	/* RAM nobody owns is not I/O memory, even for the control domain. */
	CU_ASSERT_EQUAL(update(l1, 0, pte(FIRST_MFN + NR_MFNS - 1, P)), -EBUSY);
	d->is_privileged = false;
	CU_ASSERT_EQUAL(pv_unpin_table(d, l1), 0);
}

static void test_accounting(void)
{
	unsigned long before, n = 0;
	struct page_info *p;

	reset();
	before = heap_free_pages();
	d->max_pages = 10;
	while ((p = alloc_domheap_pages(d, 0, 0)))
		n++;
	CU_ASSERT_EQUAL(n, 10);
	CU_ASSERT_EQUAL(d->tot_pages, 10);
	CU_ASSERT_PTR_NULL(alloc_domheap_pages(d, 1, 0));
	CU_ASSERT_EQUAL(d->tot_pages, 10);
	/* More than the heap has: refused, nothing counted. */
	d->max_pages = ~0UL;
	CU_ASSERT_PTR_NULL(alloc_domheap_pages(d, 15, 0));
	CU_ASSERT_EQUAL(d->tot_pages, 10);
	/* An overflowing request cannot wrap the limit check. */
	d->tot_pages = ~0UL - 1;
	CU_ASSERT_PTR_NULL(alloc_domheap_pages(d, 4, 0));
	d->tot_pages = 10;
	CU_ASSERT_EQUAL(heap_free_pages(), before - 10);
	domain_relinquish_memory(d);
	CU_ASSERT_EQUAL(d->tot_pages, 0);
	CU_ASSERT_EQUAL(heap_free_pages(), before);
}

static void test_give_back_pinned(void)
{
	struct tree t;
	unsigned long before, mfn;
	struct page_info *p;

	reset();
	build_tree(&t);
	CU_ASSERT_EQUAL(pv_pin_table(d, t.l4, PGT_l4_page_table), 0);
	CU_ASSERT_EQUAL(pv_pin_table(d, t.l1, PGT_l1_page_table), 0);
	before = d->tot_pages;

	/* Given back while pinned and in use: it stays, in use. */
	CU_ASSERT_TRUE(domain_release_page(d, pg(t.l1)));
	CU_ASSERT_FALSE(domain_release_page(d, pg(t.l1)));
	CU_ASSERT_EQUAL(d->tot_pages, before);
	CU_ASSERT_EQUAL(domheap_nr_queued(), 0);
	CU_ASSERT_EQUAL(type_of(t.l1), PGT_l1_page_table);
	CU_ASSERT_PTR_EQUAL(pg(t.l1)->owner, d);
	CU_ASSERT_EQUAL(table(t.l1)[0] & PTE_ADDR_MASK, pte(t.data, 0));
	/* Its data goes when the last reference does, not before. */
	memset(table(t.l1) + 100, 0x5c, 8);
	CU_ASSERT_EQUAL(pv_unpin_table(d, t.l1), 0);
	CU_ASSERT_EQUAL(d->tot_pages, before);
	CU_ASSERT_EQUAL(update(t.l2, 0, 0), 0);
	CU_ASSERT_EQUAL(d->tot_pages, before - 1);
	CU_ASSERT_PTR_NULL(pg(t.l1)->owner);
	CU_ASSERT_EQUAL(domheap_nr_queued(), 1);
	CU_ASSERT_EQUAL(refs(t.data), 1); /* the L1's mapping went with it */
	/* Queued frames are nobody's until the TLBs are flushed. */
	CU_ASSERT_PTR_NULL(domain_page(d, t.l1));
	CU_ASSERT_EQUAL(update(t.l2, 0, pte(t.l1, UPPER)), -EINVAL);
	harness_mm.flushes = 0;
	domheap_flush_freed();
	CU_ASSERT_EQUAL(harness_mm.flushes, 1);
	CU_ASSERT_EQUAL(domheap_nr_queued(), 0);
	CU_ASSERT_TRUE(!!(pg(t.l1)->count_info & PGC_free));

	/* The next owner gets it zeroed. */
	mfn = t.l1;
	d->max_pages = ~0UL;
	do {
		p = alloc_domheap_pages(d, 0, 0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	} while (page_to_mfn(p) != mfn);
	CU_ASSERT_EQUAL(table(mfn)[0], 0);
	CU_ASSERT_EQUAL(table(mfn)[100], 0);
	CU_ASSERT_EQUAL(pv_unpin_table(d, t.l4), 0);
}

static void test_relinquish(void)
{
	struct domain *dom0;
	struct tree t;
	unsigned long before, l1_0, shared;

	reset();
	before = heap_free_pages();
	dom0 = harness_domain_new(0, 64);
	dom0->is_privileged = true;
	build_tree(&t);
	harness_current = d->vcpu[0];
	CU_ASSERT_EQUAL(pv_pin_table(d, t.l4, PGT_l4_page_table), 0);
	CU_ASSERT_EQUAL(pv_new_guest_cr3(d->vcpu[0], t.l4), 0);
	harness_current = NULL;
	shared = SHARED_MFN;
	share_xen_page_with_guest(pg(shared), d);

	/* The control domain maps one of d's frames writable. */
	l1_0 = new_frame(dom0);
	CU_ASSERT_EQUAL(pv_pin_table(dom0, l1_0, PGT_l1_page_table), 0);
	CU_ASSERT_EQUAL(pv_mmu_normal_update(dom0, d, pte(l1_0, 0),
					     pte(t.data, P | RW), false),
			0);
	/* Only the control domain may; only in an L1. */
	CU_ASSERT_EQUAL(pv_mmu_normal_update(dom0, d, pte(l1_0, 0) + 8,
					     pte(t.l1, P), false),
			0);
	CU_ASSERT_EQUAL(
		pv_mmu_normal_update(dom0, d, pte(l1_0, 0) + 8, 0, false), 0);
	CU_ASSERT_EQUAL(refs(t.data), 3);

	domain_relinquish_memory(d);
	CU_ASSERT_EQUAL(d->tot_pages, 0);
	CU_ASSERT_TRUE(list_empty(&d->page_list));
	CU_ASSERT_EQUAL(domheap_nr_queued(), 0);
	/* Everything came back but dom0's two frames and the one it maps. */
	CU_ASSERT_EQUAL(heap_free_pages(), before - 2);
	CU_ASSERT_PTR_NOT_NULL(pg(t.data)->owner);
	CU_ASSERT_PTR_NOT_EQUAL(pg(t.data)->owner, d);
	CU_ASSERT_EQUAL(refs(t.data), 1);
	CU_ASSERT_EQUAL(refs(shared), 1);
	/* The last mapping going frees it. */
	CU_ASSERT_EQUAL(
		pv_mmu_normal_update(dom0, dom0, pte(l1_0, 0), 0, false), 0);
	CU_ASSERT_EQUAL(domheap_nr_queued(), 1);
	domheap_flush_freed();
	CU_ASSERT_EQUAL(heap_free_pages(), before - 1);
	domain_relinquish_memory(dom0);
	CU_ASSERT_EQUAL(heap_free_pages(), before);
	unshare_xen_page(pg(shared));
	harness_domain_free(dom0);
}

static const struct unit_test tests[] = {
	{ "pin validates the whole tree", test_pin_validates_tree },
	{ "pin and unpin twice", test_pin_twice },
	{ "a writable frame never becomes a table", test_writable_never_table },
	{ "a table is never mapped writable", test_table_never_writable },
	{ "a refused entry rolls back", test_refused_entry_rolls_back },
	{ "type confusion refused", test_type_confusion },
	{ "linear tables as Xen allows", test_linear_tables },
	{ "hypervisor L4 slots", test_hypervisor_slots },
	{ "base pointers", test_base_pointers },
	{ "shared and descriptor frames", test_shared_and_desc_frames },
	{ "data writes and A/D bits", test_data_writes_and_ad_bits },
	{ "I/O memory", test_iomem },
	{ "accounting limits", test_accounting },
	{ "giving back a pinned table", test_give_back_pinned },
	{ "relinquish on destroy", test_relinquish },
};

CU_ErrorCode register_pv_mm_suite(void)
{
	return UNIT_ADD_SUITE("pv_mm", setup, teardown, tests);
}
