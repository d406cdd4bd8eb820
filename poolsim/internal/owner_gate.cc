// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/owner_gate.cc
// -----------------------------------------------------------------------------
//
// OwnerGate's slow paths: taking ownership and the switch to shared mode
// with the process-wide asymmetric barrier (core layer, private to poolsim).

#include "poolsim/internal/owner_gate.h"

#include <linux/membarrier.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace poolsim {
namespace poolsim_internal {
namespace {

long Membarrier(int command) { return syscall(__NR_membarrier, command, 0, 0); }

// Registers the process for private expedited barriers, once; true if the
// kernel offers them.
bool BarrierAvailable() {
  static const bool available = [] {
    const long commands = Membarrier(MEMBARRIER_CMD_QUERY);
    if (commands < 0 || (commands & MEMBARRIER_CMD_PRIVATE_EXPEDITED) == 0) return false;
    return Membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) == 0;
  }();
  return available;
}

}  // namespace

OwnerGate::OwnerGate() : owner_(BarrierAvailable() ? nullptr : Shared()) {}

void OwnerGate::Reset() {
  owner_.store(BarrierAvailable() ? nullptr : Shared(), std::memory_order_release);
  busy_.store(0, std::memory_order_relaxed);
}

bool OwnerGate::EnterSlow(const void* self) {
  const void* owner = owner_.load(std::memory_order_acquire);
  if (owner == Shared()) return false;
  MutexLock lock(&mu_);
  owner = owner_.load(std::memory_order_acquire);
  if (owner == nullptr) {
    // First user: nobody has written the state since the gate was made or
    // reset, so no barrier is needed.
    owner_.store(self, std::memory_order_release);
    busy_.store(1, std::memory_order_relaxed);
    return true;
  }
  if (owner == self) {  // (Enter's first check saw another value)
    busy_.store(1, std::memory_order_relaxed);
    return true;
  }
  if (owner != Shared()) {
    owner_.store(Shared(), std::memory_order_seq_cst);
    // Every running thread passes a full barrier: the owner's busy store is
    // visible now, or its re-check of owner_ sees the switch.
    // (It cannot fail once the registration succeeded.)
    Membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED);
    while (busy_.load(std::memory_order_acquire) != 0) sched_yield();
  }
  return false;
}

}  // namespace poolsim_internal
}  // namespace poolsim
