/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU variables. DEFINE_PER_CPU(type, name) places one copy in the
 * per-CPU template; per_cpu(name, cpu) and this_cpu(name) reach a CPU's copy.
 * The arch header supplies the mechanism (the boot CPU uses the template, each
 * secondary CPU gets its own copy); host unit tests get a one-CPU version from
 * their harness.
 */
#ifndef XEN_PERCPU_H
#define XEN_PERCPU_H

#include <asm/percpu.h>

#endif /* XEN_PERCPU_H */
