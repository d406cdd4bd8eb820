// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The write-quota minifilter (see quota.h). Unchanged WDK-style C.

#include "quota.h"

#define QUOTA_TAG 'atoQ' /* shows as "Qota" */

typedef struct _QUOTA_STREAM_CONTEXT {
  LONG Writes;
} QUOTA_STREAM_CONTEXT, *PQUOTA_STREAM_CONTEXT;

PFLT_FILTER QuotaFilter;

static FLT_POSTOP_CALLBACK_STATUS FLTAPI QuotaPostCreate(PFLT_CALLBACK_DATA Data,
                                                         PCFLT_RELATED_OBJECTS FltObjects,
                                                         PVOID CompletionContext,
                                                         FLT_POST_OPERATION_FLAGS Flags) {
  PQUOTA_STREAM_CONTEXT context = NULL;
  UNREFERENCED_PARAMETER(CompletionContext);
  UNREFERENCED_PARAMETER(Flags);
  if (!NT_SUCCESS(Data->IoStatus.Status)) return FLT_POSTOP_FINISHED_PROCESSING;
  if (NT_SUCCESS(FltAllocateContext(FltObjects->Filter, FLT_STREAM_CONTEXT,
                                    sizeof(QUOTA_STREAM_CONTEXT), NonPagedPoolNx,
                                    (PFLT_CONTEXT*)&context))) {
    context->Writes = 0;
    /* A second open of the stream finds the context already there. */
    FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                        FLT_SET_CONTEXT_KEEP_IF_EXISTS, context, NULL);
    FltReleaseContext(context);
  }
  return FLT_POSTOP_FINISHED_PROCESSING;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI QuotaPreWrite(PFLT_CALLBACK_DATA Data,
                                                      PCFLT_RELATED_OBJECTS FltObjects,
                                                      PVOID* CompletionContext) {
  PQUOTA_STREAM_CONTEXT context = NULL;
  *CompletionContext = NULL;
  if (!NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                      (PFLT_CONTEXT*)&context))) {
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
  }
  if (InterlockedIncrement(&context->Writes) > QUOTA_WRITES) {
    Data->IoStatus.Status = STATUS_ACCESS_DENIED;
    Data->IoStatus.Information = 0;
    return FLT_PREOP_COMPLETE; /* the planted bug: the context is not released */
  }
  FltReleaseContext(context);
  return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static const FLT_CONTEXT_REGISTRATION Contexts[] = {
    {FLT_STREAM_CONTEXT, 0, NULL, sizeof(QUOTA_STREAM_CONTEXT), QUOTA_TAG},
    {FLT_CONTEXT_END}};

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    {IRP_MJ_CREATE, 0, NULL, QuotaPostCreate},
    {IRP_MJ_WRITE, 0, QuotaPreWrite, NULL},
    {IRP_MJ_OPERATION_END}};

static const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION, 0, Contexts, Callbacks, QuotaUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL};

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  NTSTATUS status;
  UNREFERENCED_PARAMETER(RegistryPath);
  status = FltRegisterFilter(DriverObject, &Registration, &QuotaFilter);
  if (!NT_SUCCESS(status)) return status;
  status = FltStartFiltering(QuotaFilter);
  if (!NT_SUCCESS(status)) {
    FltUnregisterFilter(QuotaFilter);
    QuotaFilter = NULL;
  }
  return status;
}

NTSTATUS FLTAPI QuotaUnload(FLT_FILTER_UNLOAD_FLAGS Flags) {
  UNREFERENCED_PARAMETER(Flags);
  FltUnregisterFilter(QuotaFilter);
  QuotaFilter = NULL;
  return STATUS_SUCCESS;
}
