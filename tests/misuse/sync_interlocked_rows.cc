// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of the interlocked operations and barriers
// (sync/wdk/interlocked.h): the NULL target, and the boundary values at
// HIGH_LEVEL.
#include <climits>

#include "tests/misuse/sync_rows.h"

namespace misuse {
namespace {

// --- interlocked operations -------------------------------------------------------------

// A NULL target is the fault Windows takes; the operation returns 0.
#define SYNC_INTERLOCKED_NULL_ROW(api, type, write, ...)                            \
  MISUSE_CASE(api, NullTarget) {                                                    \
    type result = 1;                                                                \
    EXPECT_ONLY_BUGCHECK(result = api(static_cast<type volatile*>(nullptr) __VA_ARGS__), \
                         0x1E, {kAccessViolation, 0, write, 0});                    \
    EXPECT_EQ(result, 0);                                                           \
  }

SYNC_INTERLOCKED_NULL_ROW(InterlockedIncrement, LONG, 1)
SYNC_INTERLOCKED_NULL_ROW(InterlockedDecrement, LONG, 1)
SYNC_INTERLOCKED_NULL_ROW(InterlockedExchange, LONG, 1, , 5)
SYNC_INTERLOCKED_NULL_ROW(InterlockedExchangeAdd, LONG, 1, , 5)
SYNC_INTERLOCKED_NULL_ROW(InterlockedAdd, LONG, 1, , 5)
SYNC_INTERLOCKED_NULL_ROW(InterlockedCompareExchange, LONG, 1, , 5, 0)
SYNC_INTERLOCKED_NULL_ROW(InterlockedAnd, LONG, 1, , 5)
SYNC_INTERLOCKED_NULL_ROW(InterlockedOr, LONG, 1, , 5)
SYNC_INTERLOCKED_NULL_ROW(InterlockedXor, LONG, 1, , 5)
SYNC_INTERLOCKED_NULL_ROW(InterlockedIncrement64, LONG64, 1)
SYNC_INTERLOCKED_NULL_ROW(InterlockedDecrement64, LONG64, 1)
SYNC_INTERLOCKED_NULL_ROW(InterlockedExchange64, LONG64, 1, , 5)
SYNC_INTERLOCKED_NULL_ROW(InterlockedExchangeAdd64, LONG64, 1, , 5)
SYNC_INTERLOCKED_NULL_ROW(InterlockedAdd64, LONG64, 1, , 5)
SYNC_INTERLOCKED_NULL_ROW(InterlockedCompareExchange64, LONG64, 1, , 5, 0)
SYNC_INTERLOCKED_NULL_ROW(InterlockedAnd64, LONG64, 1, , 5)
SYNC_INTERLOCKED_NULL_ROW(InterlockedOr64, LONG64, 1, , 5)
SYNC_INTERLOCKED_NULL_ROW(InterlockedXor64, LONG64, 1, , 5)
SYNC_INTERLOCKED_NULL_ROW(ReadAcquire, LONG, 0)
SYNC_INTERLOCKED_NULL_ROW(ReadNoFence, LONG, 0)
SYNC_INTERLOCKED_NULL_ROW(ReadAcquire64, LONG64, 0)
SYNC_INTERLOCKED_NULL_ROW(ReadNoFence64, LONG64, 0)

#define SYNC_INTERLOCKED_WRITE_NULL_ROW(api, type)                                      \
  MISUSE_CASE(api, NullTarget) {                                                        \
    EXPECT_ONLY_BUGCHECK(api(static_cast<type volatile*>(nullptr), 7), 0x1E,            \
                         {kAccessViolation, 0, 1, 0});                                  \
    AtIrql(DISPATCH_LEVEL, [&] {                                                        \
      EXPECT_ONLY_BUGCHECK(api(static_cast<type volatile*>(nullptr), 7), 0xD1,          \
                           {0, DISPATCH_LEVEL, 1, 0});                                  \
    });                                                                                 \
  }

SYNC_INTERLOCKED_WRITE_NULL_ROW(WriteRelease, LONG)
SYNC_INTERLOCKED_WRITE_NULL_ROW(WriteNoFence, LONG)
SYNC_INTERLOCKED_WRITE_NULL_ROW(WriteRelease64, LONG64)
SYNC_INTERLOCKED_WRITE_NULL_ROW(WriteNoFence64, LONG64)

MISUSE_CASE(InterlockedIncrement, NullTargetAtDispatch) {
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(InterlockedIncrement(nullptr), 0xD1, {0, DISPATCH_LEVEL, 1, 0});
  });
}

MISUSE_CASE(InterlockedExchangePointer, NullTarget) {
  PVOID result = &result;
  int value = 0;
  EXPECT_ONLY_BUGCHECK(
      result = InterlockedExchangePointer(static_cast<PVOID volatile*>(nullptr), &value), 0x1E,
      {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(result, nullptr);
}

MISUSE_CASE(InterlockedCompareExchangePointer, NullTarget) {
  PVOID result = &result;
  int value = 0;
  EXPECT_ONLY_BUGCHECK(result = InterlockedCompareExchangePointer(
                           static_cast<PVOID volatile*>(nullptr), &value, nullptr),
                       0x1E, {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(result, nullptr);
}

// The boundary values, at HIGH_LEVEL (the operations have no IRQL limit):
// two's-complement wrap-around, as the processor's locked instructions.
MISUSE_CASE(InterlockedIncrement, WrapsAtHighLevel) {
  LONG volatile v = kLongMax;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(EXPECT_EQ(InterlockedIncrement(&v), kLongMin)); });
  EXPECT_EQ(v, kLongMin);
}

MISUSE_CASE(InterlockedDecrement, WrapsAtHighLevel) {
  LONG volatile v = kLongMin;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_EQ(InterlockedDecrement(&v), kLongMax); });
}

MISUSE_CASE(InterlockedExchange, ReturnsTheOldValue) {
  LONG volatile v = kLongMin;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_EQ(InterlockedExchange(&v, kLongMax), kLongMin); });
  EXPECT_EQ(v, kLongMax);
}

MISUSE_CASE(InterlockedExchangeAdd, WrapsAndReturnsTheOldValue) {
  LONG volatile v = kLongMax;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_EQ(InterlockedExchangeAdd(&v, 1), kLongMax); });
  EXPECT_EQ(v, kLongMin);
}

MISUSE_CASE(InterlockedAdd, WrapsAndReturnsTheNewValue) {
  LONG volatile v = kLongMin;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_EQ(InterlockedAdd(&v, -1), kLongMax); });
}

MISUSE_CASE(InterlockedCompareExchange, MismatchLeavesTheValue) {
  LONG volatile v = 7;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_EQ(InterlockedCompareExchange(&v, kLongMin, 8), 7);
    EXPECT_EQ(v, 7);
    EXPECT_EQ(InterlockedCompareExchange(&v, kLongMin, 7), 7);
  });
  EXPECT_EQ(v, kLongMin);
}

MISUSE_CASE(InterlockedAnd, AllAndNoBits) {
  LONG volatile v = -1;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_EQ(InterlockedAnd(&v, -1), -1);
    EXPECT_EQ(InterlockedAnd(&v, 0), -1);
  });
  EXPECT_EQ(v, 0);
}

MISUSE_CASE(InterlockedOr, AllBits) {
  LONG volatile v = 0;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_EQ(InterlockedOr(&v, kLongMin), 0); });
  EXPECT_EQ(v, kLongMin);
}

MISUSE_CASE(InterlockedXor, AllBits) {
  LONG volatile v = 0x0F0F0F0F;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_EQ(InterlockedXor(&v, -1), 0x0F0F0F0F); });
  EXPECT_EQ(v, static_cast<LONG>(0xF0F0F0F0u));
}

MISUSE_CASE(InterlockedIncrement64, WrapsAtHighLevel) {
  LONG64 volatile v = LLONG_MAX;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_EQ(InterlockedIncrement64(&v), LLONG_MIN); });
}

MISUSE_CASE(InterlockedDecrement64, WrapsAtHighLevel) {
  LONG64 volatile v = LLONG_MIN;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_EQ(InterlockedDecrement64(&v), LLONG_MAX); });
}

MISUSE_CASE(InterlockedExchange64, ReturnsTheOldValue) {
  LONG64 volatile v = LLONG_MIN;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_EQ(InterlockedExchange64(&v, LLONG_MAX), LLONG_MIN); });
  EXPECT_EQ(v, LLONG_MAX);
}

MISUSE_CASE(InterlockedExchangeAdd64, WrapsAndReturnsTheOldValue) {
  LONG64 volatile v = LLONG_MAX;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_EQ(InterlockedExchangeAdd64(&v, 1), LLONG_MAX); });
  EXPECT_EQ(v, LLONG_MIN);
}

MISUSE_CASE(InterlockedAdd64, WrapsAndReturnsTheNewValue) {
  LONG64 volatile v = LLONG_MIN;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_EQ(InterlockedAdd64(&v, -1), LLONG_MAX); });
}

MISUSE_CASE(InterlockedCompareExchange64, MismatchLeavesTheValue) {
  LONG64 volatile v = LLONG_MIN;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_EQ(InterlockedCompareExchange64(&v, 1, LLONG_MAX), LLONG_MIN);
    EXPECT_EQ(InterlockedCompareExchange64(&v, 1, LLONG_MIN), LLONG_MIN);
  });
  EXPECT_EQ(v, 1);
}

MISUSE_CASE(InterlockedAnd64, AllAndNoBits) {
  LONG64 volatile v = -1;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_EQ(InterlockedAnd64(&v, LLONG_MIN), -1); });
  EXPECT_EQ(v, LLONG_MIN);
}

MISUSE_CASE(InterlockedOr64, AllBits) {
  LONG64 volatile v = LLONG_MIN;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_EQ(InterlockedOr64(&v, LLONG_MAX), LLONG_MIN); });
  EXPECT_EQ(v, -1);
}

MISUSE_CASE(InterlockedXor64, AllBits) {
  LONG64 volatile v = -1;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_EQ(InterlockedXor64(&v, -1), -1); });
  EXPECT_EQ(v, 0);
}

MISUSE_CASE(InterlockedExchangePointer, TypedTargetAtHighLevel) {
  int a = 0;
  int b = 0;
  int* volatile slot = &a;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_EQ(InterlockedExchangePointer(&slot, &b), &a); });
  EXPECT_EQ(slot, &b);
  EXPECT_EQ(InterlockedExchangePointer(&slot, nullptr), &b);
}

MISUSE_CASE(InterlockedCompareExchangePointer, MismatchLeavesTheTarget) {
  int a = 0;
  int b = 0;
  int* volatile slot = nullptr;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_EQ(InterlockedCompareExchangePointer(&slot, &b, &a), nullptr);
    EXPECT_EQ(slot, nullptr);
    EXPECT_EQ(InterlockedCompareExchangePointer(&slot, &b, nullptr), nullptr);
  });
  EXPECT_EQ(slot, &b);
}

MISUSE_CASE(ReadAcquire, ExtremesAtHighLevel) {
  LONG volatile v = kLongMin;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_EQ(ReadAcquire(&v), kLongMin);
    EXPECT_EQ(ReadNoFence(&v), kLongMin);
  });
}

MISUSE_CASE(ReadAcquire64, ExtremesAtHighLevel) {
  LONG64 volatile v = LLONG_MAX;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_EQ(ReadAcquire64(&v), LLONG_MAX);
    EXPECT_EQ(ReadNoFence64(&v), LLONG_MAX);
  });
}

MISUSE_CASE(WriteRelease, ExtremesAtHighLevel) {
  LONG volatile v = 0;
  AtIrql(HIGH_LEVEL, [&] {
    WriteRelease(&v, kLongMin);
    EXPECT_EQ(ReadNoFence(&v), kLongMin);
    WriteNoFence(&v, kLongMax);
  });
  EXPECT_EQ(ReadAcquire(&v), kLongMax);
}

MISUSE_CASE(WriteRelease64, ExtremesAtHighLevel) {
  LONG64 volatile v = 0;
  AtIrql(HIGH_LEVEL, [&] {
    WriteRelease64(&v, LLONG_MIN);
    EXPECT_EQ(ReadNoFence64(&v), LLONG_MIN);
    WriteNoFence64(&v, LLONG_MAX);
  });
  EXPECT_EQ(ReadAcquire64(&v), LLONG_MAX);
}

MISUSE_CASE(SyncFullBarrier, AtHighLevel) {
  LONG volatile v = 0;
  AtIrql(HIGH_LEVEL, [&] {
    WriteNoFence(&v, 1);
    EXPECT_NO_BUGCHECK(SyncFullBarrier());
    EXPECT_NO_BUGCHECK(KeMemoryBarrier());
    EXPECT_NO_BUGCHECK(KeMemoryBarrierWithoutFence());
  });
  EXPECT_EQ(ReadNoFence(&v), 1);
}

}  // namespace
}  // namespace misuse
