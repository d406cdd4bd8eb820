/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * A small minifilter written in C11 against <fltKernel.h>. */

#include "fltctx/wdk/testdata/sample_filter.h"

#include <stddef.h>

#define SAMPLE_TAG 'xtCS'

/* The WDK's x64 layouts. */
_Static_assert(sizeof(FLT_CONTEXT_REGISTRATION) == 56, "FLT_CONTEXT_REGISTRATION size");
_Static_assert(offsetof(FLT_CONTEXT_REGISTRATION, Size) == 16, "Size offset");
_Static_assert(offsetof(FLT_CONTEXT_REGISTRATION, Reserved1) == 48, "Reserved1 offset");
_Static_assert(sizeof(FLT_RELATED_OBJECTS) == 48, "FLT_RELATED_OBJECTS size");
_Static_assert(sizeof(FLT_REGISTRATION) == 112, "FLT_REGISTRATION size");
_Static_assert(offsetof(FILE_OBJECT, FsContext) == 24, "FsContext offset");

typedef struct _SAMPLE_INSTANCE_CONTEXT {
  PFLT_VOLUME Volume;
  ULONG Generation;
} SAMPLE_INSTANCE_CONTEXT, *PSAMPLE_INSTANCE_CONTEXT;

typedef struct _SAMPLE_HANDLE_CONTEXT {
  ULONG OpenNumber;
} SAMPLE_HANDLE_CONTEXT, *PSAMPLE_HANDLE_CONTEXT;

static PFLT_FILTER g_filter;
static ULONG g_cleanups[7];

static VOID FLTAPI SampleContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE ContextType) {
  ULONG i;
  for (i = 0; i < 7; ++i) {
    if (ContextType == (1u << i)) g_cleanups[i]++;
  }
  if (ContextType == FLT_STREAM_CONTEXT) {
    ((PSAMPLE_STREAM_CONTEXT)Context)->Magic = 0;
  }
}

static NTSTATUS FLTAPI SampleInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects,
                                           FLT_INSTANCE_SETUP_FLAGS Flags,
                                           DEVICE_TYPE VolumeDeviceType,
                                           FLT_FILESYSTEM_TYPE VolumeFilesystemType) {
  PSAMPLE_INSTANCE_CONTEXT context = NULL;
  NTSTATUS status;
  UNREFERENCED_PARAMETER(Flags);
  UNREFERENCED_PARAMETER(VolumeFilesystemType);
  if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) return STATUS_UNSUCCESSFUL;
  status = FltAllocateContext(FltObjects->Filter, FLT_INSTANCE_CONTEXT,
                              sizeof(SAMPLE_INSTANCE_CONTEXT), PagedPool,
                              (PFLT_CONTEXT*)&context);
  if (!NT_SUCCESS(status)) return status;
  context->Volume = FltObjects->Volume;
  context->Generation = 1;
  status = FltSetInstanceContext(FltObjects->Instance, FLT_SET_CONTEXT_KEEP_IF_EXISTS, context,
                                 NULL);
  FltReleaseContext(context);
  return status;
}

static const FLT_CONTEXT_REGISTRATION kContexts[] = {
    {FLT_INSTANCE_CONTEXT, 0, SampleContextCleanup, sizeof(SAMPLE_INSTANCE_CONTEXT), SAMPLE_TAG,
     NULL, NULL, NULL},
    {FLT_STREAM_CONTEXT, 0, SampleContextCleanup, sizeof(SAMPLE_STREAM_CONTEXT), SAMPLE_TAG, NULL,
     NULL, NULL},
    {FLT_STREAMHANDLE_CONTEXT, 0, SampleContextCleanup, FLT_VARIABLE_SIZED_CONTEXTS, SAMPLE_TAG,
     NULL, NULL, NULL},
    {FLT_CONTEXT_END}};

static const FLT_REGISTRATION kRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    kContexts,
    NULL,
    SampleUnload,
    SampleInstanceSetup,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL};

NTSTATUS SampleDriverEntry(PFLT_FILTER* Filter) {
  NTSTATUS status = FltRegisterFilter(NULL, &kRegistration, &g_filter);
  if (!NT_SUCCESS(status)) return status;
  status = FltStartFiltering(g_filter);
  if (!NT_SUCCESS(status)) {
    FltUnregisterFilter(g_filter);
    return status;
  }
  *Filter = g_filter;
  return STATUS_SUCCESS;
}

/* Get-or-create with KEEP_IF_EXISTS; the caller releases *StreamContext. */
static NTSTATUS SampleFindOrCreateStreamContext(PCFLT_RELATED_OBJECTS FltObjects,
                                                PSAMPLE_STREAM_CONTEXT* StreamContext) {
  PSAMPLE_STREAM_CONTEXT context = NULL;
  PSAMPLE_STREAM_CONTEXT existing = NULL;
  NTSTATUS status = FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                        (PFLT_CONTEXT*)&context);
  if (NT_SUCCESS(status)) {
    *StreamContext = context;
    return status;
  }
  if (status != STATUS_NOT_FOUND) return status;
  status = FltAllocateContext(FltObjects->Filter, FLT_STREAM_CONTEXT,
                              sizeof(SAMPLE_STREAM_CONTEXT), PagedPool, (PFLT_CONTEXT*)&context);
  if (!NT_SUCCESS(status)) return status;
  RtlZeroMemory(context, sizeof(*context));
  context->Magic = SAMPLE_STREAM_MAGIC;
  status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                               FLT_SET_CONTEXT_KEEP_IF_EXISTS, context,
                               (PFLT_CONTEXT*)&existing);
  if (status == STATUS_FLT_CONTEXT_ALREADY_DEFINED) {
    FltReleaseContext(context);
    *StreamContext = existing;
    return STATUS_SUCCESS;
  }
  if (!NT_SUCCESS(status)) {
    FltReleaseContext(context);
    return status;
  }
  *StreamContext = context;
  return STATUS_SUCCESS;
}

NTSTATUS SamplePostCreate(PCFLT_RELATED_OBJECTS FltObjects) {
  PSAMPLE_STREAM_CONTEXT stream = NULL;
  PSAMPLE_HANDLE_CONTEXT handle = NULL;
  PFLT_CONTEXT old = NULL;
  NTSTATUS status;
  if (!FltSupportsStreamContexts(FltObjects->FileObject)) return STATUS_NOT_SUPPORTED;
  status = SampleFindOrCreateStreamContext(FltObjects, &stream);
  if (!NT_SUCCESS(status)) return status;
  stream->OpenCount++;
  status = FltAllocateContext(FltObjects->Filter, FLT_STREAMHANDLE_CONTEXT,
                              sizeof(SAMPLE_HANDLE_CONTEXT), NonPagedPoolNx,
                              (PFLT_CONTEXT*)&handle);
  if (NT_SUCCESS(status)) {
    handle->OpenNumber = stream->OpenCount;
    status = FltSetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                       FLT_SET_CONTEXT_REPLACE_IF_EXISTS, handle, &old);
    if (old != NULL) FltReleaseContext(old);
    FltReleaseContext(handle);
  }
  FltReleaseContext(stream);
  return status;
}

LONG SampleOpenCount(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject) {
  PSAMPLE_STREAM_CONTEXT stream = NULL;
  LONG count;
  if (!NT_SUCCESS(FltGetStreamContext(Instance, FileObject, (PFLT_CONTEXT*)&stream))) return -1;
  count = stream->Magic == SAMPLE_STREAM_MAGIC ? (LONG)stream->OpenCount : -2;
  FltReleaseContext(stream);
  return count;
}

NTSTATUS SampleUnload(FLT_FILTER_UNLOAD_FLAGS Flags) {
  UNREFERENCED_PARAMETER(Flags);
  FltUnregisterFilter(g_filter);
  g_filter = NULL;
  return STATUS_SUCCESS;
}

ULONG SampleCleanups(FLT_CONTEXT_TYPE Type) {
  ULONG i;
  for (i = 0; i < 7; ++i) {
    if (Type == (1u << i)) return g_cleanups[i];
  }
  return 0;
}

VOID SampleLeakStreamContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject) {
  PFLT_CONTEXT context = NULL;
  (void)FltGetStreamContext(Instance, FileObject, &context);
}

void SampleReset(void) {
  ULONG i;
  for (i = 0; i < 7; ++i) g_cleanups[i] = 0;
  g_filter = NULL;
}
