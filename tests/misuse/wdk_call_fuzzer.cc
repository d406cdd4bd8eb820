// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: tests/misuse/wdk_call_fuzzer.cc
// -----------------------------------------------------------------------------
//
// libFuzzer target: random sequences of WDK calls, good and bad, against the
// simulator (wdk_calls.h). The invariant: no crash and no sanitizer report,
// and once every holder has released, no pool block is left.
//
// Build and run (clang, ASan and UBSan; see docs/contributing.md):
//   ./bazelw build --config=fuzz //tests/misuse:wdk_call_fuzzer
//   bazel-bin/tests/misuse/wdk_call_fuzzer tests/misuse/testdata/wdk_call_corpus

#include <cstdio>
#include <cstdlib>

#include "tests/misuse/wdk_calls.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const misuse::WdkCallsResult result = misuse::RunWdkCalls(data, size);
  if (!result.broken.empty()) {
    std::fprintf(stderr, "wdk_call_fuzzer: invariant broken after %zu calls: %s\n", result.calls,
                 result.broken.c_str());
    std::abort();
  }
  return 0;
}
