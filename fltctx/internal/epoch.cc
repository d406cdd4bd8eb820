// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/epoch.cc
// -----------------------------------------------------------------------------
//
// Epoch-based reclamation: the participant list, per-thread retire lists,
// advancing the epoch and running deleters (internal to fltctx, core layer).
// See epoch.h for the scheme.
//
// Memory ordering. A reader publishes its epoch either with a sequentially
// consistent exchange or, with asymmetric fences, a plain store that the
// reclaimer orders by calling membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED)
// before it reads the participants (every running thread of the process
// executes a full barrier): either the reclaimer sees the reader's epoch, or
// the reader's loads come after the barrier and see the unlink. A retirer tags an object with a read-modify-write of the
// epoch (fetch_add 0, acq_rel) after its unlink, so the advance that moves
// past the tag (a compare-exchange reading from it) happens after the
// unlink, and so does every read section entered at the advanced epoch: such
// a reader cannot load the object. A reader that entered earlier blocks the
// advance two steps past the tag. A participant's exit (release) and the
// advancer's read of it (acquire) order the reader's accesses before the
// delete.

#include "fltctx/internal/epoch.h"

#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <deque>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "poolsim/internal/lock.h"

namespace fltctx {
namespace fltctx_internal {

namespace epoch_internal {
namespace {

#if defined(__SANITIZE_THREAD__)
#define FLTCTX_EPOCH_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define FLTCTX_EPOCH_TSAN 1
#endif
#endif

// ThreadSanitizer does not model membarrier: under it, the exchange.
bool RegisterAsymmetricFences() {
#if defined(FLTCTX_EPOCH_TSAN)
  return false;
#else
  return syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0;
#endif
}

}  // namespace

std::atomic<uint64_t> global_epoch{1};
thread_local EpochParticipant* thread_participant = nullptr;
const bool asymmetric_fences = RegisterAsymmetricFences();

}  // namespace epoch_internal

namespace {

using poolsim::poolsim_internal::Mutex;
using poolsim::poolsim_internal::MutexLock;

struct RetiredObject {
  void* object;
  void (*deleter)(void*);
  uint64_t epoch;
};

// How many retires a thread makes between attempts to advance the epoch
// (an attempt with asymmetric fences is a system call).
uint32_t AdvanceEvery() { return epoch_internal::asymmetric_fences ? 1024 : 64; }

// The reclaimer's half of the asymmetric fence: every thread of the
// process runs a full barrier before this returns.
void ProcessWideBarrier() {
  if (epoch_internal::asymmetric_fences) {
    syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
  }
}

class Epochs {
 public:
  std::atomic<uint64_t>& global = epoch_internal::global_epoch;
  std::atomic<EpochParticipant*> head{nullptr};

  EpochParticipant* Acquire() {
    for (EpochParticipant* p = head.load(std::memory_order_acquire); p != nullptr; p = p->next) {
      bool expected = false;
      if (!p->in_use.load(std::memory_order_relaxed) &&
          p->in_use.compare_exchange_strong(expected, true, std::memory_order_acquire)) {
        return p;
      }
    }
    auto* p = new EpochParticipant;
    p->in_use.store(true, std::memory_order_relaxed);
    EpochParticipant* old = head.load(std::memory_order_relaxed);
    do {
      p->next = old;
    } while (!head.compare_exchange_weak(old, p, std::memory_order_release,
                                         std::memory_order_relaxed));
    return p;
  }

  // Advances the epoch by one if every active participant has entered at
  // the current one. Returns the epoch after the attempt.
  uint64_t TryAdvance() {
    ProcessWideBarrier();
    uint64_t g = global.load(std::memory_order_acquire);
    for (EpochParticipant* p = head.load(std::memory_order_acquire); p != nullptr; p = p->next) {
      const uint64_t e = p->entered.load(std::memory_order_seq_cst);
      if (e != 0 && e != g) return g;
    }
    if (global.compare_exchange_strong(g, g + 1, std::memory_order_acq_rel,
                                       std::memory_order_acquire)) {
      return g + 1;
    }
    return g;  // another thread advanced (g holds the newer value)
  }

  void AddOrphans(std::deque<RetiredObject>* objects) {
    MutexLock l(&mu_);
    for (RetiredObject& r : *objects) orphans_.push_back(r);
    objects->clear();
    orphan_count_.store(orphans_.size(), std::memory_order_relaxed);
  }

  // Runs the orphans' deleters that are safe at `epoch`; returns how many.
  size_t ReclaimOrphans(uint64_t epoch) {
    if (orphan_count_.load(std::memory_order_relaxed) == 0) return 0;
    std::vector<RetiredObject> ready;
    {
      MutexLock l(&mu_);
      while (!orphans_.empty() && orphans_.front().epoch + 2 <= epoch) {
        ready.push_back(orphans_.front());
        orphans_.pop_front();
      }
      orphan_count_.store(orphans_.size(), std::memory_order_relaxed);
    }
    for (const RetiredObject& r : ready) r.deleter(r.object);
    return ready.size();
  }

  size_t Orphans() const { return orphan_count_.load(std::memory_order_relaxed); }

 private:
  Mutex mu_;
  std::deque<RetiredObject> orphans_ ABSL_GUARDED_BY(mu_);  // by epoch
  std::atomic<size_t> orphan_count_{0};
};

Epochs& Shared() {
  static Epochs* epochs = new Epochs;
  return *epochs;
}

// The calling thread's participant and its retire list (oldest first).
struct ThreadState {
  EpochParticipant* participant = Shared().Acquire();
  std::deque<RetiredObject> retired;
  uint32_t since_advance = 0;
  bool reclaiming = false;  // a deleter that retires only queues

  size_t ReclaimOwn(uint64_t epoch) {
    if (reclaiming) return 0;
    reclaiming = true;
    size_t n = 0;
    while (!retired.empty() && retired.front().epoch + 2 <= epoch) {
      RetiredObject r = retired.front();
      retired.pop_front();
      r.deleter(r.object);
      ++n;
    }
    reclaiming = false;
    return n;
  }

  ~ThreadState() {
    Epochs& epochs = Shared();
    participant->entered.store(0, std::memory_order_release);
    ReclaimOwn(epochs.TryAdvance());
    if (!retired.empty()) epochs.AddOrphans(&retired);
    participant->depth = 0;
    epoch_internal::thread_participant = nullptr;
    participant->in_use.store(false, std::memory_order_release);
  }
};

ThreadState& Current() {
  thread_local ThreadState state;
  epoch_internal::thread_participant = state.participant;
  return state;
}

}  // namespace

namespace epoch_internal {
EpochParticipant& RegisterThread() { return *Current().participant; }
}  // namespace epoch_internal

void RetireObject(void* object, void (*deleter)(void*)) {
  Epochs& epochs = Shared();
  ThreadState& t = Current();
  const uint64_t tag = epochs.global.fetch_add(0, std::memory_order_acq_rel);
  t.retired.push_back(RetiredObject{object, deleter, tag});
  if (++t.since_advance < AdvanceEvery()) {
    t.ReclaimOwn(epochs.global.load(std::memory_order_acquire));
    return;
  }
  t.since_advance = 0;
  const uint64_t epoch = epochs.TryAdvance();
  t.ReclaimOwn(epoch);
  epochs.ReclaimOrphans(epoch);
}

size_t ReclaimRetired() {
  Epochs& epochs = Shared();
  ThreadState& t = Current();
  size_t n = 0;
  // Two advances make everything retired before this call reclaimable when
  // no reader is inside a section.
  for (int i = 0; i < 3; ++i) {
    const uint64_t epoch = epochs.TryAdvance();
    n += t.ReclaimOwn(epoch);
    n += epochs.ReclaimOrphans(epoch);
  }
  return n;
}

bool UsesAsymmetricFences() { return epoch_internal::asymmetric_fences; }

size_t RetiredPending() { return Current().retired.size() + Shared().Orphans(); }

}  // namespace fltctx_internal
}  // namespace fltctx
