/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: registry/wdk/registry_c_sample.c
 * -----------------------------------------------------------------------------
 *
 * Driver-style C code that reads and writes its service key, written as a
 * filter writes it (tests only). */

#include "registry/wdk/registry_c_sample.h"

#include <ntstrsafe.h>

#define SAMPLE_TAG 'gRmS'

NTSTATUS RegSampleReadTimeout(PUNICODE_STRING RegistryPath, PULONG Timeout) {
  OBJECT_ATTRIBUTES attributes;
  UNICODE_STRING parameters = RTL_CONSTANT_STRING(L"Parameters");
  UNICODE_STRING value_name = RTL_CONSTANT_STRING(L"Timeout");
  HANDLE service = NULL;
  HANDLE key = NULL;
  PKEY_VALUE_PARTIAL_INFORMATION info = NULL;
  ULONG length = 0;
  NTSTATUS status;

  InitializeObjectAttributes(&attributes, RegistryPath,
                             OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
  status = ZwOpenKey(&service, KEY_READ, &attributes);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  InitializeObjectAttributes(&attributes, &parameters, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                             service, NULL);
  status = ZwOpenKey(&key, KEY_READ, &attributes);
  ZwClose(service);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  status = ZwQueryValueKey(key, &value_name, KeyValuePartialInformation, NULL, 0, &length);
  if (status == STATUS_BUFFER_TOO_SMALL || status == STATUS_BUFFER_OVERFLOW) {
    info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePool2(POOL_FLAG_PAGED, length, SAMPLE_TAG);
    if (info == NULL) {
      status = STATUS_INSUFFICIENT_RESOURCES;
    } else {
      status = ZwQueryValueKey(key, &value_name, KeyValuePartialInformation, info, length,
                               &length);
      if (NT_SUCCESS(status)) {
        if (info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
          *Timeout = *(PULONG)info->Data;
        } else {
          status = STATUS_OBJECT_TYPE_MISMATCH;
        }
      }
      ExFreePoolWithTag(info, SAMPLE_TAG);
    }
  }
  ZwClose(key);
  return status;
}

static NTSTATUS NTAPI CountExtension(PWSTR ValueName, ULONG ValueType, PVOID ValueData,
                                     ULONG ValueLength, PVOID Context, PVOID EntryContext) {
  PSAMPLE_SETTINGS settings = (PSAMPLE_SETTINGS)Context;

  UNREFERENCED_PARAMETER(ValueName);
  UNREFERENCED_PARAMETER(ValueData);
  UNREFERENCED_PARAMETER(EntryContext);
  if (ValueType == REG_SZ && ValueLength > sizeof(WCHAR)) {
    settings->Extensions++;
  }
  return STATUS_SUCCESS;
}

NTSTATUS RegSampleReadSettings(PCWSTR ServiceName, PSAMPLE_SETTINGS Settings) {
  RTL_QUERY_REGISTRY_TABLE table[6];
  ULONG default_timeout = 30;
  WCHAR path[128];
  NTSTATUS status;

  status = RtlStringCchPrintfW(path, RTL_NUMBER_OF(path), L"%ws\\Parameters", ServiceName);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  RtlZeroMemory(table, sizeof(table));
  RtlZeroMemory(Settings, sizeof(*Settings));
  table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
  table[0].Name = L"Timeout";
  table[0].EntryContext = &Settings->Timeout;
  table[0].DefaultType = REG_DWORD;
  table[0].DefaultData = &default_timeout;
  table[0].DefaultLength = sizeof(ULONG);
  table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED;
  table[1].Name = L"Flags";
  table[1].EntryContext = &Settings->Flags;
  table[2].Flags = RTL_QUERY_REGISTRY_DIRECT;
  table[2].Name = L"Name";
  table[2].EntryContext = &Settings->Name;
  table[3].QueryRoutine = CountExtension;
  table[3].Name = L"Extensions";
  return RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, path, table, Settings, NULL);
}

NTSTATUS RegSampleWriteStatus(PDRIVER_OBJECT DriverObject, ULONG Status) {
  UNICODE_STRING value_name = RTL_CONSTANT_STRING(L"LastStatus");
  HANDLE key = NULL;
  NTSTATUS status;

  status = IoOpenDriverRegistryKey(DriverObject, DriverRegKeyParameters, KEY_WRITE, 0, &key);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  status = ZwSetValueKey(key, &value_name, 0, REG_DWORD, &Status, sizeof(Status));
  ZwClose(key);
  return status;
}

NTSTATUS RegSampleLeakKey(PUNICODE_STRING RegistryPath) {
  OBJECT_ATTRIBUTES attributes;
  HANDLE key = NULL;

  InitializeObjectAttributes(&attributes, RegistryPath, OBJ_KERNEL_HANDLE, NULL, NULL);
  return ZwOpenKey(&key, KEY_READ, &attributes);
}
