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
