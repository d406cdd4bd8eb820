/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * A small minifilter for the demo, written only against <fltKernel.h>: it
 * counts writes per stream in a stream context, from its post-write
 * callback. It has one deliberate bug: its post-read callback calls
 * DemoFilterWriteCount, which takes a reference it never releases. */

#include <fltKernel.h>

#include "examples/demo_filter.h"

#define DEMO_CONTEXT_TAG 'xtCD' /* "DCtx" */

typedef struct _DEMO_STREAM_CONTEXT {
  ULONG Writes;
} DEMO_STREAM_CONTEXT, *PDEMO_STREAM_CONTEXT;

static PFLT_FILTER DemoFilter;

static NTSTATUS FLTAPI DemoUnload(FLT_FILTER_UNLOAD_FLAGS Flags) {
  UNREFERENCED_PARAMETER(Flags);
  FltUnregisterFilter(DemoFilter);
  return STATUS_SUCCESS;
}

static const FLT_CONTEXT_REGISTRATION DemoContexts[] = {
    {FLT_STREAM_CONTEXT, 0, NULL, sizeof(DEMO_STREAM_CONTEXT), DEMO_CONTEXT_TAG, NULL, NULL,
     NULL},
    {FLT_CONTEXT_END}};

static FLT_POSTOP_CALLBACK_STATUS FLTAPI DemoPostWrite(PFLT_CALLBACK_DATA Data,
                                                      PCFLT_RELATED_OBJECTS FltObjects,
                                                      PVOID CompletionContext,
                                                      FLT_POST_OPERATION_FLAGS Flags) {
  UNREFERENCED_PARAMETER(CompletionContext);
  UNREFERENCED_PARAMETER(Flags);
  if (NT_SUCCESS(Data->IoStatus.Status)) (void)DemoFilterOnWrite(FltObjects);
  return FLT_POSTOP_FINISHED_PROCESSING;
}

/* Bug: a read looks at the write count and leaks the reference it took. */
static FLT_POSTOP_CALLBACK_STATUS FLTAPI DemoPostRead(PFLT_CALLBACK_DATA Data,
                                                     PCFLT_RELATED_OBJECTS FltObjects,
                                                     PVOID CompletionContext,
                                                     FLT_POST_OPERATION_FLAGS Flags) {
  UNREFERENCED_PARAMETER(Data);
  UNREFERENCED_PARAMETER(CompletionContext);
  UNREFERENCED_PARAMETER(Flags);
  (void)DemoFilterWriteCount(FltObjects->Instance, FltObjects->FileObject);
  return FLT_POSTOP_FINISHED_PROCESSING;
}

static const FLT_OPERATION_REGISTRATION DemoOperations[] = {
    {IRP_MJ_WRITE, 0, NULL, DemoPostWrite, NULL},
    {IRP_MJ_READ, 0, NULL, DemoPostRead, NULL},
    {IRP_MJ_OPERATION_END}};

static const FLT_REGISTRATION DemoRegistration = {
    sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION, 0, DemoContexts, DemoOperations,
    DemoUnload};

NTSTATUS DemoFilterEntry(PFLT_FILTER* Filter) {
  NTSTATUS status = FltRegisterFilter(NULL, &DemoRegistration, &DemoFilter);
  if (NT_SUCCESS(status)) status = FltStartFiltering(DemoFilter);
  *Filter = DemoFilter;
  return status;
}

/* Counts one write on the stream of `FltObjects->FileObject`. */
NTSTATUS DemoFilterOnWrite(PCFLT_RELATED_OBJECTS FltObjects) {
  PDEMO_STREAM_CONTEXT context = NULL;
  PDEMO_STREAM_CONTEXT existing = NULL;
  NTSTATUS status = FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                        (PFLT_CONTEXT*)&context);
  if (status == STATUS_NOT_FOUND) {
    status = FltAllocateContext(FltObjects->Filter, FLT_STREAM_CONTEXT,
                                sizeof(DEMO_STREAM_CONTEXT), PagedPool, (PFLT_CONTEXT*)&context);
    if (!NT_SUCCESS(status)) return status;
    context->Writes = 0;
    status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                 FLT_SET_CONTEXT_KEEP_IF_EXISTS, context,
                                 (PFLT_CONTEXT*)&existing);
    if (status == STATUS_FLT_CONTEXT_ALREADY_DEFINED) {
      FltReleaseContext(context);
      context = existing;
      status = STATUS_SUCCESS;
    }
  }
  if (!NT_SUCCESS(status)) return status;
  context->Writes++;
  FltReleaseContext(context);
  return STATUS_SUCCESS;
}

/* Bug: the reference FltGetStreamContext took is never released. */
ULONG DemoFilterWriteCount(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject) {
  PDEMO_STREAM_CONTEXT context = NULL;
  if (!NT_SUCCESS(FltGetStreamContext(Instance, FileObject, (PFLT_CONTEXT*)&context))) return 0;
  return context->Writes;
}

VOID DemoFilterUnload(VOID) { DemoUnload(0); }
