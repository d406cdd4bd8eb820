// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The WDK-named surface, called the way a driver calls it: exact status
// values, out-parameter rules and structure layouts.

#include "fltctx/wdk/fltkernel.h"

#include <cstddef>
#include <cstring>
#include <functional>
#include <vector>

#include "fltctx/filter_manager.h"
#include "fltctx/wdk/simulation.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/internal/lock.h"
#include "poolsim/irql.h"

namespace {

using ::testing::ElementsAre;

constexpr ULONG kTag = 0x31787443;  // shows as "Ctx1"
PFLT_CONTEXT const kGarbage = reinterpret_cast<PFLT_CONTEXT>(0x1234);

// The WDK's x64 layouts.
static_assert(sizeof(FLT_CONTEXT_REGISTRATION) == 56, "");
static_assert(offsetof(FLT_CONTEXT_REGISTRATION, Flags) == 2, "");
static_assert(offsetof(FLT_CONTEXT_REGISTRATION, ContextCleanupCallback) == 8, "");
static_assert(offsetof(FLT_CONTEXT_REGISTRATION, Size) == 16, "");
static_assert(offsetof(FLT_CONTEXT_REGISTRATION, PoolTag) == 24, "");
static_assert(offsetof(FLT_CONTEXT_REGISTRATION, ContextAllocateCallback) == 32, "");
static_assert(offsetof(FLT_CONTEXT_REGISTRATION, ContextFreeCallback) == 40, "");
static_assert(offsetof(FLT_CONTEXT_REGISTRATION, Reserved1) == 48, "");
static_assert(sizeof(FLT_RELATED_OBJECTS) == 48, "");
static_assert(offsetof(FLT_RELATED_OBJECTS, TransactionContext) == 2, "");
static_assert(offsetof(FLT_RELATED_OBJECTS, Filter) == 8, "");
static_assert(offsetof(FLT_RELATED_OBJECTS, Transaction) == 40, "");
static_assert(sizeof(FLT_RELATED_CONTEXTS) == 48, "");
static_assert(sizeof(FLT_RELATED_CONTEXTS_EX) == 56, "");
static_assert(offsetof(FLT_RELATED_CONTEXTS_EX, SectionContext) == 48, "");
static_assert(sizeof(FLT_OPERATION_REGISTRATION) == 32, "");
static_assert(offsetof(FLT_OPERATION_REGISTRATION, Flags) == 4, "");
static_assert(offsetof(FLT_REGISTRATION, ContextRegistration) == 8, "");
static_assert(offsetof(FLT_REGISTRATION, TransactionNotificationCallback) == 88, "");
static_assert(offsetof(FLT_REGISTRATION, SectionNotificationCallback) == 104, "");
static_assert(sizeof(FLT_REGISTRATION) == 112, "");
static_assert(offsetof(FILE_OBJECT, FsContext) == 0x18, "");
static_assert(offsetof(FILE_OBJECT, FsContext2) == 0x20, "");
static_assert(FLT_ALL_CONTEXTS == 0x7F, "");
static_assert(FLT_SET_CONTEXT_REPLACE_IF_EXISTS == 0 && FLT_SET_CONTEXT_KEEP_IF_EXISTS == 1, "");

TEST(WdkConstants, StatusValues) {
  EXPECT_EQ(static_cast<uint32_t>(STATUS_FLT_CONTEXT_ALREADY_DEFINED), 0xC01C0002u);
  EXPECT_EQ(static_cast<uint32_t>(STATUS_FLT_NOT_INITIALIZED), 0xC01C0007u);
  EXPECT_EQ(static_cast<uint32_t>(STATUS_FLT_DELETING_OBJECT), 0xC01C000Bu);
  EXPECT_EQ(static_cast<uint32_t>(STATUS_FLT_MUST_BE_NONPAGED_POOL), 0xC01C000Cu);
  EXPECT_EQ(static_cast<uint32_t>(STATUS_FLT_CONTEXT_ALLOCATION_NOT_FOUND), 0xC01C0016u);
  EXPECT_EQ(static_cast<uint32_t>(STATUS_FLT_INVALID_CONTEXT_REGISTRATION), 0xC01C0017u);
  EXPECT_EQ(static_cast<uint32_t>(STATUS_FLT_ALREADY_ENLISTED), 0xC01C001Bu);
  EXPECT_EQ(static_cast<uint32_t>(STATUS_FLT_CONTEXT_ALREADY_LINKED), 0xC01C001Cu);
  EXPECT_EQ(static_cast<uint32_t>(STATUS_INVALID_BUFFER_SIZE), 0xC0000206u);
  EXPECT_EQ(static_cast<uint32_t>(STATUS_NOT_FOUND), 0xC0000225u);
  EXPECT_EQ(static_cast<uint32_t>(STATUS_NOT_SUPPORTED), 0xC00000BBu);
}

// Runs first in its binary: no FilterManager exists yet.
TEST(WdkRegistration, WithoutAFilterManagerIsNotInitialized) {
  ASSERT_EQ(fltctx::AmbientFilterManager(), nullptr);
  FLT_REGISTRATION r = {sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION};
  PFLT_FILTER f = reinterpret_cast<PFLT_FILTER>(1);
  EXPECT_EQ(FltRegisterFilter(nullptr, &r, &f), STATUS_FLT_NOT_INITIALIZED);
  EXPECT_EQ(f, nullptr);
}

class WdkTest : public ::testing::Test {
 public:
  WdkTest() {
    env_.SetBugCheckHandler([this](const poolsim::BugCheck& b) {
      poolsim::poolsim_internal::MutexLock l(&mu_);
      checks_.push_back(b);
    });
  }

  static poolsim::Options EnvOptions() {
    poolsim::Options o;
    o.backend = poolsim::Backend::kSystem;
    return o;
  }

  static void FLTAPI Cleanup(PFLT_CONTEXT, FLT_CONTEXT_TYPE type) { cleanups_.push_back(type); }

  PFLT_FILTER RegisterAll() {
    static const FLT_CONTEXT_REGISTRATION kRegs[] = {
        {FLT_VOLUME_CONTEXT, 0, Cleanup, 32, kTag, nullptr, nullptr, nullptr},
        {FLT_INSTANCE_CONTEXT, 0, Cleanup, 32, kTag, nullptr, nullptr, nullptr},
        {FLT_FILE_CONTEXT, 0, Cleanup, 32, kTag, nullptr, nullptr, nullptr},
        {FLT_STREAM_CONTEXT, 0, Cleanup, 32, kTag, nullptr, nullptr, nullptr},
        {FLT_STREAM_CONTEXT, FLTFL_CONTEXT_REGISTRATION_NO_EXACT_SIZE_MATCH, Cleanup, 128, kTag,
         nullptr, nullptr, nullptr},
        {FLT_STREAMHANDLE_CONTEXT, 0, Cleanup, FLT_VARIABLE_SIZED_CONTEXTS, kTag, nullptr,
         nullptr, nullptr},
        {FLT_TRANSACTION_CONTEXT, 0, Cleanup, 32, kTag, nullptr, nullptr, nullptr},
        {FLT_SECTION_CONTEXT, 0, Cleanup, 32, kTag, nullptr, nullptr, nullptr},
        {FLT_CONTEXT_END}};
    FLT_REGISTRATION r = {};
    r.Size = sizeof(r);
    r.Version = FLT_REGISTRATION_VERSION;
    r.ContextRegistration = kRegs;
    r.TransactionNotificationCallback = [](PCFLT_RELATED_OBJECTS o, PFLT_CONTEXT ctx,
                                           ULONG mask) -> NTSTATUS {
      notifications_.push_back(mask);
      EXPECT_NE(o->Transaction, nullptr);
      EXPECT_NE(ctx, nullptr);
      return STATUS_SUCCESS;
    };
    PFLT_FILTER f = nullptr;
    EXPECT_EQ(FltRegisterFilter(nullptr, &r, &f), STATUS_SUCCESS);
    EXPECT_EQ(FltStartFiltering(f), STATUS_SUCCESS);
    EXPECT_EQ(FltStartFiltering(f), STATUS_INVALID_PARAMETER);
    return f;
  }

  void SetUp() override {
    cleanups_.clear();
    notifications_.clear();
    filter_ = RegisterAll();
    volume_ = fltctx::wdk::CreateVolume(fm_);
    instance_ = fltctx::wdk::AttachInstance(filter_, volume_);
    fo_ = fltctx::wdk::OpenFile(volume_);
  }

  PFLT_CONTEXT Alloc(FLT_CONTEXT_TYPE type, SIZE_T size = 32, POOL_TYPE pool = NonPagedPoolNx) {
    PFLT_CONTEXT c = kGarbage;
    EXPECT_EQ(FltAllocateContext(filter_, type, size, pool, &c), STATUS_SUCCESS);
    return c;
  }

  std::vector<poolsim::BugCheck> Checks() {
    poolsim::poolsim_internal::MutexLock l(&mu_);
    return checks_;
  }

  static std::vector<FLT_CONTEXT_TYPE> cleanups_;
  static std::vector<ULONG> notifications_;
  poolsim::Environment env_{EnvOptions()};
  poolsim::ScopedEnvironment install_env_{&env_};
  fltctx::FilterManager fm_{env_};
  fltctx::ScopedFilterManager install_fm_{&fm_};
  PFLT_FILTER filter_ = nullptr;
  PFLT_VOLUME volume_ = nullptr;
  PFLT_INSTANCE instance_ = nullptr;
  PFILE_OBJECT fo_ = nullptr;

 private:
  poolsim::poolsim_internal::Mutex mu_;
  std::vector<poolsim::BugCheck> checks_ ABSL_GUARDED_BY(mu_);
};

std::vector<FLT_CONTEXT_TYPE> WdkTest::cleanups_;
std::vector<ULONG> WdkTest::notifications_;

TEST_F(WdkTest, RegistrationStatuses) {
  FLT_REGISTRATION r = {};
  r.Size = sizeof(r);
  r.Version = 0x0100;
  PFLT_FILTER f = reinterpret_cast<PFLT_FILTER>(1);
  EXPECT_EQ(FltRegisterFilter(nullptr, &r, &f), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(f, nullptr);
  r.Version = FLT_REGISTRATION_VERSION_0200;
  r.Size = 8;
  EXPECT_EQ(FltRegisterFilter(nullptr, &r, &f), STATUS_INVALID_PARAMETER);
  r.Size = sizeof(r);
  EXPECT_EQ(FltRegisterFilter(nullptr, nullptr, &f), STATUS_INVALID_PARAMETER);

  const FLT_CONTEXT_REGISTRATION four[] = {
      {FLT_STREAM_CONTEXT, 0, nullptr, 8, kTag, nullptr, nullptr, nullptr},
      {FLT_STREAM_CONTEXT, 0, nullptr, 16, kTag, nullptr, nullptr, nullptr},
      {FLT_STREAM_CONTEXT, 0, nullptr, 24, kTag, nullptr, nullptr, nullptr},
      {FLT_STREAM_CONTEXT, 0, nullptr, 32, kTag, nullptr, nullptr, nullptr},
      {FLT_CONTEXT_END}};
  r.ContextRegistration = four;
  EXPECT_EQ(FltRegisterFilter(nullptr, &r, &f), STATUS_FLT_INVALID_CONTEXT_REGISTRATION);
  EXPECT_EQ(f, nullptr);
  const FLT_CONTEXT_REGISTRATION reserved[] = {
      {FLT_STREAM_CONTEXT, 0, nullptr, 8, kTag, nullptr, nullptr, reinterpret_cast<PVOID>(1)},
      {FLT_CONTEXT_END}};
  r.ContextRegistration = reserved;
  EXPECT_EQ(FltRegisterFilter(nullptr, &r, &f), STATUS_FLT_INVALID_CONTEXT_REGISTRATION);
  r.ContextRegistration = nullptr;  // no contexts at all is fine
  EXPECT_EQ(FltRegisterFilter(nullptr, &r, &f), STATUS_SUCCESS);
  PFLT_CONTEXT c = kGarbage;
  EXPECT_EQ(FltAllocateContext(f, FLT_STREAM_CONTEXT, 8, PagedPool, &c),
            STATUS_FLT_CONTEXT_ALLOCATION_NOT_FOUND);
  EXPECT_EQ(c, nullptr);
  FltUnregisterFilter(f);
}

TEST_F(WdkTest, AllocateStatusesAndNullOnFailure) {
  struct Case {
    FLT_CONTEXT_TYPE type;
    SIZE_T size;
    POOL_TYPE pool;
    NTSTATUS expected;
  };
  const Case cases[] = {
      {FLT_STREAM_CONTEXT, 32, PagedPool, STATUS_SUCCESS},
      {FLT_STREAM_CONTEXT, 100, PagedPool, STATUS_SUCCESS},  // the 128 NO_EXACT entry
      {FLT_STREAM_CONTEXT, 200, PagedPool, STATUS_FLT_CONTEXT_ALLOCATION_NOT_FOUND},
      {FLT_STREAM_CONTEXT, 0, PagedPool, STATUS_INVALID_PARAMETER},
      {FLT_STREAM_CONTEXT, 0x10000, PagedPool, STATUS_INVALID_BUFFER_SIZE},
      {FLT_STREAM_CONTEXT | FLT_FILE_CONTEXT, 32, PagedPool, STATUS_INVALID_PARAMETER},
      {0x0080, 32, PagedPool, STATUS_INVALID_PARAMETER},
      {FLT_VOLUME_CONTEXT, 32, PagedPool, STATUS_FLT_MUST_BE_NONPAGED_POOL},
      {FLT_VOLUME_CONTEXT, 32, NonPagedPool, STATUS_SUCCESS},
      {FLT_STREAMHANDLE_CONTEXT, 777, NonPagedPoolNx, STATUS_SUCCESS},
  };
  for (const Case& c : cases) {
    PFLT_CONTEXT out = kGarbage;
    EXPECT_EQ(FltAllocateContext(filter_, c.type, c.size, c.pool, &out), c.expected)
        << c.type << " " << c.size;
    if (c.expected == STATUS_SUCCESS) {
      ASSERT_NE(out, nullptr);
      FltReleaseContext(out);
    } else {
      EXPECT_EQ(out, nullptr);
    }
  }
  FltUnregisterFilter(filter_);
  PFLT_CONTEXT out = kGarbage;
  EXPECT_EQ(FltAllocateContext(filter_, FLT_STREAM_CONTEXT, 32, PagedPool, &out),
            STATUS_FLT_DELETING_OBJECT);
  EXPECT_EQ(out, nullptr);
}

TEST_F(WdkTest, SetGetDeleteStatusesAndOutParameters) {
  PFLT_CONTEXT get = kGarbage;
  EXPECT_EQ(FltGetStreamContext(instance_, fo_, &get), STATUS_NOT_FOUND);
  EXPECT_EQ(get, nullptr);

  PFLT_CONTEXT first = Alloc(FLT_STREAM_CONTEXT);
  PFLT_CONTEXT old = kGarbage;
  EXPECT_EQ(FltSetStreamContext(instance_, fo_, FLT_SET_CONTEXT_KEEP_IF_EXISTS, first, &old),
            STATUS_SUCCESS);
  EXPECT_EQ(old, nullptr) << "NULL when nothing was returned";
  EXPECT_EQ(FltSetStreamContext(instance_, fo_, FLT_SET_CONTEXT_KEEP_IF_EXISTS, first, nullptr),
            STATUS_FLT_CONTEXT_ALREADY_LINKED);

  PFLT_CONTEXT second = Alloc(FLT_STREAM_CONTEXT);
  EXPECT_EQ(FltSetStreamContext(instance_, fo_, FLT_SET_CONTEXT_KEEP_IF_EXISTS, second, &old),
            STATUS_FLT_CONTEXT_ALREADY_DEFINED);
  EXPECT_EQ(old, first);
  FltReleaseContext(old);
  EXPECT_EQ(FltSetStreamContext(instance_, fo_, static_cast<FLT_SET_CONTEXT_OPERATION>(7), second,
                                &old),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(FltSetStreamContext(instance_, fo_, FLT_SET_CONTEXT_REPLACE_IF_EXISTS, second, &old),
            STATUS_SUCCESS);
  EXPECT_EQ(old, first);
  FltReleaseContext(old);
  FltReleaseContext(first);  // the allocation reference: first is freed now
  EXPECT_THAT(cleanups_, ElementsAre(FLT_STREAM_CONTEXT));

  EXPECT_EQ(FltGetStreamContext(instance_, fo_, &get), STATUS_SUCCESS);
  EXPECT_EQ(get, second);
  FltReleaseContext(get);
  EXPECT_EQ(FltDeleteStreamContext(instance_, fo_, &old), STATUS_SUCCESS);
  EXPECT_EQ(old, second);
  FltReleaseContext(old);
  EXPECT_EQ(FltDeleteStreamContext(instance_, fo_, &old), STATUS_NOT_FOUND);
  EXPECT_EQ(old, nullptr);
  FltReleaseContext(second);
  EXPECT_EQ(cleanups_.size(), 2u);
  EXPECT_TRUE(Checks().empty());
}

TEST_F(WdkTest, EveryTypeSetsAndGets) {
  PKTRANSACTION tx = fltctx::wdk::CreateTransaction(fm_);
  struct Kind {
    FLT_CONTEXT_TYPE type;
    std::function<NTSTATUS(PFLT_CONTEXT)> set;
    std::function<NTSTATUS(PFLT_CONTEXT*)> get;
    std::function<NTSTATUS(PFLT_CONTEXT*)> del;
  };
  std::vector<Kind> kinds = {
      {FLT_VOLUME_CONTEXT,
       [&](PFLT_CONTEXT c) { return FltSetVolumeContext(volume_, FLT_SET_CONTEXT_KEEP_IF_EXISTS, c, nullptr); },
       [&](PFLT_CONTEXT* c) { return FltGetVolumeContext(filter_, volume_, c); },
       [&](PFLT_CONTEXT* c) { return FltDeleteVolumeContext(filter_, volume_, c); }},
      {FLT_INSTANCE_CONTEXT,
       [&](PFLT_CONTEXT c) { return FltSetInstanceContext(instance_, FLT_SET_CONTEXT_KEEP_IF_EXISTS, c, nullptr); },
       [&](PFLT_CONTEXT* c) { return FltGetInstanceContext(instance_, c); },
       [&](PFLT_CONTEXT* c) { return FltDeleteInstanceContext(instance_, c); }},
      {FLT_FILE_CONTEXT,
       [&](PFLT_CONTEXT c) { return FltSetFileContext(instance_, fo_, FLT_SET_CONTEXT_KEEP_IF_EXISTS, c, nullptr); },
       [&](PFLT_CONTEXT* c) { return FltGetFileContext(instance_, fo_, c); },
       [&](PFLT_CONTEXT* c) { return FltDeleteFileContext(instance_, fo_, c); }},
      {FLT_STREAMHANDLE_CONTEXT,
       [&](PFLT_CONTEXT c) { return FltSetStreamHandleContext(instance_, fo_, FLT_SET_CONTEXT_KEEP_IF_EXISTS, c, nullptr); },
       [&](PFLT_CONTEXT* c) { return FltGetStreamHandleContext(instance_, fo_, c); },
       [&](PFLT_CONTEXT* c) { return FltDeleteStreamHandleContext(instance_, fo_, c); }},
      {FLT_TRANSACTION_CONTEXT,
       [&](PFLT_CONTEXT c) { return FltSetTransactionContext(instance_, tx, FLT_SET_CONTEXT_KEEP_IF_EXISTS, c, nullptr); },
       [&](PFLT_CONTEXT* c) { return FltGetTransactionContext(instance_, tx, c); },
       [&](PFLT_CONTEXT* c) { return FltDeleteTransactionContext(instance_, tx, c); }},
  };
  for (const Kind& k : kinds) {
    PFLT_CONTEXT c = Alloc(k.type);
    ASSERT_EQ(k.set(c), STATUS_SUCCESS) << k.type;
    PFLT_CONTEXT got = kGarbage;
    ASSERT_EQ(k.get(&got), STATUS_SUCCESS) << k.type;
    EXPECT_EQ(got, c) << k.type;
    FltReleaseContext(got);
    PFLT_CONTEXT old = kGarbage;
    EXPECT_EQ(k.del(&old), STATUS_SUCCESS) << k.type;
    EXPECT_EQ(old, c);
    FltReleaseContext(old);
    EXPECT_EQ(k.get(&got), STATUS_NOT_FOUND) << k.type;
    EXPECT_EQ(got, nullptr);
    FltReleaseContext(c);
  }
  EXPECT_EQ(cleanups_.size(), kinds.size());
  EXPECT_TRUE(Checks().empty());
}

TEST_F(WdkTest, DeletingObjectAfterInstanceTeardown) {
  PFLT_CONTEXT c = Alloc(FLT_INSTANCE_CONTEXT);
  fltctx::wdk::DetachInstance(instance_);
  EXPECT_EQ(FltSetInstanceContext(instance_, FLT_SET_CONTEXT_KEEP_IF_EXISTS, c, nullptr),
            STATUS_FLT_DELETING_OBJECT);
  EXPECT_EQ(FltDeleteInstanceContext(instance_, nullptr), STATUS_FLT_DELETING_OBJECT);
  FltReleaseContext(c);
}

TEST_F(WdkTest, SupportsAndNotSupported) {
  fltctx::StreamOptions pagefile;
  pagefile.name = "\\pagefile.sys";
  pagefile.paging_file = true;
  PFILE_OBJECT pf = fltctx::wdk::OpenFile(volume_, pagefile);
  EXPECT_EQ(FltSupportsStreamContexts(fo_), TRUE);
  EXPECT_EQ(FltSupportsStreamHandleContexts(fo_), TRUE);
  EXPECT_EQ(FltSupportsFileContexts(fo_), TRUE);
  EXPECT_EQ(FltSupportsFileContextsEx(fo_, instance_), TRUE);
  EXPECT_EQ(FltSupportsStreamContexts(pf), FALSE);
  EXPECT_EQ(FltSupportsFileContextsEx(pf, instance_), FALSE);
  PFLT_CONTEXT got = kGarbage;
  EXPECT_EQ(FltGetStreamContext(instance_, pf, &got), STATUS_NOT_SUPPORTED);
  EXPECT_EQ(got, nullptr);
  PFLT_CONTEXT c = Alloc(FLT_STREAMHANDLE_CONTEXT);
  EXPECT_EQ(FltSetStreamHandleContext(instance_, nullptr, FLT_SET_CONTEXT_KEEP_IF_EXISTS, c,
                                      nullptr),
            STATUS_NOT_SUPPORTED);
  FltReleaseContext(c);
  EXPECT_EQ(pf->FsContext, fltctx::wdk::StreamOf(pf));
  PFILE_OBJECT again = fltctx::wdk::OpenAgain(fo_);
  EXPECT_EQ(again->FsContext, fo_->FsContext) << "one stream, two opens";
  EXPECT_NE(again->FsContext2, fo_->FsContext2);
}

TEST_F(WdkTest, GetContextsAndRelease) {
  PFLT_CONTEXT s = Alloc(FLT_STREAM_CONTEXT);
  FltSetStreamContext(instance_, fo_, FLT_SET_CONTEXT_KEEP_IF_EXISTS, s, nullptr);
  PFLT_CONTEXT v = Alloc(FLT_VOLUME_CONTEXT);
  FltSetVolumeContext(volume_, FLT_SET_CONTEXT_KEEP_IF_EXISTS, v, nullptr);
  FLT_RELATED_OBJECTS objs = {sizeof(objs), 0, filter_, volume_, instance_, fo_, nullptr};
  FLT_RELATED_CONTEXTS ctxs;
  std::memset(&ctxs, 0xAB, sizeof(ctxs));
  FltGetContexts(&objs, FLT_ALL_CONTEXTS, &ctxs);
  EXPECT_EQ(ctxs.VolumeContext, v);
  EXPECT_EQ(ctxs.StreamContext, s);
  EXPECT_EQ(ctxs.InstanceContext, nullptr);
  EXPECT_EQ(ctxs.TransactionContext, nullptr);
  FltReleaseContexts(&ctxs);
  EXPECT_EQ(ctxs.VolumeContext, nullptr);
  EXPECT_EQ(ctxs.StreamContext, nullptr);

  FLT_RELATED_CONTEXTS_EX ex;
  EXPECT_EQ(FltGetContextsEx(&objs, FLT_ALL_CONTEXTS, sizeof(ex) - 8, &ex),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(FltGetContextsEx(&objs, 0x100, sizeof(ex), &ex), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(FltGetContextsEx(&objs, FLT_STREAM_CONTEXT | FLT_SECTION_CONTEXT, sizeof(ex), &ex),
            STATUS_SUCCESS);
  EXPECT_EQ(ex.StreamContext, s);
  EXPECT_EQ(ex.VolumeContext, nullptr);
  EXPECT_EQ(ex.SectionContext, nullptr);
  FltReleaseContextsEx(sizeof(ex), &ex);
  EXPECT_EQ(ex.StreamContext, nullptr);
  FltReleaseContext(s);
  FltReleaseContext(v);
  EXPECT_TRUE(Checks().empty());
  EXPECT_TRUE(fm_.ReferencedContexts().empty());
}

TEST_F(WdkTest, SectionContextStatuses) {
  PFLT_CONTEXT s = Alloc(FLT_SECTION_CONTEXT);
  HANDLE h = kGarbage;
  PVOID obj = kGarbage;
  EXPECT_EQ(FltCreateSectionForDataScan(instance_, fo_, s, 0, nullptr, nullptr, 0, 0, 0, &h, &obj,
                                        nullptr),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(h, nullptr);
  EXPECT_EQ(FltCloseSectionForDataScan(s), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(FltRegisterForDataScan(instance_), STATUS_SUCCESS);
  EXPECT_EQ(FltCreateSectionForDataScan(instance_, fo_, s, 0, nullptr, nullptr, 0, 0, 0, &h, &obj,
                                        nullptr),
            STATUS_SUCCESS);
  EXPECT_NE(h, nullptr);
  EXPECT_NE(obj, nullptr);
  PFLT_CONTEXT s2 = Alloc(FLT_SECTION_CONTEXT);
  EXPECT_EQ(FltCreateSectionForDataScan(instance_, fo_, s2, 0, nullptr, nullptr, 0, 0, 0, &h, &obj,
                                        nullptr),
            STATUS_FLT_CONTEXT_ALREADY_DEFINED);
  PFLT_CONTEXT got = nullptr;
  EXPECT_EQ(FltGetSectionContext(instance_, fo_, &got), STATUS_SUCCESS);
  EXPECT_EQ(got, s);
  FltReleaseContext(got);
  EXPECT_EQ(FltCloseSectionForDataScan(s), STATUS_SUCCESS);
  EXPECT_EQ(FltCloseSectionForDataScan(s), STATUS_NOT_FOUND);
  fltctx::StreamOptions empty;
  empty.size = 0;
  PFILE_OBJECT efo = fltctx::wdk::OpenFile(volume_, empty);
  EXPECT_EQ(FltCreateSectionForDataScan(instance_, efo, s2, 0, nullptr, nullptr, 0, 0, 0, &h, &obj,
                                        nullptr),
            STATUS_END_OF_FILE);
  FltReleaseContext(s);
  FltReleaseContext(s2);
  EXPECT_TRUE(Checks().empty());
}

TEST_F(WdkTest, TransactionEnlistStatusesAndNotification) {
  PKTRANSACTION tx = fltctx::wdk::CreateTransaction(fm_);
  PFLT_CONTEXT c = Alloc(FLT_TRANSACTION_CONTEXT);
  ASSERT_EQ(FltSetTransactionContext(instance_, tx, FLT_SET_CONTEXT_KEEP_IF_EXISTS, c, nullptr),
            STATUS_SUCCESS);
  EXPECT_EQ(FltEnlistInTransaction(instance_, tx, c, 0x100), STATUS_INVALID_PARAMETER_4);
  EXPECT_EQ(FltEnlistInTransaction(instance_, tx, c, TRANSACTION_NOTIFY_ROLLBACK), STATUS_SUCCESS);
  EXPECT_EQ(FltEnlistInTransaction(instance_, tx, c, TRANSACTION_NOTIFY_ROLLBACK),
            STATUS_FLT_ALREADY_ENLISTED);
  FltReleaseContext(c);
  fltctx::wdk::CompleteTransaction(tx, /*commit=*/false);
  EXPECT_THAT(notifications_, ElementsAre(TRANSACTION_NOTIFY_ROLLBACK));
  EXPECT_THAT(cleanups_, ElementsAre(FLT_TRANSACTION_CONTEXT));
}

TEST_F(WdkTest, ReleaseOfNonContextRaisesABugCheck) {
  int local = 0;
  FltReleaseContext(&local);
  std::vector<poolsim::BugCheck> checks = Checks();
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].code, 0x1Eu);
  EXPECT_EQ(checks[0].parameters[3], reinterpret_cast<uintptr_t>(&local));
}

}  // namespace
