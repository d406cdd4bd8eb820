// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The demo: runs two small driver-style components on the simulated kernel
// and prints what a test would see.
//  - demo_driver.c, a name cache: a block it forgets to free and a free
//    with the wrong tag.
//  - demo_filter.c, a minifilter counting writes in a stream context: a
//    context reference it never releases.
// The minifilter is driven by a plain-text scenario of simulated I/O
// (examples/scenarios/demo.scn, or a file named on the command line).
// Output: the scenario's trace, !poolused, !verifier counters, and the report
// of bug checks, pool and contexts still held when the filter unloads.
//
//   ./bazelw run //examples:demo
//   ./bazelw run //examples:demo -- /path/to/my.scn

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "examples/demo_driver.h"
#include "examples/demo_filter.h"
#include "fltctx/filter_manager.h"
#include "fltctx/io/scenario.h"
#include "poolsim/environment.h"
#include "poolsim/leak_report.h"
#include "poolsim/report_text.h"

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "examples/scenarios/demo.scn";
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "demo: cannot read the scenario '%s'\n", path.c_str());
    return 1;
  }
  std::stringstream scenario;
  scenario << in.rdbuf();

  poolsim::Environment env;
  poolsim::ScopedEnvironment install(&env);
  fltctx::FilterManager manager(env);
  fltctx::ScopedFilterManager install_manager(&manager);
  // Outside a test a bug check ends the process; the demo records them and
  // carries on so the whole report can be shown.
  env.SetBugCheckHandler([](const poolsim::BugCheck&) {});

  // The name cache.
  DemoCacheInitialize();
  for (const wchar_t* name : {L"\\a.txt", L"\\b.txt", L"\\c.txt"}) DemoCacheInsert(name);
  const ULONG trimmed = DemoCacheTrim();

  // The minifilter, driven by the scenario.
  PFLT_FILTER filter = nullptr;
  DemoFilterEntry(&filter);
  fltctx::io::ScenarioOptions options;
  options.filters["demo"] = filter;
  const absl::StatusOr<fltctx::io::ScenarioResult> run =
      fltctx::io::RunScenario(scenario.str(), manager, options);
  if (!run.ok()) {
    std::fprintf(stderr, "demo: %s: %s\n", path.c_str(), std::string(run.status().message()).c_str());
    return 1;
  }

  std::printf("Name cache: 3 inserts, %u trimmed.\n", static_cast<unsigned>(trimmed));
  std::printf("Scenario %s, %d steps:\n", path.c_str(), run->steps);
  for (const std::string& line : run->trace) std::printf("  %s\n", line.c_str());
  std::printf("\n");
  std::printf("---- !poolused ----\n%s\n", poolsim::RenderTagUsage(env.TagUsages()).c_str());
  std::printf("---- !verifier ----\n%s\n", poolsim::RenderCounters(env.Counters()).c_str());

  DemoFilterUnload();
  std::printf("---- report after the filter unloaded ----\n%s",
              poolsim::RenderText(poolsim::BuildLeakReport(env)).c_str());
  env.Reset();
  return 0;
}
