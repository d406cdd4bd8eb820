// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: examples/avstream_ring/new_delete.cpp
// -----------------------------------------------------------------------------
//
// The sample driver's global operator new / delete, every form, on the pool
// (nonpaged, tag "RgNw"), as kernel-mode C++ drivers write them: no
// exceptions, NULL on failure. In a test binary this file is compiled with
// -include ksalloc/wdk/ksnew.h (see BUILD.bazel); the code is unchanged.

#include <ks.h>

#include <cstddef>
#include <new>

namespace {

constexpr ULONG kNewTag = 'wNgR';

void* PoolNew(std::size_t bytes, std::size_t alignment) {
  if (alignment <= 16) return ExAllocatePool2(POOL_FLAG_NON_PAGED, bytes, kNewTag);
  // Larger alignments: room for the alignment and the pointer to free.
  char* raw = static_cast<char*>(
      ExAllocatePool2(POOL_FLAG_NON_PAGED, bytes + alignment + sizeof(void*), kNewTag));
  if (raw == nullptr) return nullptr;
  ULONG_PTR aligned = reinterpret_cast<ULONG_PTR>(raw) + sizeof(void*);
  aligned = (aligned + alignment - 1) & ~static_cast<ULONG_PTR>(alignment - 1);
  reinterpret_cast<void**>(aligned)[-1] = raw;
  return reinterpret_cast<void*>(aligned);
}

void PoolDelete(void* p, std::size_t alignment) {
  if (p == nullptr) return;
  if (alignment > 16) p = static_cast<void**>(p)[-1];
  ExFreePoolWithTag(p, kNewTag);
}

constexpr std::size_t kDefault = 16;

std::size_t A(std::align_val_t a) { return static_cast<std::size_t>(a); }

}  // namespace

void* operator new(std::size_t n) { return PoolNew(n, kDefault); }
void* operator new[](std::size_t n) { return PoolNew(n, kDefault); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return PoolNew(n, kDefault); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  return PoolNew(n, kDefault);
}
void* operator new(std::size_t n, std::align_val_t a) { return PoolNew(n, A(a)); }
void* operator new[](std::size_t n, std::align_val_t a) { return PoolNew(n, A(a)); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return PoolNew(n, A(a));
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return PoolNew(n, A(a));
}

void operator delete(void* p) noexcept { PoolDelete(p, kDefault); }
void operator delete[](void* p) noexcept { PoolDelete(p, kDefault); }
void operator delete(void* p, std::size_t) noexcept { PoolDelete(p, kDefault); }
void operator delete[](void* p, std::size_t) noexcept { PoolDelete(p, kDefault); }
void operator delete(void* p, const std::nothrow_t&) noexcept { PoolDelete(p, kDefault); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { PoolDelete(p, kDefault); }
void operator delete(void* p, std::align_val_t a) noexcept { PoolDelete(p, A(a)); }
void operator delete[](void* p, std::align_val_t a) noexcept { PoolDelete(p, A(a)); }
void operator delete(void* p, std::size_t, std::align_val_t a) noexcept { PoolDelete(p, A(a)); }
void operator delete[](void* p, std::size_t, std::align_val_t a) noexcept {
  PoolDelete(p, A(a));
}
void operator delete(void* p, std::align_val_t a, const std::nothrow_t&) noexcept {
  PoolDelete(p, A(a));
}
void operator delete[](void* p, std::align_val_t a, const std::nothrow_t&) noexcept {
  PoolDelete(p, A(a));
}
