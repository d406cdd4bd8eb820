// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// FltGetStreamContext, FltReferenceContext and FltReleaseContext take no
// lock: they race FltSetStreamContext (REPLACE) and FltDeleteStreamContext,
// which free the contexts they replace, with a quarantine of one record so
// records are deleted (retired through the epoch scheme) as fast as they
// are freed. Every get returns a live context, no bug check is raised, and
// nothing is left. Run under --config=tsan and --config=asan too: a record
// or a table deleted while a reader still uses it is a report there. With
// reference tracking, a reference released on another thread than the one
// that took it leaves no trace, and one never released is reported with
// the call that took it even after its thread has exited.

#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "fltctx/filter_manager.h"
#include "fltctx/wdk/fltkernel.h"
#include "fltctx/wdk/simulation.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"

namespace {

constexpr ULONG kTag = 0x664c7443;
constexpr uint64_t kMagic = 0x5a5a17171717a5a5ull;

struct Payload {
  std::atomic<uint64_t> magic;
};

std::atomic<int> g_cleanups{0};

VOID FLTAPI Cleanup(PFLT_CONTEXT context, FLT_CONTEXT_TYPE) {
  // Checked and then poisoned: a get that returned a context already
  // cleaned up reads the poison.
  auto* p = static_cast<Payload*>(context);
  EXPECT_EQ(p->magic.load(), kMagic);
  p->magic.store(0);
  g_cleanups.fetch_add(1);
}

class LockFreeReferencesTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    fltctx::Options o;
    o.track_references = GetParam();
    o.quarantine = 1;
    fm_ = std::make_unique<fltctx::FilterManager>(env_, o);
    install_ = std::make_unique<fltctx::ScopedFilterManager>(fm_.get());
    static const FLT_CONTEXT_REGISTRATION kRegs[] = {
        {FLT_STREAM_CONTEXT, 0, Cleanup, sizeof(Payload), kTag, nullptr, nullptr, nullptr},
        {FLT_CONTEXT_END, 0, nullptr, 0, 0, nullptr, nullptr, nullptr}};
    FLT_REGISTRATION r = {};
    r.Size = sizeof(r);
    r.Version = FLT_REGISTRATION_VERSION;
    r.ContextRegistration = kRegs;
    ASSERT_EQ(FltRegisterFilter(nullptr, &r, &filter_), STATUS_SUCCESS);
    ASSERT_EQ(FltStartFiltering(filter_), STATUS_SUCCESS);
    volume_ = fltctx::wdk::CreateVolume(*fm_);
    instance_ = fltctx::wdk::AttachInstance(filter_, volume_);
    fo_ = fltctx::wdk::OpenFile(volume_);
    g_cleanups.store(0);
  }
  void TearDown() override {
    install_.reset();
    fm_.reset();
  }

  // Allocates a context, marks it and attaches it (REPLACE); returns the
  // status of the set.
  NTSTATUS Replace() {
    PFLT_CONTEXT c = nullptr;
    NTSTATUS st = FltAllocateContext(filter_, FLT_STREAM_CONTEXT, sizeof(Payload), NonPagedPoolNx, &c);
    if (!NT_SUCCESS(st)) return st;
    static_cast<Payload*>(c)->magic.store(kMagic);
    st = FltSetStreamContext(instance_, fo_, FLT_SET_CONTEXT_REPLACE_IF_EXISTS, c, nullptr);
    FltReleaseContext(c);
    return st;
  }

  poolsim::Environment env_;
  poolsim::ScopedEnvironment install_env_{&env_};
  std::unique_ptr<fltctx::FilterManager> fm_;
  std::unique_ptr<fltctx::ScopedFilterManager> install_;
  PFLT_FILTER filter_ = nullptr;
  PFLT_VOLUME volume_ = nullptr;
  PFLT_INSTANCE instance_ = nullptr;
  PFILE_OBJECT fo_ = nullptr;
};

TEST_P(LockFreeReferencesTest, GetAndReleaseRaceReplaceAndDelete) {
  poolsim::testing::BugCheckCapture capture(env_);
  constexpr int kReaders = 2;
  constexpr int kReplacements = 3000;
  std::atomic<bool> stop{false};
  std::atomic<int64_t> found{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < kReaders; ++t) {
    readers.emplace_back([&, t] {
      while (!stop.load(std::memory_order_relaxed)) {
        PFLT_CONTEXT c = nullptr;
        if (FltGetStreamContext(instance_, fo_, &c) != STATUS_SUCCESS) continue;
        ASSERT_EQ(static_cast<Payload*>(c)->magic.load(), kMagic);
        if (t == 1) {
          // A second reference, taken and dropped lock-free too.
          FltReferenceContext(c);
          FltReleaseContext(c);
        }
        FltReleaseContext(c);
        found.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  for (int i = 0; i < kReplacements; ++i) {
    ASSERT_EQ(Replace(), STATUS_SUCCESS);
    if (i % 16 == 15) {
      ASSERT_EQ(FltDeleteStreamContext(instance_, fo_, nullptr), STATUS_SUCCESS);
    }
  }
  stop.store(true);
  for (auto& t : readers) t.join();
  EXPECT_TRUE(capture.bug_checks().empty());
  EXPECT_EQ(FltDeleteStreamContext(instance_, fo_, nullptr), STATUS_SUCCESS);
  EXPECT_EQ(g_cleanups.load(), kReplacements);
  EXPECT_EQ(fm_->LiveContextCount(), 0u);
  EXPECT_TRUE(fm_->ReferencedContexts().empty());
  EXPECT_GT(found.load(), 0);
}

TEST_P(LockFreeReferencesTest, ReleaseOnAnotherThreadLeavesNoReference) {
  ASSERT_EQ(Replace(), STATUS_SUCCESS);
  PFLT_CONTEXT c = nullptr;
  std::thread taker([&] { ASSERT_EQ(FltGetStreamContext(instance_, fo_, &c), STATUS_SUCCESS); });
  taker.join();
  ASSERT_EQ(fm_->ReferencedContexts().size(), 1u);
  std::thread releaser([&] { FltReleaseContext(c); });
  releaser.join();
  EXPECT_TRUE(fm_->ReferencedContexts().empty());
  EXPECT_EQ(FltDeleteStreamContext(instance_, fo_, nullptr), STATUS_SUCCESS);
  EXPECT_EQ(fm_->LiveContextCount(), 0u);
}

TEST_P(LockFreeReferencesTest, ReferenceOfAnExitedThreadIsStillReported) {
  ASSERT_EQ(Replace(), STATUS_SUCCESS);
  PFLT_CONTEXT c = nullptr;
  std::thread taker([&] { ASSERT_EQ(FltGetStreamContext(instance_, fo_, &c), STATUS_SUCCESS); });
  taker.join();
  // Other threads come and go (and may reuse the exited thread's log).
  for (int i = 0; i < 4; ++i) {
    std::thread other([&] {
      PFLT_CONTEXT d = nullptr;
      ASSERT_EQ(FltGetStreamContext(instance_, fo_, &d), STATUS_SUCCESS);
      FltReleaseContext(d);
    });
    other.join();
  }
  std::vector<poolsim::LeakedObject> referenced = fm_->ReferencedContexts();
  ASSERT_EQ(referenced.size(), 1u);
  EXPECT_EQ(referenced[0].reference_count, 2);  // the attachment and the leak
  if (GetParam()) {
    ASSERT_EQ(referenced[0].references.size(), 1u);
    EXPECT_EQ(std::string(referenced[0].references[0].operation), "FltGetStreamContext");
  }
  FltReleaseContext(c);
  EXPECT_TRUE(fm_->ReferencedContexts().empty());
  EXPECT_EQ(FltDeleteStreamContext(instance_, fo_, nullptr), STATUS_SUCCESS);
}

INSTANTIATE_TEST_SUITE_P(Tracking, LockFreeReferencesTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? std::string("Tracked") : std::string("Untracked");
                         });

}  // namespace
