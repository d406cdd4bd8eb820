// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The demo: runs two small driver-style components on the simulated kernel
// and prints what a test would see.
//  - demo_driver.c, a name cache: a block it forgets to free and a free
//    with the wrong tag.
//  - demo_filter.c, a minifilter counting writes in a stream context: a
//    context reference it never releases.
// Output: the bug checks, !poolused, !verifier counters, and the report of
// pool and contexts still held when the filter unloads.
//
//   ./bazelw run //examples:demo

#include <cstdio>

#include "examples/demo_driver.h"
#include "examples/demo_filter.h"
#include "fltctx/filter_manager.h"
#include "fltctx/wdk/simulation.h"
#include "poolsim/environment.h"
#include "poolsim/leak_report.h"
#include "poolsim/report_text.h"

int main() {
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

  // The minifilter: a volume, an instance, two opens of one file, writes.
  PFLT_FILTER filter = nullptr;
  DemoFilterEntry(&filter);
  PFLT_VOLUME volume = fltctx::wdk::CreateVolume(manager);
  PFLT_INSTANCE instance = fltctx::wdk::AttachInstance(filter, volume);
  PFILE_OBJECT first = fltctx::wdk::OpenFile(volume);
  PFILE_OBJECT second = fltctx::wdk::OpenAgain(first);
  for (PFILE_OBJECT fo : {first, second, second}) {
    FLT_RELATED_OBJECTS objects = {sizeof(FLT_RELATED_OBJECTS), 0, filter, volume, instance, fo,
                                   nullptr};
    DemoFilterOnWrite(&objects);
  }
  const ULONG writes = DemoFilterWriteCount(instance, first);

  std::printf("Simulated run: 3 cache inserts (%u trimmed); %u writes counted on one stream.\n\n",
              static_cast<unsigned>(trimmed), static_cast<unsigned>(writes));
  std::printf("---- !poolused ----\n%s\n", poolsim::RenderTagUsage(env.TagUsages()).c_str());
  std::printf("---- !verifier ----\n%s\n", poolsim::RenderCounters(env.Counters()).c_str());

  fltctx::wdk::CloseFileObject(first);
  fltctx::wdk::CloseFileObject(second);
  DemoFilterUnload();
  std::printf("---- report after the filter unloaded ----\n%s",
              poolsim::RenderText(poolsim::BuildLeakReport(env)).c_str());
  env.Reset();
  return 0;
}
