// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/bugcheck_rules.cc
// -----------------------------------------------------------------------------
//
// Catalogue table (core layer): poolsim's stop codes and rows, in the order
// docs/bugchecks.md lists them. The catalogue registers this table itself
// on first use, so poolsim's rows are there whatever the link order.

#include <vector>

#include "poolsim/bugcheck_catalogue.h"

namespace poolsim {
namespace poolsim_internal {

namespace r = bugcheck_rule;
namespace s = stop_code;

const std::vector<const StopCode*>& PoolsimStopCodes() {
  static const auto* codes = new std::vector<const StopCode*>{
      &s::kIrqlNotDispatchLevel, &s::kIrqlNotGreaterOrEqual, &s::kIrqlNotLessOrEqual,
       &s::kMaximumWaitObjectsExceeded,
       &s::kSpinLockAlreadyOwned, &s::kSpinLockNotOwned, &s::kBadPoolHeader,
       &s::kKmodeExceptionNotHandled, &s::kMustSucceedPoolEmpty,
       &s::kSpecialPoolDetectedMemoryCorruption, &s::kBadPoolCaller,
       &s::kDriverVerifierDetectedViolation, &s::kDriverCorruptedExpool,
       &s::kDriverCaughtModifyingFreedPool, &s::kTimerOrDpcInvalid,
       &s::kDriverVerifierIomanagerViolation, &s::kPageFaultInFreedSpecialPool,
       &s::kPageFaultBeyondEndOfAllocation, &s::kDriverUnloadedWithoutCancellingPendingOperations,
       &s::kDriverIrqlNotLessOrEqual, &s::kDriverPageFaultInFreedSpecialPool,
       &s::kDriverPageFaultBeyondEndOfAllocation, &s::kResourceNotOwned, &s::kFltmgrFileSystem,
       &s::kDpcWatchdogViolation};
  return *codes;
}

const std::vector<const BugCheckRule*>& PoolsimBugCheckRules() {
  static const auto* rules = new std::vector<const BugCheckRule*>{
          // Allocation.
          &r::kAllocateIrqlRetail,
          &r::kAllocateIrqlPagedVerifier,
          &r::kAllocateIrqlNonPagedVerifier,
          &r::kAllocateIrqlSpecialPool,
          &r::kAllocateMustSucceed,
          &r::kAllocateTagZero,
          &r::kAllocateTagBig,
          &r::kAllocateTagNotAlphanumeric,
          &r::kAllocateZeroBytesVerifier,
          // Free.
          &r::kFreeBadAddressRetail,
          &r::kFreeBadAddressVerifier,
          &r::kFreeDoubleRetail,
          &r::kFreeDoubleVerifier,
          &r::kFreeIrqlRetail,
          &r::kFreeIrqlPagedVerifier,
          &r::kFreeIrqlNonPagedVerifier,
          &r::kFreeIrqlSpecialPool,
          &r::kFreeTagMismatch,
          &r::kFreeHoldsLiveObject,
          &r::kFreeSpecialPoolBefore,
          &r::kFreeSpecialPoolAfter,
          &r::kFreeGuardOverrun,
          // Special pool page faults.
          &r::kSpecialPoolFreedAccess,
          &r::kSpecialPoolOutOfBounds,
          // Unload.
          &r::kUnloadLiveObject,
          &r::kUnloadLeakedPool,
          // IRQL.
          &r::kRaiseIrqlRetail,
          &r::kLowerIrqlRetail,
          &r::kRaiseIrqlVerifier,
          &r::kLowerIrqlVerifier,
          // Spin locks.
          &r::kSpinLockRecursionRetail,
          &r::kSpinLockRecursionVerifier,
          &r::kSpinLockNotHeldRetail,
          &r::kSpinLockReleaseVerifier,
          &r::kSpinLockAcquireIrql,
          &r::kSpinLockAcquireAtDpcIrql,
          &r::kSpinLockReleaseAtDpcIrql,
          &r::kSpinLockWaitTimedOut,
          // Exceptions.
          &r::kRaiseStatus,
          // NULL pointer arguments.
          &r::kNullArgument,
          &r::kNullArgumentAtDispatch,
          // Lookaside lists.
          &r::kLookasideIrql,
          &r::kLookasideReinitialized,
          &r::kLookasideNotInitialized,
          &r::kLookasideEntryTooSmall,
          &r::kLookasideForeignEntry, &r::kLookasideEntryFreedToPool,
  };
  return *rules;
}

}  // namespace poolsim_internal
}  // namespace poolsim
