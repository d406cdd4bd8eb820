// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/internal/bugchecks.cc
// -----------------------------------------------------------------------------
//
// The WDK surface's bug-check funnel (compat layer).

#include "fltctx/wdk/internal/bugchecks.h"

#include <utility>

#include "poolsim/bugcheck.h"

namespace fltctx {
namespace fltctx_internal {

void RaiseWdkVerifierViolation(FilterManager& manager, uint64_t subcode, uint64_t p2, uint64_t p3,
                               uint64_t p4, std::string description) {
  poolsim::BugCheck b;
  b.code = poolsim::bugcheck::kDriverVerifierDetectedViolation;
  b.parameters = {subcode, p2, p3, p4};
  b.description = std::move(description);
  manager.environment().RaiseBugCheck(std::move(b), 0);
}

}  // namespace fltctx_internal
}  // namespace fltctx
