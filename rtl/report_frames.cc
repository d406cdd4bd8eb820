// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/report_frames.cc
// -----------------------------------------------------------------------------
//
// Registers the run-time library layer's own frames with poolsim's frame
// filter, so reports start at the driver's Rtl call: the check funnel by
// namespace, the WDK wrappers (C names) by source file. Registered at static
// initialization; the library is alwayslink.

#include "poolsim/frame_filter.h"

namespace {

poolsim::LayerFrames Frames() {
  poolsim::LayerFrames frames;
  frames.layer = "rtl";
  frames.library_functions = {"rtl::rtl_internal::"};
  frames.library_files = {"rtl/wdk/strings.cc", "rtl/wdk/lists.cc", "rtl/wdk/generic_table.cc",
                          "rtl/wdk/ntstrsafe.cc"};
  return frames;
}

const poolsim::LayerFramesRegistration kRegistration(Frames());

}  // namespace
