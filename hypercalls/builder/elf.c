/* SPDX-License-Identifier: MIT */
/*
 * The kernel image: finds the ELF file (directly, or as the payload of a
 * Linux bzImage, §1.7), checks its header and program headers against the
 * file size before anything is read through them, and collects the
 * loadable segments (§1.3). The image comes from a boot module or a
 * toolstack user, so every field is treated as hostile: offsets and sizes
 * are checked without overflow, and loadable segments may neither run past
 * the file, nor claim more file bytes than memory, nor overlap.
 */
#include <public/errno.h>

#include "xb_private.h"

/* bzImage setup-header fields (offsets from the start of the file). */
#define BZ_SETUP_SECTS 0x1f1
#define BZ_HEADER 0x202
#define BZ_VERSION 0x206
#define BZ_PAYLOAD_OFFSET 0x248
#define BZ_PAYLOAD_LENGTH 0x24c
#define BZ_MIN_VERSION 0x0208

static const uint8_t elf_magic[4] = { 0x7f, 'E', 'L', 'F' };

/* Name a compressed payload so the message says what to do about it. */
static const char *compression_name(const uint8_t *p, size_t len)
{
	static const struct {
		uint8_t magic[6];
		unsigned int len;
		const char *name;
	} fmts[] = {
		{ { 0x1f, 0x8b }, 2, "gzip" },
		{ { 'B', 'Z', 'h' }, 3, "bzip2" },
		{ { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, 6, "xz" },
		{ { 0x28, 0xb5, 0x2f, 0xfd }, 4, "zstd" },
		{ { 0x5d, 0x00 }, 2, "lzma" },
		{ { 0x89, 'L', 'Z', 'O' }, 4, "lzo" },
		{ { 0x02, 0x21 }, 2, "lz4" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		if (len >= fmts[i].len &&
		    !memcmp(p, fmts[i].magic, fmts[i].len))
			return fmts[i].name;
	return NULL;
}

/*
 * If @data is a bzImage, point @elf and @size at its payload. The builder
 * has no decompressor (neither side should need one: the dom0 recipe hands
 * over the extracted vmlinux), so a compressed payload is an error that
 * names the format.
 */
static int unwrap_bzimage(const uint8_t **elf, size_t *size, struct xb_err *err)
{
	const uint8_t *p = *elf;
	uint64_t off, len;
	const char *fmt;

	if (*size < BZ_PAYLOAD_LENGTH + 4 || memcmp(p + BZ_HEADER, "HdrS", 4))
		return 0;
	if (xb_rd16(p + BZ_VERSION) < BZ_MIN_VERSION)
		return xb_fail(
			err, -XEN_EINVAL,
			"bzImage boot protocol %#x is older than 2.08 and has no payload fields",
			xb_rd16(p + BZ_VERSION));
	/* setup_sects is used as is, as both Xen loaders do (§1.7). */
	off = ((uint64_t)p[BZ_SETUP_SECTS] + 1) * 512 +
	      xb_rd32(p + BZ_PAYLOAD_OFFSET);
	len = xb_rd32(p + BZ_PAYLOAD_LENGTH);
	if (!xb_in_bounds(off, len, *size))
		return xb_fail(
			err, -XEN_EINVAL,
			"bzImage payload (offset %#lx, length %#lx) runs past the %#lx-byte file",
			off, len, (uint64_t)*size);
	if (len >= 4 && !memcmp(p + off, elf_magic, 4)) {
		*elf = p + off;
		*size = len;
		return 0;
	}
	fmt = compression_name(p + off, len);
	return xb_fail(
		err, -XEN_EOPNOTSUPP,
		"bzImage payload is %s-compressed; give the builder the uncompressed vmlinux",
		fmt ? fmt : "not ELF and not");
}

static int check_ehdr(struct xb_image *img, struct xb_err *err)
{
	const uint8_t *e = img->elf;
	uint16_t type, machine;
	const char *fmt;

	if (img->size < 4 || memcmp(e, elf_magic, 4)) {
		fmt = compression_name(e, img->size);
		if (fmt)
			return xb_fail(
				err, -XEN_EOPNOTSUPP,
				"kernel is %s-compressed; give the builder the uncompressed ELF",
				fmt);
		return xb_fail(err, -XEN_ENOEXEC,
			       "kernel is neither an ELF file nor a bzImage");
	}
	if (img->size < XB_EHDR_SIZE)
		return xb_fail(
			err, -XEN_EINVAL,
			"ELF file of %lu bytes is shorter than its 64-byte header",
			(uint64_t)img->size);
	if (e[XB_EI_CLASS] == XB_ELFCLASS32)
		return xb_fail(
			err, -XEN_EOPNOTSUPP,
			"32-bit ELF kernel: only 64-bit PV guests are supported");
	if (e[XB_EI_CLASS] != XB_ELFCLASS64 || e[XB_EI_DATA] != XB_ELFDATA2LSB)
		return xb_fail(
			err, -XEN_ENOEXEC,
			"ELF class %u / data %u is not 64-bit little-endian",
			e[XB_EI_CLASS], e[XB_EI_DATA]);
	type = xb_rd16(e + 16);
	machine = xb_rd16(e + 18);
	if (machine != XB_EM_X86_64)
		return xb_fail(err, -XEN_ENOEXEC,
			       "ELF machine %u is not x86-64 (62)", machine);
	if (type != XB_ET_EXEC && type != XB_ET_DYN)
		return xb_fail(err, -XEN_ENOEXEC,
			       "ELF type %u is not an executable", type);
	return 0;
}

/* The program-header and section-header tables must lie in the file. */
static int check_tables(struct xb_image *img, struct xb_err *err)
{
	const uint8_t *e = img->elf;
	uint64_t phoff = xb_rd64(e + 32), shoff = xb_rd64(e + 40);
	uint16_t phentsize = xb_rd16(e + 54), phnum = xb_rd16(e + 56);
	uint16_t shentsize = xb_rd16(e + 58), shnum = xb_rd16(e + 60);

	if (phnum == 0)
		return xb_fail(err, -XEN_ENOEXEC,
			       "ELF file has no program headers");
	if (phnum == XB_PN_XNUM)
		return xb_fail(
			err, -XEN_EINVAL,
			"ELF file uses extended program-header numbering");
	if (phentsize != XB_PHDR_SIZE)
		return xb_fail(err, -XEN_EINVAL,
			       "ELF program header size %u is not 56",
			       phentsize);
	if (!xb_in_bounds(phoff, (uint64_t)phnum * XB_PHDR_SIZE, img->size))
		return xb_fail(
			err, -XEN_EINVAL,
			"%u program headers at %#lx run past the %#lx-byte file",
			phnum, phoff, (uint64_t)img->size);
	if (shnum == 0)
		return 0;
	if (shentsize != XB_SHDR_SIZE)
		return xb_fail(err, -XEN_EINVAL,
			       "ELF section header size %u is not 64",
			       shentsize);
	if (!xb_in_bounds(shoff, (uint64_t)shnum * XB_SHDR_SIZE, img->size))
		return xb_fail(
			err, -XEN_EINVAL,
			"%u section headers at %#lx run past the %#lx-byte file",
			shnum, shoff, (uint64_t)img->size);
	return 0;
}

/* Collect, check and measure the loadable segments. */
static int read_segments(struct xb_image *img, struct xb_err *err)
{
	const uint8_t *e = img->elf;
	uint64_t phoff = xb_rd64(e + 32);
	uint16_t phnum = xb_rd16(e + 56);
	unsigned int i, j, idx[XB_MAX_SEGMENTS];

	img->nr_segments = 0;
	img->pstart = ~(uint64_t)0;
	img->pend = 0;
	for (i = 0; i < phnum; i++) {
		const uint8_t *ph = e + phoff + (uint64_t)i * XB_PHDR_SIZE;
		struct xb_segment *s;

		/* Xen loads PT_LOAD only when some access is allowed. */
		if (xb_rd32(ph) != XB_PT_LOAD || !(xb_rd32(ph + 4) & XB_PF_RWX))
			continue;
		if (img->nr_segments == XB_MAX_SEGMENTS)
			return xb_fail(err, -XEN_E2BIG,
				       "more than %u loadable segments",
				       XB_MAX_SEGMENTS);
		idx[img->nr_segments] = i;
		s = &img->seg[img->nr_segments++];
		s->offset = xb_rd64(ph + 8);
		s->vaddr = xb_rd64(ph + 16);
		s->paddr = xb_rd64(ph + 24);
		s->filesz = xb_rd64(ph + 32);
		s->memsz = xb_rd64(ph + 40);

		if (!xb_in_bounds(s->offset, s->filesz, img->size))
			return xb_fail(
				err, -XEN_EINVAL,
				"PT_LOAD segment %u (file bytes %#lx+%#lx) runs past the %#lx-byte file",
				i, s->offset, s->filesz, (uint64_t)img->size);
		if (s->filesz > s->memsz)
			return xb_fail(
				err, -XEN_EINVAL,
				"PT_LOAD segment %u has more file bytes (%#lx) than memory bytes (%#lx)",
				i, s->filesz, s->memsz);
		if (s->memsz > XB_MAX_KERNEL_SPAN ||
		    s->paddr > ~(uint64_t)0 - s->memsz)
			return xb_fail(
				err, -XEN_E2BIG,
				"PT_LOAD segment %u of %#lx bytes at %#lx is too large",
				i, s->memsz, s->paddr);
		if (s->paddr < img->pstart)
			img->pstart = s->paddr;
		if (s->paddr + s->memsz > img->pend)
			img->pend = s->paddr + s->memsz;
	}
	if (!img->nr_segments)
		return xb_fail(err, -XEN_ENOEXEC,
			       "ELF file has no loadable PT_LOAD segment");

	for (i = 0; i < img->nr_segments; i++) {
		const struct xb_segment *a = &img->seg[i];

		for (j = i + 1; j < img->nr_segments; j++) {
			const struct xb_segment *b = &img->seg[j];

			if (a->memsz && b->memsz &&
			    a->paddr < b->paddr + b->memsz &&
			    b->paddr < a->paddr + a->memsz)
				return xb_fail(
					err, -XEN_EINVAL,
					"PT_LOAD segments %u and %u overlap",
					idx[i], idx[j]);
		}
	}
	if (img->pend - img->pstart > XB_MAX_KERNEL_SPAN)
		return xb_fail(
			err, -XEN_E2BIG,
			"kernel spans %#lx bytes, beyond the %#llx-byte limit",
			img->pend - img->pstart, XB_MAX_KERNEL_SPAN);
	return 0;
}

int xb_parse(struct xb_image *img, const void *data, size_t size,
	     uint32_t offered, struct xb_err *err)
{
	int rc;

	memset(img, 0, sizeof(*img));
	if (err)
		err->msg[0] = '\0';
	if (!data)
		return xb_fail(err, -XEN_EINVAL, "no kernel image");
	img->elf = data;
	img->size = size;

	rc = unwrap_bzimage(&img->elf, &img->size, err);
	if (rc)
		return rc;
	rc = check_ehdr(img, err);
	if (!rc)
		rc = check_tables(img, err);
	if (!rc)
		rc = read_segments(img, err);
	if (!rc)
		rc = xb_parse_notes(img, offered, err);
	return rc;
}
