// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/reference_log.cc
// -----------------------------------------------------------------------------
//
// The per-thread reference logs: one log per thread, in an append-only list
// of every log; a thread that exits leaves its log (and the references it
// still holds) to the next thread that starts (internal to fltctx, core
// layer).

#include "fltctx/internal/reference_log.h"

#include <algorithm>
#include <atomic>

#include "absl/base/thread_annotations.h"
#include "fltctx/internal/object_model.h"
#include "poolsim/bugcheck.h"
#include "poolsim/internal/lock.h"

namespace fltctx {
namespace fltctx_internal {
namespace {

using poolsim::poolsim_internal::Mutex;
using poolsim::poolsim_internal::MutexLock;

struct alignas(64) ThreadLog {
  Mutex mu;
  std::vector<LoggedReference> entries ABSL_GUARDED_BY(mu);  // oldest first per thread
  std::atomic<bool> in_use{false};
  ThreadLog* next = nullptr;  // the list, append-only
};

std::atomic<ThreadLog*> g_logs{nullptr};

ThreadLog* AcquireLog() {
  for (ThreadLog* l = g_logs.load(std::memory_order_acquire); l != nullptr; l = l->next) {
    bool expected = false;
    if (!l->in_use.load(std::memory_order_relaxed) &&
        l->in_use.compare_exchange_strong(expected, true, std::memory_order_acquire)) {
      return l;
    }
  }
  auto* l = new ThreadLog;
  l->in_use.store(true, std::memory_order_relaxed);
  ThreadLog* old = g_logs.load(std::memory_order_relaxed);
  do {
    l->next = old;
  } while (!g_logs.compare_exchange_weak(old, l, std::memory_order_release,
                                         std::memory_order_relaxed));
  return l;
}

struct ThreadLogHolder {
  ThreadLog* log = AcquireLog();
  uint32_t thread = poolsim::CurrentThreadOrdinal();
  ~ThreadLogHolder() { log->in_use.store(false, std::memory_order_release); }
};

ThreadLogHolder& Mine() {
  thread_local ThreadLogHolder holder;
  return holder;
}

// Removes the entry of `record` numbered `sequence` from `log`; false if it
// is no longer there.
bool EraseNumbered(ThreadLog* log, const ContextRecord* record, uint64_t sequence) {
  MutexLock l(&log->mu);
  auto& v = log->entries;
  for (size_t i = v.size(); i-- > 0;) {
    if (v[i].record == record && v[i].sequence == sequence) {
      v.erase(v.begin() + static_cast<ptrdiff_t>(i));
      return true;
    }
  }
  return false;
}

}  // namespace

void LogReferenceNumbered(ContextRecord* record, const void* owner, const char* operation,
                          poolsim::StackId stack, uint64_t sequence) {
  ThreadLogHolder& me = Mine();
  {
    MutexLock l(&me.log->mu);
    me.log->entries.push_back(
        LoggedReference{record, owner, operation, stack, sequence, me.thread});
  }
  record->logged.fetch_add(1, std::memory_order_relaxed);
}

void LogReference(ContextRecord* record, const void* owner, const char* operation,
                  poolsim::StackId stack) {
  const uint64_t sequence = record->reference_sequence.fetch_add(1, std::memory_order_relaxed) + 1;
  LogReferenceNumbered(record, owner, operation, stack, sequence);
}

void DropReference(ContextRecord* record) {
  if (record->logged.load(std::memory_order_acquire) == 0) return;
  ThreadLogHolder& me = Mine();
  {
    MutexLock l(&me.log->mu);
    auto& v = me.log->entries;
    for (size_t i = v.size(); i-- > 0;) {
      if (v[i].record == record && v[i].thread == me.thread) {
        v.erase(v.begin() + static_cast<ptrdiff_t>(i));
        record->logged.fetch_sub(1, std::memory_order_relaxed);
        return;
      }
    }
  }
  // Taken on another thread: the newest of all. Another release may remove
  // the one found first; look again then.
  for (;;) {
    ThreadLog* best = nullptr;
    uint64_t best_sequence = 0;
    for (ThreadLog* log = g_logs.load(std::memory_order_acquire); log != nullptr;
         log = log->next) {
      MutexLock l(&log->mu);
      for (const LoggedReference& e : log->entries) {
        if (e.record == record && (best == nullptr || e.sequence > best_sequence)) {
          best = log;
          best_sequence = e.sequence;
        }
      }
    }
    if (best == nullptr) return;
    if (EraseNumbered(best, record, best_sequence)) {
      record->logged.fetch_sub(1, std::memory_order_relaxed);
      return;
    }
  }
}

void ForgetReferences(ContextRecord* record) {
  if (record->logged.load(std::memory_order_acquire) == 0) return;
  for (ThreadLog* log = g_logs.load(std::memory_order_acquire); log != nullptr; log = log->next) {
    MutexLock l(&log->mu);
    auto& v = log->entries;
    v.erase(std::remove_if(v.begin(), v.end(),
                           [record](const LoggedReference& e) { return e.record == record; }),
            v.end());
  }
  record->logged.store(0, std::memory_order_relaxed);
}

void ForgetReferencesOf(const void* owner) {
  for (ThreadLog* log = g_logs.load(std::memory_order_acquire); log != nullptr; log = log->next) {
    MutexLock l(&log->mu);
    auto& v = log->entries;
    v.erase(std::remove_if(v.begin(), v.end(),
                           [owner](const LoggedReference& e) { return e.owner == owner; }),
            v.end());
  }
}

absl::flat_hash_map<const ContextRecord*, std::vector<LoggedReference>> ReferencesOf(
    const void* owner) {
  absl::flat_hash_map<const ContextRecord*, std::vector<LoggedReference>> out;
  for (ThreadLog* log = g_logs.load(std::memory_order_acquire); log != nullptr; log = log->next) {
    MutexLock l(&log->mu);
    for (const LoggedReference& e : log->entries) {
      if (e.owner == owner) out[e.record].push_back(e);
    }
  }
  for (auto& kv : out) {
    std::sort(kv.second.begin(), kv.second.end(),
              [](const LoggedReference& a, const LoggedReference& b) {
                return a.sequence < b.sequence;
              });
  }
  return out;
}

}  // namespace fltctx_internal
}  // namespace fltctx
