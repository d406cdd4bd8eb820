// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/thread_state.h
// -----------------------------------------------------------------------------
//
// What one thread keeps of one Environment so the pool's hot path writes
// nothing another thread writes (core layer, private to poolsim):
//
//   - counters (attempts, successes, failures, frees, ...), written by the
//     owning thread with plain relaxed stores and summed by readers;
//   - a block of sequence numbers reserved from the Environment, with the
//     Environment's epoch (see SequenceSource);
//   - the history of the blocks it freed most recently, for double-free
//     reports, written with a per-entry sequence lock so any thread can read
//     it without stopping the owner.
//
// A ThreadState lives as long as its Environment: a thread that exits
// leaves its counts (and history) behind, and the next new thread to use the
// Environment takes the state over (so tests that start many threads do not
// grow the list).

#ifndef POOLSIM_INTERNAL_THREAD_STATE_H_
#define POOLSIM_INTERNAL_THREAD_STATE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "poolsim/internal/block_header.h"
#include "poolsim/internal/lock.h"
#include "poolsim/stack_trace.h"

namespace poolsim {
namespace poolsim_internal {

struct TagCounters;  // environment_impl.h

// A counter with one writer: the owner's increment is a load and a store,
// never a read-modify-write; readers on other threads load it.
class OwnedCounter {
 public:
  void Add(uint64_t n) { value_.store(value_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed); }
  uint64_t Get() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// The freed-block history of one thread: the last kFreedHistoryPerThread
// frees it made.
//
// Thread-safe: one writer (the owner), any number of readers.
class FreedHistory {
 public:
  // Keeps the free of the block at `address` with its packed header (whose
  // site and sequence the report needs) and the freeing stack. Inline: it
  // is on every free.
  void Record(uintptr_t address, const PackedHeader& header, StackId free_stack) {
    Entry* entries = entries_.load(std::memory_order_relaxed);  // the owner's own store
    if (entries == nullptr) entries = CreateEntries();
    Entry& e = entries[next_++ % kFreedHistoryPerThread];
    const uint64_t v = e.version.load(std::memory_order_relaxed);
    e.version.store(v + 1, std::memory_order_relaxed);  // odd: being written
    std::atomic_thread_fence(std::memory_order_release);
    e.words[0].store(address, std::memory_order_relaxed);
    e.words[1].store(header.word, std::memory_order_relaxed);
    e.words[2].store(header.site | (uint64_t{header.sequence_low} << 32),
                     std::memory_order_relaxed);
    e.words[3].store(free_stack, std::memory_order_relaxed);
    e.version.store(v + 2, std::memory_order_release);
  }
  // Fills `*out` with the newest entry (highest allocation sequence) for
  // `address` and returns true, or returns false if none is kept.
  bool Find(uintptr_t address, FreedEntry* out) const;
  // Forgets every entry. Not concurrent with any other use (Reset).
  void Clear() {
    delete[] entries_.exchange(nullptr, std::memory_order_acq_rel);
    next_ = 0;
  }

 private:
  struct Entry {
    std::atomic<uint64_t> version{0};     // odd while being written
    std::atomic<uint64_t> words[4] = {};  // address, packed header (2 words), stack
  };
  Entry* CreateEntries();
  // Created at the first free (many Environments, e.g. a fault sweep's
  // runs, free little); published with a release store.
  std::atomic<Entry*> entries_{nullptr};
  size_t next_ = 0;  // owner only

 public:
  FreedHistory() = default;
  ~FreedHistory() { delete[] entries_.load(std::memory_order_acquire); }
  FreedHistory(const FreedHistory&) = delete;
  FreedHistory& operator=(const FreedHistory&) = delete;
};

// ThreadTagCounts
//
// One thread's share of the per-tag counts that have no peak: outstanding
// allocations and frees, by PoolKind. (Per-tag bytes stay shared, because
// their peak depends on the running total.) Entries never move: chunks are
// appended and published with release stores.
//
// Thread-safe: For() by the owning thread only; ForEach by any thread.
class ThreadTagCounts {
 public:
  struct Entry {
    std::atomic<uint32_t> tag{0};
    OwnedCounter allocations[2];  // outstanding (may wrap below zero here)
    OwnedCounter frees[2];
    TagCounters* shared = nullptr;  // the tag's shared counters (owner only)
  };

  ThreadTagCounts() = default;
  ~ThreadTagCounts();
  ThreadTagCounts(const ThreadTagCounts&) = delete;
  ThreadTagCounts& operator=(const ThreadTagCounts&) = delete;

  Entry& For(uint32_t tag) {
    if (cached_ != nullptr && cached_tag_ == tag) return *cached_;
    return ForSlow(tag);
  }

  // Calls f(const Entry&) for every entry.
  template <typename F>
  void ForEach(F&& f) const {
    for (const Chunk* c = &first_; c != nullptr; c = c->next.load(std::memory_order_acquire)) {
      const size_t n = c->count.load(std::memory_order_acquire);
      for (size_t i = 0; i < n; ++i) f(c->entries[i]);
    }
  }

 private:
  static constexpr size_t kChunk = 32;
  struct Chunk {
    Entry entries[kChunk];
    std::atomic<size_t> count{0};
    std::atomic<Chunk*> next{nullptr};
  };
  Entry& ForSlow(uint32_t tag);

  Chunk first_;
  // Owner only.
  Chunk* last_ = &first_;
  std::vector<std::pair<uint32_t, Entry*>> index_;  // sorted by tag
  uint32_t cached_tag_ = 0;
  Entry* cached_ = nullptr;
};

// ThreadState
//
// One thread's part of one Environment. Fields marked "owner" are touched
// only by the owning thread.
struct alignas(64) ThreadState {
  OwnedCounter attempted, succeeded, failed, no_tag, frees, special;
  // Sequence numbers: [next, end) reserved; epoch seen (owner).
  uint64_t sequence_next = 0;
  uint64_t sequence_end = 0;
  uint64_t epoch_seen = 0;
  std::atomic<uint64_t> last_sequence{0};  // the latest one handed out
  FreedHistory freed;
  ThreadTagCounts tags;
};

// ThreadStates
//
// The ThreadStates of one Environment and the sequence numbers they share.
//
// Sequence numbers: each thread reserves kSequenceBlock numbers at a time
// from `reserved_` and hands them out in order, so one thread sees 1, 2, 3,
// ... Last() (LastSequence) advances the epoch; a thread that sees a new
// epoch keeps its block only if no other thread reserved after it, so every
// allocation that starts after Last() returns gets a larger number than
// Last() returned. Numbers of concurrent allocations on different threads
// are unique but follow each thread's order, not a global one.
//
// Thread-safe.
class ThreadStates {
 public:
  explicit ThreadStates(uint64_t environment_id);
  ~ThreadStates();
  ThreadStates(const ThreadStates&) = delete;
  ThreadStates& operator=(const ThreadStates&) = delete;

  // Returns the calling thread's state, creating it on first use.
  ThreadState& Mine() {
    const FastCache& c = fast_;
    for (int i = 0; i < kCacheSize; ++i) {
      if (c.env[i] == environment_id_) return *c.state[i];
    }
    return MineSlow();
  }

  // Returns the next sequence number for an allocation by `self`.
  uint64_t NextSequence(ThreadState& self);
  // The sequence number of the latest allocation (see above).
  uint64_t Last();

  // Forgets every thread's freed-block history. Not concurrent with any
  // other use of the Environment (Reset).
  void ClearFreedHistories() {
    MutexLock lock(&mu_);
    for (const auto& s : states_) s->freed.Clear();
  }

  // Calls f(const ThreadState&) for every thread's state.
  template <typename F>
  void ForEach(F&& f) const {
    MutexLock lock(&mu_);
    for (const auto& s : states_) f(*s);
  }

 private:
  static constexpr int kCacheSize = 4;
  static constexpr uint64_t kSequenceBlock = 1024;
  // The calling thread's states; at thread exit each one whose Environment
  // still exists is handed back for reuse.
  struct Cache {
    uint64_t env[kCacheSize] = {};
    ThreadStates* owner[kCacheSize] = {};
    ThreadState* state[kCacheSize] = {};
    int next = 0;
    ~Cache();
  };
  static thread_local Cache cache_;
  // The look-up half of cache_, kept in step with it: trivially destructible
  // and constant-initialized, so Mine() reads it without a TLS wrapper call.
  struct FastCache {
    uint64_t env[kCacheSize];
    ThreadState* state[kCacheSize];
  };
  static inline thread_local FastCache fast_ = {};

  ThreadState& MineSlow();
  void HandBack(ThreadState* state);

  const uint64_t environment_id_;
  std::atomic<uint64_t> epoch_{0};
  std::atomic<uint64_t> reserved_{0};  // numbers 1..reserved_ are taken
  mutable Mutex mu_;
  std::vector<std::unique_ptr<ThreadState>> states_ ABSL_GUARDED_BY(mu_);
  // in_use_[i]: states_[i] belongs to a live thread.
  std::vector<bool> in_use_ ABSL_GUARDED_BY(mu_);
};

}  // namespace poolsim_internal
}  // namespace poolsim

#endif  // POOLSIM_INTERNAL_THREAD_STATE_H_
