// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: tests/misuse/matrix.h
// -----------------------------------------------------------------------------
//
// The misuse matrix: one row per exported WDK name, one case per class of bad
// input (NULL for each pointer, a freed / foreign / wrong-type object, the
// wrong IRQL, sizes 0 / 1 / max, undefined flags and pool types, a second
// call, a call after teardown). A case is a test body that calls the WDK
// function the way a buggy driver does and asserts the exact status or
// report; after every case the fixture asserts that the simulator still
// works (IRQL back at PASSIVE_LEVEL, a pool allocation, a context cycle and a
// simulated I/O cycle succeed) and that nothing the case allocated is left.
//
//   MISUSE_CASE(KeReleaseSpinLock, GarbageIrql) {
//     KSPIN_LOCK lock;
//     KeInitializeSpinLock(&lock);
//     ...
//     EXPECT_THAT(bug_checks, OnlyBugCheck(0x4A ...));
//   }
//
// //tests/misuse:misuse_matrix_test enumerates the exported names from the
// wdk/ headers and fails when one has no row (exported_names.h).

#ifndef TESTS_MISUSE_MATRIX_H_
#define TESTS_MISUSE_MATRIX_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fltctx/filter_manager.h"
#include "fltctx/wdk/fltkernel.h"
#include "gtest/gtest.h"
#include "poolsim/bugcheck.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"
#include "poolsim/wdk/wdm.h"

namespace misuse {

// Records that `api` has a case for `input_class`; returns true. Called by
// MISUSE_CASE at static-initialization time.
bool RegisterCase(const char* api, const char* input_class);

// The registered rows: WDK name -> its input classes.
const std::map<std::string, std::set<std::string>>& Rows();

// The pool tag the matrix allocates with ("Msu1").
inline constexpr ULONG kTag = 0x3175734D;

// Runs `body` with bug checks captured and returns the ones raised.
template <typename Body>
std::vector<poolsim::BugCheck> Capture(Body&& body) {
  poolsim::testing::BugCheckCapture capture;
  body();
  return capture.bug_checks();
}

// Passes when `seen` holds exactly one bug check, with stop code `code` and,
// for each given parameter, that value (index 0 = P1).
::testing::AssertionResult OnlyBugCheck(
    const std::vector<poolsim::BugCheck>& seen, uint32_t code,
    std::vector<std::optional<uint64_t>> parameters = {});

// Passes when `seen` is empty.
::testing::AssertionResult NoBugCheck(
    const std::vector<poolsim::BugCheck>& seen);

// Runs `body` at `irql` (raised from and lowered back to the current IRQL).
template <typename Body>
void AtIrql(KIRQL irql, Body&& body) {
  KIRQL old = PASSIVE_LEVEL;
  KeRaiseIrql(irql, &old);
  body();
  KeLowerIrql(old);
}

// Changes the ambient environment's options for one case and restores them.
class ScopedOptions {
 public:
  template <typename Change>
  explicit ScopedOptions(Change&& change)
      : saved_(poolsim::Ambient().options()) {
    poolsim::Options changed = saved_;
    change(changed);
    poolsim::Ambient().Reconfigure(changed);
  }
  ~ScopedOptions() { poolsim::Ambient().Reconfigure(saved_); }
  ScopedOptions(const ScopedOptions&) = delete;
  ScopedOptions& operator=(const ScopedOptions&) = delete;

 private:
  poolsim::Options saved_;
};

// The fixture every case runs in: a filter manager on the ambient
// environment, and after the body the still-usable and exact-report checks.
class MisuseMatrix : public ::testing::Test {
 protected:
  MisuseMatrix();
  ~MisuseMatrix() override;
  void TearDown() override;

  fltctx::FilterManager& manager() { return *manager_; }

  // A registered (not started) filter with stream, stream-handle, instance,
  // volume, file and transaction contexts of 32 bytes (tag kTag). The
  // fixture unregisters it at teardown unless the case already did.
  PFLT_FILTER Filter();
  // A started filter attached to a fresh simulated volume.
  PFLT_INSTANCE Instance();
  // Marks the filter as unregistered by the case itself.
  void FilterUnregistered() { filter_ = nullptr; }

 private:
  std::unique_ptr<fltctx::FilterManager> manager_;
  std::unique_ptr<poolsim::testing::ScopedLeakCheck> leak_check_;
  PFLT_FILTER filter_ = nullptr;
  PFLT_VOLUME volume_ = nullptr;
  PFLT_INSTANCE instance_ = nullptr;
};

}  // namespace misuse

#define MISUSE_CASE(api, input_class)                                          \
  static const bool misuse_registered_##api##_##input_class [[maybe_unused]] = \
      ::misuse::RegisterCase(#api, #input_class);                              \
  TEST_F(MisuseMatrix, api##_##input_class)

// Asserts that `statement` raises exactly one bug check `code` with the
// given leading parameters: EXPECT_ONLY_BUGCHECK(ExFreePool(p), 0xC2, {0x07}).
#define EXPECT_ONLY_BUGCHECK(statement, ...)                                  \
  EXPECT_TRUE(::misuse::OnlyBugCheck(::misuse::Capture([&]() { statement; }), \
                                     __VA_ARGS__))

// Asserts that `statement` raises no bug check.
#define EXPECT_NO_BUGCHECK(statement) \
  EXPECT_TRUE(::misuse::NoBugCheck(::misuse::Capture([&]() { statement; })))

#endif  // TESTS_MISUSE_MATRIX_H_
