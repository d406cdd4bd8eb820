// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/io_lifetime_test.cc
// -----------------------------------------------------------------------------
//
// Context lifetimes through simulated I/O: driven by IRP_MJ_CLEANUP /
// IRP_MJ_CLOSE and the cache manager's hold, contexts refused in pre-create
// and post-close, and post-operations at DISPATCH_LEVEL.

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

// --- Lifetimes ----------------------------------------------------------------

TEST_F(SimulatedIoTest, StreamContextGoesAtTheLastCloseOfTheStream) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  A::post = [](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS o, PVOID) {
    if (d->Iopb->MajorFunction == IRP_MJ_CREATE && NT_SUCCESS(d->IoStatus.Status)) {
      EXPECT_EQ(AttachContext(o, FLT_STREAM_CONTEXT), d->IoStatus.Information == FILE_CREATED
                                                          ? STATUS_SUCCESS
                                                          : STATUS_FLT_CONTEXT_ALREADY_DEFINED);
      EXPECT_EQ(AttachContext(o, FLT_STREAMHANDLE_CONTEXT), STATUS_SUCCESS);
      EXPECT_EQ(AttachContext(o, FLT_FILE_CONTEXT),
                d->IoStatus.Information == FILE_CREATED ? STATUS_SUCCESS
                                                        : STATUS_FLT_CONTEXT_ALREADY_DEFINED);
    }
  };
  fltctx::io::Handle first = vol.Create(L"\\a.txt");
  fltctx::io::Handle second = vol.Create(L"\\a.txt", FILE_OPEN);
  log_.Take();
  first.Close();
  // The handle's context goes at its file object's IRP_MJ_CLOSE, between the
  // pre- and post-close callbacks; the stream's stays.
  EXPECT_THAT(log_.Take(), ElementsAre("A pre cleanup", "A post cleanup", "A pre close",
                                       "A cleanup handle", "A post close"));
  second.Close();
  EXPECT_THAT(log_.Take(),
              ElementsAre("A pre cleanup", "A post cleanup", "A pre close", "A cleanup handle",
                          "A cleanup stream", "A cleanup file", "A post close"));
  EXPECT_EQ(fm_.LiveContextCount(), 0u);
}

TEST_F(SimulatedIoTest, CacheManagerKeepsTheStreamContextPastCleanup) {
  fltctx::io::VolumeSetup setup;
  setup.cache_holds_file_objects = true;
  fltctx::io::Volume vol(fm_, setup);
  vol.Attach(Register<A>(), "370000");
  A::post = [](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS o, PVOID) {
    if (d->Iopb->MajorFunction == IRP_MJ_CREATE) AttachContext(o, FLT_STREAM_CONTEXT);
  };
  fltctx::io::Handle h = vol.Create(L"\\a.txt");
  h.Write("cached");
  log_.Take();
  h.Close();
  EXPECT_THAT(log_.Take(), ElementsAre("A pre cleanup", "A post cleanup"));
  EXPECT_EQ(vol.CachedFileObjects(), 1u);
  EXPECT_EQ(fm_.LiveContextCount(), 1u);

  // A handle that did no I/O is not cached: it closes at once.
  vol.Create(L"\\b.txt").Close();
  EXPECT_EQ(vol.CachedFileObjects(), 1u);
  log_.Take();

  EXPECT_EQ(vol.ReleaseCache(), 1u);
  EXPECT_THAT(log_.Take(), ElementsAre("A pre close", "A cleanup stream", "A post close"));
  EXPECT_EQ(fm_.LiveContextCount(), 0u);
}

TEST_F(SimulatedIoTest, CleanupWithoutCloseKeepsContextsUntilClose) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  A::post = [](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS o, PVOID) {
    if (d->Iopb->MajorFunction == IRP_MJ_CREATE) AttachContext(o, FLT_STREAM_CONTEXT);
  };
  fltctx::io::Handle h = vol.Create(L"\\a.txt");
  h.Cleanup();
  EXPECT_EQ(fm_.LiveContextCount(), 1u);
  EXPECT_EQ(h.Write("x"), STATUS_INVALID_HANDLE) << "no I/O after cleanup through the handle";
  h.Close();
  EXPECT_EQ(fm_.LiveContextCount(), 0u);
}

// --- Where contexts are refused -------------------------------------------------

TEST_F(SimulatedIoTest, ContextsAreNotSupportedInPreCreateAndPostClose) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  std::vector<std::string> seen;
  auto probe = [&](const char* where, PCFLT_RELATED_OBJECTS o) {
    PFLT_CONTEXT c = nullptr;
    NTSTATUS get = FltGetStreamContext(o->Instance, o->FileObject, &c);
    if (c != nullptr) FltReleaseContext(c);
    NTSTATUS get_handle = FltGetStreamHandleContext(o->Instance, o->FileObject, &c);
    if (c != nullptr) FltReleaseContext(c);
    NTSTATUS set = AttachContext(o, FLT_STREAM_CONTEXT);
    seen.push_back(absl::StrFormat("%s get %#x handle %#x set %#x supports %d", where,
                                   static_cast<uint32_t>(get), static_cast<uint32_t>(get_handle),
                                   static_cast<uint32_t>(set),
                                   FltSupportsStreamContexts(o->FileObject)));
  };
  A::pre = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS o, PVOID*) {
    if (d->Iopb->MajorFunction == IRP_MJ_CREATE) probe("pre-create", o);
    if (d->Iopb->MajorFunction == IRP_MJ_CLOSE) probe("pre-close", o);
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
  };
  A::post = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS o, PVOID) {
    if (d->Iopb->MajorFunction == IRP_MJ_CREATE) {
      probe(NT_SUCCESS(d->IoStatus.Status) ? "post-create" : "failed post-create", o);
    }
    if (d->Iopb->MajorFunction == IRP_MJ_CLOSE) probe("post-close", o);
  };
  vol.Create(L"\\a.txt").Close();
  vol.Create(L"\\missing.txt", FILE_OPEN);
  EXPECT_THAT(seen, ElementsAre("pre-create get 0xc00000bb handle 0xc00000bb set 0xc00000bb "
                                "supports 0",
                                "post-create get 0xc0000225 handle 0xc0000225 set 0 supports 1",
                                "pre-close get 0 handle 0xc0000225 set 0xc01c0002 supports 1",
                                "post-close get 0xc00000bb handle 0xc00000bb set 0xc00000bb "
                                "supports 0",
                                "pre-create get 0xc00000bb handle 0xc00000bb set 0xc00000bb "
                                "supports 0",
                                "failed post-create get 0xc00000bb handle 0xc00000bb set "
                                "0xc00000bb supports 0"));
  EXPECT_EQ(fm_.LiveContextCount(), 0u);
  EXPECT_THAT(BugChecks(), IsEmpty());
}

// --- Post-operations at DISPATCH_LEVEL ----------------------------------------

// The swapBuffers pattern with the wrong pool: get the stream context in
// pre-write, carry it as the completion context, release it in post-write.
struct DispatchCase {
  const char* name;
  bool at_dispatch;
  bool nonpaged;
  FLT_PREOP_CALLBACK_STATUS pre_result;
  bool expect_bug_check;
};

TEST_F(SimulatedIoTest, PostOperationAtDispatchCatchesAPagedContextRelease) {
  const DispatchCase cases[] = {
      {"paged, passive post", false, false, FLT_PREOP_SUCCESS_WITH_CALLBACK, false},
      {"paged, dispatch post", true, false, FLT_PREOP_SUCCESS_WITH_CALLBACK, true},
      {"nonpaged, dispatch post", true, true, FLT_PREOP_SUCCESS_WITH_CALLBACK, false},
      {"paged, synchronized", true, false, FLT_PREOP_SYNCHRONIZE, false},
  };
  for (const DispatchCase& c : cases) {
    SCOPED_TRACE(c.name);
    ClearBugChecks();
    fltctx::FilterManager fm(env_);
    fltctx::ScopedFilterManager install(&fm);
    A::Reset(&log_);
    fltctx::io::VolumeSetup setup;
    setup.post_operation_at_dispatch = c.at_dispatch;
    fltctx::io::Volume vol(fm, setup);
    vol.Attach(Register<A>(), "370000");
    std::vector<poolsim::Irql> post_irql;
    PFLT_CONTEXT released = nullptr;
    A::pre = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS o, PVOID* cc) {
      if (d->Iopb->MajorFunction == IRP_MJ_CREATE) return FLT_PREOP_SUCCESS_WITH_CALLBACK;
      if (d->Iopb->MajorFunction != IRP_MJ_WRITE) return FLT_PREOP_SUCCESS_NO_CALLBACK;
      PFLT_CONTEXT ctx = nullptr;
      EXPECT_EQ(FltGetStreamContext(o->Instance, o->FileObject, &ctx), STATUS_SUCCESS);
      *cc = ctx;
      return c.pre_result;
    };
    A::post = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS o, PVOID cc) {
      if (d->Iopb->MajorFunction == IRP_MJ_CREATE) {
        AttachContext(o, FLT_STREAM_CONTEXT, c.nonpaged);
        return;
      }
      post_irql.push_back(poolsim::CurrentIrql());
      released = cc;
      FltReleaseContext(cc);
    };
    fltctx::io::Handle h = vol.Create(L"\\a.txt");
    h.Write("x");
    ASSERT_EQ(post_irql.size(), 1u);
    EXPECT_EQ(post_irql[0], c.at_dispatch && c.pre_result != FLT_PREOP_SYNCHRONIZE
                                ? poolsim::kDispatchLevel
                                : poolsim::kPassiveLevel);
    std::vector<poolsim::BugCheck> checks = BugChecks();
    if (c.expect_bug_check) {
      ASSERT_EQ(checks.size(), 1u);
      EXPECT_EQ(checks[0].code, poolsim::bugcheck::kIrqlNotLessOrEqual);
      // The bad release had no effect; release properly so nothing leaks.
      FltReleaseContext(released);
    } else {
      EXPECT_THAT(checks, IsEmpty());
    }
    h.Close();
    fm.DrainDeferredWork();
    EXPECT_EQ(fm.LiveContextCount(), 0u);
  }
  ClearBugChecks();
}

}  // namespace
}  // namespace fltctx_io_test
