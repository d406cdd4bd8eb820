// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: sync/wdk/region_mismatch_program.cc
// -----------------------------------------------------------------------------
//
// Tests that end inside a critical or guarded region, run by
// region_mismatch_test.sh, which checks from outside that exactly those fail
// (the listener's APC_INDEX_MISMATCH check, sync/listener_hooks.cc) and that
// the next test starts outside any region.

#include "gtest/gtest.h"
#include "sync/wdk/sync.h"

namespace {

TEST(Regions, EndsInsideACriticalRegion) { KeEnterCriticalRegion(); }

TEST(Regions, EndsInsideFsRtlEnterFileSystem) { FsRtlEnterFileSystem(); }

TEST(Regions, EndsOwningAGuardedMutex) {
  static KGUARDED_MUTEX mutex;
  KeInitializeGuardedMutex(&mutex);
  KeAcquireGuardedMutex(&mutex);
}

TEST(Regions, EndsOwningAKmutex) {
  static KMUTEX mutex;
  KeInitializeMutex(&mutex, 0);
  KeWaitForSingleObject(&mutex, Executive, KernelMode, FALSE, nullptr);
}

TEST(Regions, StartsOutsideAnyRegion) {
  EXPECT_FALSE(KeAreApcsDisabled());
  EXPECT_FALSE(KeAreAllApcsDisabled());
}

TEST(Regions, LeavesWhatItEnters) {
  KeEnterCriticalRegion();
  KeEnterGuardedRegion();
  KeLeaveGuardedRegion();
  KeLeaveCriticalRegion();
}

}  // namespace
