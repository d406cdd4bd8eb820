// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: sync/internal/raise.cc
// -----------------------------------------------------------------------------
//
// The synchronization layer's bug-check funnel and shared checks.

#include "sync/internal/raise.h"

#include <utility>

#include "absl/strings/str_format.h"
#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/environment.h"
#include "sync/bugcheck_rules.h"

namespace ksync {
namespace sync_internal {

void Raise(const poolsim::BugCheckRule& rule, std::initializer_list<uint64_t> parameters,
           std::string text, int skip) {
  poolsim::Ambient().RaiseBugCheck(poolsim::MakeBugCheck(rule, parameters, std::move(text)),
                                   skip + 1);
}

bool VerifierChecks() {
  return poolsim::Ambient().options().checks == poolsim::CheckMode::kVerifier;
}

bool IrqlAtMost(poolsim::Irql max, const void* object, const char* api, int skip) {
  const poolsim::Irql irql = poolsim::CurrentIrql();
  if (irql <= max) return true;
  Raise(bugcheck_rule::kIrqlTooHigh, {Address(object), irql, max},
        absl::StrFormat("%s at %s; the limit is %s", api, poolsim::IrqlName(irql),
                        poolsim::IrqlName(max)),
        skip + 1);
  return false;
}

bool NotNull(const void* object, const char* what, const char* api, int skip,
             poolsim::PointerAccess access) {
  return poolsim::CheckPointerArgument(poolsim::Ambient(), object, api, what, access, skip + 1);
}

bool Initialized(bool tracked, const void* object, const char* what, const char* api,
                 int skip) {
  if (tracked) return true;
  Raise(bugcheck_rule::kUninitialized, {Address(object)},
        absl::StrFormat("%s on %s that is not initialized (never initialized, or deleted)", api,
                        what),
        skip + 1);
  return false;
}

}  // namespace sync_internal
}  // namespace ksync
