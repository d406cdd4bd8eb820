// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/environment_lifetime.cc
// -----------------------------------------------------------------------------
//
// The lifetime observer slot and the inspection records. Core layer.

#include "poolsim/environment_lifetime.h"

#include <cstdint>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "poolsim/environment.h"
#include "poolsim/internal/lock.h"

namespace poolsim {
namespace {

// The counters that change with every allocation and free.
uint64_t ChangeCount(const Environment& env) {
  const PoolCounters c = env.Counters();
  return c.allocations_succeeded + c.frees;
}

struct State {
  poolsim::poolsim_internal::Mutex mu;
  EnvironmentLifetimeObserver observer ABSL_GUARDED_BY(mu);
  // Environment -> its change count when its report was last taken.
  absl::flat_hash_map<const Environment*, uint64_t> inspected ABSL_GUARDED_BY(mu);
};

State& Shared() {
  static State* state = new State();
  return *state;
}

}  // namespace

EnvironmentLifetimeObserver SetEnvironmentLifetimeObserver(EnvironmentLifetimeObserver observer) {
  State& s = Shared();
  poolsim::poolsim_internal::MutexLock lock(&s.mu);
  std::swap(s.observer, observer);
  return observer;
}

void NotifyEnvironmentCreated(Environment& env) {
  std::function<void(Environment&)> created;
  {
    State& s = Shared();
    poolsim::poolsim_internal::MutexLock lock(&s.mu);
    created = s.observer.created;
  }
  if (created) created(env);
}

void NotifyEnvironmentDestroying(Environment& env) {
  std::function<void(Environment&)> destroying;
  {
    State& s = Shared();
    poolsim::poolsim_internal::MutexLock lock(&s.mu);
    destroying = s.observer.destroying;
  }
  if (destroying) destroying(env);
  State& s = Shared();
  poolsim::poolsim_internal::MutexLock lock(&s.mu);
  s.inspected.erase(&env);
}

void NoteEnvironmentInspected(const Environment& env) {
  const uint64_t now = ChangeCount(env);
  State& s = Shared();
  poolsim::poolsim_internal::MutexLock lock(&s.mu);
  s.inspected[&env] = now;
}

bool EnvironmentInspectedSinceLastChange(const Environment& env) {
  const uint64_t now = ChangeCount(env);
  State& s = Shared();
  poolsim::poolsim_internal::MutexLock lock(&s.mu);
  auto it = s.inspected.find(&env);
  return it != s.inspected.end() && it->second == now;
}

}  // namespace poolsim
