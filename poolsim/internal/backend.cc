// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0

#include "poolsim/internal/backend.h"

#include <mimalloc.h>

#include <cstdlib>

namespace poolsim {
namespace poolsim_internal {

BackendKind DefaultBackend() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  return BackendKind::kSystem;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
  return BackendKind::kSystem;
#else
  return BackendKind::kMimalloc;
#endif
#else
  return BackendKind::kMimalloc;
#endif
}

void* BackendAllocate(BackendKind kind, size_t bytes, size_t alignment, size_t offset) {
  if (kind == BackendKind::kMimalloc) {
    // mimalloc's blocks are 16-aligned already; its aligned entry point is a
    // slower path that also rounds up to a bigger size class.
    if (alignment <= 16 && offset % 16 == 0) return mi_malloc(bytes);
    return mi_malloc_aligned_at(bytes, alignment, offset);
  }
  // The system allocator has no "aligned at offset": over-allocate so the
  // aligned point lands `offset` bytes in. The caller frees by base, which it
  // recovers from its own header.
  // malloc returns 16-byte aligned memory on x86-64 and arm64 glibc.
  if (alignment <= 16 && offset % 16 == 0) return std::malloc(bytes);
  void* base = nullptr;
  // The aligned point is base + alignment; the `offset` bytes before it are
  // part of the same block.
  if (posix_memalign(&base, alignment, bytes - offset + alignment) != 0) return nullptr;
  return static_cast<char*>(base) + alignment - offset;
}

void BackendFree(BackendKind kind, void* start, size_t alignment, size_t offset) {
  if (kind == BackendKind::kMimalloc) {
    mi_free(start);
  } else if (alignment <= 16 && offset % 16 == 0) {
    std::free(start);
  } else {
    std::free(static_cast<char*>(start) + offset - alignment);
  }
}

}  // namespace poolsim_internal
}  // namespace poolsim
