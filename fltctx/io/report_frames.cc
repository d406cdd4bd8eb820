// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/report_frames.cc
// -----------------------------------------------------------------------------
//
// The simulated I/O layer's frames for poolsim's reports: it calls the
// filter's callbacks like the I/O manager does, so a stack ends at it.
// Registered at static initialization; the library is alwayslink so the
// registration is linked into every binary that uses the layer.

#include "poolsim/frame_filter.h"

namespace {

poolsim::LayerFrames Frames() {
  poolsim::LayerFrames frames;
  frames.layer = "fltctx/io";
  frames.harness_functions = {"fltctx::io::"};
  return frames;
}

const poolsim::LayerFramesRegistration kRegistration(Frames());

}  // namespace
