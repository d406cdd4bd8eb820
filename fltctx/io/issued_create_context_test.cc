// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/issued_create_context_test.cc
// -----------------------------------------------------------------------------
//
// FltCreateFileEx2 with a driver create context (IO_DRIVER_CREATE_CONTEXT),
// through the WDK names: its ExtraCreateParameter list is the create's ECP
// list for the filters below the issuer (FltGetEcpListFromCallbackData), its
// TxnParameters make the create transacted (FltObjects->Transaction,
// IoGetTransactionParameterBlock, a rollback undoes the create); a bad
// context is refused before anything is sent. Leak-checked.

#include <cstring>

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include <fltKernel.h>
#include <memory>
#include "fltctx/wdk/simulation.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"

namespace {

constexpr GUID kMarkerEcp = {0x5e1c0a7d, 0x41b2, 0x4c5e, {0x9a, 0x1f, 0x22, 0x6d, 0x0b, 0x7e, 0x31, 0x88}};
constexpr ULONG kTag = 'tcCI';

// What the lower filter saw of the last create.
struct Seen {
  int creates = 0;
  NTSTATUS ecp_list_status = STATUS_UNSUCCESSFUL;
  bool had_list = false;
  ULONG marker = 0;
  ULONG marker_size = 0;
  PKTRANSACTION pre_transaction = nullptr;
  PVOID post_transaction_object = nullptr;
};
Seen g_seen;
PFLT_FILTER g_lower = nullptr;
PFLT_FILTER g_upper = nullptr;

FLT_PREOP_CALLBACK_STATUS FLTAPI LowerPreCreate(PFLT_CALLBACK_DATA data,
                                                PCFLT_RELATED_OBJECTS objects, PVOID*) {
  ++g_seen.creates;
  g_seen.pre_transaction = objects->Transaction;
  PECP_LIST list = nullptr;
  g_seen.ecp_list_status = FltGetEcpListFromCallbackData(g_lower, data, &list);
  g_seen.marker = 0;
  g_seen.had_list = list != nullptr;
  if (NT_SUCCESS(g_seen.ecp_list_status) && list != nullptr) {
    PVOID context = nullptr;
    if (NT_SUCCESS(FltFindExtraCreateParameter(g_lower, list, &kMarkerEcp, &context,
                                               &g_seen.marker_size))) {
      std::memcpy(&g_seen.marker, context, sizeof(g_seen.marker));
    }
  }
  return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI LowerPostCreate(PFLT_CALLBACK_DATA data,
                                                  PCFLT_RELATED_OBJECTS objects, PVOID,
                                                  FLT_POST_OPERATION_FLAGS) {
  PTXN_PARAMETER_BLOCK block = NT_SUCCESS(data->IoStatus.Status)
                                   ? IoGetTransactionParameterBlock(objects->FileObject)
                                   : nullptr;
  g_seen.post_transaction_object = block == nullptr ? nullptr : block->TransactionObject;
  return FLT_POSTOP_FINISHED_PROCESSING;
}

const FLT_OPERATION_REGISTRATION kLowerOperations[] = {
    {IRP_MJ_CREATE, 0, LowerPreCreate, LowerPostCreate, nullptr},
    {IRP_MJ_OPERATION_END, 0, nullptr, nullptr, nullptr}};
const FLT_OPERATION_REGISTRATION kNoOperations[] = {
    {IRP_MJ_OPERATION_END, 0, nullptr, nullptr, nullptr}};

PFLT_FILTER Register(const FLT_OPERATION_REGISTRATION* operations) {
  FLT_REGISTRATION r = {};
  r.Size = sizeof(r);
  r.Version = FLT_REGISTRATION_VERSION;
  r.OperationRegistration = operations;
  PFLT_FILTER filter = nullptr;
  EXPECT_EQ(FltRegisterFilter(nullptr, &r, &filter), STATUS_SUCCESS);
  EXPECT_EQ(FltStartFiltering(filter), STATUS_SUCCESS);
  return filter;
}

class DriverCreateContextTest : public ::testing::Test {
 protected:
  DriverCreateContextTest() : fm_(poolsim::Ambient()), install_(&fm_) {
    g_seen = Seen();
    g_lower = Register(kLowerOperations);
    g_upper = Register(kNoOperations);
    vol_ = std::make_unique<fltctx::io::Volume>(fm_);
    EXPECT_NE(vol_->Attach(g_lower, "200000"), nullptr);
    upper_ = vol_->Attach(g_upper, "300000");
    EXPECT_NE(upper_, nullptr);
  }
  ~DriverCreateContextTest() override {
    vol_.reset();
    FltUnregisterFilter(g_upper);
    FltUnregisterFilter(g_lower);
  }

  // FltCreateFileEx2 of `name` on the volume from the upper instance.
  NTSTATUS Create(const wchar_t* name, ULONG disposition, PIO_DRIVER_CREATE_CONTEXT context,
                  HANDLE* handle, IO_STATUS_BLOCK* iosb) {
    UNICODE_STRING us;
    OBJECT_ATTRIBUTES oa;
    RtlInitUnicodeString(&us, name);
    InitializeObjectAttributes(&oa, &us, OBJ_KERNEL_HANDLE, nullptr, nullptr);
    return FltCreateFileEx2(g_upper, upper_, handle, nullptr, FILE_GENERIC_READ, &oa, iosb,
                            nullptr, FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, disposition, 0,
                            nullptr, 0, 0, context);
  }

  // An ECP list holding one ECP of kMarkerEcp whose value is `marker`.
  PECP_LIST MarkerList(ULONG marker) {
    PECP_LIST list = nullptr;
    EXPECT_EQ(FltAllocateExtraCreateParameterList(g_upper, 0, &list), STATUS_SUCCESS);
    PVOID ecp = nullptr;
    EXPECT_EQ(FltAllocateExtraCreateParameter(g_upper, &kMarkerEcp, sizeof(marker), 0, nullptr,
                                              kTag, &ecp),
              STATUS_SUCCESS);
    std::memcpy(ecp, &marker, sizeof(marker));
    EXPECT_EQ(FltInsertExtraCreateParameter(g_upper, list, ecp), STATUS_SUCCESS);
    return list;
  }

  fltctx::FilterManager fm_;
  fltctx::ScopedFilterManager install_;
  std::unique_ptr<fltctx::io::Volume> vol_;
  PFLT_INSTANCE upper_ = nullptr;
};

TEST_F(DriverCreateContextTest, TheExtraCreateParametersReachTheFiltersBelow) {
  PECP_LIST list = MarkerList(0xC0FFEE);
  IO_DRIVER_CREATE_CONTEXT context;
  IoInitializeDriverCreateContext(&context);
  context.ExtraCreateParameter = list;
  HANDLE h = nullptr;
  IO_STATUS_BLOCK iosb;
  ASSERT_EQ(Create(L"\\Device\\HarddiskVolume1\\ecp.txt", FILE_OPEN_IF, &context, &h, &iosb),
            STATUS_SUCCESS);
  EXPECT_EQ(g_seen.creates, 1);
  EXPECT_EQ(g_seen.ecp_list_status, STATUS_SUCCESS);
  EXPECT_TRUE(g_seen.had_list);
  EXPECT_EQ(g_seen.marker, 0xC0FFEEu);
  EXPECT_EQ(g_seen.marker_size, sizeof(ULONG));
  EXPECT_EQ(g_seen.pre_transaction, nullptr);
  EXPECT_EQ(FltClose(h), STATUS_SUCCESS);
  // The list stayed the issuer's: the next create (without it) has none.
  ASSERT_EQ(Create(L"\\Device\\HarddiskVolume1\\ecp.txt", FILE_OPEN, nullptr, &h, &iosb),
            STATUS_SUCCESS);
  EXPECT_EQ(g_seen.ecp_list_status, STATUS_SUCCESS);
  EXPECT_FALSE(g_seen.had_list);
  EXPECT_EQ(FltClose(h), STATUS_SUCCESS);
  FltFreeExtraCreateParameterList(g_upper, list);
}

TEST_F(DriverCreateContextTest, ACreateThatFailsLeavesTheListToItsOwner) {
  PECP_LIST list = MarkerList(7);
  IO_DRIVER_CREATE_CONTEXT context;
  IoInitializeDriverCreateContext(&context);
  context.ExtraCreateParameter = list;
  HANDLE h = nullptr;
  IO_STATUS_BLOCK iosb;
  EXPECT_EQ(Create(L"\\Device\\HarddiskVolume1\\missing.txt", FILE_OPEN, &context, &h, &iosb),
            STATUS_OBJECT_NAME_NOT_FOUND);
  EXPECT_EQ(g_seen.marker, 7u);
  EXPECT_EQ(h, nullptr);
  FltFreeExtraCreateParameterList(g_upper, list);
}

TEST_F(DriverCreateContextTest, TheTransactionParametersMakeTheCreateTransacted) {
  PKTRANSACTION tx = fltctx::wdk::CreateTransaction(fm_);
  TXN_PARAMETER_BLOCK block = {};
  block.Length = sizeof(block);
  block.TransactionObject = tx;
  IO_DRIVER_CREATE_CONTEXT context;
  IoInitializeDriverCreateContext(&context);
  context.TxnParameters = &block;
  HANDLE h = nullptr;
  IO_STATUS_BLOCK iosb;
  ASSERT_EQ(Create(L"\\Device\\HarddiskVolume1\\tx.txt", FILE_CREATE, &context, &h, &iosb),
            STATUS_SUCCESS);
  EXPECT_EQ(iosb.Information, static_cast<ULONG_PTR>(FILE_CREATED));
  EXPECT_EQ(g_seen.pre_transaction, tx);
  EXPECT_EQ(g_seen.post_transaction_object, tx);
  EXPECT_TRUE(vol_->Exists(L"\\tx.txt"));
  EXPECT_EQ(FltClose(h), STATUS_SUCCESS);
  // A rollback undoes the transaction's create.
  vol_->CompleteTransaction(tx, /*commit=*/false);
  EXPECT_FALSE(vol_->Exists(L"\\tx.txt"));

  // A transacted create that fails leaves nothing in the transaction.
  PKTRANSACTION second = fltctx::wdk::CreateTransaction(fm_);
  block.TransactionObject = second;
  EXPECT_EQ(Create(L"\\Device\\HarddiskVolume1\\none.txt", FILE_OPEN, &context, &h, &iosb),
            STATUS_OBJECT_NAME_NOT_FOUND);
  vol_->CompleteTransaction(second, /*commit=*/true);
  EXPECT_FALSE(vol_->Exists(L"\\none.txt"));
}

TEST_F(DriverCreateContextTest, ABadDriverCreateContextIsRefusedBeforeAnythingIsSent) {
  HANDLE h = nullptr;
  IO_STATUS_BLOCK iosb;
  IO_DRIVER_CREATE_CONTEXT context;
  IoInitializeDriverCreateContext(&context);
  ULONG not_a_list = 0;
  context.ExtraCreateParameter = reinterpret_cast<PECP_LIST>(&not_a_list);
  EXPECT_EQ(Create(L"\\Device\\HarddiskVolume1\\a.txt", FILE_OPEN_IF, &context, &h, &iosb),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(iosb.Status, STATUS_INVALID_PARAMETER);

  IoInitializeDriverCreateContext(&context);
  TXN_PARAMETER_BLOCK block = {};
  block.Length = sizeof(block);
  context.TxnParameters = &block;  // no transaction object
  EXPECT_EQ(Create(L"\\Device\\HarddiskVolume1\\a.txt", FILE_OPEN_IF, &context, &h, &iosb),
            STATUS_INVALID_PARAMETER);
  block.TransactionObject = fltctx::wdk::CreateTransaction(fm_);
  block.Length = 1;
  EXPECT_EQ(Create(L"\\Device\\HarddiskVolume1\\a.txt", FILE_OPEN_IF, &context, &h, &iosb),
            STATUS_INVALID_PARAMETER);
  // A transaction object that is not one: the access violation Windows takes.
  block.Length = sizeof(block);
  ULONG not_a_transaction = 0;
  block.TransactionObject = &not_a_transaction;
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_BUGCHECK(status = Create(L"\\Device\\HarddiskVolume1\\a.txt", FILE_OPEN_IF, &context,
                                  &h, &iosb),
                  0x1E);
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  EXPECT_EQ(g_seen.creates, 0) << "nothing reached the filters below";
  // The simulator still works.
  IoInitializeDriverCreateContext(&context);
  ASSERT_EQ(Create(L"\\Device\\HarddiskVolume1\\a.txt", FILE_OPEN_IF, &context, &h, &iosb),
            STATUS_SUCCESS);
  EXPECT_EQ(FltClose(h), STATUS_SUCCESS);
}

}  // namespace
