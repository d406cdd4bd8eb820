// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/environment.cc
// -----------------------------------------------------------------------------
//
// Environment's life (construction, settings, Reset) and the ambient
// Environment. The rest of Environment is under poolsim/internal/
// (environment_impl.h lists the files); nothing there calls back into this
// file, so static links resolve in one pass. Core layer.
//
// Lock order: see poolsim/internal/environment_impl.h.

#include "poolsim/environment.h"

#include "poolsim/environment_lifetime.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "poolsim/internal/environment_impl.h"

namespace poolsim {
namespace {

using poolsim_internal::Header;
using poolsim_internal::HeaderOf;
using poolsim_internal::MutexLock;
using poolsim_internal::Shard;
using poolsim_internal::TagCounters;
using poolsim_internal::AlignmentOf;
using poolsim_internal::kFlagPaged;

std::atomic<uint64_t> next_environment_id{1};
std::atomic<Environment*> ambient{nullptr};

}  // namespace

namespace poolsim_internal {
uint64_t NextEnvironmentId() {
  return next_environment_id.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace poolsim_internal

Environment::Environment(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {
  NotifyEnvironmentCreated(*this);
}

Environment::~Environment() {
  NotifyEnvironmentDestroying(*this);
  // An Environment that is still ambient would dangle: restore the default.
  Environment* self = this;
  ambient.compare_exchange_strong(self, nullptr);
  Reset();
}

const Options& Environment::options() const { return impl_->options; }

void Environment::Reconfigure(const Options& options) {
  // The backend is fixed for the Environment's life: blocks record nothing
  // about where they came from.
  impl_->options = options;
  impl_->OptionsChanged();
}

void Environment::Reset() {
  Impl& s = *impl_;
  s.FreeAllBlocks();
  s.gate.Reset();  // the next thread to use the pool owns it
  MutexLock lock(&s.mu);
  s.bug_checks.clear();
}

namespace {

// The process-wide default, made at first use (kept out of Ambient so its
// common path stays a load and a return).
__attribute__((noinline)) Environment& Fallback() {
  static Environment* fallback = new Environment();
  return *fallback;
}

}  // namespace

Environment& Ambient() {
  Environment* env = ambient.load(std::memory_order_acquire);
  if (env != nullptr) return *env;
  return Fallback();
}

ScopedEnvironment::ScopedEnvironment(Environment* env)
    : previous_(ambient.exchange(env, std::memory_order_acq_rel)) {}

ScopedEnvironment::~ScopedEnvironment() {
  ambient.store(previous_, std::memory_order_release);
}

}  // namespace poolsim

