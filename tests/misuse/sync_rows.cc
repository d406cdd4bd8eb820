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

}  // namespace
}  // namespace misuse
