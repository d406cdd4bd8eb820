// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/environment_lifetime.h
// -----------------------------------------------------------------------------
//
// Core layer: who watches Environments come and go, so that no Environment
// can leak silently. The leak-check listener (//:leak_check_main) observes
// every Environment a test creates: one destroyed with blocks or objects
// still outstanding that nobody inspected (BuildLeakReport) since they
// changed, or one still alive when the test ends, fails the test.

#ifndef POOLSIM_ENVIRONMENT_LIFETIME_H_
#define POOLSIM_ENVIRONMENT_LIFETIME_H_

#include <functional>

namespace poolsim {

class Environment;

// EnvironmentLifetimeObserver
struct EnvironmentLifetimeObserver {
  // At the end of every Environment's construction.
  std::function<void(Environment&)> created;
  // At the start of every Environment's destruction (still fully usable).
  std::function<void(Environment&)> destroying;
};

// Installs `observer` (empty members: none) and returns the previous one.
// Thread-safe.
EnvironmentLifetimeObserver SetEnvironmentLifetimeObserver(EnvironmentLifetimeObserver observer);

// Called by Environment's constructor and destructor.
void NotifyEnvironmentCreated(Environment& env);
void NotifyEnvironmentDestroying(Environment& env);

// Records that `env`'s report was taken now (BuildLeakReport does this).
void NoteEnvironmentInspected(const Environment& env);

// Returns true if `env`'s report was taken after its last allocation and
// its last free.
bool EnvironmentInspectedSinceLastChange(const Environment& env);

}  // namespace poolsim

#endif  // POOLSIM_ENVIRONMENT_LIFETIME_H_
