/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0 */
#include "race/testdata/audit_sample.h"

#define AUDIT_RECORD_TAG 'rduA'
#define AUDIT_INSTANCE_TAG 'iduA'

typedef struct _AUDIT_RECORD {
  ULONG Length;
} AUDIT_RECORD, *PAUDIT_RECORD;

typedef struct _AUDIT_INSTANCE {
  LONG Bytes;
} AUDIT_INSTANCE, *PAUDIT_INSTANCE;

AUDIT_SAMPLE_MODE AuditSampleMode = AuditSampleCorrect;
PFLT_FILTER AuditSampleFilter = NULL;
LONG AuditSampleBytes = 0;

static NTSTATUS FLTAPI AuditInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects,
                                          FLT_INSTANCE_SETUP_FLAGS Flags,
                                          DEVICE_TYPE VolumeDeviceType,
                                          FLT_FILESYSTEM_TYPE VolumeFilesystemType) {
  PAUDIT_INSTANCE instance = NULL;
  NTSTATUS status;
  UNREFERENCED_PARAMETER(Flags);
  UNREFERENCED_PARAMETER(VolumeDeviceType);
  UNREFERENCED_PARAMETER(VolumeFilesystemType);
  status = FltAllocateContext(FltObjects->Filter, FLT_INSTANCE_CONTEXT, sizeof(AUDIT_INSTANCE),
                              NonPagedPoolNx, (PFLT_CONTEXT*)&instance);
  if (!NT_SUCCESS(status)) return status;
  instance->Bytes = 0;
  status = FltSetInstanceContext(FltObjects->Instance, FLT_SET_CONTEXT_KEEP_IF_EXISTS, instance,
                                 NULL);
  FltReleaseContext(instance);
  return status == STATUS_FLT_CONTEXT_ALREADY_DEFINED ? STATUS_SUCCESS : status;
}

static VOID FLTAPI AuditTeardownComplete(PCFLT_RELATED_OBJECTS FltObjects,
                                         FLT_INSTANCE_TEARDOWN_FLAGS Reason) {
  PAUDIT_INSTANCE instance = NULL;
  UNREFERENCED_PARAMETER(Reason);
  if (NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, (PFLT_CONTEXT*)&instance))) {
    InterlockedExchangeAdd(&AuditSampleBytes, instance->Bytes);
    FltReleaseContext(instance);
  }
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI AuditPreWrite(PFLT_CALLBACK_DATA Data,
                                                      PCFLT_RELATED_OBJECTS FltObjects,
                                                      PVOID* CompletionContext) {
  PAUDIT_RECORD record;
  UNREFERENCED_PARAMETER(FltObjects);
  *CompletionContext = NULL;
  record = (PAUDIT_RECORD)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(AUDIT_RECORD),
                                          AUDIT_RECORD_TAG);
  if (record == NULL) return FLT_PREOP_SUCCESS_NO_CALLBACK;
  record->Length = Data->Iopb->Parameters.Write.Length;
  *CompletionContext = record;
  return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI AuditPostWrite(PFLT_CALLBACK_DATA Data,
                                                        PCFLT_RELATED_OBJECTS FltObjects,
                                                        PVOID CompletionContext,
                                                        FLT_POST_OPERATION_FLAGS Flags) {
  PAUDIT_RECORD record = (PAUDIT_RECORD)CompletionContext;
  PAUDIT_INSTANCE instance = NULL;
  if ((Flags & FLTFL_POST_OPERATION_DRAINING) != 0) {
    /* The instance is going away: no completion processing, only cleanup. */
    if (AuditSampleMode == AuditSampleCorrect) ExFreePoolWithTag(record, AUDIT_RECORD_TAG);
    return FLT_POSTOP_FINISHED_PROCESSING; /* the bug: the record stays allocated */
  }
  if (NT_SUCCESS(Data->IoStatus.Status) &&
      NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, (PFLT_CONTEXT*)&instance))) {
    InterlockedExchangeAdd(&instance->Bytes, (LONG)record->Length);
    FltReleaseContext(instance);
  }
  ExFreePoolWithTag(record, AUDIT_RECORD_TAG);
  return FLT_POSTOP_FINISHED_PROCESSING;
}

static const FLT_CONTEXT_REGISTRATION AuditContexts[] = {
    {FLT_INSTANCE_CONTEXT, 0, NULL, sizeof(AUDIT_INSTANCE), AUDIT_INSTANCE_TAG},
    {FLT_CONTEXT_END}};

static const FLT_OPERATION_REGISTRATION AuditCallbacks[] = {
    {IRP_MJ_WRITE, 0, AuditPreWrite, AuditPostWrite}, {IRP_MJ_OPERATION_END}};

static const FLT_REGISTRATION AuditRegistration = {
    sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION, 0, AuditContexts, AuditCallbacks,
    NULL /* unload */, AuditInstanceSetup, NULL /* query teardown */,
    NULL /* teardown start */, AuditTeardownComplete};

NTSTATUS AuditSampleLoad(VOID) {
  NTSTATUS status = FltRegisterFilter(NULL, &AuditRegistration, &AuditSampleFilter);
  if (!NT_SUCCESS(status)) return status;
  status = FltStartFiltering(AuditSampleFilter);
  if (!NT_SUCCESS(status)) {
    FltUnregisterFilter(AuditSampleFilter);
    AuditSampleFilter = NULL;
  }
  return status;
}

VOID AuditSampleUnload(VOID) {
  if (AuditSampleFilter != NULL) FltUnregisterFilter(AuditSampleFilter);
  AuditSampleFilter = NULL;
}
