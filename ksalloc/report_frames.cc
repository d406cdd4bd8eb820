// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/report_frames.cc
// -----------------------------------------------------------------------------
//
// ksalloc's frames for poolsim's reports (ksalloc layer): the simulated pin,
// pipe and allocators (ksalloc::), the WDK wrappers (ks.cc) and the test-side
// simulation (kssim.cc, ksproxy.cc) and the operator new routing (ksnew.cc) are library code, trimmed from the top
// of a stack so a frame's or an allocator's stack starts at the call of the
// test or driver that caused it. Registered at static initialization; the
// library is alwayslink.

#include "poolsim/frame_filter.h"

namespace {

poolsim::LayerFrames Frames() {
  poolsim::LayerFrames frames;
  frames.layer = "ksalloc";
  frames.library_functions = {"ksalloc::"};
  frames.library_files = {"ksalloc/wdk/ks.cc", "ksalloc/wdk/kssim.cc", "ksalloc/wdk/ksproxy.cc",
                          "ksalloc/wdk/ksnew.cc"};
  return frames;
}

const poolsim::LayerFramesRegistration kRegistration(Frames());

}  // namespace
