/* SPDX-License-Identifier: MIT */
/*
 * The Linux dom0 device ioctls xenstored uses (/dev/xen/evtchn, gntdev,
 * privcmd), spelt out so the daemon builds without the kernel's uapi
 * headers. Values and layouts are Linux's (io-abi.md 9.1-9.3); the unit
 * tests compare them with Linux's xen/evtchn.h and xen/gntdev.h where
 * those are installed.
 */
#ifndef XENSTORED_XEN_DEV_H
#define XENSTORED_XEN_DEV_H

#include <stdint.h>

#define XS_IOCTL_EVTCHN_BIND_INTERDOMAIN 0x00084501u
#define XS_IOCTL_EVTCHN_NOTIFY 0x00044504u
#define XS_IOCTL_GNTDEV_MAP_GRANT_REF 0x00184700u
#define XS_IOCTL_GNTDEV_UNMAP_GRANT_REF 0x00104701u
#define XS_IOCTL_PRIVCMD_MMAPBATCH_V2 0x00205004u

struct evtchn_bind_interdomain_arg {
	uint32_t remote_domain, remote_port;
};
struct evtchn_notify_arg {
	uint32_t port;
};
struct gntdev_map_arg {
	uint32_t count, pad;
	uint64_t index;
	uint32_t domid, ref;
};
struct gntdev_unmap_arg {
	uint64_t index;
	uint32_t count, pad;
};
struct privcmd_mmapbatch_v2_arg {
	uint32_t num;
	uint16_t dom;
	uint64_t addr;
	const uint64_t *arr;
	int *err;
};

_Static_assert(sizeof(struct gntdev_map_arg) == 24, "gntdev map is 24");
_Static_assert(sizeof(struct privcmd_mmapbatch_v2_arg) == 32,
	       "mmapbatch_v2 is 32");

#endif
