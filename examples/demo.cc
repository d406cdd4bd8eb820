// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: examples/demo.cc
// -----------------------------------------------------------------------------
//
// The demo: runs two small driver-style components on the simulated kernel
// and prints what a test would see.
//  - examples/demo_driver.c, a name cache: inserts, then a trim that frees
//    every entry;
//  - examples/demo_filter.c, a minifilter counting writes in a stream
//    context, driven by a plain-text scenario of simulated I/O
//    (examples/scenarios/demo.scn, or the file --scenario names).
// Output: the scenario's trace, !poolused, !verifier counters, and the report
// of bug checks, pool and contexts still held once the filter unloaded.
//
// By default the components are correct and the report is empty. --leaky
// runs them with three planted bugs, and says before each one that it is
// planted, what it does and which lines of the report show it.
//
//   ./bazelw run //examples:demo
//   ./bazelw run //examples:demo -- --leaky --report-dir=/tmp/demo
//   ./bazelw run //examples:demo -- --scenario=my.scn
//
// Exit status: 0 when the run showed what it is there to show (an empty
// report by default; with --leaky, every planted bug), 1 when it did not,
// 2 for bad usage or a scenario that does not run.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "examples/demo_driver.h"
#include "examples/demo_filter.h"
#include "fltctx/filter_manager.h"
#include "fltctx/io/scenario.h"
#include "poolreport/html.h"
#include "poolreport/reader.h"
#include "poolsim/environment.h"
#include "poolsim/leak_report.h"
#include "poolsim/report_json.h"
#include "poolsim/report_text.h"

namespace {

constexpr char kUsage[] =
    "usage: demo [--leaky] [--scenario=FILE] [--report-dir=DIR]\n"
    "  --leaky           run the components with their planted bugs\n"
    "  --scenario=FILE   drive the minifilter (named \"demo\") with FILE\n"
    "  --report-dir=DIR  also write the report as DIR/demo.txt, demo.json, demo.html\n";

constexpr char kDefaultScenario[] = "examples/scenarios/demo.scn";

// One planted bug: where it is, what it does, and text the report shows
// because of it (the demo checks that the report holds it).
struct PlantedBug {
  const char* where;
  const char* what;
  const char* shows;
};

constexpr PlantedBug kCacheWrongTag = {
    "examples/demo_driver.c, DemoCacheTrim",
    "frees the first cache entry with the name's tag 'Name' instead of its own 'Cach'. Windows "
    "stops the machine there; the demo records the bug check and goes on, and the refused free "
    "leaves the entry allocated.",
    "BUG CHECK 0x000000C2 BAD_POOL_CALLER (0xA,"};
constexpr PlantedBug kCacheStopsEarly = {
    "examples/demo_driver.c, DemoCacheTrim",
    "stops one entry early (it tests \"!= Blink\"), so the newest entry and its name are never "
    "freed: the report's leak of tag 'Name', and the second of its two 'Cach' allocations.",
    "from PagedPool, tag 'Name', allocated at"};
constexpr PlantedBug kFilterKeepsReference = {
    "examples/demo_filter.c, DemoFilterWriteCount (from the post-read callback)",
    "keeps the stream-context reference FltGetStreamContext took, so the context outlives its "
    "stream and the filter.",
    "taken by FltGetStreamContext and never released"};
constexpr int kPlantedBugs = 3;

struct Args {
  bool leaky = false;
  std::string scenario = kDefaultScenario;
  std::string report_dir;
};

// Under `bazel run` the demo runs in its runfiles; a relative path the user
// typed means the folder the command was typed in.
std::string FromUser(const std::string& path) {
  const char* cwd = std::getenv("BUILD_WORKING_DIRECTORY");
  if (cwd == nullptr || *cwd == '\0' || path.empty() || path[0] == '/') return path;
  return absl::StrCat(cwd, "/", path);
}

bool ParseArgs(int argc, char** argv, Args& args) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--leaky") {
      args.leaky = true;
    } else if (absl::StartsWith(a, "--scenario=") && a.size() > 11) {
      args.scenario = FromUser(a.substr(11));
    } else if (absl::StartsWith(a, "--report-dir=") && a.size() > 13) {
      args.report_dir = FromUser(a.substr(13));
    } else {
      std::fprintf(stderr, "demo: unknown argument '%s'\n%s", a.c_str(), kUsage);
      return false;
    }
  }
  return true;
}

void Announce(int number, const PlantedBug& bug) {
  std::printf("PLANTED BUG %d of %d, in %s: it %s\n  The report at the end shows it: \"%s\"\n",
              number, kPlantedBugs, bug.where, bug.what, bug.shows);
}

bool WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) std::fprintf(stderr, "demo: cannot write %s\n", path.c_str());
  return static_cast<bool>(out);
}

// Writes the report as text, as JSON, and as poolreport's HTML page (read
// back from the JSON, as `bazel run //:poolreport` would read it).
bool WriteReports(const std::string& dir, const poolsim::LeakReport& report) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    std::fprintf(stderr, "demo: cannot create %s: %s\n", dir.c_str(), error.message().c_str());
    return false;
  }
  const std::string json = poolsim::RenderJson(report);
  absl::StatusOr<poolreport::TestReport> parsed =
      poolreport::ParseReport(json, dir + "/demo.json", "//examples:demo", "demo");
  if (!parsed.ok()) {
    std::fprintf(stderr, "demo: %s\n", std::string(parsed.status().message()).c_str());
    return false;
  }
  poolreport::ReportRun run;
  run.reports.push_back(*std::move(parsed));
  run.files_read = 1;
  poolreport::HtmlOptions options;
  options.title = "fltctx demo";
  bool ok = WriteFile(dir + "/demo.txt", poolsim::RenderText(report));
  ok = WriteFile(dir + "/demo.json", json) && ok;
  ok = WriteFile(dir + "/demo.html", poolreport::RenderHtml(run, options)) && ok;
  if (ok) std::printf("Wrote %s/demo.txt, demo.json and demo.html.\n", dir.c_str());
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!ParseArgs(argc, argv, args)) return 2;
  std::ifstream in(args.scenario);
  if (!in) {
    std::fprintf(stderr, "demo: cannot read the scenario '%s'\n", args.scenario.c_str());
    return 2;
  }
  std::stringstream scenario;
  scenario << in.rdbuf();

  poolsim::Environment env;
  poolsim::ScopedEnvironment install(&env);
  fltctx::FilterManager manager(env);
  fltctx::ScopedFilterManager install_manager(&manager);
  // Outside a test a bug check ends the process; the demo records them and
  // carries on so the whole report can be shown.
  env.SetBugCheckHandler([](const poolsim::BugCheck& b) {
    std::printf("  -> bug check 0x%X %s raised here (recorded; the demo goes on)\n", b.code,
                poolsim::BugCheckName(b.code));
  });

  if (args.leaky) {
    std::printf("The demo with its %d planted bugs (--leaky): each is announced before it runs.\n\n",
                kPlantedBugs);
  } else {
    std::printf(
        "The demo's components, correct: the report at the end is empty.\n"
        "Run with --leaky to see planted bugs caught (./bazelw run //examples:demo -- --leaky).\n\n");
  }

  std::printf("== The name cache (examples/demo_driver.c) ==\n");
  DemoCacheInitialize();
  for (const wchar_t* name : {L"\\a.txt", L"\\b.txt", L"\\c.txt"}) DemoCacheInsert(name);
  if (args.leaky) {
    Announce(1, kCacheWrongTag);
    Announce(2, kCacheStopsEarly);
  }
  const ULONG trimmed = DemoCacheTrim(args.leaky ? TRUE : FALSE);
  std::printf("Name cache: 3 inserts, %u trimmed.\n\n", static_cast<unsigned>(trimmed));

  std::printf("== The minifilter (examples/demo_filter.c) ==\n");
  if (args.leaky) Announce(3, kFilterKeepsReference);
  PFLT_FILTER filter = nullptr;
  const NTSTATUS registered = DemoFilterEntry(&filter, args.leaky ? TRUE : FALSE);
  if (!NT_SUCCESS(registered)) {
    std::fprintf(stderr, "demo: the filter did not start (0x%08X)\n",
                 static_cast<unsigned>(registered));
    return 1;
  }
  fltctx::io::ScenarioOptions options;
  options.filters["demo"] = filter;
  const absl::StatusOr<fltctx::io::ScenarioResult> run =
      fltctx::io::RunScenario(scenario.str(), manager, options);
  if (!run.ok()) {
    std::fprintf(stderr, "demo: %s: %s\n", args.scenario.c_str(),
                 std::string(run.status().message()).c_str());
    DemoFilterUnload();
    return 2;
  }
  std::printf("Scenario %s, %d steps:\n", args.scenario.c_str(), run->steps);
  for (const std::string& line : run->trace) std::printf("  %s\n", line.c_str());
  std::printf("\n");
  std::printf("---- !poolused ----\n%s\n", poolsim::RenderTagUsage(env.TagUsages()).c_str());
  std::printf("---- !verifier ----\n%s\n", poolsim::RenderCounters(env.Counters()).c_str());

  DemoFilterUnload();
  const poolsim::LeakReport report = poolsim::BuildLeakReport(env);
  const std::string text = poolsim::RenderText(report);
  std::printf("---- report after the filter unloaded ----\n%s", text.c_str());

  int status = 0;
  if (args.leaky) {
    for (const PlantedBug* bug : {&kCacheWrongTag, &kCacheStopsEarly, &kFilterKeepsReference}) {
      if (!absl::StrContains(text, bug->shows)) {
        std::printf("demo: the report does not show the planted bug in %s\n", bug->where);
        status = 1;
      }
    }
    if (status == 0) std::printf("\nThe report shows each of the %d planted bugs.\n", kPlantedBugs);
  } else if (report.clean()) {
    std::printf("Nothing leaked, no bug check, no context still referenced.\n");
  } else {
    std::printf("demo: the correct components left findings (see above)\n");
    status = 1;
  }
  if (!args.report_dir.empty() && !WriteReports(args.report_dir, report)) status = 2;
  env.Reset();
  return status;
}
