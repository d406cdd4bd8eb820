// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: sync/wdk/resource.cc
// -----------------------------------------------------------------------------
//
// ERESOURCE and critical / guarded regions over the core's reader/writer
// lock state (sync/rw_lock.h) and per-thread state (sync/thread_state.h).

#include "sync/wdk/resource.h"

#include <cstdint>

#include "absl/base/attributes.h"
#include "absl/strings/str_format.h"
#include "poolsim/environment.h"
#include "poolsim/irql.h"
#include "sync/bugcheck_rules.h"
#include "sync/internal/raise.h"
#include "sync/rw_lock.h"
#include "sync/thread_state.h"

namespace {

namespace r = ksync::bugcheck_rule;
using ksync::sync_internal::Address;
using ksync::sync_internal::IrqlAtMost;
using ksync::sync_internal::NotNull;
using ksync::sync_internal::Raise;

// Frames between the driver and the helper that raises: the exported
// function.
constexpr int kSkip = 1;

int CriticalRegions() { return ksync::CurrentThreadState().critical_regions; }

// `skip`: the frames between the driver and the caller of this helper.
void RaiseUninitialized(const void* resource, const char* api, int skip = kSkip) {
  Raise(r::kUninitialized, {Address(resource)},
        absl::StrFormat("%s on a resource never initialized with ExInitializeResourceLite (or "
                        "already deleted)",
                        api),
        skip + 1);
}

// `skip`: the frames between the driver and this function.
ABSL_ATTRIBUTE_NOINLINE BOOLEAN Acquire(PERESOURCE resource, ksync::AcquireMode mode,
                                        BOOLEAN wait, const char* api, int skip = kSkip) {
  if (!NotNull(resource, "resource", api, skip)) return FALSE;
  if (!IrqlAtMost(poolsim::kApcLevel, resource, api, skip)) return FALSE;
  if (ksync::sync_internal::VerifierChecks() && !ksync::NormalApcsDisabled()) {
    Raise(r::kResourceAcquireApcsEnabled,
          {poolsim::CurrentIrql(), static_cast<uint64_t>(CriticalRegions()), Address(resource)},
          absl::StrFormat("%s outside a critical region: normal kernel APCs are enabled (call "
                          "KeEnterCriticalRegion first)",
                          api),
          skip);
  }
  switch (ksync::AcquireRwLock(resource, ksync::LockKind::kResource, mode, wait != FALSE)) {
    case ksync::AcquireOutcome::kAcquired:
      return TRUE;
    case ksync::AcquireOutcome::kUnavailable:
      return FALSE;
    case ksync::AcquireOutcome::kNotInitialized:
      RaiseUninitialized(resource, api, skip);
      return FALSE;
    case ksync::AcquireOutcome::kSelfDeadlock:
      Raise(r::kSelfDeadlock, {Address(resource)},
            absl::StrFormat("%s: this thread owns the resource shared and waits for exclusive "
                            "access, which waits for itself forever",
                            api),
            skip);
      return FALSE;
    case ksync::AcquireOutcome::kBoundExpired:
      Raise(r::kWaitNeverSatisfied,
            {Address(resource), poolsim::Ambient().options().wait_timeout_ms},
            absl::StrFormat("%s waited %u ms for a resource another thread holds (a deadlock, "
                            "or an owner that never releases it); returned FALSE without it",
                            api, poolsim::Ambient().options().wait_timeout_ms),
            skip);
      return FALSE;
  }
  return FALSE;
}

// Releases one acquisition by `thread` (a full ERESOURCE_THREAD: a value no
// host thread has is simply not an owner). Returns true if it released.
ABSL_ATTRIBUTE_NOINLINE bool Release(PERESOURCE resource, ERESOURCE_THREAD owner_id,
                                     poolsim::Irql max_irql, const char* api) {
  if (!NotNull(resource, "resource", api, kSkip)) return false;
  if (!IrqlAtMost(max_irql, resource, api, kSkip)) return false;
  const uint32_t thread = owner_id > UINT32_MAX ? 0 : static_cast<uint32_t>(owner_id);
  if (ksync::sync_internal::VerifierChecks() && thread == ksync::Self() &&
      !ksync::NormalApcsDisabled()) {
    Raise(r::kResourceReleaseApcsEnabled,
          {poolsim::CurrentIrql(), static_cast<uint64_t>(CriticalRegions()), Address(resource)},
          absl::StrFormat("%s outside a critical region: normal kernel APCs are enabled "
                          "(release before KeLeaveCriticalRegion)",
                          api),
          kSkip);
  }
  if (thread == 0) {
    if (!ksync::IsTracked(resource, ksync::LockKind::kResource)) {
      RaiseUninitialized(resource, api);
      return false;
    }
    Raise(r::kResourceNotOwned, {Address(resource), static_cast<uint64_t>(owner_id)},
          absl::StrFormat("%s for thread 0x%x, which is no thread", api, owner_id), kSkip);
    return false;
  }
  switch (ksync::ReleaseRwLock(resource, ksync::LockKind::kResource, thread)) {
    case ksync::ReleaseOutcome::kReleased:
      return true;
    case ksync::ReleaseOutcome::kNotOwned:
      Raise(r::kResourceNotOwned, {Address(resource), thread},
            absl::StrFormat("%s by thread %u, which does not own the resource", api, thread),
            kSkip);
      return false;
    case ksync::ReleaseOutcome::kNotInitialized:
      RaiseUninitialized(resource, api);
      return false;
  }
  return false;
}

// The ExEnterCriticalRegionAndAcquire* forms: the arguments are checked
// before the region is entered, and the region is left again when the
// acquisition fails, so a refused call changes nothing.
ABSL_ATTRIBUTE_NOINLINE PVOID EnterAndAcquire(PERESOURCE resource, ksync::AcquireMode mode,
                                              const char* api) {
  if (!NotNull(resource, "resource", api, kSkip)) return nullptr;
  if (!IrqlAtMost(poolsim::kApcLevel, resource, api, kSkip)) return nullptr;
  ++ksync::CurrentThreadState().critical_regions;
  if (Acquire(resource, mode, TRUE, api, kSkip + 1) == FALSE) {
    --ksync::CurrentThreadState().critical_regions;
    return nullptr;
  }
  return resource;
}

// The checks every query makes: the pointer, the IRQL (<= DISPATCH_LEVEL),
// and that the resource is initialized.
ABSL_ATTRIBUTE_NOINLINE bool QueryAllowed(PERESOURCE resource, const char* api) {
  if (!NotNull(resource, "resource", api, kSkip + 1, poolsim::PointerAccess::kRead)) {
    return false;
  }
  if (!IrqlAtMost(poolsim::kDispatchLevel, resource, api, kSkip + 1)) return false;
  if (!ksync::IsTracked(resource, ksync::LockKind::kResource)) {
    Raise(r::kUninitialized, {Address(resource)},
          absl::StrFormat("%s on a resource never initialized with ExInitializeResourceLite (or "
                          "already deleted)",
                          api),
          kSkip + 1);
    return false;
  }
  return true;
}

ABSL_ATTRIBUTE_NOINLINE bool EnterRegion(bool guarded, const char* api) {
  const poolsim::Irql irql = poolsim::CurrentIrql();
  if (irql > poolsim::kApcLevel) {
    Raise(r::kEnterCriticalRegionIrql, {irql},
          absl::StrFormat("%s at %s; the limit is APC_LEVEL", api, poolsim::IrqlName(irql)),
          kSkip);
    return false;
  }
  ksync::ThreadState& s = ksync::CurrentThreadState();
  ++(guarded ? s.guarded_regions : s.critical_regions);
  return true;
}

ABSL_ATTRIBUTE_NOINLINE void LeaveRegion(bool guarded, const char* api) {
  const poolsim::Irql irql = poolsim::CurrentIrql();
  if (irql > poolsim::kApcLevel) {
    Raise(r::kLeaveCriticalRegionIrql, {irql},
          absl::StrFormat("%s at %s; the limit is APC_LEVEL", api, poolsim::IrqlName(irql)),
          kSkip);
    return;
  }
  ksync::ThreadState& s = ksync::CurrentThreadState();
  int& count = guarded ? s.guarded_regions : s.critical_regions;
  if (count == 0) {
    Raise(r::kLeaveCriticalRegionNotEntered, {},
          absl::StrFormat("%s on a thread that is not in a %s region", api,
                          guarded ? "guarded" : "critical"),
          kSkip);
    return;
  }
  --count;
}

}  // namespace

extern "C" {

NTSTATUS NTAPI ExInitializeResourceLite(PERESOURCE Resource) {
  const char* api = "ExInitializeResourceLite";
  if (!NotNull(Resource, "resource", api, 0)) return STATUS_SUCCESS;
  if (!IrqlAtMost(poolsim::kDispatchLevel, Resource, api, 0)) return STATUS_SUCCESS;
  if (ksync::InitializeRwLock(Resource, ksync::LockKind::kResource) ==
      ksync::InitOutcome::kAlreadyLive) {
    Raise(r::kResourceReinitialized, {Address(Resource)},
          "ExInitializeResourceLite on a resource that is initialized and not deleted", 0);
    return STATUS_SUCCESS;
  }
  *Resource = ERESOURCE{};
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI ExDeleteResourceLite(PERESOURCE Resource) {
  const char* api = "ExDeleteResourceLite";
  if (!NotNull(Resource, "resource", api, 0)) return STATUS_SUCCESS;
  if (!IrqlAtMost(poolsim::kApcLevel, Resource, api, 0)) return STATUS_SUCCESS;
  uint32_t owner = 0;
  switch (ksync::DeleteRwLock(Resource, ksync::LockKind::kResource, &owner)) {
    case ksync::DeleteOutcome::kDeleted:
      break;
    case ksync::DeleteOutcome::kNotInitialized:
      Raise(r::kResourceDeleteUninitialized, {Address(Resource)},
            "ExDeleteResourceLite on a resource never initialized (or deleted twice)", 0);
      break;
    case ksync::DeleteOutcome::kOwned:
      Raise(r::kDeleteOwned, {Address(Resource), owner},
            absl::StrFormat("ExDeleteResourceLite on a resource thread %u still owns; the "
                            "resource is left as it was",
                            owner),
            0);
      break;
  }
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI ExReinitializeResourceLite(PERESOURCE Resource) {
  const char* api = "ExReinitializeResourceLite";
  if (!NotNull(Resource, "resource", api, 0)) return STATUS_SUCCESS;
  if (!IrqlAtMost(poolsim::kDispatchLevel, Resource, api, 0)) return STATUS_SUCCESS;
  uint32_t owner = 0;
  switch (ksync::ReinitializeRwLock(Resource, &owner)) {
    case ksync::DeleteOutcome::kDeleted:
      break;
    case ksync::DeleteOutcome::kNotInitialized:
      Raise(r::kUninitialized, {Address(Resource)},
            "ExReinitializeResourceLite on a resource never initialized (or deleted)", 0);
      break;
    case ksync::DeleteOutcome::kOwned:
      Raise(r::kDeleteOwned, {Address(Resource), owner},
            absl::StrFormat("ExReinitializeResourceLite on a resource thread %u still owns",
                            owner),
            0);
      break;
  }
  return STATUS_SUCCESS;
}

BOOLEAN NTAPI ExAcquireResourceExclusiveLite(PERESOURCE Resource, BOOLEAN Wait) {
  return Acquire(Resource, ksync::AcquireMode::kExclusive, Wait, "ExAcquireResourceExclusiveLite");
}

BOOLEAN NTAPI ExAcquireResourceSharedLite(PERESOURCE Resource, BOOLEAN Wait) {
  return Acquire(Resource, ksync::AcquireMode::kShared, Wait, "ExAcquireResourceSharedLite");
}

BOOLEAN NTAPI ExAcquireSharedStarveExclusive(PERESOURCE Resource, BOOLEAN Wait) {
  return Acquire(Resource, ksync::AcquireMode::kSharedStarveExclusive, Wait,
                 "ExAcquireSharedStarveExclusive");
}

BOOLEAN NTAPI ExAcquireSharedWaitForExclusive(PERESOURCE Resource, BOOLEAN Wait) {
  return Acquire(Resource, ksync::AcquireMode::kShared, Wait, "ExAcquireSharedWaitForExclusive");
}

VOID FASTCALL ExReleaseResourceLite(PERESOURCE Resource) {
  Release(Resource, ksync::Self(), poolsim::kDispatchLevel, "ExReleaseResourceLite");
}

VOID NTAPI ExReleaseResourceForThreadLite(PERESOURCE Resource, ERESOURCE_THREAD ResourceThreadId) {
  Release(Resource, ResourceThreadId, poolsim::kDispatchLevel, "ExReleaseResourceForThreadLite");
}

ERESOURCE_THREAD NTAPI ExGetCurrentResourceThread(void) { return ksync::Self(); }

VOID NTAPI ExConvertExclusiveToSharedLite(PERESOURCE Resource) {
  const char* api = "ExConvertExclusiveToSharedLite";
  if (!NotNull(Resource, "resource", api, 0)) return;
  if (!IrqlAtMost(poolsim::kApcLevel, Resource, api, 0)) return;
  switch (ksync::ConvertExclusiveToShared(Resource)) {
    case ksync::ReleaseOutcome::kReleased:
      return;
    case ksync::ReleaseOutcome::kNotOwned:
      Raise(r::kResourceNotOwned, {Address(Resource), ksync::Self()},
            "ExConvertExclusiveToSharedLite by a thread that does not own the resource "
            "exclusively",
            0);
      return;
    case ksync::ReleaseOutcome::kNotInitialized:
      RaiseUninitialized(Resource, api, 0);
      return;
  }
}

BOOLEAN NTAPI ExIsResourceAcquiredExclusiveLite(PERESOURCE Resource) {
  if (!QueryAllowed(Resource, "ExIsResourceAcquiredExclusiveLite")) return FALSE;
  return ksync::IsOwnedExclusiveBySelf(Resource) ? TRUE : FALSE;
}

ULONG NTAPI ExIsResourceAcquiredSharedLite(PERESOURCE Resource) {
  if (!QueryAllowed(Resource, "ExIsResourceAcquiredSharedLite")) return 0;
  return ksync::OwnershipCountOfSelf(Resource);
}

ULONG NTAPI ExGetExclusiveWaiterCount(PERESOURCE Resource) {
  if (!QueryAllowed(Resource, "ExGetExclusiveWaiterCount")) return 0;
  return ksync::ExclusiveWaiters(Resource);
}

ULONG NTAPI ExGetSharedWaiterCount(PERESOURCE Resource) {
  if (!QueryAllowed(Resource, "ExGetSharedWaiterCount")) return 0;
  return ksync::SharedWaiters(Resource);
}

PVOID NTAPI ExEnterCriticalRegionAndAcquireResourceExclusive(PERESOURCE Resource) {
  return EnterAndAcquire(Resource, ksync::AcquireMode::kExclusive,
                         "ExEnterCriticalRegionAndAcquireResourceExclusive");
}

PVOID NTAPI ExEnterCriticalRegionAndAcquireResourceShared(PERESOURCE Resource) {
  return EnterAndAcquire(Resource, ksync::AcquireMode::kShared,
                         "ExEnterCriticalRegionAndAcquireResourceShared");
}

PVOID NTAPI ExEnterCriticalRegionAndAcquireSharedWaitForExclusive(PERESOURCE Resource) {
  return EnterAndAcquire(Resource, ksync::AcquireMode::kShared,
                         "ExEnterCriticalRegionAndAcquireSharedWaitForExclusive");
}

VOID FASTCALL ExReleaseResourceAndLeaveCriticalRegion(PERESOURCE Resource) {
  const char* api = "ExReleaseResourceAndLeaveCriticalRegion";
  // A refused release leaves the region as it was (one report, no change).
  if (Release(Resource, ksync::Self(), poolsim::kApcLevel, api)) LeaveRegion(false, api);
}

VOID NTAPI KeEnterCriticalRegion(void) { EnterRegion(false, "KeEnterCriticalRegion"); }
VOID NTAPI KeLeaveCriticalRegion(void) { LeaveRegion(false, "KeLeaveCriticalRegion"); }
VOID NTAPI KeEnterGuardedRegion(void) { EnterRegion(true, "KeEnterGuardedRegion"); }
VOID NTAPI KeLeaveGuardedRegion(void) { LeaveRegion(true, "KeLeaveGuardedRegion"); }

BOOLEAN NTAPI KeAreApcsDisabled(void) { return ksync::NormalApcsDisabled() ? TRUE : FALSE; }

BOOLEAN NTAPI KeAreAllApcsDisabled(void) {
  return ksync::CurrentThreadState().guarded_regions > 0 ||
                 poolsim::CurrentIrql() >= poolsim::kApcLevel
             ? TRUE
             : FALSE;
}

}  // extern "C"
