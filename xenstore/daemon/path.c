/* SPDX-License-Identifier: MIT */
/*
 * Path rules (Xen 4.17): absolute paths use only A-Z a-z 0-9 - / _ @, have
 * no empty component and no trailing slash; a path a domain sends without a
 * leading slash is relative to /local/domain/<domid> (socket clients count as
 * dom0). Lengths are limited relative to a domain home: anything under
 * /local/domain/<id>/ may be XENSTORE_REL_PATH_MAX (the -M quota) long
 * after that prefix.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

static bool valid_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_' ||
	       c == '@';
}

/* Length of a leading "/local/domain/<digits>/" prefix, else 0. */
static size_t home_prefix_len(const char *path)
{
	static const char pre[] = "/local/domain/";
	const char *p;

	if (strncmp(path, pre, sizeof(pre) - 1))
		return 0;
	p = path + sizeof(pre) - 1;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p != '/')
		return 0;
	return (size_t)(p + 1 - path);
}

bool path_valid(const char *path, bool allow_special)
{
	size_t len = strlen(path);

	if (path[0] == '@')
		return allow_special && len > 1 &&
		       len <= XENSTORE_REL_PATH_MAX &&
		       strspn(path, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz"
				    "0123456789-/_@") == len;
	if (path[0] != '/')
		return false;
	if (len > home_prefix_len(path) + store.quota.path_len)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (!valid_char(path[i]))
			return false;
		if (path[i] == '/' &&
		    (path[i + 1] == '/' || (path[i + 1] == 0 && i != 0)))
			return false;
	}
	return true;
}

char *path_canonical(const struct caller *who, const char *in,
		     bool allow_special, bool *relative)
{
	char *out;

	if (relative)
		*relative = false;
	if (in[0] == '/' || in[0] == '@') {
		if (!path_valid(in, allow_special)) {
			errno = EINVAL;
			return NULL;
		}
		out = strdup(in);
	} else {
		if (!in[0] ||
		    asprintf(&out, "/local/domain/%u/%s", who->domid, in) < 0) {
			errno = EINVAL;
			return NULL;
		}
		if (!path_valid(out, false)) {
			free(out);
			errno = EINVAL;
			return NULL;
		}
		if (relative)
			*relative = true;
	}
	if (!out)
		errno = ENOMEM;
	return out;
}

char *path_parent(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash || slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

const char *path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Does a change at path concern a watch on watch (equal, or below it)? */
bool path_is_below(const char *watch, const char *path)
{
	size_t wl = strlen(watch);

	if (!strcmp(watch, "/"))
		return path[0] == '/';
	return !strncmp(watch, path, wl) && (path[wl] == 0 || path[wl] == '/');
}
