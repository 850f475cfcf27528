/* SPDX-License-Identifier: MIT */
/*
 * Which processors the machine has, from ACPI: RSDP -> XSDT (or RSDT) ->
 * MADT ("APIC"), whose entries of type 0 (local APIC) and 9 (local x2APIC)
 * name each processor's APIC ID with an "enabled" flag. Firmware tables are
 * not trusted: every table is reached through the caller's map function,
 * its signature, length and checksum checked before a byte of it is used,
 * and every MADT entry must fit in its table. Processors that are only
 * "online capable" (hot-pluggable, not present now) are left out.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <asm/acpi.h>

#define RSDP_V1_LEN 20
#define RSDP_V2_LEN 36
#define SDT_HDR_LEN 36
#define MADT_ENTRIES 44 /* header, local APIC address, flags */
#define SDT_MAX_LEN (1U << 20) /* far more than any real table */

#define MADT_LAPIC 0
#define MADT_LAPIC_OVERRIDE 5
#define MADT_X2APIC 9
#define MADT_ENABLED 1U

static u32 rd32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static u64 rd64(const u8 *p)
{
	return (u64)rd32(p) | (u64)rd32(p + 4) << 32;
}

static bool sums_to_zero(const u8 *p, size_t len)
{
	u8 sum = 0;

	while (len--)
		sum += *p++;
	return sum == 0;
}

/*
 * Map the table at pa: its header first, for the length, then all of it.
 * NULL if it cannot be mapped or is not a well-formed table (its length
 * is returned in *len).
 */
static const u8 *map_table(paddr_t pa, acpi_map_fn map, void *ctx, u32 *len)
{
	const u8 *t;

	if (!pa)
		return NULL;
	t = map(pa, SDT_HDR_LEN, ctx);
	if (!t)
		return NULL;
	*len = rd32(t + 4);
	if (*len < SDT_HDR_LEN || *len > SDT_MAX_LEN)
		return NULL;
	t = map(pa, *len, ctx);
	if (!t || !sums_to_zero(t, *len))
		return NULL;
	return t;
}

/* The root table's entries: 4 bytes each (RSDT) or 8 (XSDT). */
static const u8 *find_madt(const u8 *rsdp, size_t rsdp_len, acpi_map_fn map,
			   void *ctx, u32 *madt_len, int *rc)
{
	const u8 *root;
	paddr_t root_pa;
	unsigned int width;
	u32 len, off;

	*rc = -ENOENT;
	if (!rsdp || rsdp_len < RSDP_V1_LEN || memcmp(rsdp, "RSD PTR ", 8))
		return NULL;
	*rc = -EINVAL;
	if (!sums_to_zero(rsdp, RSDP_V1_LEN))
		return NULL;
	if (rsdp[15] >= 2 && rsdp_len >= RSDP_V2_LEN && rd64(rsdp + 24)) {
		len = rd32(rsdp + 20);
		if (len < RSDP_V2_LEN || len > rsdp_len ||
		    !sums_to_zero(rsdp, len))
			return NULL;
		root_pa = rd64(rsdp + 24);
		width = 8;
	} else {
		root_pa = rd32(rsdp + 16);
		width = 4;
	}
	root = map_table(root_pa, map, ctx, &len);
	if (!root || memcmp(root, width == 8 ? "XSDT" : "RSDT", 4))
		return NULL;

	*rc = -ENOENT;
	for (off = SDT_HDR_LEN; len - off >= width; off += width) {
		paddr_t pa = width == 8 ? rd64(root + off) : rd32(root + off);
		const u8 *t = map(pa, SDT_HDR_LEN, ctx);

		if (!t || memcmp(t, "APIC", 4))
			continue;
		t = map_table(pa, map, ctx, madt_len);
		if (!t || *madt_len < MADT_ENTRIES) {
			*rc = -EINVAL;
			return NULL;
		}
		*rc = 0;
		return t;
	}
	return NULL;
}

static void add_cpu(u32 id, u32 *apic_id, unsigned int max,
		    struct acpi_cpu_list *out)
{
	unsigned int i;

	for (i = 0; i < out->nr; i++)
		if (apic_id[i] == id)
			return;
	if (out->nr == max) {
		out->truncated = true;
		return;
	}
	apic_id[out->nr++] = id;
}

int acpi_madt_cpus(const u8 *rsdp, size_t rsdp_len, acpi_map_fn map, void *ctx,
		   u32 *apic_id, unsigned int max, struct acpi_cpu_list *out)
{
	const u8 *madt;
	u32 len, off;
	int rc;

	out->nr = 0;
	out->truncated = false;
	out->lapic_addr = 0;
	madt = find_madt(rsdp, rsdp_len, map, ctx, &len, &rc);
	if (!madt)
		return rc;

	/* Check every entry's framing before using any. */
	for (off = MADT_ENTRIES; off < len; off += madt[off + 1])
		if (len - off < 2 || madt[off + 1] < 2 ||
		    madt[off + 1] > len - off)
			return -EINVAL;

	out->lapic_addr = rd32(madt + 36);
	for (off = MADT_ENTRIES; off < len; off += madt[off + 1]) {
		const u8 *e = madt + off;

		switch (e[0]) {
		case MADT_LAPIC:
			if (e[1] >= 8 && (rd32(e + 4) & MADT_ENABLED))
				add_cpu(e[3], apic_id, max, out);
			break;
		case MADT_X2APIC:
			if (e[1] >= 16 && (rd32(e + 8) & MADT_ENABLED))
				add_cpu(rd32(e + 4), apic_id, max, out);
			break;
		case MADT_LAPIC_OVERRIDE:
			if (e[1] >= 12)
				out->lapic_addr = rd64(e + 4);
			break;
		}
	}
	return 0;
}
