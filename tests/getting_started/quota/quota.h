// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The write-quota minifilter of docs/getting-started.md ("A first minifilter
// test"): each stream takes at most QUOTA_WRITES writes; later ones are
// denied. Its deny path forgets to release the stream context: the planted
// reference leak the page shows.

#ifndef TESTS_GETTING_STARTED_QUOTA_QUOTA_H_
#define TESTS_GETTING_STARTED_QUOTA_QUOTA_H_

#include <fltKernel.h>

POOLSIM_BEGIN_EXTERN_C

#define QUOTA_WRITES 2

extern PFLT_FILTER QuotaFilter;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);
NTSTATUS FLTAPI QuotaUnload(FLT_FILTER_UNLOAD_FLAGS Flags);

POOLSIM_END_EXTERN_C

#endif  // TESTS_GETTING_STARTED_QUOTA_QUOTA_H_
