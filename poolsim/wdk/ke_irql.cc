// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The Ke* IRQL and spin-lock functions, KeBugCheckEx and ExRaiseStatus.
//
// A KSPIN_LOCK holds 0 when free and the owning thread's poolsim ordinal when
// held, updated with atomic builtins, so the lock really excludes other host
// threads (and ThreadSanitizer sees the synchronization).

#include <sched.h>

#include <atomic>
#include <chrono>
#include <cstdint>

#include "absl/base/attributes.h"
#include "absl/strings/str_format.h"
#include "poolsim/bugcheck.h"
#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/environment.h"
#include "poolsim/internal/misuse_rules.h"
#include "poolsim/irql.h"
#include "poolsim/pointer_check.h"
#include "poolsim/schedule_point.h"
#include "poolsim/stack_trace.h"
#include "poolsim/wdk/wdm.h"

namespace {

using poolsim::BugCheck;
using poolsim::CurrentIrql;
using poolsim::kDispatchLevel;

// Frames between the driver and the Environment call: the exported function
// and its helper.
constexpr int kSkip = 2;

// Raises `b` (built from a catalogue row) through the ambient Environment.
void Raise(BugCheck b, int skip) { poolsim::Ambient().RaiseBugCheck(std::move(b), skip + 1); }

// The row the current check mode raises for a spin-lock misuse.
BugCheck SpinLockBugCheck(poolsim::poolsim_internal::Misuse misuse, const void* lock,
                          std::string text) {
  poolsim::poolsim_internal::MisuseValues values;
  values.irql = CurrentIrql();
  values.address = reinterpret_cast<uintptr_t>(lock);
  return poolsim::poolsim_internal::MakeMisuseBugCheck(
      misuse, poolsim::Ambient().options().checks, false, values, std::move(text));
}

ULONG_PTR Self() { return poolsim::CurrentThreadOrdinal(); }

// False (after the NULL-argument report) if `pointer` is null; called by the
// exported routine itself, so the report's stack starts at the driver.
ABSL_ATTRIBUTE_NOINLINE bool Present(const void* pointer, const char* api, const char* parameter,
                                     poolsim::PointerAccess access) {
  return poolsim::CheckPointerArgument(poolsim::Ambient(), pointer, api, parameter, access,
                                       kSkip);
}
constexpr poolsim::PointerAccess kRead = poolsim::PointerAccess::kRead;
constexpr poolsim::PointerAccess kWrite = poolsim::PointerAccess::kWrite;

// Where each held spin lock was taken, for the timeout report: a fixed table
// indexed by the lock's address, written with relaxed atomics on every
// acquisition (no lock, no allocation). A collision overwrites the older
// entry; the report then says the holder's stack is unknown.
struct HolderSlot {
  std::atomic<uintptr_t> lock{0};
  std::atomic<poolsim::StackId> stack{poolsim::kNoStack};
};
constexpr size_t kHolderSlots = 1024;
HolderSlot holder_slots[kHolderSlots];

HolderSlot& SlotOf(const void* lock) {
  const uintptr_t a = reinterpret_cast<uintptr_t>(lock);
  return holder_slots[(a >> 3 ^ a >> 13) % kHolderSlots];
}

void NoteHolder(PKSPIN_LOCK lock) {
  HolderSlot& slot = SlotOf(lock);
  slot.stack.store(poolsim::CaptureStack(kSkip + 1), std::memory_order_relaxed);
  slot.lock.store(reinterpret_cast<uintptr_t>(lock), std::memory_order_release);
}

// The holder's acquiring stack as report lines, or why it is not known.
std::string HolderStack(PKSPIN_LOCK lock, ULONG_PTR word) {
  if (word == 0 || word > 0xFFFFFFFFull) {
    return "\n  the lock word is not a thread's: the lock was never initialized";
  }
  HolderSlot& slot = SlotOf(lock);
  if (slot.lock.load(std::memory_order_acquire) != reinterpret_cast<uintptr_t>(lock)) {
    return "\n  the holder's acquiring stack is not known";
  }
  std::string text = absl::StrFormat("\n  held by thread %u, which acquired it at:", word);
  for (const poolsim::SymbolizedFrame& f :
       poolsim::Symbolize(slot.stack.load(std::memory_order_relaxed))) {
    absl::StrAppendFormat(&text, "\n    %s %s:%d", f.function.empty() ? "?" : f.function,
                          f.file, f.line);
  }
  return text;
}

// Takes the lock word; returns false (after a bug check) on recursion.
ABSL_ATTRIBUTE_NOINLINE bool TakeLock(PKSPIN_LOCK lock, const char* api) {
  const ULONG_PTR self = Self();
  if (__atomic_load_n(lock, __ATOMIC_RELAXED) == self) {
    const std::string text = absl::StrFormat(
        "%s: this thread already holds the spin lock; the acquire would deadlock", api);
    // The verifier's deadlock detection, or the retail stop.
    Raise(SpinLockBugCheck(poolsim::poolsim_internal::Misuse::kSpinLockRecursion, lock, text),
          kSkip);
    return false;
  }
  const uint32_t timeout_ms = poolsim::Ambient().options().spin_timeout_ms;
  const auto start = std::chrono::steady_clock::now();
  poolsim::BlockRequest spin;
  spin.api = api;
  for (uint64_t spins = 1;; ++spins) {
    ULONG_PTR expected = 0;
    if (__atomic_compare_exchange_n(lock, &expected, self, /*weak=*/false, __ATOMIC_ACQUIRE,
                                    __ATOMIC_RELAXED)) {
      break;
    }
    // In schedule mode the holder is another simulated thread: it runs, and
    // a holder that never can release is a deadlock, reported as the timeout.
    const poolsim::BlockOutcome scheduled = poolsim::ScheduleBlock(spin);
    if (scheduled == poolsim::BlockOutcome::kWoken) continue;
    // A bounded wait: Windows would spin until the DPC watchdog fires.
    if (scheduled == poolsim::BlockOutcome::kDeadlock ||
        (timeout_ms != 0 && spins % 256 == 0 &&
         std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(timeout_ms))) {
      Raise(poolsim::MakeBugCheck(
                poolsim::bugcheck_rule::kSpinLockWaitTimedOut,
                {timeout_ms, reinterpret_cast<uintptr_t>(lock), expected},
                absl::StrFormat("%s waited %u ms for a spin lock whose lock word is 0x%x (a lock "
                                "never initialized, or one its holder never releases)%s",
                                api, timeout_ms, expected, HolderStack(lock, expected))),
            kSkip);
      return false;
    }
    sched_yield();
  }
  poolsim::Ambient().CountSpinLockAcquire();
  NoteHolder(lock);
  return true;
}

// Frees the lock word; returns false (after a bug check) if this thread does
// not hold it.
ABSL_ATTRIBUTE_NOINLINE bool DropLock(PKSPIN_LOCK lock, const char* api) {
  ULONG_PTR expected = Self();
  if (!__atomic_compare_exchange_n(lock, &expected, 0, /*weak=*/false, __ATOMIC_RELEASE,
                                   __ATOMIC_RELAXED)) {
    const std::string text =
        absl::StrFormat("%s of a spin lock this thread does not hold (a double release?)", api);
    Raise(SpinLockBugCheck(poolsim::poolsim_internal::Misuse::kSpinLockNotHeld, lock, text),
          kSkip);
    return false;
  }
  return true;
}

ABSL_ATTRIBUTE_NOINLINE void Acquire(PKSPIN_LOCK lock, PKIRQL old_irql, const char* api) {
  const KIRQL current = CurrentIrql();
  if (current > kDispatchLevel) {
    Raise(poolsim::MakeBugCheck(poolsim::bugcheck_rule::kSpinLockAcquireIrql,
                                {current, reinterpret_cast<uintptr_t>(lock), 0},
                                absl::StrFormat("%s at %s; the limit is DISPATCH_LEVEL", api,
                                                poolsim::IrqlName(current))),
          kSkip - 1);
    *old_irql = current;
    return;
  }
  *old_irql = current;
  poolsim::SchedulePoint(poolsim::SwitchKind::kSpinAcquire, api);
  poolsim::SetCurrentIrql(kDispatchLevel);
  if (!TakeLock(lock, api)) poolsim::SetCurrentIrql(current);
}

ABSL_ATTRIBUTE_NOINLINE void Release(PKSPIN_LOCK lock, KIRQL new_irql, const char* api) {
  const KIRQL current = CurrentIrql();
  if (current != kDispatchLevel) {
    Raise(poolsim::MakeBugCheck(poolsim::bugcheck_rule::kSpinLockReleaseVerifier,
                                {current, reinterpret_cast<uintptr_t>(lock), 0},
                                absl::StrFormat("%s at %s; spin locks are released at "
                                                "DISPATCH_LEVEL",
                                                api, poolsim::IrqlName(current))),
          kSkip - 1);
    return;
  }
  if (!DropLock(lock, api)) return;
  poolsim::ScheduleWakeAll();
  poolsim::SchedulePoint(poolsim::SwitchKind::kSpinRelease, api);
  // The IRQL to restore is checked as KeLowerIrql checks it: a value above
  // DISPATCH_LEVEL (a corrupted OldIrql) is reported and the thread stays at
  // DISPATCH_LEVEL, with the lock released.
  poolsim::Ambient().LowerIrql(new_irql, kSkip, api);
}

ABSL_ATTRIBUTE_NOINLINE void AcquireAtDpc(PKSPIN_LOCK lock, const char* api) {
  const KIRQL current = CurrentIrql();
  if (current < kDispatchLevel) {
    Raise(poolsim::MakeBugCheck(poolsim::bugcheck_rule::kSpinLockAcquireAtDpcIrql,
                                {current, reinterpret_cast<uintptr_t>(lock), 0},
                                absl::StrFormat("%s at %s; the caller must be at DISPATCH_LEVEL",
                                                api, poolsim::IrqlName(current))),
          kSkip - 1);
    return;
  }
  poolsim::SchedulePoint(poolsim::SwitchKind::kSpinAcquire, api);
  TakeLock(lock, api);
}

ABSL_ATTRIBUTE_NOINLINE void ReleaseAtDpc(PKSPIN_LOCK lock, const char* api) {
  const KIRQL current = CurrentIrql();
  if (current < kDispatchLevel) {
    Raise(poolsim::MakeBugCheck(poolsim::bugcheck_rule::kSpinLockReleaseAtDpcIrql,
                                {current, reinterpret_cast<uintptr_t>(lock), 0},
                                absl::StrFormat("%s at %s; the caller must be at DISPATCH_LEVEL",
                                                api, poolsim::IrqlName(current))),
          kSkip - 1);
    return;
  }
  if (!DropLock(lock, api)) return;
  poolsim::ScheduleWakeAll();
  poolsim::SchedulePoint(poolsim::SwitchKind::kSpinRelease, api);
}

}  // namespace

extern "C" {

KIRQL NTAPI KeGetCurrentIrql(void) { return CurrentIrql(); }

VOID NTAPI KeRaiseIrql(KIRQL NewIrql, PKIRQL OldIrql) {
  if (!Present(OldIrql, "KeRaiseIrql", "OldIrql", kWrite)) return;
  *OldIrql = poolsim::Ambient().RaiseIrql(NewIrql, 1);
}

KIRQL FASTCALL KfRaiseIrql(KIRQL NewIrql) { return poolsim::Ambient().RaiseIrql(NewIrql, 1); }

VOID NTAPI KeLowerIrql(KIRQL NewIrql) { poolsim::Ambient().LowerIrql(NewIrql, 1); }

VOID FASTCALL KfLowerIrql(KIRQL NewIrql) { poolsim::Ambient().LowerIrql(NewIrql, 1); }

// Above DISPATCH_LEVEL this is a raise that lowers: the KeRaiseIrql check.
KIRQL NTAPI KeRaiseIrqlToDpcLevel(void) { return poolsim::Ambient().RaiseIrql(kDispatchLevel, 1); }

VOID NTAPI KeInitializeSpinLock(PKSPIN_LOCK SpinLock) {
  if (!Present(SpinLock, "KeInitializeSpinLock", "SpinLock", kWrite)) return;
  __atomic_store_n(SpinLock, 0, __ATOMIC_RELEASE);
}

VOID NTAPI KeAcquireSpinLock(PKSPIN_LOCK SpinLock, PKIRQL OldIrql) {
  if (!Present(SpinLock, "KeAcquireSpinLock", "SpinLock", kWrite) ||
      !Present(OldIrql, "KeAcquireSpinLock", "OldIrql", kWrite)) {
    return;
  }
  Acquire(SpinLock, OldIrql, "KeAcquireSpinLock");
}

KIRQL NTAPI KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock) {
  if (!Present(SpinLock, "KeAcquireSpinLockRaiseToDpc", "SpinLock", kWrite)) {
    return CurrentIrql();
  }
  KIRQL old;
  Acquire(SpinLock, &old, "KeAcquireSpinLockRaiseToDpc");
  return old;
}

VOID NTAPI KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql) {
  if (!Present(SpinLock, "KeReleaseSpinLock", "SpinLock", kWrite)) return;
  Release(SpinLock, NewIrql, "KeReleaseSpinLock");
}

VOID NTAPI KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock) {
  if (!Present(SpinLock, "KeAcquireSpinLockAtDpcLevel", "SpinLock", kWrite)) return;
  AcquireAtDpc(SpinLock, "KeAcquireSpinLockAtDpcLevel");
}

VOID NTAPI KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock) {
  if (!Present(SpinLock, "KeReleaseSpinLockFromDpcLevel", "SpinLock", kWrite)) return;
  ReleaseAtDpc(SpinLock, "KeReleaseSpinLockFromDpcLevel");
}

BOOLEAN FASTCALL KeTestSpinLock(PKSPIN_LOCK SpinLock) {
  if (!Present(SpinLock, "KeTestSpinLock", "SpinLock", kRead)) return FALSE;
  return __atomic_load_n(SpinLock, __ATOMIC_RELAXED) == 0 ? TRUE : FALSE;
}

BOOLEAN FASTCALL KeTryToAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock) {
  if (!Present(SpinLock, "KeTryToAcquireSpinLockAtDpcLevel", "SpinLock", kWrite)) return FALSE;
  ULONG_PTR expected = 0;
  if (__atomic_compare_exchange_n(SpinLock, &expected, Self(), false, __ATOMIC_ACQUIRE,
                                  __ATOMIC_RELAXED)) {
    poolsim::Ambient().CountSpinLockAcquire();
    NoteHolder(SpinLock);
    return TRUE;
  }
  return FALSE;
}

VOID FASTCALL KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock,
                                             PKLOCK_QUEUE_HANDLE LockHandle) {
  if (!Present(SpinLock, "KeAcquireInStackQueuedSpinLock", "SpinLock", kWrite) ||
      !Present(LockHandle, "KeAcquireInStackQueuedSpinLock", "LockHandle", kWrite)) {
    return;
  }
  LockHandle->LockQueue.Next = nullptr;
  LockHandle->LockQueue.Lock = SpinLock;
  Acquire(SpinLock, &LockHandle->OldIrql, "KeAcquireInStackQueuedSpinLock");
}

VOID FASTCALL KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle) {
  if (!Present(LockHandle, "KeReleaseInStackQueuedSpinLock", "LockHandle", kRead) ||
      !Present(LockHandle->LockQueue.Lock, "KeReleaseInStackQueuedSpinLock",
               "LockHandle->LockQueue.Lock", kWrite)) {
    return;
  }
  Release(LockHandle->LockQueue.Lock, LockHandle->OldIrql, "KeReleaseInStackQueuedSpinLock");
}

VOID FASTCALL KeAcquireInStackQueuedSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock,
                                                       PKLOCK_QUEUE_HANDLE LockHandle) {
  if (!Present(SpinLock, "KeAcquireInStackQueuedSpinLockAtDpcLevel", "SpinLock", kWrite) ||
      !Present(LockHandle, "KeAcquireInStackQueuedSpinLockAtDpcLevel", "LockHandle", kWrite)) {
    return;
  }
  LockHandle->LockQueue.Next = nullptr;
  LockHandle->LockQueue.Lock = SpinLock;
  AcquireAtDpc(SpinLock, "KeAcquireInStackQueuedSpinLockAtDpcLevel");
}

VOID FASTCALL KeReleaseInStackQueuedSpinLockFromDpcLevel(PKLOCK_QUEUE_HANDLE LockHandle) {
  if (!Present(LockHandle, "KeReleaseInStackQueuedSpinLockFromDpcLevel", "LockHandle", kRead) ||
      !Present(LockHandle->LockQueue.Lock, "KeReleaseInStackQueuedSpinLockFromDpcLevel",
               "LockHandle->LockQueue.Lock", kWrite)) {
    return;
  }
  ReleaseAtDpc(LockHandle->LockQueue.Lock, "KeReleaseInStackQueuedSpinLockFromDpcLevel");
}

VOID NTAPI KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3,
                        ULONG_PTR P4) {
  // A stop the driver asked for: its own code, raised by value.
  Raise(poolsim::MakeDriverBugCheck(BugCheckCode, {P1, P2, P3, P4},
                                    "KeBugCheckEx called by the driver"),
        0);
}

VOID NTAPI KeBugCheck(ULONG BugCheckCode) {
  Raise(poolsim::MakeDriverBugCheck(BugCheckCode, {0, 0, 0, 0}, "KeBugCheck called by the driver"),
        0);
}

VOID NTAPI ExRaiseStatus(NTSTATUS Status) {
  Raise(poolsim::MakeBugCheck(
            poolsim::bugcheck_rule::kRaiseStatus, {static_cast<ULONG>(Status)},
            absl::StrFormat("exception 0x%08X raised and not handled (there is no structured "
                            "exception handling on the host)",
                            static_cast<ULONG>(Status))),
        0);
}

}  // extern "C"
