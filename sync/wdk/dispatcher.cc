// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: sync/wdk/dispatcher.cc
// -----------------------------------------------------------------------------
//
// Events, semaphores, mutexes, KeWaitFor* and KeDelayExecutionThread over the
// core's dispatcher objects (sync/wdk/internal/dispatcher_objects.h).

#include "sync/wdk/dispatcher.h"

#include <chrono>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/strings/str_format.h"
#include "poolsim/bugcheck_rules.h"
#include "poolsim/environment.h"
#include "poolsim/irql.h"
#include "sync/bugcheck_rules.h"
#include "sync/wdk/internal/dispatcher_objects.h"
#include "sync/internal/raise.h"
#include "sync/thread_state.h"
#include "sync/wdk/internal/timeouts.h"

static_assert(sizeof(DISPATCHER_HEADER) == 24, "x64 layout");
static_assert(sizeof(KEVENT) == 24, "x64 layout");
static_assert(sizeof(KSEMAPHORE) == 32, "x64 layout");
static_assert(sizeof(KMUTANT) == 56, "x64 layout");
static_assert(sizeof(KWAIT_BLOCK) == 48, "x64 layout");

namespace {

namespace r = ksync::bugcheck_rule;
using ksync::sync_internal::Address;
using ksync::sync_internal::NotNull;
using ksync::sync_internal::Raise;

constexpr int kSkip = 1;

// The object kinds a call accepts.
enum Kinds : unsigned { kEvent = 1, kSemaphore = 2, kMutant = 4, kAny = 7 };

unsigned KindOf(ksync::ObjectType type) {
  switch (type) {
    case ksync::ObjectType::kNotificationEvent:
    case ksync::ObjectType::kSynchronizationEvent:
      return kEvent;
    case ksync::ObjectType::kSemaphore:
      return kSemaphore;
    case ksync::ObjectType::kMutant:
      return kMutant;
  }
  return 0;
}

const char* KindsName(unsigned kinds) {
  switch (kinds) {
    case kEvent:
      return "an initialized event (KeInitializeEvent)";
    case kSemaphore:
      return "an initialized semaphore (KeInitializeSemaphore)";
    case kMutant:
      return "an initialized mutex (KeInitializeMutex)";
    default:
      return "an initialized event, semaphore or mutex";
  }
}

// Returns true if `object` is an initialized dispatcher object of one of
// `kinds`; otherwise raises (NULL: the access violation; garbage, or an
// object of another kind: 0xC4/0x1002).
bool ValidObject(const void* object, unsigned kinds, const char* api, int skip,
                 poolsim::PointerAccess access = poolsim::PointerAccess::kWrite) {
  if (!NotNull(object, "object", api, skip + 1, access)) return false;
  ksync::ObjectType type{};
  if (ksync::ValidObjectType(static_cast<const DISPATCHER_HEADER*>(object), &type) &&
      (KindOf(type) & kinds) != 0) {
    return true;
  }
  Raise(r::kUninitialized, {Address(object)},
        absl::StrFormat("%s on an object that is not %s", api, KindsName(kinds)), skip + 1);
  return false;
}

bool IrqlAtMostDispatch(const void* object, const char* api, int skip) {
  return ksync::sync_internal::IrqlAtMost(poolsim::kDispatchLevel, object, api, skip + 1);
}

// KeSetEvent / KeReleaseSemaphore / KeReleaseMutex with Wait = TRUE: the
// caller stays at DISPATCH_LEVEL until its next wait.
void EnterWaitFollows(poolsim::Irql before) {
  ksync::ThreadState& s = ksync::CurrentThreadState();
  s.wait_follows_set = true;
  s.irql_before_set = before;
  poolsim::SetCurrentIrql(poolsim::kDispatchLevel);
}

// The exception code is a 32-bit NTSTATUS: P1 holds it zero-extended, as
// Windows reports it (and as ExRaiseStatus does).
void RaiseException(NTSTATUS status, const char* text) {
  Raise(poolsim::bugcheck_rule::kRaiseStatus, {static_cast<uint32_t>(status)}, text, kSkip + 1);
}

ABSL_ATTRIBUTE_NOINLINE NTSTATUS WaitFor(ULONG count, PVOID* objects, bool wait_all,
                                         PLARGE_INTEGER timeout, PKWAIT_BLOCK blocks,
                                         const char* api) {
  ksync::ThreadState& s = ksync::CurrentThreadState();
  if (s.wait_follows_set) {
    s.wait_follows_set = false;
    poolsim::SetCurrentIrql(s.irql_before_set);
  }
  const poolsim::Irql irql = poolsim::CurrentIrql();
  const void* first = count > 0 && objects != nullptr ? objects[0] : nullptr;
  if (irql > poolsim::kDispatchLevel) {
    Raise(r::kWaitIrql, {irql, Address(first), Address(timeout)},
          absl::StrFormat("%s at %s; waits are allowed at DISPATCH_LEVEL at most", api,
                          poolsim::IrqlName(irql)),
          kSkip);
    return STATUS_TIMEOUT;
  }
  if (irql == poolsim::kDispatchLevel) {
    if (timeout == nullptr) {
      Raise(r::kWaitDispatchInfinite, {irql, Address(first), 0},
            absl::StrFormat("%s at DISPATCH_LEVEL with no timeout", api), kSkip);
      return STATUS_TIMEOUT;
    }
    if (timeout->QuadPart != 0) {
      Raise(r::kWaitDispatchTimeout, {irql, Address(first), Address(timeout)},
            absl::StrFormat("%s at DISPATCH_LEVEL with a non-zero timeout (%lld)", api,
                            static_cast<long long>(timeout->QuadPart)),
            kSkip);
      return STATUS_TIMEOUT;
    }
  }
  (void)blocks;
  std::vector<DISPATCHER_HEADER*> headers;
  for (ULONG i = 0; i < count; ++i) {
    if (!ValidObject(objects[i], kAny, api, kSkip)) return STATUS_TIMEOUT;
    headers.push_back(static_cast<DISPATCHER_HEADER*>(objects[i]));
  }
  ksync::WaitRequest request;
  request.objects = headers.data();
  request.count = count;
  request.wait_all = wait_all;
  ksync::sync_internal::ToDeadline(timeout, &request.infinite, &request.poll, &request.until);
  uint32_t index = 0;
  switch (ksync::Wait(request, &index)) {
    case ksync::WaitOutcome::kSatisfied:
      return STATUS_WAIT_0 + static_cast<NTSTATUS>(index);
    case ksync::WaitOutcome::kTimeout:
      return STATUS_TIMEOUT;
    case ksync::WaitOutcome::kBoundExpired: {
      const uint32_t bound = poolsim::Ambient().options().wait_timeout_ms;
      Raise(r::kWaitNeverSatisfied, {Address(first), bound},
            absl::StrFormat("%s waited %u ms (the wait bound) and the object%s never became "
                            "signaled: an event never set, a mutex never released or a "
                            "deadlock; returned STATUS_TIMEOUT",
                            api, bound, count > 1 ? "s" : ""),
            kSkip);
      return STATUS_TIMEOUT;
    }
  }
  return STATUS_TIMEOUT;
}

}  // namespace

extern "C" {

VOID NTAPI KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State) {
  if (!NotNull(Event, "event", "KeInitializeEvent", 0)) return;
  if (Type != NotificationEvent && Type != SynchronizationEvent) {
    // Windows stores the type as given: the result is no event, and every
    // later call on it reports 0xC4/0x1002 (docs/sync.md).
    ksync::InitializeUnusableObject(&Event->Header, static_cast<UCHAR>(Type));
    return;
  }
  ksync::InitializeObject(&Event->Header,
                          Type == SynchronizationEvent ? ksync::ObjectType::kSynchronizationEvent
                                                       : ksync::ObjectType::kNotificationEvent,
                          State ? 1 : 0);
}

static LONG SetOrPulse(PRKEVENT Event, BOOLEAN Wait, ksync::SignalOp op, const char* api) {
  if (!NotNull(Event, "event", api, kSkip)) return 0;
  const poolsim::Irql irql = poolsim::CurrentIrql();
  if (irql > poolsim::kDispatchLevel) {
    Raise(r::kSetEventIrql, {irql, Address(Event)},
          absl::StrFormat("%s at %s; the limit is DISPATCH_LEVEL", api, poolsim::IrqlName(irql)),
          kSkip);
    return 0;
  }
  if (!ValidObject(Event, kEvent, api, kSkip)) return 0;
  const LONG previous = ksync::SignalEvent(&Event->Header, op);
  if (Wait) EnterWaitFollows(irql);
  return previous;
}

LONG NTAPI KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait) {
  (void)Increment;
  return SetOrPulse(Event, Wait, ksync::SignalOp::kSet, "KeSetEvent");
}

LONG NTAPI KePulseEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait) {
  (void)Increment;
  return SetOrPulse(Event, Wait, ksync::SignalOp::kPulse, "KePulseEvent");
}

VOID NTAPI KeClearEvent(PRKEVENT Event) {
  if (!NotNull(Event, "event", "KeClearEvent", 0)) return;
  if (!IrqlAtMostDispatch(Event, "KeClearEvent", 0)) return;
  if (!ValidObject(Event, kEvent, "KeClearEvent", 0)) return;
  ksync::SignalEvent(&Event->Header, ksync::SignalOp::kReset);
}

LONG NTAPI KeResetEvent(PRKEVENT Event) {
  if (!NotNull(Event, "event", "KeResetEvent", 0)) return 0;
  if (!IrqlAtMostDispatch(Event, "KeResetEvent", 0)) return 0;
  if (!ValidObject(Event, kEvent, "KeResetEvent", 0)) return 0;
  return ksync::SignalEvent(&Event->Header, ksync::SignalOp::kReset);
}

LONG NTAPI KeReadStateEvent(PRKEVENT Event) {
  const poolsim::PointerAccess read = poolsim::PointerAccess::kRead;
  if (!NotNull(Event, "event", "KeReadStateEvent", 0, read)) return 0;
  if (!IrqlAtMostDispatch(Event, "KeReadStateEvent", 0)) return 0;
  if (!ValidObject(Event, kEvent, "KeReadStateEvent", 0, read)) return 0;
  return ksync::ReadSignalState(&Event->Header);
}

VOID NTAPI KeInitializeSemaphore(PRKSEMAPHORE Semaphore, LONG Count, LONG Limit) {
  if (!NotNull(Semaphore, "semaphore", "KeInitializeSemaphore", 0)) return;
  Semaphore->Limit = Limit;
  ksync::InitializeObject(&Semaphore->Header, ksync::ObjectType::kSemaphore, Count);
}

LONG NTAPI KeReleaseSemaphore(PRKSEMAPHORE Semaphore, KPRIORITY Increment, LONG Adjustment,
                              BOOLEAN Wait) {
  (void)Increment;
  const poolsim::Irql irql = poolsim::CurrentIrql();
  if (!NotNull(Semaphore, "semaphore", "KeReleaseSemaphore", 0)) return 0;
  if (!IrqlAtMostDispatch(Semaphore, "KeReleaseSemaphore", 0)) return 0;
  if (!ValidObject(Semaphore, kSemaphore, "KeReleaseSemaphore", 0)) return 0;
  LONG previous = 0;
  if (ksync::ReleaseSemaphore(Semaphore, Adjustment, &previous) ==
      ksync::ReleaseResult::kLimitExceeded) {
    RaiseException(STATUS_SEMAPHORE_LIMIT_EXCEEDED,
                   "KeReleaseSemaphore past the semaphore's limit raises "
                   "STATUS_SEMAPHORE_LIMIT_EXCEEDED");
    return previous;
  }
  if (Wait) EnterWaitFollows(irql);
  return previous;
}

LONG NTAPI KeReadStateSemaphore(PRKSEMAPHORE Semaphore) {
  const poolsim::PointerAccess read = poolsim::PointerAccess::kRead;
  if (!NotNull(Semaphore, "semaphore", "KeReadStateSemaphore", 0, read)) return 0;
  if (!IrqlAtMostDispatch(Semaphore, "KeReadStateSemaphore", 0)) return 0;
  if (!ValidObject(Semaphore, kSemaphore, "KeReadStateSemaphore", 0, read)) return 0;
  return ksync::ReadSignalState(&Semaphore->Header);
}

VOID NTAPI KeInitializeMutex(PRKMUTEX Mutex, ULONG Level) {
  (void)Level;
  if (!NotNull(Mutex, "mutex", "KeInitializeMutex", 0)) return;
  Mutex->MutantListEntry.Flink = nullptr;
  Mutex->MutantListEntry.Blink = nullptr;
  Mutex->OwnerThread = nullptr;
  Mutex->Abandoned = FALSE;
  Mutex->ApcDisable = 1;
  ksync::InitializeObject(&Mutex->Header, ksync::ObjectType::kMutant, 1);
}

LONG NTAPI KeReleaseMutex(PRKMUTEX Mutex, BOOLEAN Wait) {
  const poolsim::Irql irql = poolsim::CurrentIrql();
  if (!NotNull(Mutex, "mutex", "KeReleaseMutex", 0)) return 0;
  if (!IrqlAtMostDispatch(Mutex, "KeReleaseMutex", 0)) return 0;
  if (!ValidObject(Mutex, kMutant, "KeReleaseMutex", 0)) return 0;
  LONG previous = 0;
  if (ksync::ReleaseMutex(Mutex, &previous) == ksync::ReleaseResult::kNotOwner) {
    RaiseException(STATUS_MUTANT_NOT_OWNED,
                   "KeReleaseMutex by a thread that does not own the mutex raises "
                   "STATUS_MUTANT_NOT_OWNED");
    return previous;
  }
  if (Wait) EnterWaitFollows(irql);
  return previous;
}

LONG NTAPI KeReadStateMutex(PRKMUTEX Mutex) {
  const poolsim::PointerAccess read = poolsim::PointerAccess::kRead;
  if (!NotNull(Mutex, "mutex", "KeReadStateMutex", 0, read)) return 0;
  if (!IrqlAtMostDispatch(Mutex, "KeReadStateMutex", 0)) return 0;
  if (!ValidObject(Mutex, kMutant, "KeReadStateMutex", 0, read)) return 0;
  return ksync::ReadSignalState(&Mutex->Header);
}

NTSTATUS NTAPI KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason,
                                     KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                                     PLARGE_INTEGER Timeout) {
  (void)WaitReason;
  (void)WaitMode;
  (void)Alertable;
  PVOID objects[1] = {Object};
  return WaitFor(1, objects, false, Timeout, nullptr, "KeWaitForSingleObject");
}

NTSTATUS NTAPI KeWaitForMultipleObjects(ULONG Count, PVOID Object[], WAIT_TYPE WaitType,
                                        KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
                                        BOOLEAN Alertable, PLARGE_INTEGER Timeout,
                                        PKWAIT_BLOCK WaitBlockArray) {
  (void)WaitReason;
  (void)WaitMode;
  (void)Alertable;
  const char* api = "KeWaitForMultipleObjects";
  if (Count > MAXIMUM_WAIT_OBJECTS || (WaitBlockArray == nullptr && Count > THREAD_WAIT_OBJECTS)) {
    const uint64_t allowed = WaitBlockArray == nullptr ? THREAD_WAIT_OBJECTS : MAXIMUM_WAIT_OBJECTS;
    Raise(r::kMaximumWaitObjectsExceeded, {Count, allowed},
          absl::StrFormat("%s for %u objects; at most %u %s", api, Count,
                          static_cast<unsigned>(allowed),
                          WaitBlockArray == nullptr ? "without a WaitBlockArray" : "in all"),
          0);
    return STATUS_TIMEOUT;
  }
  if (Count == 0 || (WaitType != WaitAll && WaitType != WaitAny)) return STATUS_INVALID_PARAMETER;
  if (!NotNull(Object, "object array", api, 0, poolsim::PointerAccess::kRead)) {
    return STATUS_TIMEOUT;
  }
  return WaitFor(Count, Object, WaitType == WaitAll, Timeout, WaitBlockArray, api);
}

NTSTATUS NTAPI KeDelayExecutionThread(KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                                      PLARGE_INTEGER Interval) {
  (void)WaitMode;
  (void)Alertable;
  const char* api = "KeDelayExecutionThread";
  if (!NotNull(Interval, "interval", api, 0, poolsim::PointerAccess::kRead)) return STATUS_SUCCESS;
  if (!ksync::sync_internal::IrqlAtMost(poolsim::kApcLevel, Interval, api, 0)) {
    return STATUS_SUCCESS;
  }
  bool infinite = false;
  bool poll = false;
  std::chrono::steady_clock::time_point until;
  ksync::sync_internal::ToDeadline(Interval, &infinite, &poll, &until);
  if (poll) return STATUS_SUCCESS;
  if (ksync::Delay(infinite, until) == ksync::WaitOutcome::kBoundExpired) {
    const uint32_t bound = poolsim::Ambient().options().wait_timeout_ms;
    Raise(r::kWaitNeverSatisfied, {Address(Interval), bound},
          absl::StrFormat("%s for longer than the wait bound (%u ms); returned early", api,
                          bound),
          0);
  }
  return STATUS_SUCCESS;
}

}  // extern "C"
