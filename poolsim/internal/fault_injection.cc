// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/fault_injection.cc
// -----------------------------------------------------------------------------
//
// The low-resources simulation: Environment::ShouldInjectFault (random,
// systematic, listed-stack and fail-Nth modes) and its statistics. Core
// layer, private to poolsim.

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "poolsim/environment.h"
#include "poolsim/internal/environment_impl.h"
#include "poolsim/stack_trace.h"

namespace poolsim {

using poolsim_internal::MutexLock;

bool Environment::ShouldInjectFault(const char* api, PoolTag tag, StackId stack,
                                    int skip_frames) {
  Impl& s = *impl_;
  const FaultInjectionOptions& f = s.options.faults;
  if (!s.faults_enabled()) return false;
  if (!f.tags.empty() &&
      std::none_of(f.tags.begin(), f.tags.end(),
                   [&](const std::string& pattern) { return tag.Matches(pattern); })) {
    return false;
  }
  const bool systematic = f.mode == FaultMode::kSystematic ||
                          f.mode == FaultMode::kSystematicRecordOnly ||
                          f.mode == FaultMode::kListedStacks;
  if (stack == kNoStack && systematic) stack = CaptureStack(skip_frames + 1, s.options.stack_depth);
  // Exclusions need names: look them up once per new stack, outside the lock.
  bool new_stack = false;
  if (systematic) {
    MutexLock lock(&s.faults_mu);
    new_stack = !s.systematic.contains(stack);
  }
  bool excluded = false;
  if (new_stack && !f.excluded_functions.empty()) {
    for (const SymbolizedFrame& frame : Symbolize(stack)) {
      for (const std::string& pattern : f.excluded_functions) {
        if (!frame.function.empty() && PoolTag::GlobMatch(pattern, frame.function)) excluded = true;
      }
    }
  }

  MutexLock lock(&s.faults_mu);
  const uint64_t call = ++s.injectable_calls;
  bool fail = false;
  if (f.fail_nth != 0) {
    fail = call == f.fail_nth;
  } else if (call > f.warmup) {
    switch (f.mode) {
      case FaultMode::kOff:
        break;
      case FaultMode::kRandom: {
        // splitmix64 of (seed, call): reproducible for a given call order.
        uint64_t z = f.seed + call * 0x9E3779B97F4A7C15ull;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        fail = z % 10000 < f.probability;
        break;
      }
      case FaultMode::kSystematic:
      case FaultMode::kSystematicRecordOnly: {
        auto [it, inserted] = s.systematic.try_emplace(stack, excluded);
        if (inserted) s.systematic_order.push_back(stack);
        fail = inserted && !it->second && f.mode == FaultMode::kSystematic;
        break;
      }
      case FaultMode::kListedStacks: {
        auto [it, inserted] = s.systematic.try_emplace(stack, excluded);
        if (inserted) s.systematic_order.push_back(stack);
        fail = inserted && std::find(f.fail_stacks.begin(), f.fail_stacks.end(), stack) !=
                               f.fail_stacks.end();
        break;
      }
    }
  }
  if (!fail) return false;
  ++s.faults_injected;
  s.recent_faults.push_back(FaultStatistics::Fault{api, tag, stack, call});
  if (s.recent_faults.size() > 16) s.recent_faults.pop_front();
  return true;
}

FaultStatistics Environment::Faults() const {
  MutexLock lock(&impl_->faults_mu);
  FaultStatistics out;
  out.injectable_calls = impl_->injectable_calls;
  out.faults_injected = impl_->faults_injected;
  out.recent.assign(impl_->recent_faults.begin(), impl_->recent_faults.end());
  out.systematic_stacks = impl_->systematic_order;
  return out;
}

}  // namespace poolsim
