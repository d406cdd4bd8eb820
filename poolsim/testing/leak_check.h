// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/testing/leak_check.h
// -----------------------------------------------------------------------------
//
// GoogleTest integration. Link //:leak_check_main instead of gtest_main and
// every test runs on a fresh Environment; a test that leaks pool, leaves a
// filter context referenced or raises a bug check fails, with the report in
// the failure message. With Bazel the text and JSON reports of each failing
// test are also written to $TEST_UNDECLARED_OUTPUTS_DIR/poolsim/.
//
//   TEST(MyFilter, FreesItsBuffer) {
//     MyFilterWork();                 // leaks? the test fails with the report
//   }
//
//   TEST(MyFilter, RejectsWrongTag) {
//     void* p = ExAllocatePool2(POOL_FLAG_PAGED, 8, 'gaT1');
//     EXPECT_BUGCHECK(ExFreePoolWithTag(p, 'gaT2'), 0xC2);  // BAD_POOL_CALLER
//     ExFreePoolWithTag(p, 'gaT1');
//   }
//
// Settings (environment variables): POOLSIM_SUPPRESSIONS names a
// suppressions file; the POOLSIM_* variables of poolsim::Options apply to
// each test's Environment.

#ifndef POOLSIM_TESTING_LEAK_CHECK_H_
#define POOLSIM_TESTING_LEAK_CHECK_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "poolsim/bugcheck.h"
#include "poolsim/environment.h"
#include "poolsim/leak_report.h"

namespace poolsim {
namespace testing {

// LeakCheckListener
//
// Gives each test its own Environment (installed as the ambient one) and
// checks it when the test ends. Append it after the default printers (as
// //:leak_check_main does) so failures belong to the test that caused them.
//
// Thread-safe: tests may allocate and bug-check from several threads.
class LeakCheckListener : public ::testing::EmptyTestEventListener {
 public:
  LeakCheckListener();
  ~LeakCheckListener() override;

  void OnTestStart(const ::testing::TestInfo& test) override;
  void OnTestEnd(const ::testing::TestInfo& test) override;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Installs a LeakCheckListener in GoogleTest's listener list. Call after
// InitGoogleTest and before RUN_ALL_TESTS (leak_check_main does).
void InstallLeakCheckListener();

// BugCheckCapture
//
// While alive, bug checks raised in `env` are collected here instead of
// failing the test or ending the process. EXPECT_BUGCHECK uses it.
class BugCheckCapture {
 public:
  explicit BugCheckCapture(Environment& env = Ambient());
  ~BugCheckCapture();
  BugCheckCapture(const BugCheckCapture&) = delete;
  BugCheckCapture& operator=(const BugCheckCapture&) = delete;

  // Returns the bug checks collected so far, oldest first.
  std::vector<BugCheck> bug_checks() const;

 private:
  struct Shared;
  Environment& env_;
  std::shared_ptr<Shared> shared_;
  BugCheckHandler previous_;
};

// ScopedLeakCheck
//
// Checks one part of a test: on destruction, fails the test if a block
// allocated during the object's lifetime is still live (with the report).
// Check() gives the same report without failing, for a recoverable check.
class ScopedLeakCheck {
 public:
  explicit ScopedLeakCheck(Environment& env = Ambient());
  ~ScopedLeakCheck();
  ScopedLeakCheck(const ScopedLeakCheck&) = delete;
  ScopedLeakCheck& operator=(const ScopedLeakCheck&) = delete;

  // Returns the pool report of blocks allocated since construction.
  LeakReport Check() const;

 private:
  Environment& env_;
  const uint64_t start_;
};

// RegisterStatementSweep()
//
// Adds a sweep of a layer above poolsim that EXPECT_ERROR_PATHS_CLEAN (and
// _BY_STACK) runs on the same statement once the error-path sweep is clean;
// its failure is the macro's. The race-path sweep registers one (//race:
// testing), active when FLTCTX_RACE_SWEEP=1. A sweep with nothing to do
// returns success. Thread-safe.
using StatementSweep = ::testing::AssertionResult (*)(const char* statement_text,
                                                      const std::function<void()>& body);
void RegisterStatementSweep(StatementSweep sweep);

namespace testing_internal {
// Returns success if the sweep of `body` is clean, or a failure describing
// each injection point after which something leaked or bug-checked.
::testing::AssertionResult ErrorPathsClean(const char* statement_text,
                                           const std::function<void()>& body,
                                           bool by_unique_stack = false);
::testing::AssertionResult HasBugCheck(const char* statement_text, const char* code_text,
                                       const std::vector<BugCheck>& seen, uint32_t code);
::testing::AssertionResult HasBugCheckWithSubcode(const char* statement_text,
                                                  const char* code_text,
                                                  const char* subcode_text,
                                                  const std::vector<BugCheck>& seen,
                                                  uint32_t code, uint64_t subcode);
}  // namespace testing_internal

}  // namespace testing
}  // namespace poolsim

// EXPECT_BUGCHECK(statement, code)
//
// Runs `statement` and expects it to raise at least one bug check with stop
// code `code` in the ambient Environment. The bug checks it raises do not
// fail the test otherwise.
#define EXPECT_BUGCHECK(statement, code)                                          \
  do {                                                                            \
    ::poolsim::testing::BugCheckCapture poolsim_capture_;                         \
    { statement; }                                                                \
    if (const ::testing::AssertionResult poolsim_result_ =                        \
            ::poolsim::testing::testing_internal::HasBugCheck(                    \
                #statement, #code, poolsim_capture_.bug_checks(), (code))) {      \
    } else {                                                                      \
      ADD_FAILURE() << poolsim_result_.message();                                 \
    }                                                                             \
  } while (0)

// EXPECT_BUGCHECK_SUBCODE(statement, code, subcode)
//
// As EXPECT_BUGCHECK, and the first parameter must equal `subcode` (the
// sub-code of BAD_POOL_CALLER, DRIVER_VERIFIER_DETECTED_VIOLATION, ...).
#define EXPECT_BUGCHECK_SUBCODE(statement, code, subcode)                          \
  do {                                                                            \
    ::poolsim::testing::BugCheckCapture poolsim_capture_;                         \
    { statement; }                                                                \
    if (const ::testing::AssertionResult poolsim_result_ =                        \
            ::poolsim::testing::testing_internal::HasBugCheckWithSubcode(         \
                #statement, #code, #subcode, poolsim_capture_.bug_checks(),       \
                (code), (subcode))) {                                             \
    } else {                                                                      \
      ADD_FAILURE() << poolsim_result_.message();                                 \
    }                                                                             \
  } while (0)

// EXPECT_ERROR_PATHS_CLEAN(statement)
//
// The exhaustive error-path sweep (poolsim/fault_sweep.h): runs `statement`
// once normally and then once per injectable call it makes, failing that
// call, and expects every run to end with nothing leaked, no context still
// referenced and no bug check. The statement must clean up after itself on
// success. Each failing injection point is reported with the failed call's
// stack and the run's report.
#define EXPECT_ERROR_PATHS_CLEAN(statement)                                       \
  do {                                                                            \
    if (const ::testing::AssertionResult poolsim_result_ =                        \
            ::poolsim::testing::testing_internal::ErrorPathsClean(                \
                #statement, [&]() { statement; })) {                              \
    } else {                                                                      \
      ADD_FAILURE() << poolsim_result_.message();                                 \
    }                                                                             \
  } while (0)

// EXPECT_ERROR_PATHS_CLEAN_BY_STACK(statement)
//
// As EXPECT_ERROR_PATHS_CLEAN, sweeping each unique calling stack instead of
// each call (SweepOptions::Mode::kEachUniqueStack): it also fails calls made
// only on error paths, such as an error-log allocation after a failed one.
#define EXPECT_ERROR_PATHS_CLEAN_BY_STACK(statement)                              \
  do {                                                                            \
    if (const ::testing::AssertionResult poolsim_result_ =                        \
            ::poolsim::testing::testing_internal::ErrorPathsClean(                \
                #statement, [&]() { statement; }, true)) {                        \
    } else {                                                                      \
      ADD_FAILURE() << poolsim_result_.message();                                 \
    }                                                                             \
  } while (0)

#endif  // POOLSIM_TESTING_LEAK_CHECK_H_
