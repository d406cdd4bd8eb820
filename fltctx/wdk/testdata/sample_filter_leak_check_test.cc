// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The C sample minifilter under //:leak_check_main, as a user's test would
// run it: each test gets a fresh Environment and fails on a pool leak, an
// unreleased context or an unexpected bug check.

#include "fltctx/filter_manager.h"
#include "fltctx/wdk/simulation.h"
#include "fltctx/wdk/testdata/sample_filter.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"

namespace {

TEST(SampleFilterUnderLeakCheck, CleanRunPasses) {
  SampleReset();
  fltctx::FilterManager fm(poolsim::Ambient());
  PFLT_FILTER filter = nullptr;
  ASSERT_EQ(SampleDriverEntry(&filter), STATUS_SUCCESS);
  PFLT_VOLUME volume = fltctx::wdk::CreateVolume(fm);
  PFLT_INSTANCE instance = fltctx::wdk::AttachInstance(filter, volume);
  PFILE_OBJECT fo = fltctx::wdk::OpenFile(volume);
  FLT_RELATED_OBJECTS objects = {sizeof(objects), 0, filter, volume, instance, fo, nullptr};
  ASSERT_EQ(SamplePostCreate(&objects), STATUS_SUCCESS);
  EXPECT_EQ(SampleOpenCount(instance, fo), 1);
  fltctx::wdk::CloseFileObject(fo);
  SampleUnload(0);
}

TEST(SampleFilterUnderLeakCheck, OverReleaseIsReportedAsTheFilterManagerBugCheck) {
  SampleReset();
  fltctx::FilterManager fm(poolsim::Ambient());
  PFLT_FILTER filter = nullptr;
  ASSERT_EQ(SampleDriverEntry(&filter), STATUS_SUCCESS);
  PFLT_VOLUME volume = fltctx::wdk::CreateVolume(fm);
  PFLT_INSTANCE instance = fltctx::wdk::AttachInstance(filter, volume);
  PFLT_CONTEXT context = nullptr;
  ASSERT_EQ(FltGetInstanceContext(instance, &context), STATUS_SUCCESS);
  FltReleaseContext(context);
  // The attachment's own reference is not the driver's to drop.
  EXPECT_BUGCHECK(FltReleaseContext(context), 0xF5);
  SampleUnload(0);
}

}  // namespace
