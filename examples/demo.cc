// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The demo: runs a small driver-style component (demo_driver.c) on the
// simulated kernel and prints what a test would see: the bug checks it
// raised, the per-tag pool usage, the global counters and the leak report.
//
//   ./bazelw run //examples:demo

#include <cstdio>
#include <vector>

#include "examples/demo_driver.h"
#include "poolsim/environment.h"
#include "poolsim/leak_report.h"
#include "poolsim/report_text.h"

int main() {
  poolsim::Environment env;
  poolsim::ScopedEnvironment install(&env);
  // Outside a test a bug check ends the process; the demo records them and
  // carries on so the whole report can be shown.
  env.SetBugCheckHandler([](const poolsim::BugCheck&) {});

  DemoCacheInitialize();
  const wchar_t* names[] = {L"\\Device\\HarddiskVolume1\\a.txt",
                            L"\\Device\\HarddiskVolume1\\b.txt",
                            L"\\Device\\HarddiskVolume1\\c.txt"};
  for (const wchar_t* name : names) DemoCacheInsert(name);
  const ULONG freed = DemoCacheTrim();

  std::printf("Simulated run: 3 cache inserts, %u trimmed.\n\n", static_cast<unsigned>(freed));
  std::printf("---- !poolused ----\n%s\n", poolsim::RenderTagUsage(env.TagUsages()).c_str());
  std::printf("---- !verifier ----\n%s\n", poolsim::RenderCounters(env.Counters()).c_str());
  std::printf("---- leak report ----\n%s",
              poolsim::RenderText(poolsim::BuildLeakReport(env)).c_str());
  env.Reset();
  return 0;
}
