// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: sync/wdk/internal/dispatcher_objects.cc
// -----------------------------------------------------------------------------
//
// Dispatcher objects and waits. Blocked waits are records in one list (the
// dispatcher's wait list); every signal walks it in arrival order and
// satisfies the waits it can, then wakes the host threads.

#include "sync/wdk/internal/dispatcher_objects.h"

#include <list>

#include "poolsim/schedule_point.h"
#include "sync/internal/dispatcher_lock.h"
#include "sync/thread_state.h"

namespace ksync {
namespace {

using poolsim::poolsim_internal::MutexLock;
using sync_internal::g_dispatcher_mu;

// A blocked wait.
struct Waiter {
  const WaitRequest* request;
  uint32_t thread;
  bool done = false;
  uint32_t index = 0;
  int mutexes_acquired = 0;  // first acquisitions, applied by the waiting thread
};

std::list<Waiter*>& Waiters() ABSL_EXCLUSIVE_LOCKS_REQUIRED(g_dispatcher_mu) {
  static auto* waiters = new std::list<Waiter*>();
  return *waiters;
}

UCHAR SizeOf(ObjectType type) {
  switch (type) {
    case ObjectType::kNotificationEvent:
    case ObjectType::kSynchronizationEvent:
      return sizeof(KEVENT) / sizeof(LONG);
    case ObjectType::kMutant:
      return sizeof(KMUTANT) / sizeof(LONG);
    case ObjectType::kSemaphore:
      return sizeof(KSEMAPHORE) / sizeof(LONG);
  }
  return 0;
}

ObjectType TypeOf(const DISPATCHER_HEADER* h) { return static_cast<ObjectType>(h->Type); }

uint32_t MutexOwner(const DISPATCHER_HEADER* h) {
  return static_cast<uint32_t>(
      reinterpret_cast<uintptr_t>(reinterpret_cast<const KMUTANT*>(h)->OwnerThread));
}

bool Signaled(const DISPATCHER_HEADER* h, uint32_t thread)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(g_dispatcher_mu) {
  if (TypeOf(h) == ObjectType::kMutant) return h->SignalState > 0 || MutexOwner(h) == thread;
  return h->SignalState > 0;
}

// Applies a satisfied wait's side effect; returns 1 for a mutex's first
// acquisition.
int Consume(DISPATCHER_HEADER* h, uint32_t thread) ABSL_EXCLUSIVE_LOCKS_REQUIRED(g_dispatcher_mu) {
  switch (TypeOf(h)) {
    case ObjectType::kNotificationEvent:
      return 0;
    case ObjectType::kSynchronizationEvent:
      h->SignalState = 0;
      return 0;
    case ObjectType::kSemaphore:
      --h->SignalState;
      return 0;
    case ObjectType::kMutant: {
      auto* m = reinterpret_cast<KMUTANT*>(h);
      const bool first = MutexOwner(h) != thread;
      m->OwnerThread = reinterpret_cast<struct _KTHREAD*>(static_cast<uintptr_t>(thread));
      --h->SignalState;
      return first ? 1 : 0;
    }
  }
  return 0;
}

// Satisfies `request` for `thread` now if it can; fills the waiter fields.
bool TrySatisfy(const WaitRequest& request, uint32_t thread, uint32_t* index, int* mutexes)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(g_dispatcher_mu) {
  if (request.wait_all) {
    for (uint32_t i = 0; i < request.count; ++i) {
      if (!Signaled(request.objects[i], thread)) return false;
    }
    for (uint32_t i = 0; i < request.count; ++i) {
      *mutexes += Consume(request.objects[i], thread);
    }
    *index = 0;
    return true;
  }
  for (uint32_t i = 0; i < request.count; ++i) {
    if (Signaled(request.objects[i], thread)) {
      *mutexes += Consume(request.objects[i], thread);
      *index = i;
      return true;
    }
  }
  return false;
}

// Satisfies blocked waits in arrival order after a state change.
void SatisfyWaiters() ABSL_EXCLUSIVE_LOCKS_REQUIRED(g_dispatcher_mu) {
  bool any = false;
  auto& waiters = Waiters();
  for (auto it = waiters.begin(); it != waiters.end();) {
    Waiter* w = *it;
    if (TrySatisfy(*w->request, w->thread, &w->index, &w->mutexes_acquired)) {
      w->done = true;
      any = true;
      it = waiters.erase(it);
    } else {
      ++it;
    }
  }
  if (any) sync_internal::NotifyAll();
}

}  // namespace

void InitializeObject(DISPATCHER_HEADER* header, ObjectType type, LONG signal_state) {
  MutexLock l(&g_dispatcher_mu);
  header->Type = static_cast<UCHAR>(type);
  header->Signalling = 0;
  header->Size = SizeOf(type);
  header->Reserved1 = 0;
  header->SignalState = signal_state;
  header->WaitListHead.Flink = &header->WaitListHead;
  header->WaitListHead.Blink = &header->WaitListHead;
}

void InitializeUnusableObject(DISPATCHER_HEADER* header, UCHAR type) {
  MutexLock l(&g_dispatcher_mu);
  header->Type = type;
  header->Signalling = 0;
  header->Size = 0;
  header->Reserved1 = 0;
  header->SignalState = 0;
  header->WaitListHead.Flink = &header->WaitListHead;
  header->WaitListHead.Blink = &header->WaitListHead;
}

bool IsValidObject(const DISPATCHER_HEADER* header) {
  MutexLock l(&g_dispatcher_mu);
  switch (header->Type) {
    case static_cast<UCHAR>(ObjectType::kNotificationEvent):
    case static_cast<UCHAR>(ObjectType::kSynchronizationEvent):
    case static_cast<UCHAR>(ObjectType::kMutant):
    case static_cast<UCHAR>(ObjectType::kSemaphore):
      return header->Size == SizeOf(TypeOf(header));
    default:
      return false;
  }
}

bool ValidObjectType(const DISPATCHER_HEADER* header, ObjectType* type) {
  if (!IsValidObject(header)) return false;
  MutexLock l(&g_dispatcher_mu);
  *type = TypeOf(header);
  return true;
}

LONG ReadSignalState(const DISPATCHER_HEADER* header) {
  MutexLock l(&g_dispatcher_mu);
  return header->SignalState;
}

LONG SignalEvent(DISPATCHER_HEADER* header, SignalOp op) {
  poolsim::SchedulePoint(poolsim::SwitchKind::kSignal, "KeSetEvent, KePulseEvent, KeResetEvent or KeClearEvent");
  MutexLock l(&g_dispatcher_mu);
  const LONG previous = header->SignalState;
  switch (op) {
    case SignalOp::kReset:
      header->SignalState = 0;
      break;
    case SignalOp::kSet:
      header->SignalState = 1;
      SatisfyWaiters();
      break;
    case SignalOp::kPulse:
      header->SignalState = 1;
      SatisfyWaiters();
      header->SignalState = 0;
      break;
  }
  return previous;
}

ReleaseResult ReleaseSemaphore(KSEMAPHORE* semaphore, LONG adjustment, LONG* previous) {
  poolsim::SchedulePoint(poolsim::SwitchKind::kSignal, "KeReleaseSemaphore");
  MutexLock l(&g_dispatcher_mu);
  const LONG count = semaphore->Header.SignalState;
  *previous = count;
  // In 64 bits: a count, limit or adjustment near the LONG range cannot wrap.
  const int64_t next = static_cast<int64_t>(count) + adjustment;
  if (adjustment <= 0 || next > semaphore->Limit) return ReleaseResult::kLimitExceeded;
  semaphore->Header.SignalState = static_cast<LONG>(next);
  SatisfyWaiters();
  return ReleaseResult::kReleased;
}

ReleaseResult ReleaseMutex(KMUTANT* mutex, LONG* previous) {
  poolsim::SchedulePoint(poolsim::SwitchKind::kRelease, "KeReleaseMutex");
  const uint32_t self = Self();
  bool last = false;
  {
    MutexLock l(&g_dispatcher_mu);
    *previous = mutex->Header.SignalState;
    if (mutex->Header.SignalState > 0 || MutexOwner(&mutex->Header) != self) {
      return ReleaseResult::kNotOwner;
    }
    if (++mutex->Header.SignalState == 1) {
      mutex->OwnerThread = nullptr;
      last = true;
      SatisfyWaiters();
    }
  }
  // Owning the mutex disabled normal kernel APCs; releasing it enables them.
  if (last) {
    ThreadState& s = CurrentThreadState();
    if (s.critical_regions > 0) --s.critical_regions;
  }
  return ReleaseResult::kReleased;
}

WaitOutcome Wait(const WaitRequest& request, uint32_t* index) {
  poolsim::SchedulePoint(poolsim::SwitchKind::kWait, "KeWaitForSingleObject or KeWaitForMultipleObjects");
  const uint32_t self = Self();
  const sync_internal::Deadline deadline = sync_internal::Deadline::Make(
      request.infinite, request.poll ? sync_internal::Clock::now() : request.until);
  Waiter waiter{&request, self};
  WaitOutcome outcome = WaitOutcome::kSatisfied;
  {
    MutexLock l(&g_dispatcher_mu);
    if (!TrySatisfy(request, self, &waiter.index, &waiter.mutexes_acquired)) {
      if (request.poll) {
        outcome = WaitOutcome::kTimeout;
      } else {
        Waiters().push_back(&waiter);
        while (!waiter.done) {
          const sync_internal::WaitState w = sync_internal::WaitForChange(deadline);
          if (waiter.done) break;
          if (w == sync_internal::WaitState::kUserTimeout ||
              w == sync_internal::WaitState::kBoundExpired) {
            Waiters().remove(&waiter);
            outcome = w == sync_internal::WaitState::kUserTimeout ? WaitOutcome::kTimeout
                                                                   : WaitOutcome::kBoundExpired;
            break;
          }
        }
      }
    }
  }
  CurrentThreadState().critical_regions += waiter.mutexes_acquired;
  *index = waiter.index;
  return outcome;
}

WaitOutcome Delay(bool infinite, std::chrono::steady_clock::time_point until) {
  poolsim::SchedulePoint(poolsim::SwitchKind::kWait, "KeDelayExecutionThread");
  const sync_internal::Deadline deadline = sync_internal::Deadline::Make(infinite, until);
  MutexLock l(&g_dispatcher_mu);
  for (;;) {
    switch (sync_internal::WaitForChange(deadline)) {
      case sync_internal::WaitState::kReady:
        break;
      case sync_internal::WaitState::kUserTimeout:
        return WaitOutcome::kSatisfied;
      case sync_internal::WaitState::kBoundExpired:
        return WaitOutcome::kBoundExpired;
    }
  }
}

}  // namespace ksync
