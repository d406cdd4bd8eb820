/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: fltctx/io/testdata/fs_observer.c
 * -----------------------------------------------------------------------------
 *
 * The observing minifilter of fs_observer.h, written as a driver writes it. */

#include "fltctx/io/testdata/fs_observer.h"

#define FSO_TAG 'osFT'

FSO_RECORD g_fso_records[FSO_MAX_RECORDS];
LONG g_fso_count;
PFLT_FILTER g_fso_filter;
LONG g_fso_enlisted;
ULONG g_fso_notifications[8];
LONG g_fso_notification_count;
BOOLEAN g_fso_notification_had_context;
LONG g_fso_transaction_context_cleanups;
NTSTATUS g_fso_get_transaction_context_status;

typedef struct _FSO_TRANSACTION_CONTEXT {
  ULONG Magic;
} FSO_TRANSACTION_CONTEXT, *PFSO_TRANSACTION_CONTEXT;
#define FSO_MAGIC 0x54584E31u

void FsObserverReset(void) {
  RtlZeroMemory(g_fso_records, sizeof(g_fso_records));
  g_fso_count = 0;
  g_fso_enlisted = 0;
  RtlZeroMemory(g_fso_notifications, sizeof(g_fso_notifications));
  g_fso_notification_count = 0;
  g_fso_notification_had_context = FALSE;
  g_fso_transaction_context_cleanups = 0;
  g_fso_get_transaction_context_status = STATUS_SUCCESS;
}

static void CopyName(WCHAR* to, const WCHAR* from, ULONG bytes) {
  ULONG chars = bytes / sizeof(WCHAR);
  ULONG i;
  if (chars >= FSO_NAME_CHARS) chars = FSO_NAME_CHARS - 1;
  for (i = 0; i < chars; ++i) to[i] = from[i];
  to[chars] = 0;
}

static void Record(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, BOOLEAN Post) {
  PFLT_IO_PARAMETER_BLOCK iopb = Data->Iopb;
  FSO_RECORD* r;
  PTXN_PARAMETER_BLOCK txn;
  LONG n = InterlockedIncrement(&g_fso_count) - 1;
  if (n >= FSO_MAX_RECORDS) return;
  r = &g_fso_records[n];
  r->Major = iopb->MajorFunction;
  r->Minor = iopb->MinorFunction;
  r->OperationFlags = iopb->OperationFlags;
  r->Post = Post;
  r->Transaction = FltObjects->Transaction;
  txn = IoGetTransactionParameterBlock(FltObjects->FileObject);
  r->TxnObject = txn != NULL ? txn->TransactionObject : NULL;
  r->FileObjectDeleteOnClose =
      (FltObjects->FileObject->Flags & FO_DELETE_ON_CLOSE) != 0 ? TRUE : FALSE;
  switch (iopb->MajorFunction) {
    case IRP_MJ_CREATE:
      r->CreateOptions = iopb->Parameters.Create.Options;
      r->FileAttributes = iopb->Parameters.Create.FileAttributes;
      break;
    case IRP_MJ_SET_INFORMATION:
      r->InformationClass = iopb->Parameters.SetFileInformation.FileInformationClass;
      if (r->InformationClass == FileDispositionInformation) {
        r->DispositionFlags =
            ((PFILE_DISPOSITION_INFORMATION)iopb->Parameters.SetFileInformation.InfoBuffer)
                ->DeleteFile;
      } else if (r->InformationClass == FileDispositionInformationEx) {
        r->DispositionFlags =
            ((PFILE_DISPOSITION_INFORMATION_EX)iopb->Parameters.SetFileInformation.InfoBuffer)
                ->Flags;
      }
      break;
    case IRP_MJ_QUERY_INFORMATION:
      r->InformationClass = iopb->Parameters.QueryFileInformation.FileInformationClass;
      break;
    case IRP_MJ_DIRECTORY_CONTROL:
      r->InformationClass = iopb->Parameters.DirectoryControl.QueryDirectory.FileInformationClass;
      if (iopb->Parameters.DirectoryControl.QueryDirectory.FileName != NULL) {
        CopyName(r->Pattern, iopb->Parameters.DirectoryControl.QueryDirectory.FileName->Buffer,
                 iopb->Parameters.DirectoryControl.QueryDirectory.FileName->Length);
      }
      if (Post && NT_SUCCESS(Data->IoStatus.Status) &&
          r->InformationClass == FileNamesInformation) {
        PFILE_NAMES_INFORMATION first = (PFILE_NAMES_INFORMATION)
            iopb->Parameters.DirectoryControl.QueryDirectory.DirectoryBuffer;
        CopyName(r->FirstEntry, first->FileName, first->FileNameLength);
      }
      break;
    case IRP_MJ_FILE_SYSTEM_CONTROL:
      r->FsControlCode = iopb->Parameters.FileSystemControl.Buffered.FsControlCode;
      r->InputLength = iopb->Parameters.FileSystemControl.Buffered.InputBufferLength;
      r->OutputLength = iopb->Parameters.FileSystemControl.Buffered.OutputBufferLength;
      r->HasSystemBuffer =
          iopb->Parameters.FileSystemControl.Buffered.SystemBuffer != NULL ? TRUE : FALSE;
      break;
    default:
      break;
  }
  if (Post) {
    r->Status = Data->IoStatus.Status;
    r->Information = Data->IoStatus.Information;
  }
}

/* A transacted create: one transaction context per transaction, enlisted for
 * commit and rollback. */
static void EnlistIfTransacted(PCFLT_RELATED_OBJECTS FltObjects) {
  PFSO_TRANSACTION_CONTEXT context = NULL;
  PFSO_TRANSACTION_CONTEXT existing = NULL;
  NTSTATUS status;
  if (FltObjects->Transaction == NULL) return;
  status = FltAllocateContext(FltObjects->Filter, FLT_TRANSACTION_CONTEXT,
                              sizeof(FSO_TRANSACTION_CONTEXT), PagedPool, (PFLT_CONTEXT*)&context);
  if (!NT_SUCCESS(status)) return;
  context->Magic = FSO_MAGIC;
  status = FltSetTransactionContext(FltObjects->Instance, FltObjects->Transaction,
                                    FLT_SET_CONTEXT_KEEP_IF_EXISTS, context,
                                    (PFLT_CONTEXT*)&existing);
  if (NT_SUCCESS(status)) {
    status = FltEnlistInTransaction(FltObjects->Instance, FltObjects->Transaction, context,
                                    TRANSACTION_NOTIFY_COMMIT | TRANSACTION_NOTIFY_ROLLBACK);
    if (NT_SUCCESS(status)) InterlockedIncrement(&g_fso_enlisted);
  } else if (existing != NULL) {
    FltReleaseContext(existing);
  }
  FltReleaseContext(context);
  context = NULL;
  g_fso_get_transaction_context_status = FltGetTransactionContext(
      FltObjects->Instance, FltObjects->Transaction, (PFLT_CONTEXT*)&context);
  if (context != NULL) FltReleaseContext(context);
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI Pre(PFLT_CALLBACK_DATA Data,
                                            PCFLT_RELATED_OBJECTS FltObjects,
                                            PVOID* CompletionContext) {
  UNREFERENCED_PARAMETER(CompletionContext);
  Record(Data, FltObjects, FALSE);
  return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI Post(PFLT_CALLBACK_DATA Data,
                                              PCFLT_RELATED_OBJECTS FltObjects,
                                              PVOID CompletionContext,
                                              FLT_POST_OPERATION_FLAGS Flags) {
  UNREFERENCED_PARAMETER(CompletionContext);
  Record(Data, FltObjects, TRUE);
  if (Data->Iopb->MajorFunction == IRP_MJ_CREATE && NT_SUCCESS(Data->IoStatus.Status) &&
      Data->IoStatus.Status != STATUS_REPARSE && (Flags & FLTFL_POST_OPERATION_DRAINING) == 0) {
    EnlistIfTransacted(FltObjects);
  }
  return FLT_POSTOP_FINISHED_PROCESSING;
}

static NTSTATUS FLTAPI TransactionNotify(PCFLT_RELATED_OBJECTS FltObjects,
                                         PFLT_CONTEXT TransactionContext,
                                         ULONG NotificationMask) {
  PFSO_TRANSACTION_CONTEXT context = (PFSO_TRANSACTION_CONTEXT)TransactionContext;
  LONG n;
  UNREFERENCED_PARAMETER(FltObjects);
  n = InterlockedIncrement(&g_fso_notification_count) - 1;
  if (n < 8) g_fso_notifications[n] = NotificationMask;
  g_fso_notification_had_context = context != NULL && context->Magic == FSO_MAGIC;
  return STATUS_SUCCESS;
}

static VOID FLTAPI TransactionContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE ContextType) {
  UNREFERENCED_PARAMETER(Context);
  UNREFERENCED_PARAMETER(ContextType);
  InterlockedIncrement(&g_fso_transaction_context_cleanups);
}

static NTSTATUS FLTAPI Unload(FLT_FILTER_UNLOAD_FLAGS Flags) {
  UNREFERENCED_PARAMETER(Flags);
  FltUnregisterFilter(g_fso_filter);
  return STATUS_SUCCESS;
}

static const FLT_OPERATION_REGISTRATION kOperations[] = {
    {IRP_MJ_CREATE, 0, Pre, Post, NULL},
    {IRP_MJ_SET_INFORMATION, 0, Pre, Post, NULL},
    {IRP_MJ_QUERY_INFORMATION, 0, Pre, Post, NULL},
    {IRP_MJ_DIRECTORY_CONTROL, 0, Pre, Post, NULL},
    {IRP_MJ_FILE_SYSTEM_CONTROL, 0, Pre, Post, NULL},
    {IRP_MJ_CLEANUP, 0, Pre, Post, NULL},
    {IRP_MJ_CLOSE, 0, Pre, Post, NULL},
    {IRP_MJ_OPERATION_END, 0, NULL, NULL, NULL}};

static const FLT_CONTEXT_REGISTRATION kContexts[] = {
    {FLT_TRANSACTION_CONTEXT, 0, TransactionContextCleanup, sizeof(FSO_TRANSACTION_CONTEXT),
     FSO_TAG, NULL, NULL, NULL},
    {FLT_CONTEXT_END, 0, NULL, 0, 0, NULL, NULL, NULL}};

NTSTATUS FsObserverEntry(void) {
  FLT_REGISTRATION registration;
  NTSTATUS status;
  RtlZeroMemory(&registration, sizeof(registration));
  registration.Size = sizeof(FLT_REGISTRATION);
  registration.Version = FLT_REGISTRATION_VERSION;
  registration.ContextRegistration = kContexts;
  registration.OperationRegistration = kOperations;
  registration.FilterUnloadCallback = Unload;
  registration.TransactionNotificationCallback = TransactionNotify;
  FsObserverReset();
  status = FltRegisterFilter(NULL, &registration, &g_fso_filter);
  if (!NT_SUCCESS(status)) return status;
  status = FltStartFiltering(g_fso_filter);
  if (!NT_SUCCESS(status)) FltUnregisterFilter(g_fso_filter);
  return status;
}
