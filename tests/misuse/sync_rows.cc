// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of the kernel synchronization surface (sync/wdk/*.h):
// executive resources, critical and guarded regions, push locks, fast and
// guarded mutexes, events, semaphores, mutexes, waits, delays, clocks and
// the interlocked family. Default (retail) checks unless a case switches to
// the verifier's; waits that could block run with a short wait bound.

#include <climits>
#include <cstdint>
#include <cstring>
#include <future>
#include <thread>

#include "sync/wdk/sync.h"
#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;
constexpr uint32_t kVerifier = 0xC4;
constexpr uint32_t kBoundMs = 40;
constexpr ULONG kSemaphoreLimitExceeded = 0xC0000047;
constexpr ULONG kMutantNotOwned = 0xC0000046;
// The LLP64 LONG's range (the host's long is wider).
constexpr LONG kLongMax = 0x7FFFFFFF;
constexpr LONG kLongMin = -kLongMax - 1;

uintptr_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

// Storage never initialized: garbage, as on a stack.
template <typename T>
void Garbage(T* object) {
  std::memset(static_cast<void*>(object), 0xA5, sizeof(*object));
}

void ShortWaitBound(poolsim::Options& o) { o.wait_timeout_ms = kBoundMs; }
void VerifierChecks(poolsim::Options& o) { o.checks = poolsim::CheckMode::kVerifier; }

ULONG Self() { return static_cast<ULONG>(ExGetCurrentResourceThread()); }

// A resource initialized for the case and deleted at its end.
struct Resource {
  ERESOURCE r;
  Resource() { ExInitializeResourceLite(&r); }
  ~Resource() { ExDeleteResourceLite(&r); }
};

// Runs `hold` on another thread, then `body` on this one while that thread
// is still inside `hold`'s effect, then `release` on the other thread.
template <typename Hold, typename Body, typename Release>
void WhileHeldElsewhere(Hold hold, Body body, Release release) {
  std::promise<void> held;
  std::promise<void> done;
  std::thread other([&] {
    hold();
    held.set_value();
    done.get_future().wait();
    release();
  });
  held.get_future().wait();
  body();
  done.set_value();
  other.join();
}

// --- executive resources ---------------------------------------------------------

MISUSE_CASE(ExInitializeResourceLite, NullResource) {
  EXPECT_ONLY_BUGCHECK(ExInitializeResourceLite(nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(ExInitializeResourceLite, Twice) {
  Resource res;
  EXPECT_ONLY_BUGCHECK(ExInitializeResourceLite(&res.r), kVerifier,
                       {0xD0, Address(&res.r)});
  KeEnterCriticalRegion();
  EXPECT_TRUE(ExAcquireResourceExclusiveLite(&res.r, TRUE)) << "still usable";
  ExReleaseResourceLite(&res.r);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExInitializeResourceLite, GarbageStorageIsInitialized) {
  ERESOURCE r;
  Garbage(&r);
  EXPECT_NO_BUGCHECK(EXPECT_EQ(ExInitializeResourceLite(&r), STATUS_SUCCESS));
  EXPECT_EQ(ExIsResourceAcquiredSharedLite(&r), 0u);
  EXPECT_EQ(ExDeleteResourceLite(&r), STATUS_SUCCESS);
}

MISUSE_CASE(ExInitializeResourceLite, AboveDispatch) {
  ERESOURCE r;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExInitializeResourceLite(&r), 0x0A,
                         {Address(&r), HIGH_LEVEL, DISPATCH_LEVEL});
  });
  // Not initialized by the refused call: a delete is "never initialized".
  EXPECT_ONLY_BUGCHECK(ExDeleteResourceLite(&r), kVerifier, {0xD1, Address(&r)});
}

MISUSE_CASE(ExDeleteResourceLite, NullResource) {
  EXPECT_ONLY_BUGCHECK(ExDeleteResourceLite(nullptr), 0x1E, {kAccessViolation, 0, 1});
}

MISUSE_CASE(ExDeleteResourceLite, NeverInitialized) {
  ERESOURCE r;
  Garbage(&r);
  EXPECT_ONLY_BUGCHECK(ExDeleteResourceLite(&r), kVerifier, {0xD1, Address(&r), 0, 0});
}

MISUSE_CASE(ExDeleteResourceLite, Twice) {
  ERESOURCE r;
  ExInitializeResourceLite(&r);
  EXPECT_NO_BUGCHECK(ExDeleteResourceLite(&r));
  EXPECT_ONLY_BUGCHECK(ExDeleteResourceLite(&r), kVerifier, {0xD1, Address(&r)});
}

MISUSE_CASE(ExDeleteResourceLite, StillOwned) {
  ERESOURCE r;
  ExInitializeResourceLite(&r);
  KeEnterCriticalRegion();
  ExAcquireResourceSharedLite(&r, TRUE);
  EXPECT_ONLY_BUGCHECK(ExDeleteResourceLite(&r), kVerifier, {0x100B, Address(&r), Self()});
  EXPECT_EQ(ExIsResourceAcquiredSharedLite(&r), 1u) << "the resource stays as it was";
  ExReleaseResourceLite(&r);
  KeLeaveCriticalRegion();
  EXPECT_NO_BUGCHECK(ExDeleteResourceLite(&r));
}

MISUSE_CASE(ExDeleteResourceLite, AtDispatch) {
  ERESOURCE r;
  ExInitializeResourceLite(&r);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExDeleteResourceLite(&r), 0x0A,
                         {Address(&r), DISPATCH_LEVEL, APC_LEVEL});
  });
  EXPECT_NO_BUGCHECK(ExDeleteResourceLite(&r));  // still live
}

MISUSE_CASE(ExReinitializeResourceLite, NullResource) {
  EXPECT_ONLY_BUGCHECK(ExReinitializeResourceLite(nullptr), 0x1E, {kAccessViolation, 0, 1});
}

MISUSE_CASE(ExReinitializeResourceLite, NeverInitialized) {
  ERESOURCE r;
  Garbage(&r);
  EXPECT_ONLY_BUGCHECK(ExReinitializeResourceLite(&r), kVerifier, {0x1002, Address(&r)});
}

MISUSE_CASE(ExReinitializeResourceLite, AfterDelete) {
  ERESOURCE r;
  ExInitializeResourceLite(&r);
  ExDeleteResourceLite(&r);
  EXPECT_ONLY_BUGCHECK(ExReinitializeResourceLite(&r), kVerifier, {0x1002, Address(&r)});
}

MISUSE_CASE(ExReinitializeResourceLite, StillOwned) {
  Resource res;
  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&res.r, TRUE);
  EXPECT_ONLY_BUGCHECK(ExReinitializeResourceLite(&res.r), kVerifier,
                       {0x100B, Address(&res.r), Self()});
  EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&res.r));
  ExReleaseResourceLite(&res.r);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExReinitializeResourceLite, AboveDispatch) {
  Resource res;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExReinitializeResourceLite(&res.r), 0x0A,
                         {Address(&res.r), HIGH_LEVEL, DISPATCH_LEVEL});
  });
}

MISUSE_CASE(ExAcquireResourceExclusiveLite, NullResource) {
  KeEnterCriticalRegion();
  BOOLEAN got = TRUE;
  EXPECT_ONLY_BUGCHECK(got = ExAcquireResourceExclusiveLite(nullptr, TRUE), 0x1E,
                       {kAccessViolation, 0, 1});
  EXPECT_FALSE(got);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireResourceExclusiveLite, NeverInitialized) {
  ERESOURCE r;
  Garbage(&r);
  KeEnterCriticalRegion();
  BOOLEAN got = TRUE;
  EXPECT_ONLY_BUGCHECK(got = ExAcquireResourceExclusiveLite(&r, TRUE), kVerifier,
                       {0x1002, Address(&r)});
  EXPECT_FALSE(got);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireResourceExclusiveLite, AfterDelete) {
  ERESOURCE r;
  ExInitializeResourceLite(&r);
  ExDeleteResourceLite(&r);
  KeEnterCriticalRegion();
  BOOLEAN got = TRUE;
  EXPECT_ONLY_BUGCHECK(got = ExAcquireResourceExclusiveLite(&r, FALSE), kVerifier,
                       {0x1002, Address(&r)});
  EXPECT_FALSE(got);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireResourceExclusiveLite, AtDispatch) {
  Resource res;
  AtIrql(DISPATCH_LEVEL, [&] {
    BOOLEAN got = TRUE;
    EXPECT_ONLY_BUGCHECK(got = ExAcquireResourceExclusiveLite(&res.r, FALSE), 0x0A,
                         {Address(&res.r), DISPATCH_LEVEL, APC_LEVEL});
    EXPECT_FALSE(got);
  });
  EXPECT_FALSE(ExIsResourceAcquiredExclusiveLite(&res.r));
}

MISUSE_CASE(ExAcquireResourceExclusiveLite, SharedOwnerWaitsForItself) {
  Resource res;
  KeEnterCriticalRegion();
  ExAcquireResourceSharedLite(&res.r, TRUE);
  BOOLEAN got = TRUE;
  EXPECT_NO_BUGCHECK(got = ExAcquireResourceExclusiveLite(&res.r, FALSE));
  EXPECT_FALSE(got) << "Wait = FALSE: just not available";
  EXPECT_ONLY_BUGCHECK(got = ExAcquireResourceExclusiveLite(&res.r, TRUE), kVerifier,
                       {0x1000, Address(&res.r)});
  EXPECT_FALSE(got);
  EXPECT_EQ(ExIsResourceAcquiredSharedLite(&res.r), 1u);
  ExReleaseResourceLite(&res.r);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireResourceExclusiveLite, OutsideCriticalRegionVerifier) {
  ScopedOptions options(VerifierChecks);
  Resource res;
  BOOLEAN got = FALSE;
  EXPECT_ONLY_BUGCHECK(got = ExAcquireResourceExclusiveLite(&res.r, TRUE), kVerifier,
                       {0x37, PASSIVE_LEVEL, 0, Address(&res.r)});
  EXPECT_TRUE(got) << "the verifier reports and the acquisition proceeds";
  KeEnterCriticalRegion();
  ExReleaseResourceLite(&res.r);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireResourceExclusiveLite, HeldElsewherePastTheWaitBound) {
  ScopedOptions options(ShortWaitBound);
  Resource res;
  WhileHeldElsewhere(
      [&] {
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&res.r, TRUE);
      },
      [&] {
        KeEnterCriticalRegion();
        BOOLEAN got = TRUE;
        EXPECT_NO_BUGCHECK(got = ExAcquireResourceExclusiveLite(&res.r, FALSE));
        EXPECT_FALSE(got);
        EXPECT_ONLY_BUGCHECK(got = ExAcquireResourceExclusiveLite(&res.r, TRUE), kVerifier,
                             {0x1001, Address(&res.r), kBoundMs});
        EXPECT_FALSE(got);
        EXPECT_EQ(ExGetExclusiveWaiterCount(&res.r), 0u) << "the waiter left";
        KeLeaveCriticalRegion();
      },
      [&] {
        ExReleaseResourceLite(&res.r);
        KeLeaveCriticalRegion();
      });
}

MISUSE_CASE(ExAcquireResourceSharedLite, NullResource) {
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExAcquireResourceSharedLite(nullptr, TRUE), 0x1E, {kAccessViolation});
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireResourceSharedLite, NeverInitialized) {
  ERESOURCE r;
  Garbage(&r);
  KeEnterCriticalRegion();
  BOOLEAN got = TRUE;
  EXPECT_ONLY_BUGCHECK(got = ExAcquireResourceSharedLite(&r, TRUE), kVerifier,
                       {0x1002, Address(&r)});
  EXPECT_FALSE(got);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireResourceSharedLite, AtDispatch) {
  Resource res;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExAcquireResourceSharedLite(&res.r, FALSE), 0x0A,
                         {Address(&res.r), DISPATCH_LEVEL, APC_LEVEL});
  });
}

MISUSE_CASE(ExAcquireResourceSharedLite, OutsideCriticalRegionVerifier) {
  ScopedOptions options(VerifierChecks);
  Resource res;
  EXPECT_ONLY_BUGCHECK(ExAcquireResourceSharedLite(&res.r, TRUE), kVerifier,
                       {0x37, PASSIVE_LEVEL, 0, Address(&res.r)});
  KeEnterCriticalRegion();
  ExReleaseResourceLite(&res.r);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireResourceSharedLite, ExclusiveElsewhereNoWait) {
  Resource res;
  WhileHeldElsewhere(
      [&] {
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&res.r, TRUE);
      },
      [&] {
        KeEnterCriticalRegion();
        BOOLEAN got = TRUE;
        EXPECT_NO_BUGCHECK(got = ExAcquireResourceSharedLite(&res.r, FALSE));
        EXPECT_FALSE(got);
        KeLeaveCriticalRegion();
      },
      [&] {
        ExReleaseResourceLite(&res.r);
        KeLeaveCriticalRegion();
      });
}

MISUSE_CASE(ExAcquireSharedStarveExclusive, NullResource) {
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExAcquireSharedStarveExclusive(nullptr, TRUE), 0x1E, {kAccessViolation});
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireSharedStarveExclusive, NeverInitialized) {
  ERESOURCE r;
  Garbage(&r);
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExAcquireSharedStarveExclusive(&r, TRUE), kVerifier,
                       {0x1002, Address(&r)});
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireSharedStarveExclusive, AtDispatch) {
  Resource res;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExAcquireSharedStarveExclusive(&res.r, FALSE), 0x0A,
                         {Address(&res.r), DISPATCH_LEVEL, APC_LEVEL});
  });
}

MISUSE_CASE(ExAcquireSharedWaitForExclusive, NullResource) {
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExAcquireSharedWaitForExclusive(nullptr, TRUE), 0x1E,
                       {kAccessViolation});
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireSharedWaitForExclusive, AfterDelete) {
  ERESOURCE r;
  ExInitializeResourceLite(&r);
  ExDeleteResourceLite(&r);
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExAcquireSharedWaitForExclusive(&r, TRUE), kVerifier,
                       {0x1002, Address(&r)});
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireSharedWaitForExclusive, AtDispatch) {
  Resource res;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExAcquireSharedWaitForExclusive(&res.r, FALSE), 0x0A,
                         {Address(&res.r), DISPATCH_LEVEL, APC_LEVEL});
  });
}

MISUSE_CASE(ExReleaseResourceLite, NullResource) {
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceLite(nullptr), 0x1E, {kAccessViolation, 0, 1});
}

MISUSE_CASE(ExReleaseResourceLite, NeverAcquired) {
  Resource res;
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceLite(&res.r), 0xE3, {Address(&res.r), Self(), 0, 0});
}

MISUSE_CASE(ExReleaseResourceLite, Twice) {
  Resource res;
  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&res.r, TRUE);
  EXPECT_NO_BUGCHECK(ExReleaseResourceLite(&res.r));
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceLite(&res.r), 0xE3, {Address(&res.r), Self()});
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExReleaseResourceLite, NeverInitialized) {
  ERESOURCE r;
  Garbage(&r);
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceLite(&r), kVerifier, {0x1002, Address(&r)});
}

MISUSE_CASE(ExReleaseResourceLite, AfterDelete) {
  ERESOURCE r;
  ExInitializeResourceLite(&r);
  ExDeleteResourceLite(&r);
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceLite(&r), kVerifier, {0x1002, Address(&r)});
}

MISUSE_CASE(ExReleaseResourceLite, AboveDispatch) {
  Resource res;
  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&res.r, TRUE);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExReleaseResourceLite(&res.r), 0x0A,
                         {Address(&res.r), HIGH_LEVEL, DISPATCH_LEVEL});
  });
  EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&res.r)) << "not released";
  ExReleaseResourceLite(&res.r);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExReleaseResourceLite, AfterLeavingTheRegionVerifier) {
  ScopedOptions options(VerifierChecks);
  Resource res;
  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&res.r, TRUE);
  KeLeaveCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceLite(&res.r), kVerifier,
                       {0x38, PASSIVE_LEVEL, 0, Address(&res.r)});
  EXPECT_FALSE(ExIsResourceAcquiredExclusiveLite(&res.r)) << "reported, then released";
}

MISUSE_CASE(ExReleaseResourceForThreadLite, NullResource) {
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceForThreadLite(nullptr, ExGetCurrentResourceThread()),
                       0x1E, {kAccessViolation});
}

MISUSE_CASE(ExReleaseResourceForThreadLite, ThreadThatOwnsNothing) {
  Resource res;
  KeEnterCriticalRegion();
  ExAcquireResourceSharedLite(&res.r, TRUE);
  for (ERESOURCE_THREAD id : {ERESOURCE_THREAD{0}, ERESOURCE_THREAD{0xDEAD},
                              (ERESOURCE_THREAD{1} << 32) | ExGetCurrentResourceThread()}) {
    EXPECT_ONLY_BUGCHECK(ExReleaseResourceForThreadLite(&res.r, id), 0xE3,
                         {Address(&res.r), id});
  }
  EXPECT_EQ(ExIsResourceAcquiredSharedLite(&res.r), 1u) << "the owner's share stays";
  ExReleaseResourceForThreadLite(&res.r, ExGetCurrentResourceThread());
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExReleaseResourceForThreadLite, NeverInitialized) {
  ERESOURCE r;
  Garbage(&r);
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceForThreadLite(&r, ExGetCurrentResourceThread()),
                       kVerifier, {0x1002, Address(&r)});
}

MISUSE_CASE(ExReleaseResourceForThreadLite, AboveDispatch) {
  Resource res;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExReleaseResourceForThreadLite(&res.r, ExGetCurrentResourceThread()),
                         0x0A, {Address(&res.r), HIGH_LEVEL, DISPATCH_LEVEL});
  });
}

MISUSE_CASE(ExGetCurrentResourceThread, AtHighLevel) {
  const ERESOURCE_THREAD passive = ExGetCurrentResourceThread();
  EXPECT_NE(passive, 0u);
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(EXPECT_EQ(ExGetCurrentResourceThread(), passive)); });
  ERESOURCE_THREAD other = passive;
  std::thread([&] { other = ExGetCurrentResourceThread(); }).join();
  EXPECT_NE(other, passive);
}

MISUSE_CASE(ExConvertExclusiveToSharedLite, NullResource) {
  EXPECT_ONLY_BUGCHECK(ExConvertExclusiveToSharedLite(nullptr), 0x1E, {kAccessViolation});
}

MISUSE_CASE(ExConvertExclusiveToSharedLite, NotOwnedExclusively) {
  Resource res;
  EXPECT_ONLY_BUGCHECK(ExConvertExclusiveToSharedLite(&res.r), 0xE3, {Address(&res.r), Self()});
  KeEnterCriticalRegion();
  ExAcquireResourceSharedLite(&res.r, TRUE);
  EXPECT_ONLY_BUGCHECK(ExConvertExclusiveToSharedLite(&res.r), 0xE3, {Address(&res.r), Self()});
  ExReleaseResourceLite(&res.r);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExConvertExclusiveToSharedLite, NeverInitialized) {
  ERESOURCE r;
  Garbage(&r);
  EXPECT_ONLY_BUGCHECK(ExConvertExclusiveToSharedLite(&r), kVerifier, {0x1002, Address(&r)});
}

MISUSE_CASE(ExConvertExclusiveToSharedLite, AtDispatch) {
  Resource res;
  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&res.r, TRUE);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExConvertExclusiveToSharedLite(&res.r), 0x0A,
                         {Address(&res.r), DISPATCH_LEVEL, APC_LEVEL});
  });
  EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&res.r)) << "not converted";
  ExReleaseResourceLite(&res.r);
  KeLeaveCriticalRegion();
}

// The queries: NULL, never initialized, above DISPATCH_LEVEL.
#define SYNC_RESOURCE_QUERY_ROWS(api, failed)                                             \
  MISUSE_CASE(api, NullResource) {                                                        \
    EXPECT_ONLY_BUGCHECK(EXPECT_EQ(api(nullptr), failed), 0x1E, {kAccessViolation, 0, 0}); \
  }                                                                                       \
  MISUSE_CASE(api, NeverInitialized) {                                                    \
    ERESOURCE r;                                                                          \
    Garbage(&r);                                                                          \
    EXPECT_ONLY_BUGCHECK(EXPECT_EQ(api(&r), failed), kVerifier, {0x1002, Address(&r)});    \
  }                                                                                       \
  MISUSE_CASE(api, AfterDelete) {                                                         \
    ERESOURCE r;                                                                          \
    ExInitializeResourceLite(&r);                                                         \
    ExDeleteResourceLite(&r);                                                             \
    EXPECT_ONLY_BUGCHECK(EXPECT_EQ(api(&r), failed), kVerifier, {0x1002, Address(&r)});    \
  }                                                                                       \
  MISUSE_CASE(api, AboveDispatch) {                                                       \
    Resource res;                                                                         \
    AtIrql(HIGH_LEVEL, [&] {                                                              \
      EXPECT_ONLY_BUGCHECK(EXPECT_EQ(api(&res.r), failed), 0x0A,                          \
                           {Address(&res.r), HIGH_LEVEL, DISPATCH_LEVEL});                \
    });                                                                                   \
  }

SYNC_RESOURCE_QUERY_ROWS(ExIsResourceAcquiredExclusiveLite, FALSE)
SYNC_RESOURCE_QUERY_ROWS(ExIsResourceAcquiredSharedLite, 0u)
SYNC_RESOURCE_QUERY_ROWS(ExGetExclusiveWaiterCount, 0u)
SYNC_RESOURCE_QUERY_ROWS(ExGetSharedWaiterCount, 0u)

MISUSE_CASE(ExIsResourceAcquiredExclusiveLite, SharedOwnerAndDispatchLevel) {
  Resource res;
  KeEnterCriticalRegion();
  ExAcquireResourceSharedLite(&res.r, TRUE);
  EXPECT_FALSE(ExIsResourceAcquiredExclusiveLite(&res.r));
  ExReleaseResourceLite(&res.r);
  ExAcquireResourceExclusiveLite(&res.r, TRUE);
  AtIrql(DISPATCH_LEVEL, [&] { EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&res.r)); });
  ExReleaseResourceLite(&res.r);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExIsResourceAcquiredSharedLite, CountsRecursion) {
  Resource res;
  KeEnterCriticalRegion();
  EXPECT_EQ(ExIsResourceAcquiredSharedLite(&res.r), 0u);
  ExAcquireResourceSharedLite(&res.r, TRUE);
  ExAcquireResourceSharedLite(&res.r, TRUE);
  EXPECT_EQ(ExIsResourceAcquiredSharedLite(&res.r), 2u);
  ExReleaseResourceLite(&res.r);
  ExReleaseResourceLite(&res.r);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExGetExclusiveWaiterCount, NoWaiters) {
  Resource res;
  EXPECT_EQ(ExGetExclusiveWaiterCount(&res.r), 0u);
  EXPECT_EQ(ExGetSharedWaiterCount(&res.r), 0u);
}

MISUSE_CASE(ExGetSharedWaiterCount, AtDispatch) {
  Resource res;
  AtIrql(DISPATCH_LEVEL, [&] { EXPECT_NO_BUGCHECK(EXPECT_EQ(ExGetSharedWaiterCount(&res.r), 0u)); });
}

// The combined region + acquisition forms change nothing when refused.
#define SYNC_ENTER_AND_ACQUIRE_ROWS(api)                                                    \
  MISUSE_CASE(api, NullResource) {                                                          \
    PVOID got = &got;                                                                       \
    EXPECT_ONLY_BUGCHECK(got = api(nullptr), 0x1E, {kAccessViolation, 0, 1});               \
    EXPECT_EQ(got, nullptr);                                                                \
    EXPECT_FALSE(KeAreApcsDisabled()) << "no critical region left entered";                 \
  }                                                                                         \
  MISUSE_CASE(api, NeverInitialized) {                                                      \
    ERESOURCE r;                                                                            \
    Garbage(&r);                                                                            \
    PVOID got = &got;                                                                       \
    EXPECT_ONLY_BUGCHECK(got = api(&r), kVerifier, {0x1002, Address(&r)});                  \
    EXPECT_EQ(got, nullptr);                                                                \
    EXPECT_FALSE(KeAreApcsDisabled()) << "no critical region left entered";                 \
  }                                                                                         \
  MISUSE_CASE(api, AtDispatch) {                                                            \
    Resource res;                                                                           \
    AtIrql(DISPATCH_LEVEL, [&] {                                                            \
      EXPECT_ONLY_BUGCHECK(api(&res.r), 0x0A, {Address(&res.r), DISPATCH_LEVEL, APC_LEVEL}); \
    });                                                                                     \
    EXPECT_FALSE(KeAreApcsDisabled());                                                      \
    EXPECT_EQ(ExIsResourceAcquiredSharedLite(&res.r), 0u);                                  \
  }                                                                                         \
  MISUSE_CASE(api, PairsWithReleaseAndLeave) {                                              \
    Resource res;                                                                           \
    EXPECT_NO_BUGCHECK(EXPECT_NE(api(&res.r), nullptr));                                    \
    EXPECT_TRUE(KeAreApcsDisabled());                                                       \
    EXPECT_NO_BUGCHECK(ExReleaseResourceAndLeaveCriticalRegion(&res.r));                    \
    EXPECT_FALSE(KeAreApcsDisabled());                                                      \
  }

SYNC_ENTER_AND_ACQUIRE_ROWS(ExEnterCriticalRegionAndAcquireResourceExclusive)
SYNC_ENTER_AND_ACQUIRE_ROWS(ExEnterCriticalRegionAndAcquireResourceShared)
SYNC_ENTER_AND_ACQUIRE_ROWS(ExEnterCriticalRegionAndAcquireSharedWaitForExclusive)

MISUSE_CASE(ExEnterCriticalRegionAndAcquireResourceExclusive, SharedOwnerWaitsForItself) {
  Resource res;
  ExEnterCriticalRegionAndAcquireResourceShared(&res.r);
  PVOID got = &got;
  EXPECT_ONLY_BUGCHECK(got = ExEnterCriticalRegionAndAcquireResourceExclusive(&res.r),
                       kVerifier, {0x1000, Address(&res.r)});
  EXPECT_EQ(got, nullptr);
  ExReleaseResourceAndLeaveCriticalRegion(&res.r);
  EXPECT_FALSE(KeAreApcsDisabled()) << "the refused call left its region";
}

MISUSE_CASE(ExReleaseResourceAndLeaveCriticalRegion, NullResource) {
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceAndLeaveCriticalRegion(nullptr), 0x1E,
                       {kAccessViolation});
  EXPECT_TRUE(KeAreApcsDisabled()) << "the region stays";
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExReleaseResourceAndLeaveCriticalRegion, NotOwned) {
  Resource res;
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceAndLeaveCriticalRegion(&res.r), 0xE3,
                       {Address(&res.r), Self()});
  EXPECT_TRUE(KeAreApcsDisabled()) << "the region stays";
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExReleaseResourceAndLeaveCriticalRegion, RegionAlreadyLeft) {
  Resource res;
  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&res.r, TRUE);
  KeLeaveCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceAndLeaveCriticalRegion(&res.r), kVerifier,
                       {0x3E, 0, 0, 0});
  EXPECT_FALSE(ExIsResourceAcquiredExclusiveLite(&res.r)) << "released, then the leave refused";
}

MISUSE_CASE(ExReleaseResourceAndLeaveCriticalRegion, AtDispatch) {
  Resource res;
  ExEnterCriticalRegionAndAcquireResourceExclusive(&res.r);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExReleaseResourceAndLeaveCriticalRegion(&res.r), 0x0A,
                         {Address(&res.r), DISPATCH_LEVEL, APC_LEVEL});
  });
  EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&res.r));
  ExReleaseResourceAndLeaveCriticalRegion(&res.r);
}

// --- critical and guarded regions --------------------------------------------------

MISUSE_CASE(KeEnterCriticalRegion, AboveApcLevel) {
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeEnterCriticalRegion(), kVerifier, {0x11A, DISPATCH_LEVEL, 0, 0});
  });
  EXPECT_FALSE(KeAreApcsDisabled()) << "not entered";
}

MISUSE_CASE(KeEnterCriticalRegion, FsRtlEnterFileSystemAboveApcLevel) {
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FsRtlEnterFileSystem(), kVerifier, {0x11A, HIGH_LEVEL});
  });
  EXPECT_FALSE(KeAreApcsDisabled());
}

MISUSE_CASE(KeLeaveCriticalRegion, NeverEntered) {
  EXPECT_ONLY_BUGCHECK(KeLeaveCriticalRegion(), kVerifier, {0x3E, 0, 0, 0});
  EXPECT_ONLY_BUGCHECK(FsRtlExitFileSystem(), kVerifier, {0x3E, 0, 0, 0});
}

MISUSE_CASE(KeLeaveCriticalRegion, Twice) {
  KeEnterCriticalRegion();
  EXPECT_NO_BUGCHECK(KeLeaveCriticalRegion());
  EXPECT_ONLY_BUGCHECK(KeLeaveCriticalRegion(), kVerifier, {0x3E});
}

MISUSE_CASE(KeLeaveCriticalRegion, GuardedRegionIsNotCritical) {
  KeEnterGuardedRegion();
  EXPECT_ONLY_BUGCHECK(KeLeaveCriticalRegion(), kVerifier, {0x3E});
  KeLeaveGuardedRegion();
}

MISUSE_CASE(KeLeaveCriticalRegion, AboveApcLevel) {
  KeEnterCriticalRegion();
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeLeaveCriticalRegion(), kVerifier, {0x11B, DISPATCH_LEVEL});
  });
  EXPECT_TRUE(KeAreApcsDisabled()) << "still inside";
  KeLeaveCriticalRegion();
}

MISUSE_CASE(KeEnterGuardedRegion, AboveApcLevel) {
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeEnterGuardedRegion(), kVerifier, {0x11A, DISPATCH_LEVEL});
  });
  EXPECT_FALSE(KeAreAllApcsDisabled());
}

MISUSE_CASE(KeLeaveGuardedRegion, NeverEntered) {
  EXPECT_ONLY_BUGCHECK(KeLeaveGuardedRegion(), kVerifier, {0x3E, 0, 0, 0});
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(KeLeaveGuardedRegion(), kVerifier, {0x3E}) << "critical is not guarded";
  KeLeaveCriticalRegion();
}

MISUSE_CASE(KeLeaveGuardedRegion, AboveApcLevel) {
  KeEnterGuardedRegion();
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeLeaveGuardedRegion(), kVerifier, {0x11B, HIGH_LEVEL});
  });
  KeLeaveGuardedRegion();
  EXPECT_FALSE(KeAreAllApcsDisabled());
}

MISUSE_CASE(KeAreApcsDisabled, AtEveryLevelAndRegion) {
  EXPECT_FALSE(KeAreApcsDisabled());
  for (KIRQL level : {KIRQL{APC_LEVEL}, KIRQL{DISPATCH_LEVEL}, KIRQL{HIGH_LEVEL}}) {
    AtIrql(level, [&] { EXPECT_NO_BUGCHECK(EXPECT_TRUE(KeAreApcsDisabled())); });
  }
  KeEnterCriticalRegion();
  EXPECT_TRUE(KeAreApcsDisabled());
  KeLeaveCriticalRegion();
  KeEnterGuardedRegion();
  EXPECT_TRUE(KeAreApcsDisabled());
  KeLeaveGuardedRegion();
  EXPECT_FALSE(KeAreApcsDisabled());
}

MISUSE_CASE(KeAreAllApcsDisabled, AtEveryLevelAndRegion) {
  EXPECT_FALSE(KeAreAllApcsDisabled());
  for (KIRQL level : {KIRQL{APC_LEVEL}, KIRQL{DISPATCH_LEVEL}, KIRQL{HIGH_LEVEL}}) {
    AtIrql(level, [&] { EXPECT_NO_BUGCHECK(EXPECT_TRUE(KeAreAllApcsDisabled())); });
  }
  KeEnterCriticalRegion();
  EXPECT_FALSE(KeAreAllApcsDisabled()) << "a critical region leaves special APCs enabled";
  KeLeaveCriticalRegion();
  KeEnterGuardedRegion();
  EXPECT_TRUE(KeAreAllApcsDisabled());
  KeLeaveGuardedRegion();
}

// --- the filter manager's resource helpers -----------------------------------------

MISUSE_CASE(FltAcquireResourceExclusive, NullResource) {
  EXPECT_ONLY_BUGCHECK(FltAcquireResourceExclusive(nullptr), 0x1E, {kAccessViolation, 0, 1});
  EXPECT_FALSE(KeAreApcsDisabled()) << "no critical region left entered";
}

MISUSE_CASE(FltAcquireResourceExclusive, NeverInitialized) {
  ERESOURCE r;
  Garbage(&r);
  EXPECT_ONLY_BUGCHECK(FltAcquireResourceExclusive(&r), kVerifier, {0x1002, Address(&r)});
  EXPECT_FALSE(KeAreApcsDisabled());
}

MISUSE_CASE(FltAcquireResourceExclusive, AtDispatch) {
  Resource res;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltAcquireResourceExclusive(&res.r), 0x0A,
                         {Address(&res.r), DISPATCH_LEVEL, APC_LEVEL});
  });
  EXPECT_FALSE(KeAreApcsDisabled());
}

MISUSE_CASE(FltAcquireResourceExclusive, SharedOwnerWaitsForItself) {
  Resource res;
  FltAcquireResourceShared(&res.r);
  EXPECT_ONLY_BUGCHECK(FltAcquireResourceExclusive(&res.r), kVerifier,
                       {0x1000, Address(&res.r)});
  FltReleaseResource(&res.r);
  EXPECT_FALSE(KeAreApcsDisabled()) << "the refused call left its region";
}

MISUSE_CASE(FltAcquireResourceShared, NullResource) {
  EXPECT_ONLY_BUGCHECK(FltAcquireResourceShared(nullptr), 0x1E, {kAccessViolation});
  EXPECT_FALSE(KeAreApcsDisabled());
}

MISUSE_CASE(FltAcquireResourceShared, AfterDelete) {
  ERESOURCE r;
  ExInitializeResourceLite(&r);
  ExDeleteResourceLite(&r);
  EXPECT_ONLY_BUGCHECK(FltAcquireResourceShared(&r), kVerifier, {0x1002, Address(&r)});
  EXPECT_FALSE(KeAreApcsDisabled());
}

MISUSE_CASE(FltAcquireResourceShared, AtDispatch) {
  Resource res;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltAcquireResourceShared(&res.r), 0x0A,
                         {Address(&res.r), DISPATCH_LEVEL, APC_LEVEL});
  });
}

MISUSE_CASE(FltReleaseResource, NullResource) {
  EXPECT_ONLY_BUGCHECK(FltReleaseResource(nullptr), 0x1E, {kAccessViolation});
}

MISUSE_CASE(FltReleaseResource, NeverAcquiredAndTwice) {
  Resource res;
  EXPECT_ONLY_BUGCHECK(FltReleaseResource(&res.r), 0xE3, {Address(&res.r), Self()});
  FltAcquireResourceExclusive(&res.r);
  EXPECT_NO_BUGCHECK(FltReleaseResource(&res.r));
  EXPECT_ONLY_BUGCHECK(FltReleaseResource(&res.r), 0xE3, {Address(&res.r), Self()});
  EXPECT_FALSE(KeAreApcsDisabled());
}

MISUSE_CASE(FltReleaseResource, NeverInitialized) {
  ERESOURCE r;
  Garbage(&r);
  EXPECT_ONLY_BUGCHECK(FltReleaseResource(&r), kVerifier, {0x1002, Address(&r)});
}

MISUSE_CASE(FltReleaseResource, AtDispatch) {
  Resource res;
  FltAcquireResourceExclusive(&res.r);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltReleaseResource(&res.r), 0x0A,
                         {Address(&res.r), DISPATCH_LEVEL, APC_LEVEL});
  });
  EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&res.r));
  FltReleaseResource(&res.r);
}


// --- push locks ---------------------------------------------------------------------

MISUSE_CASE(FltInitializePushLock, NullPushLock) {
  EXPECT_ONLY_BUGCHECK(FltInitializePushLock(nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(FltInitializePushLock, GarbageStorageIsInitialized) {
  EX_PUSH_LOCK lock;
  Garbage(&lock);
  EXPECT_NO_BUGCHECK(FltInitializePushLock(&lock));
  EXPECT_EQ(lock, 0u);
  KeEnterCriticalRegion();
  EXPECT_NO_BUGCHECK(FltAcquirePushLockExclusive(&lock));
  FltReleasePushLock(&lock);
  KeLeaveCriticalRegion();
  FltDeletePushLock(&lock);
}

MISUSE_CASE(FltDeletePushLock, NullPushLock) {
  EXPECT_ONLY_BUGCHECK(FltDeletePushLock(nullptr), 0x1E, {kAccessViolation, 0, 1});
}

MISUSE_CASE(FltDeletePushLock, StillHeld) {
  EX_PUSH_LOCK lock;
  FltInitializePushLock(&lock);
  KeEnterCriticalRegion();
  FltAcquirePushLockShared(&lock);
  EXPECT_ONLY_BUGCHECK(FltDeletePushLock(&lock), kVerifier, {0x100B, Address(&lock), Self()});
  EXPECT_NO_BUGCHECK(FltReleasePushLock(&lock)) << "the push lock stays usable";
  KeLeaveCriticalRegion();
  EXPECT_NO_BUGCHECK(FltDeletePushLock(&lock));
}

MISUSE_CASE(FltDeletePushLock, TwiceAndNeverInitialized) {
  // A push lock owns nothing to delete: Windows' delete is a no-op.
  EX_PUSH_LOCK lock;
  FltInitializePushLock(&lock);
  EXPECT_NO_BUGCHECK(FltDeletePushLock(&lock));
  EXPECT_NO_BUGCHECK(FltDeletePushLock(&lock));
  EX_PUSH_LOCK garbage;
  Garbage(&garbage);
  EXPECT_NO_BUGCHECK(FltDeletePushLock(&garbage));
}

// The acquisitions: NULL, never initialized, deleted, DISPATCH_LEVEL,
// recursion, APCs enabled under the verifier.
#define SYNC_PUSH_LOCK_ACQUIRE_ROWS(api, ...)                                            \
  MISUSE_CASE(api, NullPushLock) {                                                       \
    KeEnterCriticalRegion();                                                             \
    EXPECT_ONLY_BUGCHECK(api(nullptr __VA_ARGS__), 0x1E, {kAccessViolation, 0, 1});      \
    KeLeaveCriticalRegion();                                                             \
  }                                                                                      \
  MISUSE_CASE(api, NeverInitialized) {                                                   \
    EX_PUSH_LOCK lock;                                                                   \
    Garbage(&lock);                                                                      \
    KeEnterCriticalRegion();                                                             \
    EXPECT_ONLY_BUGCHECK(api(&lock __VA_ARGS__), kVerifier, {0x1002, Address(&lock)});   \
    KeLeaveCriticalRegion();                                                             \
  }                                                                                      \
  MISUSE_CASE(api, AfterDelete) {                                                        \
    EX_PUSH_LOCK lock;                                                                   \
    FltInitializePushLock(&lock);                                                        \
    FltDeletePushLock(&lock);                                                            \
    KeEnterCriticalRegion();                                                             \
    EXPECT_ONLY_BUGCHECK(api(&lock __VA_ARGS__), kVerifier, {0x1002, Address(&lock)});   \
    KeLeaveCriticalRegion();                                                             \
  }                                                                                      \
  MISUSE_CASE(api, AtDispatch) {                                                         \
    EX_PUSH_LOCK lock;                                                                   \
    FltInitializePushLock(&lock);                                                        \
    AtIrql(DISPATCH_LEVEL, [&] {                                                         \
      EXPECT_ONLY_BUGCHECK(api(&lock __VA_ARGS__), 0x0A,                                 \
                           {Address(&lock), DISPATCH_LEVEL, APC_LEVEL});                 \
    });                                                                                  \
    KeEnterCriticalRegion();                                                             \
    EXPECT_ONLY_BUGCHECK(FltReleasePushLock(&lock), kVerifier,                           \
                         {0x1004, Address(&lock), 0, Self()})                            \
        << "the refused call did not acquire";                                           \
    KeLeaveCriticalRegion();                                                             \
    FltDeletePushLock(&lock);                                                            \
  }                                                                                      \
  MISUSE_CASE(api, Recursive) {                                                          \
    EX_PUSH_LOCK lock;                                                                   \
    FltInitializePushLock(&lock);                                                        \
    KeEnterCriticalRegion();                                                             \
    EXPECT_NO_BUGCHECK(api(&lock __VA_ARGS__));                                          \
    EXPECT_ONLY_BUGCHECK(api(&lock __VA_ARGS__), kVerifier, {0x1000, Address(&lock)});   \
    EXPECT_NO_BUGCHECK(FltReleasePushLock(&lock));                                       \
    EXPECT_ONLY_BUGCHECK(FltReleasePushLock(&lock), kVerifier, {0x1004})                 \
        << "one acquisition only";                                                       \
    KeLeaveCriticalRegion();                                                             \
    FltDeletePushLock(&lock);                                                            \
  }                                                                                      \
  MISUSE_CASE(api, OutsideCriticalRegionVerifier) {                                      \
    ScopedOptions options(VerifierChecks);                                               \
    EX_PUSH_LOCK lock;                                                                   \
    FltInitializePushLock(&lock);                                                        \
    EXPECT_ONLY_BUGCHECK(api(&lock __VA_ARGS__), kVerifier,                              \
                         {0xEA, PASSIVE_LEVEL, 0, Address(&lock)});                      \
    KeEnterCriticalRegion();                                                             \
    EXPECT_NO_BUGCHECK(FltReleasePushLock(&lock)) << "reported, then acquired";          \
    KeLeaveCriticalRegion();                                                             \
    FltDeletePushLock(&lock);                                                            \
  }

SYNC_PUSH_LOCK_ACQUIRE_ROWS(FltAcquirePushLockExclusive)
SYNC_PUSH_LOCK_ACQUIRE_ROWS(FltAcquirePushLockShared)
SYNC_PUSH_LOCK_ACQUIRE_ROWS(FltAcquirePushLockExclusiveEx, , FLT_PUSH_LOCK_ENABLE_AUTO_BOOST)
SYNC_PUSH_LOCK_ACQUIRE_ROWS(FltAcquirePushLockSharedEx, , FLT_PUSH_LOCK_DISABLE_AUTO_BOOST)

// Undefined flag bits are ignored (docs/sync.md): the lock is acquired.
MISUSE_CASE(FltAcquirePushLockExclusiveEx, UndefinedFlags) {
  EX_PUSH_LOCK lock;
  FltInitializePushLock(&lock);
  KeEnterCriticalRegion();
  EXPECT_NO_BUGCHECK(FltAcquirePushLockExclusiveEx(&lock, 0xFFFFFFFF));
  EXPECT_NO_BUGCHECK(FltReleasePushLockEx(&lock, 0xFFFFFFFF));
  KeLeaveCriticalRegion();
  FltDeletePushLock(&lock);
}

MISUSE_CASE(FltAcquirePushLockSharedEx, UndefinedFlags) {
  EX_PUSH_LOCK lock;
  FltInitializePushLock(&lock);
  KeEnterCriticalRegion();
  EXPECT_NO_BUGCHECK(FltAcquirePushLockSharedEx(&lock, FLT_PUSH_LOCK_VALID_FLAGS + 1));
  EXPECT_NO_BUGCHECK(FltReleasePushLockEx(&lock, 0));
  KeLeaveCriticalRegion();
  FltDeletePushLock(&lock);
}

MISUSE_CASE(FltAcquirePushLockExclusive, HeldElsewherePastTheWaitBound) {
  ScopedOptions options(ShortWaitBound);
  EX_PUSH_LOCK lock;
  FltInitializePushLock(&lock);
  WhileHeldElsewhere(
      [&] {
        KeEnterCriticalRegion();
        FltAcquirePushLockShared(&lock);
      },
      [&] {
        KeEnterCriticalRegion();
        EXPECT_ONLY_BUGCHECK(FltAcquirePushLockExclusive(&lock), kVerifier,
                             {0x1001, Address(&lock), kBoundMs});
        KeLeaveCriticalRegion();
      },
      [&] {
        FltReleasePushLock(&lock);
        KeLeaveCriticalRegion();
      });
  FltDeletePushLock(&lock);
}

#define SYNC_PUSH_LOCK_RELEASE_ROWS(api, ...)                                              \
  MISUSE_CASE(api, NullPushLock) {                                                         \
    EXPECT_ONLY_BUGCHECK(api(nullptr __VA_ARGS__), 0x1E, {kAccessViolation, 0, 1});        \
  }                                                                                        \
  MISUSE_CASE(api, NotHeldAndTwice) {                                                      \
    EX_PUSH_LOCK lock;                                                                     \
    FltInitializePushLock(&lock);                                                          \
    KeEnterCriticalRegion();                                                               \
    EXPECT_ONLY_BUGCHECK(api(&lock __VA_ARGS__), kVerifier,                                \
                         {0x1004, Address(&lock), 0, Self()});                             \
    FltAcquirePushLockExclusive(&lock);                                                    \
    EXPECT_NO_BUGCHECK(api(&lock __VA_ARGS__));                                            \
    EXPECT_ONLY_BUGCHECK(api(&lock __VA_ARGS__), kVerifier,                                \
                         {0x1004, Address(&lock), 0, Self()});                             \
    KeLeaveCriticalRegion();                                                               \
    FltDeletePushLock(&lock);                                                              \
  }                                                                                        \
  MISUSE_CASE(api, NeverInitialized) {                                                     \
    EX_PUSH_LOCK lock;                                                                     \
    Garbage(&lock);                                                                        \
    KeEnterCriticalRegion();                                                               \
    EXPECT_ONLY_BUGCHECK(api(&lock __VA_ARGS__), kVerifier, {0x1002, Address(&lock)});     \
    KeLeaveCriticalRegion();                                                               \
  }                                                                                        \
  MISUSE_CASE(api, AtDispatch) {                                                           \
    EX_PUSH_LOCK lock;                                                                     \
    FltInitializePushLock(&lock);                                                          \
    KeEnterCriticalRegion();                                                               \
    FltAcquirePushLockExclusive(&lock);                                                    \
    AtIrql(DISPATCH_LEVEL, [&] {                                                           \
      EXPECT_ONLY_BUGCHECK(api(&lock __VA_ARGS__), 0x0A,                                   \
                           {Address(&lock), DISPATCH_LEVEL, APC_LEVEL});                   \
    });                                                                                    \
    EXPECT_NO_BUGCHECK(api(&lock __VA_ARGS__)) << "still held after the refused release";  \
    KeLeaveCriticalRegion();                                                               \
    FltDeletePushLock(&lock);                                                              \
  }                                                                                        \
  MISUSE_CASE(api, AfterLeavingTheRegionVerifier) {                                        \
    ScopedOptions options(VerifierChecks);                                                 \
    EX_PUSH_LOCK lock;                                                                     \
    FltInitializePushLock(&lock);                                                          \
    KeEnterCriticalRegion();                                                               \
    FltAcquirePushLockExclusive(&lock);                                                    \
    KeLeaveCriticalRegion();                                                               \
    EXPECT_ONLY_BUGCHECK(api(&lock __VA_ARGS__), kVerifier,                                \
                         {0xEB, PASSIVE_LEVEL, 0, Address(&lock)});                        \
    FltDeletePushLock(&lock);                                                              \
  }

SYNC_PUSH_LOCK_RELEASE_ROWS(FltReleasePushLock)
SYNC_PUSH_LOCK_RELEASE_ROWS(FltReleasePushLockEx, , 0)

// --- fast and guarded mutexes ---------------------------------------------------------

MISUSE_CASE(ExInitializeFastMutex, NullMutex) {
  EXPECT_ONLY_BUGCHECK(ExInitializeFastMutex(nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(ExInitializeFastMutex, AboveDispatch) {
  FAST_MUTEX m;
  Garbage(&m);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExInitializeFastMutex(&m), 0x0A,
                         {Address(&m), HIGH_LEVEL, DISPATCH_LEVEL});
  });
  EXPECT_ONLY_BUGCHECK(ExTryToAcquireFastMutex(&m), kVerifier, {0x1002, Address(&m)})
      << "the refused call did not initialize";
}

MISUSE_CASE(KeInitializeGuardedMutex, NullMutex) {
  EXPECT_ONLY_BUGCHECK(KeInitializeGuardedMutex(nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(KeInitializeGuardedMutex, AboveDispatch) {
  KGUARDED_MUTEX m;
  Garbage(&m);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeInitializeGuardedMutex(&m), 0x0A,
                         {Address(&m), HIGH_LEVEL, DISPATCH_LEVEL});
  });
  EXPECT_ONLY_BUGCHECK(KeTryToAcquireGuardedMutex(&m), kVerifier, {0x1002, Address(&m)});
}

// The normal and Try acquisitions of both kinds: NULL, never initialized,
// above APC_LEVEL.
#define SYNC_MUTEX_ACQUIRE_ROWS(api, init)                                 \
  MISUSE_CASE(api, NullMutex) {                                                             \
    EXPECT_ONLY_BUGCHECK(api(nullptr), 0x1E, {kAccessViolation, 0, 1});                     \
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);                                           \
    EXPECT_FALSE(KeAreAllApcsDisabled());                                                   \
  }                                                                                         \
  MISUSE_CASE(api, NeverInitialized) {                                                      \
    FAST_MUTEX m;                                                                           \
    Garbage(&m);                                                                            \
    EXPECT_ONLY_BUGCHECK(api(&m), kVerifier, {0x1002, Address(&m)});                        \
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);                                           \
    EXPECT_FALSE(KeAreAllApcsDisabled());                                                   \
  }                                                                                         \
  MISUSE_CASE(api, AboveApcLevel) {                                                         \
    FAST_MUTEX m;                                                                           \
    init(&m);                                                                               \
    AtIrql(DISPATCH_LEVEL, [&] {                                                            \
      EXPECT_ONLY_BUGCHECK(api(&m), kVerifier, {0x33, DISPATCH_LEVEL, Address(&m)});        \
      EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);                                        \
    });                                                                                     \
    EXPECT_EQ(m.Count, 1) << "not acquired";                                                \
  }

SYNC_MUTEX_ACQUIRE_ROWS(ExAcquireFastMutex, ExInitializeFastMutex)
SYNC_MUTEX_ACQUIRE_ROWS(ExTryToAcquireFastMutex, ExInitializeFastMutex)
SYNC_MUTEX_ACQUIRE_ROWS(KeAcquireGuardedMutex, KeInitializeGuardedMutex)
SYNC_MUTEX_ACQUIRE_ROWS(KeTryToAcquireGuardedMutex, KeInitializeGuardedMutex)

MISUSE_CASE(ExAcquireFastMutex, Recursive) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  ExAcquireFastMutex(&m);
  EXPECT_ONLY_BUGCHECK(ExAcquireFastMutex(&m), kVerifier, {0x1000, Address(&m)});
  EXPECT_EQ(KeGetCurrentIrql(), APC_LEVEL);
  EXPECT_NO_BUGCHECK(ExReleaseFastMutex(&m));
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(ExTryToAcquireFastMutex, HeldBySelf) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  EXPECT_TRUE(ExTryToAcquireFastMutex(&m));
  EXPECT_NO_BUGCHECK(EXPECT_FALSE(ExTryToAcquireFastMutex(&m)));
  EXPECT_NO_BUGCHECK(ExReleaseFastMutex(&m));
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(KeAcquireGuardedMutex, Recursive) {
  KGUARDED_MUTEX m;
  KeInitializeGuardedMutex(&m);
  KeAcquireGuardedMutex(&m);
  EXPECT_TRUE(KeAreAllApcsDisabled());
  EXPECT_ONLY_BUGCHECK(KeAcquireGuardedMutex(&m), kVerifier, {0x1000, Address(&m)});
  EXPECT_NO_BUGCHECK(KeReleaseGuardedMutex(&m));
  EXPECT_FALSE(KeAreAllApcsDisabled()) << "one guarded region, entered and left once";
}

MISUSE_CASE(KeTryToAcquireGuardedMutex, HeldBySelf) {
  KGUARDED_MUTEX m;
  KeInitializeGuardedMutex(&m);
  EXPECT_TRUE(KeTryToAcquireGuardedMutex(&m));
  EXPECT_NO_BUGCHECK(EXPECT_FALSE(KeTryToAcquireGuardedMutex(&m)));
  EXPECT_NO_BUGCHECK(KeReleaseGuardedMutex(&m));
  EXPECT_FALSE(KeAreAllApcsDisabled());
}

MISUSE_CASE(ExAcquireFastMutex, HeldElsewherePastTheWaitBound) {
  ScopedOptions options(ShortWaitBound);
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  WhileHeldElsewhere([&] { ExAcquireFastMutex(&m); },
                     [&] {
                       EXPECT_NO_BUGCHECK(EXPECT_FALSE(ExTryToAcquireFastMutex(&m)));
                       EXPECT_ONLY_BUGCHECK(ExAcquireFastMutex(&m), kVerifier,
                                            {0x1001, Address(&m), kBoundMs});
                       EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
                     },
                     [&] { ExReleaseFastMutex(&m); });
}

MISUSE_CASE(ExReleaseFastMutex, NullMutex) {
  EXPECT_ONLY_BUGCHECK(ExReleaseFastMutex(nullptr), 0x1E, {kAccessViolation});
}

MISUSE_CASE(ExReleaseFastMutex, NotHeldAndTwice) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  EXPECT_ONLY_BUGCHECK(ExReleaseFastMutex(&m), kVerifier, {0x1004, Address(&m), 0, Self()});
  ExAcquireFastMutex(&m);
  EXPECT_NO_BUGCHECK(ExReleaseFastMutex(&m));
  EXPECT_ONLY_BUGCHECK(ExReleaseFastMutex(&m), kVerifier, {0x1004, Address(&m), 0, Self()});
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(ExReleaseFastMutex, NeverInitialized) {
  FAST_MUTEX m;
  Garbage(&m);
  EXPECT_ONLY_BUGCHECK(ExReleaseFastMutex(&m), kVerifier, {0x1002, Address(&m)});
}

MISUSE_CASE(ExReleaseFastMutex, HeldByAnotherThread) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  ULONG owner = 0;
  WhileHeldElsewhere(
      [&] {
        ExAcquireFastMutex(&m);
        owner = Self();
      },
      [&] {
        EXPECT_ONLY_BUGCHECK(ExReleaseFastMutex(&m), kVerifier,
                             {0x1004, Address(&m), owner, Self()});
      },
      [&] { ExReleaseFastMutex(&m); });
}

MISUSE_CASE(ExReleaseFastMutex, IrqlLoweredWhileHeld) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  ExAcquireFastMutex(&m);
  EXPECT_EQ(KeGetCurrentIrql(), APC_LEVEL);
  KeLowerIrql(PASSIVE_LEVEL);
  EXPECT_ONLY_BUGCHECK(ExReleaseFastMutex(&m), kVerifier, {0x34, PASSIVE_LEVEL, Address(&m)});
  EXPECT_EQ(m.Count, 1) << "reported, then released";
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(KeReleaseGuardedMutex, NullMutex) {
  EXPECT_ONLY_BUGCHECK(KeReleaseGuardedMutex(nullptr), 0x1E, {kAccessViolation});
}

MISUSE_CASE(KeReleaseGuardedMutex, NotHeldAndTwice) {
  KGUARDED_MUTEX m;
  KeInitializeGuardedMutex(&m);
  EXPECT_ONLY_BUGCHECK(KeReleaseGuardedMutex(&m), kVerifier, {0x1004, Address(&m), 0, Self()});
  KeAcquireGuardedMutex(&m);
  EXPECT_NO_BUGCHECK(KeReleaseGuardedMutex(&m));
  EXPECT_ONLY_BUGCHECK(KeReleaseGuardedMutex(&m), kVerifier, {0x1004, Address(&m), 0, Self()});
  EXPECT_FALSE(KeAreAllApcsDisabled()) << "the guarded region was left once";
}

MISUSE_CASE(KeReleaseGuardedMutex, NeverInitialized) {
  KGUARDED_MUTEX m;
  Garbage(&m);
  EXPECT_ONLY_BUGCHECK(KeReleaseGuardedMutex(&m), kVerifier, {0x1002, Address(&m)});
}

MISUSE_CASE(KeReleaseGuardedMutex, AboveApcLevel) {
  KGUARDED_MUTEX m;
  KeInitializeGuardedMutex(&m);
  KeAcquireGuardedMutex(&m);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeReleaseGuardedMutex(&m), kVerifier,
                         {0x34, DISPATCH_LEVEL, Address(&m)});
  });
  EXPECT_EQ(m.Count, 1) << "reported, then released";
  EXPECT_FALSE(KeAreAllApcsDisabled());
}

MISUSE_CASE(ExAcquireFastMutexUnsafe, NullMutex) {
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExAcquireFastMutexUnsafe(nullptr), 0x1E, {kAccessViolation, 0, 1});
  });
}

MISUSE_CASE(ExAcquireFastMutexUnsafe, NeverInitialized) {
  FAST_MUTEX m;
  Garbage(&m);
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExAcquireFastMutexUnsafe(&m), kVerifier, {0x1002, Address(&m)});
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireFastMutexUnsafe, AboveApcLevel) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExAcquireFastMutexUnsafe(&m), kVerifier,
                         {0x39, DISPATCH_LEVEL, 0, Address(&m)});
  });
  EXPECT_EQ(m.Count, 1) << "not acquired";
}

MISUSE_CASE(ExAcquireFastMutexUnsafe, OutsideCriticalRegionVerifier) {
  ScopedOptions options(VerifierChecks);
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  EXPECT_ONLY_BUGCHECK(ExAcquireFastMutexUnsafe(&m), kVerifier,
                       {0x39, PASSIVE_LEVEL, 0, Address(&m)});
  EXPECT_EQ(m.Count, 0) << "reported, then acquired";
  KeEnterCriticalRegion();
  EXPECT_NO_BUGCHECK(ExReleaseFastMutexUnsafe(&m));
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireFastMutexUnsafe, Recursive) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  KeEnterCriticalRegion();
  ExAcquireFastMutexUnsafe(&m);
  EXPECT_ONLY_BUGCHECK(ExAcquireFastMutexUnsafe(&m), kVerifier, {0x1000, Address(&m)});
  ExReleaseFastMutexUnsafe(&m);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExReleaseFastMutexUnsafe, NullMutex) {
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExReleaseFastMutexUnsafe(nullptr), 0x1E, {kAccessViolation});
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExReleaseFastMutexUnsafe, NotHeld) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExReleaseFastMutexUnsafe(&m), kVerifier,
                       {0x1004, Address(&m), 0, Self()});
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExReleaseFastMutexUnsafe, AboveApcLevel) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  KeEnterCriticalRegion();
  ExAcquireFastMutexUnsafe(&m);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExReleaseFastMutexUnsafe(&m), kVerifier,
                         {0x3A, DISPATCH_LEVEL, 1, Address(&m)});
  });
  EXPECT_EQ(m.Count, 1) << "reported, then released";
  KeLeaveCriticalRegion();
}

MISUSE_CASE(KeAcquireGuardedMutexUnsafe, NullMutex) {
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeAcquireGuardedMutexUnsafe(nullptr), 0x1E, {kAccessViolation});
  });
}

MISUSE_CASE(KeAcquireGuardedMutexUnsafe, NeverInitialized) {
  KGUARDED_MUTEX m;
  Garbage(&m);
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeAcquireGuardedMutexUnsafe(&m), kVerifier, {0x1002, Address(&m)});
  });
}

MISUSE_CASE(KeAcquireGuardedMutexUnsafe, AboveApcLevel) {
  KGUARDED_MUTEX m;
  KeInitializeGuardedMutex(&m);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeAcquireGuardedMutexUnsafe(&m), kVerifier,
                         {0x39, HIGH_LEVEL, 0, Address(&m)});
  });
  EXPECT_EQ(m.Count, 1);
}

MISUSE_CASE(KeAcquireGuardedMutexUnsafe, Recursive) {
  KGUARDED_MUTEX m;
  KeInitializeGuardedMutex(&m);
  KeEnterGuardedRegion();
  KeAcquireGuardedMutexUnsafe(&m);
  EXPECT_ONLY_BUGCHECK(KeAcquireGuardedMutexUnsafe(&m), kVerifier, {0x1000, Address(&m)});
  KeReleaseGuardedMutexUnsafe(&m);
  KeLeaveGuardedRegion();
}

MISUSE_CASE(KeReleaseGuardedMutexUnsafe, NullMutex) {
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeReleaseGuardedMutexUnsafe(nullptr), 0x1E, {kAccessViolation});
  });
}

MISUSE_CASE(KeReleaseGuardedMutexUnsafe, NotHeldAndNeverInitialized) {
  KGUARDED_MUTEX m;
  KeInitializeGuardedMutex(&m);
  KGUARDED_MUTEX garbage;
  Garbage(&garbage);
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeReleaseGuardedMutexUnsafe(&m), kVerifier,
                         {0x1004, Address(&m), 0, Self()});
    EXPECT_ONLY_BUGCHECK(KeReleaseGuardedMutexUnsafe(&garbage), kVerifier,
                         {0x1002, Address(&garbage)});
  });
}

MISUSE_CASE(KeReleaseGuardedMutexUnsafe, AboveApcLevel) {
  KGUARDED_MUTEX m;
  KeInitializeGuardedMutex(&m);
  KeEnterGuardedRegion();
  KeAcquireGuardedMutexUnsafe(&m);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeReleaseGuardedMutexUnsafe(&m), kVerifier,
                         {0x3A, HIGH_LEVEL, 1, Address(&m)});
  });
  EXPECT_EQ(m.Count, 1);
  KeLeaveGuardedRegion();
}


// --- events -------------------------------------------------------------------------

MISUSE_CASE(KeInitializeEvent, NullEvent) {
  EXPECT_ONLY_BUGCHECK(KeInitializeEvent(nullptr, NotificationEvent, FALSE), 0x1E,
                       {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(KeInitializeEvent, GarbageStorageAtHighLevel) {
  KEVENT e;
  Garbage(&e);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_NO_BUGCHECK(KeInitializeEvent(&e, SynchronizationEvent, TRUE));  // any IRQL
  });
  EXPECT_EQ(KeReadStateEvent(&e), 1);
}

// NULL, never initialized, another kind of object.
#define SYNC_EVENT_OBJECT_ROWS(api, access, ...)                                             \
  MISUSE_CASE(api, NullEvent) {                                                              \
    EXPECT_ONLY_BUGCHECK(api(nullptr __VA_ARGS__), 0x1E, {kAccessViolation, 0, access, 0});  \
  }                                                                                          \
  MISUSE_CASE(api, NeverInitialized) {                                                       \
    KEVENT e;                                                                                \
    Garbage(&e);                                                                             \
    EXPECT_ONLY_BUGCHECK(EXPECT_EQ(api(&e __VA_ARGS__), 0), kVerifier, {0x1002, Address(&e)}); \
  }                                                                                          \
  MISUSE_CASE(api, SemaphoreIsNotAnEvent) {                                                  \
    KSEMAPHORE s;                                                                            \
    KeInitializeSemaphore(&s, 1, 1);                                                         \
    EXPECT_ONLY_BUGCHECK(api(reinterpret_cast<PRKEVENT>(&s) __VA_ARGS__), kVerifier,         \
                         {0x1002, Address(&s)});                                             \
    EXPECT_EQ(KeReadStateSemaphore(&s), 1) << "untouched";                                   \
  }                                                                                          \
  MISUSE_CASE(api, MutexIsNotAnEvent) {                                                      \
    KMUTEX m;                                                                                \
    KeInitializeMutex(&m, 0);                                                                \
    EXPECT_ONLY_BUGCHECK(api(reinterpret_cast<PRKEVENT>(&m) __VA_ARGS__), kVerifier,         \
                         {0x1002, Address(&m)});                                             \
    EXPECT_EQ(KeReadStateMutex(&m), 1) << "untouched";                                       \
  }

SYNC_EVENT_OBJECT_ROWS(KeSetEvent, 1, , IO_NO_INCREMENT, FALSE)
SYNC_EVENT_OBJECT_ROWS(KePulseEvent, 1, , IO_NO_INCREMENT, FALSE)
SYNC_EVENT_OBJECT_ROWS(KeResetEvent, 1)
SYNC_EVENT_OBJECT_ROWS(KeReadStateEvent, 0)

MISUSE_CASE(KeClearEvent, NullEvent) {
  EXPECT_ONLY_BUGCHECK(KeClearEvent(nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(KeClearEvent, NeverInitialized) {
  KEVENT e;
  Garbage(&e);
  EXPECT_ONLY_BUGCHECK(KeClearEvent(&e), kVerifier, {0x1002, Address(&e)});
}

MISUSE_CASE(KeClearEvent, SemaphoreIsNotAnEvent) {
  KSEMAPHORE s;
  KeInitializeSemaphore(&s, 2, 2);
  EXPECT_ONLY_BUGCHECK(KeClearEvent(reinterpret_cast<PRKEVENT>(&s)), kVerifier,
                       {0x1002, Address(&s)});
  EXPECT_EQ(KeReadStateSemaphore(&s), 2) << "untouched";
}

MISUSE_CASE(KeSetEvent, AboveDispatch) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, FALSE);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeSetEvent(&e, IO_NO_INCREMENT, FALSE), kVerifier,
                         {0x80, HIGH_LEVEL, Address(&e)});
  });
  EXPECT_EQ(KeReadStateEvent(&e), 0) << "not set";
}

MISUSE_CASE(KeSetEvent, TwiceReturnsThePreviousState) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, FALSE);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_EQ(KeSetEvent(&e, IO_NO_INCREMENT, FALSE), 0);
    EXPECT_EQ(KeSetEvent(&e, IO_NO_INCREMENT, FALSE), 1);
  });
}

MISUSE_CASE(KeSetEvent, WaitTrueIsFollowedByAWait) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, FALSE);
  EXPECT_EQ(KeSetEvent(&e, IO_NO_INCREMENT, TRUE), 0);
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL) << "until the next wait";
  EXPECT_NO_BUGCHECK(
      EXPECT_EQ(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS));
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(KePulseEvent, AboveDispatch) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KePulseEvent(&e, IO_NO_INCREMENT, FALSE), kVerifier,
                         {0x80, HIGH_LEVEL, Address(&e)});
  });
  EXPECT_EQ(KeReadStateEvent(&e), 1) << "untouched";
}

MISUSE_CASE(KePulseEvent, LeavesTheEventReset) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  EXPECT_EQ(KePulseEvent(&e, IO_NO_INCREMENT, FALSE), 1);
  EXPECT_EQ(KeReadStateEvent(&e), 0);
  EXPECT_EQ(KePulseEvent(&e, IO_NO_INCREMENT, FALSE), 0);
}

// The IRQL limit of the calls allowed up to DISPATCH_LEVEL.
#define SYNC_EVENT_IRQL_ROW(api)                                                        \
  MISUSE_CASE(api, AboveDispatch) {                                                     \
    KEVENT e;                                                                           \
    KeInitializeEvent(&e, NotificationEvent, TRUE);                                     \
    AtIrql(HIGH_LEVEL, [&] {                                                            \
      EXPECT_ONLY_BUGCHECK(api(&e), 0x0A, {Address(&e), HIGH_LEVEL, DISPATCH_LEVEL});   \
    });                                                                                 \
    AtIrql(DISPATCH_LEVEL, [&] { EXPECT_NO_BUGCHECK(api(&e)); });                       \
  }

SYNC_EVENT_IRQL_ROW(KeClearEvent)
SYNC_EVENT_IRQL_ROW(KeResetEvent)
SYNC_EVENT_IRQL_ROW(KeReadStateEvent)

MISUSE_CASE(KeResetEvent, ReturnsThePreviousState) {
  KEVENT e;
  KeInitializeEvent(&e, SynchronizationEvent, TRUE);
  EXPECT_EQ(KeResetEvent(&e), 1);
  EXPECT_EQ(KeResetEvent(&e), 0);
}

// --- semaphores ---------------------------------------------------------------------

MISUSE_CASE(KeInitializeSemaphore, NullSemaphore) {
  EXPECT_ONLY_BUGCHECK(KeInitializeSemaphore(nullptr, 0, 1), 0x1E, {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(KeInitializeSemaphore, GarbageStorageAtHighLevel) {
  KSEMAPHORE s;
  Garbage(&s);
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(KeInitializeSemaphore(&s, kLongMax, kLongMax)); });
  EXPECT_EQ(KeReadStateSemaphore(&s), kLongMax);
}

MISUSE_CASE(KeReleaseSemaphore, NullSemaphore) {
  EXPECT_ONLY_BUGCHECK(KeReleaseSemaphore(nullptr, 0, 1, FALSE), 0x1E,
                       {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(KeReleaseSemaphore, NeverInitialized) {
  KSEMAPHORE s;
  Garbage(&s);
  EXPECT_ONLY_BUGCHECK(KeReleaseSemaphore(&s, 0, 1, FALSE), kVerifier, {0x1002, Address(&s)});
}

MISUSE_CASE(KeReleaseSemaphore, EventIsNotASemaphore) {
  // An event's header is shorter than a semaphore: nothing past it is read.
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, FALSE);
  EXPECT_ONLY_BUGCHECK(KeReleaseSemaphore(reinterpret_cast<PRKSEMAPHORE>(&e), 0, 1, FALSE),
                       kVerifier, {0x1002, Address(&e)});
  EXPECT_EQ(KeReadStateEvent(&e), 0);
}

MISUSE_CASE(KeReleaseSemaphore, AboveDispatch) {
  KSEMAPHORE s;
  KeInitializeSemaphore(&s, 0, 1);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeReleaseSemaphore(&s, 0, 1, FALSE), 0x0A,
                         {Address(&s), HIGH_LEVEL, DISPATCH_LEVEL});
  });
  EXPECT_EQ(KeReadStateSemaphore(&s), 0);
}

MISUSE_CASE(KeReleaseSemaphore, PastTheLimit) {
  KSEMAPHORE s;
  KeInitializeSemaphore(&s, 1, 2);
  LONG previous = -1;
  EXPECT_ONLY_BUGCHECK(previous = KeReleaseSemaphore(&s, 0, 2, FALSE), 0x1E,
                       {kSemaphoreLimitExceeded, 0, 0, 0});
  EXPECT_EQ(previous, 1);
  EXPECT_EQ(KeReadStateSemaphore(&s), 1) << "the count is unchanged";
  EXPECT_NO_BUGCHECK(EXPECT_EQ(KeReleaseSemaphore(&s, 0, 1, FALSE), 1)) << "up to the limit";
  EXPECT_EQ(KeReadStateSemaphore(&s), 2);
}

MISUSE_CASE(KeReleaseSemaphore, AdjustmentNotPositive) {
  KSEMAPHORE s;
  KeInitializeSemaphore(&s, 1, 5);
  for (LONG adjustment : {0, -1, kLongMin}) {
    EXPECT_ONLY_BUGCHECK(KeReleaseSemaphore(&s, 0, adjustment, FALSE), 0x1E,
                         {kSemaphoreLimitExceeded})
        << adjustment;
  }
  EXPECT_EQ(KeReadStateSemaphore(&s), 1);
}

MISUSE_CASE(KeReleaseSemaphore, AdjustmentThatOverflows) {
  KSEMAPHORE s;
  KeInitializeSemaphore(&s, 1, kLongMax);
  EXPECT_ONLY_BUGCHECK(KeReleaseSemaphore(&s, 0, kLongMax, FALSE), 0x1E,
                       {kSemaphoreLimitExceeded});
  EXPECT_EQ(KeReadStateSemaphore(&s), 1);
  EXPECT_NO_BUGCHECK(KeReleaseSemaphore(&s, 0, kLongMax - 1, FALSE));
  EXPECT_EQ(KeReadStateSemaphore(&s), kLongMax);
}

MISUSE_CASE(KeReadStateSemaphore, NullSemaphore) {
  EXPECT_ONLY_BUGCHECK(KeReadStateSemaphore(nullptr), 0x1E, {kAccessViolation, 0, 0, 0});
}

MISUSE_CASE(KeReadStateSemaphore, NeverInitializedAndMutex) {
  KSEMAPHORE s;
  Garbage(&s);
  EXPECT_ONLY_BUGCHECK(EXPECT_EQ(KeReadStateSemaphore(&s), 0), kVerifier, {0x1002, Address(&s)});
  KMUTEX m;
  KeInitializeMutex(&m, 0);
  EXPECT_ONLY_BUGCHECK(KeReadStateSemaphore(reinterpret_cast<PRKSEMAPHORE>(&m)), kVerifier,
                       {0x1002, Address(&m)});
}

MISUSE_CASE(KeReadStateSemaphore, AboveDispatch) {
  KSEMAPHORE s;
  KeInitializeSemaphore(&s, 3, 3);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeReadStateSemaphore(&s), 0x0A,
                         {Address(&s), HIGH_LEVEL, DISPATCH_LEVEL});
  });
  AtIrql(DISPATCH_LEVEL, [&] { EXPECT_EQ(KeReadStateSemaphore(&s), 3); });
}

// --- mutexes ------------------------------------------------------------------------

MISUSE_CASE(KeInitializeMutex, NullMutex) {
  EXPECT_ONLY_BUGCHECK(KeInitializeMutex(nullptr, 0), 0x1E, {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(KeInitializeMutex, GarbageStorageAtHighLevel) {
  KMUTEX m;
  Garbage(&m);
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(KeInitializeMutex(&m, 0xFFFFFFFF)); });
  EXPECT_EQ(KeReadStateMutex(&m), 1) << "signaled";
}

MISUSE_CASE(KeReleaseMutex, NullMutex) {
  EXPECT_ONLY_BUGCHECK(KeReleaseMutex(nullptr, FALSE), 0x1E, {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(KeReleaseMutex, NotOwnedAndOnceTooOften) {
  KMUTEX m;
  KeInitializeMutex(&m, 0);
  EXPECT_ONLY_BUGCHECK(KeReleaseMutex(&m, FALSE), 0x1E, {kMutantNotOwned, 0, 0, 0});
  // Recursive: two acquisitions, two releases; the third is not owned.
  KeWaitForSingleObject(&m, Executive, KernelMode, FALSE, nullptr);
  KeWaitForSingleObject(&m, Executive, KernelMode, FALSE, nullptr);
  EXPECT_EQ(KeReadStateMutex(&m), -1);
  EXPECT_NO_BUGCHECK(KeReleaseMutex(&m, FALSE));
  EXPECT_NO_BUGCHECK(KeReleaseMutex(&m, FALSE));
  EXPECT_ONLY_BUGCHECK(KeReleaseMutex(&m, FALSE), 0x1E, {kMutantNotOwned});
  EXPECT_EQ(KeReadStateMutex(&m), 1);
  EXPECT_FALSE(KeAreApcsDisabled()) << "the owner's critical region ended with the last release";
}

MISUSE_CASE(KeReleaseMutex, NeverInitialized) {
  KMUTEX m;
  Garbage(&m);
  EXPECT_ONLY_BUGCHECK(KeReleaseMutex(&m, FALSE), kVerifier, {0x1002, Address(&m)});
}

MISUSE_CASE(KeReleaseMutex, EventIsNotAMutex) {
  KEVENT e;
  KeInitializeEvent(&e, SynchronizationEvent, FALSE);
  EXPECT_ONLY_BUGCHECK(KeReleaseMutex(reinterpret_cast<PRKMUTEX>(&e), FALSE), kVerifier,
                       {0x1002, Address(&e)});
  EXPECT_EQ(KeReadStateEvent(&e), 0);
}

MISUSE_CASE(KeReleaseMutex, AboveDispatch) {
  KMUTEX m;
  KeInitializeMutex(&m, 0);
  KeWaitForSingleObject(&m, Executive, KernelMode, FALSE, nullptr);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeReleaseMutex(&m, FALSE), 0x0A,
                         {Address(&m), HIGH_LEVEL, DISPATCH_LEVEL});
  });
  EXPECT_EQ(KeReadStateMutex(&m), 0) << "still owned";
  KeReleaseMutex(&m, FALSE);
}

MISUSE_CASE(KeReleaseMutex, HeldByAnotherThread) {
  KMUTEX m;
  KeInitializeMutex(&m, 0);
  WhileHeldElsewhere(
      [&] { KeWaitForSingleObject(&m, Executive, KernelMode, FALSE, nullptr); },
      [&] {
        EXPECT_ONLY_BUGCHECK(KeReleaseMutex(&m, FALSE), 0x1E, {kMutantNotOwned});
        EXPECT_EQ(KeReadStateMutex(&m), 0);
      },
      [&] { KeReleaseMutex(&m, FALSE); });
  EXPECT_EQ(KeReadStateMutex(&m), 1);
}

MISUSE_CASE(KeReadStateMutex, NullMutex) {
  EXPECT_ONLY_BUGCHECK(KeReadStateMutex(nullptr), 0x1E, {kAccessViolation, 0, 0, 0});
}

MISUSE_CASE(KeReadStateMutex, NeverInitializedAndSemaphore) {
  KMUTEX m;
  Garbage(&m);
  EXPECT_ONLY_BUGCHECK(EXPECT_EQ(KeReadStateMutex(&m), 0), kVerifier, {0x1002, Address(&m)});
  KSEMAPHORE s;
  KeInitializeSemaphore(&s, 1, 1);
  EXPECT_ONLY_BUGCHECK(KeReadStateMutex(reinterpret_cast<PRKMUTEX>(&s)), kVerifier,
                       {0x1002, Address(&s)});
}

MISUSE_CASE(KeReadStateMutex, AboveDispatch) {
  KMUTEX m;
  KeInitializeMutex(&m, 0);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeReadStateMutex(&m), 0x0A, {Address(&m), HIGH_LEVEL, DISPATCH_LEVEL});
  });
}

// --- waits ----------------------------------------------------------------------------

MISUSE_CASE(KeWaitForSingleObject, NullObject) {
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_ONLY_BUGCHECK(
      status = KeWaitForSingleObject(nullptr, Executive, KernelMode, FALSE, nullptr), 0x1E,
      {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(status, STATUS_TIMEOUT);
}

MISUSE_CASE(KeWaitForSingleObject, NotADispatcherObject) {
  KEVENT garbage;
  Garbage(&garbage);
  FAST_MUTEX fast;
  ExInitializeFastMutex(&fast);
  EX_PUSH_LOCK push = 0;
  for (PVOID object : {static_cast<PVOID>(&garbage), static_cast<PVOID>(&fast),
                       static_cast<PVOID>(&push)}) {
    LARGE_INTEGER zero;
    zero.QuadPart = 0;
    NTSTATUS status = STATUS_SUCCESS;
    EXPECT_ONLY_BUGCHECK(
        status = KeWaitForSingleObject(object, Executive, KernelMode, FALSE, &zero), kVerifier,
        {0x1002, Address(object)});
    EXPECT_EQ(status, STATUS_TIMEOUT);
  }
}

MISUSE_CASE(KeWaitForSingleObject, AboveDispatch) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  LARGE_INTEGER zero;
  zero.QuadPart = 0;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &zero),
                         kVerifier, {0x120, HIGH_LEVEL, Address(&e), Address(&zero)});
  });
}

MISUSE_CASE(KeWaitForSingleObject, AtDispatchWithoutTimeout) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, nullptr),
                         kVerifier, {0x121, DISPATCH_LEVEL, Address(&e), 0});
  });
}

MISUSE_CASE(KeWaitForSingleObject, AtDispatchWithNonZeroTimeout) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  LARGE_INTEGER timeout;
  timeout.QuadPart = -1;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &timeout),
                         kVerifier, {0x122, DISPATCH_LEVEL, Address(&e), Address(&timeout)});
  });
}

MISUSE_CASE(KeWaitForSingleObject, AtDispatchPolling) {
  KEVENT e;
  KeInitializeEvent(&e, SynchronizationEvent, TRUE);
  LARGE_INTEGER zero;
  zero.QuadPart = 0;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_NO_BUGCHECK(EXPECT_EQ(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &zero),
                                 STATUS_SUCCESS));
    EXPECT_NO_BUGCHECK(EXPECT_EQ(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &zero),
                                 STATUS_TIMEOUT))
        << "the synchronization event was reset by the first wait";
  });
}

MISUSE_CASE(KeWaitForSingleObject, BoundaryTimeouts) {
  ScopedOptions options(ShortWaitBound);
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, FALSE);
  LARGE_INTEGER timeout;
  for (LONGLONG value : {LONGLONG{0}, LONGLONG{-1}, LONGLONG{-10000}, LONGLONG{1}}) {
    timeout.QuadPart = value;  // a poll, 100 ns, 1 ms, an absolute time long past
    EXPECT_NO_BUGCHECK(EXPECT_EQ(
        KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &timeout), STATUS_TIMEOUT))
        << value;
  }
  for (LONGLONG value : {LLONG_MIN, LLONG_MAX}) {
    timeout.QuadPart = value;  // longer than any test: the wait bound ends them
    NTSTATUS status = STATUS_SUCCESS;
    EXPECT_ONLY_BUGCHECK(
        status = KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &timeout), kVerifier,
        {0x1001, Address(&e), kBoundMs})
        << value;
    EXPECT_EQ(status, STATUS_TIMEOUT);
  }
}

MISUSE_CASE(KeWaitForSingleObject, NeverSignaled) {
  ScopedOptions options(ShortWaitBound);
  KSEMAPHORE s;
  KeInitializeSemaphore(&s, 0, 1);
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_ONLY_BUGCHECK(
      status = KeWaitForSingleObject(&s, Executive, KernelMode, FALSE, nullptr), kVerifier,
      {0x1001, Address(&s), kBoundMs});
  EXPECT_EQ(status, STATUS_TIMEOUT);
}

MISUSE_CASE(KeWaitForSingleObject, MutexHeldElsewhere) {
  ScopedOptions options(ShortWaitBound);
  KMUTEX m;
  KeInitializeMutex(&m, 0);
  WhileHeldElsewhere(
      [&] { KeWaitForSingleObject(&m, Executive, KernelMode, FALSE, nullptr); },
      [&] {
        EXPECT_ONLY_BUGCHECK(KeWaitForSingleObject(&m, Executive, KernelMode, FALSE, nullptr),
                             kVerifier, {0x1001, Address(&m), kBoundMs});
        EXPECT_FALSE(KeAreApcsDisabled()) << "not acquired";
      },
      [&] { KeReleaseMutex(&m, FALSE); });
}

MISUSE_CASE(KeWaitForMultipleObjects, TooManyObjects) {
  KEVENT events[MAXIMUM_WAIT_OBJECTS + 1];
  PVOID objects[MAXIMUM_WAIT_OBJECTS + 1];
  for (int i = 0; i <= MAXIMUM_WAIT_OBJECTS; ++i) {
    KeInitializeEvent(&events[i], NotificationEvent, TRUE);
    objects[i] = &events[i];
  }
  KWAIT_BLOCK blocks[MAXIMUM_WAIT_OBJECTS + 1];
  EXPECT_ONLY_BUGCHECK(
      KeWaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, objects, WaitAny, Executive, KernelMode,
                               FALSE, nullptr, blocks),
      0x0C, {MAXIMUM_WAIT_OBJECTS + 1, MAXIMUM_WAIT_OBJECTS, 0, 0});
  EXPECT_ONLY_BUGCHECK(KeWaitForMultipleObjects(THREAD_WAIT_OBJECTS + 1, objects, WaitAny,
                                                Executive, KernelMode, FALSE, nullptr, nullptr),
                       0x0C, {THREAD_WAIT_OBJECTS + 1, THREAD_WAIT_OBJECTS, 0, 0});
}

MISUSE_CASE(KeWaitForMultipleObjects, MaximumAndThreadWaitObjectsExactly) {
  KEVENT events[MAXIMUM_WAIT_OBJECTS];
  PVOID objects[MAXIMUM_WAIT_OBJECTS];
  for (int i = 0; i < MAXIMUM_WAIT_OBJECTS; ++i) {
    KeInitializeEvent(&events[i], NotificationEvent, TRUE);
    objects[i] = &events[i];
  }
  KWAIT_BLOCK blocks[MAXIMUM_WAIT_OBJECTS];
  EXPECT_NO_BUGCHECK(EXPECT_EQ(KeWaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, objects, WaitAll,
                                                        Executive, KernelMode, FALSE, nullptr,
                                                        blocks),
                               STATUS_SUCCESS));
  KeResetEvent(&events[0]);
  EXPECT_NO_BUGCHECK(EXPECT_EQ(KeWaitForMultipleObjects(THREAD_WAIT_OBJECTS, objects, WaitAny,
                                                        Executive, KernelMode, FALSE, nullptr,
                                                        nullptr),
                               STATUS_WAIT_1));
}

MISUSE_CASE(KeWaitForMultipleObjects, CountZeroAndUndefinedWaitType) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  PVOID objects[1] = {&e};
  EXPECT_NO_BUGCHECK(EXPECT_EQ(KeWaitForMultipleObjects(0, objects, WaitAny, Executive,
                                                        KernelMode, FALSE, nullptr, nullptr),
                               STATUS_INVALID_PARAMETER));
  for (int type : {int{WaitNotification}, int{WaitDpc}, 77}) {
    EXPECT_NO_BUGCHECK(EXPECT_EQ(
        KeWaitForMultipleObjects(1, objects, static_cast<WAIT_TYPE>(type), Executive, KernelMode,
                                 FALSE, nullptr, nullptr),
        STATUS_INVALID_PARAMETER))
        << type;
  }
}

MISUSE_CASE(KeWaitForMultipleObjects, NullArrayAndNullElement) {
  EXPECT_ONLY_BUGCHECK(KeWaitForMultipleObjects(2, nullptr, WaitAny, Executive, KernelMode,
                                                FALSE, nullptr, nullptr),
                       0x1E, {kAccessViolation, 0, 0, 0});
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  PVOID objects[2] = {&e, nullptr};
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_ONLY_BUGCHECK(status = KeWaitForMultipleObjects(2, objects, WaitAll, Executive,
                                                         KernelMode, FALSE, nullptr, nullptr),
                       0x1E, {kAccessViolation});
  EXPECT_EQ(status, STATUS_TIMEOUT);
}

MISUSE_CASE(KeWaitForMultipleObjects, NeverInitializedElement) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  KEVENT garbage;
  Garbage(&garbage);
  PVOID objects[2] = {&e, &garbage};
  EXPECT_ONLY_BUGCHECK(KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode,
                                                FALSE, nullptr, nullptr),
                       kVerifier, {0x1002, Address(&garbage)});
}

MISUSE_CASE(KeWaitForMultipleObjects, IrqlLimits) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  PVOID objects[1] = {&e};
  LARGE_INTEGER timeout;
  timeout.QuadPart = -10;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeWaitForMultipleObjects(1, objects, WaitAny, Executive, KernelMode,
                                                  FALSE, &timeout, nullptr),
                         kVerifier, {0x120, HIGH_LEVEL, Address(&e), Address(&timeout)});
  });
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeWaitForMultipleObjects(1, objects, WaitAny, Executive, KernelMode,
                                                  FALSE, nullptr, nullptr),
                         kVerifier, {0x121, DISPATCH_LEVEL, Address(&e), 0});
    EXPECT_ONLY_BUGCHECK(KeWaitForMultipleObjects(1, objects, WaitAny, Executive, KernelMode,
                                                  FALSE, &timeout, nullptr),
                         kVerifier, {0x122, DISPATCH_LEVEL, Address(&e), Address(&timeout)});
  });
}

MISUSE_CASE(KeWaitForMultipleObjects, WaitAllNeverSatisfied) {
  ScopedOptions options(ShortWaitBound);
  KEVENT set;
  KEVENT never;
  KeInitializeEvent(&set, SynchronizationEvent, TRUE);
  KeInitializeEvent(&never, NotificationEvent, FALSE);
  PVOID objects[2] = {&set, &never};
  EXPECT_ONLY_BUGCHECK(KeWaitForMultipleObjects(2, objects, WaitAll, Executive, KernelMode,
                                                FALSE, nullptr, nullptr),
                       kVerifier, {0x1001, Address(&set), kBoundMs});
  EXPECT_EQ(KeReadStateEvent(&set), 1) << "a WaitAll that is not satisfied consumes nothing";
}

MISUSE_CASE(KeDelayExecutionThread, NullInterval) {
  EXPECT_ONLY_BUGCHECK(KeDelayExecutionThread(KernelMode, FALSE, nullptr), 0x1E,
                       {kAccessViolation, 0, 0, 0});
}

MISUSE_CASE(KeDelayExecutionThread, AboveApcLevel) {
  LARGE_INTEGER interval;
  interval.QuadPart = -1;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeDelayExecutionThread(KernelMode, FALSE, &interval), 0x0A,
                         {Address(&interval), DISPATCH_LEVEL, APC_LEVEL});
  });
  AtIrql(APC_LEVEL, [&] {
    EXPECT_NO_BUGCHECK(
        EXPECT_EQ(KeDelayExecutionThread(KernelMode, FALSE, &interval), STATUS_SUCCESS));
  });
}

MISUSE_CASE(KeDelayExecutionThread, BoundaryIntervals) {
  ScopedOptions options(ShortWaitBound);
  LARGE_INTEGER interval;
  for (LONGLONG value : {LONGLONG{0}, LONGLONG{-1}, LONGLONG{1}}) {
    interval.QuadPart = value;  // none, 100 ns, an absolute time long past
    EXPECT_NO_BUGCHECK(
        EXPECT_EQ(KeDelayExecutionThread(KernelMode, TRUE, &interval), STATUS_SUCCESS));
  }
  for (LONGLONG value : {LLONG_MIN, LLONG_MAX}) {
    interval.QuadPart = value;
    NTSTATUS status = STATUS_TIMEOUT;
    EXPECT_ONLY_BUGCHECK(status = KeDelayExecutionThread(KernelMode, FALSE, &interval),
                         kVerifier, {0x1001, Address(&interval), kBoundMs});
    EXPECT_EQ(status, STATUS_SUCCESS);
  }
}

MISUSE_CASE(FltCancellableWaitForSingleObject, NullObject) {
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_ONLY_BUGCHECK(status = FltCancellableWaitForSingleObject(nullptr, nullptr, nullptr),
                       0x1E, {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(status, STATUS_TIMEOUT);
}

MISUSE_CASE(FltCancellableWaitForSingleObject, NeverInitialized) {
  KEVENT garbage;
  Garbage(&garbage);
  LARGE_INTEGER zero;
  zero.QuadPart = 0;
  EXPECT_ONLY_BUGCHECK(FltCancellableWaitForSingleObject(&garbage, &zero, nullptr), kVerifier,
                       {0x1002, Address(&garbage)});
}

MISUSE_CASE(FltCancellableWaitForSingleObject, AboveApcLevel) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  LARGE_INTEGER zero;
  zero.QuadPart = 0;
  AtIrql(DISPATCH_LEVEL, [&] {
    NTSTATUS status = STATUS_SUCCESS;
    EXPECT_ONLY_BUGCHECK(status = FltCancellableWaitForSingleObject(&e, &zero, nullptr), 0x0A,
                         {Address(&e), DISPATCH_LEVEL, APC_LEVEL});
    EXPECT_EQ(status, STATUS_TIMEOUT);
  });
}

MISUSE_CASE(FltCancellableWaitForSingleObject, BoundaryTimeouts) {
  ScopedOptions options(ShortWaitBound);
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, FALSE);
  LARGE_INTEGER timeout;
  timeout.QuadPart = 0;
  EXPECT_EQ(FltCancellableWaitForSingleObject(&e, &timeout, nullptr), STATUS_TIMEOUT);
  timeout.QuadPart = -100;
  EXPECT_EQ(FltCancellableWaitForSingleObject(&e, &timeout, nullptr), STATUS_TIMEOUT);
  EXPECT_ONLY_BUGCHECK(FltCancellableWaitForSingleObject(&e, nullptr, nullptr), kVerifier,
                       {0x1001, Address(&e), kBoundMs});
  KeSetEvent(&e, IO_NO_INCREMENT, FALSE);
  EXPECT_EQ(FltCancellableWaitForSingleObject(&e, nullptr, nullptr), STATUS_SUCCESS);
}

// --- clocks -----------------------------------------------------------------------------

// 100 ns units since 1601 of January 1, 2020: the host's clock is later.
constexpr LONGLONG k2020 = 132223104000000000LL;

MISUSE_CASE(KeQuerySystemTime, NullTime) {
  EXPECT_ONLY_BUGCHECK(KeQuerySystemTime(nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeQuerySystemTime(nullptr), 0xD1, {0, HIGH_LEVEL, 1, 0});
  });
}

MISUSE_CASE(KeQuerySystemTime, AtHighLevel) {
  LARGE_INTEGER t;
  t.QuadPart = 0;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(KeQuerySystemTime(&t)); });
  EXPECT_GT(t.QuadPart, k2020);
}

MISUSE_CASE(KeQuerySystemTimePrecise, NullTime) {
  EXPECT_ONLY_BUGCHECK(KeQuerySystemTimePrecise(nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(KeQuerySystemTimePrecise, AtHighLevel) {
  LARGE_INTEGER coarse;
  KeQuerySystemTime(&coarse);
  LARGE_INTEGER precise;
  precise.QuadPart = 0;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(KeQuerySystemTimePrecise(&precise)); });
  EXPECT_GE(precise.QuadPart, coarse.QuadPart);
}

MISUSE_CASE(KeQueryTickCount, NullTickCount) {
  EXPECT_ONLY_BUGCHECK(KeQueryTickCount(nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(KeQueryTickCount, AtHighLevelMonotonic) {
  LARGE_INTEGER first;
  LARGE_INTEGER second;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_NO_BUGCHECK(KeQueryTickCount(&first));
    KeQueryTickCount(&second);
  });
  EXPECT_GE(second.QuadPart, first.QuadPart);
  EXPECT_GE(first.QuadPart, 0);
}

MISUSE_CASE(KeQueryTimeIncrement, AtHighLevel) {
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(EXPECT_EQ(KeQueryTimeIncrement(), 156250u)); });
}

MISUSE_CASE(KeQueryInterruptTime, AtHighLevelMonotonic) {
  ULONGLONG first = 0;
  ULONGLONG second = 0;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_NO_BUGCHECK(first = KeQueryInterruptTime());
    second = KeQueryInterruptTime();
  });
  EXPECT_GE(second, first);
  LARGE_INTEGER ticks;
  KeQueryTickCount(&ticks);
  EXPECT_GE(static_cast<ULONGLONG>(ticks.QuadPart), (first / KeQueryTimeIncrement()) - 1);
}

MISUSE_CASE(KeQueryInterruptTimePrecise, NullQpcTimeStamp) {
  ULONGLONG t = 1;
  EXPECT_ONLY_BUGCHECK(t = KeQueryInterruptTimePrecise(nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(t, 0u);
}

MISUSE_CASE(KeQueryInterruptTimePrecise, AtHighLevel) {
  ULONG64 qpc = 0;
  ULONGLONG t = 0;
  const ULONGLONG before = KeQueryInterruptTime();
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(t = KeQueryInterruptTimePrecise(&qpc)); });
  EXPECT_GE(t, before);
  EXPECT_NE(qpc, 0u);
}

MISUSE_CASE(KeQueryPerformanceCounter, NullFrequencyIsOptional) {
  LARGE_INTEGER first;
  LARGE_INTEGER frequency;
  frequency.QuadPart = 0;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_NO_BUGCHECK(first = KeQueryPerformanceCounter(nullptr));
    KeQueryPerformanceCounter(&frequency);
  });
  EXPECT_EQ(frequency.QuadPart, 10000000);
  EXPECT_GE(KeQueryPerformanceCounter(nullptr).QuadPart, first.QuadPart);
}

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
