// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: sync/listener_hooks.cc
// -----------------------------------------------------------------------------
//
// Registers the synchronization layer with the leak-check listener
// (poolsim/testing/test_observer.h): each test's thread starts outside any
// critical or guarded region, and a test whose thread ends inside one fails,
// as Windows stops with APC_INDEX_MISMATCH (0x1) when a thread returns with
// its APC-disable count changed. Static initializer; //sync:core is
// alwayslink.

#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "poolsim/testing/test_observer.h"
#include "sync/thread_state.h"

namespace ksync {
namespace {

std::vector<std::string> RegionViolations(poolsim::Environment&) {
  ThreadState& s = CurrentThreadState();
  std::vector<std::string> violations;
  if (s.critical_regions > 0 || s.guarded_regions > 0) {
    violations.push_back(absl::StrFormat(
        "the test's thread ended inside %d critical and %d guarded region(s): a "
        "KeEnterCriticalRegion / FsRtlEnterFileSystem / KeEnterGuardedRegion without its "
        "leave, or a KMUTEX or guarded mutex still owned (Windows: APC_INDEX_MISMATCH, 0x1, "
        "when the thread returns)",
        s.critical_regions, s.guarded_regions));
  }
  return violations;
}

void Reset(poolsim::Environment& env) { CurrentThreadState() = ThreadState{&env}; }

const poolsim::testing::TestObserverRegistrar kObserver(
    "sync", {
                /*on_start=*/Reset,
                /*failure_notes=*/nullptr,
                /*end_violations=*/RegionViolations,
                /*on_end=*/Reset,
            });

}  // namespace
}  // namespace ksync
