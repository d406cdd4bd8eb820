/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: fltctx/wdk/flt_objects_c_sample.c
 * -----------------------------------------------------------------------------
 *
 * A minifilter in C that records who opens files (tests only), written as a
 * driver writes it. */

#include "fltctx/wdk/flt_objects_c_sample.h"

ULONG g_SampleLastRequestor = 0;
BOOLEAN g_SampleRequestorAgrees = FALSE;

static FLT_PREOP_CALLBACK_STATUS FLTAPI SamplePreCreate(PFLT_CALLBACK_DATA Data,
                                                        PCFLT_RELATED_OBJECTS FltObjects,
                                                        PVOID* CompletionContext) {
  PEPROCESS process;

  UNREFERENCED_PARAMETER(FltObjects);
  UNREFERENCED_PARAMETER(CompletionContext);
  g_SampleLastRequestor = FltGetRequestorProcessId(Data);
  process = FltGetRequestorProcess(Data);
  g_SampleRequestorAgrees =
      process != NULL && (ULONG)(ULONG_PTR)PsGetProcessId(process) == g_SampleLastRequestor &&
      FltGetRequestorProcessIdEx(Data) == (HANDLE)(ULONG_PTR)g_SampleLastRequestor;
  return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static const FLT_OPERATION_REGISTRATION g_SampleOperations[] = {
    {IRP_MJ_CREATE, 0, SamplePreCreate, NULL, NULL},
    {IRP_MJ_OPERATION_END, 0, NULL, NULL, NULL}};

const FLT_REGISTRATION g_SampleRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    g_SampleOperations,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL};

ULONG SampleCountInstances(PFLT_FILTER Filter) {
  PFLT_VOLUME* volumes;
  ULONG count = 0;
  ULONG total = 0;
  ULONG i;
  NTSTATUS status;

  status = FltEnumerateVolumes(Filter, NULL, 0, &count);
  if (status != STATUS_BUFFER_TOO_SMALL || count == 0) {
    return 0;
  }
  volumes = (PFLT_VOLUME*)ExAllocatePool2(POOL_FLAG_NON_PAGED, count * sizeof(PFLT_VOLUME),
                                          'mSvE');
  if (volumes == NULL) {
    return 0;
  }
  status = FltEnumerateVolumes(Filter, volumes, count, &count);
  if (NT_SUCCESS(status)) {
    for (i = 0; i < count; i++) {
      ULONG instances = 0;
      if (FltEnumerateInstances(volumes[i], Filter, NULL, 0, &instances) ==
          STATUS_BUFFER_TOO_SMALL) {
        total += instances;
      }
      FltObjectDereference(volumes[i]);
    }
  }
  ExFreePoolWithTag(volumes, 'mSvE');
  return total;
}

NTSTATUS SampleLeakVolumeReference(PFLT_INSTANCE Instance) {
  PFLT_VOLUME volume = NULL;
  return FltGetVolumeFromInstance(Instance, &volume);
}
