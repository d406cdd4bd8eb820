// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolsim/fault_sweep.cc: the error-path sweep's two modes, with a
// progress line on standard error.

#include "poolsim/fault_sweep.h"

#include <algorithm>
#include <cstdio>
#include <deque>
#include <memory>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"

namespace poolsim {

namespace {

ProgressLine SweepProgress(const SweepOptions& options) {
  return ProgressLine("poolsim: error-path sweep", options.progress, [](absl::string_view text) {
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
  });
}

// Runs `body` on a fresh ambient Environment with `faults`; returns the
// Environment for inspection.
std::unique_ptr<Environment> Run(const std::function<void()>& body, const Options& base,
                                 FaultInjectionOptions faults) {
  Options o = base;
  o.faults = std::move(faults);
  auto env = std::make_unique<Environment>(o);
  env->SetBugCheckHandler([](const BugCheck&) {});  // kept in the report
  ScopedEnvironment install(env.get());
  body();
  return env;
}

SweepResult SweepUniqueStacks(const std::function<void()>& body, const SweepOptions& options) {
  SweepResult result;
  // Breadth first: each run fails a set of stacks; every stack a run meets
  // for the first time gets a run of its own, failing that set plus it.
  std::deque<std::vector<StackId>> pending = {{}};
  absl::flat_hash_set<StackId> scheduled;
  ProgressLine progress = SweepProgress(options);
  while (!pending.empty()) {
    if (result.runs >= options.max_runs) {
      result.truncated = true;
      break;
    }
    std::vector<StackId> fail = std::move(pending.front());
    pending.pop_front();
    FaultInjectionOptions faults;
    faults.mode = FaultMode::kListedStacks;
    faults.fail_stacks = fail;
    std::unique_ptr<Environment> env = Run(body, options.base, faults);
    ++result.runs;
    const FaultStatistics stats = env->Faults();
    for (StackId stack : stats.systematic_stacks) {
      if (scheduled.insert(stack).second) {
        std::vector<StackId> next = fail;
        next.push_back(stack);
        pending.push_back(std::move(next));
      }
    }
    progress.Update(result.runs, result.runs + pending.size(), "runs");
    LeakReport report = BuildLeakReport(*env);
    if (report.clean()) continue;
    SweepRun run;
    run.injection = fail.empty() ? 0 : result.runs;
    for (const FaultStatistics::Fault& f : stats.recent) {
      if (!fail.empty() && f.stack == fail.back()) run.fault = f;
    }
    run.report = std::move(report);
    result.failures.push_back(std::move(run));
  }
  result.injection_points = scheduled.size();
  return result;
}

}  // namespace

SweepResult SweepFaults(const std::function<void()>& body, const SweepOptions& options) {
  if (options.mode == SweepOptions::Mode::kEachUniqueStack) {
    return SweepUniqueStacks(body, options);
  }
  SweepResult result;
  ProgressLine progress = SweepProgress(options);
  for (uint64_t k = 0;; ++k) {
    if (result.runs >= options.max_runs) {
      result.truncated = true;
      break;
    }
    Options o = options.base;
    o.faults = FaultInjectionOptions();
    // Run 0 counts the injection points without failing any.
    o.faults.fail_nth = k == 0 ? ~uint64_t{0} : k;
    Environment env(o);
    env.SetBugCheckHandler([](const BugCheck&) {});  // kept in the report
    {
      ScopedEnvironment install(&env);
      body();
    }
    ++result.runs;
    const FaultStatistics faults = env.Faults();
    if (k == 0) {
      result.injection_points = faults.injectable_calls;
    } else if (faults.faults_injected == 0) {
      progress.Update(result.runs, result.runs, "runs");
      break;  // the body no longer reaches a k-th injectable call
    }
    // Run 0 and one run per injection point (fewer if max_runs stops it).
    progress.Update(result.runs, std::min(result.injection_points + 1, options.max_runs), "runs");
    LeakReport report = BuildLeakReport(env);
    if (!report.clean()) {
      SweepRun run;
      run.injection = k;
      if (!faults.recent.empty()) run.fault = faults.recent.back();
      run.report = std::move(report);
      result.failures.push_back(std::move(run));
    }
    // Calls 1..k-1 of run k succeed, so it takes the same path as run 0 up to
    // call k: run 0's count of injectable calls is the number of points.
    if (k >= result.injection_points) break;
  }
  return result;
}

}  // namespace poolsim
