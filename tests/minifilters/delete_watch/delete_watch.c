/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0 */
#include "delete_watch.h"

static struct {
  PFLT_FILTER Filter;
  KSPIN_LOCK Lock;      /* Confirmed */
  LIST_ENTRY Confirmed; /* DW_RECORDs, oldest first */
} Globals;

static VOID FreeRecords(PLIST_ENTRY List) {
  while (!IsListEmpty(List)) {
    PLIST_ENTRY entry = RemoveHeadList(List);
    ExFreePoolWithTag(CONTAINING_RECORD(entry, DW_RECORD, Link), DW_TAG_RECORD);
  }
}

static VOID FLTAPI TransactionContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE ContextType) {
  PDW_TRANSACTION_CONTEXT transactionContext = (PDW_TRANSACTION_CONTEXT)Context;
  UNREFERENCED_PARAMETER(ContextType);
  FreeRecords(&transactionContext->Held); /* never reached an outcome */
}

/* The stream's context, made if it has none. */
static NTSTATUS GetOrCreateStreamContext(PCFLT_RELATED_OBJECTS FltObjects,
                                         PDW_STREAM_CONTEXT* Context) {
  PDW_STREAM_CONTEXT context = NULL;
  PDW_STREAM_CONTEXT existing = NULL;
  NTSTATUS status;
  *Context = NULL;
  status = FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject, (PFLT_CONTEXT*)&context);
  if (NT_SUCCESS(status)) {
    *Context = context;
    return status;
  }
  if (status != STATUS_NOT_FOUND) return status;
  status = FltAllocateContext(FltObjects->Filter, FLT_STREAM_CONTEXT, sizeof(DW_STREAM_CONTEXT),
                              NonPagedPoolNx, (PFLT_CONTEXT*)&context);
  if (!NT_SUCCESS(status)) return status;
  RtlZeroMemory(context, sizeof(*context));
  status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                               FLT_SET_CONTEXT_KEEP_IF_EXISTS, context, (PFLT_CONTEXT*)&existing);
  if (!NT_SUCCESS(status)) {
    FltReleaseContext(context); /* ours, never attached: it goes */
    if (existing == NULL) return status;
    context = existing; /* another handle's, referenced for us */
    status = STATUS_SUCCESS;
  }
  *Context = context; /* the allocation's reference is the caller's */
  return status;
}

/* PASSIVE_LEVEL, the file open: its file ID and object ID, once per stream. */
static VOID TakeIds(PCFLT_RELATED_OBJECTS FltObjects, PDW_STREAM_CONTEXT Context) {
  FILE_INTERNAL_INFORMATION internal;
  FILE_OBJECTID_BUFFER objectId;
  ULONG returned = 0;
  PAGED_CODE();
  if (InterlockedCompareExchange(&Context->IdsState, 1, 0) != 0) return;
  RtlZeroMemory(&Context->Ids, sizeof(Context->Ids));
  if (NT_SUCCESS(FltQueryInformationFile(FltObjects->Instance, FltObjects->FileObject, &internal,
                                         sizeof(internal), FileInternalInformation, &returned))) {
    Context->Ids.FileId = internal.IndexNumber.QuadPart;
  }
  RtlZeroMemory(&objectId, sizeof(objectId));
  if (NT_SUCCESS(FltFsControlFile(FltObjects->Instance, FltObjects->FileObject,
                                  FSCTL_CREATE_OR_GET_OBJECT_ID, NULL, 0, &objectId,
                                  sizeof(objectId), &returned))) {
    RtlCopyMemory(Context->Ids.ObjectId, objectId.ObjectId, sizeof(Context->Ids.ObjectId));
    Context->Ids.HasObjectId = TRUE;
  }
  InterlockedExchange(&Context->IdsState, 2);
}

static VOID MarkCandidate(PCFLT_RELATED_OBJECTS FltObjects) {
  PDW_STREAM_CONTEXT context = NULL;
  PAGED_CODE();
  if (!NT_SUCCESS(GetOrCreateStreamContext(FltObjects, &context))) return;
  TakeIds(FltObjects, context);
  InterlockedExchange(&context->Candidate, 1);
  FltReleaseContext(context);
}

/* Post-create runs at PASSIVE_LEVEL. */
static FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(PFLT_CALLBACK_DATA Data,
                                                    PCFLT_RELATED_OBJECTS FltObjects,
                                                    PVOID CompletionContext,
                                                    FLT_POST_OPERATION_FLAGS Flags) {
  UNREFERENCED_PARAMETER(CompletionContext);
  PAGED_CODE();
  if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING)) return FLT_POSTOP_FINISHED_PROCESSING;
  if (!NT_SUCCESS(Data->IoStatus.Status) || Data->IoStatus.Status == STATUS_REPARSE) {
    return FLT_POSTOP_FINISHED_PROCESSING;
  }
  if (FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DELETE_ON_CLOSE)) {
    MarkCandidate(FltObjects);
  }
  return FLT_POSTOP_FINISHED_PROCESSING;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI PreSetInformation(PFLT_CALLBACK_DATA Data,
                                                          PCFLT_RELATED_OBJECTS FltObjects,
                                                          PVOID* CompletionContext) {
  FILE_INFORMATION_CLASS infoClass = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
  UNREFERENCED_PARAMETER(FltObjects);
  UNREFERENCED_PARAMETER(CompletionContext);
  if (infoClass != FileDispositionInformation && infoClass != FileDispositionInformationEx) {
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
  }
  /* The post callback queries the file system: keep it at PASSIVE_LEVEL. */
  return FLT_PREOP_SYNCHRONIZE;
}

static BOOLEAN DeleteRequested(PFLT_CALLBACK_DATA Data) {
  PVOID buffer = Data->Iopb->Parameters.SetFileInformation.InfoBuffer;
  ULONG length = Data->Iopb->Parameters.SetFileInformation.Length;
  if (Data->Iopb->Parameters.SetFileInformation.FileInformationClass ==
      FileDispositionInformationEx) {
    if (length < sizeof(FILE_DISPOSITION_INFORMATION_EX)) return FALSE;
    return BooleanFlagOn(((PFILE_DISPOSITION_INFORMATION_EX)buffer)->Flags,
                         FILE_DISPOSITION_DELETE);
  }
  if (length < sizeof(FILE_DISPOSITION_INFORMATION)) return FALSE;
  return ((PFILE_DISPOSITION_INFORMATION)buffer)->DeleteFile;
}

/* Synchronized: PASSIVE_LEVEL. */
static FLT_POSTOP_CALLBACK_STATUS FLTAPI PostSetInformation(PFLT_CALLBACK_DATA Data,
                                                            PCFLT_RELATED_OBJECTS FltObjects,
                                                            PVOID CompletionContext,
                                                            FLT_POST_OPERATION_FLAGS Flags) {
  UNREFERENCED_PARAMETER(CompletionContext);
  PAGED_CODE();
  if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING)) return FLT_POSTOP_FINISHED_PROCESSING;
  if (NT_SUCCESS(Data->IoStatus.Status) && DeleteRequested(Data)) MarkCandidate(FltObjects);
  return FLT_POSTOP_FINISHED_PROCESSING;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI PreCleanup(PFLT_CALLBACK_DATA Data,
                                                   PCFLT_RELATED_OBJECTS FltObjects,
                                                   PVOID* CompletionContext) {
  PDW_STREAM_CONTEXT context = NULL;
  UNREFERENCED_PARAMETER(Data);
  if (!NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                      (PFLT_CONTEXT*)&context))) {
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
  }
  if (context->Candidate == 0 || context->Reported != 0) {
    FltReleaseContext(context);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
  }
  *CompletionContext = context; /* released in post-cleanup */
  /* Post-cleanup queries the file system: keep it at PASSIVE_LEVEL. */
  return FLT_PREOP_SYNCHRONIZE;
}

/* A transacted delete waits in the transaction's context for the outcome. */
static NTSTATUS HoldForTransaction(PCFLT_RELATED_OBJECTS FltObjects, PDW_RECORD Record) {
  PDW_TRANSACTION_CONTEXT context = NULL;
  PDW_TRANSACTION_CONTEXT existing = NULL;
  KLOCK_QUEUE_HANDLE lockHandle;
  NTSTATUS status;
  PAGED_CODE();
  status = FltGetTransactionContext(FltObjects->Instance, FltObjects->Transaction,
                                    (PFLT_CONTEXT*)&context);
  if (status == STATUS_NOT_FOUND) {
    status = FltAllocateContext(FltObjects->Filter, FLT_TRANSACTION_CONTEXT,
                                sizeof(DW_TRANSACTION_CONTEXT), NonPagedPoolNx,
                                (PFLT_CONTEXT*)&context);
    if (!NT_SUCCESS(status)) return status;
    KeInitializeSpinLock(&context->Lock);
    InitializeListHead(&context->Held);
    status = FltSetTransactionContext(FltObjects->Instance, FltObjects->Transaction,
                                      FLT_SET_CONTEXT_KEEP_IF_EXISTS, context,
                                      (PFLT_CONTEXT*)&existing);
    if (NT_SUCCESS(status)) {
      status = FltEnlistInTransaction(FltObjects->Instance, FltObjects->Transaction, context,
                                      TRANSACTION_NOTIFY_COMMIT | TRANSACTION_NOTIFY_COMMIT_FINALIZE |
                                          TRANSACTION_NOTIFY_ROLLBACK);
      if (!NT_SUCCESS(status)) {
        /* Unenlisted, the context would never see the outcome. */
        FltDeleteContext(context);
        FltReleaseContext(context);
        return status;
      }
    } else {
      FltReleaseContext(context);
      if (existing == NULL) return status;
      context = existing;
    }
  } else if (!NT_SUCCESS(status)) {
    return status;
  }
  KeAcquireInStackQueuedSpinLock(&context->Lock, &lockHandle);
  InsertTailList(&context->Held, &Record->Link);
  KeReleaseInStackQueuedSpinLock(&lockHandle);
  FltReleaseContext(context);
  return STATUS_SUCCESS;
}

/* Synchronized: PASSIVE_LEVEL. Confirms the delete through the file system. */
static FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCleanup(PFLT_CALLBACK_DATA Data,
                                                     PCFLT_RELATED_OBJECTS FltObjects,
                                                     PVOID CompletionContext,
                                                     FLT_POST_OPERATION_FLAGS Flags) {
  PDW_STREAM_CONTEXT context = (PDW_STREAM_CONTEXT)CompletionContext;
  FILE_STANDARD_INFORMATION standard;
  BOOLEAN deleted = FALSE;
  NTSTATUS status;
  PAGED_CODE();
  if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status)) {
    FltReleaseContext(context);
    return FLT_POSTOP_FINISHED_PROCESSING;
  }
  status = FltQueryInformationFile(FltObjects->Instance, FltObjects->FileObject, &standard,
                                   sizeof(standard), FileStandardInformation, NULL);
  if (status == STATUS_FILE_DELETED) {
    deleted = TRUE; /* the name is already gone */
  } else if (NT_SUCCESS(status)) {
    deleted = standard.DeletePending;
  }
  if (deleted && InterlockedCompareExchange(&context->Reported, 1, 0) == 0) {
    PDW_RECORD record = (PDW_RECORD)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(DW_RECORD),
                                                    DW_TAG_RECORD);
    if (record == NULL) {
      InterlockedExchange(&context->Reported, 0); /* a later cleanup may report it */
    } else {
      if (context->IdsState == 2) record->Delete = context->Ids;
      record->Delete.Transacted = FltObjects->Transaction != NULL;
      if (FltObjects->Transaction != NULL) {
        if (!NT_SUCCESS(HoldForTransaction(FltObjects, record))) {
          ExFreePoolWithTag(record, DW_TAG_RECORD);
          InterlockedExchange(&context->Reported, 0);
        }
      } else {
        KLOCK_QUEUE_HANDLE lockHandle;
        KeAcquireInStackQueuedSpinLock(&Globals.Lock, &lockHandle);
        InsertTailList(&Globals.Confirmed, &record->Link);
        KeReleaseInStackQueuedSpinLock(&lockHandle);
      }
    }
  }
  FltReleaseContext(context);
  return FLT_POSTOP_FINISHED_PROCESSING;
}

static NTSTATUS FLTAPI TransactionNotification(PCFLT_RELATED_OBJECTS FltObjects,
                                               PFLT_CONTEXT TransactionContext,
                                               ULONG NotificationMask) {
  PDW_TRANSACTION_CONTEXT context = (PDW_TRANSACTION_CONTEXT)TransactionContext;
  KLOCK_QUEUE_HANDLE lockHandle;
  LIST_ENTRY held;
  UNREFERENCED_PARAMETER(FltObjects);
  InitializeListHead(&held);
  KeAcquireInStackQueuedSpinLock(&context->Lock, &lockHandle);
  while (!IsListEmpty(&context->Held)) InsertTailList(&held, RemoveHeadList(&context->Held));
  KeReleaseInStackQueuedSpinLock(&lockHandle);
  if (FlagOn(NotificationMask, TRANSACTION_NOTIFY_COMMIT | TRANSACTION_NOTIFY_COMMIT_FINALIZE)) {
    KeAcquireInStackQueuedSpinLock(&Globals.Lock, &lockHandle);
    while (!IsListEmpty(&held)) InsertTailList(&Globals.Confirmed, RemoveHeadList(&held));
    KeReleaseInStackQueuedSpinLock(&lockHandle);
  }
  FreeRecords(&held); /* rolled back: the deletes did not happen */
  return STATUS_SUCCESS;
}

static const FLT_CONTEXT_REGISTRATION Contexts[] = {
    {FLT_STREAM_CONTEXT, 0, NULL, sizeof(DW_STREAM_CONTEXT), DW_TAG_STREAM},
    {FLT_TRANSACTION_CONTEXT, 0, TransactionContextCleanup, sizeof(DW_TRANSACTION_CONTEXT),
     DW_TAG_TRANSACTION},
    {FLT_CONTEXT_END}};

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    {IRP_MJ_CREATE, 0, NULL, PostCreate},
    {IRP_MJ_SET_INFORMATION, 0, PreSetInformation, PostSetInformation},
    {IRP_MJ_CLEANUP, 0, PreCleanup, PostCleanup},
    {IRP_MJ_OPERATION_END}};

static NTSTATUS FLTAPI Unload(FLT_FILTER_UNLOAD_FLAGS Flags) {
  UNREFERENCED_PARAMETER(Flags);
  DeleteWatchUnload();
  return STATUS_SUCCESS;
}

static const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION, 0, Contexts, Callbacks, Unload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, TransactionNotification};

NTSTATUS DeleteWatchLoad(PDRIVER_OBJECT DriverObject) {
  NTSTATUS status;
  KeInitializeSpinLock(&Globals.Lock);
  InitializeListHead(&Globals.Confirmed);
  status = FltRegisterFilter(DriverObject, &Registration, &Globals.Filter);
  if (!NT_SUCCESS(status)) {
    Globals.Filter = NULL;
    return status;
  }
  status = FltStartFiltering(Globals.Filter);
  if (!NT_SUCCESS(status)) {
    FltUnregisterFilter(Globals.Filter);
    Globals.Filter = NULL;
  }
  return status;
}

VOID DeleteWatchUnload(VOID) {
  KLOCK_QUEUE_HANDLE lockHandle;
  LIST_ENTRY left;
  if (Globals.Filter != NULL) FltUnregisterFilter(Globals.Filter);
  Globals.Filter = NULL;
  InitializeListHead(&left);
  KeAcquireInStackQueuedSpinLock(&Globals.Lock, &lockHandle);
  while (!IsListEmpty(&Globals.Confirmed)) InsertTailList(&left, RemoveHeadList(&Globals.Confirmed));
  KeReleaseInStackQueuedSpinLock(&lockHandle);
  FreeRecords(&left);
}

PFLT_FILTER DeleteWatchFilter(VOID) { return Globals.Filter; }

NTSTATUS DeleteWatchNext(PDW_DELETE Delete) {
  KLOCK_QUEUE_HANDLE lockHandle;
  PDW_RECORD record = NULL;
  if (Delete == NULL) return STATUS_INVALID_PARAMETER;
  KeAcquireInStackQueuedSpinLock(&Globals.Lock, &lockHandle);
  if (!IsListEmpty(&Globals.Confirmed)) {
    record = CONTAINING_RECORD(RemoveHeadList(&Globals.Confirmed), DW_RECORD, Link);
  }
  KeReleaseInStackQueuedSpinLock(&lockHandle);
  if (record == NULL) return STATUS_NO_MORE_ENTRIES;
  *Delete = record->Delete;
  ExFreePoolWithTag(record, DW_TAG_RECORD);
  return STATUS_SUCCESS;
}

/* PASSIVE_LEVEL. The by-ID open is relative to the volume's root directory. */
NTSTATUS DeleteWatchOpenByFileId(PFLT_INSTANCE Instance, LONGLONG FileId) {
  PFLT_VOLUME volume = NULL;
  UNICODE_STRING rootName = {0, 0, NULL};
  UNICODE_STRING idName;
  OBJECT_ATTRIBUTES attributes;
  IO_STATUS_BLOCK ioStatus;
  HANDLE root = NULL;
  PFILE_OBJECT rootObject = NULL;
  HANDLE file = NULL;
  PFILE_OBJECT fileObject = NULL;
  ULONG needed = 0;
  NTSTATUS status;
  PAGED_CODE();
  if (Instance == NULL) return STATUS_INVALID_PARAMETER;
  status = FltGetVolumeFromInstance(Instance, &volume);
  if (!NT_SUCCESS(status)) return status;
  status = FltGetVolumeName(volume, NULL, &needed);
  if (status != STATUS_BUFFER_TOO_SMALL) {
    FltObjectDereference(volume);
    return NT_SUCCESS(status) ? STATUS_UNSUCCESSFUL : status;
  }
  rootName.MaximumLength = (USHORT)(needed + sizeof(WCHAR));
  rootName.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, rootName.MaximumLength, DW_TAG_NAME);
  if (rootName.Buffer == NULL) {
    FltObjectDereference(volume);
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  status = FltGetVolumeName(volume, &rootName, NULL);
  FltObjectDereference(volume);
  if (NT_SUCCESS(status)) status = RtlAppendUnicodeToString(&rootName, L"\\");
  if (NT_SUCCESS(status)) {
    InitializeObjectAttributes(&attributes, &rootName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               NULL, NULL);
    status = FltCreateFileEx2(Globals.Filter, Instance, &root, &rootObject, FILE_READ_ATTRIBUTES,
                              &attributes, &ioStatus, NULL, FILE_ATTRIBUTE_NORMAL,
                              FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, FILE_OPEN,
                              FILE_DIRECTORY_FILE, NULL, 0, 0, NULL);
  }
  ExFreePoolWithTag(rootName.Buffer, DW_TAG_NAME);
  if (!NT_SUCCESS(status)) return status;
  idName.Buffer = (PWCH)&FileId;
  idName.Length = idName.MaximumLength = (USHORT)sizeof(FileId);
  InitializeObjectAttributes(&attributes, &idName, OBJ_KERNEL_HANDLE, root, NULL);
  status = FltCreateFileEx2(Globals.Filter, Instance, &file, &fileObject, FILE_READ_ATTRIBUTES,
                            &attributes, &ioStatus, NULL, FILE_ATTRIBUTE_NORMAL,
                            FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, FILE_OPEN,
                            FILE_OPEN_BY_FILE_ID | FILE_NON_DIRECTORY_FILE, NULL, 0, 0, NULL);
  if (NT_SUCCESS(status)) {
    FltClose(file);
    ObDereferenceObject(fileObject);
  }
  FltClose(root);
  ObDereferenceObject(rootObject);
  return status;
}
