// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/wdk/memory.cc
// -----------------------------------------------------------------------------
//
// RtlSecureZeroMemory (rtl/wdk/rtl_memory.h): the NULL check of
// rtl/internal/checks.h, then volatile stores the compiler cannot drop.

#include "rtl/internal/checks.h"
#include "rtl/wdk/rtl_memory.h"

extern "C" {

PVOID NTAPI RtlSecureZeroMemory(PVOID Destination, SIZE_T Length) {
  if (Length == 0) return Destination;
  if (!rtl::rtl_internal::NotNull(Destination, true, "RtlSecureZeroMemory", "Destination")) {
    return Destination;
  }
  volatile char* p = static_cast<volatile char*>(Destination);
  for (SIZE_T i = 0; i < Length; ++i) p[i] = 0;
  return Destination;
}

}  // extern "C"
