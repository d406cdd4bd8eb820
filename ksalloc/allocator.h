// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/allocator.h
// -----------------------------------------------------------------------------
//
// One kernel-streaming allocator object (ksalloc core): a pin's own
// KSALLOCATOR_DISPATCH, the default allocator (a poolsim lookaside list of
// FrameSize bytes, or KsCreateDefaultAllocatorEx's replacement callbacks),
// or a user-mode peer's allocator (host memory). It calls the driver's
// callbacks at the configured IRQL, checks every frame they return
// (alignment, size, pool), keeps the outstanding frames with the stack that
// allocated each, validates every Free, holds requests the Frames limit
// pends, and lists what it still holds for leak reports.
//
// Thread-safe: the ledger is guarded; no lock is held while a driver callback
// runs.

#ifndef KSALLOC_ALLOCATOR_H_
#define KSALLOC_ALLOCATOR_H_

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "ksalloc/wdk/kspin.h"
#include "ksalloc/wdk/kssim.h"
#include "poolsim/environment.h"
#include "poolsim/internal/lock.h"
#include "poolsim/leaked_object.h"

namespace ksalloc {

// The pool tag of the default allocator's frames and control blocks ("KsAl"
// as debuggers show it): Windows documents none.
inline constexpr ULONG kDefaultAllocatorTag = 0x6C41734B;

// Settings of the simulation (per ambient Environment).
struct Settings {
  poolsim::Irql allocator_irql = poolsim::kPassiveLevel;
  bool check_frames = true;
};

enum class AllocatorKind { kPin, kDefault, kUser };

// The driver's side of an allocator: callbacks and the context they get.
struct AllocatorCallbacks {
  PFNKSDEFAULTALLOCATE allocate = nullptr;
  PFNKSDEFAULTFREE free = nullptr;
  PFNKSDELETEALLOCATOR delete_allocator = nullptr;
  void* context = nullptr;
};

class Allocator {
 public:
  // `pin` is the pin it serves (null for a file-object allocator); `owner`
  // names it in reports. Create with Init*; Allocate/Free after that.
  Allocator(poolsim::Environment& env, AllocatorKind kind, const KSALLOCATOR_FRAMING& framing,
            const Settings& settings, PKSPIN pin, std::string owner);
  ~Allocator();
  Allocator(const Allocator&) = delete;
  Allocator& operator=(const Allocator&) = delete;

  // Driver callbacks (kPin, or kDefault with replacement callbacks).
  void SetCallbacks(const AllocatorCallbacks& callbacks);
  // kDefault without callbacks: the lookaside list (a pool control block).
  // STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.
  NTSTATUS InitLookaside();

  // Returns a checked frame, or null (the callback's NULL, the Frames limit
  // when `enforce_limit`, or a failed lookaside allocation).
  void* Allocate(bool enforce_limit);
  // Validates and frees `frame`; returns false (after the bug check) if
  // this allocator does not hold it.
  bool Free(void* frame, const void* reported_pin);
  // KSMETHOD_STREAMALLOCATOR_ALLOC: a frame, or STATUS_PENDING at the limit.
  NTSTATUS Request(KSSIM_ALLOCATOR_REQUEST* request);
  // Closes: cancels pending requests, reports frames still outstanding
  // (0xC4/0xF2006), releases the lookaside list, calls DeleteAllocator.
  // No callback runs afterwards.
  void Close();

  bool Holds(const void* frame) const;
  uint32_t outstanding() const;
  const KSALLOCATOR_FRAMING& framing() const { return framing_; }
  AllocatorKind kind() const { return kind_; }
  bool closed() const;
  uint64_t allocate_calls() const;
  uint64_t free_calls() const;
  // The frames still outstanding (and the allocator itself while never
  // closed), for leak reports.
  void AppendLeaks(std::vector<poolsim::LeakedObject>* out) const;

 private:
  struct Frame {
    poolsim::StackId stack = poolsim::kNoStack;
    uintptr_t block = 0;
    poolsim::PoolTag tag;
    poolsim::PoolKind pool = poolsim::PoolKind::kNonPaged;
  };
  void* CallAllocate();
  void CallFree(void* frame);
  // Checks a frame the driver returned; fills `record`.
  void CheckFrame(void* frame, Frame* record);
  const void* Identity() const;

  poolsim::Environment& env_;
  const AllocatorKind kind_;
  const KSALLOCATOR_FRAMING framing_;
  const Settings settings_;
  const PKSPIN pin_;
  const std::string owner_;
  const poolsim::StackId created_stack_;
  AllocatorCallbacks callbacks_;
  PLOOKASIDE_LIST_EX lookaside_ = nullptr;

  mutable poolsim::poolsim_internal::Mutex mu_;
  std::unordered_map<uintptr_t, Frame> frames_ ABSL_GUARDED_BY(mu_);
  std::unordered_set<uintptr_t> freed_ ABSL_GUARDED_BY(mu_);
  std::deque<uintptr_t> freed_order_ ABSL_GUARDED_BY(mu_);
  std::deque<KSSIM_ALLOCATOR_REQUEST*> pending_ ABSL_GUARDED_BY(mu_);
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t allocate_calls_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t free_calls_ ABSL_GUARDED_BY(mu_) = 0;
  // The last pool block a carved frame was found in.
  poolsim::BlockInfo last_block_ ABSL_GUARDED_BY(mu_);
};

// Runs a driver callback at `irql` and checks it returns there (0xC4/0x81008).
void CheckCallbackIrql(poolsim::Environment& env, const void* callback, poolsim::Irql called_at);

}  // namespace ksalloc

#endif  // KSALLOC_ALLOCATOR_H_
