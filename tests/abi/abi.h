/* SPDX-License-Identifier: MIT */
/*
 * Shared pieces of the ABI test program: the public headers under test, the
 * sample ring types the ring checks use, and the result reporting every
 * check group goes through (one "ok"/"FAIL" line per group, a summary line
 * "abi: N passed, N failed" at the end).
 */
#ifndef TESTS_ABI_ABI_H
#define TESTS_ABI_ABI_H

#include <stdint.h>

#include <public/arch-x86/cpuid.h>
#include <public/callback.h>
#include <public/elfnote.h>
#include <public/domctl.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/features.h>
#include <public/grant_table.h>
#include <public/io/blkif.h>
#include <public/io/console.h>
#include <public/io/netif.h>
#include <public/io/xenbus.h>
#include <public/io/ring.h>
#include <public/io/xs_ring.h>
#include <public/memory.h>
#include <public/nmi.h>
#include <public/physdev.h>
#include <public/platform.h>
#include <public/sched.h>
#include <public/sysctl.h>
#include <public/vcpu.h>
#include <public/version.h>
#include <public/xen.h>

#include <hypercall-privcmd.h>

/*
 * Ring types shaped like the real protocols' (entry sizes of io-abi.md
 * §3.2): a blkif-like 112-byte request, netif tx (12) and rx (8) entries.
 */
struct abi_blk_req {
	uint64_t id;
	uint8_t body[104];
};
struct abi_blk_rsp {
	uint64_t id;
	int16_t status;
};
struct abi_nettx_req {
	uint32_t gref;
	uint16_t offset, flags, id, size;
};
struct abi_nettx_rsp {
	uint16_t id;
	int16_t status;
};
struct abi_netrx_req {
	uint16_t id, pad;
	uint32_t gref;
};
struct abi_netrx_rsp {
	uint16_t id, offset, flags;
	int16_t status;
};
DEFINE_RING_TYPES(abiblk, struct abi_blk_req, struct abi_blk_rsp);
DEFINE_RING_TYPES(abinettx, struct abi_nettx_req, struct abi_nettx_rsp);
DEFINE_RING_TYPES(abinetrx, struct abi_netrx_req, struct abi_netrx_rsp);

#ifdef __cplusplus
extern "C" {
#endif

/* Record one check group's outcome and print its line. */
void abi_report(const char *group, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

int abi_check_pins(void); /* checks.c */
int abi_check_rings(void); /* ring.c */
int abi_check_dispatch(void); /* dispatch.c */
int abi_check_generator(void); /* generator.c */
int abi_check_stubs(void); /* stubs.c */

#ifdef __cplusplus
}
#endif

#endif /* TESTS_ABI_ABI_H */
