// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/irql_checks.cc
// -----------------------------------------------------------------------------
//
// Environment::RaiseIrql / LowerIrql with the KeRaiseIrql / KeLowerIrql
// checks, and the spin-lock counter. Core layer, private to poolsim.

#include <utility>

#include "absl/strings/str_format.h"
#include "poolsim/environment.h"
#include "poolsim/internal/environment_impl.h"
#include "poolsim/internal/misuse_rules.h"

namespace poolsim {

// KeRaiseIrql / KeLowerIrql misuse: the checked HAL's rows, or the
// verifier's (poolsim/internal/misuse_rules.h). Raises nothing and returns
// true if the change is legal.
bool Environment::CheckIrqlChange(bool raise, Irql current, Irql new_irql, int skip_frames,
                                  const char* api) {
  const bool legal = raise ? new_irql >= current && new_irql <= kHighLevel : new_irql <= current;
  if (legal) return true;
  poolsim_internal::MisuseValues values;
  values.irql = current;
  values.new_irql = new_irql;
  RaiseBugCheck(
      poolsim_internal::MakeMisuseBugCheck(
          raise ? poolsim_internal::Misuse::kRaiseIrql : poolsim_internal::Misuse::kLowerIrql,
          impl_->options.checks, false, values,
          absl::StrFormat("%s from %s to %s: a %s may not %s the IRQL",
                          api, IrqlName(current),
                          IrqlName(new_irql), raise ? "raise" : "lower",
                          raise ? "lower" : "raise")),
      skip_frames + 1);
  return false;
}

Irql Environment::RaiseIrql(Irql new_irql, int skip_frames) {
  const Irql current = CurrentIrql();
  if (!CheckIrqlChange(true, current, new_irql, skip_frames + 1, "KeRaiseIrql")) return current;
  impl_->raise_irqls.fetch_add(1, std::memory_order_relaxed);
  SetCurrentIrql(new_irql);
  return current;
}

void Environment::LowerIrql(Irql new_irql, int skip_frames, const char* api) {
  if (!CheckIrqlChange(false, CurrentIrql(), new_irql, skip_frames + 1, api)) return;
  SetCurrentIrql(new_irql);
}

void Environment::CountSpinLockAcquire() {
  impl_->acquire_spin_locks.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace poolsim
