/* SPDX-License-Identifier: MIT */
/*
 * nmi_op (hypercall 28) and the NMI reason bits the hypervisor reports in
 * shared_info.arch.nmi_reason. Linux 6.1 takes NMIs through its trap table
 * instead, but the reason bits are part of shared_info.
 */
#ifndef __XEN_PUBLIC_NMI_H__
#define __XEN_PUBLIC_NMI_H__

#include <stdint.h>

#include "xen.h"

/* Bits of arch_shared_info.nmi_reason. */
#define _XEN_NMIREASON_io_error 0
#define XEN_NMIREASON_io_error (1UL << _XEN_NMIREASON_io_error)
#define _XEN_NMIREASON_pci_serr 1
#define XEN_NMIREASON_pci_serr (1UL << _XEN_NMIREASON_pci_serr)
#define _XEN_NMIREASON_parity_error _XEN_NMIREASON_pci_serr
#define XEN_NMIREASON_parity_error XEN_NMIREASON_pci_serr
#define _XEN_NMIREASON_unknown 2
#define XEN_NMIREASON_unknown (1UL << _XEN_NMIREASON_unknown)

#define XENNMI_register_callback 0
#define XENNMI_unregister_callback 1

struct xennmi_callback {
	uint64_t handler_address;
	uint64_t pad;
};
typedef struct xennmi_callback xennmi_callback_t;

#endif /* __XEN_PUBLIC_NMI_H__ */
