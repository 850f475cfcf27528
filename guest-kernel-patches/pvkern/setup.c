/* SPDX-License-Identifier: MIT */
/*
 * start_kernel: the order in which pvkern brings itself up on the
 * start-of-day state, then runs the test suite and shuts the domain down
 * with the verdict (poweroff when every test passed, crash otherwise).
 *
 *   command line start_info.cmd_line: tests=, quiet, console=
 *   console      console_io (dom0) or the console ring (domU)
 *   traps        trap table, event/failsafe/syscall callbacks, kernel stack
 *   shared_info  mapped over a page of our .bss with update_va_mapping
 *   events       all ports masked, upcalls still off
 *   memory       our own kernel and user page tables, pinned and loaded
 */
#include "pvkern.h"
#include "hypercall.h"

start_info_t *start_info;
shared_info_t *shared_info;
vcpu_info_t *vcpu;

bool is_dom0(void)
{
	return start_info->flags & SIF_INITDOMAIN;
}

void shutdown(unsigned int reason)
{
	struct sched_shutdown s = { .reason = reason };

	for (;;) {
		HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
		/* Only a cancelled suspend returns; keep asking. */
	}
}

static void print_banner(void)
{
	const start_info_t *si = start_info;

	info("pvkern: booting as %s, start_info %p magic \"%s\"\n",
	     is_dom0() ? "dom0" : "domU", (void *)si, si->magic);
	info("pvkern: nr_pages %lu (%lu MiB), flags %#x, shared_info at "
	     "machine %#lx\n",
	     si->nr_pages, si->nr_pages >> 8, si->flags, si->shared_info);
	info("pvkern: pt_base %#lx (%lu frames), mfn_list %#lx, image "
	     "%p-%p\n",
	     si->pt_base, si->nr_pt_frames, si->mfn_list, (void *)_text,
	     (void *)_end);
	info("pvkern: hypercalls via %s\n",
#ifdef XEN_HYPERCALL_VIA_PAGE
	     "the hypercall page"
#else
	     "direct syscall"
#endif
	);
	info("pvkern: command line \"%s\"\n", (const char *)si->cmd_line);
}

void start_kernel(start_info_t *si);
void start_kernel(start_info_t *si)
{
	unsigned int failed;

	start_info = si;
	p2m = (uint64_t *)si->mfn_list;
	nr_pages = si->nr_pages;
	cmdline_parse((const char *)si->cmd_line);
	console_init();
	print_banner();

	traps_init();
	if (map_shared_info() < 0)
		printk("pvkern: cannot map shared_info; continuing without\n");
	events_init();
	mm_init();

	failed = tests_run();
	shutdown(failed ? SHUTDOWN_crash : SHUTDOWN_poweroff);
}
