/* SPDX-License-Identifier: MIT */
/*
 * The split-driver handshake states both ends of a PV device write, as a
 * decimal number, to their "state" node in xenstore (io-abi.md §6.1).
 */
#ifndef __XEN_PUBLIC_IO_XENBUS_H__
#define __XEN_PUBLIC_IO_XENBUS_H__

enum xenbus_state {
	XenbusStateUnknown = 0, /* no state node (devices are ignored) */
	XenbusStateInitialising = 1, /* the toolstack created the device */
	XenbusStateInitWait = 2, /* backend: features published, waiting */
	XenbusStateInitialised = 3, /* frontend: rings and ports published */
	XenbusStateConnected = 4,
	XenbusStateClosing = 5, /* the device is being torn down */
	XenbusStateClosed = 6,
	XenbusStateReconfiguring = 7,
	XenbusStateReconfigured = 8
};
typedef enum xenbus_state XenbusState;

#endif /* __XEN_PUBLIC_IO_XENBUS_H__ */
