/* SPDX-License-Identifier: MIT */
/*
 * The guest stubs' register convention, checked on the host: a 64-bit PV
 * hypercall uses exactly the Linux x86_64 system-call registers (rax, then
 * rdi, rsi, rdx, r10, r8, r9; rcx and r11 destroyed), so xen_hypercall6()
 * from hypercall-stubs.h can issue real Linux system calls here. Each check
 * picks a call whose result proves the arguments reached the right
 * registers: write and pread64 for the first four, mmap for all six.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "abi.h"

#include <hypercall-stubs.h>

static unsigned int failures;
#define EXPECT(cond)                                                           \
	do {                                                                   \
		if (!(cond)) {                                                 \
			failures++;                                            \
			printf("    %s:%d: expected %s\n", __FILE__, __LINE__, \
			       #cond);                                         \
		}                                                              \
	} while (0)

static void check_registers(void)
{
	char path[] = "/tmp/abi-stubs-XXXXXX";
	static char page[2 * 4096];
	char buf[8] = { 0 };
	unsigned char *map;
	long rc;
	int fd;

	fd = mkstemp(path);
	EXPECT(fd >= 0);
	if (fd < 0)
		return;
	unlink(path);
	memset(page, 'a', 4096);
	memset(page + 4096, 'b', 4096);

	/* rdi, rsi, rdx: write(fd, page, 8192). */
	rc = xen_hypercall6(SYS_write, (unsigned long)fd, (unsigned long)page,
			    sizeof(page), 0, 0, 0);
	EXPECT(rc == (long)sizeof(page));

	/* r10: pread64(fd, buf, 4, 4094) reads "aabb". */
	rc = xen_hypercall6(SYS_pread64, (unsigned long)fd, (unsigned long)buf,
			    4, 4094, 0, 0);
	EXPECT(rc == 4 && memcmp(buf, "aabb", 4) == 0);

	/* r10, r8, r9: mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 4096). */
	rc = xen_hypercall6(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE,
			    (unsigned long)fd, 4096);
	EXPECT(rc > 0 && rc != (long)MAP_FAILED);
	if (rc > 0 && rc != (long)MAP_FAILED) {
		map = (unsigned char *)rc;
		EXPECT(map[0] == 'b' && map[4095] == 'b');
		munmap(map, 4096);
	}

	/* Errors come back negative in rax, as hypercall errors do. */
	rc = xen_hypercall6(SYS_write, (unsigned long)-1, (unsigned long)page,
			    1, 0, 0, 0);
	EXPECT(rc == -XEN_EBADF);
	close(fd);
}

int abi_check_stubs(void)
{
	failures = 0;
	check_registers();
	abi_report("stubs/register_convention", failures == 0,
		   "xen_hypercall6() puts args in rdi rsi rdx r10 r8 r9");
	return 0;
}
