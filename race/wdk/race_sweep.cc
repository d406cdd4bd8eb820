// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: race/wdk/race_sweep.cc
// -----------------------------------------------------------------------------
//
// The C form of the race-path sweep (race/wdk/race_sweep.h): each run gets a
// fresh filter manager; the body's own failures (RaceSweepFail, failed
// scenarios) are collected per run.

#include "race/wdk/race_sweep.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "fltctx/filter_manager.h"
#include "fltctx/io/scenario.h"
#include "fltctx/live_handles.h"
#include "poolsim/environment.h"
#include "poolsim/internal/lock.h"
#include "race/race_sweep.h"

namespace race {
namespace {

using poolsim::poolsim_internal::Mutex;
using poolsim::poolsim_internal::MutexLock;

// The failures the body reported in the current run (a body may report from
// any thread it starts).
struct CurrentRun {
  Mutex mu;
  bool active ABSL_GUARDED_BY(mu) = false;
  std::vector<std::string> failures ABSL_GUARDED_BY(mu);
};

CurrentRun& Current() {
  static CurrentRun* const run = new CurrentRun();
  return *run;
}

void Report(std::string message) {
  CurrentRun& run = Current();
  MutexLock l(&run.mu);
  if (run.active) run.failures.push_back(std::move(message));
}

void CopyTruncated(const std::string& from, char* to, size_t size) {
  const size_t n = std::min(from.size(), size - 1);
  std::memcpy(to, from.data(), n);
  to[n] = '\0';
}

void Fill(const RaceSweepResult& r, PRACE_SWEEP_RESULT out) {
  out->RacePoints = static_cast<ULONG>(r.race_points);
  out->Runs = static_cast<ULONG>(r.runs);
  out->Raced = static_cast<ULONG>(r.raced);
  out->FailedRuns = static_cast<ULONG>(r.failures.size());
  out->Truncated = r.truncated ? TRUE : FALSE;
  if (r.failures.empty()) return;
  const RaceRun& first = r.failures.front();
  out->FirstFailedPoint = static_cast<ULONG>(first.racer.point);
  CopyTruncated(first.racer.api, out->FirstFailedCall, sizeof(out->FirstFailedCall));
  CopyTruncated(first.racer.action, out->FirstFailedRacer, sizeof(out->FirstFailedRacer));
  uint64_t blocks = 0;
  for (const poolsim::LeakGroup& g : first.report.groups) blocks += g.count;
  out->FirstFailedLeaks = static_cast<ULONG>(blocks);
  if (!first.report.bug_checks.empty()) {
    out->FirstFailedBugCheck = first.report.bug_checks.front().code;
    out->FirstFailedBugCheckParameter1 =
        static_cast<ULONG_PTR>(first.report.bug_checks.front().parameters[0]);
  }
  CopyTruncated(DescribeRaceRun(first), out->Report, sizeof(out->Report));
}

}  // namespace
}  // namespace race

extern "C" {

BOOLEAN NTAPI RaceSweepRun(PRACE_SWEEP_BODY Body, PVOID Context, PRACE_SWEEP_RESULT Result) {
  if (Body == nullptr || Result == nullptr) return FALSE;
  std::memset(Result, 0, sizeof(*Result));
  race::CurrentRun& current = race::Current();
  {
    poolsim::poolsim_internal::MutexLock l(&current.mu);
    current.active = true;
    current.failures.clear();
  }
  const race::RaceSweepResult r = race::SweepRaces(
      [&] {
        fltctx::FilterManager fm(poolsim::Ambient());
        fltctx::ScopedFilterManager install(&fm);
        Body(Context);
      },
      race::RaceSweepOptions::Defaults(),
      [&](uint64_t, std::vector<std::string>* failures) {
        poolsim::poolsim_internal::MutexLock l(&current.mu);
        *failures = std::move(current.failures);
        current.failures.clear();
      });
  {
    poolsim::poolsim_internal::MutexLock l(&current.mu);
    current.active = false;
  }
  race::Fill(r, Result);
  return r.clean() ? TRUE : FALSE;
}

NTSTATUS NTAPI RaceSweepRunScenario(PCSTR Scenario, PCSTR FilterName, PFLT_FILTER Filter) {
  fltctx::FilterManager* fm = fltctx::AmbientFilterManager();
  if (Scenario == nullptr || FilterName == nullptr || fm == nullptr ||
      !fltctx::IsLiveHandle(Filter, fltctx::HandleKind::kFilter)) {
    race::Report("RaceSweepRunScenario: a NULL argument, a filter that is not live, or no "
                 "filter manager");
    return STATUS_INVALID_PARAMETER;
  }
  fltctx::io::ScenarioOptions options;
  options.filters[FilterName] = Filter;
  const absl::StatusOr<fltctx::io::ScenarioResult> r =
      fltctx::io::RunScenario(Scenario, *fm, options);
  if (r.ok()) return STATUS_SUCCESS;
  race::Report(absl::StrCat("scenario: ", r.status().message()));
  return r.status().code() == absl::StatusCode::kInvalidArgument ? STATUS_INVALID_PARAMETER
                                                                 : STATUS_UNSUCCESSFUL;
}

VOID NTAPI RaceSweepFail(PCSTR Message) {
  race::Report(Message == nullptr ? std::string("RaceSweepFail") : std::string(Message));
}

VOID NTAPI RaceSweepSetMaxRuns(ULONG MaxRuns) {
  if (MaxRuns != 0) race::OverrideRaceSweepMaxRuns(MaxRuns);
}

VOID NTAPI RaceSweepSetRacers(ULONG Racers) {
  race::OverrideRaceSweepRacers(static_cast<uint32_t>(Racers) & race::kAllRacers);
}

VOID NTAPI RaceSweepSetPoints(PCSTR Patterns) {
  race::OverrideRaceSweepPoints(Patterns == nullptr ? std::vector<std::string>()
                                                    : race::ParseRaceSweepPoints(Patterns));
}

VOID NTAPI RaceSweepResetSettings(VOID) { race::ClearRaceSweepOverrides(); }

}  // extern "C"
