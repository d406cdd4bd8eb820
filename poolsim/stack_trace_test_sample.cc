// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/stack_trace_test_sample.cc
// -----------------------------------------------------------------------------
//
// A small shared object for stack_trace_test: one C++ function at a known
// line, which the test symbolizes after loading a copy of this object from a
// path with a quote and a space in it.

namespace sample {

int Twice(int x) { return 2 * x; }  // the test expects this on line 13

}  // namespace sample

extern "C" void* SymbolizeSampleTwice() { return reinterpret_cast<void*>(&sample::Twice); }
