// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/io_concurrency_test.cc
// -----------------------------------------------------------------------------
//
// Simulated I/O across threads: FLT_PREOP_PENDING completed from another
// thread, FLTFL_POST_OPERATION_DRAINING for requests in flight at an
// instance's teardown, and several threads on one volume.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "fltctx/io/io_test_fixture.h"
#include "fltctx/wdk/fltkernel.h"
#include "fltctx/wdk/simulation.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/bugcheck.h"
#include "poolsim/environment.h"
#include "poolsim/irql.h"

namespace fltctx_io_test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// --- FLT_PREOP_PENDING ----------------------------------------------------------

// A filter pends its pre-write; a worker thread completes it with the
// status under test. The lower filter (B) and the file system see the write
// only after the completion; the completion context reaches A's post-write.
struct PendCase {
  const char* name;
  FLT_PREOP_CALLBACK_STATUS completion;
  std::vector<std::string> expected_log;
  NTSTATUS expected_status;
  std::string expected_contents;
};

TEST_F(SimulatedIoTest, PendedPreOperationWaitsForItsCompletionFromAnotherThread) {
  const PendCase cases[] = {
      {"with callback", FLT_PREOP_SUCCESS_WITH_CALLBACK,
       {"A pre write", "completing", "B pre write", "B post write", "A post write"},
       STATUS_SUCCESS, "data"},
      {"no callback", FLT_PREOP_SUCCESS_NO_CALLBACK,
       {"A pre write", "completing", "B pre write", "B post write"}, STATUS_SUCCESS, "data"},
      {"complete", FLT_PREOP_COMPLETE, {"A pre write", "completing"}, STATUS_ACCESS_DENIED, ""},
  };
  for (const PendCase& c : cases) {
    SCOPED_TRACE(c.name);
    fltctx::FilterManager fm(env_);
    fltctx::ScopedFilterManager install(&fm);
    A::Reset(&log_);
    B::Reset(&log_);
    fltctx::io::Volume vol(fm);
    vol.Attach(Register<A>(), "370000");
    vol.Attach(Register<B>(), "360000");
    int marker = 0;
    std::thread worker;
    PVOID post_context = nullptr;
    A::pre = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID*) {
      if (d->Iopb->MajorFunction != IRP_MJ_WRITE) return FLT_PREOP_SUCCESS_NO_CALLBACK;
      worker = std::thread([&, d] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        log_.Add("completing");
        if (c.completion == FLT_PREOP_COMPLETE) {
          d->IoStatus.Status = STATUS_ACCESS_DENIED;
          d->IoStatus.Information = 0;
        }
        FltCompletePendedPreOperation(d, c.completion, &marker);
      });
      return FLT_PREOP_PENDING;
    };
    A::post = [&](PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID cc) { post_context = cc; };
    fltctx::io::Handle h = vol.Create(L"\\p.txt");
    log_.Take();
    EXPECT_EQ(h.Write("data"), c.expected_status);
    worker.join();
    EXPECT_EQ(log_.Take(), c.expected_log);
    EXPECT_EQ(vol.Contents(L"\\p.txt"), c.expected_contents);
    EXPECT_EQ(post_context, c.completion == FLT_PREOP_SUCCESS_WITH_CALLBACK ? &marker : nullptr);
    h.Close();
  }
  EXPECT_THAT(BugChecks(), IsEmpty());
}

TEST_F(SimulatedIoTest, PendedPreOperationMayBeCompletedBeforeTheCallbackReturns) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  A::pre = [](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID*) {
    if (d->Iopb->MajorFunction != IRP_MJ_CREATE) return FLT_PREOP_SUCCESS_NO_CALLBACK;
    FltCompletePendedPreOperation(d, FLT_PREOP_SUCCESS_WITH_CALLBACK, nullptr);
    return FLT_PREOP_PENDING;
  };
  fltctx::io::Handle h = vol.Create(L"\\q.txt");
  EXPECT_EQ(h.status(), STATUS_SUCCESS);
  EXPECT_THAT(log_.Take(), ElementsAre("A pre create", "A post create"));
  EXPECT_THAT(BugChecks(), IsEmpty());
}

TEST_F(SimulatedIoTest, CompletingAnOperationThatIsNotPendedIsReported) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  PFLT_CALLBACK_DATA saved = nullptr;
  A::pre = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID*) {
    if (d->Iopb->MajorFunction == IRP_MJ_WRITE) {
      // Completed, but the callback does not return PENDING.
      FltCompletePendedPreOperation(d, FLT_PREOP_SUCCESS_NO_CALLBACK, nullptr);
    }
    if (d->Iopb->MajorFunction == IRP_MJ_SET_INFORMATION) {
      saved = d;
      FltCompletePendedPreOperation(d, FLT_PREOP_SUCCESS_NO_CALLBACK, nullptr);
      return FLT_PREOP_PENDING;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
  };
  fltctx::io::Handle h = vol.Create(L"\\r.txt");
  EXPECT_EQ(h.Write("x"), STATUS_SUCCESS);
  EXPECT_EQ(h.SetEndOfFile(0), STATUS_SUCCESS);
  FltCompletePendedPreOperation(saved, FLT_PREOP_SUCCESS_NO_CALLBACK, nullptr);  // twice
  std::vector<poolsim::BugCheck> checks = BugChecks();
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_EQ(checks[0].code, poolsim::bugcheck::kDriverVerifierDetectedViolation);
  EXPECT_EQ(checks[0].parameters[0], 0xF1011u);
  EXPECT_EQ(checks[0].parameters[3], static_cast<uint64_t>(IRP_MJ_WRITE));
  EXPECT_EQ(checks[1].parameters[0], 0xF1011u);
  EXPECT_EQ(checks[1].parameters[1], reinterpret_cast<uintptr_t>(saved));
}

TEST_F(SimulatedIoTest, PendedPreOperationCompletedWithAnInvalidStatusIsReported) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  A::pre = [](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID*) {
    if (d->Iopb->MajorFunction != IRP_MJ_WRITE) return FLT_PREOP_SUCCESS_NO_CALLBACK;
    FltCompletePendedPreOperation(d, FLT_PREOP_SYNCHRONIZE, nullptr);
    return FLT_PREOP_PENDING;
  };
  fltctx::io::Handle h = vol.Create(L"\\s.txt");
  log_.Take();
  EXPECT_EQ(h.Write("x"), STATUS_SUCCESS);  // as NO_CALLBACK
  EXPECT_THAT(log_.Take(), ElementsAre("A pre write"));
  std::vector<poolsim::BugCheck> checks = BugChecks();
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].parameters[0], 0xF1010u);
  EXPECT_EQ(checks[0].parameters[2], static_cast<uint64_t>(FLT_PREOP_SYNCHRONIZE));
}

// --- FLTFL_POST_OPERATION_DRAINING ---------------------------------------------

// A filter with teardown callbacks, for draining: its pre-write asks for a
// post-write with a completion context; it logs the post-write's flags.
struct DrainFilter {
  static inline Log* log = nullptr;
  static inline int marker = 0;
  static FLT_PREOP_CALLBACK_STATUS FLTAPI PreWrite(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS,
                                                   PVOID* cc) {
    log->Add("D pre write");
    *cc = &marker;
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
  }
  static FLT_POSTOP_CALLBACK_STATUS FLTAPI PostWrite(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS o,
                                                     PVOID cc, FLT_POST_OPERATION_FLAGS flags) {
    log->Add(absl::StrFormat("D post write%s%s",
                             (flags & FLTFL_POST_OPERATION_DRAINING) != 0 ? " draining" : "",
                             cc == &marker ? "" : " (wrong completion context)"));
    return FLT_POSTOP_FINISHED_PROCESSING;
  }
  static VOID FLTAPI TeardownStart(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_TEARDOWN_FLAGS) {
    log->Add("D teardown start");
  }
  static VOID FLTAPI TeardownComplete(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_TEARDOWN_FLAGS) {
    log->Add("D teardown complete");
  }
  static inline const FLT_OPERATION_REGISTRATION kOperations[] = {
      {IRP_MJ_WRITE, 0, PreWrite, PostWrite, nullptr},
      {IRP_MJ_OPERATION_END, 0, nullptr, nullptr, nullptr}};
};

TEST_F(SimulatedIoTest, DetachDrainsThePostOperationsOfRequestsInFlight) {
  DrainFilter::log = &log_;
  FLT_REGISTRATION r = {};
  r.Size = sizeof(r);
  r.Version = FLT_REGISTRATION_VERSION;
  r.OperationRegistration = DrainFilter::kOperations;
  r.InstanceTeardownStartCallback = DrainFilter::TeardownStart;
  r.InstanceTeardownCompleteCallback = DrainFilter::TeardownComplete;
  PFLT_FILTER d = nullptr;
  ASSERT_EQ(FltRegisterFilter(nullptr, &r, &d), STATUS_SUCCESS);
  ASSERT_EQ(FltStartFiltering(d), STATUS_SUCCESS);

  fltctx::io::Volume vol(fm_);
  PFLT_INSTANCE d_instance = vol.Attach(d, "370000");
  ASSERT_NE(d_instance, nullptr);
  vol.Attach(Register<B>(), "360000");  // B, below D, pends the write
  poolsim::poolsim_internal::Mutex mu;
  poolsim::poolsim_internal::CondVar cv;
  PFLT_CALLBACK_DATA pended = nullptr;  // guarded by mu
  B::pre = [&](PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS, PVOID*) {
    poolsim::poolsim_internal::MutexLock l(&mu);
    if (data->Iopb->MajorFunction != IRP_MJ_WRITE || pended != nullptr) {
      return FLT_PREOP_SUCCESS_WITH_CALLBACK;
    }
    pended = data;
    cv.NotifyAll();
    return FLT_PREOP_PENDING;
  };
  fltctx::io::Handle h = vol.Create(L"\\w.txt");
  log_.Take();
  NTSTATUS write_status = STATUS_PENDING;
  std::thread writer([&] { write_status = h.Write("data"); });
  {
    poolsim::poolsim_internal::MutexLock l(&mu);
    while (pended == nullptr) cv.Wait(&mu);
  }
  // D detaches while the write is held below it: D's post-write runs now,
  // draining, between its teardown callbacks.
  fltctx::wdk::DetachInstance(d_instance);
  EXPECT_THAT(log_.Take(), ElementsAre("D pre write", "B pre write", "D teardown start",
                                       "D post write draining", "D teardown complete"));
  // The write finishes without calling D again.
  FltCompletePendedPreOperation(pended, FLT_PREOP_SUCCESS_WITH_CALLBACK, nullptr);
  writer.join();
  EXPECT_EQ(write_status, STATUS_SUCCESS);
  EXPECT_THAT(log_.Take(), ElementsAre("B post write"));
  EXPECT_EQ(vol.Contents(L"\\w.txt"), "data");
  // Nothing in flight: a detach drains nothing.
  h.Write("more");
  log_.Take();
  fltctx::wdk::DetachInstance(vol.Attach(d, "370001"));
  EXPECT_THAT(log_.Take(), ElementsAre("D teardown start", "D teardown complete"));
  h.Close();
  EXPECT_THAT(BugChecks(), IsEmpty());
  DrainFilter::log = nullptr;
}

// --- Threads ------------------------------------------------------------------

// Get-or-create of a stream context counting writes, from several threads
// on shared and private files.
struct Counter {
  std::atomic<int> writes;
};

FLT_PREOP_CALLBACK_STATUS FLTAPI CountingPreWrite(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS o,
                                                  PVOID*) {
  PFLT_CONTEXT c = nullptr;
  if (NT_SUCCESS(FltGetStreamContext(o->Instance, o->FileObject, &c))) {
    static_cast<Counter*>(c)->writes.fetch_add(1);
    FltReleaseContext(c);
  }
  return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI CountingPostCreate(PFLT_CALLBACK_DATA d,
                                                     PCFLT_RELATED_OBJECTS o, PVOID,
                                                     FLT_POST_OPERATION_FLAGS) {
  if (!NT_SUCCESS(d->IoStatus.Status)) return FLT_POSTOP_FINISHED_PROCESSING;
  PFLT_CONTEXT existing = nullptr;
  if (FltGetStreamContext(o->Instance, o->FileObject, &existing) == STATUS_SUCCESS) {
    FltReleaseContext(existing);
    return FLT_POSTOP_FINISHED_PROCESSING;
  }
  PFLT_CONTEXT fresh = nullptr;
  if (!NT_SUCCESS(FltAllocateContext(o->Filter, FLT_STREAM_CONTEXT, sizeof(Counter),
                                     NonPagedPoolNx, &fresh))) {
    return FLT_POSTOP_FINISHED_PROCESSING;
  }
  new (fresh) Counter{{0}};
  NTSTATUS st = FltSetStreamContext(o->Instance, o->FileObject, FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                    fresh, &existing);
  if (st == STATUS_FLT_CONTEXT_ALREADY_DEFINED) FltReleaseContext(existing);
  FltReleaseContext(fresh);
  return FLT_POSTOP_FINISHED_PROCESSING;
}

std::atomic<int> g_counted_writes{0};

VOID FLTAPI CountingCleanup(PFLT_CONTEXT c, FLT_CONTEXT_TYPE) {
  g_counted_writes.fetch_add(static_cast<Counter*>(c)->writes.load());
}

const FLT_OPERATION_REGISTRATION kCountingOperations[] = {
    {IRP_MJ_CREATE, 0, nullptr, CountingPostCreate, nullptr},
    {IRP_MJ_WRITE, 0, CountingPreWrite, nullptr, nullptr},
    {IRP_MJ_OPERATION_END, 0, nullptr, nullptr, nullptr}};
const FLT_CONTEXT_REGISTRATION kCountingContexts[] = {
    {FLT_STREAM_CONTEXT, 0, CountingCleanup, sizeof(Counter), kTag, nullptr, nullptr, nullptr},
    {FLT_CONTEXT_END, 0, nullptr, 0, 0, nullptr, nullptr, nullptr}};

TEST_F(SimulatedIoTest, ThreadsOpenWriteAndCloseConcurrently) {
  g_counted_writes = 0;
  FLT_REGISTRATION r = {};
  r.Size = sizeof(r);
  r.Version = FLT_REGISTRATION_VERSION;
  r.ContextRegistration = kCountingContexts;
  r.OperationRegistration = kCountingOperations;
  PFLT_FILTER filter = nullptr;
  ASSERT_EQ(FltRegisterFilter(nullptr, &r, &filter), STATUS_SUCCESS);
  ASSERT_EQ(FltStartFiltering(filter), STATUS_SUCCESS);
  constexpr int kThreads = 4;
  constexpr int kRounds = 200;
  {
    fltctx::io::Volume vol(fm_);
    ASSERT_NE(vol.Attach(filter, "370000"), nullptr);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&vol, t] {
        for (int i = 0; i < kRounds; ++i) {
          fltctx::io::Handle shared = vol.Create(L"\\shared.txt");
          fltctx::io::Handle own = vol.Create(L"\\own" + std::to_wstring(t) + L".txt");
          EXPECT_EQ(shared.Write("s"), STATUS_SUCCESS);
          EXPECT_EQ(own.Write("o"), STATUS_SUCCESS);
          own.Close();
          shared.Close();
        }
      });
    }
    for (std::thread& th : threads) th.join();
  }
  FltUnregisterFilter(filter);
  EXPECT_EQ(g_counted_writes.load(), 2 * kThreads * kRounds);
  EXPECT_EQ(fm_.LiveContextCount(), 0u);
  EXPECT_THAT(BugChecks(), IsEmpty());
}

}  // namespace
}  // namespace fltctx_io_test
