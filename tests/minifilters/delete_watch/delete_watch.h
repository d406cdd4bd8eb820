/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * A from-scratch delete-watching minifilter. A stream becomes a delete
 * candidate when a handle asks for its deletion (FileDispositionInformation,
 * FileDispositionInformationEx including POSIX semantics, or
 * FILE_DELETE_ON_CLOSE at create); the file's object ID and file ID are
 * taken then, while the file is open. Cleanup of a candidate is synchronized
 * so post-cleanup runs at PASSIVE_LEVEL and confirms the delete with
 * FileStandardInformation (DeletePending, or STATUS_FILE_DELETED once the
 * name is gone). A delete inside a transaction is held in the transaction
 * context and reported at commit, dropped at rollback. */
#ifndef DELETE_WATCH_H_
#define DELETE_WATCH_H_

#include <fltKernel.h>

#define DW_TAG_STREAM 'sWlD'
#define DW_TAG_TRANSACTION 'tWlD'
#define DW_TAG_RECORD 'rWlD'
#define DW_TAG_NAME 'nWlD'

typedef struct _DW_DELETE {
  LONGLONG FileId;      /* FileInternalInformation IndexNumber */
  UCHAR ObjectId[16];   /* FSCTL_CREATE_OR_GET_OBJECT_ID */
  BOOLEAN HasObjectId;
  BOOLEAN Transacted;
} DW_DELETE, *PDW_DELETE;

typedef struct _DW_RECORD {
  LIST_ENTRY Link;
  DW_DELETE Delete;
} DW_RECORD, *PDW_RECORD;

typedef struct _DW_STREAM_CONTEXT {
  volatile LONG Candidate; /* a handle asked for the stream's deletion */
  volatile LONG Reported;  /* the delete was confirmed (once) */
  volatile LONG IdsState;  /* 0 none, 1 being taken, 2 taken */
  DW_DELETE Ids;           /* written once, before IdsState becomes 2 */
} DW_STREAM_CONTEXT, *PDW_STREAM_CONTEXT;

typedef struct _DW_TRANSACTION_CONTEXT {
  KSPIN_LOCK Lock; /* Held */
  LIST_ENTRY Held; /* deletes waiting for the outcome */
} DW_TRANSACTION_CONTEXT, *PDW_TRANSACTION_CONTEXT;

NTSTATUS DeleteWatchLoad(PDRIVER_OBJECT DriverObject);
VOID DeleteWatchUnload(VOID);
PFLT_FILTER DeleteWatchFilter(VOID);

/* Takes the oldest confirmed delete (STATUS_NO_MORE_ENTRIES if none). */
NTSTATUS DeleteWatchNext(PDW_DELETE Delete);
/* Opens the file with ID FileId on Instance's volume by its file ID
 * (FltCreateFileEx2, FILE_OPEN_BY_FILE_ID) and closes it again. */
NTSTATUS DeleteWatchOpenByFileId(PFLT_INSTANCE Instance, LONGLONG FileId);

#endif /* DELETE_WATCH_H_ */
