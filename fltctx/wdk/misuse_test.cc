// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse of the WDK-named filter-manager functions, called the way a buggy
// driver calls them: each ends in the documented status or a bug-check
// report, and the simulator keeps working afterwards.

#include <vector>

#include "fltctx/filter_manager.h"
#include "fltctx/wdk/fltkernel.h"
#include "fltctx/wdk/simulation.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"

namespace {

constexpr ULONG kTag = 0x3173694D;  // shows as "Mis1"

const FLT_CONTEXT_REGISTRATION kContexts[] = {
    {FLT_STREAM_CONTEXT, 0, nullptr, 32, kTag, nullptr, nullptr, nullptr},
    {FLT_INSTANCE_CONTEXT, 0, nullptr, 32, kTag, nullptr, nullptr, nullptr},
    {FLT_CONTEXT_END, 0, nullptr, 0, 0, nullptr, nullptr, nullptr}};

PFLT_FILTER Register() {
  FLT_REGISTRATION r = {};
  r.Size = sizeof(r);
  r.Version = FLT_REGISTRATION_VERSION;
  r.ContextRegistration = kContexts;
  PFLT_FILTER filter = nullptr;
  EXPECT_EQ(FltRegisterFilter(nullptr, &r, &filter), STATUS_SUCCESS);
  return filter;
}

// A fresh allocate / set / get / release cycle on a new filter works.
void ExpectStillUsable(fltctx::FilterManager& fm) {
  PFLT_FILTER filter = Register();
  ASSERT_NE(filter, nullptr);
  ASSERT_EQ(FltStartFiltering(filter), STATUS_SUCCESS);
  PFLT_VOLUME volume = fltctx::wdk::CreateVolume(fm);
  PFLT_INSTANCE instance = fltctx::wdk::AttachInstance(filter, volume);
  PFLT_CONTEXT context = nullptr;
  ASSERT_EQ(FltAllocateContext(filter, FLT_INSTANCE_CONTEXT, 32, NonPagedPoolNx, &context),
            STATUS_SUCCESS);
  ASSERT_EQ(FltSetInstanceContext(instance, FLT_SET_CONTEXT_KEEP_IF_EXISTS, context, nullptr),
            STATUS_SUCCESS);
  FltReleaseContext(context);
  PFLT_CONTEXT got = nullptr;
  ASSERT_EQ(FltGetInstanceContext(instance, &got), STATUS_SUCCESS);
  EXPECT_EQ(got, context);
  FltReleaseContext(got);
  FltUnregisterFilter(filter);
}

TEST(FilterMisuse, SecondUnregisterIsReportedAndDoesNothing) {
  fltctx::FilterManager fm(poolsim::Ambient());
  PFLT_FILTER filter = Register();
  ASSERT_EQ(FltStartFiltering(filter), STATUS_SUCCESS);
  FltUnregisterFilter(filter);
  {
    poolsim::testing::BugCheckCapture capture;
    FltUnregisterFilter(filter);
    const std::vector<poolsim::BugCheck> seen = capture.bug_checks();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].code, 0xC4u);
    EXPECT_EQ(seen[0].parameters[0], 0xF1004u);
    EXPECT_EQ(seen[0].parameters[1], reinterpret_cast<uintptr_t>(filter));
  }
  ExpectStillUsable(fm);
}

// FltAllocateContext takes NonPagedPool, PagedPool and NonPagedPoolNx (and
// the other defined types of those pools).
TEST(FilterMisuse, AllocateContextFromEachUsablePoolType) {
  fltctx::FilterManager fm(poolsim::Ambient());
  PFLT_FILTER filter = Register();
  for (POOL_TYPE type : {NonPagedPool, PagedPool, NonPagedPoolNx,
                         static_cast<POOL_TYPE>(4) /* NonPagedPoolCacheAligned */}) {
    PFLT_CONTEXT context = nullptr;
    EXPECT_EQ(FltAllocateContext(filter, FLT_STREAM_CONTEXT, 32, type, &context), STATUS_SUCCESS)
        << type;
    ASSERT_NE(context, nullptr);
    FltReleaseContext(context);
  }
  FltUnregisterFilter(filter);
}

TEST(FilterMisuse, AllocateContextFromMustSucceedPoolIsThePoolsBugCheck) {
  fltctx::FilterManager fm(poolsim::Ambient());
  PFLT_FILTER filter = Register();
  PFLT_CONTEXT context = reinterpret_cast<PFLT_CONTEXT>(0x1);
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_BUGCHECK_SUBCODE(
      status = FltAllocateContext(filter, FLT_STREAM_CONTEXT, 32,
                                  static_cast<POOL_TYPE>(2) /* NonPagedPoolMustSucceed */,
                                  &context),
      0xC2, 0x9A);
  EXPECT_EQ(status, STATUS_INSUFFICIENT_RESOURCES);
  EXPECT_EQ(context, nullptr);
  FltUnregisterFilter(filter);
  ExpectStillUsable(fm);
}

TEST(FilterMisuse, AllocateContextFromAnUndefinedPoolTypeIsInvalidParameter) {
  fltctx::FilterManager fm(poolsim::Ambient());
  PFLT_FILTER filter = Register();
  for (ULONG type : {3u /* DontUseThisType */, 7u /* MaxPoolType */, 77u, 0x80000000u}) {
    PFLT_CONTEXT context = reinterpret_cast<PFLT_CONTEXT>(0x1);
    EXPECT_EQ(FltAllocateContext(filter, FLT_STREAM_CONTEXT, 32, static_cast<POOL_TYPE>(type),
                                 &context),
              STATUS_INVALID_PARAMETER)
        << type;
    EXPECT_EQ(context, nullptr);
  }
  FltUnregisterFilter(filter);
  ExpectStillUsable(fm);
}

}  // namespace
