/* SPDX-License-Identifier: MIT */
/*
 * Host unit-test stand-in for the arch page header. Everything but the
 * address translations comes from the real header (PTE bits, sizes, table
 * offsets); machine frames map onto a fake RAM buffer the harness allocates
 * at start-up (mfn 0 is the buffer's first byte), so the allocators and the
 * page-table code can really read and write "physical" memory.
 */
#ifndef HARNESS_ASM_PAGE_H
#define HARNESS_ASM_PAGE_H

#include_next <asm/page.h>

/* The fake RAM: harness_ram_bytes bytes at harness_ram (harness.c). */
extern char *harness_ram;
extern unsigned long harness_ram_bytes;

#undef mfn_to_virt
#undef virt_to_mfn
#undef __va
#undef __pa
#define maddr_to_virt(ma) ((void *)(harness_ram + (unsigned long)(ma)))
#define virt_to_maddr(v) ((unsigned long)((char *)(v)-harness_ram))
#define mfn_to_virt(mfn) maddr_to_virt((unsigned long)(mfn) << PAGE_SHIFT)
#define virt_to_mfn(v) (virt_to_maddr(v) >> PAGE_SHIFT)
#define __va(ma) maddr_to_virt(ma)
#define __pa(v) virt_to_maddr(v)

#endif /* HARNESS_ASM_PAGE_H */
