// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/thread_state.cc
// -----------------------------------------------------------------------------
//
// Per-thread pool state: the freed-block history and the sequence numbers
// (core layer, private to poolsim).

#include "poolsim/internal/thread_state.h"

#include <sched.h>

#include <algorithm>
#include <cstring>

namespace poolsim {
namespace poolsim_internal {

thread_local ThreadStates::Cache ThreadStates::cache_;

namespace {

// The Environments whose ThreadStates exist, so a thread that exits hands
// its states back only to an Environment that is still alive.
Mutex& LiveMutex() {
  static Mutex* mu = new Mutex();
  return *mu;
}
std::vector<const ThreadStates*>& LiveSets() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  static auto* sets = new std::vector<const ThreadStates*>();
  return *sets;
}

}  // namespace

ThreadStates::ThreadStates(uint64_t environment_id) : environment_id_(environment_id) {
  MutexLock lock(&LiveMutex());
  LiveSets().push_back(this);
}

ThreadStates::~ThreadStates() {
  MutexLock lock(&LiveMutex());
  auto& sets = LiveSets();
  sets.erase(std::remove(sets.begin(), sets.end(), this), sets.end());
}

ThreadStates::Cache::~Cache() {
  MutexLock lock(&LiveMutex());
  const auto& sets = LiveSets();
  for (int i = 0; i < kCacheSize; ++i) {
    if (state[i] == nullptr) continue;
    // The id check guards against a new Environment at a dead one's address.
    for (const ThreadStates* live : sets) {
      if (live == owner[i] && live->environment_id_ == env[i]) owner[i]->HandBack(state[i]);
    }
  }
}

void ThreadStates::HandBack(ThreadState* state) {
  MutexLock lock(&mu_);
  for (size_t i = 0; i < states_.size(); ++i) {
    if (states_[i].get() == state) in_use_[i] = false;
  }
}

FreedHistory::Entry* FreedHistory::CreateEntries() {
  // Created at the first free; published for readers with a release store.
  Entry* entries = new Entry[kFreedHistoryPerThread];
  entries_.store(entries, std::memory_order_release);
  return entries;
}

bool FreedHistory::Find(uintptr_t address, FreedEntry* out) const {
  bool found = false;
  const Entry* entries = entries_.load(std::memory_order_acquire);
  if (entries == nullptr) return false;
  for (size_t i = 0; i < kFreedHistoryPerThread; ++i) {
    const Entry& e = entries[i];
    if (e.words[0].load(std::memory_order_relaxed) != address) continue;
    for (;;) {
      const uint64_t v1 = e.version.load(std::memory_order_acquire);
      if (v1 & 1) {  // the owner is writing it: wait
        sched_yield();
        continue;
      }
      uint64_t w[4];
      for (int k = 0; k < 4; ++k) w[k] = e.words[k].load(std::memory_order_relaxed);
      std::atomic_thread_fence(std::memory_order_acquire);
      if (e.version.load(std::memory_order_relaxed) != v1) continue;
      if (w[0] != address) break;  // reused for another block meanwhile
      FreedEntry candidate;
      candidate.address = address;
      PackedHeader packed;
      packed.word = w[1];
      packed.site = static_cast<uint32_t>(w[2]);
      packed.sequence_low = static_cast<uint32_t>(w[2] >> 32);
      candidate.header = Unpack(packed);
      candidate.free_stack = static_cast<StackId>(w[3]);
      // Keep the latest free if the address was reused and freed again.
      if (!found || candidate.header.sequence > out->header.sequence) *out = candidate;
      found = true;
      break;
    }
  }
  return found;
}

ThreadTagCounts::~ThreadTagCounts() {
  Chunk* c = first_.next.load(std::memory_order_acquire);
  while (c != nullptr) {
    Chunk* next = c->next.load(std::memory_order_acquire);
    delete c;
    c = next;
  }
}

ThreadTagCounts::Entry& ThreadTagCounts::ForSlow(uint32_t tag) {
  auto it = std::lower_bound(index_.begin(), index_.end(), tag,
                             [](const std::pair<uint32_t, Entry*>& e, uint32_t t) {
                               return e.first < t;
                             });
  Entry* entry;
  if (it != index_.end() && it->first == tag) {
    entry = it->second;
  } else {
    size_t n = last_->count.load(std::memory_order_relaxed);
    if (n == kChunk) {
      Chunk* fresh = new Chunk();
      last_->next.store(fresh, std::memory_order_release);
      last_ = fresh;
      n = 0;
    }
    entry = &last_->entries[n];
    entry->tag.store(tag, std::memory_order_relaxed);
    last_->count.store(n + 1, std::memory_order_release);  // publishes the entry
    index_.insert(it, {tag, entry});
  }
  cached_tag_ = tag;
  cached_ = entry;
  return *entry;
}

ThreadState& ThreadStates::MineSlow() {
  ThreadState* state = nullptr;
  {
    MutexLock lock(&mu_);
    for (size_t i = 0; i < states_.size(); ++i) {
      if (!in_use_[i]) {
        // A thread that exited left it: its counts and history stay, and its
        // owner-only fields continue from where that thread stopped.
        in_use_[i] = true;
        state = states_[i].get();
        break;
      }
    }
    if (state == nullptr) {
      states_.push_back(std::make_unique<ThreadState>());
      in_use_.push_back(true);
      state = states_.back().get();
    }
  }
  Cache& c = cache_;
  if (c.state[c.next] != nullptr) {
    // Evicted from this thread's cache: give it back unless its Environment
    // is gone (then it is freed with it).
    MutexLock lock(&LiveMutex());
    for (const ThreadStates* live : LiveSets()) {
      if (live == c.owner[c.next] && live->environment_id_ == c.env[c.next]) {
        c.owner[c.next]->HandBack(c.state[c.next]);
      }
    }
  }
  c.env[c.next] = environment_id_;
  c.owner[c.next] = this;
  c.state[c.next] = state;
  fast_.env[c.next] = environment_id_;
  fast_.state[c.next] = state;
  c.next = (c.next + 1) % kCacheSize;
  return *state;
}

uint64_t ThreadStates::NextSequence(ThreadState& self) {
  const uint64_t epoch = epoch_.load(std::memory_order_acquire);
  if (epoch != self.epoch_seen) {
    self.epoch_seen = epoch;
    // Keep the block only if nobody reserved after it: then its numbers are
    // above every number handed out so far.
    if (self.sequence_next != self.sequence_end &&
        reserved_.load(std::memory_order_acquire) + 1 != self.sequence_end) {
      self.sequence_next = self.sequence_end;
    }
  }
  if (self.sequence_next == self.sequence_end) {
    const uint64_t start = reserved_.fetch_add(kSequenceBlock, std::memory_order_acq_rel) + 1;
    self.sequence_next = start;
    self.sequence_end = start + kSequenceBlock;
  }
  const uint64_t sequence = self.sequence_next++;
  self.last_sequence.store(sequence, std::memory_order_release);
  return sequence;
}

uint64_t ThreadStates::Last() {
  epoch_.fetch_add(1, std::memory_order_acq_rel);
  uint64_t last = 0;
  MutexLock lock(&mu_);
  for (const auto& s : states_) {
    const uint64_t v = s->last_sequence.load(std::memory_order_acquire);
    if (v > last) last = v;
  }
  return last;
}

}  // namespace poolsim_internal
}  // namespace poolsim
