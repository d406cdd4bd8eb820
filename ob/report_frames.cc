// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ob/report_frames.cc
// -----------------------------------------------------------------------------
//
// Registers the object-manager and registry layers' own frames with
// poolsim's frame filter, so a leaked handle's or reference's stack starts at
// the driver's call. Static initializer; the library is alwayslink.

#include "poolsim/frame_filter.h"

namespace {

poolsim::LayerFrames Frames() {
  poolsim::LayerFrames frames;
  frames.layer = "ob";
  frames.library_functions = {"ob::", "registry::"};
  frames.library_files = {"ob/wdk/ob.cc", "ob/wdk/kernel_misc.cc", "registry/wdk/zw_registry.cc",
                          "registry/wdk/query_registry.cc", "fltctx/wdk/flt_objects.cc"};
  return frames;
}

const poolsim::LayerFramesRegistration kRegistration(Frames());

}  // namespace
