// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/report_frames.cc
// -----------------------------------------------------------------------------
//
// The WDK-named wrappers' frames for poolsim's reports: the Flt* functions
// have C names, so their source file marks them as library code.
// Registered at static initialization; the library is alwayslink so the
// registration is linked into every binary that uses the layer.

#include "poolsim/frame_filter.h"

namespace {

poolsim::LayerFrames Frames() {
  poolsim::LayerFrames frames;
  frames.layer = "fltctx/wdk";
  frames.library_files = {"fltctx/wdk/fltkernel.cc", "fltctx/wdk/file_names.cc"};
  return frames;
}

const poolsim::LayerFramesRegistration kRegistration(Frames());

}  // namespace
