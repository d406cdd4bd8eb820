/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: sync/wdk/interlocked.h
 * -----------------------------------------------------------------------------
 *
 * Interlocked operations, memory barriers and the ReadNoFence / WriteNoFence
 * family, on the compiler's __atomic builtins (so ThreadSanitizer sees them).
 * LLP64 sizes: the plain forms work on 32-bit LONG, the ...64 forms on
 * LONG64. Every operation is sequentially consistent (a full barrier, as on
 * x64). Header-only but for the report of a NULL target (the fault Windows
 * takes, see sync/wdk/internal/interlocked_check.h), after which an
 * operation returns 0 (NULL) and touches nothing; C11 and C++.
 *
 * InterlockedExchangePointer / InterlockedCompareExchangePointer are
 * type-generic: a typed pointer's address (PMY_CONTEXT *) is accepted as the
 * target without incompatible-pointer diagnostics, in C (macros on
 * __typeof__) and in C++ (templates); the result has the target's type. */

#ifndef SYNC_WDK_INTERLOCKED_H_
#define SYNC_WDK_INTERLOCKED_H_

#include "poolsim/wdk/ntdef.h"
#include "sync/wdk/internal/interlocked_check.h"

#define SYNC_SEQ __ATOMIC_SEQ_CST

static inline LONG InterlockedIncrement(LONG volatile* Addend) {
  if (!SYNC_TARGET_OK(Addend, "InterlockedIncrement", "Addend", 1)) return 0;
  return __atomic_add_fetch(Addend, 1, SYNC_SEQ);
}
static inline LONG InterlockedDecrement(LONG volatile* Addend) {
  if (!SYNC_TARGET_OK(Addend, "InterlockedDecrement", "Addend", 1)) return 0;
  return __atomic_sub_fetch(Addend, 1, SYNC_SEQ);
}
static inline LONG InterlockedExchange(LONG volatile* Target, LONG Value) {
  if (!SYNC_TARGET_OK(Target, "InterlockedExchange", "Target", 1)) return 0;
  return __atomic_exchange_n(Target, Value, SYNC_SEQ);
}
static inline LONG InterlockedExchangeAdd(LONG volatile* Addend, LONG Value) {
  if (!SYNC_TARGET_OK(Addend, "InterlockedExchangeAdd", "Addend", 1)) return 0;
  return __atomic_fetch_add(Addend, Value, SYNC_SEQ);
}
static inline LONG InterlockedAdd(LONG volatile* Addend, LONG Value) {
  if (!SYNC_TARGET_OK(Addend, "InterlockedAdd", "Addend", 1)) return 0;
  return __atomic_add_fetch(Addend, Value, SYNC_SEQ);
}
static inline LONG InterlockedCompareExchange(LONG volatile* Destination, LONG Exchange,
                                              LONG Comparand) {
  if (!SYNC_TARGET_OK(Destination, "InterlockedCompareExchange", "Destination", 1)) return 0;
  __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, SYNC_SEQ, SYNC_SEQ);
  return Comparand;
}
static inline LONG InterlockedAnd(LONG volatile* Destination, LONG Value) {
  if (!SYNC_TARGET_OK(Destination, "InterlockedAnd", "Destination", 1)) return 0;
  return __atomic_fetch_and(Destination, Value, SYNC_SEQ);
}
static inline LONG InterlockedOr(LONG volatile* Destination, LONG Value) {
  if (!SYNC_TARGET_OK(Destination, "InterlockedOr", "Destination", 1)) return 0;
  return __atomic_fetch_or(Destination, Value, SYNC_SEQ);
}
static inline LONG InterlockedXor(LONG volatile* Destination, LONG Value) {
  if (!SYNC_TARGET_OK(Destination, "InterlockedXor", "Destination", 1)) return 0;
  return __atomic_fetch_xor(Destination, Value, SYNC_SEQ);
}

static inline LONG64 InterlockedIncrement64(LONG64 volatile* Addend) {
  if (!SYNC_TARGET_OK(Addend, "InterlockedIncrement64", "Addend", 1)) return 0;
  return __atomic_add_fetch(Addend, 1, SYNC_SEQ);
}
static inline LONG64 InterlockedDecrement64(LONG64 volatile* Addend) {
  if (!SYNC_TARGET_OK(Addend, "InterlockedDecrement64", "Addend", 1)) return 0;
  return __atomic_sub_fetch(Addend, 1, SYNC_SEQ);
}
static inline LONG64 InterlockedExchange64(LONG64 volatile* Target, LONG64 Value) {
  if (!SYNC_TARGET_OK(Target, "InterlockedExchange64", "Target", 1)) return 0;
  return __atomic_exchange_n(Target, Value, SYNC_SEQ);
}
static inline LONG64 InterlockedExchangeAdd64(LONG64 volatile* Addend, LONG64 Value) {
  if (!SYNC_TARGET_OK(Addend, "InterlockedExchangeAdd64", "Addend", 1)) return 0;
  return __atomic_fetch_add(Addend, Value, SYNC_SEQ);
}
static inline LONG64 InterlockedAdd64(LONG64 volatile* Addend, LONG64 Value) {
  if (!SYNC_TARGET_OK(Addend, "InterlockedAdd64", "Addend", 1)) return 0;
  return __atomic_add_fetch(Addend, Value, SYNC_SEQ);
}
static inline LONG64 InterlockedCompareExchange64(LONG64 volatile* Destination, LONG64 Exchange,
                                                  LONG64 Comparand) {
  if (!SYNC_TARGET_OK(Destination, "InterlockedCompareExchange64", "Destination", 1)) return 0;
  __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, SYNC_SEQ, SYNC_SEQ);
  return Comparand;
}
static inline LONG64 InterlockedAnd64(LONG64 volatile* Destination, LONG64 Value) {
  if (!SYNC_TARGET_OK(Destination, "InterlockedAnd64", "Destination", 1)) return 0;
  return __atomic_fetch_and(Destination, Value, SYNC_SEQ);
}
static inline LONG64 InterlockedOr64(LONG64 volatile* Destination, LONG64 Value) {
  if (!SYNC_TARGET_OK(Destination, "InterlockedOr64", "Destination", 1)) return 0;
  return __atomic_fetch_or(Destination, Value, SYNC_SEQ);
}
static inline LONG64 InterlockedXor64(LONG64 volatile* Destination, LONG64 Value) {
  if (!SYNC_TARGET_OK(Destination, "InterlockedXor64", "Destination", 1)) return 0;
  return __atomic_fetch_xor(Destination, Value, SYNC_SEQ);
}

/* The size_t forms. */
#define InterlockedExchangeAddSizeT(a, b) \
  ((SIZE_T)InterlockedExchangeAdd64((LONG64 volatile*)(a), (LONG64)(b)))
#define InterlockedIncrementSizeT(a) ((SIZE_T)InterlockedIncrement64((LONG64 volatile*)(a)))
#define InterlockedDecrementSizeT(a) ((SIZE_T)InterlockedDecrement64((LONG64 volatile*)(a)))

/* The pointer forms, type-generic. In C++ they are templates, kept in C++
 * linkage so that a test may include a driver's headers inside extern "C". */
#ifdef __cplusplus
extern "C++" {
template <typename T>
struct SyncInterlockedIdentity {
  typedef T type;
};
template <typename T>
static inline T* InterlockedExchangePointer(T* volatile* Target,
                                            typename SyncInterlockedIdentity<T>::type* Value) {
  if (!SYNC_TARGET_OK(Target, "InterlockedExchangePointer", "Target", 1)) return nullptr;
  return __atomic_exchange_n(Target, Value, SYNC_SEQ);
}
template <typename T>
static inline T* InterlockedCompareExchangePointer(
    T* volatile* Destination, typename SyncInterlockedIdentity<T>::type* Exchange,
    typename SyncInterlockedIdentity<T>::type* Comparand) {
  if (!SYNC_TARGET_OK(Destination, "InterlockedCompareExchangePointer", "Destination", 1)) {
    return nullptr;
  }
  __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, SYNC_SEQ, SYNC_SEQ);
  return Comparand;
}
}  /* extern "C++" */
#else
/* The target's unqualified pointer type. */
#define SYNC_POINTEE_TYPE(target) __typeof__((void)0, *(target))
#define InterlockedExchangePointer(Target, Value)                                         \
  __extension__({                                                                         \
    SYNC_POINTEE_TYPE(Target) sync_value_ = (SYNC_POINTEE_TYPE(Target))(Value);           \
    SYNC_POINTEE_TYPE(Target) sync_old_ = (SYNC_POINTEE_TYPE(Target))0;                   \
    if (SYNC_TARGET_OK((Target), "InterlockedExchangePointer", "Target", 1)) {            \
      sync_old_ = __atomic_exchange_n((Target), sync_value_, SYNC_SEQ);                   \
    }                                                                                     \
    sync_old_;                                                                            \
  })
#define InterlockedCompareExchangePointer(Destination, Exchange, Comparand)               \
  __extension__({                                                                         \
    SYNC_POINTEE_TYPE(Destination) sync_comparand_ =                                      \
        (SYNC_POINTEE_TYPE(Destination))(Comparand);                                      \
    if (SYNC_TARGET_OK((Destination), "InterlockedCompareExchangePointer", "Destination", \
                       1)) {                                                              \
      __atomic_compare_exchange_n((Destination), &sync_comparand_,                        \
                                  (SYNC_POINTEE_TYPE(Destination))(Exchange), 0,          \
                                  SYNC_SEQ, SYNC_SEQ);                                    \
    } else {                                                                              \
      sync_comparand_ = (SYNC_POINTEE_TYPE(Destination))0;                                \
    }                                                                                     \
    sync_comparand_;                                                                      \
  })
#endif

/* Bit helpers (the result is discarded in the ...Discard forms). */
#define RtlInterlockedSetBits(Flags, Flag) InterlockedOr((LONG volatile*)(Flags), (LONG)(Flag))
#define RtlInterlockedClearBits(Flags, Flag) \
  InterlockedAnd((LONG volatile*)(Flags), ~(LONG)(Flag))
#define RtlInterlockedSetBitsDiscardReturn(Flags, Flag) \
  ((void)RtlInterlockedSetBits((Flags), (Flag)))
#define RtlInterlockedClearBitsDiscardReturn(Flags, Flag) \
  ((void)RtlInterlockedClearBits((Flags), (Flag)))

/* Barriers. A full barrier is a locked read-modify-write, as on x64 (and
 * what ThreadSanitizer understands, unlike a bare fence). */
static inline void SyncFullBarrier(void) {
  static LONG sync_barrier_word;
  __atomic_fetch_or(&sync_barrier_word, 0, SYNC_SEQ);
}
#define KeMemoryBarrier() SyncFullBarrier()
#define KeMemoryBarrierWithoutFence() __atomic_signal_fence(SYNC_SEQ)
#ifndef MemoryBarrier
#define MemoryBarrier() SyncFullBarrier()
#endif
#ifndef _ReadWriteBarrier
#define _ReadWriteBarrier() __atomic_signal_fence(SYNC_SEQ)
#endif

/* Single reads and writes without (NoFence) or with one-way ordering. */
static inline LONG ReadNoFence(LONG const volatile* Source) {
  if (!SYNC_TARGET_OK(Source, "ReadNoFence", "Source", 0)) return 0;
  return __atomic_load_n(Source, __ATOMIC_RELAXED);
}
static inline LONG ReadAcquire(LONG const volatile* Source) {
  if (!SYNC_TARGET_OK(Source, "ReadAcquire", "Source", 0)) return 0;
  return __atomic_load_n(Source, __ATOMIC_ACQUIRE);
}
static inline void WriteNoFence(LONG volatile* Destination, LONG Value) {
  if (!SYNC_TARGET_OK(Destination, "WriteNoFence", "Destination", 1)) return;
  __atomic_store_n(Destination, Value, __ATOMIC_RELAXED);
}
static inline void WriteRelease(LONG volatile* Destination, LONG Value) {
  if (!SYNC_TARGET_OK(Destination, "WriteRelease", "Destination", 1)) return;
  __atomic_store_n(Destination, Value, __ATOMIC_RELEASE);
}
static inline LONG64 ReadNoFence64(LONG64 const volatile* Source) {
  if (!SYNC_TARGET_OK(Source, "ReadNoFence64", "Source", 0)) return 0;
  return __atomic_load_n(Source, __ATOMIC_RELAXED);
}
static inline LONG64 ReadAcquire64(LONG64 const volatile* Source) {
  if (!SYNC_TARGET_OK(Source, "ReadAcquire64", "Source", 0)) return 0;
  return __atomic_load_n(Source, __ATOMIC_ACQUIRE);
}
static inline void WriteNoFence64(LONG64 volatile* Destination, LONG64 Value) {
  if (!SYNC_TARGET_OK(Destination, "WriteNoFence64", "Destination", 1)) return;
  __atomic_store_n(Destination, Value, __ATOMIC_RELAXED);
}
static inline void WriteRelease64(LONG64 volatile* Destination, LONG64 Value) {
  if (!SYNC_TARGET_OK(Destination, "WriteRelease64", "Destination", 1)) return;
  __atomic_store_n(Destination, Value, __ATOMIC_RELEASE);
}

#endif /* SYNC_WDK_INTERLOCKED_H_ */
