// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/scenario_fuzzer.cc
// -----------------------------------------------------------------------------
//
// libFuzzer target (simulated I/O): any text given to the scenario parser and
// runner. The invariant: no crash and no sanitizer report; the text is either
// refused with an error naming its line or run; and after the run and the
// filter's unregistration nothing is left: no pool block, no context, no bug
// check (the filter is correct, so any of these is a simulator bug).
//
// Build and run (clang, ASan and UBSan; see docs/contributing.md):
//   ./bazelw build --config=fuzz //fltctx/io:scenario_fuzzer
//   bazel-bin/fltctx/io/scenario_fuzzer fltctx/io/testdata/scenario_corpus -runs=100000

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "fltctx/filter_manager.h"
#include "fltctx/io/scenario.h"
#include "fltctx/wdk/fltkernel.h"
#include "poolsim/environment.h"

namespace {

constexpr ULONG kTag = 'zfcS';

// Gets or creates a stream and a stream-handle context in post-create, the
// way the scenario tests' filter does.
NTSTATUS GetOrCreate(PCFLT_RELATED_OBJECTS o, FLT_CONTEXT_TYPE type) {
  PFLT_CONTEXT c = nullptr;
  const bool stream = type == FLT_STREAM_CONTEXT;
  NTSTATUS st = stream ? FltGetStreamContext(o->Instance, o->FileObject, &c)
                       : FltGetStreamHandleContext(o->Instance, o->FileObject, &c);
  if (NT_SUCCESS(st)) {
    FltReleaseContext(c);
    return st;
  }
  st = FltAllocateContext(o->Filter, type, 8, NonPagedPoolNx, &c);
  if (!NT_SUCCESS(st)) return st;
  st = stream ? FltSetStreamContext(o->Instance, o->FileObject, FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                    c, nullptr)
              : FltSetStreamHandleContext(o->Instance, o->FileObject,
                                          FLT_SET_CONTEXT_KEEP_IF_EXISTS, c, nullptr);
  FltReleaseContext(c);
  return st;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS o,
                                             PVOID, FLT_POST_OPERATION_FLAGS) {
  if (NT_SUCCESS(data->IoStatus.Status)) {
    GetOrCreate(o, FLT_STREAM_CONTEXT);
    GetOrCreate(o, FLT_STREAMHANDLE_CONTEXT);
  }
  return FLT_POSTOP_FINISHED_PROCESSING;
}

const FLT_CONTEXT_REGISTRATION kContexts[] = {
    {FLT_STREAM_CONTEXT, 0, nullptr, 8, kTag, nullptr, nullptr, nullptr},
    {FLT_STREAMHANDLE_CONTEXT, 0, nullptr, 8, kTag, nullptr, nullptr, nullptr},
    {FLT_CONTEXT_END, 0, nullptr, 0, 0, nullptr, nullptr, nullptr}};

const FLT_OPERATION_REGISTRATION kOperations[] = {
    {IRP_MJ_CREATE, 0, nullptr, PostCreate, nullptr},
    {IRP_MJ_OPERATION_END, 0, nullptr, nullptr, nullptr}};

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "scenario_fuzzer: invariant broken: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  poolsim::Options options;
  options.backend = poolsim::Backend::kSystem;  // every block visible to ASan
  poolsim::Environment env(options);
  size_t bug_checks = 0;
  env.SetBugCheckHandler([&](const poolsim::BugCheck&) { ++bug_checks; });
  poolsim::ScopedEnvironment install_env(&env);
  {
    fltctx::FilterManager manager(env);
    fltctx::ScopedFilterManager install_manager(&manager);
    FLT_REGISTRATION registration = {};
    registration.Size = sizeof(registration);
    registration.Version = FLT_REGISTRATION_VERSION;
    registration.ContextRegistration = kContexts;
    registration.OperationRegistration = kOperations;
    PFLT_FILTER filter = nullptr;
    if (FltRegisterFilter(nullptr, &registration, &filter) != STATUS_SUCCESS ||
        FltStartFiltering(filter) != STATUS_SUCCESS) {
      Fail("the filter did not register");
    }
    fltctx::io::ScenarioOptions scenario;
    scenario.filters["ctx"] = filter;
    scenario.volume.capacity = 1 << 20;  // small volume: huge sizes fail fast
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto result = fltctx::io::RunScenario(text, manager, scenario);
    if (!result.ok() && result.status().message().substr(0, 5) != "line ") {
      Fail("an error that does not name its line");
    }
    FltUnregisterFilter(filter);
  }
  if (bug_checks != 0) Fail("a bug check from a correct filter");
  if (!env.LiveBlocks().empty()) Fail("pool blocks left after the run");
  return 0;
}
