// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0

#include "poolsim/fault_sweep.h"

#include <utility>

namespace poolsim {

SweepResult SweepFaults(const std::function<void()>& body, const SweepOptions& options) {
  SweepResult result;
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
      break;  // the body no longer reaches a k-th injectable call
    }
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
