/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * A scanning minifilter: reads its settings from the service key's
 * Parameters (ScanOnOpen, required REG_DWORD; Extensions, required
 * REG_MULTI_SZ; ScanTimeoutMs, optional REG_DWORD, default 2000), maps the
 * data of each matching file opened and asks a user-mode scanner connected
 * to \ScannerPort for a verdict. Infected opens fail with
 * STATUS_ACCESS_DENIED; a scanner that is absent or does not answer in
 * time lets the open through (fail open) and the verdict is not cached.
 * A verdict is kept in a stream context until the stream is written (the
 * post-write, which may run at DISPATCH_LEVEL, marks it stale) or a client
 * asks for "rescan all". */

#ifndef TESTS_MINIFILTERS_SCANNER_SCANNER_H_
#define TESTS_MINIFILTERS_SCANNER_SCANNER_H_

#include <fltKernel.h>

#define SCANNER_PORT_NAME L"\\ScannerPort"
#define SCANNER_MAX_CONNECTIONS 2
#define SCANNER_READ_BUFFER_SIZE 1024
#define SCANNER_MAX_EXTENSIONS 8
#define SCANNER_EXTENSION_CHARS 16
#define SCANNER_TAG 'nacS'
#define SCANNER_ECP_TAG 'pEcS'

/* The extra create parameter whose presence means "already scanned". */
static const GUID SCANNER_ECP_GUID = {
    0x5c7e0a13, 0x2b4f, 0x4d61, {0x9a, 0x8e, 0x31, 0x07, 0xc2, 0x44, 0xde, 0x19}};

typedef struct _SCANNER_ECP {
  ULONG Reserved;
} SCANNER_ECP, *PSCANNER_ECP;

/* Filter -> scanner: the first bytes of the file. */
typedef struct _SCANNER_NOTIFICATION {
  ULONG BytesToScan;
  ULONG Reserved;
  UCHAR Contents[SCANNER_READ_BUFFER_SIZE];
} SCANNER_NOTIFICATION, *PSCANNER_NOTIFICATION;

/* Scanner -> filter: the verdict. */
typedef struct _SCANNER_REPLY {
  BOOLEAN SafeToOpen;
} SCANNER_REPLY, *PSCANNER_REPLY;

/* Client -> filter commands (the message callback). */
#define SCANNER_COMMAND_RESCAN_ALL 1UL
typedef struct _SCANNER_COMMAND {
  ULONG Command;
} SCANNER_COMMAND, *PSCANNER_COMMAND;
/* The answer to SCANNER_COMMAND_RESCAN_ALL. */
typedef struct _SCANNER_RESCAN_RESULT {
  ULONG VolumesVisited;
} SCANNER_RESCAN_RESULT, *PSCANNER_RESCAN_RESULT;

typedef struct _SCANNER_STATISTICS {
  volatile LONG Scans;          /* scan requests answered */
  volatile LONG CachedVerdicts; /* opens decided by the stream context */
  volatile LONG EcpSkips;       /* opens skipped for the ECP */
  volatile LONG FailedOpen;     /* no scanner, timeout or error: let through */
  volatile LONG Denied;         /* infected opens cancelled */
} SCANNER_STATISTICS;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);
NTSTATUS FLTAPI ScannerUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
/* The registered filter (for the test that attaches volumes). */
PFLT_FILTER ScannerFilter(void);
extern SCANNER_STATISTICS ScannerStatistics;

#endif /* TESTS_MINIFILTERS_SCANNER_SCANNER_H_ */
