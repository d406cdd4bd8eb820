// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: race/race_sweep.cc
// -----------------------------------------------------------------------------
//
// The race-path sweep and its racers (race_sweep.h).

#include "race/race_sweep.h"

#include <cstring>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "fltctx/context_type.h"
#include "fltctx/filter_manager.h"
#include "fltctx/race_point.h"
#include "poolsim/report_text.h"

namespace race {
namespace {

struct RunState {
  uint64_t racer_at = 0;  // 0: count only
  uint64_t seen = 0;
  bool acted = false;
  Racer racer;
};

// Another thread sets a context of the same type first.
bool SetFirst(const fltctx::RacePoint& p, std::string* action) {
  if (p.context == nullptr || p.manager == nullptr) return false;
  const fltctx::ContextInfo info = p.manager->Inspect(p.context);
  if (info.state == fltctx::ContextState::kUnknown || info.bytes == 0) return false;
  fltctx::Filter* filter = p.target.filter;
  if (filter == nullptr && p.target.instance != nullptr) {
    filter = fltctx::FilterManager::FilterOf(p.target.instance);
  }
  if (filter == nullptr) return false;
  fltctx::AllocateResult mine =
      p.manager->Allocate(filter, p.target.type, info.bytes, info.pool, info.pool_type);
  if (mine.outcome != fltctx::AllocateOutcome::kAllocated) return false;
  std::memset(mine.context.get(), 0, info.bytes);
  const fltctx::SetResult r =
      p.manager->Set(p.target, mine.context.get(), fltctx::SetMode::kKeepIfExists, false);
  // The racer's own reference goes with `mine`; the attachment keeps one.
  if (r.outcome != fltctx::SetOutcome::kInserted) return false;
  *action = absl::StrCat("another thread set a ", fltctx::ContextTypeName(p.target.type),
                         " (zero-filled, ", info.bytes, " bytes) on the same object first");
  return true;
}

// Another thread deletes the object's context of that type first.
bool DeleteFirst(const fltctx::RacePoint& p, std::string* action) {
  if (p.manager == nullptr) return false;
  const fltctx::DeleteResult r = p.manager->Delete(p.target, false);
  if (r.outcome != fltctx::DeleteOutcome::kDeleted) return false;
  *action = absl::StrCat("another thread deleted the object's ",
                         fltctx::ContextTypeName(p.target.type), " first");
  return true;
}

void Observe(const fltctx::RacePoint& p, void* cookie) {
  RunState& s = *static_cast<RunState*>(cookie);
  ++s.seen;
  if (s.seen != s.racer_at || s.acted) return;
  std::string action;
  const bool acted = p.call == fltctx::RaceCall::kSetContext ? SetFirst(p, &action)
                                                             : DeleteFirst(p, &action);
  if (!acted) return;
  s.acted = true;
  s.racer.point = s.seen;
  s.racer.api = p.api;
  s.racer.action = std::move(action);
  s.racer.stack = poolsim::CaptureStack(2);  // from the WDK function's caller
}

class ScopedObserver {
 public:
  explicit ScopedObserver(RunState* state)
      : previous_(fltctx::SetRaceObserver(&Observe, state)) {}
  ~ScopedObserver() { fltctx::SetRaceObserver(previous_, nullptr); }

 private:
  fltctx::RaceObserver previous_;
};

}  // namespace

RaceSweepResult SweepRaces(
    const std::function<void()>& body, const RaceSweepOptions& options,
    const std::function<void(uint64_t, std::vector<std::string>*)>& after_run) {
  RaceSweepResult result;
  for (uint64_t k = 0;; ++k) {
    if (result.runs >= options.max_runs) {
      result.truncated = true;
      break;
    }
    RunState state;
    state.racer_at = k;
    poolsim::Environment env(options.base);
    env.SetBugCheckHandler([](const poolsim::BugCheck&) {});  // kept in the report
    {
      poolsim::ScopedEnvironment install(&env);
      ScopedObserver observe(&state);
      body();
    }
    ++result.runs;
    if (k == 0) result.race_points = state.seen;
    if (state.acted) ++result.raced;
    std::vector<std::string> test_failures;
    if (after_run) after_run(k, &test_failures);
    poolsim::LeakReport report = poolsim::BuildLeakReport(env);
    if (!report.clean() || !test_failures.empty()) {
      RaceRun run;
      run.racer = state.racer;
      if (k != 0 && !state.acted) run.racer.action = "no racer (none applied here)";
      run.report = std::move(report);
      run.test_failures = std::move(test_failures);
      result.failures.push_back(std::move(run));
    }
    if (k >= result.race_points) break;
  }
  return result;
}

std::string DescribeRaceRun(const RaceRun& run) {
  std::string text;
  if (run.racer.point == 0) {
    absl::StrAppend(&text, "the run without a racer was not clean:\n");
  } else {
    absl::StrAppendFormat(&text, "racer at racy call %d: %s, just before %s, called from:\n",
                          run.racer.point, run.racer.action, run.racer.api);
    for (const poolsim::SymbolizedFrame& f :
         poolsim::RenderedFrames(run.racer.stack, poolsim::TextOptions())) {
      absl::StrAppendFormat(&text, "    %s %s:%d\n", f.function, f.file, f.line);
    }
  }
  for (const std::string& failure : run.test_failures) absl::StrAppend(&text, failure, "\n");
  if (!run.report.clean()) absl::StrAppend(&text, poolsim::RenderText(run.report));
  return text;
}

}  // namespace race
