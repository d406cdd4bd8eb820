/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * File: examples/demo_filter.c
 *
 * A small minifilter for the demo, written only against <fltKernel.h>: it
 * counts writes per stream in a stream context, from its post-write
 * callback, and its post-read callback looks the count up. The demo's
 * --leaky run plants one bug: the post-read lookup keeps the context
 * reference FltGetStreamContext took, so the context outlives its stream. */

#include <fltKernel.h>

#include "examples/demo_filter.h"

#define DEMO_CONTEXT_TAG 'xtCD' /* "DCtx" */

typedef struct _DEMO_STREAM_CONTEXT {
  ULONG Writes;
} DEMO_STREAM_CONTEXT, *PDEMO_STREAM_CONTEXT;

static PFLT_FILTER DemoFilter;
static BOOLEAN DemoPlantBugs;

static NTSTATUS FLTAPI DemoUnload(FLT_FILTER_UNLOAD_FLAGS Flags) {
  UNREFERENCED_PARAMETER(Flags);
  FltUnregisterFilter(DemoFilter);
  return STATUS_SUCCESS;
}

/* Designated initializers name what they set; the rest of each entry is
 * zero, as the WDK's {FLT_CONTEXT_END} form leaves it. */
static const FLT_CONTEXT_REGISTRATION DemoContexts[] = {
    {.ContextType = FLT_STREAM_CONTEXT,
     .Size = sizeof(DEMO_STREAM_CONTEXT),
     .PoolTag = DEMO_CONTEXT_TAG},
    {.ContextType = FLT_CONTEXT_END}};

static FLT_POSTOP_CALLBACK_STATUS FLTAPI DemoPostWrite(PFLT_CALLBACK_DATA Data,
                                                      PCFLT_RELATED_OBJECTS FltObjects,
                                                      PVOID CompletionContext,
                                                      FLT_POST_OPERATION_FLAGS Flags) {
  UNREFERENCED_PARAMETER(CompletionContext);
  UNREFERENCED_PARAMETER(Flags);
  if (NT_SUCCESS(Data->IoStatus.Status)) (void)DemoFilterOnWrite(FltObjects);
  return FLT_POSTOP_FINISHED_PROCESSING;
}

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
    {.MajorFunction = IRP_MJ_WRITE, .PostOperation = DemoPostWrite},
    {.MajorFunction = IRP_MJ_READ, .PostOperation = DemoPostRead},
    {.MajorFunction = IRP_MJ_OPERATION_END}};

static const FLT_REGISTRATION DemoRegistration = {
    .Size = sizeof(FLT_REGISTRATION),
    .Version = FLT_REGISTRATION_VERSION,
    .ContextRegistration = DemoContexts,
    .OperationRegistration = DemoOperations,
    .FilterUnloadCallback = DemoUnload};

NTSTATUS DemoFilterEntry(PFLT_FILTER* Filter, BOOLEAN PlantBugs) {
  NTSTATUS status;
  DemoPlantBugs = PlantBugs;
  status = FltRegisterFilter(NULL, &DemoRegistration, &DemoFilter);
  if (NT_SUCCESS(status)) status = FltStartFiltering(DemoFilter);
  *Filter = DemoFilter;
  return status;
}

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
    } else if (!NT_SUCCESS(status)) {
      FltReleaseContext(context);
      return status;
    }
  }
  if (!NT_SUCCESS(status)) return status;
  context->Writes++;
  FltReleaseContext(context);
  return STATUS_SUCCESS;
}

ULONG DemoFilterWriteCount(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject) {
  PDEMO_STREAM_CONTEXT context = NULL;
  ULONG writes;
  if (!NT_SUCCESS(FltGetStreamContext(Instance, FileObject, (PFLT_CONTEXT*)&context))) return 0;
  writes = context->Writes;
  /* Planted bug 3: the reference FltGetStreamContext took is kept. */
  if (!DemoPlantBugs) FltReleaseContext(context);
  return writes;
}

VOID DemoFilterUnload(VOID) { DemoUnload(0); }
