/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0 */
#include "race/testdata/forget_sample.h"

#define FORGET_TAG 'tgrF'

typedef struct _FORGET_STREAM {
  LONG Writes;
} FORGET_STREAM, *PFORGET_STREAM;

FORGET_SAMPLE_MODE ForgetSampleMode = ForgetSampleCorrect;
PFLT_FILTER ForgetSampleFilter = NULL;
LONG ForgetSampleWrites = 0;

/* Post-create: make sure the stream has its counter (the loser of a
 * concurrent set drops its own and keeps nothing). */
static FLT_POSTOP_CALLBACK_STATUS FLTAPI ForgetPostCreate(PFLT_CALLBACK_DATA Data,
                                                          PCFLT_RELATED_OBJECTS FltObjects,
                                                          PVOID CompletionContext,
                                                          FLT_POST_OPERATION_FLAGS Flags) {
  PFORGET_STREAM stream = NULL;
  NTSTATUS status;
  UNREFERENCED_PARAMETER(CompletionContext);
  if (!NT_SUCCESS(Data->IoStatus.Status) || (Flags & FLTFL_POST_OPERATION_DRAINING) != 0) {
    return FLT_POSTOP_FINISHED_PROCESSING;
  }
  status = FltAllocateContext(FltObjects->Filter, FLT_STREAM_CONTEXT, sizeof(FORGET_STREAM),
                              NonPagedPoolNx, (PFLT_CONTEXT*)&stream);
  if (!NT_SUCCESS(status)) return FLT_POSTOP_FINISHED_PROCESSING;
  stream->Writes = 0;
  (void)FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                            FLT_SET_CONTEXT_KEEP_IF_EXISTS, stream, NULL);
  FltReleaseContext(stream); /* the stream's attachment, if any, keeps it */
  return FLT_POSTOP_FINISHED_PROCESSING;
}

/* Post-write: count it. */
static FLT_POSTOP_CALLBACK_STATUS FLTAPI ForgetPostWrite(PFLT_CALLBACK_DATA Data,
                                                         PCFLT_RELATED_OBJECTS FltObjects,
                                                         PVOID CompletionContext,
                                                         FLT_POST_OPERATION_FLAGS Flags) {
  PFORGET_STREAM stream = NULL;
  UNREFERENCED_PARAMETER(CompletionContext);
  UNREFERENCED_PARAMETER(Flags);
  if (!NT_SUCCESS(Data->IoStatus.Status)) return FLT_POSTOP_FINISHED_PROCESSING;
  if (NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                     (PFLT_CONTEXT*)&stream))) {
    InterlockedIncrement(&stream->Writes);
    FltReleaseContext(stream);
  }
  return FLT_POSTOP_FINISHED_PROCESSING;
}

/* Pre-cleanup: add the stream's count to the total and forget the stream. */
static FLT_PREOP_CALLBACK_STATUS FLTAPI ForgetPreCleanup(PFLT_CALLBACK_DATA Data,
                                                         PCFLT_RELATED_OBJECTS FltObjects,
                                                         PVOID* CompletionContext) {
  PFORGET_STREAM stream = NULL;
  UNREFERENCED_PARAMETER(Data);
  *CompletionContext = NULL;
  if (!NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                      (PFLT_CONTEXT*)&stream))) {
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
  }
  InterlockedExchangeAdd(&ForgetSampleWrites, stream->Writes);
  if (ForgetSampleMode == ForgetSampleCorrect) {
    FltDeleteContext(stream);  /* our reference keeps it until... */
    FltReleaseContext(stream); /* ...this, whoever deleted it */
  } else {
    FltReleaseContext(stream);
    FltDeleteContext(stream); /* the bug: the pointer is no longer ours */
  }
  return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static const FLT_CONTEXT_REGISTRATION ForgetContexts[] = {
    {FLT_STREAM_CONTEXT, 0, NULL, sizeof(FORGET_STREAM), FORGET_TAG}, {FLT_CONTEXT_END}};

static const FLT_OPERATION_REGISTRATION ForgetCallbacks[] = {
    {IRP_MJ_CREATE, 0, NULL, ForgetPostCreate},
    {IRP_MJ_WRITE, 0, NULL, ForgetPostWrite},
    {IRP_MJ_CLEANUP, 0, ForgetPreCleanup, NULL},
    {IRP_MJ_OPERATION_END}};

static const FLT_REGISTRATION ForgetRegistration = {
    sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION, 0, ForgetContexts, ForgetCallbacks};

NTSTATUS ForgetSampleLoad(VOID) {
  NTSTATUS status = FltRegisterFilter(NULL, &ForgetRegistration, &ForgetSampleFilter);
  if (!NT_SUCCESS(status)) return status;
  status = FltStartFiltering(ForgetSampleFilter);
  if (!NT_SUCCESS(status)) {
    FltUnregisterFilter(ForgetSampleFilter);
    ForgetSampleFilter = NULL;
  }
  return status;
}

VOID ForgetSampleUnload(VOID) {
  if (ForgetSampleFilter != NULL) FltUnregisterFilter(ForgetSampleFilter);
  ForgetSampleFilter = NULL;
}
