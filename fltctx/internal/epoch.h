// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/epoch.h
// -----------------------------------------------------------------------------
//
// Epoch-based deferred reclamation (internal to fltctx, core layer): the
// records and tables that readers find without a lock (context records in
// attachment slots, the registry's address tables, the live-handle tables)
// are retired here instead of deleted, and deleted only once no reader can
// still hold a pointer to them.
//
// The scheme. A global epoch counter; every thread that reads lock-free
// owns a participant slot holding the epoch it entered at (0 while outside
// any read section). EpochGuard publishes the current epoch with a
// sequentially consistent exchange before the reader loads any shared
// pointer (or, where Linux's membarrier(2) is available and the build is not
// under ThreadSanitizer, a plain store made ordered by the reclaimer's
// process-wide barrier), and clears it (release) on exit. Retire tags an object with the
// epoch current when it was unlinked (after the unlink is visible). The
// epoch advances from e to e + 1 only when every active participant has
// entered at e; an object tagged e is deleted once the epoch reaches e + 2,
// when every reader that could have seen it has left. A reader parked
// inside a guard delays reclamation (memory only), never correctness.
//
// IWYU pragma: private, internal to fltctx.

#ifndef FLTCTX_INTERNAL_EPOCH_H_
#define FLTCTX_INTERNAL_EPOCH_H_

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace fltctx {
namespace fltctx_internal {

// One thread's published epoch (0: outside every read section).
struct alignas(64) EpochParticipant {
  std::atomic<uint64_t> entered{0};
  std::atomic<bool> in_use{false};
  uint32_t depth = 0;  // nesting, the owning thread's only
  EpochParticipant* next = nullptr;  // the participant list, append-only
};

namespace epoch_internal {
// The global epoch (starts at 1: 0 in a participant means "outside").
extern std::atomic<uint64_t> global_epoch;
// The calling thread's participant once registered (null before).
extern thread_local EpochParticipant* thread_participant;
// Set once during static initialization, before any thread starts: the
// reclaimer issues a process-wide memory barrier (membarrier(2)) before it
// reads the participants, so a reader's publication needs no fence.
extern const bool asymmetric_fences;
EpochParticipant& RegisterThread();
}  // namespace epoch_internal

// Returns the calling thread's participant (registered on first use, given
// back for reuse when the thread exits). Thread-safe.
inline EpochParticipant& CurrentEpochParticipant() {
  EpochParticipant* p = epoch_internal::thread_participant;
  return p != nullptr ? *p : epoch_internal::RegisterThread();
}

// Enters / leaves a read section on the calling thread (nestable).
inline void EnterEpoch(EpochParticipant& p) {
  if (p.depth++ != 0) return;
  const uint64_t e = epoch_internal::global_epoch.load(std::memory_order_acquire);
  if (epoch_internal::asymmetric_fences) {
    // The reclaimer's membarrier supplies the store-load order; only the
    // compiler must keep the store before the section's loads.
    p.entered.store(e, std::memory_order_relaxed);
    std::atomic_signal_fence(std::memory_order_seq_cst);
  } else {
    // The exchange orders the publication before every later load of a
    // shared pointer (a full barrier), the store-load order the scheme needs.
    p.entered.exchange(e, std::memory_order_seq_cst);
  }
}
inline void ExitEpoch(EpochParticipant& p) {
  if (--p.depth == 0) p.entered.store(0, std::memory_order_release);
}

// EpochGuard
//
// Holds a read section for its lifetime: pointers loaded from a structure
// whose objects are retired through RetireObject stay valid until the guard
// goes. Any IRQL; no lock taken; never blocks.
//
// Thread-compatible (one thread's guard).
class EpochGuard {
 public:
  EpochGuard() : p_(CurrentEpochParticipant()) { EnterEpoch(p_); }
  ~EpochGuard() { ExitEpoch(p_); }
  EpochGuard(const EpochGuard&) = delete;
  EpochGuard& operator=(const EpochGuard&) = delete;

 private:
  EpochParticipant& p_;
};

// Retires `object`: `deleter(object)` runs once no read section that could
// have loaded it is still open (possibly on another thread, later). The
// caller has already made it unreachable for new readers. Thread-safe; may
// run deleters of older objects on the calling thread, so call it with no
// lock held that a deleter takes (a file object's deleter takes the
// live-handle registry's lock).
void RetireObject(void* object, void (*deleter)(void*));

template <typename T>
void Retire(T* object) {
  RetireObject(object, [](void* p) { delete static_cast<T*>(p); });
}

// Whether read sections use the asymmetric fence (see epoch.cc).
bool UsesAsymmetricFences();

// Tries to advance the epoch and runs every deleter that has become safe;
// returns how many ran. Thread-safe; call with no read section open on the
// calling thread for the fullest effect.
size_t ReclaimRetired();

// How many retired objects wait for their deleter (tests, benchmarks).
size_t RetiredPending();

}  // namespace fltctx_internal
}  // namespace fltctx

#endif  // FLTCTX_INTERNAL_EPOCH_H_
