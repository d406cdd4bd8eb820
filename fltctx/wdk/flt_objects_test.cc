// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The filter manager's object queries through the WDK names, driven by a
// minifilter written in C (flt_objects_c_sample.c) and simulated I/O, under
// //:leak_check_main.

#include "fltctx/wdk/flt_objects.h"

#include <thread>

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "fltctx/wdk/flt_objects_c_sample.h"
#include "gtest/gtest.h"
#include "ob/processes.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"

namespace {

class FltObjectsTest : public ::testing::Test {
 protected:
  FltObjectsTest() : fm_(poolsim::Ambient()), install_(&fm_) {}
  void SetUp() override {
    ASSERT_EQ(FltRegisterFilter(nullptr, &g_SampleRegistration, &filter_), STATUS_SUCCESS);
    ASSERT_EQ(FltStartFiltering(filter_), STATUS_SUCCESS);
  }
  void TearDown() override { FltUnregisterFilter(filter_); }
  fltctx::FilterManager fm_;
  fltctx::ScopedFilterManager install_;
  PFLT_FILTER filter_ = nullptr;
};

TEST_F(FltObjectsTest, TheRequestorIsTheProcessTheIssuingThreadActsFor) {
  fltctx::io::Volume vol(fm_);
  ASSERT_NE(vol.Attach(filter_, "370000"), nullptr);
  {
    ob::ScopedProcess app(1240, L"app.exe");
    fltctx::io::Handle h = vol.Create(L"\\a.txt");
    EXPECT_EQ(g_SampleLastRequestor, 1240u);
    EXPECT_TRUE(g_SampleRequestorAgrees);
  }
  fltctx::io::Handle h = vol.Create(L"\\b.txt");
  EXPECT_EQ(g_SampleLastRequestor, ob::kSystemProcessId);
  std::thread([&] {
    ob::ScopedProcess other(2200, L"other.exe");
    fltctx::io::Handle o = vol.Create(L"\\c.txt");
  }).join();
  EXPECT_EQ(g_SampleLastRequestor, 2200u);
  EXPECT_TRUE(g_SampleRequestorAgrees);
}

TEST_F(FltObjectsTest, CallbackDataWithoutAThreadHasNoRequestor) {
  FLT_CALLBACK_DATA data = {};
  EXPECT_EQ(FltGetRequestorProcessId(&data), 0u);
  EXPECT_EQ(FltGetRequestorProcess(&data), nullptr);
  data.Thread = reinterpret_cast<PETHREAD>(&data);  // not a thread object
  EXPECT_EQ(FltGetRequestorProcessIdEx(&data), nullptr);
  EXPECT_BUGCHECK(FltGetRequestorProcessId(nullptr), 0x1E);
}

}  // namespace
