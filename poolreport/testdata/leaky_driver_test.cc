// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/testdata/leaky_driver_test.cc: tests of leaky_driver.c
// under //:leak_check_main. Both fail on purpose (a leak, a bug check) so
// they write the JSON reports poolreport's end-to-end test reads.

#include "gtest/gtest.h"

extern "C" {
void* LeakyCreate(size_t bytes);
void LeakyUnload(void* block);
}

TEST(Leaky, ForgetsToFree) { ASSERT_NE(LeakyCreate(96), nullptr); }

TEST(Leaky, FreesTwice) {
  void* block = LeakyCreate(16);
  ASSERT_NE(block, nullptr);
  LeakyUnload(block);
}

TEST(Leaky, IsClean) { SUCCEED(); }
