// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: sync/bugcheck_rules.cc
// -----------------------------------------------------------------------------
//
// Catalogue table (synchronization layer): registers the rows of
// sync/bugcheck_rules.h with poolsim's catalogue, in the order
// docs/bugchecks.md lists them. The library is alwayslink.

#include "sync/bugcheck_rules.h"

#include "poolsim/bugcheck_catalogue.h"

namespace ksync {
namespace {

namespace r = bugcheck_rule;

const poolsim::BugCheckTableRegistrar kRegistrar(
    "sync", {},
    {
        &r::kIrqlTooHigh,
        // Executive resources.
        &r::kResourceAcquireApcsEnabled,
        &r::kResourceReleaseApcsEnabled,
        &r::kResourceNotOwned,
        &r::kResourceReinitialized,
        &r::kResourceDeleteUninitialized,
        // Locks in general.
        &r::kSelfDeadlock,
        &r::kWaitNeverSatisfied,
        &r::kUninitialized,
        &r::kWrongThreadRelease,
        &r::kDeleteOwned,
        // Fast and guarded mutexes.
        &r::kFastMutexAcquireIrql,
        &r::kFastMutexReleaseIrql,
        &r::kUnsafeAcquire,
        &r::kUnsafeRelease,
        // Critical regions.
        &r::kLeaveCriticalRegionNotEntered,
        &r::kEnterCriticalRegionIrql,
        &r::kLeaveCriticalRegionIrql,
        // Push locks.
        &r::kPushLockAcquireApcsEnabled,
        &r::kPushLockReleaseApcsEnabled,
        // Events and waits.
        &r::kSetEventIrql,
        &r::kWaitIrql,
        &r::kWaitDispatchInfinite,
        &r::kWaitDispatchTimeout,
        &r::kMaximumWaitObjectsExceeded,
    });

}  // namespace
}  // namespace ksync
