// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/backend.h
// -----------------------------------------------------------------------------
//
// Where pool memory comes from: mimalloc, or the system allocator (the
// default under AddressSanitizer and ThreadSanitizer, so the sanitizers see
// every block). The only code that includes <mimalloc.h> is backend.cc.
//
// IWYU pragma: private, include "poolsim/environment.h".

#ifndef POOLSIM_INTERNAL_BACKEND_H_
#define POOLSIM_INTERNAL_BACKEND_H_

#include <cstddef>

namespace poolsim {
namespace poolsim_internal {

enum class BackendKind { kMimalloc, kSystem };

// Returns the backend to use when the caller has no preference.
BackendKind DefaultBackend();

// Returns memory of `bytes` bytes such that (result + offset) is aligned to
// `alignment` (a power of two, at least 16; `offset` a multiple of 16 and
// smaller than `bytes`), or null when the host is out of memory.
// Thread-safe.
void* BackendAllocate(BackendKind kind, size_t bytes, size_t alignment, size_t offset);

// Frees memory from BackendAllocate, given the same kind, alignment and
// offset. Thread-safe.
void BackendFree(BackendKind kind, void* start, size_t alignment, size_t offset);

}  // namespace poolsim_internal
}  // namespace poolsim

#endif  // POOLSIM_INTERNAL_BACKEND_H_
