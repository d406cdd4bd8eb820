// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Extra create parameters on a simulated create: the test builds the list
// through the WDK names (as the component issuing the create would), attaches
// it with CreateRequest::ecp_list, and the C filter's pre-create finds,
// reads and acknowledges the ECP with FltGetEcpListFromCallbackData and
// FltFindExtraCreateParameter. Leak-checked by //:leak_check_main.

#include <fltKernel.h>

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "fltctx/wdk/testdata/ecp_filter.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"

namespace {

PFLT_FILTER g_filter = nullptr;
int g_found = -2;
ULONG g_cookie = 0;
BOOLEAN g_from_user_mode = TRUE;

FLT_PREOP_CALLBACK_STATUS FLTAPI PreCreate(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS,
                                           PVOID*) {
  g_found = EcpFilterPreCreate(g_filter, data, &g_cookie, &g_from_user_mode);
  return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

const FLT_OPERATION_REGISTRATION kOperations[] = {
    {IRP_MJ_CREATE, 0, PreCreate, nullptr, nullptr},
    {IRP_MJ_OPERATION_END, 0, nullptr, nullptr, nullptr},
};

FLT_REGISTRATION Registration() {
  FLT_REGISTRATION r = {};
  r.Size = sizeof(FLT_REGISTRATION);
  r.Version = FLT_REGISTRATION_VERSION;
  r.OperationRegistration = kOperations;
  return r;
}

class IoEcpTest : public ::testing::Test {
 protected:
  IoEcpTest() : fm_(poolsim::Ambient()), install_(&fm_) {
    const FLT_REGISTRATION registration = Registration();
    EXPECT_EQ(FltRegisterFilter(nullptr, &registration, &g_filter), STATUS_SUCCESS);
    EXPECT_EQ(FltStartFiltering(g_filter), STATUS_SUCCESS);
    g_found = -2;
    g_cookie = 0;
    EcpFilterReset();
  }
  ~IoEcpTest() override {
    FltUnregisterFilter(g_filter);
    g_filter = nullptr;
  }

  // A list with one test ECP carrying `cookie`, built through the WDK names.
  PECP_LIST BuildList(ULONG cookie) {
    PECP_LIST list = nullptr;
    EXPECT_EQ(FltAllocateExtraCreateParameterList(g_filter, 0, &list), STATUS_SUCCESS);
    PVOID context = nullptr;
    EXPECT_EQ(FltAllocateExtraCreateParameter(g_filter, &GUID_ECP_FLTCTX_TEST, sizeof(TEST_ECP), 0,
                                              nullptr, TEST_ECP_TAG, &context),
              STATUS_SUCCESS);
    static_cast<PTEST_ECP>(context)->Cookie = cookie;
    EXPECT_EQ(FltInsertExtraCreateParameter(g_filter, list, context), STATUS_SUCCESS);
    return list;
  }

  fltctx::FilterManager fm_;
  fltctx::ScopedFilterManager install_;
};

TEST_F(IoEcpTest, TheFilterFindsTheEcpTheCreateCarries) {
  fltctx::io::Volume volume(fm_);
  ASSERT_NE(volume.Attach(g_filter, "370030"), nullptr);
  PECP_LIST list = BuildList(0x5eed);
  fltctx::io::CreateRequest request;
  request.name = L"\\scan.txt";
  request.ecp_list = list;
  fltctx::io::Handle h = volume.Create(request);
  EXPECT_EQ(h.status(), STATUS_SUCCESS);
  EXPECT_EQ(g_found, 1) << "FltGetEcpListFromCallbackData found the list and the ECP";
  EXPECT_EQ(g_cookie, 0x5eedu);
  EXPECT_FALSE(g_from_user_mode);
  PVOID context = nullptr;
  ASSERT_EQ(FltFindExtraCreateParameter(g_filter, list, &GUID_ECP_FLTCTX_TEST, &context, nullptr),
            STATUS_SUCCESS);
  EXPECT_TRUE(FltIsEcpAcknowledged(g_filter, context)) << "the filter acknowledged it";
  h.Close();
  FltFreeExtraCreateParameterList(g_filter, list);
}

TEST_F(IoEcpTest, ACreateWithoutAListHasNone) {
  fltctx::io::Volume volume(fm_);
  ASSERT_NE(volume.Attach(g_filter, "370030"), nullptr);
  fltctx::io::Handle h = volume.Create(L"\\plain.txt");
  EXPECT_EQ(h.status(), STATUS_SUCCESS);
  EXPECT_EQ(g_found, 0) << "FltGetEcpListFromCallbackData gave no list";
  h.Close();
}

TEST_F(IoEcpTest, TheListLeavesTheCallbackDataWhenTheCreateIsOver) {
  fltctx::io::Volume volume(fm_);
  ASSERT_NE(volume.Attach(g_filter, "370030"), nullptr);
  PECP_LIST list = BuildList(7);
  fltctx::io::CreateRequest request;
  request.name = L"\\first.txt";
  request.ecp_list = list;
  volume.Create(request).Close();
  ASSERT_EQ(g_found, 1);
  // The next create, whose callback data may sit at the same address, has
  // no list of its own.
  g_found = -2;
  volume.Create(L"\\second.txt").Close();
  EXPECT_EQ(g_found, 0);
  FltFreeExtraCreateParameterList(g_filter, list);
}

}  // namespace
