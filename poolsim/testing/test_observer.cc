// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/testing/test_observer.cc
// -----------------------------------------------------------------------------
//
// The registry of per-test observers (poolsim/testing/test_observer.h).

#include "poolsim/testing/test_observer.h"

#include <utility>

#include "poolsim/internal/lock.h"

namespace poolsim {
namespace testing {
namespace {

using poolsim_internal::Mutex;
using poolsim_internal::MutexLock;

struct Registry {
  Mutex mu;
  std::vector<NamedTestObserver> observers ABSL_GUARDED_BY(mu);
};

Registry& GetRegistry() {
  static Registry* registry = new Registry();  // never destroyed: static-init safe
  return *registry;
}

}  // namespace

void RegisterTestObserver(const char* name, TestObserver observer) {
  Registry& r = GetRegistry();
  MutexLock lock(&r.mu);
  r.observers.push_back({name, std::move(observer)});
}

std::vector<NamedTestObserver> TestObservers() {
  Registry& r = GetRegistry();
  MutexLock lock(&r.mu);
  return r.observers;
}

}  // namespace testing
}  // namespace poolsim
