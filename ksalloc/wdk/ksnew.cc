// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/wdk/ksnew.cc
// -----------------------------------------------------------------------------
//
// The routing functions ksalloc/wdk/ksnew.h puts in place of the pool calls
// inside a C++ driver's operator new / delete (ksalloc's WDK surface): the
// caller decides pool or host (ksalloc/new_routing.h), then one call.
// This file must not see ksnew.h's macros: it calls the real functions.

#include <cstddef>

#include "ksalloc/new_routing.h"
#include "poolsim/wdk/wdm.h"

namespace {

bool ForTheDriver() { return ksalloc::ClassifyNewCaller(0) == ksalloc::NewOwner::kDriver; }

size_t Alignment(POOL_FLAGS flags) { return (flags & POOL_FLAG_CACHE_ALIGNED) != 0 ? 64 : 16; }

bool Zeroed(POOL_FLAGS flags) { return (flags & POOL_FLAG_UNINITIALIZED) == 0; }

}  // namespace

extern "C" {

PVOID NTAPI KsSimNewAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag) {
  if (!ForTheDriver()) return ksalloc::HostAllocate(NumberOfBytes, Alignment(Flags), Zeroed(Flags));
  ksalloc::NestedRouting nested;
  ksalloc::CountRoutedToPool();
  return ExAllocatePool2(Flags, NumberOfBytes, Tag);
}

PVOID NTAPI KsSimNewAllocatePool3(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag,
                                  PCPOOL_EXTENDED_PARAMETER ExtendedParameters,
                                  ULONG ExtendedParametersCount) {
  if (!ForTheDriver()) return ksalloc::HostAllocate(NumberOfBytes, Alignment(Flags), Zeroed(Flags));
  ksalloc::NestedRouting nested;
  ksalloc::CountRoutedToPool();
  return ExAllocatePool3(Flags, NumberOfBytes, Tag, ExtendedParameters, ExtendedParametersCount);
}

PVOID NTAPI KsSimNewAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
  if (!ForTheDriver()) return ksalloc::HostAllocate(NumberOfBytes, 16, false);
  ksalloc::NestedRouting nested;
  ksalloc::CountRoutedToPool();
  return ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
}

PVOID NTAPI KsSimNewAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
  if (!ForTheDriver()) return ksalloc::HostAllocate(NumberOfBytes, 16, true);
  ksalloc::NestedRouting nested;
  ksalloc::CountRoutedToPool();
  return ExAllocatePoolZero(PoolType, NumberOfBytes, Tag);
}

PVOID NTAPI KsSimNewAllocatePoolUninitialized(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                              ULONG Tag) {
  if (!ForTheDriver()) return ksalloc::HostAllocate(NumberOfBytes, 16, false);
  ksalloc::NestedRouting nested;
  ksalloc::CountRoutedToPool();
  return ExAllocatePoolUninitialized(PoolType, NumberOfBytes, Tag);
}

PVOID NTAPI KsSimNewAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes) {
  if (!ForTheDriver()) return ksalloc::HostAllocate(NumberOfBytes, 16, false);
  ksalloc::NestedRouting nested;
  ksalloc::CountRoutedToPool();
  return ExAllocatePool(PoolType, NumberOfBytes);
}

VOID NTAPI KsSimNewFreePoolWithTag(PVOID P, ULONG Tag) {
  if (P != nullptr && ksalloc::HostFreeIfOwned(P)) return;
  ksalloc::NestedRouting nested;
  ExFreePoolWithTag(P, Tag);
}

VOID NTAPI KsSimNewFreePool(PVOID P) {
  if (P != nullptr && ksalloc::HostFreeIfOwned(P)) return;
  ksalloc::NestedRouting nested;
  ExFreePool(P);
}

VOID NTAPI KsSimNewFreePool2(PVOID P, ULONG Tag, PCPOOL_EXTENDED_PARAMETER ExtendedParameters,
                             ULONG ExtendedParametersCount) {
  if (P != nullptr && ksalloc::HostFreeIfOwned(P)) return;
  ksalloc::NestedRouting nested;
  ExFreePool2(P, Tag, ExtendedParameters, ExtendedParametersCount);
}

}  // extern "C"
