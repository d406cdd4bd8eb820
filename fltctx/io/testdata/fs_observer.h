/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: fltctx/io/testdata/fs_observer.h
 * -----------------------------------------------------------------------------
 *
 * A minifilter written in C (fs_observer.c) that records what its callbacks
 * see of creates, set/query information, directory queries, FSCTLs, cleanup
 * and close, and that enlists in the transaction of every transacted create
 * with a transaction context. The tests of fltctx/io read the records. */

#ifndef FLTCTX_IO_TESTDATA_FS_OBSERVER_H_
#define FLTCTX_IO_TESTDATA_FS_OBSERVER_H_

#include <fltKernel.h>

POOLSIM_BEGIN_EXTERN_C

#define FSO_MAX_RECORDS 128
#define FSO_NAME_CHARS 64

typedef struct _FSO_RECORD {
  UCHAR Major;
  UCHAR Minor;
  UCHAR OperationFlags;
  BOOLEAN Post;
  ULONG CreateOptions;           /* Parameters.Create.Options */
  USHORT FileAttributes;         /* Parameters.Create.FileAttributes */
  ULONG InformationClass;        /* set / query information, directory query */
  ULONG DispositionFlags;        /* set disposition: Ex flags, or DeleteFile */
  ULONG FsControlCode;
  ULONG InputLength;
  ULONG OutputLength;
  BOOLEAN HasSystemBuffer;
  WCHAR Pattern[FSO_NAME_CHARS]; /* directory query FileName, if any */
  WCHAR FirstEntry[FSO_NAME_CHARS]; /* post: the first name a directory query returned */
  NTSTATUS Status;               /* post: IoStatus.Status */
  ULONG_PTR Information;         /* post: IoStatus.Information */
  PKTRANSACTION Transaction;     /* FltObjects->Transaction */
  PVOID TxnObject;               /* IoGetTransactionParameterBlock(...)->TransactionObject */
  BOOLEAN FileObjectDeleteOnClose; /* FO_DELETE_ON_CLOSE in FileObject->Flags */
} FSO_RECORD;

extern FSO_RECORD g_fso_records[FSO_MAX_RECORDS];
extern LONG g_fso_count;
extern PFLT_FILTER g_fso_filter;

/* Transactions: what TransactionNotificationCallback received. */
extern LONG g_fso_enlisted;          /* enlistments made in post-create */
extern ULONG g_fso_notifications[8]; /* the notification masks, in order */
extern LONG g_fso_notification_count;
extern BOOLEAN g_fso_notification_had_context; /* the context was the one set */
extern LONG g_fso_transaction_context_cleanups;
extern NTSTATUS g_fso_get_transaction_context_status; /* post-create, after the set */

/* Registers and starts the filter; clears the records. */
NTSTATUS FsObserverEntry(void);
void FsObserverReset(void);

POOLSIM_END_EXTERN_C

#endif /* FLTCTX_IO_TESTDATA_FS_OBSERVER_H_ */
