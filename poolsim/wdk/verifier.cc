// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0

#include "poolsim/wdk/verifier.h"

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "poolsim/environment.h"

namespace {

std::vector<std::string> Patterns(PCSTR text) {
  if (text == nullptr) return {};
  return absl::StrSplit(text, absl::ByAnyChar(" ,"), absl::SkipEmpty());
}

}  // namespace

extern "C" {

VOID NTAPI PoolsimVerifierSetFlags(ULONG Flags) {
  poolsim::Environment& env = poolsim::Ambient();
  poolsim::Options o = env.options();
  o.checks = Flags != 0 ? poolsim::CheckMode::kVerifier : poolsim::CheckMode::kRetail;
  o.special_pool.all = (Flags & POOLSIM_VERIFIER_SPECIAL_POOL) != 0;
  if (Flags & POOLSIM_VERIFIER_SYSTEMATIC_LOW_RESOURCES) {
    o.faults.mode = poolsim::FaultMode::kSystematic;
  } else if (Flags & POOLSIM_VERIFIER_RANDOMIZED_LOW_RESOURCES) {
    o.faults.mode = poolsim::FaultMode::kRandom;
  } else {
    o.faults.mode = poolsim::FaultMode::kOff;
  }
  env.Reconfigure(o);
}

VOID NTAPI PoolsimVerifierSetFaults(ULONG Probability, PCSTR PoolTags, ULONG WarmupCalls,
                                    ULONG Seed) {
  poolsim::Environment& env = poolsim::Ambient();
  poolsim::Options o = env.options();
  o.faults.mode = poolsim::FaultMode::kRandom;
  o.faults.probability = Probability > 10000 ? 10000 : Probability;
  o.faults.tags = Patterns(PoolTags);
  o.faults.warmup = WarmupCalls;
  o.faults.seed = Seed;
  env.Reconfigure(o);
}

VOID NTAPI PoolsimVerifierSetSpecialPool(PCSTR PoolTags, SIZE_T MinBytes, SIZE_T MaxBytes,
                                         BOOLEAN VerifyStart) {
  poolsim::Environment& env = poolsim::Ambient();
  poolsim::Options o = env.options();
  o.special_pool.tags = Patterns(PoolTags);
  o.special_pool.min_bytes = MinBytes;
  o.special_pool.max_bytes = MaxBytes;
  o.special_pool.placement = VerifyStart
                                 ? poolsim::SpecialPoolOptions::Placement::kVerifyStart
                                 : poolsim::SpecialPoolOptions::Placement::kVerifyEnd;
  env.Reconfigure(o);
}

VOID NTAPI PoolsimSetPoolBudget(POOL_TYPE PoolType, SIZE_T Bytes) {
  poolsim::Environment& env = poolsim::Ambient();
  poolsim::Options o = env.options();
  if (static_cast<ULONG>(PoolType) & 1) {
    o.paged_budget = Bytes;
  } else {
    o.nonpaged_budget = Bytes;
  }
  env.Reconfigure(o);
}

ULONG NTAPI PoolsimVerifierFaultsInjected(VOID) {
  return static_cast<ULONG>(poolsim::Ambient().Faults().faults_injected);
}

}  // extern "C"
