// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// ExUuidCreate, IoGetStackLimits, FsRtlIsNtstatusExpected and the security
// descriptor routines, called as a driver calls them, under
// //:leak_check_main.

#include "ob/wdk/kernel_misc.h"

#include <cstring>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "poolsim/testing/leak_check.h"
#include "poolsim/wdk/wdm.h"

namespace {

TEST(KernelMiscTest, UuidsAreVersion4AndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    UUID u;
    ASSERT_EQ(ExUuidCreate(&u), STATUS_SUCCESS);
    EXPECT_EQ(u.Data3 >> 12, 4);
    EXPECT_EQ(u.Data4[0] & 0xC0, 0x80);
    seen.insert(std::string(reinterpret_cast<const char*>(&u), sizeof(u)));
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_BUGCHECK(ExUuidCreate(nullptr), 0x1E);
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  UUID u;
  EXPECT_BUGCHECK(ExUuidCreate(&u), 0x0A);
  KeLowerIrql(old);
}

TEST(KernelMiscTest, StackLimitsHoldTheCallersLocals) {
  ULONG_PTR low = 0, high = 0;
  IoGetStackLimits(&low, &high);
  const ULONG_PTR here = reinterpret_cast<ULONG_PTR>(&low);
  EXPECT_LT(low, here);
  EXPECT_GT(high, here);
  EXPECT_BUGCHECK(IoGetStackLimits(nullptr, &high), 0x1E);
}

TEST(KernelMiscTest, OnlyTheFatalExceptionsAreUnexpected) {
  EXPECT_FALSE(FsRtlIsNtstatusExpected(STATUS_ACCESS_VIOLATION));
  EXPECT_FALSE(FsRtlIsNtstatusExpected(STATUS_DATATYPE_MISALIGNMENT));
  EXPECT_FALSE(FsRtlIsNtstatusExpected(STATUS_ILLEGAL_INSTRUCTION));
  EXPECT_FALSE(FsRtlIsNtstatusExpected(STATUS_INSTRUCTION_MISALIGNMENT));
  EXPECT_TRUE(FsRtlIsNtstatusExpected(STATUS_INSUFFICIENT_RESOURCES));
  EXPECT_TRUE(FsRtlIsNtstatusExpected(STATUS_INVALID_PARAMETER));
}

TEST(KernelMiscTest, ADaclIsSetClearedAndRefusedOnBadDescriptors) {
  SECURITY_DESCRIPTOR sd;
  std::memset(&sd, 0xCC, sizeof(sd));
  EXPECT_EQ(RtlCreateSecurityDescriptor(&sd, 2), STATUS_UNKNOWN_REVISION);
  ASSERT_EQ(RtlCreateSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION), STATUS_SUCCESS);
  EXPECT_EQ(sd.Control, 0);
  EXPECT_EQ(sd.Dacl, nullptr);
  ASSERT_EQ(RtlSetDaclSecurityDescriptor(&sd, TRUE, nullptr, FALSE), STATUS_SUCCESS);
  EXPECT_EQ(sd.Control, SE_DACL_PRESENT);
  PACL acl = reinterpret_cast<PACL>(&sd);  // any address: it is referenced, not read
  ASSERT_EQ(RtlSetDaclSecurityDescriptor(&sd, TRUE, acl, TRUE), STATUS_SUCCESS);
  EXPECT_EQ(sd.Dacl, acl);
  EXPECT_EQ(sd.Control, SE_DACL_PRESENT | SE_DACL_DEFAULTED);
  ASSERT_EQ(RtlSetDaclSecurityDescriptor(&sd, FALSE, nullptr, FALSE), STATUS_SUCCESS);
  EXPECT_EQ(sd.Control & SE_DACL_PRESENT, 0);
  sd.Control |= SE_SELF_RELATIVE;
  EXPECT_EQ(RtlSetDaclSecurityDescriptor(&sd, TRUE, nullptr, FALSE),
            STATUS_INVALID_SECURITY_DESCR);
  sd.Revision = 9;
  EXPECT_EQ(RtlSetDaclSecurityDescriptor(&sd, TRUE, nullptr, FALSE), STATUS_UNKNOWN_REVISION);
  EXPECT_BUGCHECK(RtlSetDaclSecurityDescriptor(nullptr, TRUE, nullptr, FALSE), 0x1E);
}

}  // namespace
