/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: ob/wdk/ob_c_sample.c
 * -----------------------------------------------------------------------------
 *
 * Driver-style C code that uses object references, handles and processes,
 * written as a driver writes it (tests only). */

#include "ob/wdk/ob_c_sample.h"

NTSTATUS ObSampleReferenceCurrentProcess(PEPROCESS* Process) {
  HANDLE handle = NULL;
  PVOID object = NULL;
  NTSTATUS status;

  status = ObOpenObjectByPointer(PsGetCurrentProcess(), OBJ_KERNEL_HANDLE, NULL,
                                 PROCESS_QUERY_INFORMATION, *PsProcessType, KernelMode,
                                 &handle);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  status = ObReferenceObjectByHandle(handle, PROCESS_QUERY_INFORMATION, *PsProcessType,
                                     KernelMode, &object, NULL);
  ZwClose(handle);
  if (NT_SUCCESS(status)) {
    *Process = (PEPROCESS)object;
  }
  return status;
}

NTSTATUS ObSampleOpenProcess(HANDLE ProcessId, PHANDLE Handle) {
  OBJECT_ATTRIBUTES attributes;
  CLIENT_ID client;

  InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
  client.UniqueProcess = ProcessId;
  client.UniqueThread = NULL;
  return ZwOpenProcess(Handle, PROCESS_QUERY_LIMITED_INFORMATION, &attributes, &client);
}

ULONG ObSampleProcessIdOfHandle(HANDLE Handle) {
  PEPROCESS process = NULL;
  ULONG id = 0;

  if (NT_SUCCESS(ObReferenceObjectByHandle(Handle, 0, *PsProcessType, KernelMode,
                                           (PVOID*)&process, NULL))) {
    id = (ULONG)(ULONG_PTR)PsGetProcessId(process);
    ObDereferenceObject(process);
  }
  return id;
}

VOID ObSampleLeakReference(PVOID Object) { ObReferenceObject(Object); }
