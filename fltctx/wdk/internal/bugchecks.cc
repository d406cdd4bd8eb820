// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/internal/bugchecks.cc
// -----------------------------------------------------------------------------
//
// The WDK surface's bug checks, each raising its catalogue row (compat
// layer).

#include "fltctx/wdk/internal/bugchecks.h"

#include <cstdint>
#include <utility>

#include "fltctx/bugcheck_rules.h"
#include "poolsim/bugcheck_catalogue.h"

namespace fltctx {
namespace fltctx_internal {

void RaiseCompleteNotPended(FilterManager& manager, const void* callback_data, uint64_t status,
                            uint64_t major, std::string description) {
  manager.environment().RaiseBugCheck(
      poolsim::MakeBugCheck(bugcheck_rule::kCompleteNotPended,
                            {reinterpret_cast<uintptr_t>(callback_data), status, major},
                            std::move(description)),
      0);
}

}  // namespace fltctx_internal
}  // namespace fltctx
