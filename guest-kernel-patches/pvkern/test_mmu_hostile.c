/* SPDX-License-Identifier: MIT */
/*
 * The MMU attack suite (scenario pvkern-mmu-hostile; tests=mmu_hostile):
 * every known way a PV guest could get at memory it must not touch,
 * tried against page tables of our own building (mmu.c address spaces)
 * so pvkern's own tables are never at risk. One line per attack (the
 * hostile.h verdicts); after each, the tables are read back through our
 * read-only mappings and reservations recounted, so "refused" means the
 * hypervisor said no AND nothing happened. The classes: writable mappings
 * of page-table frames (direct, through a second alias, through the
 * writable_pagetables assist), type confusion (an L2 as an L1, an L4 as
 * an L3), unpinning or giving back tables in use, mapping other domains'
 * and the hypervisor's frames, hypervisor L4 slots, superpages, linear
 * tables beyond the one level allowed, huge counts, done pointers into
 * hypervisor memory.
 */
#include "hostile.h"
#include "hypercall.h"

#include <public/errno.h>
#include <public/memory.h>

#define E(x) (-XEN_##x)
#define _PAGE_PSE (1UL << 7)
#define SPACE_VA 0x40000000UL
#define ALIAS1 (HOSTILE_SLOT + 40)
#define ALIAS2 (HOSTILE_SLOT + 41)

static struct mmu_batch batch;
static struct aspace a, b, c;

static long mmu1(uint64_t ptr, uint64_t val)
{
	struct mmu_update u = { .ptr = ptr, .val = val };

	return HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF);
}

static uint64_t table_pte(const void *t, bool rw)
{
	return ((uint64_t)virt_to_mfn(t) << PAGE_SHIFT) |
	       (rw ? PT_UPPER_FLAGS : PT_UPPER_FLAGS & ~_PAGE_RW);
}

static const char *entry_changed(const uint64_t *e, uint64_t old)
{
	return *e != old ? damage("the entry is now %#lx", *e) : NULL;
}

static long reservation(void)
{
	domid_t self = DOMID_SELF;

	return HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
}

static long give_back(unsigned long mfn)
{
	struct xen_memory_reservation r = { .domid = DOMID_SELF,
					    .nr_extents = 1 };
	xen_pfn_t list[1] = { mfn };

	set_xen_guest_handle(r.extent_start, list);
	return HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r);
}

/* A table frame of ours: still validated if it cannot be mapped writable. */
static bool still_a_table(const void *t)
{
	long rc = hostile_map(ALIAS2, virt_to_mfn(t), true);

	if (!rc)
		hostile_unmap(ALIAS2);
	return rc < 0;
}

static void writable_mappings(void)
{
	uint64_t *l1 = pt_walk(a.l4, SPACE_VA, 2), *pte, old, v, err = 0;
	long rc;

	l1 = pfn_to_virt(mfn_to_pfn((*l1 & PTE_ADDR_MASK) >> PAGE_SHIFT));
	pte = &l1[100];
	old = *pte;
	rc = mmu1(pte_ma(pte), table_pte(l1, true) | _PAGE_USER);
	attack_rc("pt_writable_direct", rc, E(EBUSY), entry_changed(pte, old));

	/* Read-only through one alias is fine; writable through a second is not. */
	rc = hostile_map(ALIAS1, virt_to_mfn(l1), false);
	if (rc) {
		attack_unexpected("pt_writable_alias",
				  "a read-only alias was refused (%s)",
				  errno_name(rc));
	} else {
		/*
		 * Through the read-only alias a store must not land as raw
		 * data (a hardware domain's stores into an L1 may be
		 * emulated and validated, as Xen does: then this one is
		 * refused as the entry it would make).
		 */
		rc = hostile_map(ALIAS2, virt_to_mfn(l1), true);
		attack_rc("pt_writable_alias", rc, E(EBUSY),
			  probe_read((void *)hostile_va(ALIAS2), &v, NULL,
				     NULL) ?
				  damage("the second alias reads %#lx", v) :
			  probe_write((void *)(hostile_va(ALIAS1) + 800),
				      table_pte(l1, true), NULL, NULL) ?
				  damage("the read-only alias took a write") :
				  entry_changed(pte, old));
		hostile_unmap(ALIAS1);
		hostile_unmap(ALIAS2);
	}

	/* A plain store the assist emulates must still be validated. */
	HYPERVISOR_vm_assist(VMASST_CMD_enable,
			     VMASST_TYPE_writable_pagetables);
	if (probe_write(pte, table_pte(pt_walk(a.l4, SPACE_VA, 3), true), NULL,
			&err))
		attack_allowed("pt_writable_ptwr", "the store went in: %#lx",
			       *pte);
	else if ((err & 3) != 3 || *pte != old)
		attack_unexpected("pt_writable_ptwr",
				  "#PF error %#lx, entry %#lx", err, *pte);
	else
		attack_refused("pt_writable_ptwr", "#PF(%#lx), entry unchanged",
			       err);
	HYPERVISOR_vm_assist(VMASST_CMD_disable,
			     VMASST_TYPE_writable_pagetables);
}

static void type_confusion(void)
{
	uint64_t *l2a, *l3a, *e, old;
	long rc;

	l2a = pfn_to_virt(mfn_to_pfn(
		(*pt_walk(a.l4, SPACE_VA, 3) & PTE_ADDR_MASK) >> PAGE_SHIFT));
	l3a = pfn_to_virt(mfn_to_pfn(
		(*pt_walk(a.l4, SPACE_VA, 4) & PTE_ADDR_MASK) >> PAGE_SHIFT));
	/* b's L2 (a validated L2) as an L1 under a's L2. */
	e = &l2a[7];
	old = *e;
	rc = mmu1(pte_ma(e), table_pte(pfn_to_virt(mfn_to_pfn(
					       (*pt_walk(b.l4, SPACE_VA, 3) &
						PTE_ADDR_MASK) >>
					       PAGE_SHIFT)),
				       true));
	attack_rc("pt_l2_as_l1", rc, E(EINVAL), entry_changed(e, old));
	/* b's L4 as an L3 under a's L4. */
	e = &a.l4[7];
	old = *e;
	rc = mmu1(pte_ma(e), table_pte(b.l4, true));
	attack_rc("pt_l4_as_l3", rc, E(EINVAL), entry_changed(e, old));
	/* a's own L3 as an L2 under itself. */
	e = &l3a[9];
	old = *e;
	rc = mmu1(pte_ma(e), table_pte(l3a, true));
	attack_rc("pt_l3_as_own_l2", rc, E(EINVAL), entry_changed(e, old));
}

static void self_maps(void)
{
	uint64_t *e = &a.l4[3], old = *e;
	long rc;

	rc = mmu1(pte_ma(e), table_pte(a.l4, true));
	attack_rc("pt_self_map_writable", rc, E(EINVAL), entry_changed(e, old));
	/* One level of linear tables is allowed (read-only)... */
	rc = mmu1(pte_ma(&a.l4[4]), table_pte(b.l4, false));
	if (rc) {
		attack_unexpected("pt_linear_two_levels",
				  "a read-only linear entry was refused (%s)",
				  errno_name(rc));
		return;
	}
	/* ...but not from a linear target, nor to a table that has one. */
	rc = mmu1(pte_ma(&b.l4[4]), table_pte(c.l4, false));
	attack_rc("pt_linear_two_levels", rc, E(EINVAL),
		  entry_changed(&b.l4[4], 0));
	rc = mmu1(pte_ma(&c.l4[4]), table_pte(a.l4, false));
	attack_rc("pt_linear_to_linear_holder", rc, E(EINVAL),
		  entry_changed(&c.l4[4], 0));
	mmu1(pte_ma(&a.l4[4]), 0);
}

static void hypervisor_slots_and_superpages(void)
{
	uint64_t *l2 = pfn_to_virt(mfn_to_pfn(
		(*pt_walk(a.l4, SPACE_VA, 3) & PTE_ADDR_MASK) >> PAGE_SHIFT));
	uint64_t *l3 = pfn_to_virt(mfn_to_pfn(
		(*pt_walk(a.l4, SPACE_VA, 4) & PTE_ADDR_MASK) >> PAGE_SHIFT));
	uint64_t old;
	unsigned int i;
	long rc;

	for (i = 256; i < 272; i += 6) {
		char name[32];

		old = a.l4[i];
		rc = mmu1(pte_ma(&a.l4[i]), a.l4[SPACE_VA >> 39]);
		snprintf(name, sizeof(name), "pt_hypervisor_l4_slot_%u", i);
		attack_rc(name, rc, E(EINVAL), entry_changed(&a.l4[i], old));
	}
	old = l2[20];
	rc = mmu1(pte_ma(&l2[20]), ((uint64_t)virt_to_mfn(_text) << 12) |
					   PTE_KERNEL_RW | _PAGE_PSE);
	attack_rc("pt_superpage_l2", rc, E(EINVAL),
		  entry_changed(&l2[20], old));
	old = l3[20];
	rc = mmu1(pte_ma(&l3[20]), PTE_KERNEL_RW | _PAGE_PSE);
	attack_rc("pt_superpage_l3", rc, E(EINVAL),
		  entry_changed(&l3[20], old));
}

static void foreign_frames(void)
{
	uint64_t *pte = aspace_pte(&a, SPACE_VA) + 50, old = *pte;
	static xen_pfn_t m2p_frames[4];
	struct xen_machphys_mfn_list l = { .max_extents = 4 };
	unsigned long other = foreign_mfn();
	long rc;

	if (other) {
		rc = mmu1(pte_ma(pte), ((uint64_t)other << 12) | PTE_USER_RW);
		attack_rc("pt_map_foreign_frame", rc, E(EBUSY),
			  entry_changed(pte, old));
	} else {
		attack_unexpected("pt_map_foreign_frame", "no foreign frame");
	}
	/* The hypervisor's own memory: the frames behind the M2P. */
	set_xen_guest_handle(l.extent_start, m2p_frames);
	rc = HYPERVISOR_memory_op(XENMEM_machphys_mfn_list, &l);
	if (rc || !l.nr_extents) {
		attack_unexpected("pt_map_m2p_frame", "no M2P frames (%s)",
				  errno_name(rc));
		return;
	}
	rc = mmu1(pte_ma(pte), ((uint64_t)m2p_frames[0] << 12) | PTE_KERNEL_RW);
	attack_rc("pt_map_m2p_frame", rc, E(EBUSY), entry_changed(pte, old));
	rc = mmu1(pte_ma(pte), ((uint64_t)m2p_frames[0] << 12) | PTE_KERNEL_RO);
	attack_rc("pt_map_m2p_frame_readonly", rc, E(EBUSY),
		  entry_changed(pte, old));
}

/* Unpin, then give back, an L1 that a's L2 still uses. */
static void tables_in_use(void)
{
	uint64_t *l2e = pt_walk(a.l4, SPACE_VA, 2), *l1, v = 0;
	unsigned long mfn, pfn;
	long before, rc;
	const char *harm = NULL;

	mfn = (*l2e & PTE_ADDR_MASK) >> PAGE_SHIFT;
	pfn = mfn_to_pfn(mfn);
	l1 = pfn_to_virt(pfn);
	rc = mmuext_one(MMUEXT_PIN_L1_TABLE, mfn);
	if (!rc)
		rc = mmuext_one(MMUEXT_UNPIN_TABLE, mfn);
	if (rc)
		harm = damage("pin/unpin of the L1 failed (%s)",
			      errno_name(rc));
	else if (!still_a_table(l1))
		harm = damage(
			"after the unpin the L1 could be mapped writable");
	attack_defused("pt_unpin_in_use", harm,
		       "unpinned, still a validated L1 while a's L2 uses it");

	/* Given back while a's L2 points at it: it stays, in use. */
	before = reservation();
	rc = give_back(mfn);
	harm = NULL;
	if (rc < 0)
		harm = NULL; /* refusing outright is fine too */
	else if (reservation() != before)
		harm = damage("the reservation dropped to %ld from %ld",
			      reservation(), before);
	else if (!still_a_table(l1))
		harm = damage("the L1 given back could be mapped writable");
	else if (aspace_switch(&a) ||
		 !probe_read((const void *)SPACE_VA, &v, NULL, NULL))
		harm = damage("a's mapping through the L1 stopped working");
	aspace_switch(NULL);
	attack_defused("pt_free_in_use", harm,
		       rc < 0 ? "refused" : "kept until its last reference");
	/* Unhooked and unmapped everywhere, it goes now (if it was given). */
	if (rc == 1) {
		uint64_t *dm = lookup_pte(kernel_l4, (unsigned long)l1);

		mmu1(pte_ma(l2e), 0);
		mmu1(pte_ma(dm), 0);
		mmuext_one(MMUEXT_TLB_FLUSH_LOCAL, 0);
		p2m[pfn] = ~0UL;
		if (reservation() != before - 1)
			attack_unexpected("pt_free_in_use_release",
					  "reservation %ld, expected %ld",
					  reservation(), before - 1);
		else
			attack_refused("pt_free_in_use_release",
				       "freed with its last reference");
	}
}

/* decrease_reservation of a pinned table nothing else uses. */
static void pinned_table_given_back(void)
{
	uint64_t *t = alloc_page();
	unsigned long mfn = virt_to_mfn(t), pfn = virt_to_pfn(t);
	long before, rc;
	const char *harm = NULL;

	rc = set_page_readonly(t, true);
	if (!rc)
		rc = mmuext_one(MMUEXT_PIN_L1_TABLE, mfn);
	if (rc) {
		attack_unexpected("pt_decrease_pinned", "pinning: %s",
				  errno_name(rc));
		return;
	}
	before = reservation();
	rc = give_back(mfn);
	if (rc >= 0 && reservation() != before)
		harm = damage("the pinned frame left the reservation");
	else if (rc >= 0 && mmuext_one(MMUEXT_PIN_L1_TABLE, mfn) != E(EINVAL))
		harm = damage("the frame is no longer a pinned table");
	attack_defused("pt_decrease_pinned", harm,
		       rc < 0 ? "refused" : "still pinned until unpinned");
	mmuext_one(MMUEXT_UNPIN_TABLE, mfn);
	if (rc == 1) {
		mmu1(pte_ma(lookup_pte(kernel_l4, (unsigned long)t)), 0);
		mmuext_one(MMUEXT_TLB_FLUSH_LOCAL, 0);
		p2m[pfn] = ~0UL;
	} else {
		set_page_readonly(t, false);
		free_page(t);
	}
}

static void counts_and_done_pointers(void)
{
	static struct mmu_update
		reqs[PAGE_SIZE / sizeof(struct mmu_update)] __aligned(
			PAGE_SIZE);
	/* 170 ops of 24 bytes fill a page; the 171st straddles its end. */
	static struct mmuext_op ops[PAGE_SIZE / sizeof(struct mmuext_op) +
				    1] __aligned(PAGE_SIZE);
	const unsigned int nr_ops = PAGE_SIZE / sizeof(struct mmuext_op);
	struct mmu_update *last =
		(struct mmu_update *)(hostile_va(ALIAS1) + PAGE_SIZE) - 1;
	struct m2p_watch w;
	unsigned int done, i;
	void *p;
	long rc;

	/* A page of harmless requests (M2P[mfn] = what it is) then nothing. */
	for (i = 0; i < 256; i++) {
		reqs[i].ptr = ((uint64_t)virt_to_mfn(_text) << PAGE_SHIFT) |
			      MMU_MACHPHYS_UPDATE;
		reqs[i].val = virt_to_pfn(_text);
	}
	hostile_map(ALIAS1, virt_to_mfn(reqs), true);
	hostile_unmap(ALIAS2);
	last -= 255;
	done = 0;
	rc = HYPERVISOR_mmu_update(last, 0xffffffffU, &done, DOMID_SELF);
	attack_rc("pt_mmu_update_huge_count", rc, E(EFAULT),
		  done != 256 ? damage("done %u, expected 256", done) : NULL);
	for (i = 0; i < ARRAY_SIZE(ops); i++)
		ops[i].cmd = MMUEXT_TLB_FLUSH_LOCAL;
	hostile_map(ALIAS1, virt_to_mfn(ops), true);
	done = 0;
	rc = HYPERVISOR_mmuext_op((struct mmuext_op *)hostile_va(ALIAS1),
				  0x7fffffff, &done, DOMID_SELF);
	attack_rc("pt_mmuext_huge_count", rc, E(EFAULT),
		  done != nr_ops ?
			  damage("done %u, expected %u", done, nr_ops) :
			  NULL);
	hostile_unmap(ALIAS1);

	p = m2p_target(&w);
	rc = HYPERVISOR_mmu_update(reqs, 4, p, DOMID_SELF);
	attack_rc("pt_done_into_m2p", rc, 0, m2p_changed(&w));
	rc = HYPERVISOR_mmuext_op(ops, 4, p, DOMID_SELF);
	attack_rc("pt_mmuext_done_into_m2p", rc, 0, m2p_changed(&w));
	rc = HYPERVISOR_mmu_update(reqs, 4, (unsigned int *)HV_TEXT,
				   DOMID_SELF);
	attack_rc("pt_done_into_hypervisor_text", rc, 0, NULL);
	rc = HYPERVISOR_mmu_update(reqs, 4, (unsigned int *)NONCANONICAL,
				   DOMID_SELF);
	attack_rc("pt_done_noncanonical", rc, 0, NULL);
}

static long build(struct aspace *as)
{
	unsigned long pfn = virt_to_pfn(alloc_page());
	long rc = aspace_create(as);

	mmu_batch_init(&batch);
	if (!rc)
		rc = aspace_map(as, &batch, SPACE_VA, pfn_to_mfn(pfn),
				PTE_USER_RW);
	return rc ?: mmu_batch_flush(&batch);
}

static const char *test_mmu_hostile(void)
{
	long rc;

	if (!mm_ready())
		return fail("own page tables not in use");
	rc = build(&a);
	if (!rc)
		rc = build(&b);
	if (!rc)
		rc = build(&c);
	if (rc)
		return fail("building three address spaces: %ld", rc);
	writable_mappings();
	type_confusion();
	self_maps();
	hypervisor_slots_and_superpages();
	foreign_frames();
	counts_and_done_pointers();
	pinned_table_given_back();
	tables_in_use();
	/* Still here, still able to build and tear down. */
	aspace_destroy(&c);
	aspace_destroy(&b);
	rc = aspace_destroy(&a);
	if (rc)
		attack_unexpected("pt_cleanup", "destroying a: %s",
				  errno_name(rc));
	return attacks_verdict();
}
DEFINE_REQUEST_TEST(88, "mmu_hostile", test_mmu_hostile);
