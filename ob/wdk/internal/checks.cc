// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ob/wdk/internal/checks.cc
// -----------------------------------------------------------------------------
//
// The argument checks of the object-manager and registry surfaces.

#include "ob/wdk/internal/checks.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "ob/bugcheck_rules.h"
#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/environment.h"

namespace ob {
namespace ob_internal {

bool IrqlAtMost(poolsim::Irql max, const void* object, const char* api) {
  const poolsim::Irql irql = poolsim::CurrentIrql();
  if (irql <= max) return true;
  poolsim::Ambient().RaiseBugCheck(
      poolsim::MakeBugCheck(bugcheck_rule::kIrqlTooHigh,
                            {reinterpret_cast<uintptr_t>(object), irql, max, 0},
                            absl::StrCat(api, " called at ", poolsim::IrqlName(irql),
                                         "; it requires IRQL <= ", poolsim::IrqlName(max))),
      2);
  return false;
}

bool NotNull(const void* pointer, const char* api, const char* parameter,
             poolsim::PointerAccess access) {
  return poolsim::CheckPointerArgument(poolsim::Ambient(), pointer, api, parameter, access, 2);
}

}  // namespace ob_internal
}  // namespace ob
