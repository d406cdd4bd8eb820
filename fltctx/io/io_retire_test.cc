// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File objects are freed once their I/O is over, so a long run's memory
// stays flat: a closed FILE_OBJECT stays valid (closed) while it is among the
// last Options::quarantine retired ones, so a driver's use of it after the
// close gets what it got before (STATUS_NOT_SUPPORTED for its contexts);
// once freed it is no longer a live handle, and the same call is the
// not-a-live-handle bug check (0x1E), not a read of freed host memory.

#include <memory>
#include <vector>

#include "fltctx/filter_manager.h"
#include "fltctx/internal/epoch.h"
#include "fltctx/io/io.h"
#include "fltctx/live_handles.h"
#include "fltctx/wdk/fltkernel.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"

namespace {

constexpr ULONG kTag = 0x74657243;
constexpr size_t kQuarantine = 8;

const FLT_CONTEXT_REGISTRATION kContexts[] = {
    {FLT_STREAM_CONTEXT, 0, nullptr, 32, kTag, nullptr, nullptr, nullptr},
    {FLT_CONTEXT_END, 0, nullptr, 0, 0, nullptr, nullptr, nullptr}};

class RetiredFileObjectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fltctx::Options o;
    o.quarantine = kQuarantine;
    fm_ = std::make_unique<fltctx::FilterManager>(env_, o);
    install_ = std::make_unique<fltctx::ScopedFilterManager>(fm_.get());
    FLT_REGISTRATION r = {};
    r.Size = sizeof(r);
    r.Version = FLT_REGISTRATION_VERSION;
    r.ContextRegistration = kContexts;
    ASSERT_EQ(FltRegisterFilter(nullptr, &r, &filter_), STATUS_SUCCESS);
    ASSERT_EQ(FltStartFiltering(filter_), STATUS_SUCCESS);
    volume_ = std::make_unique<fltctx::io::Volume>(*fm_);
    instance_ = volume_->Attach(filter_, "370030");
    ASSERT_NE(instance_, nullptr);
  }
  void TearDown() override {
    volume_.reset();
    install_.reset();
    fm_.reset();
  }

  // Opens and closes `name`; returns the FILE_OBJECT the open used.
  PFILE_OBJECT OpenAndClose(const wchar_t* name) {
    fltctx::io::Handle h = volume_->Create(name, FILE_OPEN_IF);
    EXPECT_EQ(h.status(), STATUS_SUCCESS);
    PFILE_OBJECT fo = h.file_object();
    h.Close();
    return fo;
  }

  poolsim::Environment env_;
  poolsim::ScopedEnvironment install_env_{&env_};
  std::unique_ptr<fltctx::FilterManager> fm_;
  std::unique_ptr<fltctx::ScopedFilterManager> install_;
  PFLT_FILTER filter_ = nullptr;
  std::unique_ptr<fltctx::io::Volume> volume_;
  PFLT_INSTANCE instance_ = nullptr;
};

TEST_F(RetiredFileObjectTest, UseAfterCloseIsNotSupportedWhileQuarantinedThenABugCheck) {
  PFILE_OBJECT first = OpenAndClose(L"\\a.txt");
  ASSERT_NE(first, nullptr);
  {
    poolsim::testing::BugCheckCapture capture(env_);
    PFLT_CONTEXT c = nullptr;
    EXPECT_EQ(FltGetStreamContext(instance_, first, &c), STATUS_NOT_SUPPORTED);
    EXPECT_EQ(c, nullptr);
    EXPECT_TRUE(capture.bug_checks().empty());
  }
  // kQuarantine more closes push the first out; nothing is opened after the
  // last one, so its memory cannot have been handed to a newer FILE_OBJECT.
  for (size_t i = 0; i < kQuarantine; ++i) OpenAndClose(L"\\b.txt");
  fltctx::fltctx_internal::ReclaimRetired();
  EXPECT_FALSE(fltctx::IsLiveHandle(first, fltctx::HandleKind::kWdkFileObject));
  PFLT_CONTEXT c = nullptr;
  EXPECT_BUGCHECK(FltGetStreamContext(instance_, first, &c), 0x1E);
  EXPECT_EQ(c, nullptr);
}

TEST_F(RetiredFileObjectTest, RecentlyClosedFileObjectsStayLiveHandles) {
  std::vector<PFILE_OBJECT> closed;
  for (size_t i = 0; i < kQuarantine; ++i) closed.push_back(OpenAndClose(L"\\c.txt"));
  fltctx::fltctx_internal::ReclaimRetired();
  for (PFILE_OBJECT fo : closed) {
    EXPECT_TRUE(fltctx::IsLiveHandle(fo, fltctx::HandleKind::kWdkFileObject));
    EXPECT_FALSE(FltSupportsStreamContexts(fo));  // closed
  }
}

// Enough cycles that the live-handle registry replaces its table, and so
// retires it, while older file objects wait to be freed: freeing them then
// unregisters their handles, which must not wait on the registry's own lock.
TEST_F(RetiredFileObjectTest, ManyCyclesFreeFileObjectsWhileTheRegistryGrows) {
  const size_t rebuilds_before = fltctx::fltctx_internal::LiveHandleTableRebuilds();
  for (int i = 0; i < 20000; ++i) OpenAndClose(L"\\d.txt");
  EXPECT_GT(fltctx::fltctx_internal::LiveHandleTableRebuilds(), rebuilds_before);
  fltctx::fltctx_internal::ReclaimRetired();
  EXPECT_EQ(fm_->LiveContextCount(), 0u);
}

}  // namespace
