// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Object references, handles and processes through the WDK names, the way a
// driver calls them (driver code in C: ob_c_sample.c), under
// //:leak_check_main.

#include "ob/wdk/ob.h"

#include <string>

#include "gtest/gtest.h"
#include "ob/objects.h"
#include "ob/processes.h"
#include "ob/wdk/ob_c_sample.h"
#include "poolsim/environment.h"
#include "poolsim/leak_report.h"
#include "poolsim/report_text.h"
#include "poolsim/testing/leak_check.h"

namespace {

constexpr uint32_t kReferenceByPointer = 0x18;
constexpr uint32_t kInvalidKernelHandle = 0x93;

HANDLE Pid(uintptr_t id) { return reinterpret_cast<HANDLE>(id); }

TEST(ObWdkTest, TheCurrentProcessAndThreadFollowTheTestsNaming) {
  EXPECT_EQ(PsGetCurrentProcessId(), Pid(4));
  PEPROCESS system = PsGetCurrentProcess();
  EXPECT_EQ(PsGetProcessId(system), Pid(4));
  ob::ScopedProcess scanner(1240, L"scanner.exe");
  EXPECT_EQ(PsGetCurrentProcessId(), Pid(1240));
  EXPECT_EQ(PsGetProcessId(IoGetCurrentProcess()), Pid(1240));
  EXPECT_NE(IoGetCurrentProcess(), system);
  EXPECT_EQ(PsGetThreadProcessId(PsGetCurrentThread()), Pid(1240));
  EXPECT_EQ(PsGetThreadId(PsGetCurrentThread()), PsGetCurrentThreadId());
  EXPECT_EQ(reinterpret_cast<PETHREAD>(KeGetCurrentThread()), PsGetCurrentThread());
}

TEST(ObWdkTest, AReferenceThroughAHandleOutlivesTheHandle) {
  PEPROCESS process = nullptr;
  ASSERT_EQ(ObSampleReferenceCurrentProcess(&process), STATUS_SUCCESS);
  EXPECT_EQ(process, PsGetCurrentProcess());
  EXPECT_EQ(ob::OpenHandleCount(poolsim::Ambient()), 0u);
  // The kernel's reference and the driver's.
  EXPECT_EQ(ObReferenceObject(process), 3);
  EXPECT_EQ(ObDereferenceObject(process), 2);
  EXPECT_EQ(ObDereferenceObject(process), 1);
}

TEST(ObWdkTest, ZwOpenProcessFindsNamedProcessesOnly) {
  ob::AddProcess(poolsim::Ambient(), 2000, L"app.exe");
  HANDLE h = nullptr;
  ASSERT_EQ(ObSampleOpenProcess(Pid(2000), &h), STATUS_SUCCESS);
  EXPECT_TRUE(ob::IsKernelHandleValue(h));
  EXPECT_EQ(ObSampleProcessIdOfHandle(h), 2000u);
  EXPECT_EQ(ZwClose(h), STATUS_SUCCESS);
  EXPECT_EQ(ObSampleOpenProcess(Pid(2004), &h), STATUS_INVALID_CID);
  OBJECT_ATTRIBUTES oa;
  InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);
  EXPECT_EQ(ZwOpenProcess(&h, PROCESS_ALL_ACCESS, &oa, nullptr), STATUS_INVALID_PARAMETER_MIX);
  oa.Length = 3;
  CLIENT_ID id = {Pid(2000), nullptr};
  EXPECT_EQ(ZwOpenProcess(&h, PROCESS_ALL_ACCESS, &oa, &id), STATUS_INVALID_PARAMETER);
}

TEST(ObWdkTest, ObReferenceObjectByHandleChecksTypeModeAndAccess) {
  HANDLE h = nullptr;
  ASSERT_EQ(ObSampleOpenProcess(Pid(4), &h), STATUS_SUCCESS);
  PVOID object = nullptr;
  EXPECT_EQ(ObReferenceObjectByHandle(h, 0, *PsThreadType, KernelMode, &object, nullptr),
            STATUS_OBJECT_TYPE_MISMATCH);
  EXPECT_EQ(ObReferenceObjectByHandle(h, 0, nullptr, UserMode, &object, nullptr),
            STATUS_INVALID_HANDLE);
  EXPECT_EQ(ObReferenceObjectByHandle(h, 0, nullptr, 7, &object, nullptr),
            STATUS_INVALID_PARAMETER);
  OBJECT_HANDLE_INFORMATION info = {};
  ASSERT_EQ(ObReferenceObjectByHandle(h, 0, nullptr, KernelMode, &object, &info),
            STATUS_SUCCESS);
  EXPECT_EQ(info.GrantedAccess, static_cast<ACCESS_MASK>(PROCESS_QUERY_LIMITED_INFORMATION));
  EXPECT_EQ(info.HandleAttributes, static_cast<ULONG>(OBJ_KERNEL_HANDLE));
  ObDereferenceObject(object);
  EXPECT_EQ(ZwClose(h), STATUS_SUCCESS);
  EXPECT_EQ(ObReferenceObjectByHandle(h, 0, nullptr, KernelMode, &object, nullptr),
            STATUS_INVALID_HANDLE);
  // A user handle of the calling process, checked for access in UserMode.
  ob::ScopedProcess app(1244, L"app.exe");
  ASSERT_EQ(ObOpenObjectByPointer(PsGetCurrentProcess(), 0, nullptr, PROCESS_VM_READ,
                                  *PsProcessType, KernelMode, &h),
            STATUS_SUCCESS);
  EXPECT_FALSE(ob::IsKernelHandleValue(h));
  EXPECT_EQ(ObReferenceObjectByHandle(h, PROCESS_TERMINATE, nullptr, UserMode, &object, nullptr),
            STATUS_ACCESS_DENIED);
  ASSERT_EQ(ObReferenceObjectByHandle(h, PROCESS_VM_READ, nullptr, UserMode, &object, nullptr),
            STATUS_SUCCESS);
  ObDereferenceObject(object);
  EXPECT_EQ(NtClose(h), STATUS_SUCCESS);
}

TEST(ObWdkTest, PseudoHandlesNameTheCurrentProcessAndThread) {
  PVOID object = nullptr;
  ASSERT_EQ(ObReferenceObjectByHandle(NtCurrentProcess(), 0, *PsProcessType, KernelMode,
                                      &object, nullptr),
            STATUS_SUCCESS);
  EXPECT_EQ(object, PsGetCurrentProcess());
  ObDereferenceObject(object);
  ASSERT_EQ(ObReferenceObjectByHandle(ZwCurrentThread(), 0, *PsThreadType, KernelMode, &object,
                                      nullptr),
            STATUS_SUCCESS);
  EXPECT_EQ(object, PsGetCurrentThread());
  ObDereferenceObject(object);
  EXPECT_EQ(ZwClose(NtCurrentProcess()), STATUS_INVALID_HANDLE);
}

TEST(ObWdkTest, AKernelHandleClosedTwiceIsInvalidKernelHandle) {
  HANDLE h = nullptr;
  ASSERT_EQ(ObSampleOpenProcess(Pid(4), &h), STATUS_SUCCESS);
  EXPECT_EQ(ZwClose(h), STATUS_SUCCESS);
  poolsim::testing::BugCheckCapture capture;
  EXPECT_EQ(ZwClose(h), STATUS_INVALID_HANDLE);
  const std::vector<poolsim::BugCheck> seen = capture.bug_checks();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].code, kInvalidKernelHandle);
  EXPECT_EQ(seen[0].parameters[0], reinterpret_cast<uintptr_t>(h));
  EXPECT_EQ(seen[0].parameters[1], 1u);
  // A value that was never a kernel handle is only a status.
  EXPECT_EQ(ZwClose(Pid(0x40)), STATUS_INVALID_HANDLE);
  EXPECT_EQ(NtClose(nullptr), STATUS_INVALID_HANDLE);
}

TEST(ObWdkTest, OneDereferenceTooManyIsReferenceByPointer) {
  PEPROCESS process = PsGetCurrentProcess();
  ASSERT_EQ(ObReferenceObject(process), 2);
  EXPECT_EQ(ObDereferenceObject(process), 1);
  poolsim::testing::BugCheckCapture capture;
  ObDereferenceObject(process);
  const std::vector<poolsim::BugCheck> seen = capture.bug_checks();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].code, kReferenceByPointer);
  EXPECT_EQ(seen[0].parameters[0], reinterpret_cast<uintptr_t>(*PsProcessType));
  EXPECT_EQ(seen[0].parameters[1], reinterpret_cast<uintptr_t>(process));
  // The process is still there, with the kernel's reference.
  EXPECT_EQ(ObReferenceObject(process), 2);
  EXPECT_EQ(ObDereferenceObject(process), 1);
}

TEST(ObWdkTest, ALeakedReferenceAndALeakedHandleAreReportedWithTheDriversStack) {
  poolsim::Environment env;
  poolsim::ScopedEnvironment install(&env);
  PEPROCESS process = PsGetCurrentProcess();
  ObSampleLeakReference(process);
  HANDLE h = nullptr;
  ASSERT_EQ(ObSampleOpenProcess(Pid(4), &h), STATUS_SUCCESS);
  const poolsim::LeakReport report = poolsim::BuildLeakReport(env);
  ASSERT_EQ(report.objects.size(), 2u);
  const poolsim::LeakedObject* reference = nullptr;
  const poolsim::LeakedObject* handle = nullptr;
  for (const poolsim::LeakedObject& o : report.objects) {
    (o.kind == "handle" ? handle : reference) = &o;
  }
  ASSERT_NE(reference, nullptr);
  ASSERT_NE(handle, nullptr);
  EXPECT_EQ(reference->kind, "object reference");
  EXPECT_EQ(reference->type_name, "Process");
  EXPECT_EQ(reference->references[0].operation, "ObReferenceObject");
  EXPECT_EQ(handle->references[0].operation, "ZwOpenProcess");
  EXPECT_EQ(handle->address, reinterpret_cast<uintptr_t>(h));
  const std::string text = poolsim::RenderText(report);
  EXPECT_NE(text.find("ObSampleLeakReference"), std::string::npos) << text;
  EXPECT_NE(text.find("ObSampleOpenProcess"), std::string::npos) << text;
  ObDereferenceObject(process);
  EXPECT_EQ(ZwClose(h), STATUS_SUCCESS);
  EXPECT_TRUE(poolsim::BuildLeakReport(env).objects.empty());
}

TEST(ObWdkTest, MisuseIsReportedAndChangesNothing) {
  EXPECT_BUGCHECK(ObfReferenceObject(nullptr), 0x1E);
  int not_an_object = 0;
  EXPECT_BUGCHECK(ObfReferenceObject(&not_an_object), kReferenceByPointer);
  EXPECT_BUGCHECK(ObfDereferenceObject(&not_an_object), kReferenceByPointer);
  HANDLE h = nullptr;
  EXPECT_BUGCHECK(ObOpenObjectByPointer(&not_an_object, OBJ_KERNEL_HANDLE, nullptr, 0, nullptr,
                                        KernelMode, &h),
                  kReferenceByPointer);
  EXPECT_EQ(ObOpenObjectByPointer(PsGetCurrentProcess(), 0x80000000u, nullptr, 0, nullptr,
                                  KernelMode, &h),
            STATUS_INVALID_PARAMETER);
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  EXPECT_BUGCHECK(ZwClose(Pid(4)), 0x0A);
  KeLowerIrql(old);
  EXPECT_EQ(ob::OpenHandleCount(poolsim::Ambient()), 0u);
}

}  // namespace
