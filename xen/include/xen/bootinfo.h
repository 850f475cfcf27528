/* SPDX-License-Identifier: MIT */
/*
 * What the boot loader told us, parsed out of the multiboot2 information
 * (xen/common/multiboot2.c). Everything is copied, so the loader's structure
 * may be overwritten afterwards.
 */
#ifndef XEN_BOOTINFO_H
#define XEN_BOOTINFO_H

#include <xen/types.h>

#define BOOT_MAX_MMAP 128
#define BOOT_MAX_MODULES 16
#define BOOT_CMDLINE_MAX 1024
#define BOOT_LOADER_MAX 64

/* Memory map entry types, as in E820 and multiboot2. */
#define BOOT_MEM_RAM 1
#define BOOT_MEM_RESERVED 2
#define BOOT_MEM_ACPI 3
#define BOOT_MEM_NVS 4
#define BOOT_MEM_BAD 5

struct boot_mmap_entry {
	u64 addr;
	u64 len;
	u32 type;
};

struct boot_module {
	paddr_t start; /* first byte */
	paddr_t end; /* one past the last byte */
	char cmdline[BOOT_CMDLINE_MAX];
};

struct boot_info {
	char cmdline[BOOT_CMDLINE_MAX]; /* the hypervisor's own command line */
	char loader[BOOT_LOADER_MAX]; /* boot loader name, "" if none */
	bool have_meminfo; /* basic meminfo tag seen */
	u32 mem_lower_kb, mem_upper_kb;
	unsigned int nr_mmap;
	struct boot_mmap_entry mmap[BOOT_MAX_MMAP];
	unsigned int nr_modules;
	struct boot_module mods[BOOT_MAX_MODULES];
	/* Copy of the ACPI RSDP from the new (tag 15) or old (tag 14) tag. */
	unsigned int rsdp_len;
	u8 rsdp[64];
	bool truncated; /* more mmap entries or modules than fit */
};

/* What __start_xen parsed (valid once the boot CPU has parsed it). */
const struct boot_info *boot_info_get(void);

#define MULTIBOOT2_BOOTLOADER_MAGIC 0x36d76289

/*
 * Parse the multiboot2 information structure at mbi. Checks the total size
 * against max_len, the 8-byte alignment and size of every tag, and the end
 * tag; copies strings with bounds. Returns 0, or -EINVAL (nothing to trust)
 * with bi zeroed.
 */
int mb2_parse(const void *mbi, size_t max_len, struct boot_info *bi);

#endif /* XEN_BOOTINFO_H */
