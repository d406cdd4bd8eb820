// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: sync/rw_lock.cc
// -----------------------------------------------------------------------------
//
// Reader/writer lock state for ERESOURCE and EX_PUSH_LOCK, keyed by address.

#include "sync/rw_lock.h"

#include <map>

#include "poolsim/environment.h"
#include "poolsim/schedule_point.h"
#include "sync/internal/dispatcher_lock.h"
#include "sync/thread_state.h"

namespace ksync {
namespace {

using sync_internal::g_dispatcher_mu;
using poolsim::poolsim_internal::MutexLock;

struct RwState {
  const poolsim::Environment* env = nullptr;
  LockKind kind = LockKind::kResource;
  uint32_t exclusive_owner = 0;
  uint32_t exclusive_count = 0;
  std::map<uint32_t, uint32_t> shared;  // thread -> acquisitions
  uint32_t exclusive_waiters = 0;
  uint32_t shared_waiters = 0;

  bool Owned() const { return exclusive_owner != 0 || !shared.empty(); }
  uint32_t AnyOwner() const {
    return exclusive_owner != 0 ? exclusive_owner : shared.empty() ? 0 : shared.begin()->first;
  }
};

std::map<const void*, RwState>& Locks() ABSL_EXCLUSIVE_LOCKS_REQUIRED(g_dispatcher_mu) {
  static auto* locks = new std::map<const void*, RwState>();
  return *locks;
}

// The tracked lock at `lock` for the ambient Environment, or null. Entries
// another Environment (an earlier test) left behind are dropped.
RwState* Find(const void* lock, LockKind kind) ABSL_EXCLUSIVE_LOCKS_REQUIRED(g_dispatcher_mu) {
  auto& locks = Locks();
  auto it = locks.find(lock);
  if (it == locks.end()) return nullptr;
  poolsim::Environment& env = poolsim::Ambient();
  if (it->second.env != &env || it->second.kind != kind ||
      (kind == LockKind::kResource && !env.IsLiveObject(lock))) {
    if (it->second.env != &env) locks.erase(it);
    return nullptr;
  }
  return &it->second;
}

RwState* FindAny(const void* lock) ABSL_EXCLUSIVE_LOCKS_REQUIRED(g_dispatcher_mu) {
  RwState* s = Find(lock, LockKind::kResource);
  return s != nullptr ? s : Find(lock, LockKind::kPushLock);
}

}  // namespace

InitOutcome InitializeRwLock(const void* lock, LockKind kind) {
  poolsim::Environment& env = poolsim::Ambient();
  MutexLock l(&g_dispatcher_mu);
  if (kind == LockKind::kResource && Find(lock, kind) != nullptr) return InitOutcome::kAlreadyLive;
  RwState fresh;
  fresh.env = &env;
  fresh.kind = kind;
  Locks()[lock] = fresh;
  if (kind == LockKind::kResource) env.RegisterLiveObject(lock, "executive resource (ERESOURCE)");
  return InitOutcome::kInitialized;
}

DeleteOutcome DeleteRwLock(const void* lock, LockKind kind, uint32_t* owner) {
  MutexLock l(&g_dispatcher_mu);
  RwState* s = Find(lock, kind);
  if (s == nullptr) return DeleteOutcome::kNotInitialized;
  if (s->Owned()) {
    *owner = s->AnyOwner();
    return DeleteOutcome::kOwned;
  }
  Locks().erase(lock);
  if (kind == LockKind::kResource) poolsim::Ambient().UnregisterLiveObject(lock);
  return DeleteOutcome::kDeleted;
}

DeleteOutcome ReinitializeRwLock(const void* lock, uint32_t* owner) {
  MutexLock l(&g_dispatcher_mu);
  RwState* s = Find(lock, LockKind::kResource);
  if (s == nullptr) return DeleteOutcome::kNotInitialized;
  if (s->Owned()) {
    *owner = s->AnyOwner();
    return DeleteOutcome::kOwned;
  }
  s->exclusive_waiters = 0;
  s->shared_waiters = 0;
  return DeleteOutcome::kDeleted;
}

AcquireOutcome AcquireRwLock(const void* lock, LockKind kind, AcquireMode mode, bool wait) {
  poolsim::SchedulePoint(poolsim::SwitchKind::kAcquire, kind == LockKind::kPushLock ? "FltAcquirePushLock*" : "ExAcquireResource*Lite");
  const uint32_t self = Self();
  const bool exclusive = mode == AcquireMode::kExclusive;
  // Read before taking the lock: the bound comes from the Environment.
  const sync_internal::Deadline deadline =
      sync_internal::Deadline::Make(/*infinite=*/true, sync_internal::Clock::time_point());
  MutexLock l(&g_dispatcher_mu);
  RwState* s = Find(lock, kind);
  if (s == nullptr) return AcquireOutcome::kNotInitialized;
  // Recursion.
  const bool owns_exclusive = s->exclusive_owner == self;
  const bool owns_shared = s->shared.count(self) != 0;
  if (kind == LockKind::kPushLock && (owns_exclusive || owns_shared)) {
    return wait ? AcquireOutcome::kSelfDeadlock : AcquireOutcome::kUnavailable;
  }
  if (owns_exclusive) {
    ++s->exclusive_count;
    return AcquireOutcome::kAcquired;
  }
  if (owns_shared) {
    if (!exclusive) {
      ++s->shared[self];
      return AcquireOutcome::kAcquired;
    }
    return wait ? AcquireOutcome::kSelfDeadlock : AcquireOutcome::kUnavailable;
  }
  auto available = [&](RwState* st) {
    if (exclusive) return !st->Owned();
    if (st->exclusive_owner != 0) return false;
    return mode == AcquireMode::kSharedStarveExclusive || st->exclusive_waiters == 0;
  };
  bool counted = false;
  while (!available(s)) {
    if (!wait) return AcquireOutcome::kUnavailable;
    if (!counted) {
      ++(exclusive ? s->exclusive_waiters : s->shared_waiters);
      counted = true;
    }
    const sync_internal::WaitState w = sync_internal::WaitForChange(deadline);
    s = Find(lock, kind);
    if (s == nullptr) return AcquireOutcome::kNotInitialized;  // deleted while waiting
    if (w == sync_internal::WaitState::kBoundExpired && !available(s)) {
      --(exclusive ? s->exclusive_waiters : s->shared_waiters);
      sync_internal::NotifyAll();  // a shared waiter may have waited for this one
      return AcquireOutcome::kBoundExpired;
    }
  }
  if (counted) --(exclusive ? s->exclusive_waiters : s->shared_waiters);
  if (exclusive) {
    s->exclusive_owner = self;
    s->exclusive_count = 1;
  } else {
    ++s->shared[self];
  }
  return AcquireOutcome::kAcquired;
}

ReleaseOutcome ReleaseRwLock(const void* lock, LockKind kind, uint32_t thread) {
  poolsim::SchedulePoint(poolsim::SwitchKind::kRelease, kind == LockKind::kPushLock ? "FltReleasePushLock" : "ExReleaseResource*Lite");
  MutexLock l(&g_dispatcher_mu);
  RwState* s = Find(lock, kind);
  if (s == nullptr) return ReleaseOutcome::kNotInitialized;
  if (s->exclusive_owner == thread) {
    if (--s->exclusive_count == 0) s->exclusive_owner = 0;
  } else {
    auto it = s->shared.find(thread);
    if (it == s->shared.end()) return ReleaseOutcome::kNotOwned;
    if (--it->second == 0) s->shared.erase(it);
  }
  sync_internal::NotifyAll();
  return ReleaseOutcome::kReleased;
}

ReleaseOutcome ConvertExclusiveToShared(const void* lock) {
  const uint32_t self = Self();
  MutexLock l(&g_dispatcher_mu);
  RwState* s = Find(lock, LockKind::kResource);
  if (s == nullptr) return ReleaseOutcome::kNotInitialized;
  if (s->exclusive_owner != self) return ReleaseOutcome::kNotOwned;
  s->shared[self] += s->exclusive_count;
  s->exclusive_owner = 0;
  s->exclusive_count = 0;
  sync_internal::NotifyAll();
  return ReleaseOutcome::kReleased;
}

bool IsTracked(const void* lock, LockKind kind) {
  MutexLock l(&g_dispatcher_mu);
  return Find(lock, kind) != nullptr;
}

bool IsOwnedExclusiveBySelf(const void* lock) {
  const uint32_t self = Self();
  MutexLock l(&g_dispatcher_mu);
  const RwState* s = FindAny(lock);
  return s != nullptr && s->exclusive_owner == self;
}

uint32_t OwnershipCountOfSelf(const void* lock) {
  const uint32_t self = Self();
  MutexLock l(&g_dispatcher_mu);
  const RwState* s = FindAny(lock);
  if (s == nullptr) return 0;
  if (s->exclusive_owner == self) return s->exclusive_count;
  auto it = s->shared.find(self);
  return it == s->shared.end() ? 0 : it->second;
}

uint32_t ExclusiveWaiters(const void* lock) {
  MutexLock l(&g_dispatcher_mu);
  const RwState* s = FindAny(lock);
  return s == nullptr ? 0 : s->exclusive_waiters;
}

uint32_t SharedWaiters(const void* lock) {
  MutexLock l(&g_dispatcher_mu);
  const RwState* s = FindAny(lock);
  return s == nullptr ? 0 : s->shared_waiters;
}

}  // namespace ksync
