/* SPDX-License-Identifier: MIT */
/*
 * Domains built at boot from the multiboot2 modules (hyperlaunch). A
 * module whose string starts with "domain=NAME" describes a domain: the
 * words up to "--" are for the hypervisor, the rest is the kernel's
 * command line. The first kernel module is always domain 0 (privileged,
 * with or without a description); every further described module is one
 * more unprivileged domain, numbered in order from 1. A module that
 * follows a kernel without a description of its own is that kernel's
 * initrd. The syntax is in README.md ("Several domains at boot").
 *
 *   domain=NAME        the domain's name (letters, digits, - and _)
 *   mem=SIZE           its memory (K/M/G suffix); default 32M for a
 *                      domU, dom0_mem= or most of the rest for domain 0
 *   vcpus=N            vCPUs (1-32, default 1); vCPU 0 starts
 *   weight=W           scheduler weight (1-65535, default 256)
 *   cap=C              at most C% of one CPU (0: no cap, the default)
 *   evtchn=P:PEER:Q    an event channel between this domain's port P and
 *                      port Q of domain PEER (a name or a domain number),
 *                      connected before either starts (up to 8)
 */
#ifndef XEN_BOOTDOMAIN_H
#define XEN_BOOTDOMAIN_H

#include <xen/types.h>

#define BOOTDOM_NAME_MAX 32
#define BOOTDOM_MAX_EVTCHN 8
#define BOOTDOM_DEFAULT_MEM (32ULL << 20)
#define BOOTDOM_DEFAULT_WEIGHT 256

struct bootdom_evtchn {
	u32 port; /* in this domain */
	char peer[BOOTDOM_NAME_MAX]; /* name, or a domain number */
	u32 peer_port;
};

struct bootdom_cfg {
	char name[BOOTDOM_NAME_MAX];
	u64 mem; /* bytes; 0: the default */
	unsigned int vcpus;
	bool vcpus_given; /* vcpus= was there (domain 0's default differs) */
	unsigned int weight;
	unsigned int cap; /* percent of one CPU; 0: none */
	unsigned int nr_evtchn;
	struct bootdom_evtchn evtchn[BOOTDOM_MAX_EVTCHN];
	/* The kernel's command line: a copy of what follows "--". */
	char cmdline[1024];
};

/*
 * Parse a module string. Returns 1 and fills cfg if it describes a domain,
 * 0 if it does not start with "domain=" (cfg then holds the defaults and
 * the whole string as the kernel's command line), or -EINVAL with the
 * reason in why (always terminated).
 */
int bootdom_parse(const char *str, struct bootdom_cfg *cfg, char *why,
		  size_t why_len);

/*
 * Build the boot domains from the modules and start them
 * (xen/common/hyperlaunch.c). Returns how many were started: 0 when there
 * is no domain 0.
 */
unsigned int hyperlaunch(void);

#endif /* XEN_BOOTDOMAIN_H */
