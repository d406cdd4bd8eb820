// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The first minifilter test of docs/getting-started.md, as a user writes
// it: the write-quota filter (quota/) loaded through its DriverEntry on the
// ambient Environment of //:leak_check_main, a simulated volume, open,
// write, close. The second test fails on purpose (the planted reference
// leak); //tests/getting_started:ten_minute_check runs the binary and reads
// its report.

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "tests/getting_started/quota/quota.h"

class QuotaTest : public ::testing::Test {
 protected:
  // The filter manager lives on the test's ambient Environment, so
  // leak_check_main checks what the filter leaves behind.
  fltctx::FilterManager fm_{poolsim::Ambient()};
  fltctx::ScopedFilterManager install_{&fm_};

  void SetUp() override { ASSERT_EQ(DriverEntry(nullptr, nullptr), STATUS_SUCCESS); }
  void TearDown() override { QuotaUnload(0); }
};

TEST_F(QuotaTest, AllowsTwoWritesPerStream) {
  fltctx::io::Volume volume(fm_);
  ASSERT_NE(volume.Attach(QuotaFilter, "370030"), nullptr);
  fltctx::io::Handle h = volume.Create(L"\\notes.txt");
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  EXPECT_EQ(h.Write("one"), STATUS_SUCCESS);
  EXPECT_EQ(h.Write("two"), STATUS_SUCCESS);
  h.Close();
  EXPECT_EQ(volume.Contents(L"\\notes.txt"), "onetwo");
}

TEST_F(QuotaTest, DeniesTheThirdWrite) {
  fltctx::io::Volume volume(fm_);
  ASSERT_NE(volume.Attach(QuotaFilter, "370030"), nullptr);
  fltctx::io::Handle h = volume.Create(L"\\notes.txt");
  h.Write("one");
  h.Write("two");
  EXPECT_EQ(h.Write("three"), STATUS_ACCESS_DENIED);
  h.Close();
}
