// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/block_map.cc
// -----------------------------------------------------------------------------
//
// BlockMap: the lock-free live-block registry (core layer, private to
// poolsim). Levels come from mmap, zero-filled and committed lazily.

#include "poolsim/internal/block_map.h"

#include <sched.h>
#include <sys/mman.h>

#include <cstring>

namespace poolsim {
namespace poolsim_internal {
namespace {

void* MapZeroed(size_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                 -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

}  // namespace

BlockMap::~BlockMap() {
  for (auto& top : top_) {
    Mid* mid = top.load(std::memory_order_acquire);
    if (mid == nullptr) continue;
    for (auto& slot : mid->leaves) {
      Leaf* leaf = slot.load(std::memory_order_acquire);
      if (leaf != nullptr) munmap(leaf, sizeof(Leaf));
    }
    munmap(mid, sizeof(Mid));
  }
}

BlockMap::Leaf* BlockMap::CreateLeaf(uintptr_t address) {
  const size_t granule = address >> 4;
  const size_t t = granule >> (kLeafBits + kMidBits);
  const size_t m = (granule >> kLeafBits) & (kMidSize - 1);
  Mid* mid = top_[t].load(std::memory_order_acquire);
  if (mid == nullptr) {
    Mid* fresh = static_cast<Mid*>(MapZeroed(sizeof(Mid)));
    if (fresh == nullptr) return nullptr;
    if (top_[t].compare_exchange_strong(mid, fresh, std::memory_order_acq_rel,
                                        std::memory_order_acquire)) {
      mid = fresh;
    } else {
      munmap(fresh, sizeof(Mid));  // another thread installed one first
    }
  }
  Leaf* leaf = mid->leaves[m].load(std::memory_order_acquire);
  if (leaf == nullptr) {
    Leaf* fresh = static_cast<Leaf*>(MapZeroed(sizeof(Leaf)));
    if (fresh == nullptr) return nullptr;
    if (mid->leaves[m].compare_exchange_strong(leaf, fresh, std::memory_order_acq_rel,
                                               std::memory_order_acquire)) {
      leaf = fresh;
    } else {
      munmap(fresh, sizeof(Leaf));
    }
  }
  return leaf;
}

bool BlockMap::Claim(uintptr_t address) {
  if (!Addressable(address)) return false;
  std::atomic<uint8_t>* slot = Slot(address, /*create=*/false);
  if (slot == nullptr) return false;
  for (;;) {
    uint8_t state = kLive;
    if (slot->compare_exchange_strong(state, kFreeing, std::memory_order_acquire,
                                      std::memory_order_acquire)) {
      return true;
    }
    if (state != kFreeing) return false;
    sched_yield();  // another thread copies or frees it: wait for the outcome
  }
}

void BlockMap::Clear() {
  for (auto& top : top_) {
    Mid* mid = top.load(std::memory_order_acquire);
    if (mid == nullptr) continue;
    for (auto& slot : mid->leaves) {
      Leaf* leaf = slot.load(std::memory_order_acquire);
      // Give the pages back: a cleared leaf reads as zeros again, touched
      // runs included.
      if (leaf != nullptr) madvise(leaf, sizeof(Leaf), MADV_DONTNEED);
    }
  }
}

}  // namespace poolsim_internal
}  // namespace poolsim
