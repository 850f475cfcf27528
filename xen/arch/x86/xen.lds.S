/* SPDX-License-Identifier: MIT */
/*
 * Link map of xen.elf. The boot section runs before paging and is linked at
 * its physical address; everything else is linked at XEN_VIRT_START plus its
 * physical address, so GRUB loads each segment at its LMA and the early page
 * tables make the two views agree.
 */
#include <asm/config.h>

#undef i386
OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(start)

SECTIONS
{
	. = XEN_PHYS_START;
	.boot : {
		*(.multiboot2)
		*(.text.boot)
		*(.data.boot)
	}

	. = ALIGN(4096) + XEN_VIRT_START;
	_stext = .;
	.text : AT(ADDR(.text) - XEN_VIRT_START) {
		*(.text)
		*(.text.*)
		*(.init.text)
	}
	_etext = .;

	. = ALIGN(4096);
	.rodata : AT(ADDR(.rodata) - XEN_VIRT_START) {
		*(.rodata)
		*(.rodata.*)
		. = ALIGN(8);
		__start_xen_param = .;
		KEEP(*(xen_param))
		__stop_xen_param = .;
		. = ALIGN(8);
		__start___ex_table = .;
		KEEP(*(.ex_table))
		__stop___ex_table = .;
	}

	. = ALIGN(4096);
	.data.percpu : AT(ADDR(.data.percpu) - XEN_VIRT_START) {
		__per_cpu_start = .;
		*(.data.percpu)
		. = ALIGN(64);
		__per_cpu_end = .;
	}

	.data : AT(ADDR(.data) - XEN_VIRT_START) {
		*(.data)
		*(.data.*)
		*(.init.data)
	}

	/*
	 * The function-name table (scripts/gen-symbols), empty in the first
	 * link. Everything it names is in .text, above, so it never moves.
	 */
	. = ALIGN(8);
	.xensyms : AT(ADDR(.xensyms) - XEN_VIRT_START) {
		*(.xensyms)
	}

	. = ALIGN(4096);
	.bss : AT(ADDR(.bss) - XEN_VIRT_START) {
		__bss_start = .;
		*(.bss.stack_aligned)
		*(.bss.page_aligned)
		*(.bss)
		*(.bss.*)
		*(COMMON)
		. = ALIGN(8);
		__bss_end = .;
	}
	. = ALIGN(4096);
	_end = .;

	.got : { *(.got) *(.got.plt) }
	ASSERT(SIZEOF(.got) <= 24, "xen.elf must not need a GOT: build with hidden visibility")

	/DISCARD/ : {
		*(.comment)
		*(.note.*)
		*(.eh_frame)
		*(.interp)
		*(.dynamic)
		*(.dynsym)
		*(.dynstr)
		*(.hash)
		*(.gnu.hash)
	}
}
