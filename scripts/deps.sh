#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Make sure the Debian packages the build, the tests and the launcher need are
# installed, and install the missing ones with apt-get. Every make target that
# builds or runs something calls this first, so a fresh Debian 12 machine (as
# root) needs nothing else. Set XENOLITH_NO_APT=1 to only report what is missing.
set -euo pipefail

# Keep this list the one place that names the project's Debian dependencies.
PKGS=(
	gcc make binutils           # the toolchain
	grub-pc-bin grub-common     # grub-mkrescue and the BIOS multiboot2 loader
	xorriso mtools              # what grub-mkrescue needs to write an ISO
	qemu-system-x86             # the machine every boot test runs on
	libcunit1-dev               # host unit tests
	libyajl-dev liburcu-dev     # xenstored
	clang                       # the fuzz harness (libFuzzer) and sanitizers
	clang-format                # make check-format and the format suite
	cpio busybox-static         # initramfs images for Linux guests
)

missing=()
for p in "${PKGS[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: missing Debian packages: ${missing[*]}"
if [ "${XENOLITH_NO_APT:-0}" = 1 ]; then
	echo "deps: XENOLITH_NO_APT=1, not installing; run: apt-get install ${missing[*]}" >&2
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "deps: not root, cannot install; run as root: apt-get install ${missing[*]}" >&2
	exit 1
fi

# A fresh machine has no package lists yet; refresh them once per day at most.
stamp=/var/lib/apt/periodic/xenolith-update-stamp
if [ ! -e "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440 2>/dev/null)" ]; then
	echo "deps: apt-get update (refreshing the package lists)"
	apt-get update -q >/dev/null
	mkdir -p "$(dirname "$stamp")" && touch "$stamp"
fi
echo "deps: apt-get install ${missing[*]}"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: installed ${#missing[@]} package(s)"
