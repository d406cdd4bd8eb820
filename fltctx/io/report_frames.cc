// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/report_frames.cc
// -----------------------------------------------------------------------------
//
// The simulated I/O layer's frames for poolsim's reports: it calls the
// filter's callbacks like the I/O manager does, so its frames are left out
// and a stack goes on below them, to the test line (or scenario step) that
// issued the request.
// Registered at static initialization; the library is alwayslink so the
// registration is linked into every binary that uses the layer.

#include "poolsim/frame_filter.h"

namespace {

poolsim::LayerFrames Frames() {
  poolsim::LayerFrames frames;
  frames.layer = "fltctx/io";
  frames.dispatch_functions = {"fltctx::io::"};
  return frames;
}

const poolsim::LayerFramesRegistration kRegistration(Frames());

}  // namespace
