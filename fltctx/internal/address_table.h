// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/address_table.h
// -----------------------------------------------------------------------------
//
// AddressTable, an open-addressing map from an address to a ContextRecord
// that readers probe without a lock (internal to fltctx, core layer): one
// per registry shard. Writers hold the shard lock; a table that grows is
// replaced by a larger copy and the old one retired through the epoch
// scheme (fltctx/internal/epoch.h), so a reader inside an EpochGuard never
// probes freed memory.
//
// IWYU pragma: private, internal to fltctx.

#ifndef FLTCTX_INTERNAL_ADDRESS_TABLE_H_
#define FLTCTX_INTERNAL_ADDRESS_TABLE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "fltctx/internal/epoch.h"

namespace fltctx {
namespace fltctx_internal {

struct ContextRecord;

// AddressTable
//
// Find: lock-free, any thread, inside an EpochGuard. Every other method:
// the owner's lock held (thread-compatible otherwise).
class AddressTable {
 public:
  AddressTable() : current_(new Table(kInitialCapacity)) {}
  ~AddressTable() { delete current_.load(std::memory_order_relaxed); }
  AddressTable(const AddressTable&) = delete;
  AddressTable& operator=(const AddressTable&) = delete;

  // The record entered under `address`, or null.
  ContextRecord* Find(const void* address) const {
    const Table* t = current_.load(std::memory_order_acquire);
    const uintptr_t a = reinterpret_cast<uintptr_t>(address);
    for (size_t i = Hash(a) & t->mask, n = 0; n <= t->mask; i = (i + 1) & t->mask, ++n) {
      const uintptr_t k = t->slots[i].key.load(std::memory_order_acquire);
      if (k == kEmpty) return nullptr;
      if (k == a) return t->slots[i].value.load(std::memory_order_acquire);
    }
    return nullptr;
  }

  // Enters `rec` under `address`, replacing what was there.
  void Put(const void* address, ContextRecord* rec) {
    Table* t = current_.load(std::memory_order_relaxed);
    const uintptr_t a = reinterpret_cast<uintptr_t>(address);
    if (Slot* s = Locate(t, a)) {
      s->value.store(rec, std::memory_order_release);
      return;
    }
    if ((used_ + 1) * 2 > t->mask + 1) t = Rebuild();
    Insert(t, a, rec);
    ++used_;
    ++live_;
  }

  // Removes `address` if `rec` is what is entered under it.
  void EraseIf(const void* address, const ContextRecord* rec) {
    Table* t = current_.load(std::memory_order_relaxed);
    Slot* s = Locate(t, reinterpret_cast<uintptr_t>(address));
    if (s == nullptr || s->value.load(std::memory_order_relaxed) != rec) return;
    s->key.store(kRemoved, std::memory_order_release);
    --live_;
  }

  // Calls `fn(record)` for every entry.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    const Table* t = current_.load(std::memory_order_relaxed);
    for (size_t i = 0; i <= t->mask; ++i) {
      const uintptr_t k = t->slots[i].key.load(std::memory_order_relaxed);
      if (k != kEmpty && k != kRemoved) fn(t->slots[i].value.load(std::memory_order_relaxed));
    }
  }

  // Empties the table (no reader may be probing: the owner's end).
  void Clear() {
    delete current_.exchange(new Table(kInitialCapacity), std::memory_order_acq_rel);
    used_ = live_ = 0;
  }

 private:
  static constexpr uintptr_t kEmpty = 0;
  static constexpr uintptr_t kRemoved = 1;
  static constexpr size_t kInitialCapacity = 64;

  struct Slot {
    std::atomic<uintptr_t> key{kEmpty};
    std::atomic<ContextRecord*> value{nullptr};
  };
  struct Table {
    explicit Table(size_t capacity) : mask(capacity - 1), slots(new Slot[capacity]) {}
    const size_t mask;
    std::unique_ptr<Slot[]> slots;
  };

  static size_t Hash(uintptr_t a) {
    uint64_t x = (static_cast<uint64_t>(a) >> 4) * 0x9E3779B97F4A7C15ull;
    return static_cast<size_t>(x ^ (x >> 31));
  }
  static Slot* Locate(Table* t, uintptr_t a) {
    for (size_t i = Hash(a) & t->mask, n = 0; n <= t->mask; i = (i + 1) & t->mask, ++n) {
      const uintptr_t k = t->slots[i].key.load(std::memory_order_relaxed);
      if (k == kEmpty) return nullptr;
      if (k == a) return &t->slots[i];
    }
    return nullptr;
  }
  static void Insert(Table* t, uintptr_t a, ContextRecord* rec) {
    for (size_t i = Hash(a) & t->mask;; i = (i + 1) & t->mask) {
      if (t->slots[i].key.load(std::memory_order_relaxed) == kEmpty) {
        t->slots[i].value.store(rec, std::memory_order_relaxed);
        t->slots[i].key.store(a, std::memory_order_release);  // publishes the value
        return;
      }
    }
  }
  // A copy with room for four times the live entries (removed ones dropped),
  // published for readers; the old one is retired.
  Table* Rebuild() {
    Table* old = current_.load(std::memory_order_relaxed);
    size_t capacity = kInitialCapacity;
    while (capacity < (live_ + 1) * 4) capacity *= 2;
    auto* fresh = new Table(capacity);
    for (size_t i = 0; i <= old->mask; ++i) {
      const uintptr_t k = old->slots[i].key.load(std::memory_order_relaxed);
      if (k != kEmpty && k != kRemoved) {
        Insert(fresh, k, old->slots[i].value.load(std::memory_order_relaxed));
      }
    }
    used_ = live_;
    current_.store(fresh, std::memory_order_release);
    Retire(old);
    return fresh;
  }

  std::atomic<Table*> current_;
  size_t used_ = 0;  // live and removed slots
  size_t live_ = 0;
};

}  // namespace fltctx_internal
}  // namespace fltctx

#endif  // FLTCTX_INTERNAL_ADDRESS_TABLE_H_
