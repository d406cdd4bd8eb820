// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: race/race_sweep_report_frames.cc
// -----------------------------------------------------------------------------
//
// The race-path sweep's frames for poolsim's reports: the sweep loop and its
// GoogleTest and C forms are the harness that ran the test body, so a
// report's stack stops there (the body's own lines stay). Registered at
// static initialization (alwayslink).

#include "poolsim/frame_filter.h"

namespace {

poolsim::LayerFrames Frames() {
  poolsim::LayerFrames frames;
  frames.layer = "race/race_sweep";
  frames.harness_functions = {"race::SweepRaces", "race::testing_internal::", "RaceSweepRun",
                              "RaceSweepRunScenario"};
  return frames;
}

const poolsim::LayerFramesRegistration kRegistration(Frames());

}  // namespace
