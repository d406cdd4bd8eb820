// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0

#include "poolsim/irql.h"

namespace poolsim {
namespace {
thread_local Irql current_irql = kPassiveLevel;
}  // namespace

Irql CurrentIrql() { return current_irql; }

void SetCurrentIrql(Irql irql) { current_irql = irql; }

const char* IrqlName(Irql irql) {
  switch (irql) {
    case kPassiveLevel:
      return "PASSIVE_LEVEL";
    case kApcLevel:
      return "APC_LEVEL";
    case kDispatchLevel:
      return "DISPATCH_LEVEL";
    case kCmciLevel:
      return "CMCI_LEVEL";
    case kClockLevel:
      return "CLOCK_LEVEL";
    case kIpiLevel:
      return "IPI_LEVEL";
    case kHighLevel:
      return "HIGH_LEVEL";
    default:
      return irql > kHighLevel ? "INVALID_IRQL" : "DIRQL";
  }
}

}  // namespace poolsim
