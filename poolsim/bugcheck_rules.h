// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/bugcheck_rules.h
// -----------------------------------------------------------------------------
//
// Catalogue table (core layer): every bug check poolsim and its WDK surface
// raise, one named row each. Code that raises names a row here:
//
//   env.RaiseBugCheck(MakeBugCheck(bugcheck_rule::kFreeDoubleRetail,
//                                  {0, tag, address}, "double free"), 1);
//
// poolsim/bugcheck_rules.cc registers the rows with the catalogue; a new row
// is added in both files (and docs/bugchecks.md is regenerated, see
// docs/bugchecks.md). This is one of the files where sub-code numbers may be
// spelled.

#ifndef POOLSIM_BUGCHECK_RULES_H_
#define POOLSIM_BUGCHECK_RULES_H_

#include "poolsim/bugcheck_codes.h"
#include "poolsim/bugcheck_rule.h"

namespace poolsim {
namespace bugcheck_rule {

inline constexpr int kP1 = 0;
inline constexpr int kP4 = 3;
inline constexpr int kNone = BugCheckRule::kNoSubcode;

// --- allocation (Environment::Allocate, ExAllocatePool*) -------------------

inline constexpr BugCheckRule kAllocateIrqlRetail{
    &stop_code::kBadPoolCaller, kP1, 0x08, "pool.allocate.irql.retail",
    {"0x08", "the current IRQL", "the pool type", "the requested size"},
    "a pool allocation at an IRQL above the pool's limit (APC_LEVEL for paged, "
    "DISPATCH_LEVEL for nonpaged pool)",
    "allocate before raising the IRQL or taking a spin lock, or use nonpaged pool",
    "ExAllocatePool2, ExAllocatePool3, ExAllocatePoolWithTag, ExAllocatePool"};
inline constexpr BugCheckRule kAllocateIrqlPagedVerifier{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0x01, "pool.allocate.irql.paged.verifier",
    {"0x01", "the current IRQL", "the pool type", "the requested size"},
    "a paged-pool allocation above APC_LEVEL (verifier checks)",
    "allocate paged pool at PASSIVE_LEVEL or APC_LEVEL only, or use nonpaged pool",
    "ExAllocatePool2, ExAllocatePool3, ExAllocatePoolWithTag, ExAllocatePool"};
inline constexpr BugCheckRule kAllocateIrqlNonPagedVerifier{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0x02,
    "pool.allocate.irql.nonpaged.verifier",
    {"0x02", "the current IRQL", "the pool type", "the requested size"},
    "a nonpaged-pool allocation above DISPATCH_LEVEL (verifier checks)",
    "do not allocate from an interrupt-level routine; allocate in advance",
    "ExAllocatePool2, ExAllocatePool3, ExAllocatePoolWithTag, ExAllocatePool"};
inline constexpr BugCheckRule kAllocateIrqlSpecialPool{
    &stop_code::kSpecialPoolDetectedMemoryCorruption, kP4, 0x30, "pool.allocate.irql.special",
    {"the current IRQL", "the pool type", "the requested size", "0x30"},
    "a special-pool allocation at an IRQL above the pool's limit",
    "allocate before raising the IRQL or taking a spin lock, or use nonpaged pool",
    "ExAllocatePool2, ExAllocatePool3, ExAllocatePoolWithTag, ExAllocatePool"};
inline constexpr BugCheckRule kAllocateMustSucceed{
    &stop_code::kBadPoolCaller, kP1, 0x9A, "pool.allocate.must_succeed",
    {"0x9A", "the pool type", "the requested size", "the pool tag"},
    "a request for must-succeed pool, which drivers may not use",
    "use an ordinary pool type and handle a failed allocation",
    "ExAllocatePoolWithTag, ExAllocatePool"};
inline constexpr BugCheckRule kAllocateTagZero{
    &stop_code::kBadPoolCaller, kP1, 0x9B, "pool.allocate.tag_zero",
    {"0x9B", "the pool type", "the requested size", "0"},
    "a legacy allocation with a pool tag of 0",
    "pass a four-character tag unique to the driver", "ExAllocatePoolWithTag"};
inline constexpr BugCheckRule kAllocateTagBig{
    &stop_code::kBadPoolCaller, kP1, 0x9C, "pool.allocate.tag_big",
    {"0x9C", "the pool type", "the requested size", "0"},
    "a legacy allocation with the reserved tag 'BIG '",
    "pass a four-character tag unique to the driver", "ExAllocatePoolWithTag"};
inline constexpr BugCheckRule kAllocateTagNotAlphanumeric{
    &stop_code::kBadPoolCaller, kP1, 0x9D, "pool.allocate.tag_not_alphanumeric",
    {"0x9D", "the pool tag", "the pool type", "0"},
    "a legacy allocation whose tag has no letter or digit",
    "pass a tag made of letters and digits (as debuggers show it)", "ExAllocatePoolWithTag"};
inline constexpr BugCheckRule kAllocateZeroBytesVerifier{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0x00, "pool.allocate.zero_bytes.verifier",
    {"0x00", "the current IRQL", "the pool type", "0"},
    "a zero-byte allocation (verifier checks)",
    "do not allocate when there is nothing to store; check the computed size",
    "ExAllocatePool2, ExAllocatePool3, ExAllocatePoolWithTag, ExAllocatePool"};

// --- free (Environment::Free, ExFreePool*) -----------------------------------

inline constexpr BugCheckRule kFreeBadAddressRetail{
    &stop_code::kBadPoolCaller, kP1, 0x46, "pool.free.bad_address.retail",
    {"0x46", "the address (0 for NULL)", "0", "0"},
    "a free of NULL or of an address no allocation returned",
    "free only pointers the pool returned, once; check for NULL before freeing",
    "ExFreePoolWithTag, ExFreePool, ExFreePool2"};
inline constexpr BugCheckRule kFreeBadAddressVerifier{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0x10, "pool.free.bad_address.verifier",
    {"0x10", "the address (0 for NULL)", "0", "0"},
    "a free of NULL or of an address no allocation returned (verifier checks)",
    "free only pointers the pool returned, once; check for NULL before freeing",
    "ExFreePoolWithTag, ExFreePool, ExFreePool2"};
inline constexpr BugCheckRule kFreeDoubleRetail{
    &stop_code::kBadPoolCaller, kP1, 0x07, "pool.free.double.retail",
    {"0x07", "0", "the block's pool tag", "the block's address"},
    "a double free: the block was already freed",
    "free each block once; set the pointer to NULL after freeing it",
    "ExFreePoolWithTag, ExFreePool, ExFreePool2"};
inline constexpr BugCheckRule kFreeDoubleVerifier{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0x13, "pool.free.double.verifier",
    {"0x13", "0", "the block's header address", "the block's pool tag"},
    "a double free: the block was already freed (verifier checks)",
    "free each block once; set the pointer to NULL after freeing it",
    "ExFreePoolWithTag, ExFreePool, ExFreePool2"};
inline constexpr BugCheckRule kFreeIrqlRetail{
    &stop_code::kBadPoolCaller, kP1, 0x09, "pool.free.irql.retail",
    {"0x09", "the current IRQL", "the pool type", "the block's address"},
    "a free at an IRQL above the pool's limit",
    "free paged pool at or below APC_LEVEL; defer the free to a work item",
    "ExFreePoolWithTag, ExFreePool, ExFreePool2"};
inline constexpr BugCheckRule kFreeIrqlPagedVerifier{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0x11, "pool.free.irql.paged.verifier",
    {"0x11", "the current IRQL", "the pool type", "the block's address"},
    "a paged-pool free above APC_LEVEL (verifier checks)",
    "free paged pool at or below APC_LEVEL; defer the free to a work item",
    "ExFreePoolWithTag, ExFreePool, ExFreePool2"};
inline constexpr BugCheckRule kFreeIrqlNonPagedVerifier{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0x12, "pool.free.irql.nonpaged.verifier",
    {"0x12", "the current IRQL", "the pool type", "the block's address"},
    "a nonpaged-pool free above DISPATCH_LEVEL (verifier checks)",
    "do not free from an interrupt-level routine; queue a DPC",
    "ExFreePoolWithTag, ExFreePool, ExFreePool2"};
inline constexpr BugCheckRule kFreeIrqlSpecialPool{
    &stop_code::kSpecialPoolDetectedMemoryCorruption, kP4, 0x31, "pool.free.irql.special",
    {"the current IRQL", "the pool type", "the block's address", "0x31"},
    "a special-pool free at an IRQL above the pool's limit",
    "free paged pool at or below APC_LEVEL; defer the free to a work item",
    "ExFreePoolWithTag, ExFreePool, ExFreePool2"};
inline constexpr BugCheckRule kFreeTagMismatch{
    &stop_code::kBadPoolCaller, kP1, 0x0A, "pool.free.tag_mismatch",
    {"0x0A", "the block's address", "the block's pool tag", "the tag passed (0: ExFreePool)"},
    "a free whose tag is not the block's, or ExFreePool of a block allocated with the "
    "protected tag bit",
    "free with the tag the block was allocated with (ExFreePoolWithTag)",
    "ExFreePoolWithTag, ExFreePool"};
inline constexpr BugCheckRule kFreeHoldsLiveObject{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0xCC, "pool.free.holds_live_object",
    {"0xCC", "the live object's address", "the block's address", "the block's size"},
    "a free of a block that still holds a live kernel object (a lookaside list)",
    "delete the object (ExDeleteLookasideListEx, ...) before freeing its memory",
    "ExFreePoolWithTag, ExFreePool, ExFreePool2"};
inline constexpr BugCheckRule kFreeSpecialPoolBefore{
    &stop_code::kSpecialPoolDetectedMemoryCorruption, kP4, 0x23, "pool.free.special.before",
    {"the block's address", "the first damaged byte's address", "the fill pattern", "0x23"},
    "special pool: the driver wrote the space before its block (found at free)",
    "fix the underrun: check indexes and pointer arithmetic before the block's start",
    "ExFreePoolWithTag, ExFreePool, ExFreePool2"};
inline constexpr BugCheckRule kFreeSpecialPoolAfter{
    &stop_code::kSpecialPoolDetectedMemoryCorruption, kP4, 0x24, "pool.free.special.after",
    {"the block's address", "the first damaged byte's address", "the fill pattern", "0x24"},
    "special pool: the driver wrote the slack after its block (found at free)",
    "fix the overrun: check sizes and string terminators against the allocation",
    "ExFreePoolWithTag, ExFreePool, ExFreePool2"};
inline constexpr BugCheckRule kFreeGuardOverrun{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0x51, "pool.free.guard_overrun",
    {"0x51", "the block's address", "the first damaged byte's address", "the block's size"},
    "the driver wrote past the end of a block (the guard bytes, found at free)",
    "fix the overrun: check sizes and string terminators against the allocation",
    "ExFreePoolWithTag, ExFreePool, ExFreePool2"};

// --- special pool page faults (reported, then the process ends) ------------

inline constexpr BugCheckRule kSpecialPoolFreedAccess{
    &stop_code::kDriverPageFaultInFreedSpecialPool, kNone, 0, "pool.special.freed_access",
    {"the address touched", "1 for a write, 0 for a read", "the faulting instruction", "0"},
    "a read or write of special pool after the block was freed",
    "fix the use after free: clear pointers when freeing, and keep references counted",
    "any access to a freed special-pool block"};
inline constexpr BugCheckRule kSpecialPoolOutOfBounds{
    &stop_code::kDriverPageFaultBeyondEndOfAllocation, kNone, 0, "pool.special.out_of_bounds",
    {"the address touched", "1 for a write, 0 for a read", "the faulting instruction", "0"},
    "a read or write past the end (or before the start) of a special-pool block",
    "fix the overrun or underrun: check sizes and indexes against the allocation",
    "any access outside a special-pool block"};

// --- unload (Environment::CheckUnload) ----------------------------------------

inline constexpr BugCheckRule kUnloadLiveObject{
    &stop_code::kDriverUnloadedWithoutCancellingPendingOperations, kNone, 0,
    "unload.live_object", {"the live object's address", "0", "0", "0"},
    "the driver is unloading with a kernel object (a lookaside list) never deleted",
    "delete every lookaside list in the unload routine", "Environment::CheckUnload"};
inline constexpr BugCheckRule kUnloadLeakedPool{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0x62, "unload.leaked_pool",
    {"0x62", "0", "0", "the number of allocations not freed"},
    "the driver is unloading with pool allocations not freed",
    "free every allocation on every path; the leak report lists each with its stack",
    "Environment::CheckUnload"};

// --- IRQL (Environment::RaiseIrql / LowerIrql, KeRaiseIrql / KeLowerIrql) ---

inline constexpr BugCheckRule kRaiseIrqlRetail{
    &stop_code::kIrqlNotGreaterOrEqual, kNone, 0, "irql.raise.retail",
    {"the current IRQL", "the requested IRQL", "0", "0"},
    "KeRaiseIrql to an IRQL below the current one (or above HIGH_LEVEL)",
    "raise only to a higher IRQL; lower with KeLowerIrql to the saved IRQL", "KeRaiseIrql"};
inline constexpr BugCheckRule kLowerIrqlRetail{
    &stop_code::kIrqlNotLessOrEqual, kNone, 0, "irql.lower.retail",
    {"the current IRQL", "the requested IRQL", "0", "0"},
    "KeLowerIrql (or a spin-lock release) to an IRQL above the current one",
    "lower only to the IRQL KeRaiseIrql or KeAcquireSpinLock returned",
    "KeLowerIrql, KeReleaseSpinLock, KeReleaseInStackQueuedSpinLock"};
inline constexpr BugCheckRule kRaiseIrqlVerifier{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0x30, "irql.raise.verifier",
    {"0x30", "the current IRQL", "the requested IRQL", "0"},
    "KeRaiseIrql to an IRQL below the current one (verifier checks)",
    "raise only to a higher IRQL; lower with KeLowerIrql to the saved IRQL", "KeRaiseIrql"};
inline constexpr BugCheckRule kLowerIrqlVerifier{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0x31, "irql.lower.verifier",
    {"0x31", "the current IRQL", "the requested IRQL", "0"},
    "KeLowerIrql (or a spin-lock release) to an IRQL above the current one (verifier checks)",
    "lower only to the IRQL KeRaiseIrql or KeAcquireSpinLock returned",
    "KeLowerIrql, KeReleaseSpinLock, KeReleaseInStackQueuedSpinLock"};

// --- spin locks (poolsim/wdk/ke_irql.cc) --------------------------------------

inline constexpr BugCheckRule kSpinLockRecursionRetail{
    &stop_code::kSpinLockAlreadyOwned, kNone, 0, "spinlock.recursion.retail",
    {"0", "0", "0", "0"}, "a thread acquired a spin lock it already holds (a deadlock)",
    "do not re-acquire a held lock; restructure so the inner call gets the lock held",
    "KeAcquireSpinLock, KeAcquireSpinLockAtDpcLevel, KeAcquireInStackQueuedSpinLock*"};
inline constexpr BugCheckRule kSpinLockRecursionVerifier{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0x1001, "spinlock.recursion.verifier",
    {"0x1001", "the lock's address", "0", "0"},
    "a thread acquired a spin lock it already holds (verifier deadlock detection)",
    "do not re-acquire a held lock; restructure so the inner call gets the lock held",
    "KeAcquireSpinLock, KeAcquireSpinLockAtDpcLevel, KeAcquireInStackQueuedSpinLock*"};
inline constexpr BugCheckRule kSpinLockNotHeldRetail{
    &stop_code::kSpinLockNotOwned, kNone, 0, "spinlock.not_held.retail", {"0", "0", "0", "0"},
    "a thread released a spin lock it does not hold (a double release?)",
    "release each lock once, on the thread that acquired it",
    "KeReleaseSpinLock, KeReleaseSpinLockFromDpcLevel, KeReleaseInStackQueuedSpinLock*"};
inline constexpr BugCheckRule kSpinLockReleaseVerifier{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0x32, "spinlock.release.verifier",
    {"0x32", "the current IRQL", "the lock's address", "0"},
    "a spin-lock release of a lock the thread does not hold, or not at DISPATCH_LEVEL",
    "release each lock once, on the thread that acquired it, without changing the IRQL "
    "in between",
    "KeReleaseSpinLock, KeReleaseSpinLockFromDpcLevel, KeReleaseInStackQueuedSpinLock*"};
inline constexpr BugCheckRule kSpinLockWaitTimedOut{
    &stop_code::kDpcWatchdogViolation, kP1, 0x1, "spinlock.acquire.timeout",
    {"0x01", "the wait in milliseconds (Windows: the watchdog period in ticks)",
     "the lock's address", "the lock word (the holder's thread ordinal, or garbage)"},
    "a spin-lock acquisition waited past the spin timeout: the lock was never initialized, "
    "or its holder never releases it (exited, or waits for this thread)",
    "initialize every spin lock with KeInitializeSpinLock before use, and release each "
    "lock on every path of the code that took it",
    "KeAcquireSpinLock, KeAcquireSpinLockAtDpcLevel, KeAcquireInStackQueuedSpinLock*"};
inline constexpr BugCheckRule kSpinLockAcquireIrql{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0x42, "spinlock.acquire.irql",
    {"0x42", "the current IRQL", "the lock's address", "0"},
    "a spin-lock acquisition above DISPATCH_LEVEL",
    "acquire spin locks at or below DISPATCH_LEVEL only",
    "KeAcquireSpinLock, KeAcquireInStackQueuedSpinLock"};
inline constexpr BugCheckRule kSpinLockAcquireAtDpcIrql{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0x40, "spinlock.acquire_at_dpc.irql",
    {"0x40", "the current IRQL", "the lock's address", "0"},
    "a ...AtDpcLevel acquisition below DISPATCH_LEVEL",
    "use KeAcquireSpinLock when the caller may run below DISPATCH_LEVEL",
    "KeAcquireSpinLockAtDpcLevel, KeAcquireInStackQueuedSpinLockAtDpcLevel"};
inline constexpr BugCheckRule kSpinLockReleaseAtDpcIrql{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0x41, "spinlock.release_at_dpc.irql",
    {"0x41", "the current IRQL", "the lock's address", "0"},
    "a ...FromDpcLevel release below DISPATCH_LEVEL",
    "pair ...FromDpcLevel releases with ...AtDpcLevel acquisitions at DISPATCH_LEVEL",
    "KeReleaseSpinLockFromDpcLevel, KeReleaseInStackQueuedSpinLockFromDpcLevel"};

// --- exceptions (poolsim/wdk/ke_irql.cc) ------------------------------------

inline constexpr BugCheckRule kRaiseStatus{
    &stop_code::kKmodeExceptionNotHandled, kNone, 0, "exception.raise_status",
    {"the NTSTATUS raised", "0", "0", "0"},
    "ExRaiseStatus: an exception no handler catches (the host has no structured exception "
    "handling)",
    "return the status instead of raising it, or use the ...2 APIs that fail rather than raise",
    "ExRaiseStatus, allocations with POOL_RAISE_IF_ALLOCATION_FAILURE"};

// --- NULL pointer arguments (poolsim/pointer_check.cc, every WDK surface) ---

inline constexpr BugCheckRule kNullArgument{
    &stop_code::kKmodeExceptionNotHandled, kNone, 0, "argument.null",
    {"0xC0000005 (STATUS_ACCESS_VIOLATION)", "0 (the faulting instruction is not simulated)",
     "0 for a read, 1 for a write", "0 (the address referenced)"},
    "a WDK routine was given a NULL pointer it dereferences (an out-parameter, an object or a "
    "structure); on Windows it faults on address 0 below DISPATCH_LEVEL. The report names the "
    "call and the parameter; the routine returns without touching anything",
    "pass a valid pointer: the address of a variable for an out-parameter, an initialized "
    "object for an object parameter",
    "every WDK routine with a required pointer parameter"};
inline constexpr BugCheckRule kNullArgumentAtDispatch{
    &stop_code::kDriverIrqlNotLessOrEqual, kNone, 0, "argument.null.dispatch",
    {"0 (the address referenced)", "the current IRQL", "0 for a read, 1 for a write",
     "0 (the faulting instruction is not simulated)"},
    "a WDK routine was given, at DISPATCH_LEVEL or above, a NULL pointer it dereferences; on "
    "Windows the page fault at that IRQL is this stop. The report names the call and the "
    "parameter; the routine returns without touching anything",
    "pass a valid pointer (the address of a variable for an out-parameter)",
    "every WDK routine with a required pointer parameter"};

// --- lookaside lists (poolsim/wdk/lookaside.cc) ---------------------------

inline constexpr BugCheckRule kLookasideIrql{
    &stop_code::kIrqlNotLessOrEqual, kNone, 0, "lookaside.irql",
    {"the list's address", "the current IRQL", "0", "0"},
    "a lookaside-list call at an IRQL above the list's pool limit",
    "use paged lists at or below APC_LEVEL, nonpaged lists at or below DISPATCH_LEVEL",
    "ExInitialize*LookasideList*, ExAllocateFrom*LookasideList*, ExFreeTo*LookasideList*"};
inline constexpr BugCheckRule kLookasideReinitialized{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0xCA, "lookaside.reinitialized",
    {"0xCA", "the list's address", "0", "0"},
    "re-initialization of a lookaside list that is still live",
    "delete the list before initializing it again",
    "ExInitializeNPagedLookasideList, ExInitializePagedLookasideList, "
    "ExInitializeLookasideListEx"};
inline constexpr BugCheckRule kLookasideNotInitialized{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0xCB, "lookaside.not_initialized",
    {"0xCB", "the list's address", "0", "0"},
    "a lookaside-list call on a list never initialized, or already deleted",
    "initialize the list first; do not use it after ExDelete*LookasideList*",
    "ExAllocateFrom*LookasideList*, ExFreeTo*LookasideList*, ExDelete*LookasideList*"};
inline constexpr BugCheckRule kLookasideEntryTooSmall{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0xCD, "lookaside.entry_too_small",
    {"0xCD", "the list's address", "the entry size asked for", "the minimum entry size"},
    "a lookaside list initialized with an entry size below the minimum",
    "use entries of at least LOOKASIDE_MINIMUM_BLOCK_SIZE bytes",
    "ExInitializeNPagedLookasideList, ExInitializePagedLookasideList, "
    "ExInitializeLookasideListEx"};
inline constexpr BugCheckRule kLookasideForeignEntry{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0x16, "lookaside.foreign_entry",
    {"0x16", "0", "the entry's address", "0"},
    "a free to a lookaside list of an entry it did not hand out (freed twice, or given to "
    "the wrong list)",
    "free each entry once, to the list it came from", "ExFreeTo*LookasideList*"};
inline constexpr BugCheckRule kLookasideEntryFreedToPool{
    &stop_code::kDriverCaughtModifyingFreedPool, kNone, 0, "lookaside.entry_freed_to_pool",
    {"the entry's address", "1 (a write)", "0 (kernel mode)", "0"},
    "a lookaside entry the driver had already freed to the pool (ExFreePool*) was given back "
    "to its list, or was still cached in it: the list's link would be written into freed "
    "memory",
    "give each entry back with ExFreeTo*LookasideList* only; never free a lookaside entry "
    "with ExFreePool*",
    "ExFreeTo*LookasideList*, ExAllocateFrom*LookasideList*, ExFlushLookasideListEx, "
    "ExDelete*LookasideList*"};

}  // namespace bugcheck_rule
}  // namespace poolsim

#endif  // POOLSIM_BUGCHECK_RULES_H_
