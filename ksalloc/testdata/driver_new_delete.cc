// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/testdata/driver_new_delete.cc
// -----------------------------------------------------------------------------
//
// A C++ driver's global operator new / delete, every form, as kernel drivers
// write them: nonpaged pool with the driver's tag, NULL instead of an
// exception, over-allocation for alignments above the pool's 16 bytes.
// Compiled with -include ksalloc/wdk/ksnew.h (ksalloc/BUILD.bazel) and
// otherwise unchanged driver code.

#include <cstddef>
#include <cstdint>
#include <new>

#include "poolsim/wdk/wdm.h"

namespace {

constexpr ULONG kTag = 'wNvD';  // "DvNw" in reports

void* Allocate(std::size_t bytes) { return ExAllocatePool2(POOL_FLAG_NON_PAGED, bytes, kTag); }

void Free(void* p) {
  if (p != nullptr) ExFreePoolWithTag(p, kTag);
}

// Alignment above 16: the block holds the pointer to free just below the
// aligned address.
void* AllocateAligned(std::size_t bytes, std::align_val_t alignment) {
  const std::size_t al = static_cast<std::size_t>(alignment);
  if (al <= 16) return Allocate(bytes);
  char* raw = static_cast<char*>(Allocate(bytes + al + sizeof(void*)));
  if (raw == nullptr) return nullptr;
  const uintptr_t aligned =
      (reinterpret_cast<uintptr_t>(raw) + sizeof(void*) + al - 1) & ~static_cast<uintptr_t>(al - 1);
  reinterpret_cast<void**>(aligned)[-1] = raw;
  return reinterpret_cast<void*>(aligned);
}

void FreeAligned(void* p, std::align_val_t alignment) {
  if (p == nullptr) return;
  if (static_cast<std::size_t>(alignment) <= 16) return Free(p);
  Free(static_cast<void**>(p)[-1]);
}

}  // namespace

void* operator new(std::size_t n) { return Allocate(n); }
void* operator new[](std::size_t n) { return Allocate(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return Allocate(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return Allocate(n); }
void* operator new(std::size_t n, std::align_val_t a) { return AllocateAligned(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return AllocateAligned(n, a); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return AllocateAligned(n, a);
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return AllocateAligned(n, a);
}

void operator delete(void* p) noexcept { Free(p); }
void operator delete[](void* p) noexcept { Free(p); }
void operator delete(void* p, std::size_t) noexcept { Free(p); }
void operator delete[](void* p, std::size_t) noexcept { Free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { Free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { Free(p); }
void operator delete(void* p, std::align_val_t a) noexcept { FreeAligned(p, a); }
void operator delete[](void* p, std::align_val_t a) noexcept { FreeAligned(p, a); }
void operator delete(void* p, std::size_t, std::align_val_t a) noexcept { FreeAligned(p, a); }
void operator delete[](void* p, std::size_t, std::align_val_t a) noexcept { FreeAligned(p, a); }
void operator delete(void* p, std::align_val_t a, const std::nothrow_t&) noexcept {
  FreeAligned(p, a);
}
void operator delete[](void* p, std::align_val_t a, const std::nothrow_t&) noexcept {
  FreeAligned(p, a);
}
