// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/testing/test_observer.h
// -----------------------------------------------------------------------------
//
// Per-test hooks for higher layers. A layer that keeps per-test state (the
// captured debug output, for example) registers a TestObserver once, from a
// static initializer of an alwayslink library; the leak-check listener
// (//:leak_check_main) then calls it around every test, so poolsim never
// names the layer:
//
//   const poolsim::testing::TestObserverRegistrar kObserver("mylayer", {
//       /*on_start=*/[](poolsim::Environment& env) { ... },
//       /*failure_notes=*/[](poolsim::Environment& env) { return std::string(...); },
//       /*end_violations=*/nullptr,
//       /*on_end=*/[](poolsim::Environment& env) { ... }});
//
// This target does not depend on GoogleTest, so production libraries may
// register. Thread-safe; the registry's lock is a leaf and is not held while
// an observer runs.

#ifndef POOLSIM_TESTING_TEST_OBSERVER_H_
#define POOLSIM_TESTING_TEST_OBSERVER_H_

#include <functional>
#include <string>
#include <vector>

#include "poolsim/environment.h"

namespace poolsim {
namespace testing {

// TestObserver
//
// Each member may be empty. All run on the thread that runs the test.
struct TestObserver {
  // After the test's Environment is created and installed.
  std::function<void(Environment&)> on_start;
  // When the test has failed: text shown after the failures, under the
  // observer's name ("" shows nothing).
  std::function<std::string(Environment&)> failure_notes;
  // When the test ends: each string returned fails the test with that text
  // (problems only the end of a test can see).
  std::function<std::vector<std::string>(Environment&)> end_violations;
  // Before the test's Environment is destroyed.
  std::function<void(Environment&)> on_end;
};

// Adds `observer` under `name`; observers run in registration order.
void RegisterTestObserver(const char* name, TestObserver observer);

// A registered observer and its name.
struct NamedTestObserver {
  std::string name;
  TestObserver observer;
};

// Returns every registered observer, in registration order.
std::vector<NamedTestObserver> TestObservers();

// TestObserverRegistrar
//
// Registers from a static initializer (the defining target must be
// `alwayslink = True`).
class TestObserverRegistrar {
 public:
  TestObserverRegistrar(const char* name, TestObserver observer) {
    RegisterTestObserver(name, std::move(observer));
  }
};

}  // namespace testing
}  // namespace poolsim

#endif  // POOLSIM_TESTING_TEST_OBSERVER_H_
