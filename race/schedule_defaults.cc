// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: race/schedule_defaults.cc
// -----------------------------------------------------------------------------
//
// The C controls' settings (schedule_defaults.h).

#include "race/schedule_defaults.h"

#include "absl/base/thread_annotations.h"
#include "poolsim/internal/lock.h"

namespace race {
namespace schedule_internal {
namespace {

poolsim::poolsim_internal::Mutex& SettingsMu() {
  static auto* mu = new poolsim::poolsim_internal::Mutex();
  return *mu;
}

ControlSettings& Settings() ABSL_EXCLUSIVE_LOCKS_REQUIRED(SettingsMu()) {
  static auto* s = new ControlSettings();
  return *s;
}

}  // namespace

ControlSettings GetControlSettings() {
  poolsim::poolsim_internal::MutexLock l(&SettingsMu());
  return Settings();
}

void SetControlSettings(const ControlSettings& settings) {
  poolsim::poolsim_internal::MutexLock l(&SettingsMu());
  Settings() = settings;
}

ScheduleOptions ControlDefaults() {
  const ControlSettings s = GetControlSettings();
  ScheduleOptions o;
  o.strategy = s.strategy;
  o.first_seed = s.first_seed;
  o.runs = s.runs;
  o.max_preemptions = s.max_preemptions;
  o.replay_seed_set = s.replay_seed_set;
  o.replay_seed = s.replay_seed;
  return o;
}

}  // namespace schedule_internal
}  // namespace race
