// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: dbg/listener_hooks.cc
// -----------------------------------------------------------------------------
//
// Registers dbg with the leak-check listener (poolsim/testing/test_observer.h):
// each test starts with empty debug output and default filter masks, a
// failing test shows what its driver printed, and a print above DIRQL fails
// the test. Static initializer; the library is alwayslink.

#include "dbg/debug_output.h"
#include "poolsim/testing/test_observer.h"

namespace dbg {
namespace {

const poolsim::testing::TestObserverRegistrar kObserver(
    "dbg", {
               /*on_start=*/[](poolsim::Environment& env) { ResetDebugOutput(env); },
               /*failure_notes=*/[](poolsim::Environment& env) { return FailureNotes(env); },
               /*end_violations=*/
               [](poolsim::Environment& env) { return DebugOutputViolations(env); },
               /*on_end=*/[](poolsim::Environment& env) { ResetDebugOutput(env); },
           });

}  // namespace
}  // namespace dbg
