// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/report_frames.cc
// -----------------------------------------------------------------------------
//
// The fltctx core's frames for poolsim's reports: the filter manager's
// implementation is library code, trimmed from the top of a stack.
// Registered at static initialization; the library is alwayslink so the
// registration is linked into every binary that uses the layer.

#include "poolsim/frame_filter.h"

namespace {

poolsim::LayerFrames Frames() {
  poolsim::LayerFrames frames;
  frames.layer = "fltctx";
  frames.library_functions = {"fltctx::fltctx_internal::", "fltctx::FilterManager::",
                              "fltctx::ContextRef::"};
  return frames;
}

const poolsim::LayerFramesRegistration kRegistration(Frames());

}  // namespace
