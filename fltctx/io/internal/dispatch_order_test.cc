// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/internal/dispatch_order_test.cc
// -----------------------------------------------------------------------------
//
// The filter order the dispatcher walks is cached per volume: it must follow
// every attach and every teardown that happens after requests were sent.

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "fltctx/wdk/fltkernel.h"
#include "poolsim/environment.h"

namespace {

using ::testing::ElementsAre;

std::vector<std::string>* order_log = nullptr;

template <int kId>
FLT_PREOP_CALLBACK_STATUS FLTAPI PreCreate(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID*) {
  order_log->push_back(std::string(1, static_cast<char>('A' + kId)));
  return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

template <int kId>
PFLT_FILTER RegisterFilter() {
  static const FLT_OPERATION_REGISTRATION kOperations[] = {
      {IRP_MJ_CREATE, 0, PreCreate<kId>, nullptr, nullptr},
      {IRP_MJ_OPERATION_END, 0, nullptr, nullptr, nullptr}};
  FLT_REGISTRATION r = {};
  r.Size = sizeof(r);
  r.Version = FLT_REGISTRATION_VERSION;
  r.OperationRegistration = kOperations;
  PFLT_FILTER f = nullptr;
  EXPECT_EQ(FltRegisterFilter(nullptr, &r, &f), STATUS_SUCCESS);
  EXPECT_EQ(FltStartFiltering(f), STATUS_SUCCESS);
  return f;
}

TEST(DispatchOrderTest, CachedOrderFollowsAttachAndTeardownAfterRequests) {
  poolsim::Environment env;
  poolsim::ScopedEnvironment install_env(&env);
  fltctx::FilterManager fm(env);
  fltctx::ScopedFilterManager install(&fm);
  std::vector<std::string> log;
  order_log = &log;
  fltctx::io::Volume vol(fm);
  PFLT_FILTER a = RegisterFilter<0>();
  PFLT_FILTER b = RegisterFilter<1>();
  PFLT_FILTER c = RegisterFilter<2>();
  ASSERT_NE(vol.Attach(a, "300000"), nullptr);
  vol.Create(L"\\one.txt").Close();
  EXPECT_THAT(log, ElementsAre("A"));

  log.clear();
  ASSERT_NE(vol.Attach(b, "400000"), nullptr);  // above A
  ASSERT_NE(vol.Attach(c, "350000.5"), nullptr);  // between
  vol.Create(L"\\two.txt").Close();
  EXPECT_THAT(log, ElementsAre("B", "C", "A"));

  log.clear();
  FltUnregisterFilter(b);  // tears B's instance down
  vol.Create(L"\\three.txt").Close();
  EXPECT_THAT(log, ElementsAre("C", "A"));

  log.clear();
  FltUnregisterFilter(c);
  FltUnregisterFilter(a);
  vol.Create(L"\\four.txt").Close();
  EXPECT_TRUE(log.empty());
  order_log = nullptr;
  EXPECT_TRUE(env.BugChecks().empty());
}

}  // namespace
