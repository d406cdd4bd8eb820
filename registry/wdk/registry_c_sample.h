/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: registry/wdk/registry_c_sample.h
 * -----------------------------------------------------------------------------
 *
 * Driver-style C code that reads and writes its service key the ways filters
 * do (tests only): what registry/wdk/zw_registry_test.cc calls. */

#ifndef REGISTRY_WDK_REGISTRY_C_SAMPLE_H_
#define REGISTRY_WDK_REGISTRY_C_SAMPLE_H_

#include <ntifs.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _SAMPLE_SETTINGS {
  ULONG Timeout;       /* DWORD "Timeout", default 30 */
  ULONG Flags;         /* DWORD "Flags", required */
  UNICODE_STRING Name; /* SZ "Name", allocated by RtlQueryRegistryValues */
  ULONG Extensions;    /* how many strings MULTI_SZ "Extensions" holds */
} SAMPLE_SETTINGS, *PSAMPLE_SETTINGS;

/* Reads RegistryPath\Parameters\"Timeout" with ZwOpenKey and ZwQueryValueKey
 * (KeyValuePartialInformation, sizing the buffer first). */
NTSTATUS RegSampleReadTimeout(PUNICODE_STRING RegistryPath, PULONG Timeout);

/* Reads the settings with RtlQueryRegistryValues (DIRECT entries with a
 * default, a REQUIRED one, a callback for the multi-string). */
NTSTATUS RegSampleReadSettings(PCWSTR ServiceName, PSAMPLE_SETTINGS Settings);

/* Writes DWORD "LastStatus" into the driver's Parameters key through
 * IoOpenDriverRegistryKey. */
NTSTATUS RegSampleWriteStatus(PDRIVER_OBJECT DriverObject, ULONG Status);

/* Opens RegistryPath and forgets the handle (a leak). */
NTSTATUS RegSampleLeakKey(PUNICODE_STRING RegistryPath);

#ifdef __cplusplus
}
#endif

#endif /* REGISTRY_WDK_REGISTRY_C_SAMPLE_H_ */
