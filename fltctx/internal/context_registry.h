// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/context_registry.h
// -----------------------------------------------------------------------------
//
// The context registry (internal to fltctx, core layer): every context's
// record, found by payload address in one of 64 sharded tables (read
// lock-free), its reference count and outstanding references (the
// per-thread reference logs), the quarantine of freed records that catches
// use after free, and the end of a context's life (cleanup, free, or the
// deferred queue at DISPATCH_LEVEL).
//
// IWYU pragma: private, internal to fltctx.

#ifndef FLTCTX_INTERNAL_CONTEXT_REGISTRY_H_
#define FLTCTX_INTERNAL_CONTEXT_REGISTRY_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "fltctx/internal/address_table.h"
#include "fltctx/internal/bugchecks.h"
#include "fltctx/internal/deferred_queue.h"
#include "fltctx/internal/object_model.h"
#include "fltctx/options.h"
#include "fltctx/outcomes.h"
#include "poolsim/environment.h"
#include "poolsim/internal/lock.h"
#include "poolsim/leaked_object.h"
#include "poolsim/stack_trace.h"

namespace fltctx {
namespace fltctx_internal {

// Shard
//
// One of the registry's tables: payload address -> record (written with `mu`
// held, read lock-free inside an EpochGuard), and the freed records it still
// remembers.
struct alignas(64) Shard {
  poolsim::poolsim_internal::Mutex mu;
  AddressTable map;  // writes: mu held
  std::deque<ContextRecord*> quarantine ABSL_GUARDED_BY(mu);
};

// ContextRegistry
//
// Thread-safe. Methods named *Locked need the shard lock of their record
// (ShardFor(rec->payload).mu) held. The reference word of a record changes
// without a lock (TryAddRef, the release); a link or an unlink changes it
// with a compare-exchange under the shard lock.
class ContextRegistry {
 public:
  static constexpr int kShardBits = 6;
  static constexpr int kShards = 1 << kShardBits;

  ContextRegistry(poolsim::Environment& env, const Options& options);
  ContextRegistry(const ContextRegistry&) = delete;
  ContextRegistry& operator=(const ContextRegistry&) = delete;

  Shard& ShardFor(const void* p);

  // The lookup-or-raise rule every call taking a context pointer follows:
  // if `p` is a live context, runs `fn(rec)` with its shard lock held and
  // returns the record; otherwise raises (not a context, or used after it
  // was freed) for `op` with no lock held and returns null.
  template <typename Fn>
  ContextRecord* WithLive(const void* p, const char* op, Fn&& fn);
  // The same with nothing to do under the lock.
  ContextRecord* LiveOrRaise(const void* p, const char* op);
  // The record entered under `p` (live, freeing or quarantined), or null.
  // Lock-free; the caller holds an EpochGuard while it uses the record.
  ContextRecord* Find(const void* p) { return ShardFor(p).map.Find(p); }

  // Takes a reference if the count is not zero (the context is not being
  // freed); false if it is. Lock-free.
  static bool TryAddRef(ContextRecord* rec) {
    uint64_t w = rec->ref_word.load(std::memory_order_relaxed);
    do {
      if (RefCount(w) == 0) return false;
    } while (!rec->ref_word.compare_exchange_weak(w, w + kOneRef, std::memory_order_acquire,
                                                  std::memory_order_relaxed));
    return true;
  }
  // Records a caller reference just taken under `op` (tracking on).
  void LogRef(ContextRecord* rec, const char* op, poolsim::StackId stack);
  // Drops the record of one caller reference (tracking on).
  static void DropRef(ContextRecord* rec);
  bool tracking() const { return options_.track_references; }

  // Captures the calling stack if references are tracked (kNoStack if not).
  poolsim::StackId Capture() const;

  // Enters a new record (count 1, the allocation reference) under its
  // payload address.
  void Add(ContextRecord* rec);
  // Returns the next allocation serial.
  uint64_t NextSerial() { return sequence_.fetch_add(1, std::memory_order_relaxed) + 1; }

  // Adds a caller reference recorded under `op` to a context the caller
  // knows is alive (attached, with its slot lock held); false if it is
  // being freed after all.
  bool AddRef(ContextRecord* rec, const char* op, poolsim::StackId stack);

  // The link block: attaches `rec` to `slots` under `key` (taking the
  // attachment's reference); false (nothing changed) if its count reached
  // zero meanwhile. The slot table entry is the caller's.
  static bool LinkLocked(ContextRecord* rec, Slots* slots, const void* key, Instance* instance,
                         const std::string& where);
  // The record side of a detach: marks `rec` detached. With `to_caller`, the
  // attachment's reference becomes a caller reference recorded under `op`;
  // otherwise it is dropped. Returns true if the count reached zero (call
  // FinalRelease with no lock held then). Takes the shard lock.
  bool Unlink(ContextRecord* rec, bool to_caller, const char* op, poolsim::StackId stack);
  // If `rec` is linked, sets `*slots` and `*key` to where it is attached
  // and returns true. Takes the shard lock.
  bool AttachmentOf(ContextRecord* rec, Slots** slots, const void** key);

  // The count reached zero on this thread at `irql`: runs cleanup and free
  // now, or queues them for PASSIVE_LEVEL from DISPATCH_LEVEL. No lock held.
  void FinalRelease(ContextRecord* rec, poolsim::Irql irql);
  void FinalizeAll(const std::vector<ContextRecord*>& dead);

  // Deferred work (the DeferredQueue's).
  size_t DrainDeferred() { return deferred_.Drain(); }
  size_t PendingDeferred() { return deferred_.Pending(); }
  void StopDeferred() { deferred_.Stop(); }

  // Returns a snapshot of `context`.
  ContextInfo Inspect(const void* context);
  size_t LiveCount() const { return live_contexts_.load(std::memory_order_relaxed); }
  // The live contexts (not freed) of `type`. Takes each shard lock in turn.
  size_t LiveCount(ContextType type);
  // Lists the live contexts (not freed or freeing) that `filter` owns (all if
  // null) and have references beyond their attachment, in allocation order.
  std::vector<poolsim::LeakedObject> Referenced(const Filter* filter);
  // Deletes every record (the FilterManager's end; blocks of live contexts
  // stay allocated, as leaked).
  void DeleteAllRecords();
  ~ContextRegistry();

 private:
  // Runs cleanup and free for a record whose count reached zero, then moves
  // it to the quarantine. No lock held.
  void Finalize(ContextRecord* rec);

  poolsim::Environment& env_;
  const Options& options_;
  std::array<Shard, kShards> shards_;
  std::atomic<uint64_t> sequence_{0};
  std::atomic<size_t> live_contexts_{0};
  DeferredQueue deferred_;
};

template <typename Fn>
ContextRecord* ContextRegistry::WithLive(const void* p, const char* op, Fn&& fn) {
  EpochGuard guard;  // a quarantined record read after the lock drops
  Shard& s = ShardFor(p);
  ContextRecord* freed = nullptr;
  {
    poolsim::poolsim_internal::MutexLock l(&s.mu);
    if (ContextRecord* rec = s.map.Find(p)) {
      const RecordState state = rec->state.load(std::memory_order_acquire);
      if (state != RecordState::kFreed && state != RecordState::kFreeing) {
        fn(rec);
        return rec;
      }
      freed = rec;
    }
  }
  if (freed != nullptr) {
    RaiseUseAfterFree(env_, freed, op);
  } else {
    RaiseNotAContext(env_, p, op);
  }
  return nullptr;
}

}  // namespace fltctx_internal
}  // namespace fltctx

#endif  // FLTCTX_INTERNAL_CONTEXT_REGISTRY_H_
