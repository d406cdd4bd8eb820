// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of ExUuidCreate, IoGetStackLimits,
// FsRtlIsNtstatusExpected, the security-descriptor routines
// (ob/wdk/kernel_misc.h), MmGetSystemRoutineAddress and FltGetRoutineAddress.

#include <cstdint>

#include <fltKernel.h>

#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;

MISUSE_CASE(ExUuidCreate, NullAndDispatch) {
  EXPECT_ONLY_BUGCHECK(ExUuidCreate(nullptr), 0x1E, {kAccessViolation, 0, 1});
  UUID u;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExUuidCreate(&u), 0x0A, {reinterpret_cast<uintptr_t>(&u),
                                                  DISPATCH_LEVEL, PASSIVE_LEVEL});
  });
}

MISUSE_CASE(IoGetStackLimits, Nulls) {
  ULONG_PTR low = 0, high = 0;
  EXPECT_ONLY_BUGCHECK(IoGetStackLimits(nullptr, &high), 0x1E, {kAccessViolation, 0, 1});
  EXPECT_ONLY_BUGCHECK(IoGetStackLimits(&low, nullptr), 0x1E, {kAccessViolation, 0, 1});
  EXPECT_EQ(low, 0u);
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(IoGetStackLimits(&low, &high)); });
  EXPECT_LT(low, high);
}

MISUSE_CASE(FsRtlIsNtstatusExpected, AnyValueAtAnyIrql) {
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_TRUE(FsRtlIsNtstatusExpected(static_cast<NTSTATUS>(0xFFFFFFFF)));
    EXPECT_FALSE(FsRtlIsNtstatusExpected(STATUS_ACCESS_VIOLATION));
  });
}

MISUSE_CASE(RtlCreateSecurityDescriptor, NullAndRevision) {
  EXPECT_ONLY_BUGCHECK(RtlCreateSecurityDescriptor(nullptr, SECURITY_DESCRIPTOR_REVISION), 0x1E,
                       {kAccessViolation, 0, 1});
  SECURITY_DESCRIPTOR sd = {};
  sd.Control = SE_DACL_PRESENT;
  EXPECT_EQ(RtlCreateSecurityDescriptor(&sd, 0), STATUS_UNKNOWN_REVISION);
  EXPECT_EQ(sd.Control, SE_DACL_PRESENT);  // nothing written
}

MISUSE_CASE(RtlSetDaclSecurityDescriptor, NullUninitializedAndSelfRelative) {
  EXPECT_ONLY_BUGCHECK(RtlSetDaclSecurityDescriptor(nullptr, TRUE, nullptr, FALSE), 0x1E,
                       {kAccessViolation, 0, 1});
  SECURITY_DESCRIPTOR sd = {};
  EXPECT_EQ(RtlSetDaclSecurityDescriptor(&sd, TRUE, nullptr, FALSE), STATUS_UNKNOWN_REVISION);
  sd.Revision = SECURITY_DESCRIPTOR_REVISION;
  sd.Control = SE_SELF_RELATIVE;
  EXPECT_EQ(RtlSetDaclSecurityDescriptor(&sd, TRUE, nullptr, FALSE),
            STATUS_INVALID_SECURITY_DESCR);
  EXPECT_EQ(sd.Control, SE_SELF_RELATIVE);
}

MISUSE_CASE(MmGetSystemRoutineAddress, NullsOddNamesAndIrql) {
  EXPECT_ONLY_BUGCHECK(MmGetSystemRoutineAddress(nullptr), 0x1E, {kAccessViolation, 0, 0});
  UNICODE_STRING no_buffer = {8, 8, nullptr};
  EXPECT_ONLY_BUGCHECK(MmGetSystemRoutineAddress(&no_buffer), 0x1E, {kAccessViolation, 0, 0});
  WCHAR odd[] = {0x263A, 0};
  UNICODE_STRING non_ascii = {sizeof(WCHAR), sizeof(odd), odd};
  EXPECT_EQ(MmGetSystemRoutineAddress(&non_ascii), nullptr);
  UNICODE_STRING name = RTL_CONSTANT_STRING(L"ZwClose");
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(MmGetSystemRoutineAddress(&name), 0x0A,
                         {reinterpret_cast<uintptr_t>(&name), APC_LEVEL});
  });
  EXPECT_EQ(MmGetSystemRoutineAddress(&name), reinterpret_cast<PVOID>(&ZwClose));
}

MISUSE_CASE(FltGetRoutineAddress, NullAndKernelNames) {
  EXPECT_ONLY_BUGCHECK(FltGetRoutineAddress(nullptr), 0x1E, {kAccessViolation, 0, 0});
  EXPECT_EQ(FltGetRoutineAddress("ZwClose"), nullptr);  // ntoskrnl's, not fltmgr's
  EXPECT_NE(FltGetRoutineAddress("FltRegisterFilter"), nullptr);
}

}  // namespace
}  // namespace misuse
