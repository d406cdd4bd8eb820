// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of object references, handles and processes
// (ob/wdk/ob.h).

#include <cstdint>

#include <ntifs.h>

#include "ob/processes.h"
#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;
constexpr uint32_t kReferenceByPointer = 0x18;
constexpr uint32_t kInvalidKernelHandle = 0x93;

uintptr_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

HANDLE OpenSystem() {
  OBJECT_ATTRIBUTES oa;
  InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);
  CLIENT_ID id = {reinterpret_cast<HANDLE>(4), nullptr};
  HANDLE h = nullptr;
  EXPECT_EQ(ZwOpenProcess(&h, PROCESS_ALL_ACCESS, &oa, &id), STATUS_SUCCESS);
  return h;
}

MISUSE_CASE(ObfReferenceObject, NullAndNotAnObject) {
  EXPECT_ONLY_BUGCHECK(ObfReferenceObject(nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
  int local = 0;
  EXPECT_ONLY_BUGCHECK(ObfReferenceObject(&local), kReferenceByPointer, {0, Address(&local)});
}

MISUSE_CASE(ObfReferenceObject, AboveDispatch) {
  PEPROCESS p = PsGetCurrentProcess();
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ObfReferenceObject(p), 0x0A, {Address(p), HIGH_LEVEL, DISPATCH_LEVEL});
  });
  AtIrql(DISPATCH_LEVEL, [&] { EXPECT_NO_BUGCHECK(ObReferenceObject(p); ObDereferenceObject(p)); });
}

MISUSE_CASE(ObfDereferenceObject, OneTooMany) {
  PEPROCESS p = PsGetCurrentProcess();
  EXPECT_ONLY_BUGCHECK(ObfDereferenceObject(p), kReferenceByPointer,
                       {Address(*PsProcessType), Address(p), 0, 0});
  EXPECT_EQ(ObReferenceObject(p), 2);
  EXPECT_EQ(ObDereferenceObject(p), 1);
}

MISUSE_CASE(ObfDereferenceObject, NullAndNotAnObject) {
  EXPECT_ONLY_BUGCHECK(ObfDereferenceObject(nullptr), 0x1E, {kAccessViolation});
  int local = 0;
  EXPECT_ONLY_BUGCHECK(ObfDereferenceObject(&local), kReferenceByPointer, {0, Address(&local)});
}

MISUSE_CASE(ObReferenceObjectByHandle, BadHandlesModesAndTypes) {
  PVOID object = reinterpret_cast<PVOID>(1);
  EXPECT_EQ(ObReferenceObjectByHandle(nullptr, 0, nullptr, KernelMode, &object, nullptr),
            STATUS_INVALID_HANDLE);
  EXPECT_EQ(ObReferenceObjectByHandle(reinterpret_cast<HANDLE>(0xFFFFFFFF80001000ull), 0,
                                      nullptr, KernelMode, &object, nullptr),
            STATUS_INVALID_HANDLE);
  HANDLE h = OpenSystem();
  EXPECT_EQ(ObReferenceObjectByHandle(h, 0, *PsThreadType, KernelMode, &object, nullptr),
            STATUS_OBJECT_TYPE_MISMATCH);
  EXPECT_EQ(ObReferenceObjectByHandle(h, 0, nullptr, 9, &object, nullptr),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ObReferenceObjectByHandle(h, 0, nullptr, UserMode, &object, nullptr),
            STATUS_INVALID_HANDLE);
  EXPECT_EQ(object, reinterpret_cast<PVOID>(1));
  EXPECT_ONLY_BUGCHECK(ObReferenceObjectByHandle(h, 0, nullptr, KernelMode, nullptr, nullptr),
                       0x1E, {kAccessViolation});
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ObReferenceObjectByHandle(h, 0, nullptr, KernelMode, &object, nullptr),
                         0x0A, {Address(h), APC_LEVEL, PASSIVE_LEVEL});
  });
  EXPECT_EQ(ZwClose(h), STATUS_SUCCESS);
}

MISUSE_CASE(ObOpenObjectByPointer, NullsAttributesAndNonObjects) {
  HANDLE h = nullptr;
  PEPROCESS p = PsGetCurrentProcess();
  EXPECT_ONLY_BUGCHECK(
      ObOpenObjectByPointer(nullptr, OBJ_KERNEL_HANDLE, nullptr, 0, nullptr, KernelMode, &h),
      0x1E, {kAccessViolation, 0, 0});
  EXPECT_ONLY_BUGCHECK(
      ObOpenObjectByPointer(p, OBJ_KERNEL_HANDLE, nullptr, 0, nullptr, KernelMode, nullptr),
      0x1E, {kAccessViolation, 0, 1});
  EXPECT_EQ(ObOpenObjectByPointer(p, 0x40000000u, nullptr, 0, nullptr, KernelMode, &h),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ObOpenObjectByPointer(p, OBJ_KERNEL_HANDLE, nullptr, 0, nullptr, 3, &h),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ObOpenObjectByPointer(p, OBJ_KERNEL_HANDLE, nullptr, 0, *PsThreadType, KernelMode,
                                  &h),
            STATUS_OBJECT_TYPE_MISMATCH);
  int local = 0;
  EXPECT_ONLY_BUGCHECK(
      ObOpenObjectByPointer(&local, OBJ_KERNEL_HANDLE, nullptr, 0, nullptr, KernelMode, &h),
      kReferenceByPointer, {0, Address(&local)});
  EXPECT_EQ(h, nullptr);
}

MISUSE_CASE(ObOpenObjectByPointer, InjectedFault) {
  HANDLE h = nullptr;
  ScopedOptions faults([](poolsim::Options& o) { o.faults.fail_nth = 1; });
  EXPECT_EQ(ObOpenObjectByPointer(PsGetCurrentProcess(), OBJ_KERNEL_HANDLE, nullptr, 0, nullptr,
                                  KernelMode, &h),
            STATUS_INSUFFICIENT_RESOURCES);
  EXPECT_EQ(h, nullptr);
}

MISUSE_CASE(ZwClose, ClosedTwiceAndGarbage) {
  HANDLE h = OpenSystem();
  EXPECT_EQ(ZwClose(h), STATUS_SUCCESS);
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_ONLY_BUGCHECK(status = ZwClose(h), kInvalidKernelHandle, {Address(h), 1, 0, 0});
  EXPECT_EQ(status, STATUS_INVALID_HANDLE);
  EXPECT_EQ(ZwClose(nullptr), STATUS_INVALID_HANDLE);
  EXPECT_EQ(ZwClose(reinterpret_cast<HANDLE>(0x1234)), STATUS_INVALID_HANDLE);
  EXPECT_EQ(ZwClose(NtCurrentThread()), STATUS_INVALID_HANDLE);
}

MISUSE_CASE(ZwClose, AbovePassive) {
  HANDLE h = OpenSystem();
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ZwClose(h), 0x0A, {Address(h), APC_LEVEL, PASSIVE_LEVEL});
  });
  EXPECT_EQ(ZwClose(h), STATUS_SUCCESS);
}

MISUSE_CASE(NtClose, ClosedTwice) {
  HANDLE h = OpenSystem();
  EXPECT_EQ(NtClose(h), STATUS_SUCCESS);
  EXPECT_ONLY_BUGCHECK(NtClose(h), kInvalidKernelHandle, {Address(h), 1});
}

MISUSE_CASE(ZwOpenProcess, NullsMixesAndUnknownIds) {
  HANDLE h = nullptr;
  OBJECT_ATTRIBUTES oa;
  InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);
  CLIENT_ID id = {reinterpret_cast<HANDLE>(4), nullptr};
  EXPECT_ONLY_BUGCHECK(ZwOpenProcess(nullptr, 0, &oa, &id), 0x1E, {kAccessViolation, 0, 1});
  EXPECT_ONLY_BUGCHECK(ZwOpenProcess(&h, 0, nullptr, &id), 0x1E, {kAccessViolation, 0, 0});
  EXPECT_EQ(ZwOpenProcess(&h, 0, &oa, nullptr), STATUS_INVALID_PARAMETER_MIX);
  UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Process");
  oa.ObjectName = &name;
  EXPECT_EQ(ZwOpenProcess(&h, 0, &oa, &id), STATUS_INVALID_PARAMETER_MIX);
  oa.ObjectName = nullptr;
  oa.Attributes = 0x80000000u;
  EXPECT_EQ(ZwOpenProcess(&h, 0, &oa, &id), STATUS_INVALID_PARAMETER);
  oa.Attributes = OBJ_KERNEL_HANDLE;
  id.UniqueProcess = reinterpret_cast<HANDLE>(0x7770);
  EXPECT_EQ(ZwOpenProcess(&h, 0, &oa, &id), STATUS_INVALID_CID);
  EXPECT_EQ(h, nullptr);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ZwOpenProcess(&h, 0, &oa, &id), 0x0A, {Address(&h), DISPATCH_LEVEL});
  });
}

MISUSE_CASE(PsGetCurrentProcessId, AtHighLevel) {
  AtIrql(HIGH_LEVEL, [&] { EXPECT_EQ(PsGetCurrentProcessId(), reinterpret_cast<HANDLE>(4)); });
  ob::ScopedProcess app(1248, L"app.exe");
  EXPECT_EQ(PsGetCurrentProcessId(), reinterpret_cast<HANDLE>(1248));
}

MISUSE_CASE(PsGetCurrentThreadId, AtHighLevel) {
  const HANDLE id = PsGetCurrentThreadId();
  AtIrql(HIGH_LEVEL, [&] { EXPECT_EQ(PsGetCurrentThreadId(), id); });
}

MISUSE_CASE(IoGetCurrentProcess, AtDispatch) {
  AtIrql(DISPATCH_LEVEL, [&] { EXPECT_NE(IoGetCurrentProcess(), nullptr); });
}

MISUSE_CASE(PsGetCurrentThread, AtDispatch) {
  AtIrql(DISPATCH_LEVEL, [&] { EXPECT_NE(PsGetCurrentThread(), nullptr); });
}

MISUSE_CASE(KeGetCurrentThread, AtDispatch) {
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_EQ(reinterpret_cast<PETHREAD>(KeGetCurrentThread()), PsGetCurrentThread());
  });
}

MISUSE_CASE(PsGetProcessId, NullAndWrongType) {
  EXPECT_ONLY_BUGCHECK(PsGetProcessId(nullptr), 0x1E, {kAccessViolation, 0, 0});
  EXPECT_EQ(PsGetProcessId(reinterpret_cast<PEPROCESS>(PsGetCurrentThread())), nullptr);
}

MISUSE_CASE(PsGetThreadId, NullAndWrongType) {
  EXPECT_ONLY_BUGCHECK(PsGetThreadId(nullptr), 0x1E, {kAccessViolation, 0, 0});
  EXPECT_EQ(PsGetThreadId(reinterpret_cast<PETHREAD>(PsGetCurrentProcess())), nullptr);
}

MISUSE_CASE(PsGetThreadProcessId, NullAndWrongType) {
  EXPECT_ONLY_BUGCHECK(PsGetThreadProcessId(nullptr), 0x1E, {kAccessViolation, 0, 0});
  EXPECT_EQ(PsGetThreadProcessId(reinterpret_cast<PETHREAD>(PsGetCurrentProcess())), nullptr);
}

}  // namespace
}  // namespace misuse
