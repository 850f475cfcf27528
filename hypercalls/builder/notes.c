/* SPDX-License-Identifier: MIT */
/*
 * What a guest kernel says about itself: the "Xen" ELF notes (§1.1-§1.2),
 * searched in PT_NOTE segments, then SHT_NOTE sections, then the legacy
 * __xen_guest string (§1.5); the acceptance rules and the address
 * arithmetic of §1.3; and the FEATURES string with its required ('!')
 * features (§1.4). A note whose name or descriptor runs past its container
 * is an error rather than something to skip: a builder that guesses about
 * a malformed kernel would be guessing on behalf of the hypervisor.
 */
#include <public/elfnote.h>
#include <public/errno.h>
#include <public/features.h>

#include "xb_private.h"

/* Names of the FEATURES string; index = XENFEAT bit. */
static const char *const feature_names[] = {
	[XENFEAT_writable_page_tables] = "writable_page_tables",
	[XENFEAT_writable_descriptor_tables] = "writable_descriptor_tables",
	[XENFEAT_auto_translated_physmap] = "auto_translated_physmap",
	[XENFEAT_supervisor_mode_kernel] = "supervisor_mode_kernel",
	[XENFEAT_pae_pgdir_above_4gb] = "pae_pgdir_above_4gb",
	[XENFEAT_mmu_pt_update_preserve_ad] = "mmu_pt_update_preserve_ad",
	[XENFEAT_highmem_assist] = "highmem_assist",
	[XENFEAT_gnttab_map_avail_bits] = "gnttab_map_avail_bits",
	[XENFEAT_hvm_callback_vector] = "hvm_callback_vector",
	[XENFEAT_hvm_safe_pvclock] = "hvm_safe_pvclock",
	[XENFEAT_hvm_pirqs] = "hvm_pirqs",
	[XENFEAT_dom0] = "dom0",
	[XENFEAT_grant_map_identity] = "grant_map_identity",
	[XENFEAT_memory_op_vnode_supported] = "memory_op_vnode_supported",
	[XENFEAT_ARM_SMCCC_supported] = "ARM_SMCCC_supported",
	[XENFEAT_linux_rsdp_unrestricted] = "linux_rsdp_unrestricted",
	[XENFEAT_not_direct_mapped] = "not_direct_mapped",
	[XENFEAT_direct_mapped] = "direct_mapped",
	[XENFEAT_runstate_phys_area] = "runstate_phys_area",
	[XENFEAT_vcpu_time_phys_area] = "vcpu_time_phys_area",
	[XENFEAT_dm_msix_all_writes] = "dm_msix_all_writes",
};
#define NR_FEATURE_NAMES (sizeof(feature_names) / sizeof(feature_names[0]))

/* Xen reads at most 63 characters of one feature word. */
#define FEATURE_WORD_MAX 63

static int feature_bit(const char *word, size_t len)
{
	unsigned int i;

	for (i = 0; i < NR_FEATURE_NAMES; i++)
		if (feature_names[i] && strlen(feature_names[i]) == len &&
		    !memcmp(feature_names[i], word, len))
			return (int)i;
	return -1;
}

int xb_parse_features(struct xb_image *img, const char *s, size_t len,
		      struct xb_err *err)
{
	size_t pos = 0;

	while (pos < len && s[pos]) {
		size_t start = pos, n;
		bool required = false;
		int bit;

		while (pos < len && s[pos] && s[pos] != '|')
			pos++;
		n = pos - start;
		if (pos < len && s[pos] == '|')
			pos++;
		if (n > FEATURE_WORD_MAX)
			n = FEATURE_WORD_MAX;
		if (n && s[start] == '!') {
			required = true;
			start++;
			n--;
		}
		if (!n)
			continue;
		bit = feature_bit(s + start, n);
		if (bit < 0) {
			char word[FEATURE_WORD_MAX + 1];

			/* An unknown optional feature is harmless. */
			if (!required)
				continue;
			memcpy(word, s + start, n);
			word[n] = '\0';
			return xb_fail(
				err, -XEN_EOPNOTSUPP,
				"kernel requires feature '%s' that this hypervisor does not know",
				word);
		}
		img->f_supported |= 1U << bit;
		if (required)
			img->f_required |= 1U << bit;
	}
	return 0;
}

/* Copy a string descriptor: it ends at its NUL or at the descriptor end. */
static void copy_str(char *dst, size_t dstlen, const uint8_t *p, uint64_t len)
{
	size_t n = 0;

	while (n < len && n + 1 < dstlen && p[n]) {
		dst[n] = (char)p[n];
		n++;
	}
	dst[n] = '\0';
}

static size_t str_len(const uint8_t *p, uint64_t len)
{
	size_t n = 0;

	while (n < len && p[n])
		n++;
	return n;
}

/* A numeric descriptor: 1, 2, 4 or 8 bytes little-endian, else 0 (§1.1). */
static uint64_t note_number(const uint8_t *p, uint64_t len)
{
	switch (len) {
	case 1:
		return p[0];
	case 2:
		return xb_rd16(p);
	case 4:
		return xb_rd32(p);
	case 8:
		return xb_rd64(p);
	}
	return 0;
}

static int one_note(struct xb_image *img, uint32_t type, const uint8_t *d,
		    uint64_t len, struct xb_err *err)
{
	uint64_t v = note_number(d, len);

	switch (type) {
	case XEN_ELFNOTE_ENTRY:
		img->entry = v;
		break;
	case XEN_ELFNOTE_HYPERCALL_PAGE:
		img->hypercall_page = v;
		break;
	case XEN_ELFNOTE_VIRT_BASE:
		img->virt_base = v;
		break;
	case XEN_ELFNOTE_PADDR_OFFSET:
		img->paddr_offset = v;
		break;
	case XEN_ELFNOTE_XEN_VERSION:
		copy_str(img->xen_version, sizeof(img->xen_version), d, len);
		break;
	case XEN_ELFNOTE_GUEST_OS:
		copy_str(img->guest_os, sizeof(img->guest_os), d, len);
		break;
	case XEN_ELFNOTE_GUEST_VERSION:
		copy_str(img->guest_version, sizeof(img->guest_version), d,
			 len);
		break;
	case XEN_ELFNOTE_LOADER:
		copy_str(img->loader, sizeof(img->loader), d, len);
		break;
	case XEN_ELFNOTE_PAE_MODE:
		copy_str(img->pae_mode, sizeof(img->pae_mode), d, len);
		break;
	case XEN_ELFNOTE_FEATURES:
		return xb_parse_features(img, (const char *)d, str_len(d, len),
					 err);
	case XEN_ELFNOTE_BSD_SYMTAB:
		img->bsd_symtab = str_len(d, len) == 3 && !memcmp(d, "yes", 3);
		break;
	case XEN_ELFNOTE_HV_START_LOW:
		img->hv_start_low = v;
		break;
	case XEN_ELFNOTE_L1_MFN_VALID:
		/* (mask, value) pairs of 8-byte words; the first pair counts. */
		if (len >= 16) {
			img->l1_mfn_valid_mask = xb_rd64(d);
			img->l1_mfn_valid_value = xb_rd64(d + 8);
			img->has_l1_mfn_valid = true;
		}
		break;
	case XEN_ELFNOTE_SUSPEND_CANCEL:
		img->suspend_cancel = v;
		break;
	case XEN_ELFNOTE_INIT_P2M:
		img->init_p2m = v;
		break;
	case XEN_ELFNOTE_MOD_START_PFN:
		img->mod_start_pfn = v != 0;
		break;
	case XEN_ELFNOTE_SUPPORTED_FEATURES:
		/* An array of u32 submaps; only submap 0 exists. */
		if (len >= 4)
			img->f_supported |= xb_rd32(d);
		img->has_supported_features = true;
		break;
	case XEN_ELFNOTE_PHYS32_ENTRY:
		img->phys32_entry = v;
		break;
	default:
		/* INFO, PHYS32_RELOC and unknown types mean nothing to PV. */
		break;
	}
	return 0;
}

/* Walk the notes in [off, off + len) of the file; @what names it. */
static int walk_notes(struct xb_image *img, uint64_t off, uint64_t len,
		      const char *what, unsigned int which, unsigned int *total,
		      struct xb_err *err)
{
	uint64_t pos = 0;
	unsigned int n;
	int rc;

	if (!xb_in_bounds(off, len, img->size))
		return xb_fail(
			err, -XEN_EINVAL,
			"%s %u (bytes %#lx+%#lx) runs past the %#lx-byte file",
			what, which, off, len, (uint64_t)img->size);
	/* Fewer bytes than a note header at the end are alignment padding. */
	for (n = 0; len - pos >= 12; n++) {
		const uint8_t *h = img->elf + off + pos;
		uint64_t namesz = xb_rd32(h), descsz = xb_rd32(h + 4);
		uint64_t name_off = pos + 12;
		uint64_t desc_off = name_off + ((namesz + 3) & ~3ULL);
		uint64_t next = desc_off + ((descsz + 3) & ~3ULL);

		if (++*total > XB_MAX_NOTES)
			return xb_fail(err, -XEN_E2BIG,
				       "more than %u ELF notes", XB_MAX_NOTES);
		if (desc_off > len || next > len)
			return xb_fail(
				err, -XEN_EINVAL,
				"note %u in %s %u (namesz %#lx, descsz %#lx) runs past its end",
				n, what, which, namesz, descsz);
		pos = next;
		if (namesz < 4 || memcmp(h + 12, XEN_ELFNOTE_NAME, 4))
			continue;
		rc = one_note(img, xb_rd32(h + 8), img->elf + off + desc_off,
			      descsz, err);
		if (rc)
			return rc;
		img->nr_xen_notes++;
	}
	return 0;
}

static int notes_from_segments(struct xb_image *img, unsigned int *total,
			       struct xb_err *err)
{
	const uint8_t *e = img->elf;
	uint64_t phoff = xb_rd64(e + 32);
	uint16_t i, phnum = xb_rd16(e + 56);
	int rc;

	for (i = 0; i < phnum; i++) {
		const uint8_t *ph = e + phoff + (uint64_t)i * XB_PHDR_SIZE;

		/* Some binutils leave p_offset 0 in note headers: skip. */
		if (xb_rd32(ph) != XB_PT_NOTE || !xb_rd64(ph + 8))
			continue;
		rc = walk_notes(img, xb_rd64(ph + 8), xb_rd64(ph + 32),
				"PT_NOTE segment", i, total, err);
		if (rc)
			return rc;
	}
	return 0;
}

static const uint8_t *shdr(const struct xb_image *img, unsigned int i)
{
	return img->elf + xb_rd64(img->elf + 40) + (uint64_t)i * XB_SHDR_SIZE;
}

static int notes_from_sections(struct xb_image *img, unsigned int *total,
			       struct xb_err *err)
{
	uint16_t i, shnum = xb_rd16(img->elf + 60);
	int rc;

	for (i = 1; i < shnum; i++) {
		const uint8_t *sh = shdr(img, i);

		if (xb_rd32(sh + 4) != XB_SHT_NOTE)
			continue;
		rc = walk_notes(img, xb_rd64(sh + 24), xb_rd64(sh + 32),
				"SHT_NOTE section", i, total, err);
		if (rc)
			return rc;
	}
	return 0;
}

/* The contents of the section named @name, if there is one in the file. */
static const uint8_t *find_section(const struct xb_image *img, const char *name,
				   uint64_t *len)
{
	uint16_t i, shnum = xb_rd16(img->elf + 60);
	uint16_t strndx = xb_rd16(img->elf + 62);
	size_t nlen = strlen(name) + 1;
	uint64_t stroff, strsz;

	if (!shnum || strndx >= shnum)
		return NULL;
	stroff = xb_rd64(shdr(img, strndx) + 24);
	strsz = xb_rd64(shdr(img, strndx) + 32);
	if (!xb_in_bounds(stroff, strsz, img->size))
		return NULL;
	for (i = 1; i < shnum; i++) {
		const uint8_t *sh = shdr(img, i);
		uint64_t nm = xb_rd32(sh), off = xb_rd64(sh + 24);

		if (!xb_in_bounds(nm, nlen, strsz) ||
		    memcmp(img->elf + stroff + nm, name, nlen))
			continue;
		*len = xb_rd64(sh + 32);
		if (xb_rd32(sh + 4) == XB_SHT_NOBITS ||
		    !xb_in_bounds(off, *len, img->size))
			return NULL;
		return img->elf + off;
	}
	return NULL;
}

/* strtoull(s, NULL, 0) over a bounded, NUL-free string. */
static uint64_t parse_number(const char *s, size_t n)
{
	unsigned int base = 10;
	uint64_t v = 0;
	size_t i = 0;

	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	} else if (n >= 1 && s[0] == '0') {
		base = 8;
	}
	for (; i < n; i++) {
		unsigned int d;

		if (s[i] >= '0' && s[i] <= '9')
			d = (unsigned int)(s[i] - '0');
		else if (s[i] >= 'a' && s[i] <= 'f')
			d = (unsigned int)(s[i] - 'a' + 10);
		else if (s[i] >= 'A' && s[i] <= 'F')
			d = (unsigned int)(s[i] - 'A' + 10);
		else
			break;
		if (d >= base)
			break;
		v = v * base + d;
	}
	return v;
}

static bool key_is(const char *k, size_t klen, const char *want)
{
	return strlen(want) == klen && !memcmp(k, want, klen);
}

/* The legacy "KEY=VALUE,KEY=VALUE" string of __xen_guest (§1.5). */
static int parse_guest_info(struct xb_image *img, const char *s, size_t len,
			    struct xb_err *err)
{
	uint64_t hypercall = XB_UNSET;
	size_t pos = 0;
	int rc;

	while (pos < len && s[pos]) {
		const char *k = s + pos, *v = "";
		size_t klen, vlen = 0;

		while (pos < len && s[pos] && s[pos] != ',' && s[pos] != '=')
			pos++;
		klen = (size_t)(s + pos - k);
		if (pos < len && s[pos] == '=') {
			v = s + ++pos;
			while (pos < len && s[pos] && s[pos] != ',')
				pos++;
			vlen = (size_t)(s + pos - v);
		}
		if (pos < len && s[pos] == ',')
			pos++;

		if (key_is(k, klen, "LOADER"))
			copy_str(img->loader, sizeof(img->loader),
				 (const uint8_t *)v, vlen);
		else if (key_is(k, klen, "GUEST_OS"))
			copy_str(img->guest_os, sizeof(img->guest_os),
				 (const uint8_t *)v, vlen);
		else if (key_is(k, klen, "GUEST_VER"))
			copy_str(img->guest_version, sizeof(img->guest_version),
				 (const uint8_t *)v, vlen);
		else if (key_is(k, klen, "XEN_VER"))
			copy_str(img->xen_version, sizeof(img->xen_version),
				 (const uint8_t *)v, vlen);
		else if (key_is(k, klen, "PAE"))
			copy_str(img->pae_mode, sizeof(img->pae_mode),
				 (const uint8_t *)v, vlen);
		else if (key_is(k, klen, "BSD_SYMTAB"))
			img->bsd_symtab = true;
		else if (key_is(k, klen, "VIRT_BASE"))
			img->virt_base = parse_number(v, vlen);
		else if (key_is(k, klen, "VIRT_ENTRY"))
			img->entry = parse_number(v, vlen);
		else if (key_is(k, klen, "ELF_PADDR_OFFSET"))
			img->paddr_offset = parse_number(v, vlen);
		else if (key_is(k, klen, "HYPERCALL_PAGE"))
			hypercall = parse_number(v, vlen) << XB_PAGE_SHIFT;
		else if (key_is(k, klen, "FEATURES")) {
			rc = xb_parse_features(img, v, vlen, err);
			if (rc)
				return rc;
		}
	}
	/* The legacy value is a page number relative to VIRT_BASE. */
	if (hypercall != XB_UNSET)
		img->hypercall_page = img->virt_base == XB_UNSET ?
					      hypercall :
					      img->virt_base + hypercall;
	img->legacy_guest_info = true;
	return 0;
}

/* §1.3 step 2: where the kernel goes, and whether its entry is in it. */
static int compute_addresses(struct xb_image *img, struct xb_err *err)
{
	uint64_t offset;

	if (img->paddr_offset != XB_UNSET && img->virt_base == XB_UNSET)
		return xb_fail(err, -XEN_EINVAL,
			       "kernel gives PADDR_OFFSET without VIRT_BASE");
	if (img->virt_base == XB_UNSET)
		img->virt_base = 0;
	if (img->paddr_offset == XB_UNSET)
		img->paddr_offset = img->legacy_guest_info ? img->virt_base : 0;
	offset = img->virt_base - img->paddr_offset;
	img->virt_kstart = img->pstart + offset;
	img->virt_kend = img->pend + offset;
	if (img->entry == XB_UNSET)
		img->entry = xb_rd64(img->elf + 24);

	if (img->virt_kstart > img->virt_kend)
		return xb_fail(err, -XEN_EINVAL,
			       "kernel start %#lx lies above its end %#lx",
			       img->virt_kstart, img->virt_kend);
	if (img->virt_base > img->virt_kstart)
		return xb_fail(err, -XEN_EINVAL,
			       "kernel starts at %#lx, below VIRT_BASE %#lx",
			       img->virt_kstart, img->virt_base);
	if (img->entry < img->virt_kstart || img->entry > img->virt_kend)
		return xb_fail(
			err, -XEN_EINVAL,
			"entry point %#lx lies outside the kernel [%#lx, %#lx]",
			img->entry, img->virt_kstart, img->virt_kend);
	if (img->init_p2m != XB_UNSET && img->init_p2m >= img->virt_kstart &&
	    img->init_p2m < img->virt_kend)
		return xb_fail(
			err, -XEN_EINVAL,
			"INIT_P2M %#lx lies inside the kernel [%#lx, %#lx)",
			img->init_p2m, img->virt_kstart, img->virt_kend);
	return 0;
}

static int check_features(const struct xb_image *img, uint32_t offered,
			  struct xb_err *err)
{
	uint32_t missing = img->f_required & ~offered;
	unsigned int bit;

	/* PV guests are never translated, whatever the caller offers. */
	if (img->f_required & (1U << XENFEAT_auto_translated_physmap))
		missing |= 1U << XENFEAT_auto_translated_physmap;
	for (bit = 0; bit < 32; bit++)
		if (missing & (1U << bit))
			return xb_fail(
				err, -XEN_EOPNOTSUPP,
				"kernel requires feature '%s' that this hypervisor does not offer",
				bit < NR_FEATURE_NAMES && feature_names[bit] ?
					feature_names[bit] :
					"?");
	return 0;
}

int xb_parse_notes(struct xb_image *img, uint32_t offered, struct xb_err *err)
{
	unsigned int total = 0;
	const uint8_t *info;
	uint64_t len;
	int rc;

	img->virt_base = XB_UNSET;
	img->paddr_offset = XB_UNSET;
	img->entry = XB_UNSET;
	img->hypercall_page = XB_UNSET;
	img->init_p2m = XB_UNSET;
	img->hv_start_low = XB_UNSET;
	img->phys32_entry = XB_UNSET;

	rc = notes_from_segments(img, &total, err);
	if (!rc && !img->nr_xen_notes)
		rc = notes_from_sections(img, &total, err);
	if (rc)
		return rc;
	if (!img->nr_xen_notes) {
		info = find_section(img, "__xen_guest", &len);
		if (!info)
			return xb_fail(
				err, -XEN_ENOEXEC,
				"not a Xen-ELF image: no Xen ELF notes and no __xen_guest section");
		rc = parse_guest_info(img, (const char *)info,
				      str_len(info, len), err);
		if (rc)
			return rc;
	}

	if (strncmp(img->loader, "generic", 7) &&
	    strncmp(img->guest_os, "linux", 5))
		return xb_fail(
			err, -XEN_ENOEXEC,
			"kernel is for loader '%s', guest OS '%s': only the generic loader or Linux can be loaded",
			img->loader, img->guest_os);
	if (strncmp(img->xen_version, "xen-3.0", 7))
		return xb_fail(err, -XEN_ENOEXEC,
			       "kernel is built for Xen '%s', not 'xen-3.0'",
			       img->xen_version);
	rc = compute_addresses(img, err);
	if (!rc)
		rc = check_features(img, offered, err);
	return rc;
}
