// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/options_from_env.cc
// -----------------------------------------------------------------------------
//
// Options::FromEnv: the POOLSIM_* environment variables (docs/poolsim.md lists
// them). Core layer, private to poolsim.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "poolsim/environment.h"

namespace poolsim {
namespace {

bool EnvFlag(const char* name, bool fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  const std::string s = absl::AsciiStrToLower(v);
  return !(s == "0" || s == "false" || s == "no" || s == "off");
}

}  // namespace

Options Options::FromEnv() {
  Options o;
  if (const char* v = std::getenv("POOLSIM_CHECKS")) {
    if (absl::AsciiStrToLower(v) == "verifier") o.checks = CheckMode::kVerifier;
  }
  if (const char* v = std::getenv("POOLSIM_BACKEND")) {
    const std::string s = absl::AsciiStrToLower(v);
    if (s == "system") o.backend = Backend::kSystem;
    if (s == "mimalloc") o.backend = Backend::kMimalloc;
  }
  o.capture_stacks = EnvFlag("POOLSIM_STACKS", o.capture_stacks);
  if (const char* v = std::getenv("POOLSIM_STACK_DEPTH")) {
    int depth;
    if (absl::SimpleAtoi(v, &depth) && depth > 0) o.stack_depth = std::min(depth, kMaxStackDepth);
  }
  o.full_free_stacks = EnvFlag("POOLSIM_FULL_FREE_STACKS", o.full_free_stacks);
  o.poison_on_free = EnvFlag("POOLSIM_POISON_FREED", o.poison_on_free);
  auto size_var = [](const char* name, size_t* out) {
    if (const char* v = std::getenv(name)) {
      uint64_t n;
      if (absl::SimpleAtoi(v, &n)) *out = static_cast<size_t>(n);
    }
  };
  size_var("POOLSIM_PAGED_BUDGET", &o.paged_budget);
  size_var("POOLSIM_NONPAGED_BUDGET", &o.nonpaged_budget);
  size_var("POOLSIM_HOST_LIMIT", &o.host_limit);
  if (const char* v = std::getenv("POOLSIM_FAULTS")) {
    const std::string mode = absl::AsciiStrToLower(v);
    if (mode == "random") o.faults.mode = FaultMode::kRandom;
    if (mode == "systematic") o.faults.mode = FaultMode::kSystematic;
    if (mode == "systematic-record") o.faults.mode = FaultMode::kSystematicRecordOnly;
  }
  if (const char* v = std::getenv("POOLSIM_FAULT_PROBABILITY")) {
    uint32_t n;
    if (absl::SimpleAtoi(v, &n) && n <= 10000) o.faults.probability = n;
  }
  if (const char* v = std::getenv("POOLSIM_FAULT_SEED")) {
    uint64_t n;
    if (absl::SimpleAtoi(v, &n)) o.faults.seed = n;
  }
  if (const char* v = std::getenv("POOLSIM_FAULT_WARMUP")) {
    uint64_t n;
    if (absl::SimpleAtoi(v, &n)) o.faults.warmup = n;
  }
  if (const char* v = std::getenv("POOLSIM_FAULT_TAGS")) {
    o.faults.tags = absl::StrSplit(v, absl::ByAnyChar(" ,"), absl::SkipEmpty());
  }
  if (const char* v = std::getenv("POOLSIM_FAULT_EXCLUDE")) {
    o.faults.excluded_functions = absl::StrSplit(v, absl::ByAnyChar(" ,"), absl::SkipEmpty());
  }
  if (const char* v = std::getenv("POOLSIM_SPECIAL_POOL")) {
    // "all", "tag:Ab*,Cd??" or "size:MIN-MAX".
    absl::string_view spec(v);
    if (spec == "all") {
      o.special_pool.all = true;
    } else if (absl::ConsumePrefix(&spec, "tag:")) {
      o.special_pool.tags = absl::StrSplit(spec, absl::ByAnyChar(" ,"), absl::SkipEmpty());
    } else if (absl::ConsumePrefix(&spec, "size:")) {
      std::pair<std::string, std::string> range = absl::StrSplit(spec, '-');
      uint64_t lo = 0, hi = 0;
      if (absl::SimpleAtoi(range.first, &lo) && absl::SimpleAtoi(range.second, &hi)) {
        o.special_pool.min_bytes = lo;
        o.special_pool.max_bytes = hi;
      }
    }
  }
  if (const char* v = std::getenv("POOLSIM_SPECIAL_POOL_PLACEMENT")) {
    if (absl::AsciiStrToLower(v) == "start") {
      o.special_pool.placement = SpecialPoolOptions::Placement::kVerifyStart;
    }
  }
  if (const char* v = std::getenv("POOLSIM_GUARD_BYTES")) {
    uint64_t n;
    if (absl::SimpleAtoi(v, &n)) o.guard_bytes = static_cast<size_t>(n);
  }
  if (const char* v = std::getenv("POOLSIM_SPIN_TIMEOUT_MS")) {
    uint32_t n;
    if (absl::SimpleAtoi(v, &n)) o.spin_timeout_ms = n;
  }
  if (const char* v = std::getenv("POOLSIM_WAIT_TIMEOUT_MS")) {
    uint32_t n;
    if (absl::SimpleAtoi(v, &n)) o.wait_timeout_ms = n;
  }
  if (const char* v = std::getenv("POOLSIM_LOOKASIDE_DEPTH")) {
    int n;
    if (absl::SimpleAtoi(v, &n) && n >= 0) o.lookaside_depth = n;
  }
  if (const char* v = std::getenv("POOLSIM_DRIVER_NAME")) {
    if (*v != '\0') o.driver_name = v;
  }
  return o;
}

}  // namespace poolsim
