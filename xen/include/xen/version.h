/* SPDX-License-Identifier: MIT */
/*
 * Build identity (xen/common/version.c).
 */
#ifndef XEN_VERSION_H
#define XEN_VERSION_H

const char *xenolith_version(void);
const char *xenolith_changeset(void);
const char *xenolith_compiler(void);

#endif /* XEN_VERSION_H */
