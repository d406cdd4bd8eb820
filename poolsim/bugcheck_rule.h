// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/bugcheck_rule.h
// -----------------------------------------------------------------------------
//
// The row types of the bug-check catalogue (poolsim/bugcheck_catalogue.h):
// a StopCode names one Windows stop code; a BugCheckRule is one misuse a
// library detects, with the stop code and sub-code it raises, what its four
// parameters mean, a one-line meaning, the usual fix and the APIs that raise
// it. Rows are `inline constexpr` objects in each layer's table header
// (poolsim's: poolsim/bugcheck_codes.h and poolsim/bugcheck_rules.h), so code
// that raises names a row instead of spelling numbers.

#ifndef POOLSIM_BUGCHECK_RULE_H_
#define POOLSIM_BUGCHECK_RULE_H_

#include <array>
#include <cstdint>

namespace poolsim {

// StopCode
//
// One Windows stop code: its number, its symbolic name and what it means.
struct StopCode {
  uint32_t code;
  const char* name;     // "BAD_POOL_CALLER"
  const char* meaning;  // one line
};

// BugCheckRule
//
// One catalogued bug check. Most rows carry their sub-code in parameter 1;
// SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION (0xC1) carries it in parameter 4,
// and some stop codes have none (kNoSubcode).
struct BugCheckRule {
  static constexpr int kNoSubcode = -1;

  const StopCode* stop;
  // The index (0..3) of the parameter that holds `subcode`, or kNoSubcode.
  int subcode_parameter;
  uint64_t subcode;
  // A stable identifier, unique in the catalogue ("pool.double_free.retail").
  const char* id;
  // What parameters 1..4 hold ("" for unused ones).
  std::array<const char*, 4> parameters;
  const char* meaning;    // one line: what went wrong
  const char* fix;        // the usual fix in the driver
  const char* raised_by;  // the API(s) that raise it

  constexpr uint32_t code() const { return stop->code; }
  constexpr bool has_subcode() const { return subcode_parameter != kNoSubcode; }
};

}  // namespace poolsim

#endif  // POOLSIM_BUGCHECK_RULE_H_
