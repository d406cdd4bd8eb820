/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: fltctx/wdk/testdata/ports_scan_filter.h
 * -----------------------------------------------------------------------------
 *
 * A scanning minifilter's port half, written in C11 against <fltKernel.h> the
 * way real ones are: at load it builds a default security descriptor,
 * creates its server port and frees the descriptor; its connect callback
 * keeps the one client port (or refuses), its disconnect callback closes it,
 * its message callback answers "ping"; a scan sends the client a request and
 * waits for its verdict. Tests drive it through fltctx::PortClient and
 * fltctx::PortScanner (ports_test.cc). */

#ifndef FLTCTX_WDK_TESTDATA_PORTS_SCAN_FILTER_H_
#define FLTCTX_WDK_TESTDATA_PORTS_SCAN_FILTER_H_

#include <fltKernel.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the filter sends and what the scanner answers. */
typedef struct _SCAN_REQUEST {
  ULONG Length;
  UCHAR Contents[60];
} SCAN_REQUEST, *PSCAN_REQUEST;

typedef struct _SCAN_REPLY {
  UCHAR Clean; /* 1: safe to open */
} SCAN_REPLY, *PSCAN_REPLY;

/* The connection context a client passes. */
typedef struct _SCAN_CONNECT_CONTEXT {
  ULONG Magic; /* must be SCAN_CONNECT_MAGIC, or the filter refuses */
} SCAN_CONNECT_CONTEXT;
#define SCAN_CONNECT_MAGIC 0x4E414353UL /* 'SCAN' */

/* DriverEntry: registers, creates the port PortName with MaxConnections,
 * starts filtering. */
NTSTATUS ScanDriverEntry(PCWSTR PortName, LONG MaxConnections, PFLT_FILTER* Filter);
/* The unload callback: closes the server port (unless told to forget it),
 * unregisters. */
NTSTATUS ScanUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
/* Sends Contents to the connected scanner and waits for its verdict.
 * TimeoutMs < 0: no timeout (NULL). Returns FltSendMessage's status;
 * *Clean gets the reply (1 when no scanner is connected). */
NTSTATUS ScanContents(const char* Contents, LONG TimeoutMs, UCHAR* Clean);
/* Sends a notification that expects no reply. */
NTSTATUS ScanNotify(const char* Contents, LONG TimeoutMs);
/* Behaviour switches for tests. */
void ScanSetRefusal(NTSTATUS Status);          /* the connect callback's failure */
void ScanSetCloseOnDisconnect(BOOLEAN Close);  /* FALSE: a leaking disconnect callback */
void ScanSetCloseServerPortAtUnload(BOOLEAN Close);
/* Counters. */
LONG ScanConnects(void);
LONG ScanDisconnects(void);
LONG ScanClientMessages(void);
PFLT_PORT ScanClientPort(void);
void ScanReset(void);

#ifdef __cplusplus
}
#endif

#endif /* FLTCTX_WDK_TESTDATA_PORTS_SCAN_FILTER_H_ */
