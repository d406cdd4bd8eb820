// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: race/schedule_report_frames.cc
// -----------------------------------------------------------------------------
//
// Schedule exploration's frames for poolsim's reports: the scheduler and
// the exploration loop are the harness that called the driver's code, so a
// report's stack stops there. Registered at static initialization
// (alwayslink).

#include "poolsim/frame_filter.h"

namespace {

poolsim::LayerFrames Frames() {
  poolsim::LayerFrames frames;
  frames.layer = "race/schedule";
  frames.harness_functions = {"race::schedule_internal::", "race::ExploreSchedules",
                              "race::SimThread::", "race::testing_internal::SchedulesClean",
                              "FltctxExploreSchedules", "FltctxStartSimThread"};
  return frames;
}

const poolsim::LayerFramesRegistration kRegistration(Frames());

}  // namespace
