// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/ecp_test.cc
// -----------------------------------------------------------------------------
//
// Extra create parameters through the WDK names as a driver calls them:
// lists and contexts from the pool with their tags, insertion rules, lookup
// and iteration, cleanup callbacks when a context or its list is freed, the
// ECP list a create carries (attached the way the simulated create attaches
// a test-built list), and the error-path sweep of the C filter's ECP code.

#include <cstring>
#include <vector>

#include "fltctx/ecp.h"
#include "fltctx/filter_manager.h"
#include "fltctx/wdk/testdata/ecp_filter.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/fault_sweep.h"

namespace {

// {0f0e0d0c-0b0a-0908-0706-050403020100}
const GUID kOtherType = {0x0f0e0d0c, 0x0b0a, 0x0908, {7, 6, 5, 4, 3, 2, 1, 0}};
constexpr ULONG kOtherTag = 0x7274634f;  // 'Octr'

std::vector<const void*>& CleanedUp() {
  static std::vector<const void*> cleaned;
  return cleaned;
}
VOID NTAPI RecordCleanup(PVOID context, LPCGUID) { CleanedUp().push_back(context); }

// A create's callback data, built the way the simulated I/O builds it
// (fltctx/io/internal/request.h): an IRP-based operation with its Iopb.
struct CreateData {
  explicit CreateData(UCHAR major = IRP_MJ_CREATE) {
    std::memset(&iopb, 0, sizeof(iopb));
    std::memset(&data, 0, sizeof(data));
    iopb.MajorFunction = major;
    data.Flags = FLTFL_CALLBACK_DATA_IRP_OPERATION;
    data.Iopb = &iopb;
    data.RequestorMode = UserMode;
  }
  ~CreateData() { fltctx::ecp::ClearCreateEcpList(&data); }
  FLT_IO_PARAMETER_BLOCK iopb;
  FLT_CALLBACK_DATA data;
};

class EcpTest : public ::testing::Test {
 public:
  static poolsim::Options EnvOptions() {
    poolsim::Options o;
    o.backend = poolsim::Backend::kSystem;
    return o;
  }
  void SetUp() override {
    CleanedUp().clear();
    EcpFilterReset();
    env_.SetBugCheckHandler([this](const poolsim::BugCheck& b) { bug_checks_.push_back(b); });
    FLT_REGISTRATION registration = {};
    registration.Size = sizeof(registration);
    registration.Version = FLT_REGISTRATION_VERSION;
    ASSERT_EQ(FltRegisterFilter(nullptr, &registration, &filter_), STATUS_SUCCESS);
  }
  void TearDown() override {
    FltUnregisterFilter(filter_);
    EXPECT_TRUE(bug_checks_.empty()) << bug_checks_.front().description;
  }
  bool LiveBlockTagged(ULONG tag, poolsim::PoolKind kind) const {
    for (const auto& b : env_.LiveBlocks()) {
      if (b.tag == poolsim::PoolTag(tag) && b.kind == kind) return true;
    }
    return false;
  }

  poolsim::Environment env_{EnvOptions()};
  poolsim::ScopedEnvironment install_env_{&env_};
  fltctx::FilterManager fm_{env_};
  fltctx::ScopedFilterManager install_fm_{&fm_};
  PFLT_FILTER filter_ = nullptr;
  std::vector<poolsim::BugCheck> bug_checks_;
};

TEST_F(EcpTest, ListsAndContextsComeFromThePoolWithTheirTags) {
  PECP_LIST list = nullptr;
  ASSERT_EQ(FltAllocateExtraCreateParameterList(filter_, 0, &list), STATUS_SUCCESS);
  EXPECT_TRUE(LiveBlockTagged(fltctx::kEcpListTag, poolsim::PoolKind::kPaged));
  PVOID paged = nullptr, nonpaged = nullptr;
  ASSERT_EQ(FltAllocateExtraCreateParameter(filter_, &GUID_ECP_FLTCTX_TEST, 8, 0, nullptr,
                                            TEST_ECP_TAG, &paged),
            STATUS_SUCCESS);
  EXPECT_TRUE(LiveBlockTagged(TEST_ECP_TAG, poolsim::PoolKind::kPaged));
  ASSERT_EQ(FltAllocateExtraCreateParameter(filter_, &kOtherType, 8,
                                            FSRTL_ALLOCATE_ECP_FLAG_NONPAGED_POOL, nullptr,
                                            kOtherTag, &nonpaged),
            STATUS_SUCCESS);
  EXPECT_TRUE(LiveBlockTagged(kOtherTag, poolsim::PoolKind::kNonPaged));
  const UCHAR zero[8] = {};
  EXPECT_EQ(std::memcmp(paged, zero, 8), 0) << "contexts come zeroed";
  FltFreeExtraCreateParameter(filter_, paged);
  FltFreeExtraCreateParameter(filter_, nonpaged);
  FltFreeExtraCreateParameterList(filter_, list);
  EXPECT_TRUE(env_.LiveBlocks().empty());
}

TEST_F(EcpTest, InsertFindIterateRemoveAndCleanups) {
  PECP_LIST list = nullptr;
  ASSERT_EQ(FltAllocateExtraCreateParameterList(filter_, 0, &list), STATUS_SUCCESS);
  PVOID a = nullptr, b = nullptr, a2 = nullptr;
  ASSERT_EQ(FltAllocateExtraCreateParameter(filter_, &GUID_ECP_FLTCTX_TEST, 4, 0, RecordCleanup,
                                            TEST_ECP_TAG, &a),
            STATUS_SUCCESS);
  ASSERT_EQ(FltAllocateExtraCreateParameter(filter_, &kOtherType, 12, 0, RecordCleanup,
                                            kOtherTag, &b),
            STATUS_SUCCESS);
  ASSERT_EQ(FltAllocateExtraCreateParameter(filter_, &GUID_ECP_FLTCTX_TEST, 4, 0, RecordCleanup,
                                            TEST_ECP_TAG, &a2),
            STATUS_SUCCESS);
  EXPECT_EQ(FltInsertExtraCreateParameter(filter_, list, a), STATUS_SUCCESS);
  EXPECT_EQ(FltInsertExtraCreateParameter(filter_, list, b), STATUS_SUCCESS);
  EXPECT_EQ(FltInsertExtraCreateParameter(filter_, list, a2), STATUS_INVALID_PARAMETER)
      << "same type twice";
  EXPECT_EQ(FltInsertExtraCreateParameter(filter_, list, a), STATUS_INVALID_PARAMETER)
      << "already in the list";

  PVOID found = nullptr;
  ULONG size = 0;
  EXPECT_EQ(FltFindExtraCreateParameter(filter_, list, &kOtherType, &found, &size),
            STATUS_SUCCESS);
  EXPECT_EQ(found, b);
  EXPECT_EQ(size, 12u);
  EXPECT_EQ(FltFindExtraCreateParameter(filter_, list, &kOtherType, nullptr, nullptr),
            STATUS_SUCCESS)
      << "outputs are optional";

  // Insertion order.
  GUID type = {};
  PVOID next = nullptr;
  EXPECT_EQ(FltGetNextExtraCreateParameter(filter_, list, nullptr, &type, &next, &size),
            STATUS_SUCCESS);
  EXPECT_EQ(next, a);
  EXPECT_TRUE(IsEqualGUID(type, GUID_ECP_FLTCTX_TEST));
  EXPECT_EQ(FltGetNextExtraCreateParameter(filter_, list, a, &type, &next, &size),
            STATUS_SUCCESS);
  EXPECT_EQ(next, b);
  EXPECT_EQ(FltGetNextExtraCreateParameter(filter_, list, b, &type, &next, &size),
            STATUS_NOT_FOUND);
  EXPECT_EQ(FltGetNextExtraCreateParameter(filter_, list, a2, &type, &next, &size),
            STATUS_INVALID_PARAMETER)
      << "a2 is in no list";

  // Removed: the caller owns it; freeing it runs its cleanup.
  PVOID removed = nullptr;
  EXPECT_EQ(FltRemoveExtraCreateParameter(filter_, list, &GUID_ECP_FLTCTX_TEST, &removed, &size),
            STATUS_SUCCESS);
  EXPECT_EQ(removed, a);
  EXPECT_EQ(size, 4u);
  EXPECT_EQ(FltRemoveExtraCreateParameter(filter_, list, &GUID_ECP_FLTCTX_TEST, &removed, &size),
            STATUS_NOT_FOUND);
  EXPECT_EQ(FltFindExtraCreateParameter(filter_, list, &GUID_ECP_FLTCTX_TEST, &found, nullptr),
            STATUS_NOT_FOUND);
  FltFreeExtraCreateParameter(filter_, a);
  FltFreeExtraCreateParameter(filter_, a2);
  EXPECT_EQ(CleanedUp(), (std::vector<const void*>{a, a2}));
  // The list's free runs the cleanup of what is still in it.
  FltFreeExtraCreateParameterList(filter_, list);
  EXPECT_EQ(CleanedUp(), (std::vector<const void*>{a, a2, b}));
  EXPECT_TRUE(env_.LiveBlocks().empty());
}

TEST_F(EcpTest, AcknowledgeAndFromUserMode) {
  PVOID ecp = nullptr;
  ASSERT_EQ(FltAllocateExtraCreateParameter(filter_, &GUID_ECP_FLTCTX_TEST, 4, 0, nullptr,
                                            TEST_ECP_TAG, &ecp),
            STATUS_SUCCESS);
  EXPECT_FALSE(FltIsEcpAcknowledged(filter_, ecp));
  EXPECT_FALSE(FltIsEcpFromUserMode(filter_, ecp)) << "a filter's own ECP is from kernel mode";
  FltAcknowledgeEcp(filter_, ecp);
  EXPECT_TRUE(FltIsEcpAcknowledged(filter_, ecp));
  ASSERT_EQ(fltctx::ecp::MarkFromUserMode(ecp, true), fltctx::EcpOutcome::kSuccess);
  EXPECT_TRUE(FltIsEcpFromUserMode(filter_, ecp));
  FltFreeExtraCreateParameter(filter_, ecp);
}

// The simulated create attaches a list the test built; the filter finds it.
TEST_F(EcpTest, CreateCarriesTheListTheTestAttached) {
  CreateData create;
  ULONG cookie = 0;
  BOOLEAN from_user = FALSE;
  EXPECT_EQ(EcpFilterPreCreate(filter_, &create.data, &cookie, &from_user), 0) << "no list";

  PECP_LIST list = nullptr;
  PVOID ecp = nullptr;
  ASSERT_EQ(FltAllocateExtraCreateParameterList(filter_, 0, &list), STATUS_SUCCESS);
  ASSERT_EQ(FltAllocateExtraCreateParameter(filter_, &GUID_ECP_FLTCTX_TEST, sizeof(TEST_ECP), 0,
                                            nullptr, TEST_ECP_TAG, &ecp),
            STATUS_SUCCESS);
  static_cast<PTEST_ECP>(ecp)->Cookie = 0xC0FFEE;
  ASSERT_EQ(FltInsertExtraCreateParameter(filter_, list, ecp), STATUS_SUCCESS);
  fltctx::ecp::MarkFromUserMode(ecp, true);  // as a user-mode create's ECPs are
  ASSERT_TRUE(fltctx::ecp::SetCreateEcpList(&create.data, list));

  EXPECT_EQ(EcpFilterPreCreate(filter_, &create.data, &cookie, &from_user), 1);
  EXPECT_EQ(cookie, 0xC0FFEEu);
  EXPECT_TRUE(from_user);
  EXPECT_TRUE(FltIsEcpAcknowledged(filter_, ecp)) << "the filter acknowledged it";
  // A create that already carries a list cannot take another.
  PECP_LIST second = nullptr;
  ASSERT_EQ(FltAllocateExtraCreateParameterList(filter_, 0, &second), STATUS_SUCCESS);
  EXPECT_EQ(FltSetEcpListIntoCallbackData(filter_, &create.data, second),
            STATUS_INVALID_PARAMETER_3);
  FltFreeExtraCreateParameterList(filter_, second);
  // The create is over.
  fltctx::ecp::ClearCreateEcpList(&create.data);
  PECP_LIST now = reinterpret_cast<PECP_LIST>(1);
  EXPECT_EQ(FltGetEcpListFromCallbackData(filter_, &create.data, &now), STATUS_SUCCESS);
  EXPECT_EQ(now, nullptr);
  FltFreeExtraCreateParameterList(filter_, list);
  EXPECT_TRUE(env_.LiveBlocks().empty());
}

TEST_F(EcpTest, FilterAttachesItsOwnListToACreate) {
  CreateData create;
  PECP_LIST list = EcpFilterAttach(filter_, &create.data, 7);
  ASSERT_NE(list, nullptr);
  PECP_LIST got = nullptr;
  EXPECT_EQ(FltGetEcpListFromCallbackData(filter_, &create.data, &got), STATUS_SUCCESS);
  EXPECT_EQ(got, list);
  ULONG cookie = 0;
  BOOLEAN from_user = TRUE;
  EXPECT_EQ(EcpFilterPreCreate(filter_, &create.data, &cookie, &from_user), 1);
  EXPECT_EQ(cookie, 7u);
  EXPECT_FALSE(from_user);
  FltFreeExtraCreateParameterList(filter_, list);
  EXPECT_EQ(EcpFilterCleanups(), 1);
  // Freeing the list detached it from the create.
  EXPECT_EQ(FltGetEcpListFromCallbackData(filter_, &create.data, &got), STATUS_SUCCESS);
  EXPECT_EQ(got, nullptr);
}

TEST_F(EcpTest, OnlyIrpBasedCreatesCarryLists) {
  CreateData read(IRP_MJ_READ);
  PECP_LIST list = nullptr;
  ASSERT_EQ(FltAllocateExtraCreateParameterList(filter_, 0, &list), STATUS_SUCCESS);
  EXPECT_EQ(FltSetEcpListIntoCallbackData(filter_, &read.data, list), STATUS_INVALID_PARAMETER_2);
  EXPECT_EQ(FltGetEcpListFromCallbackData(filter_, &read.data, &list), STATUS_INVALID_PARAMETER);
  CreateData fast_io;
  fast_io.data.Flags = 0;  // a fast-I/O create is not IRP-based
  EXPECT_EQ(FltSetEcpListIntoCallbackData(filter_, &fast_io.data, list),
            STATUS_INVALID_PARAMETER_2);
  FltFreeExtraCreateParameterList(filter_, list);
}

TEST_F(EcpTest, FreeingAnEcpStillInAListIsTheListCorruption) {
  PECP_LIST list = nullptr;
  PVOID ecp = nullptr;
  ASSERT_EQ(FltAllocateExtraCreateParameterList(filter_, 0, &list), STATUS_SUCCESS);
  ASSERT_EQ(FltAllocateExtraCreateParameter(filter_, &GUID_ECP_FLTCTX_TEST, 4, 0, RecordCleanup,
                                            TEST_ECP_TAG, &ecp),
            STATUS_SUCCESS);
  ASSERT_EQ(FltInsertExtraCreateParameter(filter_, list, ecp), STATUS_SUCCESS);
  FltFreeExtraCreateParameter(filter_, ecp);
  ASSERT_EQ(bug_checks_.size(), 1u);
  EXPECT_EQ(bug_checks_[0].code, 0x139u);
  EXPECT_EQ(bug_checks_[0].parameters[0], 3u);
  EXPECT_EQ(bug_checks_[0].parameters[3], reinterpret_cast<uintptr_t>(ecp));
  bug_checks_.clear();
  EXPECT_TRUE(CleanedUp().empty()) << "nothing was freed";
  PVOID found = nullptr;
  EXPECT_EQ(FltFindExtraCreateParameter(filter_, list, &GUID_ECP_FLTCTX_TEST, &found, nullptr),
            STATUS_SUCCESS);
  FltFreeExtraCreateParameterList(filter_, list);
  EXPECT_EQ(CleanedUp().size(), 1u);
}

TEST_F(EcpTest, AllocationsFailAsOnWindows) {
  poolsim::Options o = EnvOptions();
  o.faults.mode = poolsim::FaultMode::kRandom;
  o.faults.probability = 10000;
  o.faults.tags = {"FSel", "Tecp"};
  env_.Reconfigure(o);
  PECP_LIST list = reinterpret_cast<PECP_LIST>(1);
  EXPECT_EQ(FltAllocateExtraCreateParameterList(filter_, 0, &list), STATUS_INSUFFICIENT_RESOURCES);
  EXPECT_EQ(list, nullptr);
  PVOID ecp = reinterpret_cast<PVOID>(1);
  EXPECT_EQ(FltAllocateExtraCreateParameter(filter_, &GUID_ECP_FLTCTX_TEST, 4, 0, nullptr,
                                            TEST_ECP_TAG, &ecp),
            STATUS_INSUFFICIENT_RESOURCES);
  EXPECT_EQ(ecp, nullptr);
  env_.Reconfigure(EnvOptions());
}

TEST(EcpSweepTest, FilterEcpCodeErrorPathsAreClean) {
  poolsim::SweepOptions options;
  options.base.backend = poolsim::Backend::kSystem;
  const poolsim::SweepResult r = poolsim::SweepFaults(
      [] {
        fltctx::FilterManager fm(poolsim::Ambient());
        fltctx::ScopedFilterManager install(&fm);
        FLT_REGISTRATION registration = {};
        registration.Size = sizeof(registration);
        registration.Version = FLT_REGISTRATION_VERSION;
        PFLT_FILTER filter = nullptr;
        if (!NT_SUCCESS(FltRegisterFilter(nullptr, &registration, &filter))) return;
        {
          CreateData create;
          PECP_LIST list = EcpFilterAttach(filter, &create.data, 1);
          ULONG cookie = 0;
          BOOLEAN from_user = FALSE;
          EcpFilterPreCreate(filter, &create.data, &cookie, &from_user);
          if (list != nullptr) FltFreeExtraCreateParameterList(filter, list);
        }
        FltUnregisterFilter(filter);
      },
      options);
  EXPECT_GE(r.injection_points, 2u);
  EXPECT_TRUE(r.clean()) << r.failures.size() << " failing runs";
}

}  // namespace
