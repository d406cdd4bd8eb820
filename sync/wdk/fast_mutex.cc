// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: sync/wdk/fast_mutex.cc
// -----------------------------------------------------------------------------
//
// Fast and guarded mutexes: the state (Count, Owner, OldIrql) lives in the
// driver's structure and changes only under the dispatcher lock; a blocked
// acquisition waits on the dispatcher's condition, bounded by
// Options::wait_timeout_ms.

#include "sync/wdk/fast_mutex.h"

#include "absl/base/attributes.h"
#include "absl/strings/str_format.h"
#include "poolsim/environment.h"
#include "poolsim/irql.h"
#include "poolsim/schedule_point.h"
#include "sync/bugcheck_rules.h"
#include "sync/internal/dispatcher_lock.h"
#include "sync/internal/raise.h"
#include "sync/thread_state.h"

static_assert(sizeof(FAST_MUTEX) == 56, "x64 layout");

namespace {

namespace r = ksync::bugcheck_rule;
using ksync::sync_internal::Address;
using ksync::sync_internal::g_dispatcher_mu;
using ksync::sync_internal::NotNull;
using ksync::sync_internal::Raise;
using poolsim::poolsim_internal::MutexLock;

constexpr int kSkip = 1;

enum class Flavor { kFast, kGuarded };
enum class Form { kNormal, kUnsafe, kTry };

uint32_t OwnerOf(const FAST_MUTEX* m) {
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(m->Owner));
}

bool ValidState(const FAST_MUTEX* m) ABSL_EXCLUSIVE_LOCKS_REQUIRED(g_dispatcher_mu) {
  return (m->Count == 1 && m->Owner == nullptr) || (m->Count == 0 && m->Owner != nullptr);
}

int Regions() {
  const ksync::ThreadState& s = ksync::CurrentThreadState();
  return s.critical_regions + s.guarded_regions;
}

enum class Got { kYes, kNo, kUninitialized, kSelfDeadlock, kBound };

Got Take(PFAST_MUTEX m, bool try_only, poolsim::Irql old_irql) {
  poolsim::SchedulePoint(poolsim::SwitchKind::kAcquire, "ExAcquireFastMutex or KeAcquireGuardedMutex");
  const uint32_t self = ksync::Self();
  const ksync::sync_internal::Deadline deadline = ksync::sync_internal::Deadline::Make(
      true, ksync::sync_internal::Clock::time_point());
  MutexLock l(&g_dispatcher_mu);
  if (!ValidState(m)) return Got::kUninitialized;
  if (m->Count == 0 && OwnerOf(m) == self) return try_only ? Got::kNo : Got::kSelfDeadlock;
  bool contended = false;
  while (m->Count == 0) {
    if (try_only) return Got::kNo;
    contended = true;
    if (ksync::sync_internal::WaitForChange(deadline) ==
            ksync::sync_internal::WaitState::kBoundExpired &&
        m->Count == 0) {
      return Got::kBound;
    }
    if (!ValidState(m)) return Got::kUninitialized;
  }
  m->Count = 0;
  m->Owner = reinterpret_cast<PVOID>(static_cast<uintptr_t>(self));
  m->OldIrql = old_irql;
  if (contended) ++m->Contention;
  return Got::kYes;
}

ABSL_ATTRIBUTE_NOINLINE BOOLEAN Acquire(PFAST_MUTEX m, Flavor flavor, Form form,
                                        const char* api) {
  if (!NotNull(m, "mutex", api, kSkip)) return FALSE;
  const poolsim::Irql irql = poolsim::CurrentIrql();
  if (form == Form::kUnsafe) {
    const bool apcs_enabled = irql < poolsim::kApcLevel && Regions() == 0;
    if (irql > poolsim::kApcLevel || (apcs_enabled && ksync::sync_internal::VerifierChecks())) {
      Raise(r::kUnsafeAcquire, {irql, static_cast<uint64_t>(Regions()), Address(m)},
            absl::StrFormat("%s at %s %s", api, poolsim::IrqlName(irql),
                            irql > poolsim::kApcLevel ? "(above APC_LEVEL)"
                                                      : "outside a critical region"),
            kSkip);
      if (irql > poolsim::kApcLevel) return FALSE;
    }
  } else if (irql > poolsim::kApcLevel) {
    Raise(r::kFastMutexAcquireIrql, {irql, Address(m)},
          absl::StrFormat("%s at %s; the limit is APC_LEVEL", api, poolsim::IrqlName(irql)),
          kSkip);
    return FALSE;
  }
  switch (Take(m, form == Form::kTry, irql)) {
    case Got::kYes:
      break;
    case Got::kNo:
      return FALSE;
    case Got::kUninitialized:
      Raise(r::kUninitialized, {Address(m)},
            absl::StrFormat("%s on a mutex never initialized (ExInitializeFastMutex / "
                            "KeInitializeGuardedMutex)",
                            api),
            kSkip);
      return FALSE;
    case Got::kSelfDeadlock:
      Raise(r::kSelfDeadlock, {Address(m)},
            absl::StrFormat("%s on a mutex this thread already owns (not recursive): the "
                            "thread would wait for itself forever",
                            api),
            kSkip);
      return FALSE;
    case Got::kBound: {
      const uint32_t bound = poolsim::Ambient().options().wait_timeout_ms;
      Raise(r::kWaitNeverSatisfied, {Address(m), bound},
            absl::StrFormat("%s waited %u ms for a mutex thread %u holds; returned without it",
                            api, bound, OwnerOf(m)),
            kSkip);
      return FALSE;
    }
  }
  if (form != Form::kUnsafe) {
    if (flavor == Flavor::kFast) {
      if (irql < poolsim::kApcLevel) poolsim::SetCurrentIrql(poolsim::kApcLevel);
    } else {
      ++ksync::CurrentThreadState().guarded_regions;
    }
  }
  return TRUE;
}

// Ownership is checked before the IRQL, so a release of a mutex the caller
// does not hold is one report (0x1002 / 0x1004) and changes nothing; a
// release at the wrong IRQL by the owner is reported and still releases.
ABSL_ATTRIBUTE_NOINLINE void Release(PFAST_MUTEX m, Flavor flavor, Form form, const char* api) {
  if (!NotNull(m, "mutex", api, kSkip)) return;
  const poolsim::Irql irql = poolsim::CurrentIrql();
  const uint32_t self = ksync::Self();
  uint32_t owner = 0;
  bool valid = false;
  bool owned = false;
  poolsim::Irql old_irql = poolsim::kPassiveLevel;
  poolsim::SchedulePoint(poolsim::SwitchKind::kRelease, api);
  {
    MutexLock l(&g_dispatcher_mu);
    valid = ValidState(m);
    owner = valid && m->Count == 0 ? OwnerOf(m) : 0;
    if (valid && owner == self) {
      owned = true;
      old_irql = static_cast<poolsim::Irql>(m->OldIrql);
      m->Count = 1;
      m->Owner = nullptr;
      ksync::sync_internal::NotifyAll();
    }
  }
  if (!valid) {
    Raise(r::kUninitialized, {Address(m)},
          absl::StrFormat("%s on a mutex never initialized", api), kSkip);
    return;
  }
  if (!owned) {
    Raise(r::kWrongThreadRelease, {Address(m), owner, self},
          absl::StrFormat("%s by thread %u; the mutex is %s", api, self,
                          owner == 0 ? "not held" : absl::StrFormat("held by thread %u", owner)),
          kSkip);
    return;
  }
  if (form == Form::kUnsafe) {
    const bool apcs_enabled = irql < poolsim::kApcLevel && Regions() == 0;
    if (irql > poolsim::kApcLevel || (apcs_enabled && ksync::sync_internal::VerifierChecks())) {
      Raise(r::kUnsafeRelease, {irql, static_cast<uint64_t>(Regions()), Address(m)},
            absl::StrFormat("%s at %s %s", api, poolsim::IrqlName(irql),
                            irql > poolsim::kApcLevel ? "(above APC_LEVEL)"
                                                      : "outside a critical region"),
            kSkip);
    }
  } else if (flavor == Flavor::kFast ? irql != poolsim::kApcLevel : irql > poolsim::kApcLevel) {
    Raise(r::kFastMutexReleaseIrql, {irql, Address(m)},
          absl::StrFormat("%s at %s; a fast mutex is released at APC_LEVEL, where its "
                          "acquisition left the thread",
                          api, poolsim::IrqlName(irql)),
          kSkip);
  }
  if (form != Form::kUnsafe) {
    if (flavor == Flavor::kFast) {
      if (old_irql <= poolsim::kApcLevel && irql == poolsim::kApcLevel) {
        poolsim::SetCurrentIrql(old_irql);
      }
    } else {
      ksync::ThreadState& s = ksync::CurrentThreadState();
      if (s.guarded_regions > 0) --s.guarded_regions;
    }
  }
}

void Initialize(PFAST_MUTEX m, const char* api) {
  if (!NotNull(m, "mutex", api, kSkip)) return;
  if (!ksync::sync_internal::IrqlAtMost(poolsim::kDispatchLevel, m, api, kSkip)) return;
  MutexLock l(&g_dispatcher_mu);
  m->Count = 1;
  m->Owner = nullptr;
  m->Contention = 0;
  m->Event.Header.Type = 1;  // a synchronization event, as the kernel uses
  m->Event.Header.Signalling = 0;
  m->Event.Header.Size = sizeof(KEVENT) / sizeof(LONG);
  m->Event.Header.Reserved1 = 0;
  m->Event.Header.SignalState = 0;
  m->Event.Header.WaitListHead.Flink = &m->Event.Header.WaitListHead;
  m->Event.Header.WaitListHead.Blink = &m->Event.Header.WaitListHead;
  m->OldIrql = 0;
}

}  // namespace

extern "C" {

VOID NTAPI ExInitializeFastMutex(PFAST_MUTEX FastMutex) {
  Initialize(FastMutex, "ExInitializeFastMutex");
}
VOID FASTCALL ExAcquireFastMutex(PFAST_MUTEX FastMutex) {
  Acquire(FastMutex, Flavor::kFast, Form::kNormal, "ExAcquireFastMutex");
}
VOID FASTCALL ExReleaseFastMutex(PFAST_MUTEX FastMutex) {
  Release(FastMutex, Flavor::kFast, Form::kNormal, "ExReleaseFastMutex");
}
BOOLEAN FASTCALL ExTryToAcquireFastMutex(PFAST_MUTEX FastMutex) {
  return Acquire(FastMutex, Flavor::kFast, Form::kTry, "ExTryToAcquireFastMutex");
}
VOID FASTCALL ExAcquireFastMutexUnsafe(PFAST_MUTEX FastMutex) {
  Acquire(FastMutex, Flavor::kFast, Form::kUnsafe, "ExAcquireFastMutexUnsafe");
}
VOID FASTCALL ExReleaseFastMutexUnsafe(PFAST_MUTEX FastMutex) {
  Release(FastMutex, Flavor::kFast, Form::kUnsafe, "ExReleaseFastMutexUnsafe");
}

VOID FASTCALL KeInitializeGuardedMutex(PKGUARDED_MUTEX Mutex) {
  Initialize(Mutex, "KeInitializeGuardedMutex");
}
VOID FASTCALL KeAcquireGuardedMutex(PKGUARDED_MUTEX Mutex) {
  Acquire(Mutex, Flavor::kGuarded, Form::kNormal, "KeAcquireGuardedMutex");
}
VOID FASTCALL KeReleaseGuardedMutex(PKGUARDED_MUTEX Mutex) {
  Release(Mutex, Flavor::kGuarded, Form::kNormal, "KeReleaseGuardedMutex");
}
BOOLEAN FASTCALL KeTryToAcquireGuardedMutex(PKGUARDED_MUTEX Mutex) {
  return Acquire(Mutex, Flavor::kGuarded, Form::kTry, "KeTryToAcquireGuardedMutex");
}
VOID FASTCALL KeAcquireGuardedMutexUnsafe(PKGUARDED_MUTEX Mutex) {
  Acquire(Mutex, Flavor::kGuarded, Form::kUnsafe, "KeAcquireGuardedMutexUnsafe");
}
VOID FASTCALL KeReleaseGuardedMutexUnsafe(PKGUARDED_MUTEX Mutex) {
  Release(Mutex, Flavor::kGuarded, Form::kUnsafe, "KeReleaseGuardedMutexUnsafe");
}

}  // extern "C"
