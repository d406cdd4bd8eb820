// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Drives the C11 sample minifilter (sample_filter.c) through its life:
// register, attach (instance setup sets an instance context), opens on one
// stream (get-or-create of the stream context), closes, unload.

#include "fltctx/wdk/testdata/sample_filter.h"

#include "fltctx/filter_manager.h"
#include "fltctx/wdk/simulation.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/leak_report.h"

namespace {

class SampleFilterTest : public ::testing::Test {
 public:
  static poolsim::Options EnvOptions() {
    poolsim::Options o;
    o.backend = poolsim::Backend::kSystem;
    return o;
  }
  void SetUp() override {
    SampleReset();
    env_.SetBugCheckHandler([this](const poolsim::BugCheck&) { ++bug_checks_; });
    ASSERT_EQ(SampleDriverEntry(&filter_), STATUS_SUCCESS);
    volume_ = fltctx::wdk::CreateVolume(fm_);
    instance_ = fltctx::wdk::AttachInstance(filter_, volume_);
    ASSERT_NE(instance_, nullptr);
  }

  FLT_RELATED_OBJECTS Objects(PFILE_OBJECT fo) {
    return FLT_RELATED_OBJECTS{sizeof(FLT_RELATED_OBJECTS), 0, filter_, volume_, instance_, fo,
                               nullptr};
  }

  poolsim::Environment env_{EnvOptions()};
  poolsim::ScopedEnvironment install_env_{&env_};
  fltctx::FilterManager fm_{env_};
  fltctx::ScopedFilterManager install_fm_{&fm_};
  PFLT_FILTER filter_ = nullptr;
  PFLT_VOLUME volume_ = nullptr;
  PFLT_INSTANCE instance_ = nullptr;
  int bug_checks_ = 0;
};

TEST_F(SampleFilterTest, CountsOpensPerStreamAndCleansUp) {
  PFLT_CONTEXT instance_context = nullptr;
  ASSERT_EQ(FltGetInstanceContext(instance_, &instance_context), STATUS_SUCCESS);
  FltReleaseContext(instance_context);

  PFILE_OBJECT a = fltctx::wdk::OpenFile(volume_);
  FLT_RELATED_OBJECTS oa = Objects(a);
  EXPECT_EQ(SamplePostCreate(&oa), STATUS_SUCCESS);
  PFILE_OBJECT b = fltctx::wdk::OpenAgain(a);
  FLT_RELATED_OBJECTS ob = Objects(b);
  EXPECT_EQ(SamplePostCreate(&ob), STATUS_SUCCESS);
  EXPECT_EQ(SampleOpenCount(instance_, a), 2);
  EXPECT_EQ(SampleOpenCount(instance_, b), 2) << "same stream";

  PFILE_OBJECT other = fltctx::wdk::OpenFile(volume_);
  EXPECT_EQ(SampleOpenCount(instance_, other), -1);

  fltctx::wdk::CloseFileObject(a);
  EXPECT_EQ(SampleCleanups(FLT_STREAMHANDLE_CONTEXT), 1u);
  EXPECT_EQ(SampleCleanups(FLT_STREAM_CONTEXT), 0u);
  fltctx::wdk::CloseFileObject(b);
  EXPECT_EQ(SampleCleanups(FLT_STREAMHANDLE_CONTEXT), 2u);
  EXPECT_EQ(SampleCleanups(FLT_STREAM_CONTEXT), 1u);

  EXPECT_EQ(SampleUnload(0), STATUS_SUCCESS);
  EXPECT_EQ(SampleCleanups(FLT_INSTANCE_CONTEXT), 1u);
  EXPECT_EQ(bug_checks_, 0);
  EXPECT_TRUE(poolsim::BuildLeakReport(env_).clean());
}

TEST_F(SampleFilterTest, PagingFileIsNotTracked) {
  fltctx::StreamOptions so;
  so.paging_file = true;
  PFILE_OBJECT pf = fltctx::wdk::OpenFile(volume_, so);
  FLT_RELATED_OBJECTS o = Objects(pf);
  EXPECT_EQ(SamplePostCreate(&o), STATUS_NOT_SUPPORTED);
  SampleUnload(0);
  EXPECT_TRUE(poolsim::BuildLeakReport(env_).clean());
}

TEST_F(SampleFilterTest, ALeakInCIsReportedAtUnload) {
  PFILE_OBJECT a = fltctx::wdk::OpenFile(volume_);
  FLT_RELATED_OBJECTS oa = Objects(a);
  ASSERT_EQ(SamplePostCreate(&oa), STATUS_SUCCESS);
  SampleLeakStreamContext(instance_, a);
  SampleUnload(0);
  poolsim::LeakReport report = poolsim::BuildLeakReport(env_);
  ASSERT_EQ(report.objects.size(), 1u);
  EXPECT_EQ(report.objects[0].type_name, "FLT_STREAM_CONTEXT");
  ASSERT_EQ(report.objects[0].references.size(), 1u);
  EXPECT_EQ(report.objects[0].references[0].operation, "FltGetStreamContext");
  bool names_the_c_function = false;
  for (const auto& f : poolsim::Symbolize(report.objects[0].references[0].stack, false)) {
    if (f.function.find("SampleLeakStreamContext") != std::string::npos) {
      names_the_c_function = true;
    }
  }
  EXPECT_TRUE(names_the_c_function);
  // Release it so the Environment ends clean.
  PFLT_CONTEXT leaked = reinterpret_cast<PFLT_CONTEXT>(report.objects[0].address);
  FltReleaseContext(leaked);
  EXPECT_TRUE(poolsim::BuildLeakReport(env_).objects.empty());
}

}  // namespace
