// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// ExInitializeDriverRuntime(DrvRtPoolNxOptIn) for a driver built with
// POOL_NX_OPTIN=1: NonPagedPool means NonPagedPool until the call and
// NonPagedPoolNx after it; allocations with it come from poolsim.

#include <wdm.h>

#include "gtest/gtest.h"
#include "tests/declarations/declarations_c.h"

namespace {

TEST(DriverRuntime, NxOptInRemapsNonPagedPool) {
  EXPECT_EQ(PoolNxDefaultType(), 0) << "NonPagedPool before the opt-in";
  EXPECT_EQ(ExDefaultMdlProtection, 0u);
  EXPECT_EQ(PoolNxOptInAndAllocate(), 512) << "NonPagedPoolNx after it";
  EXPECT_EQ(PoolNxDefaultType(), 512);
  EXPECT_EQ(ExDefaultMdlProtection, 0x40000000u);
  EXPECT_EQ(ExDefaultNonPagedPoolType, NonPagedPoolNx);
}

}  // namespace
