/* SPDX-License-Identifier: MIT */
/*
 * A small ELF64 writer for the builder tests: program headers (PT_LOAD
 * segments plus one PT_NOTE), Xen notes, optional section headers with a
 * SHT_NOTE section and a legacy __xen_guest section. Section headers, when
 * present, come last, so cutting the file anywhere loses something the
 * parser must notice; without them the last segment's bytes come last.
 */
#include <string.h>

#include <CUnit/CUnit.h>

#include <public/elfnote.h>

#include "builder_test.h"

uint8_t gen_buf[GEN_BUF_SIZE];

void gen_init(struct gen_elf *g)
{
	memset(g, 0, sizeof(*g));
}

void gen_seg(struct gen_elf *g, uint64_t paddr, uint64_t vaddr, uint64_t filesz,
	     uint64_t memsz)
{
	struct gen_seg *s = &g->seg[g->nr_segs++];

	CU_ASSERT_FATAL(g->nr_segs <= GEN_MAX_SEGS);
	memset(s, 0, sizeof(*s));
	s->paddr = paddr;
	s->vaddr = vaddr;
	s->filesz = filesz;
	s->memsz = memsz;
	s->fill = (uint8_t)(0x11 * g->nr_segs);
}

/* Descriptors are kept in a pool so callers may pass temporaries. */
static uint8_t desc_pool[64 * 1024];
static size_t desc_used;

void gen_note_raw(struct gen_elf *g, const char *name, uint32_t type,
		  const void *desc, uint32_t descsz)
{
	struct gen_note *n = &g->note[g->nr_notes++];

	CU_ASSERT_FATAL(g->nr_notes <= GEN_MAX_NOTES);
	n->name = name;
	n->type = type;
	n->descsz = descsz;
	n->desc = NULL;
	if (desc && descsz) {
		if (desc_used + descsz > sizeof(desc_pool))
			desc_used = 0;
		memcpy(desc_pool + desc_used, desc, descsz);
		n->desc = desc_pool + desc_used;
		desc_used += descsz;
	}
}

void gen_note_num(struct gen_elf *g, uint32_t type, uint64_t v,
		  unsigned int size)
{
	uint8_t b[8];
	unsigned int i;

	for (i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	gen_note_raw(g, NULL, type, b, size);
}

void gen_note_str(struct gen_elf *g, uint32_t type, const char *s)
{
	gen_note_raw(g, NULL, type, s, (uint32_t)strlen(s) + 1);
}

void gen_notes_basic(struct gen_elf *g)
{
	gen_note_str(g, XEN_ELFNOTE_GUEST_OS, "linux");
	gen_note_str(g, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	gen_note_str(g, XEN_ELFNOTE_LOADER, "generic");
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static size_t align(size_t v, size_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static void put_shdr(uint8_t *sh, uint32_t name, uint32_t type, uint64_t off,
		     uint64_t size)
{
	put32(sh, name);
	put32(sh + 4, type);
	put64(sh + 24, off);
	put64(sh + 32, size);
	put64(sh + 48, 1);
}

size_t gen_write(const struct gen_elf *g, uint8_t *buf, size_t cap,
		 struct gen_out *out)
{
	struct gen_out o = { 0 };
	bool pt_note = g->nr_notes && !g->notes_in_section_only;
	unsigned int nph = g->nr_segs + pt_note, i, nsh = 0;
	size_t pos, strtab_off = 0, strtab_len = 0, guest_off = 0;
	static const char strtab[] = "\0.note.Xen\0__xen_guest\0.shstrtab";
	uint8_t *sh;

	memset(buf, 0, cap);
	o.phoff = 64;
	pos = o.phoff + nph * 56;

	/* Notes. */
	o.notes_off = pos = align(pos, 4);
	for (i = 0; i < g->nr_notes; i++) {
		const struct gen_note *n = &g->note[i];
		const char *name = n->name ? n->name : "Xen";
		uint32_t namesz = (uint32_t)strlen(name) + 1;

		CU_ASSERT_FATAL(pos + 12 + namesz + n->descsz + 8 < cap);
		put32(buf + pos, namesz);
		put32(buf + pos + 4, n->descsz);
		put32(buf + pos + 8, n->type);
		memcpy(buf + pos + 12, name, namesz);
		pos = align(pos + 12 + namesz, 4);
		if (n->desc)
			memcpy(buf + pos, n->desc, n->descsz);
		pos = align(pos + n->descsz, 4);
	}
	o.notes_len = pos - o.notes_off;

	if (g->xen_guest) {
		guest_off = pos;
		memcpy(buf + pos, g->xen_guest, strlen(g->xen_guest) + 1);
		pos += strlen(g->xen_guest) + 1;
	}

	/* Segment bytes. */
	for (i = 0; i < g->nr_segs; i++) {
		const struct gen_seg *s = &g->seg[i];
		uint64_t j;

		o.seg_off[i] = pos = align(pos, 16);
		CU_ASSERT_FATAL(pos + s->filesz < cap);
		for (j = 0; j < s->filesz; j++)
			buf[pos + j] = (uint8_t)(s->fill + j);
		pos += s->filesz;
	}

	/* Section string table and headers. */
	if (!g->no_sections) {
		strtab_off = pos;
		strtab_len = sizeof(strtab);
		memcpy(buf + pos, strtab, strtab_len);
		pos += strtab_len;
		o.shoff = pos = align(pos, 8);
		sh = buf + pos;
		nsh = 1;
		if (g->nr_notes)
			put_shdr(sh + 64 * nsh++, 1, 7, o.notes_off,
				 o.notes_len);
		if (g->xen_guest)
			put_shdr(sh + 64 * nsh++, 11, 1, guest_off,
				 strlen(g->xen_guest) + 1);
		put_shdr(sh + 64 * nsh, 23, 3, strtab_off, strtab_len);
		nsh++;
		pos += 64 * nsh;
	}
	CU_ASSERT_FATAL(pos <= cap);

	/* ELF header. */
	memcpy(buf, "\177ELF", 4);
	buf[4] = 2; /* 64-bit */
	buf[5] = 1; /* little-endian */
	buf[6] = 1;
	put16(buf + 16, 2); /* ET_EXEC */
	put16(buf + 18, 62); /* EM_X86_64 */
	put32(buf + 20, 1);
	put64(buf + 24, g->entry);
	put64(buf + 32, o.phoff);
	put64(buf + 40, o.shoff);
	put16(buf + 52, 64);
	put16(buf + 54, 56);
	put16(buf + 56, (uint16_t)nph);
	put16(buf + 58, g->no_sections ? 0 : 64);
	put16(buf + 60, (uint16_t)nsh);
	put16(buf + 62, (uint16_t)(nsh ? nsh - 1 : 0));

	/* Program headers: the segments, then the notes. */
	for (i = 0; i < g->nr_segs; i++) {
		const struct gen_seg *s = &g->seg[i];
		uint8_t *ph = buf + o.phoff + 56 * i;

		put32(ph, s->type ? s->type : 1);
		put32(ph + 4, s->flags ? s->flags : 7);
		put64(ph + 8, o.seg_off[i]);
		put64(ph + 16, s->vaddr);
		put64(ph + 24, s->paddr);
		put64(ph + 32, s->filesz);
		put64(ph + 40, s->memsz);
		put64(ph + 48, 0x1000);
	}
	if (pt_note) {
		uint8_t *ph = buf + o.phoff + 56 * g->nr_segs;

		put32(ph, 4);
		put32(ph + 4, 4);
		put64(ph + 8, o.notes_off);
		put64(ph + 32, o.notes_len);
		put64(ph + 40, o.notes_len);
		put64(ph + 48, 4);
	}
	o.size = pos;
	if (out)
		*out = o;
	return pos;
}

void gen_linux_like(struct gen_elf *g)
{
	static const char features[] =
		"!writable_page_tables|pae_pgdir_above_4gb";
	uint8_t l1[16] = { 1, 0, 0, 0, 0, 0, 0, 0, 1 };

	gen_init(g);
	g->entry = 0xffffffff81000000ULL; /* e_entry; the ENTRY note wins */
	gen_seg(g, 0x1000000, 0xffffffff81000000ULL, 0x800, 0x18e6498);
	g->seg[0].flags = 5;
	gen_seg(g, 0x2a00000, 0xffffffff82a00000ULL, 0x400, 0x642000);
	g->seg[1].flags = 6;
	gen_seg(g, 0x3042000, 0, 0x300, 0x35000); /* percpu: VA 0 */
	g->seg[2].flags = 6;
	gen_seg(g, 0x3077000, 0xffffffff83077000ULL, 0x500, 0x1989000);

	gen_note_str(g, XEN_ELFNOTE_GUEST_OS, "linux");
	gen_note_str(g, XEN_ELFNOTE_GUEST_VERSION, "2.6");
	gen_note_str(g, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	gen_note_num(g, XEN_ELFNOTE_VIRT_BASE, 0xffffffff80000000ULL, 8);
	gen_note_num(g, XEN_ELFNOTE_INIT_P2M, 0x8000000000ULL, 8);
	gen_note_num(g, XEN_ELFNOTE_ENTRY, 0xffffffff830771c0ULL, 8);
	/* Linux emits FEATURES with .ascii: no NUL inside descsz. */
	gen_note_raw(g, NULL, XEN_ELFNOTE_FEATURES, features,
		     sizeof(features) - 1);
	gen_note_num(g, XEN_ELFNOTE_SUPPORTED_FEATURES, 0x8801, 4);
	gen_note_str(g, XEN_ELFNOTE_PAE_MODE, "yes");
	gen_note_str(g, XEN_ELFNOTE_LOADER, "generic");
	gen_note_raw(g, NULL, XEN_ELFNOTE_L1_MFN_VALID, l1, sizeof(l1));
	gen_note_num(g, XEN_ELFNOTE_SUSPEND_CANCEL, 1, 4);
	gen_note_num(g, XEN_ELFNOTE_MOD_START_PFN, 1, 4);
	gen_note_num(g, XEN_ELFNOTE_HV_START_LOW, 0xffff800000000000ULL, 8);
	gen_note_num(g, XEN_ELFNOTE_PADDR_OFFSET, 0, 8);
	gen_note_num(g, XEN_ELFNOTE_PHYS32_ENTRY, 0x01000850, 4);
}

void gen_minios_like(struct gen_elf *g, uint64_t memsz)
{
	gen_init(g);
	g->entry = 0;
	gen_seg(g, 0, 0, memsz < 0x3000 ? memsz : 0x3000, memsz);
	gen_note_str(g, XEN_ELFNOTE_GUEST_OS, "Mini-OS");
	gen_note_str(g, XEN_ELFNOTE_LOADER, "generic");
	gen_note_num(g, XEN_ELFNOTE_HYPERCALL_PAGE, 0x2000, 8);
	gen_note_str(g, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
}
