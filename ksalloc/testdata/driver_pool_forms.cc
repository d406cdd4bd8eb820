// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/testdata/driver_pool_forms.cc
// -----------------------------------------------------------------------------
//
// The other pool calls a driver's operator functions may make, one helper
// each, compiled like the operators' file (-include ksalloc/wdk/ksnew.h), so
// cxx_driver_test.cc reaches every routing function.

#include "ksalloc/testdata/driver_pool_forms.h"

extern "C" {

PVOID FormPool3(SIZE_T Bytes) {
  return ExAllocatePool3(POOL_FLAG_NON_PAGED | POOL_FLAG_CACHE_ALIGNED, Bytes, kFormTag, NULL, 0);
}
PVOID FormWithTag(SIZE_T Bytes) { return ExAllocatePoolWithTag(NonPagedPoolNx, Bytes, kFormTag); }
PVOID FormZero(SIZE_T Bytes) { return ExAllocatePoolZero(NonPagedPoolNx, Bytes, kFormTag); }
PVOID FormUninitialized(SIZE_T Bytes) {
  return ExAllocatePoolUninitialized(NonPagedPoolNx, Bytes, kFormTag);
}
PVOID FormUntagged(SIZE_T Bytes) { return ExAllocatePool(NonPagedPoolNx, Bytes); }
VOID FormFreeWithTag(PVOID P) { ExFreePoolWithTag(P, kFormTag); }
VOID FormFree(PVOID P) { ExFreePool(P); }
VOID FormFree2(PVOID P) { ExFreePool2(P, kFormTag, NULL, 0); }

}  // extern "C"
