/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for xen/arch/x86/acpi_madt.c over hand-built ACPI tables in a
 * fake physical memory: an XSDT and an RSDT path to the MADT, enabled and
 * disabled processors, x2APIC entries and duplicates, the local APIC
 * address override, a full output array, and every malformation the
 * parser must refuse: bad signatures and checksums, lengths that run off
 * the table or the mapping, entries that do not fit.
 */
#include <string.h>

#include <CUnit/CUnit.h>

#include <xen/errno.h>
#include <asm/acpi.h>

#include "harness/harness.h"
#include "unit.h"

#define MEM_BASE 0xe0000UL
#define MEM_SIZE 0x4000UL
#define XSDT_PA (MEM_BASE + 0x100)
#define RSDT_PA (MEM_BASE + 0x200)
#define FACP_PA (MEM_BASE + 0x300)
#define MADT_PA (MEM_BASE + 0x400)

static uint8_t mem[MEM_SIZE];
static uint8_t rsdp[36];
static size_t madt_len;

static const void *fake_map(paddr_t pa, size_t len, void *ctx)
{
	if (pa < MEM_BASE || pa - MEM_BASE > MEM_SIZE ||
	    len > MEM_SIZE - (pa - MEM_BASE))
		return NULL;
	return mem + (pa - MEM_BASE);
}

static uint8_t *at(paddr_t pa)
{
	return mem + (pa - MEM_BASE);
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static uint8_t checksum(const uint8_t *p, size_t len)
{
	uint8_t sum = 0;

	while (len--)
		sum += *p++;
	return (uint8_t)-sum;
}

/* Fix the length and checksum of the table at pa. */
static void seal(paddr_t pa, uint32_t len)
{
	uint8_t *t = at(pa);

	put32(t + 4, len);
	t[9] = 0;
	t[9] = checksum(t, len);
}

static void header(paddr_t pa, const char *sig)
{
	memcpy(at(pa), sig, 4);
	at(pa)[8] = 1;
	memcpy(at(pa) + 10, "XENOLT", 6);
}

static void seal_rsdp(void)
{
	rsdp[8] = 0;
	rsdp[8] = checksum(rsdp, 20);
	rsdp[32] = 0;
	rsdp[32] = checksum(rsdp, 36);
}

static void madt_entry(const uint8_t *e, uint8_t len)
{
	memcpy(at(MADT_PA) + madt_len, e, len);
	madt_len += len;
}

static void lapic(uint8_t uid, uint8_t id, uint32_t flags)
{
	uint8_t e[8] = { 0, 8, uid, id };

	put32(e + 4, flags);
	madt_entry(e, 8);
}

static void x2apic(uint32_t id, uint32_t flags)
{
	uint8_t e[16] = { 9, 16 };

	put32(e + 4, id);
	put32(e + 8, flags);
	madt_entry(e, 16);
}

/* A machine with four CPUs, one of them disabled, and an I/O APIC. */
static void build(void)
{
	uint8_t ioapic[12] = { 1, 12, 0, 0 };

	memset(mem, 0, sizeof(mem));
	memset(rsdp, 0, sizeof(rsdp));
	memcpy(rsdp, "RSD PTR ", 8);
	memcpy(rsdp + 9, "XENOLT", 6);
	rsdp[15] = 2;
	put32(rsdp + 16, RSDT_PA);
	put32(rsdp + 20, 36);
	put64(rsdp + 24, XSDT_PA);
	seal_rsdp();

	header(FACP_PA, "FACP");
	seal(FACP_PA, 36);

	header(XSDT_PA, "XSDT");
	put64(at(XSDT_PA) + 36, FACP_PA);
	put64(at(XSDT_PA) + 44, MADT_PA);
	seal(XSDT_PA, 52);

	header(RSDT_PA, "RSDT");
	put32(at(RSDT_PA) + 36, FACP_PA);
	put32(at(RSDT_PA) + 40, MADT_PA);
	seal(RSDT_PA, 44);

	header(MADT_PA, "APIC");
	put32(at(MADT_PA) + 36, 0xfee00000);
	put32(at(MADT_PA) + 40, 1);
	madt_len = 44;
	lapic(0, 0, 1);
	lapic(1, 2, 1);
	madt_entry(ioapic, sizeof(ioapic));
	lapic(2, 4, 0); /* disabled */
	lapic(3, 6, 2); /* online capable only: not present */
	lapic(4, 7, 3);
	seal(MADT_PA, madt_len);
}

static uint32_t ids[16];
static struct acpi_cpu_list list;

static int parse(size_t rsdp_len, unsigned int max)
{
	memset(ids, 0xff, sizeof(ids));
	return acpi_madt_cpus(rsdp, rsdp_len, fake_map, NULL, ids, max, &list);
}

static void test_xsdt(void)
{
	build();
	CU_ASSERT_EQUAL(parse(36, 16), 0);
	CU_ASSERT_EQUAL(list.nr, 3);
	CU_ASSERT_EQUAL(ids[0], 0);
	CU_ASSERT_EQUAL(ids[1], 2);
	CU_ASSERT_EQUAL(ids[2], 7);
	CU_ASSERT_FALSE(list.truncated);
	CU_ASSERT_EQUAL(list.lapic_addr, 0xfee00000);
}

/* Revision 0 (and an RSDP copy of only 20 bytes) goes through the RSDT. */
static void test_rsdt(void)
{
	build();
	/* Break the XSDT: only the RSDT path can succeed. */
	memcpy(at(XSDT_PA), "XXXX", 4);
	rsdp[15] = 0;
	seal_rsdp();
	CU_ASSERT_EQUAL(parse(20, 16), 0);
	CU_ASSERT_EQUAL(list.nr, 3);
	CU_ASSERT_EQUAL(ids[2], 7);
	/* Revision 2 with a 20-byte copy: the RSDT too. */
	rsdp[15] = 2;
	seal_rsdp();
	CU_ASSERT_EQUAL(parse(20, 16), 0);
	CU_ASSERT_EQUAL(list.nr, 3);
	/* ... but with the whole RSDP the XSDT is used, and it is bad. */
	CU_ASSERT_EQUAL(parse(36, 16), -EINVAL);
}

static void test_x2apic_and_override(void)
{
	uint8_t ovr[12] = { 5, 12 };

	build();
	x2apic(0x100, 1);
	x2apic(2, 1); /* the same CPU as local APIC entry 2: once */
	x2apic(0x101, 0);
	put64(ovr + 4, 0xfed00000ULL);
	madt_entry(ovr, sizeof(ovr));
	seal(MADT_PA, madt_len);
	CU_ASSERT_EQUAL(parse(36, 16), 0);
	CU_ASSERT_EQUAL(list.nr, 4);
	CU_ASSERT_EQUAL(ids[3], 0x100);
	CU_ASSERT_EQUAL(list.lapic_addr, 0xfed00000ULL);
}

static void test_truncated(void)
{
	build();
	CU_ASSERT_EQUAL(parse(36, 2), 0);
	CU_ASSERT_EQUAL(list.nr, 2);
	CU_ASSERT_TRUE(list.truncated);
	CU_ASSERT_EQUAL(ids[2], 0xffffffff); /* nothing past max written */
}

static void test_no_rsdp(void)
{
	build();
	CU_ASSERT_EQUAL(acpi_madt_cpus(NULL, 0, fake_map, NULL, ids, 16, &list),
			-ENOENT);
	CU_ASSERT_EQUAL(parse(19, 16), -ENOENT);
	rsdp[0] = 'X';
	CU_ASSERT_EQUAL(parse(36, 16), -ENOENT);
	CU_ASSERT_EQUAL(list.nr, 0);
}

static void test_no_madt(void)
{
	build();
	memcpy(at(MADT_PA), "APIX", 4);
	seal(MADT_PA, madt_len);
	CU_ASSERT_EQUAL(parse(36, 16), -ENOENT);
	CU_ASSERT_EQUAL(list.nr, 0);
}

static void test_bad_checksums(void)
{
	build();
	rsdp[8]++;
	CU_ASSERT_EQUAL(parse(36, 16), -EINVAL);

	build();
	rsdp[32]++; /* the extended checksum covers the XSDT address */
	CU_ASSERT_EQUAL(parse(36, 16), -EINVAL);

	build();
	at(XSDT_PA)[9]++;
	CU_ASSERT_EQUAL(parse(36, 16), -EINVAL);

	build();
	at(MADT_PA)[9]++;
	CU_ASSERT_EQUAL(parse(36, 16), -EINVAL);
	CU_ASSERT_EQUAL(list.nr, 0);
}

static void test_bad_lengths(void)
{
	/* A root table claiming to run past the end of what can be mapped. */
	build();
	put32(at(XSDT_PA) + 4, MEM_SIZE);
	CU_ASSERT_EQUAL(parse(36, 16), -EINVAL);

	/* A table shorter than its own header. */
	build();
	seal(XSDT_PA, 20);
	CU_ASSERT_EQUAL(parse(36, 16), -EINVAL);

	/* An RSDP whose length exceeds the copy we have. */
	build();
	put32(rsdp + 20, 64);
	seal_rsdp();
	CU_ASSERT_EQUAL(parse(36, 16), -EINVAL);

	/* A MADT too short for its fixed fields. */
	build();
	seal(MADT_PA, 40);
	CU_ASSERT_EQUAL(parse(36, 16), -EINVAL);

	/* A root entry pointing nowhere mappable is skipped, not followed. */
	build();
	put64(at(XSDT_PA) + 36, 0x1234567000ULL);
	seal(XSDT_PA, 52);
	CU_ASSERT_EQUAL(parse(36, 16), 0);
	CU_ASSERT_EQUAL(list.nr, 3);
}

static void test_bad_entries(void)
{
	static const uint8_t lens[] = { 0, 1, 200 };
	unsigned int i;

	for (i = 0; i < sizeof(lens); i++) {
		uint8_t e[2] = { 0, lens[i] };

		build();
		madt_entry(e, 2);
		seal(MADT_PA, madt_len);
		CU_ASSERT_EQUAL(parse(36, 16), -EINVAL);
		CU_ASSERT_EQUAL(list.nr, 0);
	}
	/* A lone byte at the end: no room for an entry header. */
	build();
	at(MADT_PA)[madt_len++] = 0;
	seal(MADT_PA, madt_len);
	CU_ASSERT_EQUAL(parse(36, 16), -EINVAL);

	/* Short processor entries are skipped, not read past their end. */
	build();
	{
		uint8_t e[4] = { 0, 4, 9, 9 };

		madt_entry(e, 4);
	}
	seal(MADT_PA, madt_len);
	CU_ASSERT_EQUAL(parse(36, 16), 0);
	CU_ASSERT_EQUAL(list.nr, 3);
}

/* Random corruption of the tables never crashes or reads outside them. */
static void test_random_corruption(void)
{
	unsigned int i, seed = 12345;

	for (i = 0; i < 20000; i++) {
		unsigned int n, pos;

		build();
		for (n = 0; n < 3; n++) {
			seed = seed * 1103515245 + 12345;
			pos = (seed >> 8) % (0x500);
			mem[0x100 + pos] ^= (uint8_t)(seed >> 3);
		}
		if (seed & 0x10000) {
			seal(XSDT_PA, 52);
			seal(MADT_PA, madt_len);
		}
		(void)parse(36, 16);
		CU_ASSERT_TRUE_FATAL(list.nr <= 16);
	}
}

static const struct unit_test tests[] = {
	{ "MADT through the XSDT", test_xsdt },
	{ "MADT through the RSDT", test_rsdt },
	{ "x2APIC entries, duplicates, address override",
	  test_x2apic_and_override },
	{ "more processors than room", test_truncated },
	{ "no RSDP", test_no_rsdp },
	{ "no MADT", test_no_madt },
	{ "bad checksums", test_bad_checksums },
	{ "bad lengths", test_bad_lengths },
	{ "bad entries", test_bad_entries },
	{ "random corruption", test_random_corruption },
};

CU_ErrorCode register_acpi_suite(void)
{
	return UNIT_ADD_SUITE("acpi_madt", NULL, NULL, tests);
}
