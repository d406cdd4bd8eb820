// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/pointer_check.cc
// -----------------------------------------------------------------------------
//
// Core layer: CheckPointerArgument, the NULL-argument funnel.

#include "poolsim/pointer_check.h"

#include "absl/strings/str_format.h"
#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/bugcheck_rules.h"
#include "poolsim/irql.h"

namespace poolsim {

namespace {
constexpr uint64_t kStatusAccessViolation = 0xC0000005;
}  // namespace

bool CheckPointerArgument(Environment& env, const void* pointer, const char* api,
                          const char* parameter, PointerAccess access, int skip_frames) {
  if (pointer != nullptr) return true;
  const uint64_t write = access == PointerAccess::kWrite ? 1 : 0;
  const Irql irql = CurrentIrql();
  const std::string text =
      absl::StrFormat("%s: %s is NULL; the routine %s it (Windows would fault on address 0)",
                      api, parameter, write ? "writes through" : "reads through");
  if (irql >= kDispatchLevel) {
    env.RaiseBugCheck(MakeBugCheck(bugcheck_rule::kNullArgumentAtDispatch, {0, irql, write, 0},
                                   text),
                      skip_frames + 1);
  } else {
    env.RaiseBugCheck(MakeBugCheck(bugcheck_rule::kNullArgument,
                                   {kStatusAccessViolation, 0, write, 0}, text),
                      skip_frames + 1);
  }
  return false;
}

}  // namespace poolsim
