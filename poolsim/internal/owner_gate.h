// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/owner_gate.h
// -----------------------------------------------------------------------------
//
// OwnerGate: who may write an Environment's exact shared pool state (the
// outstanding counts and bytes per pool and per tag, their peaks, the pool
// budgets' reservations and the live-block registry's bytes) with plain
// stores (core layer, private to poolsim).
//
// The first thread that uses the pool becomes its owner. While it is the
// only one, it updates that state with plain loads and stores (no
// lock-prefixed instruction): one writer, so every total and every peak is
// exact. The first pool operation of a second thread switches the
// Environment to shared mode for good (until Reset): it publishes the
// switch, runs an asymmetric barrier (Linux membarrier,
// MEMBARRIER_CMD_PRIVATE_EXPEDITED, registered once per process) that makes
// every running thread of the process pass a full memory barrier, and waits
// until the owner is outside its current update window. From then on every
// thread, the former owner included, uses atomic read-modify-writes, so the
// totals, the peaks and the budgets stay exact in both modes. Without
// membarrier (an old kernel, or a sandbox that refuses it) the gate starts
// in shared mode.
//
// The owner brackets each update in Enter()/Leave(): a plain store of its
// busy flag, a compiler barrier, a re-check of the owner. The switching
// thread's barrier orders that store against its own check: either it sees
// the owner busy and waits, or the owner's re-check sees the switch. No call
// out (handler, reporter, lock) may happen between Enter and Leave.

#ifndef POOLSIM_INTERNAL_OWNER_GATE_H_
#define POOLSIM_INTERNAL_OWNER_GATE_H_

#include <atomic>
#include <cstdint>

#include "poolsim/internal/lock.h"

namespace poolsim {
namespace poolsim_internal {

// OwnerGate
//
// Thread-safe. `self` identifies the calling thread's part of the
// Environment (its ThreadState): a ThreadState handed to a new thread after
// its first thread exited carries the ownership with it, which is safe
// because the exited thread can no longer be inside a window.
class OwnerGate {
 public:
  OwnerGate();
  OwnerGate(const OwnerGate&) = delete;
  OwnerGate& operator=(const OwnerGate&) = delete;

  // Returns true if the caller owns the state and is now inside an update
  // window: it may update with plain loads and stores, and must call
  // Leave() when done. Returns false in shared mode (the caller uses atomic
  // read-modify-writes and does not call Leave). Never blocks except for the
  // one switch to shared mode, which waits for the owner's window to end.
  bool Enter(const void* self) {
    if (owner_.load(std::memory_order_relaxed) == self) {
      busy_.store(1, std::memory_order_relaxed);
      // Keeps the compiler from moving the re-check (or the updates after
      // it) above the busy store; the switching thread's membarrier orders
      // the hardware.
      std::atomic_signal_fence(std::memory_order_seq_cst);
      if (owner_.load(std::memory_order_relaxed) == self) return true;
      busy_.store(0, std::memory_order_release);
    }
    return EnterSlow(self);
  }

  // Ends the owner's update window.
  void Leave() { busy_.store(0, std::memory_order_release); }

  // Makes atomic read-modify-writes by the caller safe: switches to shared
  // mode unless the caller is the owner (whose own atomic operations never
  // race with its plain ones). For readers that claim registry bytes.
  void ShareUnlessOwner(const void* self) {
    const void* owner = owner_.load(std::memory_order_relaxed);
    if (owner == self || owner == Shared()) return;
    if (Enter(self)) Leave();
  }

  // Forgets the owner: the next thread to use the pool owns it. Not
  // concurrent with any other use (Environment::Reset).
  void Reset();

 private:
  static const void* Shared() { return reinterpret_cast<const void*>(uintptr_t{1}); }
  bool EnterSlow(const void* self);

  std::atomic<const void*> owner_;
  std::atomic<uint32_t> busy_{0};  // written by the owner only
  Mutex mu_;                       // serializes ownership changes
};

// Adds `n` to `a` and returns the new value: a plain load and store when
// `plain` (the owner inside its window), else one atomic add.
inline uint64_t AddExact(std::atomic<uint64_t>& a, uint64_t n, bool plain) {
  if (plain) {
    const uint64_t v = a.load(std::memory_order_relaxed) + n;
    a.store(v, std::memory_order_relaxed);
    return v;
  }
  return a.fetch_add(n, std::memory_order_relaxed) + n;
}

// Raises `peak` to `value` if it is higher.
inline void MaxExact(std::atomic<uint64_t>& peak, uint64_t value, bool plain) {
  uint64_t seen = peak.load(std::memory_order_relaxed);
  if (plain) {
    if (value > seen) peak.store(value, std::memory_order_relaxed);
    return;
  }
  while (value > seen && !peak.compare_exchange_weak(seen, value, std::memory_order_relaxed)) {
  }
}

}  // namespace poolsim_internal
}  // namespace poolsim

#endif  // POOLSIM_INTERNAL_OWNER_GATE_H_
