/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0 */
#include "delete_detector.h"

static struct {
  PFLT_FILTER Filter;
  KSPIN_LOCK Lock;   /* Deleted */
  LIST_ENTRY Deleted;
  KEVENT Reported;   /* synchronization: a record was queued */
  EX_PUSH_LOCK StatsLock;
  LONG Withdrawn;
} Globals;

static VOID FLTAPI HandleContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE ContextType) {
  PDD_HANDLE_CONTEXT handleContext = (PDD_HANDLE_CONTEXT)Context;
  UNREFERENCED_PARAMETER(ContextType);
  if (handleContext->Record != NULL) {
    ExFreePoolWithTag(handleContext->Record, DD_TAG_RECORD);
    handleContext->Record = NULL;
  }
}

/* A record carrying the file's normalized name, in nonpaged pool so that
 * post-cleanup can queue it at DISPATCH_LEVEL. */
static NTSTATUS PrepareRecord(PFLT_CALLBACK_DATA Data, PDD_RECORD* Record) {
  PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
  NTSTATUS status;
  *Record = NULL;
  status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                     &nameInfo);
  if (!NT_SUCCESS(status)) return status;
  try {
    PDD_RECORD record = (PDD_RECORD)ExAllocatePool2(
        POOL_FLAG_NON_PAGED, sizeof(DD_RECORD) + nameInfo->Name.Length, DD_TAG_RECORD);
    if (record == NULL) {
      status = STATUS_INSUFFICIENT_RESOURCES;
      leave;
    }
    record->Name.Buffer = (PWCH)(record + 1);
    record->Name.MaximumLength = nameInfo->Name.Length;
    RtlCopyUnicodeString(&record->Name, &nameInfo->Name);
    *Record = record;
  } finally {
    FltReleaseFileNameInformation(nameInfo);
  }
  return status;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI PreSetInformation(PFLT_CALLBACK_DATA Data,
                                                          PCFLT_RELATED_OBJECTS FltObjects,
                                                          PVOID* CompletionContext) {
  FILE_INFORMATION_CLASS infoClass = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
  PDD_HANDLE_CONTEXT context = NULL;
  PDD_HANDLE_CONTEXT existing = NULL;
  NTSTATUS status;
  if (infoClass != FileDispositionInformation && infoClass != FileDispositionInformationEx) {
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
  }
  status = FltGetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject, &context);
  if (status == STATUS_NOT_FOUND) {
    status = FltAllocateContext(FltObjects->Filter, FLT_STREAMHANDLE_CONTEXT,
                                sizeof(DD_HANDLE_CONTEXT), NonPagedPoolNx, &context);
    if (!NT_SUCCESS(status)) return FLT_PREOP_SUCCESS_NO_CALLBACK;
    RtlZeroMemory(context, sizeof(*context));
    status = FltSetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                       FLT_SET_CONTEXT_KEEP_IF_EXISTS, context, &existing);
    if (!NT_SUCCESS(status)) {
      FltReleaseContext(context); /* ours, never attached */
      if (existing == NULL) return FLT_PREOP_SUCCESS_NO_CALLBACK;
      context = existing;         /* the winner's */
    }
  } else if (!NT_SUCCESS(status)) {
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
  }
  if (context->Record == NULL) (void)PrepareRecord(Data, &context->Record);
  *CompletionContext = context; /* released in the post callback */
  return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

static BOOLEAN DeleteFileRequested(PFLT_CALLBACK_DATA Data) {
  PVOID buffer = Data->Iopb->Parameters.SetFileInformation.InfoBuffer;
  if (Data->Iopb->Parameters.SetFileInformation.FileInformationClass ==
      FileDispositionInformationEx) {
    return BooleanFlagOn(((PFILE_DISPOSITION_INFORMATION_EX)buffer)->Flags, FILE_DISPOSITION_DELETE);
  }
  return ((PFILE_DISPOSITION_INFORMATION)buffer)->DeleteFile;
}

/* May run at DISPATCH_LEVEL. */
static FLT_POSTOP_CALLBACK_STATUS FLTAPI PostSetInformation(PFLT_CALLBACK_DATA Data,
                                                            PCFLT_RELATED_OBJECTS FltObjects,
                                                            PVOID CompletionContext,
                                                            FLT_POST_OPERATION_FLAGS Flags) {
  PDD_HANDLE_CONTEXT context = (PDD_HANDLE_CONTEXT)CompletionContext;
  UNREFERENCED_PARAMETER(FltObjects);
  UNREFERENCED_PARAMETER(Flags);
  if (NT_SUCCESS(Data->IoStatus.Status)) {
    const BOOLEAN requested = DeleteFileRequested(Data);
    if (context->DeleteRequested && !requested) InterlockedIncrement(&Globals.Withdrawn);
    context->DeleteRequested = requested;
  }
  FltReleaseContext(context);
  return FLT_POSTOP_FINISHED_PROCESSING;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI PreCleanup(PFLT_CALLBACK_DATA Data,
                                                   PCFLT_RELATED_OBJECTS FltObjects,
                                                   PVOID* CompletionContext) {
  PDD_HANDLE_CONTEXT context = NULL;
  UNREFERENCED_PARAMETER(Data);
  if (!NT_SUCCESS(FltGetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                            &context))) {
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
  }
  *CompletionContext = context;
  return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

/* May run at DISPATCH_LEVEL: queue the prepared record under the spin lock. */
static FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCleanup(PFLT_CALLBACK_DATA Data,
                                                     PCFLT_RELATED_OBJECTS FltObjects,
                                                     PVOID CompletionContext,
                                                     FLT_POST_OPERATION_FLAGS Flags) {
  PDD_HANDLE_CONTEXT context = (PDD_HANDLE_CONTEXT)CompletionContext;
  KLOCK_QUEUE_HANDLE lockHandle;
  UNREFERENCED_PARAMETER(FltObjects);
  UNREFERENCED_PARAMETER(Flags);
  if (NT_SUCCESS(Data->IoStatus.Status) && context->DeleteRequested &&
      context->Record != NULL) {
    KeAcquireInStackQueuedSpinLock(&Globals.Lock, &lockHandle);
    InsertTailList(&Globals.Deleted, &context->Record->Link);
    context->Record = NULL; /* the queue's now */
    KeReleaseInStackQueuedSpinLock(&lockHandle);
    KeSetEvent(&Globals.Reported, IO_NO_INCREMENT, FALSE);
  }
  FltReleaseContext(context);
  return FLT_POSTOP_FINISHED_PROCESSING;
}

static const FLT_CONTEXT_REGISTRATION Contexts[] = {
    {FLT_STREAMHANDLE_CONTEXT, 0, HandleContextCleanup, sizeof(DD_HANDLE_CONTEXT), DD_TAG_CONTEXT},
    {FLT_CONTEXT_END}};

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    {IRP_MJ_SET_INFORMATION, 0, PreSetInformation, PostSetInformation},
    {IRP_MJ_CLEANUP, 0, PreCleanup, PostCleanup},
    {IRP_MJ_OPERATION_END}};

static NTSTATUS FLTAPI Unload(FLT_FILTER_UNLOAD_FLAGS Flags) {
  UNREFERENCED_PARAMETER(Flags);
  DeleteDetectorUnload();
  return STATUS_SUCCESS;
}

static const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION, 0, Contexts, Callbacks, Unload};

NTSTATUS DeleteDetectorLoad(PDRIVER_OBJECT DriverObject) {
  NTSTATUS status;
  KeInitializeSpinLock(&Globals.Lock);
  InitializeListHead(&Globals.Deleted);
  KeInitializeEvent(&Globals.Reported, SynchronizationEvent, FALSE);
  FltInitializePushLock(&Globals.StatsLock);
  Globals.Withdrawn = 0;
  status = FltRegisterFilter(DriverObject, &Registration, &Globals.Filter);
  if (!NT_SUCCESS(status)) {
    FltDeletePushLock(&Globals.StatsLock);
    return status;
  }
  status = FltStartFiltering(Globals.Filter);
  if (!NT_SUCCESS(status)) {
    FltUnregisterFilter(Globals.Filter);
    Globals.Filter = NULL;
    FltDeletePushLock(&Globals.StatsLock);
  }
  return status;
}

VOID DeleteDetectorUnload(VOID) {
  KLOCK_QUEUE_HANDLE lockHandle;
  if (Globals.Filter != NULL) FltUnregisterFilter(Globals.Filter);
  Globals.Filter = NULL;
  KeAcquireInStackQueuedSpinLock(&Globals.Lock, &lockHandle);
  while (!IsListEmpty(&Globals.Deleted)) {
    PLIST_ENTRY entry = RemoveHeadList(&Globals.Deleted);
    ExFreePoolWithTag(CONTAINING_RECORD(entry, DD_RECORD, Link), DD_TAG_RECORD);
  }
  KeReleaseInStackQueuedSpinLock(&lockHandle);
  FltDeletePushLock(&Globals.StatsLock);
}

PFLT_FILTER DeleteDetectorFilter(VOID) { return Globals.Filter; }

NTSTATUS DeleteDetectorNext(PUNICODE_STRING Name, ULONG TimeoutMs) {
  LARGE_INTEGER timeout;
  KLOCK_QUEUE_HANDLE lockHandle;
  PDD_RECORD record = NULL;
  BOOLEAN more;
  NTSTATUS status;
  timeout.QuadPart = -(LONGLONG)TimeoutMs * 10000;
  KeAcquireInStackQueuedSpinLock(&Globals.Lock, &lockHandle);
  more = !IsListEmpty(&Globals.Deleted);
  KeReleaseInStackQueuedSpinLock(&lockHandle);
  if (!more) {
    status = KeWaitForSingleObject(&Globals.Reported, Executive, KernelMode, FALSE, &timeout);
    if (status == STATUS_TIMEOUT) return status;
  }
  KeAcquireInStackQueuedSpinLock(&Globals.Lock, &lockHandle);
  if (!IsListEmpty(&Globals.Deleted)) {
    record = CONTAINING_RECORD(RemoveHeadList(&Globals.Deleted), DD_RECORD, Link);
  }
  KeReleaseInStackQueuedSpinLock(&lockHandle);
  if (record == NULL) return STATUS_TIMEOUT;
  RtlCopyUnicodeString(Name, &record->Name);
  status = Name->Length < record->Name.Length ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
  ExFreePoolWithTag(record, DD_TAG_RECORD);
  return status;
}

LONG DeleteDetectorWithdrawn(VOID) {
  LONG withdrawn;
  KeEnterCriticalRegion();
  FltAcquirePushLockShared(&Globals.StatsLock);
  withdrawn = Globals.Withdrawn;
  FltReleasePushLock(&Globals.StatsLock);
  KeLeaveCriticalRegion();
  return withdrawn;
}
