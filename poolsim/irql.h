// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/irql.h
// -----------------------------------------------------------------------------
//
// The simulated interrupt request level (IRQL). Each host thread stands for
// one processor and carries its own IRQL, starting at PASSIVE_LEVEL. Every
// pool and context call is checked against the calling thread's IRQL.
//
// Checks are about call legality at the declared level, not about timing:
// raising the IRQL does not stop the host scheduler from preempting a thread.
//
//   poolsim::ScopedIrql dpc(poolsim::kDispatchLevel);  // code below "runs in a DPC"

#ifndef POOLSIM_IRQL_H_
#define POOLSIM_IRQL_H_

#include <cstdint>

namespace poolsim {

using Irql = uint8_t;

// The x64 levels.
inline constexpr Irql kPassiveLevel = 0;
inline constexpr Irql kApcLevel = 1;
inline constexpr Irql kDispatchLevel = 2;
inline constexpr Irql kCmciLevel = 5;
inline constexpr Irql kClockLevel = 13;
inline constexpr Irql kIpiLevel = 14;
inline constexpr Irql kPowerLevel = 14;
inline constexpr Irql kProfileLevel = 15;
inline constexpr Irql kHighLevel = 15;

// CurrentIrql()
//
// Returns the calling thread's simulated IRQL. Never fails.
Irql CurrentIrql();

// SetCurrentIrql()
//
// Sets the calling thread's IRQL without any check. The WDK layer uses this
// after it has validated a KeRaiseIrql/KeLowerIrql call; tests use ScopedIrql.
void SetCurrentIrql(Irql irql);

// IrqlName()
//
// Returns "PASSIVE_LEVEL", "APC_LEVEL", "DISPATCH_LEVEL", ... or "DIRQL" for
// device levels.
const char* IrqlName(Irql irql);

// ScopedIrql
//
// Sets the calling thread's IRQL for the object's lifetime and restores the
// previous level on destruction. For test code that simulates a DPC or an APC
// context; driver code uses KeRaiseIrql / KeLowerIrql.
//
// Thread-compatible (it changes only the calling thread's state).
class ScopedIrql {
 public:
  explicit ScopedIrql(Irql irql) : previous_(CurrentIrql()) {
    SetCurrentIrql(irql);
  }
  ~ScopedIrql() { SetCurrentIrql(previous_); }
  ScopedIrql(const ScopedIrql&) = delete;
  ScopedIrql& operator=(const ScopedIrql&) = delete;

 private:
  const Irql previous_;
};

}  // namespace poolsim

#endif  // POOLSIM_IRQL_H_
