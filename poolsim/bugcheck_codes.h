// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/bugcheck_codes.h
// -----------------------------------------------------------------------------
//
// Catalogue table (core layer): the Windows stop codes poolsim knows by name.
// `bugcheck::k*` are the bare numbers (what EXPECT_BUGCHECK and reports
// compare against); `stop_code::k*` are the catalogue's StopCode rows that
// BugCheckName() and the rules in poolsim/bugcheck_rules.h refer to.
// This is one of the files where stop-code numbers may be spelled.

#ifndef POOLSIM_BUGCHECK_CODES_H_
#define POOLSIM_BUGCHECK_CODES_H_

#include <cstdint>

#include "poolsim/bugcheck_rule.h"

namespace poolsim {

// Stop codes poolsim and the layers above it raise.
namespace bugcheck {
inline constexpr uint32_t kIrqlNotDispatchLevel = 0x08;
inline constexpr uint32_t kIrqlNotGreaterOrEqual = 0x09;
inline constexpr uint32_t kIrqlNotLessOrEqual = 0x0A;
inline constexpr uint32_t kMaximumWaitObjectsExceeded = 0x0C;
inline constexpr uint32_t kSpinLockAlreadyOwned = 0x0F;
inline constexpr uint32_t kSpinLockNotOwned = 0x10;
inline constexpr uint32_t kBadPoolHeader = 0x19;
inline constexpr uint32_t kKmodeExceptionNotHandled = 0x1E;
inline constexpr uint32_t kMustSucceedPoolEmpty = 0x41;
inline constexpr uint32_t kSpecialPoolDetectedMemoryCorruption = 0xC1;
inline constexpr uint32_t kBadPoolCaller = 0xC2;
inline constexpr uint32_t kDriverVerifierDetectedViolation = 0xC4;
inline constexpr uint32_t kDriverCorruptedExpool = 0xC5;
inline constexpr uint32_t kDriverCaughtModifyingFreedPool = 0xC6;
inline constexpr uint32_t kTimerOrDpcInvalid = 0xC7;
inline constexpr uint32_t kDriverVerifierIomanagerViolation = 0xC9;
inline constexpr uint32_t kPageFaultInFreedSpecialPool = 0xCC;
inline constexpr uint32_t kPageFaultBeyondEndOfAllocation = 0xCD;
inline constexpr uint32_t kDriverUnloadedWithoutCancellingPendingOperations = 0xCE;
inline constexpr uint32_t kDriverIrqlNotLessOrEqual = 0xD1;
inline constexpr uint32_t kDriverPageFaultInFreedSpecialPool = 0xD5;
inline constexpr uint32_t kDriverPageFaultBeyondEndOfAllocation = 0xD6;
inline constexpr uint32_t kResourceNotOwned = 0xE3;
inline constexpr uint32_t kFltmgrFileSystem = 0xF5;
inline constexpr uint32_t kDpcWatchdogViolation = 0x133;
}  // namespace bugcheck

// The catalogue's names and meanings of those stop codes.
namespace stop_code {
inline constexpr StopCode kIrqlNotDispatchLevel{
    bugcheck::kIrqlNotDispatchLevel, "IRQL_NOT_DISPATCH_LEVEL",
    "a routine that must run at DISPATCH_LEVEL ran at another IRQL"};
inline constexpr StopCode kIrqlNotGreaterOrEqual{
    bugcheck::kIrqlNotGreaterOrEqual, "IRQL_NOT_GREATER_OR_EQUAL",
    "an IRQL raise asked for an IRQL below the current one"};
inline constexpr StopCode kIrqlNotLessOrEqual{
    bugcheck::kIrqlNotLessOrEqual, "IRQL_NOT_LESS_OR_EQUAL",
    "code touched pageable memory, or lowered the IRQL, at an IRQL that forbids it"};
inline constexpr StopCode kMaximumWaitObjectsExceeded{
    bugcheck::kMaximumWaitObjectsExceeded, "MAXIMUM_WAIT_OBJECTS_EXCEEDED",
    "a multiple-object wait named more objects than its wait blocks can hold"};
inline constexpr StopCode kSpinLockAlreadyOwned{
    bugcheck::kSpinLockAlreadyOwned, "SPIN_LOCK_ALREADY_OWNED",
    "a thread acquired a spin lock it already holds"};
inline constexpr StopCode kSpinLockNotOwned{bugcheck::kSpinLockNotOwned, "SPIN_LOCK_NOT_OWNED",
                                            "a thread released a spin lock it does not hold"};
inline constexpr StopCode kBadPoolHeader{bugcheck::kBadPoolHeader, "BAD_POOL_HEADER",
                                         "a pool block's header was found corrupted"};
inline constexpr StopCode kKmodeExceptionNotHandled{
    bugcheck::kKmodeExceptionNotHandled, "KMODE_EXCEPTION_NOT_HANDLED",
    "kernel-mode code raised an exception nothing handled"};
inline constexpr StopCode kMustSucceedPoolEmpty{
    bugcheck::kMustSucceedPoolEmpty, "MUST_SUCCEED_POOL_EMPTY",
    "a must-succeed allocation could not be satisfied"};
inline constexpr StopCode kSpecialPoolDetectedMemoryCorruption{
    bugcheck::kSpecialPoolDetectedMemoryCorruption, "SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION",
    "special pool found a block's page damaged, or was called at a bad IRQL"};
inline constexpr StopCode kBadPoolCaller{bugcheck::kBadPoolCaller, "BAD_POOL_CALLER",
                                         "a driver made a bad pool request"};
inline constexpr StopCode kDriverVerifierDetectedViolation{
    bugcheck::kDriverVerifierDetectedViolation, "DRIVER_VERIFIER_DETECTED_VIOLATION",
    "Driver Verifier caught a driver breaking a rule"};
inline constexpr StopCode kDriverCorruptedExpool{
    bugcheck::kDriverCorruptedExpool, "DRIVER_CORRUPTED_EXPOOL",
    "a driver corrupted the pool at an IRQL that was too high"};
inline constexpr StopCode kDriverCaughtModifyingFreedPool{
    bugcheck::kDriverCaughtModifyingFreedPool, "DRIVER_CAUGHT_MODIFYING_FREED_POOL",
    "a driver wrote to pool it had freed"};
inline constexpr StopCode kTimerOrDpcInvalid{
    bugcheck::kTimerOrDpcInvalid, "TIMER_OR_DPC_INVALID",
    "a timer or DPC was found in memory that was being freed"};
inline constexpr StopCode kDriverVerifierIomanagerViolation{
    bugcheck::kDriverVerifierIomanagerViolation, "DRIVER_VERIFIER_IOMANAGER_VIOLATION",
    "Driver Verifier's I/O checks caught a bad IRP or I/O request"};
inline constexpr StopCode kPageFaultInFreedSpecialPool{
    bugcheck::kPageFaultInFreedSpecialPool, "PAGE_FAULT_IN_FREED_SPECIAL_POOL",
    "the system touched special pool after it was freed"};
inline constexpr StopCode kPageFaultBeyondEndOfAllocation{
    bugcheck::kPageFaultBeyondEndOfAllocation, "PAGE_FAULT_BEYOND_END_OF_ALLOCATION",
    "the system touched memory past the end of a special-pool block"};
inline constexpr StopCode kDriverUnloadedWithoutCancellingPendingOperations{
    bugcheck::kDriverUnloadedWithoutCancellingPendingOperations,
    "DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS",
    "a driver unloaded while objects it owns were still live"};
inline constexpr StopCode kDriverIrqlNotLessOrEqual{
    bugcheck::kDriverIrqlNotLessOrEqual, "DRIVER_IRQL_NOT_LESS_OR_EQUAL",
    "a driver touched pageable memory at too high an IRQL"};
inline constexpr StopCode kDriverPageFaultInFreedSpecialPool{
    bugcheck::kDriverPageFaultInFreedSpecialPool, "DRIVER_PAGE_FAULT_IN_FREED_SPECIAL_POOL",
    "a driver touched special pool after freeing it"};
inline constexpr StopCode kDriverPageFaultBeyondEndOfAllocation{
    bugcheck::kDriverPageFaultBeyondEndOfAllocation, "DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION",
    "a driver touched memory outside a special-pool block"};
inline constexpr StopCode kResourceNotOwned{bugcheck::kResourceNotOwned, "RESOURCE_NOT_OWNED",
                                            "a thread released a resource it does not own"};
inline constexpr StopCode kFltmgrFileSystem{bugcheck::kFltmgrFileSystem, "FLTMGR_FILE_SYSTEM",
                                            "the filter manager found an unrecoverable error"};
inline constexpr StopCode kDpcWatchdogViolation{
    bugcheck::kDpcWatchdogViolation, "DPC_WATCHDOG_VIOLATION",
    "a processor stayed at DISPATCH_LEVEL or above for too long"};
}  // namespace stop_code

}  // namespace poolsim

#endif  // POOLSIM_BUGCHECK_CODES_H_
