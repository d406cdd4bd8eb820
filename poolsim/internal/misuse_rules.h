// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/misuse_rules.h
// -----------------------------------------------------------------------------
//
// The retail / verifier / special-pool choice, as a table: for each misuse
// the pool, IRQL and spin-lock code detect, the catalogue row each check mode
// raises and which values fill the row's parameters. Allocate, Free, the IRQL
// checks and the Ke spin locks look their bug check up here instead of
// choosing codes in an if-ladder. Private to poolsim (core layer).

#ifndef POOLSIM_INTERNAL_MISUSE_RULES_H_
#define POOLSIM_INTERNAL_MISUSE_RULES_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/environment.h"

namespace poolsim {
namespace poolsim_internal {

// Misuse
//
// What the driver did wrong, independent of the check mode.
enum class Misuse : uint8_t {
  kAllocateIrqlPaged,     // paged allocation above APC_LEVEL
  kAllocateIrqlNonPaged,  // nonpaged allocation above DISPATCH_LEVEL
  kAllocateZeroBytes,     // zero-byte allocation
  kFreeBadAddress,        // free of NULL or of an address no allocation returned
  kFreeDouble,            // free of a block already freed
  kFreeIrqlPaged,         // paged free above APC_LEVEL
  kFreeIrqlNonPaged,      // nonpaged free above DISPATCH_LEVEL
  kRaiseIrql,             // KeRaiseIrql to a lower IRQL
  kLowerIrql,             // KeLowerIrql to a higher IRQL
  kSpinLockRecursion,     // acquiring a spin lock the thread holds
  kSpinLockNotHeld,       // releasing a spin lock the thread does not hold
};

// The values a misuse's parameters are taken from.
enum class MisuseArg : uint8_t {
  kZero,
  kIrql,           // the current IRQL
  kNewIrql,        // the IRQL asked for
  kPoolType,
  kBytes,
  kAddress,        // the block's (or lock's) address
  kHeaderAddress,  // the block's header address
  kTag,
};

struct MisuseValues {
  uint64_t irql = 0;
  uint64_t new_irql = 0;
  uint64_t pool_type = 0;
  uint64_t bytes = 0;
  uint64_t address = 0;
  uint64_t header_address = 0;
  uint64_t tag = 0;
};

// One mode's answer: the row (null: no bug check in this mode) and the
// values of its parameters besides the sub-code.
struct MisuseChoice {
  const BugCheckRule* rule;
  std::array<MisuseArg, 3> args;
};

struct MisuseRow {
  Misuse misuse;
  MisuseChoice retail;
  MisuseChoice verifier;
  // The block is in special pool: this row wins over the mode's (null: the
  // mode's row).
  MisuseChoice special;
};

namespace misuse_table {
namespace r = bugcheck_rule;
using A = MisuseArg;
inline constexpr MisuseChoice kNoBugCheck{nullptr, {A::kZero, A::kZero, A::kZero}};
inline constexpr MisuseRow kRows[] = {
    {Misuse::kAllocateIrqlPaged,
     {&r::kAllocateIrqlRetail, {A::kIrql, A::kPoolType, A::kBytes}},
     {&r::kAllocateIrqlPagedVerifier, {A::kIrql, A::kPoolType, A::kBytes}},
     {&r::kAllocateIrqlSpecialPool, {A::kIrql, A::kPoolType, A::kBytes}}},
    {Misuse::kAllocateIrqlNonPaged,
     {&r::kAllocateIrqlRetail, {A::kIrql, A::kPoolType, A::kBytes}},
     {&r::kAllocateIrqlNonPagedVerifier, {A::kIrql, A::kPoolType, A::kBytes}},
     {&r::kAllocateIrqlSpecialPool, {A::kIrql, A::kPoolType, A::kBytes}}},
    {Misuse::kAllocateZeroBytes,
     kNoBugCheck,  // the retail pool hands out a minimum-size block
     {&r::kAllocateZeroBytesVerifier, {A::kIrql, A::kPoolType, A::kZero}},
     kNoBugCheck},
    {Misuse::kFreeBadAddress,
     {&r::kFreeBadAddressRetail, {A::kAddress, A::kZero, A::kZero}},
     {&r::kFreeBadAddressVerifier, {A::kAddress, A::kZero, A::kZero}},
     kNoBugCheck},
    {Misuse::kFreeDouble,
     {&r::kFreeDoubleRetail, {A::kZero, A::kTag, A::kAddress}},
     {&r::kFreeDoubleVerifier, {A::kZero, A::kHeaderAddress, A::kTag}},
     kNoBugCheck},
    {Misuse::kFreeIrqlPaged,
     {&r::kFreeIrqlRetail, {A::kIrql, A::kPoolType, A::kAddress}},
     {&r::kFreeIrqlPagedVerifier, {A::kIrql, A::kPoolType, A::kAddress}},
     {&r::kFreeIrqlSpecialPool, {A::kIrql, A::kPoolType, A::kAddress}}},
    {Misuse::kFreeIrqlNonPaged,
     {&r::kFreeIrqlRetail, {A::kIrql, A::kPoolType, A::kAddress}},
     {&r::kFreeIrqlNonPagedVerifier, {A::kIrql, A::kPoolType, A::kAddress}},
     {&r::kFreeIrqlSpecialPool, {A::kIrql, A::kPoolType, A::kAddress}}},
    {Misuse::kRaiseIrql,
     {&r::kRaiseIrqlRetail, {A::kIrql, A::kNewIrql, A::kZero}},
     {&r::kRaiseIrqlVerifier, {A::kIrql, A::kNewIrql, A::kZero}},
     kNoBugCheck},
    {Misuse::kLowerIrql,
     {&r::kLowerIrqlRetail, {A::kIrql, A::kNewIrql, A::kZero}},
     {&r::kLowerIrqlVerifier, {A::kIrql, A::kNewIrql, A::kZero}},
     kNoBugCheck},
    {Misuse::kSpinLockRecursion,
     {&r::kSpinLockRecursionRetail, {A::kZero, A::kZero, A::kZero}},
     {&r::kSpinLockRecursionVerifier, {A::kAddress, A::kZero, A::kZero}},
     kNoBugCheck},
    {Misuse::kSpinLockNotHeld,
     {&r::kSpinLockNotHeldRetail, {A::kZero, A::kZero, A::kZero}},
     {&r::kSpinLockReleaseVerifier, {A::kIrql, A::kAddress, A::kZero}},
     kNoBugCheck},
};

constexpr bool RowsInEnumOrder() {
  for (size_t i = 0; i < sizeof(kRows) / sizeof(kRows[0]); ++i) {
    if (static_cast<size_t>(kRows[i].misuse) != i) return false;
  }
  return true;
}
static_assert(RowsInEnumOrder(), "kRows must list the misuses in enum order");
}  // namespace misuse_table

// Returns the choice for `misuse` under `mode`, the special-pool row first
// when `special`.
inline const MisuseChoice& ChooseMisuseRule(Misuse misuse, CheckMode mode, bool special) {
  const MisuseRow& row = misuse_table::kRows[static_cast<size_t>(misuse)];
  if (special && row.special.rule != nullptr) return row.special;
  return mode == CheckMode::kVerifier ? row.verifier : row.retail;
}

// Returns true if and only if `misuse` raises a bug check under `mode`.
inline bool MisuseRaises(Misuse misuse, CheckMode mode, bool special) {
  return ChooseMisuseRule(misuse, mode, special).rule != nullptr;
}

// Builds the bug check `misuse` raises under `mode` (which must raise one).
inline BugCheck MakeMisuseBugCheck(Misuse misuse, CheckMode mode, bool special,
                                   const MisuseValues& v, std::string description) {
  const MisuseChoice& choice = ChooseMisuseRule(misuse, mode, special);
  auto value = [&](MisuseArg a) -> uint64_t {
    switch (a) {
      case MisuseArg::kZero: return 0;
      case MisuseArg::kIrql: return v.irql;
      case MisuseArg::kNewIrql: return v.new_irql;
      case MisuseArg::kPoolType: return v.pool_type;
      case MisuseArg::kBytes: return v.bytes;
      case MisuseArg::kAddress: return v.address;
      case MisuseArg::kHeaderAddress: return v.header_address;
      case MisuseArg::kTag: return v.tag;
    }
    return 0;
  };
  return MakeBugCheck(*choice.rule,
                      {value(choice.args[0]), value(choice.args[1]), value(choice.args[2])},
                      std::move(description));
}

}  // namespace poolsim_internal
}  // namespace poolsim

#endif  // POOLSIM_INTERNAL_MISUSE_RULES_H_
