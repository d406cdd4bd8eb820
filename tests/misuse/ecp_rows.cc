// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of the extra-create-parameter routines
// (fltctx/wdk/ecp.h).

#include <fltKernel.h>

#include <cstdint>
#include <cstring>

#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;
// {11223344-5566-7788-99aa-bbccddeeff00}
const GUID kType = {0x11223344, 0x5566, 0x7788, {0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0}};

uintptr_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

class Ecps : public MisuseMatrix {
 protected:
  PECP_LIST List() {
    PECP_LIST list = nullptr;
    EXPECT_EQ(FltAllocateExtraCreateParameterList(Filter(), 0, &list), STATUS_SUCCESS);
    lists_.push_back(list);
    return list;
  }
  PVOID Ecp() {
    PVOID ecp = nullptr;
    EXPECT_EQ(FltAllocateExtraCreateParameter(Filter(), &kType, 8, 0, nullptr, kTag, &ecp),
              STATUS_SUCCESS);
    return ecp;
  }
  void TearDown() override {
    for (PECP_LIST list : lists_) FltFreeExtraCreateParameterList(Filter(), list);
    MisuseMatrix::TearDown();
  }
  std::vector<PECP_LIST> lists_;
  int not_an_ecp_ = 0;
};

#define ECP_CASE(api, input_class)                                             \
  static const bool misuse_registered_##api##_##input_class [[maybe_unused]] = \
      ::misuse::RegisterCase(#api, #input_class);                              \
  TEST_F(Ecps, api##_##input_class)

ECP_CASE(FltAllocateExtraCreateParameterList, NullArgumentsAndFlags) {
  PECP_LIST list = reinterpret_cast<PECP_LIST>(1);
  EXPECT_ONLY_BUGCHECK(FltAllocateExtraCreateParameterList(Filter(), 0, nullptr), 0x1E,
                       {kAccessViolation});
  EXPECT_EQ(FltAllocateExtraCreateParameterList(nullptr, 0, &list), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(list, nullptr);
  EXPECT_EQ(FltAllocateExtraCreateParameterList(Filter(), 0x80, &list), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(list, nullptr);
}

ECP_CASE(FltAllocateExtraCreateParameterList, AtDispatch) {
  PECP_LIST list = nullptr;
  PFLT_FILTER filter = Filter();
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltAllocateExtraCreateParameterList(filter, 0, &list), 0x0A,
                         {Address(filter), DISPATCH_LEVEL});
  });
  EXPECT_EQ(list, nullptr);
}

ECP_CASE(FltFreeExtraCreateParameterList, NullForeignAndTwice) {
  EXPECT_ONLY_BUGCHECK(FltFreeExtraCreateParameterList(Filter(), nullptr), 0x1E,
                       {kAccessViolation});
  EXPECT_ONLY_BUGCHECK(
      FltFreeExtraCreateParameterList(Filter(), reinterpret_cast<PECP_LIST>(&not_an_ecp_)), 0x1E,
      {kAccessViolation, 0, 0, Address(&not_an_ecp_)});
  PECP_LIST list = nullptr;
  ASSERT_EQ(FltAllocateExtraCreateParameterList(Filter(), 0, &list), STATUS_SUCCESS);
  FltFreeExtraCreateParameterList(Filter(), list);
  EXPECT_ONLY_BUGCHECK(FltFreeExtraCreateParameterList(Filter(), list), 0x1E,
                       {kAccessViolation, 0, 0, Address(list)});
}

ECP_CASE(FltFreeExtraCreateParameterList, AtDispatch) {
  PECP_LIST list = List();
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltFreeExtraCreateParameterList(Filter(), list), 0x0A,
                         {Address(list), DISPATCH_LEVEL});
  });
}

ECP_CASE(FltAllocateExtraCreateParameter, NullArguments) {
  PVOID ecp = reinterpret_cast<PVOID>(1);
  EXPECT_ONLY_BUGCHECK(FltAllocateExtraCreateParameter(Filter(), nullptr, 8, 0, nullptr, kTag,
                                                       &ecp),
                       0x1E, {kAccessViolation});
  EXPECT_ONLY_BUGCHECK(FltAllocateExtraCreateParameter(Filter(), &kType, 8, 0, nullptr, kTag,
                                                       nullptr),
                       0x1E, {kAccessViolation});
  EXPECT_EQ(FltAllocateExtraCreateParameter(nullptr, &kType, 8, 0, nullptr, kTag, &ecp),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ecp, nullptr);
}

ECP_CASE(FltAllocateExtraCreateParameter, BadSizeFlagsAndTag) {
  PVOID ecp = nullptr;
  EXPECT_EQ(FltAllocateExtraCreateParameter(Filter(), &kType, 0, 0, nullptr, kTag, &ecp),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(FltAllocateExtraCreateParameter(Filter(), &kType, 8, 0x10, nullptr, kTag, &ecp),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(FltAllocateExtraCreateParameter(Filter(), &kType, 8, 0, nullptr, 0, &ecp),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ecp, nullptr);
}

ECP_CASE(FltAllocateExtraCreateParameter, AtDispatch) {
  PVOID ecp = nullptr;
  PFLT_FILTER filter = Filter();
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(
        FltAllocateExtraCreateParameter(filter, &kType, 8, 0, nullptr, kTag, &ecp), 0x0A,
        {Address(filter), DISPATCH_LEVEL});
  });
  EXPECT_EQ(ecp, nullptr);
}

ECP_CASE(FltFreeExtraCreateParameter, NullForeignAndInAList) {
  EXPECT_ONLY_BUGCHECK(FltFreeExtraCreateParameter(Filter(), nullptr), 0x1E, {kAccessViolation});
  EXPECT_ONLY_BUGCHECK(FltFreeExtraCreateParameter(Filter(), &not_an_ecp_), 0x1E,
                       {kAccessViolation, 0, 0, Address(&not_an_ecp_)});
  PECP_LIST list = List();
  EXPECT_ONLY_BUGCHECK(FltFreeExtraCreateParameter(Filter(), list), 0x1E,
                       {kAccessViolation, 0, 0, Address(list)})
      << "a list is not an ECP";
  PVOID ecp = Ecp();
  ASSERT_EQ(FltInsertExtraCreateParameter(Filter(), list, ecp), STATUS_SUCCESS);
  EXPECT_ONLY_BUGCHECK(FltFreeExtraCreateParameter(Filter(), ecp), 0x139,
                       {3, 0, 0, Address(ecp)});
}

ECP_CASE(FltInsertExtraCreateParameter, ForeignAndDuplicate) {
  PECP_LIST list = List();
  PVOID ecp = Ecp();
  EXPECT_ONLY_BUGCHECK(FltInsertExtraCreateParameter(Filter(), nullptr, ecp), 0x1E,
                       {kAccessViolation});
  EXPECT_ONLY_BUGCHECK(FltInsertExtraCreateParameter(Filter(), list, &not_an_ecp_), 0x1E,
                       {kAccessViolation, 0, 0, Address(&not_an_ecp_)});
  ASSERT_EQ(FltInsertExtraCreateParameter(Filter(), list, ecp), STATUS_SUCCESS);
  EXPECT_EQ(FltInsertExtraCreateParameter(Filter(), list, ecp), STATUS_INVALID_PARAMETER);
  PVOID same_type = Ecp();
  EXPECT_EQ(FltInsertExtraCreateParameter(Filter(), list, same_type), STATUS_INVALID_PARAMETER);
  FltFreeExtraCreateParameter(Filter(), same_type);
}

ECP_CASE(FltRemoveExtraCreateParameter, NullArgumentsAndMissing) {
  PECP_LIST list = List();
  PVOID ecp = reinterpret_cast<PVOID>(1);
  ULONG size = 0;
  EXPECT_ONLY_BUGCHECK(FltRemoveExtraCreateParameter(Filter(), list, nullptr, &ecp, &size), 0x1E,
                       {kAccessViolation});
  EXPECT_ONLY_BUGCHECK(FltRemoveExtraCreateParameter(Filter(), list, &kType, nullptr, &size),
                       0x1E, {kAccessViolation});
  EXPECT_EQ(FltRemoveExtraCreateParameter(Filter(), list, &kType, &ecp, &size),
            STATUS_NOT_FOUND);
  EXPECT_EQ(ecp, nullptr);
}

ECP_CASE(FltFindExtraCreateParameter, NullAndForeignList) {
  PVOID ecp = nullptr;
  EXPECT_ONLY_BUGCHECK(FltFindExtraCreateParameter(Filter(), nullptr, &kType, &ecp, nullptr),
                       0x1E, {kAccessViolation});
  EXPECT_ONLY_BUGCHECK(
      FltFindExtraCreateParameter(Filter(), reinterpret_cast<PECP_LIST>(&not_an_ecp_), &kType,
                                  &ecp, nullptr),
      0x1E, {kAccessViolation, 0, 0, Address(&not_an_ecp_)});
  EXPECT_ONLY_BUGCHECK(FltFindExtraCreateParameter(Filter(), List(), nullptr, &ecp, nullptr),
                       0x1E, {kAccessViolation});
}

ECP_CASE(FltGetNextExtraCreateParameter, ForeignCurrentAndEnd) {
  PECP_LIST list = List();
  PVOID next = reinterpret_cast<PVOID>(1);
  EXPECT_EQ(FltGetNextExtraCreateParameter(Filter(), list, nullptr, nullptr, &next, nullptr),
            STATUS_NOT_FOUND)
      << "an empty list";
  EXPECT_EQ(next, nullptr);
  EXPECT_ONLY_BUGCHECK(
      FltGetNextExtraCreateParameter(Filter(), list, &not_an_ecp_, nullptr, &next, nullptr),
      0x1E, {kAccessViolation, 0, 0, Address(&not_an_ecp_)});
  PVOID loose = Ecp();
  EXPECT_EQ(FltGetNextExtraCreateParameter(Filter(), list, loose, nullptr, &next, nullptr),
            STATUS_INVALID_PARAMETER);
  FltFreeExtraCreateParameter(Filter(), loose);
}

ECP_CASE(FltAcknowledgeEcp, NullAndForeign) {
  EXPECT_ONLY_BUGCHECK(FltAcknowledgeEcp(Filter(), nullptr), 0x1E, {kAccessViolation});
  EXPECT_ONLY_BUGCHECK(FltAcknowledgeEcp(Filter(), &not_an_ecp_), 0x1E,
                       {kAccessViolation, 0, 0, Address(&not_an_ecp_)});
  PVOID ecp = Ecp();
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltAcknowledgeEcp(Filter(), ecp), 0x0A, {Address(ecp), DISPATCH_LEVEL});
  });
  EXPECT_FALSE(FltIsEcpAcknowledged(Filter(), ecp)) << "the refused call changed nothing";
  FltFreeExtraCreateParameter(Filter(), ecp);
}

ECP_CASE(FltIsEcpAcknowledged, NullAndForeign) {
  BOOLEAN result = TRUE;
  EXPECT_ONLY_BUGCHECK(result = FltIsEcpAcknowledged(Filter(), nullptr), 0x1E,
                       {kAccessViolation});
  EXPECT_FALSE(result);
  EXPECT_ONLY_BUGCHECK(result = FltIsEcpAcknowledged(Filter(), &not_an_ecp_), 0x1E,
                       {kAccessViolation, 0, 0, Address(&not_an_ecp_)});
  EXPECT_FALSE(result);
}

ECP_CASE(FltIsEcpFromUserMode, NullAndForeign) {
  BOOLEAN result = TRUE;
  EXPECT_ONLY_BUGCHECK(result = FltIsEcpFromUserMode(Filter(), nullptr), 0x1E,
                       {kAccessViolation});
  EXPECT_FALSE(result);
  EXPECT_ONLY_BUGCHECK(result = FltIsEcpFromUserMode(Filter(), &not_an_ecp_), 0x1E,
                       {kAccessViolation, 0, 0, Address(&not_an_ecp_)});
  EXPECT_FALSE(result);
}

ECP_CASE(FltGetEcpListFromCallbackData, NullAndNotACreate) {
  PECP_LIST list = nullptr;
  EXPECT_ONLY_BUGCHECK(FltGetEcpListFromCallbackData(Filter(), nullptr, &list), 0x1E,
                       {kAccessViolation});
  FLT_IO_PARAMETER_BLOCK iopb = {};
  FLT_CALLBACK_DATA data = {};
  data.Iopb = &iopb;
  data.Flags = FLTFL_CALLBACK_DATA_IRP_OPERATION;
  EXPECT_ONLY_BUGCHECK(FltGetEcpListFromCallbackData(Filter(), &data, nullptr), 0x1E,
                       {kAccessViolation});
  iopb.MajorFunction = IRP_MJ_WRITE;
  EXPECT_EQ(FltGetEcpListFromCallbackData(Filter(), &data, &list), STATUS_INVALID_PARAMETER);
  iopb.MajorFunction = IRP_MJ_CREATE;
  EXPECT_EQ(FltGetEcpListFromCallbackData(Filter(), &data, &list), STATUS_SUCCESS);
  EXPECT_EQ(list, nullptr);
}

ECP_CASE(FltSetEcpListIntoCallbackData, NullForeignAndNotACreate) {
  FLT_IO_PARAMETER_BLOCK iopb = {};
  FLT_CALLBACK_DATA data = {};
  data.Iopb = &iopb;
  PECP_LIST list = List();
  EXPECT_ONLY_BUGCHECK(FltSetEcpListIntoCallbackData(Filter(), nullptr, list), 0x1E,
                       {kAccessViolation});
  EXPECT_ONLY_BUGCHECK(
      FltSetEcpListIntoCallbackData(Filter(), &data, reinterpret_cast<PECP_LIST>(&not_an_ecp_)),
      0x1E, {kAccessViolation, 0, 0, Address(&not_an_ecp_)});
  EXPECT_EQ(FltSetEcpListIntoCallbackData(Filter(), &data, list), STATUS_INVALID_PARAMETER_2)
      << "not IRP-based";
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltSetEcpListIntoCallbackData(Filter(), &data, list), 0x0A,
                         {Address(&data), DISPATCH_LEVEL});
  });
}

}  // namespace
}  // namespace misuse
