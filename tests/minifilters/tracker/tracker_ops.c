/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * The tracker's operation callbacks: create (a stream context with the
 * normalized name, queued for the scanner), write (counted in the post
 * callback, which may run at DISPATCH_LEVEL), rename (the destination name
 * before, the new name after). */
#include "tracker.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, TrackerPreCreate)
#pragma alloc_text(PAGE, TrackerPostCreate)
#pragma alloc_text(PAGE, TrackerPreSetInformation)
#pragma alloc_text(PAGE, TrackerPostSetInformation)
#endif

VOID FLTAPI TrackerStreamContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE ContextType) {
  PTRACKER_STREAM_CONTEXT streamContext = (PTRACKER_STREAM_CONTEXT)Context;
  UNREFERENCED_PARAMETER(ContextType);
  TrackerTableRemove(streamContext);
  if (streamContext->Name.Buffer != NULL) {
    ExFreePoolWithTag(streamContext->Name.Buffer, TRACKER_TAG_NAME);
    streamContext->Name.Buffer = NULL;
  }
}

FLT_PREOP_CALLBACK_STATUS FLTAPI TrackerPreCreate(PFLT_CALLBACK_DATA Data,
                                                  PCFLT_RELATED_OBJECTS FltObjects,
                                                  PVOID* CompletionContext) {
  UNREFERENCED_PARAMETER(FltObjects);
  UNREFERENCED_PARAMETER(CompletionContext);
  PAGED_CODE();
  if (FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DIRECTORY_FILE)) {
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
  }
  /* The post-create callback takes names and sets contexts: it must run at
   * PASSIVE_LEVEL. */
  return FLT_PREOP_SYNCHRONIZE;
}

/* Gets the stream's context, or makes one named after the stream. */
static NTSTATUS GetOrCreateStreamContext(PFLT_CALLBACK_DATA Data,
                                         PCFLT_RELATED_OBJECTS FltObjects,
                                         PTRACKER_STREAM_CONTEXT* Context, PBOOLEAN Created) {
  NTSTATUS status;
  PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
  PTRACKER_STREAM_CONTEXT newContext = NULL;
  PTRACKER_STREAM_CONTEXT oldContext = NULL;

  *Context = NULL;
  *Created = FALSE;
  status = FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject, Context);
  if (NT_SUCCESS(status)) return status;
  if (status != STATUS_NOT_FOUND) return status;

  try {
    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) leave;
    status = FltParseFileNameInformation(nameInfo);
    if (!NT_SUCCESS(status)) leave;

    /* Nonpaged: post-write may release it at DISPATCH_LEVEL. */
    status = FltAllocateContext(FltObjects->Filter, FLT_STREAM_CONTEXT,
                                sizeof(TRACKER_STREAM_CONTEXT), NonPagedPoolNx, &newContext);
    if (!NT_SUCCESS(status)) leave;
    RtlZeroMemory(newContext, sizeof(TRACKER_STREAM_CONTEXT));
    newContext->Name.Buffer =
        (PWCH)ExAllocatePoolWithTag(PagedPool, nameInfo->Name.Length, TRACKER_TAG_NAME);
    if (newContext->Name.Buffer == NULL) {
      status = STATUS_INSUFFICIENT_RESOURCES;
      leave;
    }
    newContext->Name.MaximumLength = nameInfo->Name.Length;
    RtlCopyUnicodeString(&newContext->Name, &nameInfo->Name);

    status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                 FLT_SET_CONTEXT_KEEP_IF_EXISTS, newContext, &oldContext);
    if (status == STATUS_FLT_CONTEXT_ALREADY_DEFINED) {
      /* Another open won the race: use its context. */
      *Context = oldContext;
      status = STATUS_SUCCESS;
      leave;
    }
    if (!NT_SUCCESS(status)) leave;
    TrackerTableInsert(newContext);
    *Context = newContext;
    newContext = NULL; /* the caller's reference now */
    *Created = TRUE;
    if (TrackerVerbose) DbgPrint("tracker: tracking %wZ (extension %wZ)\n", &nameInfo->Name,
                                 &nameInfo->Extension);
  } finally {
    if (newContext != NULL) FltReleaseContext(newContext);
    if (nameInfo != NULL) FltReleaseFileNameInformation(nameInfo);
  }
  return status;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI TrackerPostCreate(PFLT_CALLBACK_DATA Data,
                                                    PCFLT_RELATED_OBJECTS FltObjects,
                                                    PVOID CompletionContext,
                                                    FLT_POST_OPERATION_FLAGS Flags) {
  PTRACKER_STREAM_CONTEXT context = NULL;
  BOOLEAN created = FALSE;
  UNREFERENCED_PARAMETER(CompletionContext);
  PAGED_CODE();
  if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status)) {
    return FLT_POSTOP_FINISHED_PROCESSING;
  }
  if (NT_SUCCESS(GetOrCreateStreamContext(Data, FltObjects, &context, &created))) {
    if (created) (void)TrackerQueueScan(&context->Name);
    FltReleaseContext(context);
  }
  return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI TrackerPreWrite(PFLT_CALLBACK_DATA Data,
                                                 PCFLT_RELATED_OBJECTS FltObjects,
                                                 PVOID* CompletionContext) {
  PTRACKER_STREAM_CONTEXT context = NULL;
  UNREFERENCED_PARAMETER(Data);
  if (!NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject, &context))) {
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
  }
  *CompletionContext = context; /* released in the post callback */
  return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

/* May run at DISPATCH_LEVEL: only interlocked updates and the release. */
FLT_POSTOP_CALLBACK_STATUS FLTAPI TrackerPostWrite(PFLT_CALLBACK_DATA Data,
                                                   PCFLT_RELATED_OBJECTS FltObjects,
                                                   PVOID CompletionContext,
                                                   FLT_POST_OPERATION_FLAGS Flags) {
  PTRACKER_STREAM_CONTEXT context = (PTRACKER_STREAM_CONTEXT)CompletionContext;
  UNREFERENCED_PARAMETER(FltObjects);
  UNREFERENCED_PARAMETER(Flags);
  if (NT_SUCCESS(Data->IoStatus.Status)) InterlockedIncrement(&context->Writes);
  FltReleaseContext(context);
  return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI TrackerPreSetInformation(PFLT_CALLBACK_DATA Data,
                                                          PCFLT_RELATED_OBJECTS FltObjects,
                                                          PVOID* CompletionContext) {
  FILE_INFORMATION_CLASS infoClass = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
  PFILE_RENAME_INFORMATION rename;
  PFLT_FILE_NAME_INFORMATION destination = NULL;
  NTSTATUS status;
  UNREFERENCED_PARAMETER(CompletionContext);
  PAGED_CODE();
  if (infoClass != FileRenameInformation && infoClass != FileRenameInformationEx) {
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
  }
  rename = (PFILE_RENAME_INFORMATION)Data->Iopb->Parameters.SetFileInformation.InfoBuffer;
  status = FltGetDestinationFileNameInformation(
      FltObjects->Instance, FltObjects->FileObject, rename->RootDirectory, rename->FileName,
      rename->FileNameLength, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
      &destination);
  if (NT_SUCCESS(status)) {
    if (TrackerVerbose) DbgPrint("tracker: rename to %wZ\n", &destination->Name);
    FltReleaseFileNameInformation(destination);
  }
  return FLT_PREOP_SYNCHRONIZE;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI TrackerPostSetInformation(PFLT_CALLBACK_DATA Data,
                                                            PCFLT_RELATED_OBJECTS FltObjects,
                                                            PVOID CompletionContext,
                                                            FLT_POST_OPERATION_FLAGS Flags) {
  PTRACKER_STREAM_CONTEXT context = NULL;
  PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
  UNREFERENCED_PARAMETER(CompletionContext);
  UNREFERENCED_PARAMETER(Flags);
  PAGED_CODE();
  if (!NT_SUCCESS(Data->IoStatus.Status)) return FLT_POSTOP_FINISHED_PROCESSING;
  try {
    if (!NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                        &context))) {
      leave;
    }
    if (!NT_SUCCESS(FltGetFileNameInformation(
            Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo))) {
      leave;
    }
    (void)TrackerTableRename(context, &nameInfo->Name);
  } finally {
    if (nameInfo != NULL) FltReleaseFileNameInformation(nameInfo);
    if (context != NULL) FltReleaseContext(context);
  }
  return FLT_POSTOP_FINISHED_PROCESSING;
}
