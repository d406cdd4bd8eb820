/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0 */
#include "race/testdata/schedule_pend_sample.h"

PFLT_FILTER SchedulePendFilter = NULL;

static KEVENT Queued;
static PFLT_CALLBACK_DATA Pended = NULL;

static FLT_PREOP_CALLBACK_STATUS FLTAPI PreWrite(PFLT_CALLBACK_DATA Data,
                                                 PCFLT_RELATED_OBJECTS FltObjects,
                                                 PVOID* CompletionContext) {
  UNREFERENCED_PARAMETER(FltObjects);
  UNREFERENCED_PARAMETER(CompletionContext);
  Pended = Data;
  KeSetEvent(&Queued, IO_NO_INCREMENT, FALSE);
  return FLT_PREOP_PENDING;
}

static const FLT_OPERATION_REGISTRATION Callbacks[] = {{IRP_MJ_WRITE, 0, PreWrite, NULL},
                                                        {IRP_MJ_OPERATION_END}};

static const FLT_REGISTRATION Registration = {sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION,
                                              0, NULL, Callbacks};

NTSTATUS SchedulePendLoad(VOID) {
  NTSTATUS status;
  KeInitializeEvent(&Queued, SynchronizationEvent, FALSE);
  Pended = NULL;
  status = FltRegisterFilter(NULL, &Registration, &SchedulePendFilter);
  if (!NT_SUCCESS(status)) return status;
  status = FltStartFiltering(SchedulePendFilter);
  if (!NT_SUCCESS(status)) {
    FltUnregisterFilter(SchedulePendFilter);
    SchedulePendFilter = NULL;
  }
  return status;
}

VOID SchedulePendUnload(VOID) {
  if (SchedulePendFilter != NULL) FltUnregisterFilter(SchedulePendFilter);
  SchedulePendFilter = NULL;
}

VOID SchedulePendCompleteOne(VOID) {
  PFLT_CALLBACK_DATA data;
  if (KeWaitForSingleObject(&Queued, Executive, KernelMode, FALSE, NULL) != STATUS_SUCCESS) {
    return;
  }
  data = Pended;
  Pended = NULL;
  FltCompletePendedPreOperation(data, FLT_PREOP_SUCCESS_NO_CALLBACK, NULL);
}
