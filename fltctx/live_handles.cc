// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/live_handles.cc
// -----------------------------------------------------------------------------
//
// The live-handle registry: an open-addressing table of atomic slots, each
// holding (address << 8 | kind), 0 for never used and 1 for a removed entry.
// Writers (object creation and destruction) serialize on a mutex and grow
// (or, when removed entries fill it, compact) the table by publishing a
// fresh copy; readers probe the current table with acquire loads inside an
// EpochGuard and take no lock. A replaced table is retired through the
// epoch scheme (fltctx/internal/epoch.h): deleted once no reader can still
// be probing it, so memory stays flat however many objects come and go.
// Core layer.

#include "fltctx/live_handles.h"

#include <atomic>
#include <cstddef>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "fltctx/internal/epoch.h"
#include "poolsim/internal/lock.h"

namespace fltctx {
namespace {

constexpr uint64_t kEmpty = 0;
constexpr uint64_t kRemoved = 1;

struct Table {
  explicit Table(size_t capacity)
      : mask(capacity - 1), slots(new std::atomic<uint64_t>[capacity]) {
    for (size_t i = 0; i < capacity; ++i) slots[i].store(kEmpty, std::memory_order_relaxed);
  }
  const size_t mask;
  std::unique_ptr<std::atomic<uint64_t>[]> slots;
};

uint64_t Pack(const void* pointer, HandleKind kind) {
  return static_cast<uint64_t>(reinterpret_cast<uintptr_t>(pointer)) << 8 |
         static_cast<uint64_t>(kind);
}
uintptr_t AddressOf(uint64_t packed) { return static_cast<uintptr_t>(packed >> 8); }

size_t Hash(uintptr_t a) {
  uint64_t x = static_cast<uint64_t>(a) * 0x9E3779B97F4A7C15ull;
  return static_cast<size_t>(x ^ (x >> 29));
}

class Registry {
 public:
  Registry() { current_.store(new Table(4096), std::memory_order_release); }

  bool Contains(const void* pointer, HandleKind kind) const {
    fltctx_internal::EpochGuard guard;
    const Table* t = current_.load(std::memory_order_acquire);
    const uintptr_t address = reinterpret_cast<uintptr_t>(pointer);
    for (size_t i = Hash(address) & t->mask, n = 0; n <= t->mask; i = (i + 1) & t->mask, ++n) {
      const uint64_t v = t->slots[i].load(std::memory_order_acquire);
      if (v == kEmpty) return false;
      if (v != kRemoved && AddressOf(v) == address) return v == Pack(pointer, kind);
    }
    return false;
  }

  void Add(const void* pointer, HandleKind kind) {
    Table* replaced = nullptr;
    {
      poolsim::poolsim_internal::MutexLock lock(&mu_);
      Table* t = current_.load(std::memory_order_relaxed);
      if ((used_ + 1) * 2 > t->mask + 1) {
        replaced = t;
        t = Rebuild();
      }
      InsertInto(t, Pack(pointer, kind));
      ++used_;
      ++live_;
    }
    // Outside the lock: retiring may run deleters of older objects, which
    // unregister handles themselves.
    if (replaced != nullptr) fltctx_internal::Retire(replaced);
  }

  void Remove(const void* pointer) {
    poolsim::poolsim_internal::MutexLock lock(&mu_);
    Table* t = current_.load(std::memory_order_relaxed);
    const uintptr_t address = reinterpret_cast<uintptr_t>(pointer);
    for (size_t i = Hash(address) & t->mask, n = 0; n <= t->mask; i = (i + 1) & t->mask, ++n) {
      const uint64_t v = t->slots[i].load(std::memory_order_relaxed);
      if (v == kEmpty) return;
      if (v != kRemoved && AddressOf(v) == address) {
        t->slots[i].store(kRemoved, std::memory_order_release);
        --live_;
        return;
      }
    }
  }

 private:
  static void InsertInto(Table* t, uint64_t packed) {
    for (size_t i = Hash(AddressOf(packed)) & t->mask;; i = (i + 1) & t->mask) {
      const uint64_t v = t->slots[i].load(std::memory_order_relaxed);
      if (v == kEmpty) {
        t->slots[i].store(packed, std::memory_order_release);
        return;
      }
    }
  }

  // A new table with room for four times the live entries (removed ones
  // dropped), published for readers; the caller retires the old one.
  Table* Rebuild() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    Table* old = current_.load(std::memory_order_relaxed);
    size_t capacity = 4096;
    while (capacity < (live_ + 1) * 4) capacity *= 2;
    auto* fresh = new Table(capacity);
    for (size_t i = 0; i <= old->mask; ++i) {
      const uint64_t v = old->slots[i].load(std::memory_order_relaxed);
      if (v != kEmpty && v != kRemoved) InsertInto(fresh, v);
    }
    used_ = live_;
    current_.store(fresh, std::memory_order_release);
    ++rebuilds_;
    return fresh;
  }

 public:
  size_t Rebuilds() {
    poolsim::poolsim_internal::MutexLock lock(&mu_);
    return rebuilds_;
  }

 private:
  poolsim::poolsim_internal::Mutex mu_;
  std::atomic<Table*> current_{nullptr};
  size_t rebuilds_ ABSL_GUARDED_BY(mu_) = 0;
  size_t used_ ABSL_GUARDED_BY(mu_) = 0;  // live and removed slots
  size_t live_ ABSL_GUARDED_BY(mu_) = 0;
};

Registry& Shared() {
  static Registry* registry = new Registry();
  return *registry;
}

}  // namespace

bool IsLiveHandle(const void* pointer, HandleKind kind) {
  return pointer != nullptr && Shared().Contains(pointer, kind);
}

namespace fltctx_internal {

void RegisterHandle(const void* pointer, HandleKind kind) { Shared().Add(pointer, kind); }
void UnregisterHandle(const void* pointer) { Shared().Remove(pointer); }
size_t LiveHandleTableRebuilds() { return Shared().Rebuilds(); }

}  // namespace fltctx_internal
}  // namespace fltctx
