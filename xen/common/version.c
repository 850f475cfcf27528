/* SPDX-License-Identifier: MIT */
/*
 * Build identity, from the generated compile.h (see xen/rules.mk), so that
 * only this file is rebuilt when the changeset moves.
 */
#include <compile.h>
#include <xen/version.h>

const char *xenolith_version(void)
{
	return XENOLITH_VERSION;
}

const char *xenolith_changeset(void)
{
	return XENOLITH_CHANGESET;
}

const char *xenolith_compiler(void)
{
	return XENOLITH_COMPILER;
}
