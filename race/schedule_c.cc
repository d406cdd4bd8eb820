// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: race/schedule_c.cc
// -----------------------------------------------------------------------------
//
// The C form of schedule exploration (schedule_c.h) over race/schedule.h.

#include "race/schedule_c.h"

#include <cstdio>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "poolsim/internal/lock.h"
#include "race/schedule.h"
#include "race/schedule_defaults.h"

struct _FLTCTX_SIM_THREAD {
  std::unique_ptr<race::SimThread> thread;
};

namespace {

using race::schedule_internal::ControlSettings;

poolsim::poolsim_internal::Mutex& LiveMu() {
  static auto* mu = new poolsim::poolsim_internal::Mutex();
  return *mu;
}

// The threads FltctxStartSimThread returned and nobody joined yet.
absl::flat_hash_set<PFLTCTX_SIM_THREAD>& Live() ABSL_EXCLUSIVE_LOCKS_REQUIRED(LiveMu()) {
  static auto* live = new absl::flat_hash_set<PFLTCTX_SIM_THREAD>();
  return *live;
}

}  // namespace

extern "C" {

VOID FltctxScheduleSetRandom(ULONG Runs, ULONGLONG FirstSeed) {
  ControlSettings s = race::schedule_internal::GetControlSettings();
  s.strategy = race::ScheduleStrategy::kRandom;
  s.runs = Runs;
  s.first_seed = FirstSeed;
  s.replay_seed_set = false;
  race::schedule_internal::SetControlSettings(s);
}

VOID FltctxScheduleSetSystematic(ULONG MaxPreemptions) {
  ControlSettings s = race::schedule_internal::GetControlSettings();
  s.strategy = race::ScheduleStrategy::kSystematic;
  s.max_preemptions = MaxPreemptions;
  s.replay_seed_set = false;
  race::schedule_internal::SetControlSettings(s);
}

VOID FltctxScheduleReplaySeed(ULONGLONG Seed) {
  ControlSettings s = race::schedule_internal::GetControlSettings();
  s.replay_seed_set = true;
  s.replay_seed = Seed;
  race::schedule_internal::SetControlSettings(s);
}

VOID FltctxScheduleResetSettings(VOID) {
  race::schedule_internal::SetControlSettings(ControlSettings());
}

NTSTATUS FltctxStartSimThread(FLTCTX_SCHEDULE_ROUTINE Routine, PVOID Context,
                              PFLTCTX_SIM_THREAD* Thread) {
  if (Routine == nullptr || Thread == nullptr) return STATUS_INVALID_PARAMETER;
  auto* handle = new _FLTCTX_SIM_THREAD();
  {
    poolsim::poolsim_internal::MutexLock l(&LiveMu());
    Live().insert(handle);
  }
  handle->thread = std::make_unique<race::SimThread>([Routine, Context] { Routine(Context); });
  *Thread = handle;
  return STATUS_SUCCESS;
}

NTSTATUS FltctxJoinSimThread(PFLTCTX_SIM_THREAD Thread) {
  {
    poolsim::poolsim_internal::MutexLock l(&LiveMu());
    if (Thread == nullptr || Live().erase(Thread) == 0) return STATUS_INVALID_HANDLE;
  }
  Thread->thread->Join();
  delete Thread;
  return STATUS_SUCCESS;
}

ULONG FltctxExploreSchedules(FLTCTX_SCHEDULE_ROUTINE Body, PVOID Context, PULONG Schedules) {
  if (Schedules != nullptr) *Schedules = 0;
  if (Body == nullptr) return 0;
  const race::ScheduleResult r =
      race::ExploreSchedules([Body, Context] { Body(Context); }, race::ScheduleOptions::FromEnv());
  if (Schedules != nullptr) *Schedules = static_cast<ULONG>(r.schedules);
  if (!r.clean()) {
    std::fprintf(stderr, "%s", race::DescribeScheduleRun(r.failures.front()).c_str());
  }
  return static_cast<ULONG>(r.failures.size());
}

}  // extern "C"
