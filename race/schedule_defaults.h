// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: race/schedule_defaults.h
// -----------------------------------------------------------------------------
//
// The schedule settings the C controls (race/schedule_c.h) change, and from
// which ScheduleOptions::FromEnv() starts. Private to //race.

#ifndef RACE_SCHEDULE_DEFAULTS_H_
#define RACE_SCHEDULE_DEFAULTS_H_

#include "race/schedule.h"

namespace race {
namespace schedule_internal {

// ControlSettings: the fields of ScheduleOptions the C controls set.
struct ControlSettings {
  ScheduleStrategy strategy = ScheduleStrategy::kRandom;
  uint64_t first_seed = 1;
  uint64_t runs = 100;
  uint32_t max_preemptions = 2;
  bool replay_seed_set = false;
  uint64_t replay_seed = 0;
};

// Thread-safe.
ControlSettings GetControlSettings();
void SetControlSettings(const ControlSettings& settings);

// ScheduleOptions with the current control settings (base: from POOLSIM_*).
ScheduleOptions ControlDefaults();

}  // namespace schedule_internal
}  // namespace race

#endif  // RACE_SCHEDULE_DEFAULTS_H_
