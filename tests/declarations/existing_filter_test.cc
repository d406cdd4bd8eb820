// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// A first test of an existing filter's directory (existing_filter/, built
// unchanged by its three-line BUILD file with wdk_driver_library): load it
// through DriverEntry, attach an instance (its InstanceSetup runs its SEH
// try / finally and its typed context calls), unload it, and check that
// nothing leaked (//:leak_check_main fails the test otherwise), also when any
// one of the calls it makes that can fail does fail.

#include "tests/declarations/existing_filter/counter.h"

#include "fltctx/filter_manager.h"
#include "fltctx/wdk/simulation.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"

namespace {

TEST(ExistingFilter, LoadsAttachesAndUnloadsCleanly) {
  fltctx::FilterManager fm(poolsim::Ambient());
  fltctx::ScopedFilterManager install(&fm);

  const LONG cleanups = CounterCleanupsSeen();
  DRIVER_OBJECT driver = {};
  UNICODE_STRING registry_path = {};
  ASSERT_EQ(DriverEntry(&driver, &registry_path), STATUS_SUCCESS);
  ASSERT_NE(gFilterHandle, nullptr);

  PFLT_VOLUME volume = fltctx::wdk::CreateVolume(fm);
  PFLT_INSTANCE instance = fltctx::wdk::AttachInstance(gFilterHandle, volume);
  ASSERT_NE(instance, nullptr);
  EXPECT_EQ(CounterOpens(instance), 0) << "InstanceSetup set the instance context";
  EXPECT_NE(gLastContext, nullptr);

  EXPECT_EQ(CounterUnload(0), STATUS_SUCCESS);
  EXPECT_EQ(CounterCleanupsSeen(), cleanups + 1) << "the instance context was cleaned up";
}

TEST(ExistingFilter, EveryErrorPathIsClean) {
  EXPECT_ERROR_PATHS_CLEAN({
    fltctx::FilterManager fm(poolsim::Ambient());
    fltctx::ScopedFilterManager install(&fm);
    DRIVER_OBJECT driver = {};
    UNICODE_STRING registry_path = {};
    if (NT_SUCCESS(DriverEntry(&driver, &registry_path))) {
      fltctx::wdk::AttachInstance(gFilterHandle, fltctx::wdk::CreateVolume(fm));
      CounterUnload(0);
    }
  });
}

}  // namespace
