/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * A from-scratch delete-detection minifilter: it notices a handle marked for
 * deletion (FileDispositionInformation / ...Ex), remembers the file's name in
 * a stream-handle context, and when that handle is cleaned up reports the
 * delete to a waiting consumer: the post-cleanup callback may run at
 * DISPATCH_LEVEL, so the report is prepared in nonpaged pool beforehand and
 * queued under a spin lock. */
#ifndef DELETE_DETECTOR_H_
#define DELETE_DETECTOR_H_

#include <fltKernel.h>
#include <dontuse.h>
#include <suppress.h>

#define DD_TAG_CONTEXT 'cDlD'
#define DD_TAG_RECORD 'rDlD'

typedef struct _DD_RECORD {
  LIST_ENTRY Link;
  UNICODE_STRING Name; /* the buffer follows the record */
} DD_RECORD, *PDD_RECORD;

typedef struct _DD_HANDLE_CONTEXT {
  PDD_RECORD Record; /* prepared when delete was requested */
  BOOLEAN DeleteRequested;
} DD_HANDLE_CONTEXT, *PDD_HANDLE_CONTEXT;

NTSTATUS DeleteDetectorLoad(PDRIVER_OBJECT DriverObject);
VOID DeleteDetectorUnload(VOID);
PFLT_FILTER DeleteDetectorFilter(VOID);

/* Waits up to TimeoutMs for the next reported delete and copies the name
 * into Name (STATUS_TIMEOUT if none). */
NTSTATUS DeleteDetectorNext(PUNICODE_STRING Name, ULONG TimeoutMs);
/* Deletes requested and then withdrawn (DeleteFile FALSE) so far. */
LONG DeleteDetectorWithdrawn(VOID);

#endif /* DELETE_DETECTOR_H_ */
