// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: sync/wdk/flt_sync.cc
// -----------------------------------------------------------------------------
//
// Push locks over the core's reader/writer lock state, the Flt resource
// helpers and FltCancellableWaitForSingleObject.

#include "sync/wdk/flt_sync.h"

#include "absl/base/attributes.h"
#include "absl/strings/str_format.h"
#include "poolsim/environment.h"
#include "poolsim/irql.h"
#include "sync/bugcheck_rules.h"
#include "sync/internal/raise.h"
#include "sync/rw_lock.h"
#include "sync/thread_state.h"
#include "sync/wdk/dispatcher.h"

namespace {

namespace r = ksync::bugcheck_rule;
using ksync::sync_internal::Address;
using ksync::sync_internal::IrqlAtMost;
using ksync::sync_internal::NotNull;
using ksync::sync_internal::Raise;

constexpr int kSkip = 1;

uint64_t Regions() {
  const ksync::ThreadState& s = ksync::CurrentThreadState();
  return static_cast<uint64_t>(s.critical_regions + s.guarded_regions);
}

ABSL_ATTRIBUTE_NOINLINE void AcquirePush(PEX_PUSH_LOCK lock, bool exclusive, const char* api) {
  if (!NotNull(lock, "push lock", api, kSkip)) return;
  if (!IrqlAtMost(poolsim::kApcLevel, lock, api, kSkip)) return;
  if (ksync::sync_internal::VerifierChecks() && !ksync::NormalApcsDisabled()) {
    Raise(r::kPushLockAcquireApcsEnabled, {poolsim::CurrentIrql(), Regions(), Address(lock)},
          absl::StrFormat("%s outside a critical region: APCs are enabled (call "
                          "KeEnterCriticalRegion first)",
                          api),
          kSkip);
  }
  switch (ksync::AcquireRwLock(lock, ksync::LockKind::kPushLock,
                               exclusive ? ksync::AcquireMode::kExclusive
                                         : ksync::AcquireMode::kShared,
                               true)) {
    case ksync::AcquireOutcome::kAcquired:
    case ksync::AcquireOutcome::kUnavailable:
      return;
    case ksync::AcquireOutcome::kNotInitialized:
      Raise(r::kUninitialized, {Address(lock)},
            absl::StrFormat("%s on a push lock never initialized with FltInitializePushLock "
                            "(or deleted)",
                            api),
            kSkip);
      return;
    case ksync::AcquireOutcome::kSelfDeadlock:
      Raise(r::kSelfDeadlock, {Address(lock)},
            absl::StrFormat("%s on a push lock this thread already holds (push locks are not "
                            "recursive): the thread would wait for itself forever",
                            api),
            kSkip);
      return;
    case ksync::AcquireOutcome::kBoundExpired: {
      const uint32_t bound = poolsim::Ambient().options().wait_timeout_ms;
      Raise(r::kWaitNeverSatisfied, {Address(lock), bound},
            absl::StrFormat("%s waited %u ms for a push lock another thread holds; returned "
                            "without it",
                            api, bound),
            kSkip);
      return;
    }
  }
}

ABSL_ATTRIBUTE_NOINLINE void ReleasePush(PEX_PUSH_LOCK lock, const char* api) {
  if (!NotNull(lock, "push lock", api, kSkip)) return;
  if (!IrqlAtMost(poolsim::kApcLevel, lock, api, kSkip)) return;
  if (ksync::sync_internal::VerifierChecks() && !ksync::NormalApcsDisabled()) {
    Raise(r::kPushLockReleaseApcsEnabled, {poolsim::CurrentIrql(), Regions(), Address(lock)},
          absl::StrFormat("%s outside a critical region: APCs are enabled", api), kSkip);
  }
  const uint32_t self = ksync::Self();
  switch (ksync::ReleaseRwLock(lock, ksync::LockKind::kPushLock, self)) {
    case ksync::ReleaseOutcome::kReleased:
      return;
    case ksync::ReleaseOutcome::kNotOwned:
      Raise(r::kWrongThreadRelease, {Address(lock), 0, self},
            absl::StrFormat("%s by thread %u, which does not hold the push lock", api, self),
            kSkip);
      return;
    case ksync::ReleaseOutcome::kNotInitialized:
      Raise(r::kUninitialized, {Address(lock)},
            absl::StrFormat("%s on a push lock never initialized (or deleted)", api), kSkip);
      return;
  }
}

// FltAcquireResource*: the arguments are checked before the critical region
// is entered, and a failed acquisition leaves it again.
ABSL_ATTRIBUTE_NOINLINE void AcquireResourceInRegion(PERESOURCE resource, bool exclusive,
                                                     const char* api) {
  if (!NotNull(resource, "resource", api, kSkip)) return;
  if (!IrqlAtMost(poolsim::kApcLevel, resource, api, kSkip)) return;
  if (!ksync::IsTracked(resource, ksync::LockKind::kResource)) {
    Raise(r::kUninitialized, {Address(resource)},
          absl::StrFormat("%s on a resource never initialized with ExInitializeResourceLite (or "
                          "deleted)",
                          api),
          kSkip);
    return;
  }
  KeEnterCriticalRegion();
  const BOOLEAN acquired = exclusive ? ExAcquireResourceExclusiveLite(resource, TRUE)
                                     : ExAcquireResourceSharedLite(resource, TRUE);
  if (!acquired) KeLeaveCriticalRegion();
}

}  // namespace

extern "C" {

VOID NTAPI FltInitializePushLock(PEX_PUSH_LOCK PushLock) {
  if (!NotNull(PushLock, "push lock", "FltInitializePushLock", 0)) return;
  ksync::InitializeRwLock(PushLock, ksync::LockKind::kPushLock);
  *PushLock = 0;
}

VOID NTAPI FltDeletePushLock(PEX_PUSH_LOCK PushLock) {
  if (!NotNull(PushLock, "push lock", "FltDeletePushLock", 0)) return;
  uint32_t owner = 0;
  if (ksync::DeleteRwLock(PushLock, ksync::LockKind::kPushLock, &owner) ==
      ksync::DeleteOutcome::kOwned) {
    Raise(r::kDeleteOwned, {Address(PushLock), owner},
          absl::StrFormat("FltDeletePushLock on a push lock thread %u still holds", owner), 0);
  }
}

VOID NTAPI FltAcquirePushLockExclusive(PEX_PUSH_LOCK PushLock) {
  AcquirePush(PushLock, true, "FltAcquirePushLockExclusive");
}
VOID NTAPI FltAcquirePushLockShared(PEX_PUSH_LOCK PushLock) {
  AcquirePush(PushLock, false, "FltAcquirePushLockShared");
}
VOID NTAPI FltReleasePushLock(PEX_PUSH_LOCK PushLock) {
  ReleasePush(PushLock, "FltReleasePushLock");
}
VOID NTAPI FltAcquirePushLockExclusiveEx(PEX_PUSH_LOCK PushLock, ULONG Flags) {
  (void)Flags;
  AcquirePush(PushLock, true, "FltAcquirePushLockExclusiveEx");
}
VOID NTAPI FltAcquirePushLockSharedEx(PEX_PUSH_LOCK PushLock, ULONG Flags) {
  (void)Flags;
  AcquirePush(PushLock, false, "FltAcquirePushLockSharedEx");
}
VOID NTAPI FltReleasePushLockEx(PEX_PUSH_LOCK PushLock, ULONG Flags) {
  (void)Flags;
  ReleasePush(PushLock, "FltReleasePushLockEx");
}

VOID NTAPI FltAcquireResourceExclusive(PERESOURCE Resource) {
  AcquireResourceInRegion(Resource, true, "FltAcquireResourceExclusive");
}

VOID NTAPI FltAcquireResourceShared(PERESOURCE Resource) {
  AcquireResourceInRegion(Resource, false, "FltAcquireResourceShared");
}

VOID NTAPI FltReleaseResource(PERESOURCE Resource) {
  const char* api = "FltReleaseResource";
  if (!NotNull(Resource, "resource", api, 0)) return;
  if (!IrqlAtMost(poolsim::kApcLevel, Resource, api, 0)) return;
  if (!ksync::IsTracked(Resource, ksync::LockKind::kResource)) {
    Raise(r::kUninitialized, {Address(Resource)},
          "FltReleaseResource on a resource never initialized (or deleted)", 0);
    return;
  }
  if (ksync::OwnershipCountOfSelf(Resource) == 0) {
    Raise(r::kResourceNotOwned, {Address(Resource), ksync::Self()},
          absl::StrFormat("FltReleaseResource by thread %u, which does not own the resource",
                          ksync::Self()),
          0);
    return;
  }
  ExReleaseResourceLite(Resource);
  KeLeaveCriticalRegion();
}

NTSTATUS NTAPI FltCancellableWaitForSingleObject(PVOID Object, PLARGE_INTEGER Timeout,
                                                 struct _FLT_CALLBACK_DATA* CallbackData) {
  (void)CallbackData;
  if (!NotNull(Object, "object", "FltCancellableWaitForSingleObject", 0)) return STATUS_TIMEOUT;
  if (!IrqlAtMost(poolsim::kApcLevel, Object, "FltCancellableWaitForSingleObject", 0)) {
    return STATUS_TIMEOUT;
  }
  return KeWaitForSingleObject(Object, Executive, KernelMode, FALSE, Timeout);
}

}  // extern "C"
