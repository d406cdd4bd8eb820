// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/live_handles.h
// -----------------------------------------------------------------------------
//
// Core layer: every live object a driver may hold a pointer to (filters,
// volumes, instances, file objects, transactions, and the FILE_OBJECTs the
// WDK surface hands out) is registered here from its construction to its
// destruction, so that the WDK surface looks a handle up before it reads
// through it: a foreign, stale or wrong-type pointer is then a report, not a
// read of the host's memory. Lookups take no lock and write nothing shared;
// replaced tables are reclaimed through the epoch scheme.

#ifndef FLTCTX_LIVE_HANDLES_H_
#define FLTCTX_LIVE_HANDLES_H_

#include <cstddef>
#include <cstdint>

namespace fltctx {

// HandleKind
enum class HandleKind : uint8_t {
  kFilter = 2,
  kVolume,
  kInstance,
  kFileObject,      // the core's FileObject
  kTransaction,
  kWdkFileObject,   // the FILE_OBJECT the WDK surface gives drivers
};

// IsLiveHandle()
//
// Returns true if `pointer` is a live object of `kind`. Thread-safe, lock-free.
bool IsLiveHandle(const void* pointer, HandleKind kind);

namespace fltctx_internal {

// Registration (the objects' constructors and destructors). Thread-safe.
void RegisterHandle(const void* pointer, HandleKind kind);
void UnregisterHandle(const void* pointer);
// How many times the table has been replaced (tests).
size_t LiveHandleTableRebuilds();

// LiveHandle: a member that registers its object for the object's lifetime.
class LiveHandle {
 public:
  LiveHandle(const void* object, HandleKind kind) : object_(object) {
    RegisterHandle(object, kind);
  }
  ~LiveHandle() { UnregisterHandle(object_); }
  LiveHandle(const LiveHandle&) = delete;
  LiveHandle& operator=(const LiveHandle&) = delete;

 private:
  const void* object_;
};

}  // namespace fltctx_internal
}  // namespace fltctx

#endif  // FLTCTX_LIVE_HANDLES_H_
