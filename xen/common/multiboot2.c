/* SPDX-License-Identifier: MIT */
/*
 * The multiboot2 boot information from GRUB, read into struct boot_info.
 * The structure is a total size, a reserved word, then 8-byte aligned tags
 * (type, size, payload) up to an end tag. Nothing in it is trusted: every
 * size is checked against the space that holds it before anything is read,
 * and a malformed structure yields -EINVAL with nothing half-filled.
 */
#include <xen/bootinfo.h>
#include <xen/errno.h>
#include <xen/lib.h>

#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER 2
#define MB2_TAG_MODULE 3
#define MB2_TAG_MEMINFO 4
#define MB2_TAG_MMAP 6
#define MB2_TAG_ACPI_OLD 14
#define MB2_TAG_ACPI_NEW 15

#define MB2_HDR_SIZE 8 /* total_size, reserved */
#define MB2_TAG_HDR 8 /* type, size */
#define MB2_MMAP_ENTRY 24 /* base, length, type, reserved */

/* Little-endian reads that do not care about alignment. */
static u32 rd32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static u64 rd64(const u8 *p)
{
	return (u64)rd32(p) | (u64)rd32(p + 4) << 32;
}

/* Copy a string of at most len bytes (it may lack its NUL), terminated. */
static void copy_str(char *dst, size_t dst_size, const u8 *src, size_t len)
{
	size_t i;

	for (i = 0; i < len && i + 1 < dst_size && src[i]; i++)
		dst[i] = (char)src[i];
	dst[i] = '\0';
}

static void copy_bytes(u8 *dst, const u8 *src, size_t len)
{
	while (len--)
		*dst++ = *src++;
}

static void zero_info(struct boot_info *bi)
{
	u8 *p = (u8 *)bi;
	size_t i;

	for (i = 0; i < sizeof(*bi); i++)
		p[i] = 0;
}

static int parse_module(const u8 *tag, u32 size, struct boot_info *bi)
{
	struct boot_module *mod;
	u32 start, end;

	if (size < MB2_TAG_HDR + 8)
		return -EINVAL;
	start = rd32(tag + 8);
	end = rd32(tag + 12);
	if (end < start)
		return -EINVAL;
	if (bi->nr_modules == BOOT_MAX_MODULES) {
		bi->truncated = true;
		return 0;
	}
	mod = &bi->mods[bi->nr_modules++];
	mod->start = start;
	mod->end = end;
	copy_str(mod->cmdline, sizeof(mod->cmdline), tag + 16, size - 16);
	return 0;
}

static int parse_mmap(const u8 *tag, u32 size, struct boot_info *bi)
{
	u32 entry_size, off;

	if (size < MB2_TAG_HDR + 8)
		return -EINVAL;
	entry_size = rd32(tag + 8);
	/* Entries may grow in later versions, never shrink. */
	if (entry_size < MB2_MMAP_ENTRY)
		return -EINVAL;
	for (off = 16; size - off >= entry_size; off += entry_size) {
		struct boot_mmap_entry *e;

		if (bi->nr_mmap == BOOT_MAX_MMAP) {
			bi->truncated = true;
			break;
		}
		e = &bi->mmap[bi->nr_mmap++];
		e->addr = rd64(tag + off);
		e->len = rd64(tag + off + 8);
		e->type = rd32(tag + off + 16);
	}
	return 0;
}

static void copy_rsdp(const u8 *tag, u32 size, struct boot_info *bi)
{
	u32 len = size - MB2_TAG_HDR;

	if (len > sizeof(bi->rsdp))
		len = sizeof(bi->rsdp);
	copy_bytes(bi->rsdp, tag + MB2_TAG_HDR, len);
	bi->rsdp_len = len;
}

static int parse_tag(const u8 *tag, u32 type, u32 size, struct boot_info *bi,
		     bool *have_new_rsdp)
{
	const u8 *payload = tag + MB2_TAG_HDR;
	u32 len = size - MB2_TAG_HDR;

	switch (type) {
	case MB2_TAG_CMDLINE:
		copy_str(bi->cmdline, sizeof(bi->cmdline), payload, len);
		return 0;
	case MB2_TAG_LOADER:
		copy_str(bi->loader, sizeof(bi->loader), payload, len);
		return 0;
	case MB2_TAG_MODULE:
		return parse_module(tag, size, bi);
	case MB2_TAG_MEMINFO:
		if (len < 8)
			return -EINVAL;
		bi->have_meminfo = true;
		bi->mem_lower_kb = rd32(payload);
		bi->mem_upper_kb = rd32(payload + 4);
		return 0;
	case MB2_TAG_MMAP:
		return parse_mmap(tag, size, bi);
	case MB2_TAG_ACPI_OLD:
		/* The new tag's RSDP (with the XSDT) wins whatever the order. */
		if (!*have_new_rsdp)
			copy_rsdp(tag, size, bi);
		return 0;
	case MB2_TAG_ACPI_NEW:
		copy_rsdp(tag, size, bi);
		*have_new_rsdp = true;
		return 0;
	default:
		return 0; /* unknown tags are allowed and skipped */
	}
}

int mb2_parse(const void *mbi, size_t max_len, struct boot_info *bi)
{
	const u8 *base = mbi;
	bool have_new_rsdp = false, ended = false;
	u32 total, off;

	zero_info(bi);
	if (!mbi || ((unsigned long)mbi & 7) || max_len < MB2_HDR_SIZE)
		goto bad;
	total = rd32(base);
	if (total < MB2_HDR_SIZE + MB2_TAG_HDR || total > max_len)
		goto bad;

	for (off = MB2_HDR_SIZE; total - off >= MB2_TAG_HDR;) {
		u32 type = rd32(base + off);
		u32 size = rd32(base + off + 4);
		u64 next;

		if (size < MB2_TAG_HDR || size > total - off)
			goto bad;
		if (type == MB2_TAG_END) {
			ended = true;
			break;
		}
		if (parse_tag(base + off, type, size, bi, &have_new_rsdp))
			goto bad;
		/* The next tag starts at the next 8-byte boundary. */
		next = (u64)off + ROUNDUP((u64)size, 8);
		if (next > total)
			break;
		off = (u32)next;
	}
	if (!ended)
		goto bad;
	return 0;

bad:
	zero_info(bi);
	return -EINVAL;
}
