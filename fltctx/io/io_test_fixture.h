// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/io_test_fixture.h
// -----------------------------------------------------------------------------
//
// What the simulated-I/O tests (io_*test.cc) share: a configurable minifilter
// that logs its callbacks (TestFilter<N>, A and B), AttachContext, and the
// SimulatedIoTest fixture with an Environment, a FilterManager and the bug
// checks raised. Test side only.

#ifndef FLTCTX_IO_IO_TEST_FIXTURE_H_
#define FLTCTX_IO_IO_TEST_FIXTURE_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "fltctx/filter_manager.h"
#include "fltctx/wdk/fltkernel.h"
#include "gtest/gtest.h"
#include "poolsim/bugcheck.h"
#include "poolsim/environment.h"
#include "poolsim/internal/lock.h"

namespace fltctx_io_test {

inline constexpr ULONG kTag = 'tsTI';

// --- A configurable minifilter ------------------------------------------------

using PreFn = std::function<FLT_PREOP_CALLBACK_STATUS(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS,
                                                      PVOID*)>;
using PostFn = std::function<void(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID)>;

struct Log {
  poolsim::poolsim_internal::Mutex mu;
  std::vector<std::string> lines ABSL_GUARDED_BY(mu);
  void Add(std::string s) {
    poolsim::poolsim_internal::MutexLock l(&mu);
    lines.push_back(std::move(s));
  }
  std::vector<std::string> Take() {
    poolsim::poolsim_internal::MutexLock l(&mu);
    std::vector<std::string> out;
    out.swap(lines);
    return out;
  }
};

inline const char* MajorName(UCHAR major) {
  switch (major) {
    case IRP_MJ_CREATE: return "create";
    case IRP_MJ_READ: return "read";
    case IRP_MJ_WRITE: return "write";
    case IRP_MJ_SET_INFORMATION: return "setinfo";
    case IRP_MJ_QUERY_INFORMATION: return "queryinfo";
    case IRP_MJ_CLEANUP: return "cleanup";
    case IRP_MJ_CLOSE: return "close";
    default: return "?";
  }
}

inline const char* TypeName(FLT_CONTEXT_TYPE type) {
  switch (type) {
    case FLT_STREAM_CONTEXT: return "stream";
    case FLT_STREAMHANDLE_CONTEXT: return "handle";
    case FLT_FILE_CONTEXT: return "file";
    default: return "other";
  }
}

// Filter N: logs "<name> pre <op>" / "<name> post <op>" and context cleanups;
// pre and post behaviour come from the test.
template <int N>
struct TestFilter {
  static inline const char* name = N == 0 ? "A" : "B";
  static inline Log* log = nullptr;
  static inline PreFn pre;
  static inline PostFn post;
  static inline PFLT_FILTER filter = nullptr;

  static FLT_PREOP_CALLBACK_STATUS FLTAPI Pre(PFLT_CALLBACK_DATA data,
                                              PCFLT_RELATED_OBJECTS objects, PVOID* cc) {
    log->Add(absl::StrFormat("%s pre %s", name, MajorName(data->Iopb->MajorFunction)));
    return pre ? pre(data, objects, cc) : FLT_PREOP_SUCCESS_WITH_CALLBACK;
  }
  static FLT_POSTOP_CALLBACK_STATUS FLTAPI Post(PFLT_CALLBACK_DATA data,
                                                PCFLT_RELATED_OBJECTS objects, PVOID cc,
                                                FLT_POST_OPERATION_FLAGS flags) {
    log->Add(absl::StrFormat("%s post %s", name, MajorName(data->Iopb->MajorFunction)));
    if (post) post(data, objects, cc);
    return FLT_POSTOP_FINISHED_PROCESSING;
  }
  static VOID FLTAPI Cleanup(PFLT_CONTEXT context, FLT_CONTEXT_TYPE type) {
    log->Add(absl::StrFormat("%s cleanup %s", name, TypeName(type)));
  }

  static inline const FLT_OPERATION_REGISTRATION kOperations[] = {
      {IRP_MJ_CREATE, 0, Pre, Post, nullptr},          {IRP_MJ_READ, 0, Pre, Post, nullptr},
      {IRP_MJ_WRITE, 0, Pre, Post, nullptr},           {IRP_MJ_SET_INFORMATION, 0, Pre, Post, nullptr},
      {IRP_MJ_QUERY_INFORMATION, 0, Pre, Post, nullptr},
      {IRP_MJ_CLEANUP, 0, Pre, Post, nullptr},         {IRP_MJ_CLOSE, 0, Pre, Post, nullptr},
      {IRP_MJ_OPERATION_END, 0, nullptr, nullptr, nullptr}};
  static inline const FLT_CONTEXT_REGISTRATION kContexts[] = {
      {FLT_STREAM_CONTEXT, 0, Cleanup, 16, kTag, nullptr, nullptr, nullptr},
      {FLT_STREAMHANDLE_CONTEXT, 0, Cleanup, 16, kTag, nullptr, nullptr, nullptr},
      {FLT_FILE_CONTEXT, 0, Cleanup, 16, kTag, nullptr, nullptr, nullptr},
      {FLT_CONTEXT_END, 0, nullptr, 0, 0, nullptr, nullptr, nullptr}};
  static FLT_REGISTRATION Registration() {
    FLT_REGISTRATION r = {};
    r.Size = sizeof(FLT_REGISTRATION);
    r.Version = FLT_REGISTRATION_VERSION;
    r.ContextRegistration = kContexts;
    r.OperationRegistration = kOperations;
    return r;
  }
  static void Reset(Log* l) {
    log = l;
    pre = nullptr;
    post = nullptr;
    filter = nullptr;
  }
};

using A = TestFilter<0>;
using B = TestFilter<1>;

// Allocates a context of `type` (paged unless `nonpaged`) and sets it on the
// file object with KEEP_IF_EXISTS; returns the set status.
inline NTSTATUS AttachContext(PCFLT_RELATED_OBJECTS o, FLT_CONTEXT_TYPE type,
                              bool nonpaged = false) {
  PFLT_CONTEXT c = nullptr;
  NTSTATUS st = FltAllocateContext(o->Filter, type, 16, nonpaged ? NonPagedPoolNx : PagedPool, &c);
  if (!NT_SUCCESS(st)) return st;
  switch (type) {
    case FLT_STREAM_CONTEXT:
      st = FltSetStreamContext(o->Instance, o->FileObject, FLT_SET_CONTEXT_KEEP_IF_EXISTS, c,
                               nullptr);
      break;
    case FLT_STREAMHANDLE_CONTEXT:
      st = FltSetStreamHandleContext(o->Instance, o->FileObject, FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                     c, nullptr);
      break;
    default:
      st = FltSetFileContext(o->Instance, o->FileObject, FLT_SET_CONTEXT_KEEP_IF_EXISTS, c,
                             nullptr);
      break;
  }
  FltReleaseContext(c);
  return st;
}

class SimulatedIoTest : public ::testing::Test {
 public:
  static poolsim::Options EnvOptions() {
    poolsim::Options o;
    o.backend = poolsim::Backend::kSystem;
    return o;
  }
  SimulatedIoTest() {
    env_.SetBugCheckHandler([this](const poolsim::BugCheck& b) {
      poolsim::poolsim_internal::MutexLock l(&mu_);
      bug_checks_.push_back(b);
    });
    A::Reset(&log_);
    B::Reset(&log_);
  }
  ~SimulatedIoTest() override {
    A::Reset(nullptr);
    B::Reset(nullptr);
  }

  template <typename F>
  PFLT_FILTER Register() {
    FLT_REGISTRATION r = F::Registration();
    PFLT_FILTER f = nullptr;
    EXPECT_EQ(FltRegisterFilter(nullptr, &r, &f), STATUS_SUCCESS);
    EXPECT_EQ(FltStartFiltering(f), STATUS_SUCCESS);
    F::filter = f;
    return f;
  }

  std::vector<poolsim::BugCheck> BugChecks() {
    poolsim::poolsim_internal::MutexLock l(&mu_);
    return bug_checks_;
  }

  void ClearBugChecks() {
    poolsim::poolsim_internal::MutexLock l(&mu_);
    bug_checks_.clear();
  }

  poolsim::Environment env_{EnvOptions()};
  poolsim::ScopedEnvironment install_env_{&env_};
  fltctx::FilterManager fm_{env_};
  fltctx::ScopedFilterManager install_fm_{&fm_};
  Log log_;
  poolsim::poolsim_internal::Mutex mu_;
  std::vector<poolsim::BugCheck> bug_checks_ ABSL_GUARDED_BY(mu_);
};


}  // namespace fltctx_io_test

#endif  // FLTCTX_IO_IO_TEST_FIXTURE_H_
