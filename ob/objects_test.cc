// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The object manager's core: object headers and references, the handle
// tables, processes and threads, and what the leak report lists.

#include "ob/objects.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "ob/processes.h"
#include "poolsim/environment.h"
#include "poolsim/leak_report.h"

namespace {

std::atomic<int> g_closes{0};
int g_deletes = 0;
std::atomic<uint64_t> g_last_handles_left{99};

void OnClose(void*, uint64_t handles_left) {
  ++g_closes;
  g_last_handles_left = handles_left;
}
void OnDelete(void*) { ++g_deletes; }

_OBJECT_TYPE kTestType = {"TestObject", 0x74736554, &OnClose, &OnDelete};

class ObjectsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_closes = 0;
    g_deletes = 0;
  }
  poolsim::Environment env_;
  int body_ = 0;
};

TEST_F(ObjectsTest, TheLastReferenceRunsTheDeleteProcedure) {
  ASSERT_TRUE(ob::InsertObject(env_, &body_, &kTestType, "test object"));
  EXPECT_FALSE(ob::InsertObject(env_, &body_, &kTestType, "again"));
  EXPECT_EQ(ob::PointerCount(env_, &body_), 1);
  EXPECT_EQ(ob::ReferenceObject(env_, &body_, "Test", 0), ob::ReferenceOutcome::kOk);
  EXPECT_EQ(ob::PointerCount(env_, &body_), 2);
  EXPECT_TRUE(ob::RemoveObject(env_, &body_));
  EXPECT_FALSE(ob::RemoveObject(env_, &body_));
  EXPECT_EQ(g_deletes, 0);
  EXPECT_EQ(ob::DereferenceObject(env_, &body_), ob::ReferenceOutcome::kOk);
  EXPECT_EQ(g_deletes, 1);
  EXPECT_FALSE(ob::LookupObject(env_, &body_));
  EXPECT_EQ(ob::PointerCount(env_, &body_), -1);
}

TEST_F(ObjectsTest, ADereferenceWithoutAReferenceIsBelowZeroAndChangesNothing) {
  ASSERT_TRUE(ob::InsertObject(env_, &body_, &kTestType, "test object"));
  POBJECT_TYPE type = nullptr;
  EXPECT_EQ(ob::DereferenceObject(env_, &body_, &type), ob::ReferenceOutcome::kBelowZero);
  EXPECT_EQ(type, &kTestType);
  EXPECT_EQ(ob::PointerCount(env_, &body_), 1);
  int other = 0;
  EXPECT_EQ(ob::DereferenceObject(env_, &other), ob::ReferenceOutcome::kNotAnObject);
  EXPECT_EQ(ob::ReferenceObject(env_, &other, "Test", 0), ob::ReferenceOutcome::kNotAnObject);
  EXPECT_TRUE(ob::RemoveObject(env_, &body_));
}

TEST_F(ObjectsTest, KernelHandlesHaveWindowsFormAndAreNeverReused) {
  ASSERT_TRUE(ob::InsertObject(env_, &body_, &kTestType, "test object"));
  HANDLE a = nullptr, b = nullptr;
  ASSERT_EQ(ob::CreateHandle(env_, &body_, 1, OBJ_KERNEL_HANDLE, "Test", 0, &a),
            ob::HandleOutcome::kOk);
  ASSERT_EQ(ob::CreateHandle(env_, &body_, 1, OBJ_KERNEL_HANDLE, "Test", 0, &b),
            ob::HandleOutcome::kOk);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a), 0xFFFFFFFF80000004ull);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(b), 0xFFFFFFFF80000008ull);
  EXPECT_TRUE(ob::IsKernelHandleValue(a));
  EXPECT_EQ(ob::PointerCount(env_, &body_), 3);
  EXPECT_EQ(ob::CloseHandle(env_, a), ob::CloseOutcome::kClosed);
  EXPECT_EQ(g_closes, 1);
  EXPECT_EQ(g_last_handles_left, 1u);
  EXPECT_EQ(ob::CloseHandle(env_, a), ob::CloseOutcome::kInvalidKernelHandle);
  HANDLE c = nullptr;
  ASSERT_EQ(ob::CreateHandle(env_, &body_, 1, OBJ_KERNEL_HANDLE, "Test", 0, &c),
            ob::HandleOutcome::kOk);
  EXPECT_NE(c, a);
  EXPECT_EQ(ob::CloseHandle(env_, b), ob::CloseOutcome::kClosed);
  EXPECT_EQ(ob::CloseHandle(env_, c), ob::CloseOutcome::kClosed);
  EXPECT_TRUE(ob::RemoveObject(env_, &body_));
  EXPECT_EQ(g_deletes, 1);
  EXPECT_EQ(ob::CloseHandle(env_, reinterpret_cast<HANDLE>(static_cast<uintptr_t>(0x44))),
            ob::CloseOutcome::kInvalidHandle);
  EXPECT_FALSE(ob::IsKernelHandleValue(reinterpret_cast<HANDLE>(~uintptr_t{0})));
}

TEST_F(ObjectsTest, AProcessHandleIsOnlyVisibleToItsProcess) {
  ASSERT_TRUE(ob::InsertObject(env_, &body_, &kTestType, "test object"));
  HANDLE h = nullptr;
  {
    ob::ScopedProcess app(1200, L"app.exe");
    ASSERT_EQ(ob::CreateHandle(env_, &body_, 1, 0, "Test", 0, &h), ob::HandleOutcome::kOk);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(h), 4u);
    EXPECT_TRUE(ob::LookupHandle(env_, h, nullptr));
  }
  EXPECT_FALSE(ob::LookupHandle(env_, h, nullptr));
  EXPECT_EQ(ob::CloseHandle(env_, h), ob::CloseOutcome::kInvalidHandle);
  {
    ob::ScopedProcess app(1200, L"app.exe");
    EXPECT_EQ(ob::CloseHandle(env_, h), ob::CloseOutcome::kClosed);
  }
  EXPECT_TRUE(ob::RemoveObject(env_, &body_));
}

TEST_F(ObjectsTest, OpenHandlesAndHeldReferencesAreLeakedObjectsWithTheirStacks) {
  ASSERT_TRUE(ob::InsertObject(env_, &body_, &kTestType, "test object"));
  HANDLE h = nullptr;
  ASSERT_EQ(ob::CreateHandle(env_, &body_, 1, OBJ_KERNEL_HANDLE, "TestOpen", 0, &h),
            ob::HandleOutcome::kOk);
  ASSERT_EQ(ob::ReferenceObject(env_, &body_, "TestReference", 0), ob::ReferenceOutcome::kOk);
  const std::vector<poolsim::LeakedObject> leaked = env_.LeakedObjects();
  ASSERT_EQ(leaked.size(), 2u);
  EXPECT_EQ(leaked[0].kind, "handle");
  EXPECT_EQ(leaked[0].type_name, "TestObject");
  EXPECT_EQ(leaked[0].address, reinterpret_cast<uintptr_t>(h));
  ASSERT_EQ(leaked[0].references.size(), 1u);
  EXPECT_EQ(leaked[0].references[0].operation, "TestOpen");
  EXPECT_NE(leaked[0].references[0].stack, poolsim::kNoStack);
  EXPECT_EQ(leaked[1].kind, "object reference");
  EXPECT_EQ(leaked[1].references[0].operation, "TestReference");
  EXPECT_NE(leaked[1].stack, poolsim::kNoStack);
  EXPECT_EQ(ob::CloseHandle(env_, h), ob::CloseOutcome::kClosed);
  EXPECT_EQ(ob::DereferenceObject(env_, &body_), ob::ReferenceOutcome::kOk);
  EXPECT_TRUE(env_.LeakedObjects().empty());
  EXPECT_TRUE(ob::RemoveObject(env_, &body_));
}

TEST_F(ObjectsTest, TheFaultInjectorFailsAHandle) {
  ASSERT_TRUE(ob::InsertObject(env_, &body_, &kTestType, "test object"));
  poolsim::Options o = env_.options();
  o.faults.fail_nth = 1;
  env_.Reconfigure(o);
  HANDLE h = nullptr;
  EXPECT_EQ(ob::CreateHandle(env_, &body_, 1, OBJ_KERNEL_HANDLE, "Test", 0, &h),
            ob::HandleOutcome::kInsufficientResources);
  EXPECT_EQ(ob::OpenHandleCount(env_), 0u);
  EXPECT_TRUE(ob::RemoveObject(env_, &body_));
}

TEST_F(ObjectsTest, HandlesAndReferencesFromManyThreadsBalance) {
  ASSERT_TRUE(ob::InsertObject(env_, &body_, &kTestType, "test object"));
  constexpr int kThreads = 4;
  constexpr int kRounds = 200;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      ob::ScopedProcess process(2000 + 4 * t, L"worker.exe");
      for (int i = 0; i < kRounds; ++i) {
        HANDLE h = nullptr;
        const ULONG attributes = (i % 2 == 0) ? OBJ_KERNEL_HANDLE : 0;
        ASSERT_EQ(ob::CreateHandle(env_, &body_, 1, attributes, "Test", 0, &h),
                  ob::HandleOutcome::kOk);
        ASSERT_EQ(ob::ReferenceObject(env_, &body_, "Test", 0), ob::ReferenceOutcome::kOk);
        ASSERT_TRUE(ob::LookupHandle(env_, h, nullptr));
        ASSERT_EQ(ob::CloseHandle(env_, h), ob::CloseOutcome::kClosed);
        ASSERT_EQ(ob::DereferenceObject(env_, &body_), ob::ReferenceOutcome::kOk);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ob::OpenHandleCount(env_), 0u);
  EXPECT_EQ(ob::PointerCount(env_, &body_), 1);
  EXPECT_EQ(g_closes, kThreads * kRounds);
  EXPECT_TRUE(ob::RemoveObject(env_, &body_));
}

TEST(ProcessesTest, AHostThreadActsForSystemUntilATestNamesItsProcess) {
  poolsim::Environment env;
  EXPECT_EQ(ob::CurrentProcessId(), ob::kSystemProcessId);
  PEPROCESS system = ob::CurrentProcess(env);
  EXPECT_EQ(ob::ProcessIdOf(system), ob::kSystemProcessId);
  EXPECT_EQ(ob::ImageNameOf(system), L"System");
  {
    ob::ScopedProcess scanner(1240, L"scanner.exe");
    EXPECT_EQ(ob::CurrentProcessId(), 1240u);
    PEPROCESS p = ob::CurrentProcess(env);
    EXPECT_NE(p, system);
    EXPECT_EQ(ob::ImageNameOf(p), L"scanner.exe");
    PETHREAD t = ob::CurrentThread(env);
    EXPECT_EQ(ob::ProcessOfThread(env, t), p);
    EXPECT_EQ(ob::ThreadIdOf(t), ob::CurrentThreadId());
    EXPECT_EQ(ob::FindProcess(env, 1240), p);
  }
  EXPECT_EQ(ob::CurrentProcessId(), ob::kSystemProcessId);
  EXPECT_EQ(ob::FindProcess(env, 5000), nullptr);
  uint32_t other_tid = 0;
  std::thread([&] { other_tid = ob::CurrentThreadId(); }).join();
  EXPECT_NE(other_tid, ob::CurrentThreadId());
  EXPECT_EQ(other_tid % 4, 0u);
  EXPECT_EQ(ob::CurrentThreadId() % 4, 0u);
}

TEST(ProcessesTest, ProcessObjectsGoWithTheirEnvironment) {
  PEPROCESS p = nullptr;
  {
    poolsim::Environment env;
    p = ob::AddProcess(env, 1300, L"gone.exe");
    EXPECT_EQ(ob::ProcessIdOf(p), 1300u);
  }
  poolsim::Environment fresh;
  EXPECT_EQ(ob::FindProcess(fresh, 1300), nullptr);
}

}  // namespace
