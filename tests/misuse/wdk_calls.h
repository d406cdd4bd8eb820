// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: tests/misuse/wdk_calls.h
// -----------------------------------------------------------------------------
//
// An interpreter of bytes as a sequence of WDK calls, good and bad, against a
// fresh simulated kernel: pool allocations and frees (double, foreign,
// interior, wrong tag), IRQL raises and lowers (illegal ones too), spin
// locks (recursion, release when free, garbage IRQLs), lookaside lists
// (uninitialized, deleted, foreign entries, entries freed to the pool),
// filter contexts (allocate with bad types, sizes and pools, set, get with
// NULL out-parameters, release too often, delete) and file-name queries
// (released twice). The libFuzzer target (wdk_call_fuzzer.cc) feeds it
// random bytes; the corpus test replays testdata/wdk_call_corpus/.
//
// The invariant it checks after each sequence: the host did not crash, no
// sanitizer fired, every call returned (with a status or a recorded bug
// check), and once the interpreter has released everything it still holds,
// the pool holds no block: the simulator's books agree with the calls made.

#ifndef TESTS_MISUSE_WDK_CALLS_H_
#define TESTS_MISUSE_WDK_CALLS_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace misuse {

struct WdkCallsResult {
  size_t calls = 0;       // WDK calls made
  size_t bug_checks = 0;  // reports raised by them
  // Empty if the invariant held; otherwise what broke it.
  std::string broken;
};

// Runs the calls `data` encodes on a fresh environment and filter manager
// (installed for the duration) and checks the invariant.
WdkCallsResult RunWdkCalls(const uint8_t* data, size_t size);

}  // namespace misuse

#endif  // TESTS_MISUSE_WDK_CALLS_H_
