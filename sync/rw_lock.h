// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: sync/rw_lock.h
// -----------------------------------------------------------------------------
//
// The host-side state of reader/writer locks that live in driver memory:
// executive resources (ERESOURCE) and push locks (EX_PUSH_LOCK). The driver's
// structure is only the key; owners, recursion counts and waiters are kept
// here, under the dispatcher lock, so misuse is found without trusting the
// structure's contents. Acquisitions block for real (across host threads),
// bounded by Options::wait_timeout_ms.
//
// Rules (Microsoft's documented ERESOURCE semantics):
// - exclusive: granted if unowned, or recursively to the exclusive owner; a
//   shared owner asking for exclusive access would wait for itself forever
//   (kSelfDeadlock, never blocks).
// - shared: granted recursively to any owner (the exclusive owner's shared
//   acquisition counts as exclusive recursion); otherwise granted while not
//   exclusively owned and, unless `starve_exclusive`, no exclusive waiter.
// - push locks: not recursive; any re-acquisition by an owner is kSelfDeadlock.
//
// Thread-safe. The WDK wrappers raise the bug checks the outcomes name,
// after these functions return (no lock held).

#ifndef SYNC_RW_LOCK_H_
#define SYNC_RW_LOCK_H_

#include <cstdint>

namespace ksync {

enum class LockKind { kResource, kPushLock };

enum class InitOutcome { kInitialized, kAlreadyLive };
// Starts tracking `lock` (resources are also registered as live objects of
// the ambient Environment, so one never deleted is reported at unload).
InitOutcome InitializeRwLock(const void* lock, LockKind kind);

enum class DeleteOutcome { kDeleted, kNotInitialized, kOwned };
// Stops tracking `lock`; `owner` receives an owner when kOwned (the lock is
// then left as it was).
DeleteOutcome DeleteRwLock(const void* lock, LockKind kind, uint32_t* owner);

// Reinitializes a tracked resource (no owner, no waiter); kOwned or
// kNotInitialized as DeleteRwLock.
DeleteOutcome ReinitializeRwLock(const void* lock, uint32_t* owner);

enum class AcquireMode { kExclusive, kShared, kSharedStarveExclusive };
enum class AcquireOutcome {
  kAcquired,
  kUnavailable,     // wait == false and the lock is not available now
  kNotInitialized,  // no tracked lock at this address
  kSelfDeadlock,    // the caller would wait for itself
  kBoundExpired,    // waited Options::wait_timeout_ms without getting it
};
AcquireOutcome AcquireRwLock(const void* lock, LockKind kind, AcquireMode mode, bool wait);

enum class ReleaseOutcome { kReleased, kNotOwned, kNotInitialized };
// Releases one acquisition by `thread` (exclusive first if it owns it so).
ReleaseOutcome ReleaseRwLock(const void* lock, LockKind kind, uint32_t thread);

// Converts the caller's exclusive ownership to shared (all its recursive
// acquisitions); kNotOwned if it is not the exclusive owner.
ReleaseOutcome ConvertExclusiveToShared(const void* lock);

// Queries about the calling thread / the lock; all false / 0 for an
// untracked lock.
bool IsTracked(const void* lock, LockKind kind);
bool IsOwnedExclusiveBySelf(const void* lock);
uint32_t OwnershipCountOfSelf(const void* lock);  // shared or exclusive acquisitions
uint32_t ExclusiveWaiters(const void* lock);
uint32_t SharedWaiters(const void* lock);

}  // namespace ksync

#endif  // SYNC_RW_LOCK_H_
