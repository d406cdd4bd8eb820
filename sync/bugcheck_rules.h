// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: sync/bugcheck_rules.h
// -----------------------------------------------------------------------------
//
// Catalogue table (synchronization layer): every bug check the kernel
// synchronization surface (//sync/wdk) raises, one named row each.
// sync/bugcheck_rules.cc registers them with poolsim's catalogue. This is one
// of the files where sub-code numbers may be spelled. The sub-codes are Driver
// Verifier's documented 0xC4 parameters; RESOURCE_NOT_OWNED (0xE3) and
// MAXIMUM_WAIT_OBJECTS_EXCEEDED (0xC) are retail stop codes.

#ifndef SYNC_BUGCHECK_RULES_H_
#define SYNC_BUGCHECK_RULES_H_

#include "poolsim/bugcheck_codes.h"
#include "poolsim/bugcheck_rule.h"

namespace ksync {
namespace bugcheck_rule {

using poolsim::BugCheckRule;
inline constexpr int kP1 = 0;
inline constexpr int kNone = BugCheckRule::kNoSubcode;

// --- IRQL ----------------------------------------------------------------------

inline constexpr BugCheckRule kIrqlTooHigh{
    &poolsim::stop_code::kIrqlNotLessOrEqual, kNone, 0, "sync.irql",
    {"the object's address", "the current IRQL", "the highest IRQL the call allows", "0"},
    "a resource, push-lock, critical-wait or delay call above the IRQL it allows "
    "(APC_LEVEL for acquisitions and delays, DISPATCH_LEVEL for releases)",
    "acquire executive resources and push locks at PASSIVE_LEVEL or APC_LEVEL only; "
    "never while holding a spin lock",
    "ExAcquireResource*Lite, ExAcquireShared*, ExReleaseResource*Lite, ExDeleteResourceLite, "
    "FltAcquireResource*, FltAcquirePushLock*, FltReleasePushLock*, KeDelayExecutionThread, "
    "FltCancellableWaitForSingleObject"};

// --- executive resources (sync/wdk/resource.cc) -----------------------------------

inline constexpr BugCheckRule kResourceAcquireApcsEnabled{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0x37,
    "sync.resource.acquire.apcs_enabled",
    {"0x37", "the current IRQL", "the thread's critical-region count", "the resource's address"},
    "an executive resource acquired with normal kernel APCs enabled (no critical region; "
    "verifier checks)",
    "call KeEnterCriticalRegion (or FsRtlEnterFileSystem) first, or use "
    "ExEnterCriticalRegionAndAcquireResource* / FltAcquireResource*",
    "ExAcquireResourceExclusiveLite, ExAcquireResourceSharedLite, ExAcquireShared*"};
inline constexpr BugCheckRule kResourceReleaseApcsEnabled{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0x38,
    "sync.resource.release.apcs_enabled",
    {"0x38", "the current IRQL", "the thread's critical-region count", "the resource's address"},
    "an executive resource released with normal kernel APCs enabled (the critical region was "
    "left too early; verifier checks)",
    "release the resource before KeLeaveCriticalRegion",
    "ExReleaseResourceLite, ExReleaseResourceForThreadLite"};
inline constexpr BugCheckRule kResourceNotOwned{
    &poolsim::stop_code::kResourceNotOwned, kNone, 0, "sync.resource.not_owned",
    {"the resource's address", "the releasing thread (its ordinal)", "0", "0"},
    "a release of an executive resource the thread does not own (never acquired, released "
    "twice, or released by another thread)",
    "release each acquisition once, on the thread that acquired it (or pass the owner to "
    "ExReleaseResourceForThreadLite)",
    "ExReleaseResourceLite, ExReleaseResourceForThreadLite, ExConvertExclusiveToSharedLite, "
    "FltReleaseResource, ExReleaseResourceAndLeaveCriticalRegion"};
inline constexpr BugCheckRule kResourceReinitialized{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0xD0,
    "sync.resource.reinitialized",
    {"0xD0", "the resource's address", "0", "0"},
    "ExInitializeResourceLite on a resource that is already initialized (never deleted)",
    "delete the resource with ExDeleteResourceLite before initializing it again, or use "
    "ExReinitializeResourceLite",
    "ExInitializeResourceLite"};
inline constexpr BugCheckRule kResourceDeleteUninitialized{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0xD1,
    "sync.resource.delete_uninitialized",
    {"0xD1", "the resource's address", "0", "0"},
    "ExDeleteResourceLite on a resource never initialized, or deleted twice",
    "delete each initialized resource once", "ExDeleteResourceLite"};

// --- locks in general (deadlock detection forms) -----------------------------------

inline constexpr BugCheckRule kSelfDeadlock{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0x1000, "sync.self_deadlock",
    {"0x1000", "the lock's address", "0", "0"},
    "a thread waits for a lock it holds itself: a shared owner of an executive resource "
    "acquiring it exclusively, or a re-acquisition of a fast mutex, guarded mutex or push "
    "lock (on Windows the thread hangs forever)",
    "release the shared acquisition before acquiring exclusively (and re-check the state), "
    "or restructure so the inner code is called with the lock held",
    "ExAcquireResourceExclusiveLite, FltAcquireResourceExclusive, ExAcquireFastMutex*, "
    "KeAcquireGuardedMutex*, FltAcquirePushLock*"};
inline constexpr BugCheckRule kWaitNeverSatisfied{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0x1001, "sync.wait.deadlock",
    {"0x1001", "the object's address", "the wait bound in milliseconds", "0"},
    "a wait or lock acquisition did not complete within the wait bound (wait_timeout_ms): "
    "a deadlock, a lock never released or an event never set (on Windows the thread hangs)",
    "release every lock on every path, set the event the waiter needs, and take locks in one "
    "order; raise POOLSIM_WAIT_TIMEOUT_MS if the test legitimately waits longer",
    "KeWaitForSingleObject, KeWaitForMultipleObjects, FltCancellableWaitForSingleObject, "
    "KeDelayExecutionThread, ExAcquireResource*, ExAcquireFastMutex*, KeAcquireGuardedMutex*, "
    "FltAcquirePushLock*"};
inline constexpr BugCheckRule kUninitialized{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0x1002, "sync.uninitialized",
    {"0x1002", "the object's address", "0", "0"},
    "a lock or dispatcher object used without being initialized (or after it was deleted, or "
    "a NULL object pointer)",
    "initialize it first (ExInitializeResourceLite, ExInitializeFastMutex, "
    "FltInitializePushLock, KeInitializeEvent, ...), and do not use it after deleting it",
    "ExAcquire*/ExRelease* on resources and fast mutexes, KeWaitFor*, KeSetEvent, "
    "ExReinitializeResourceLite, FltAcquirePushLock*"};
inline constexpr BugCheckRule kWrongThreadRelease{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0x1004,
    "sync.release.wrong_thread",
    {"0x1004", "the lock's address", "the owning thread (its ordinal, 0: none)",
     "the current thread (its ordinal)"},
    "a fast mutex, guarded mutex or push lock released by a thread that does not own it "
    "(or not held at all)",
    "release each lock once, on the thread that acquired it",
    "ExReleaseFastMutex*, KeReleaseGuardedMutex*, FltReleasePushLock*"};
inline constexpr BugCheckRule kDeleteOwned{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0x100B, "sync.delete.owned",
    {"0x100B", "the lock's address", "the owning thread (its ordinal)", "0"},
    "an executive resource deleted (or reinitialized) while a thread still owns it",
    "release every acquisition before ExDeleteResourceLite", "ExDeleteResourceLite, "
    "ExReinitializeResourceLite"};

// --- fast and guarded mutexes (sync/wdk/fast_mutex.cc) -----------------------------

inline constexpr BugCheckRule kFastMutexAcquireIrql{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0x33,
    "sync.fast_mutex.acquire.irql",
    {"0x33", "the current IRQL", "the mutex's address", "0"},
    "a fast or guarded mutex acquired above APC_LEVEL",
    "acquire fast mutexes at or below APC_LEVEL; never while holding a spin lock",
    "ExAcquireFastMutex, ExTryToAcquireFastMutex, KeAcquireGuardedMutex, "
    "KeTryToAcquireGuardedMutex"};
inline constexpr BugCheckRule kFastMutexReleaseIrql{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0x34,
    "sync.fast_mutex.release.irql",
    {"0x34", "the current IRQL", "the mutex's address", "0"},
    "a fast mutex released at an IRQL other than APC_LEVEL (the IRQL changed while it was held)",
    "do not lower the IRQL while holding a fast mutex; release it where it was acquired",
    "ExReleaseFastMutex"};
inline constexpr BugCheckRule kUnsafeAcquire{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0x39,
    "sync.fast_mutex.unsafe_acquire",
    {"0x39", "the current IRQL", "the thread's critical-region count", "the mutex's address"},
    "an ...Unsafe mutex acquisition above APC_LEVEL, or below it without a critical region "
    "(APCs enabled; the APC check under verifier checks only)",
    "enter a critical region (or raise to APC_LEVEL) before ExAcquireFastMutexUnsafe",
    "ExAcquireFastMutexUnsafe, KeAcquireGuardedMutexUnsafe"};
inline constexpr BugCheckRule kUnsafeRelease{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0x3A,
    "sync.fast_mutex.unsafe_release",
    {"0x3A", "the current IRQL", "the thread's critical-region count", "the mutex's address"},
    "an ...Unsafe mutex release above APC_LEVEL, or below it without a critical region "
    "(the APC check under verifier checks only)",
    "release before leaving the critical region", "ExReleaseFastMutexUnsafe, "
    "KeReleaseGuardedMutexUnsafe"};

// --- critical regions (sync/wdk/resource.cc) ---------------------------------------

inline constexpr BugCheckRule kLeaveCriticalRegionNotEntered{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0x3E,
    "sync.critical_region.not_entered",
    {"0x3E", "0", "0", "0"},
    "KeLeaveCriticalRegion (or FsRtlExitFileSystem, KeLeaveGuardedRegion) on a thread that is "
    "not in a critical region",
    "pair every leave with an earlier enter on the same thread",
    "KeLeaveCriticalRegion, FsRtlExitFileSystem, KeLeaveGuardedRegion, FltReleaseResource, "
    "ExReleaseResourceAndLeaveCriticalRegion"};
inline constexpr BugCheckRule kEnterCriticalRegionIrql{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0x11A,
    "sync.critical_region.enter.irql",
    {"0x11A", "the current IRQL", "0", "0"},
    "KeEnterCriticalRegion above APC_LEVEL",
    "enter critical regions at PASSIVE_LEVEL or APC_LEVEL only",
    "KeEnterCriticalRegion, FsRtlEnterFileSystem, KeEnterGuardedRegion"};
inline constexpr BugCheckRule kLeaveCriticalRegionIrql{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0x11B,
    "sync.critical_region.leave.irql",
    {"0x11B", "the current IRQL", "0", "0"},
    "KeLeaveCriticalRegion above APC_LEVEL",
    "leave critical regions at PASSIVE_LEVEL or APC_LEVEL only",
    "KeLeaveCriticalRegion, FsRtlExitFileSystem, KeLeaveGuardedRegion"};

// --- push locks (sync/wdk/flt_sync.cc) ----------------------------------------------

inline constexpr BugCheckRule kPushLockAcquireApcsEnabled{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0xEA,
    "sync.push_lock.acquire.apcs_enabled",
    {"0xEA", "the current IRQL", "the thread's critical-region count", "the push lock's address"},
    "a push lock acquired with APCs enabled (no critical region; verifier checks)",
    "call KeEnterCriticalRegion (or FsRtlEnterFileSystem) before FltAcquirePushLock*",
    "FltAcquirePushLockExclusive, FltAcquirePushLockShared (and the Ex forms)"};
inline constexpr BugCheckRule kPushLockReleaseApcsEnabled{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0xEB,
    "sync.push_lock.release.apcs_enabled",
    {"0xEB", "the current IRQL", "the thread's critical-region count", "the push lock's address"},
    "a push lock released with APCs enabled (the critical region was left too early; "
    "verifier checks)",
    "release the push lock before KeLeaveCriticalRegion", "FltReleasePushLock, "
    "FltReleasePushLockEx"};

// --- events and waits (sync/wdk/dispatcher.cc) --------------------------------------

inline constexpr BugCheckRule kSetEventIrql{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0x80, "sync.event.set.irql",
    {"0x80", "the current IRQL", "the event's address", "0"},
    "KeSetEvent above DISPATCH_LEVEL", "signal events at or below DISPATCH_LEVEL (queue a DPC "
    "from an interrupt routine)",
    "KeSetEvent"};
inline constexpr BugCheckRule kWaitIrql{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0x120, "sync.wait.irql",
    {"0x120", "the current IRQL (Windows: the address of the IRQL value)",
     "the (first) object's address", "the timeout's address"},
    "a wait above DISPATCH_LEVEL", "wait only at or below DISPATCH_LEVEL (with a zero timeout "
    "at DISPATCH_LEVEL)",
    "KeWaitForSingleObject, KeWaitForMultipleObjects"};
inline constexpr BugCheckRule kWaitDispatchInfinite{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0x121,
    "sync.wait.dispatch.infinite",
    {"0x121", "the current IRQL (Windows: the address of the IRQL value)",
     "the (first) object's address", "0 (the NULL timeout)"},
    "a wait at DISPATCH_LEVEL with no timeout (an infinite wait)",
    "at DISPATCH_LEVEL only poll (a zero timeout); wait at PASSIVE_LEVEL or APC_LEVEL",
    "KeWaitForSingleObject, KeWaitForMultipleObjects"};
inline constexpr BugCheckRule kWaitDispatchTimeout{
    &poolsim::stop_code::kDriverVerifierDetectedViolation, kP1, 0x122,
    "sync.wait.dispatch.timeout",
    {"0x122", "the current IRQL (Windows: the address of the IRQL value)",
     "the (first) object's address", "the timeout's address"},
    "a wait at DISPATCH_LEVEL with a non-zero timeout",
    "at DISPATCH_LEVEL only poll (a zero timeout); wait at PASSIVE_LEVEL or APC_LEVEL",
    "KeWaitForSingleObject, KeWaitForMultipleObjects"};
inline constexpr BugCheckRule kMaximumWaitObjectsExceeded{
    &poolsim::stop_code::kMaximumWaitObjectsExceeded, kNone, 0, "sync.wait.too_many_objects",
    {"the number of objects", "the most allowed (MAXIMUM_WAIT_OBJECTS, or THREAD_WAIT_OBJECTS "
     "without a wait-block array)", "0", "0"},
    "KeWaitForMultipleObjects with more than MAXIMUM_WAIT_OBJECTS objects, or more than "
    "THREAD_WAIT_OBJECTS without a WaitBlockArray",
    "pass a KWAIT_BLOCK array of Count entries when waiting for more than THREAD_WAIT_OBJECTS "
    "objects, and never more than MAXIMUM_WAIT_OBJECTS",
    "KeWaitForMultipleObjects"};

}  // namespace bugcheck_rule
}  // namespace ksync

#endif  // SYNC_BUGCHECK_RULES_H_
