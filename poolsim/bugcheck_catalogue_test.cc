// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/bugcheck_catalogue_test.cc
// -----------------------------------------------------------------------------
//
// The catalogue's own rules: rows are complete and unique, lookups find
// them, bug checks built from rows carry their sub-code where the row says,
// layers register, and the funnel refuses rows nobody registered.

#include "poolsim/bugcheck_catalogue.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/internal/misuse_rules.h"

namespace poolsim {
namespace {

TEST(BugCheckCatalogueTest, RowsAreCompleteAndUnique) {
  std::set<std::string> ids;
  std::set<std::pair<uint32_t, uint64_t>> keys;
  for (const CataloguedRule& e : AllBugCheckRules()) {
    const BugCheckRule& r = *e.rule;
    SCOPED_TRACE(r.id);
    EXPECT_TRUE(ids.insert(r.id).second) << "duplicate id";
    ASSERT_NE(r.stop, nullptr);
    EXPECT_EQ(FindStopCode(r.code()), r.stop) << "stop code not catalogued";
    EXPECT_STRNE(r.meaning, "");
    EXPECT_STRNE(r.fix, "");
    EXPECT_STRNE(r.raised_by, "");
    for (const char* p : r.parameters) EXPECT_NE(p, nullptr);
    if (r.has_subcode()) {
      ASSERT_GE(r.subcode_parameter, 0);
      ASSERT_LE(r.subcode_parameter, 3);
      EXPECT_TRUE(keys.emplace(r.code(), r.subcode).second) << "duplicate (code, sub-code)";
      EXPECT_EQ(r.parameters[r.subcode_parameter], absl::StrFormat("0x%02X", r.subcode));
      EXPECT_EQ(FindBugCheckRule(r.code(), r.subcode), &r);
    }
  }
}

TEST(BugCheckCatalogueTest, NamesOfEveryKnownStopCode) {
  const std::vector<std::pair<uint32_t, const char*>> names = {
      {0x08, "IRQL_NOT_DISPATCH_LEVEL"},
      {0x09, "IRQL_NOT_GREATER_OR_EQUAL"},
      {0x0A, "IRQL_NOT_LESS_OR_EQUAL"},
      {0x0C, "MAXIMUM_WAIT_OBJECTS_EXCEEDED"},
      {0x0F, "SPIN_LOCK_ALREADY_OWNED"},
      {0x10, "SPIN_LOCK_NOT_OWNED"},
      {0x19, "BAD_POOL_HEADER"},
      {0x1E, "KMODE_EXCEPTION_NOT_HANDLED"},
      {0x41, "MUST_SUCCEED_POOL_EMPTY"},
      {0xC1, "SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION"},
      {0xC2, "BAD_POOL_CALLER"},
      {0xC4, "DRIVER_VERIFIER_DETECTED_VIOLATION"},
      {0xC5, "DRIVER_CORRUPTED_EXPOOL"},
      {0xC6, "DRIVER_CAUGHT_MODIFYING_FREED_POOL"},
      {0xC7, "TIMER_OR_DPC_INVALID"},
      {0xC9, "DRIVER_VERIFIER_IOMANAGER_VIOLATION"},
      {0xCC, "PAGE_FAULT_IN_FREED_SPECIAL_POOL"},
      {0xCD, "PAGE_FAULT_BEYOND_END_OF_ALLOCATION"},
      {0xCE, "DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS"},
      {0xD1, "DRIVER_IRQL_NOT_LESS_OR_EQUAL"},
      {0xD5, "DRIVER_PAGE_FAULT_IN_FREED_SPECIAL_POOL"},
      {0xD6, "DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION"},
      {0xE3, "RESOURCE_NOT_OWNED"},
      {0xF5, "FLTMGR_FILE_SYSTEM"},
      {0x133, "DPC_WATCHDOG_VIOLATION"},
  };
  for (const auto& [code, name] : names) EXPECT_STREQ(BugCheckName(code), name) << code;
  EXPECT_STREQ(BugCheckName(0x12345), "UNKNOWN_BUGCHECK");
  EXPECT_EQ(AllStopCodes().size(), names.size() + 1);  // and this test's own, below
}

TEST(BugCheckCatalogueTest, MakeBugCheckPutsTheSubcodeWhereTheRowKeepsIt) {
  const BugCheck first = MakeBugCheck(bugcheck_rule::kFreeDoubleRetail, {0, 0x41, 0x1000}, "x");
  EXPECT_EQ(first.code, bugcheck::kBadPoolCaller);
  EXPECT_EQ(first.parameters, (std::array<uint64_t, 4>{0x07, 0, 0x41, 0x1000}));
  EXPECT_EQ(first.rule, &bugcheck_rule::kFreeDoubleRetail);
  EXPECT_EQ(first.description, "x");

  const BugCheck last = MakeBugCheck(bugcheck_rule::kFreeIrqlSpecialPool, {2, 1, 0x1000}, "");
  EXPECT_EQ(last.code, bugcheck::kSpecialPoolDetectedMemoryCorruption);
  EXPECT_EQ(last.parameters, (std::array<uint64_t, 4>{2, 1, 0x1000, 0x31}));
  EXPECT_EQ(FindBugCheckRuleFor(last), &bugcheck_rule::kFreeIrqlSpecialPool);

  const BugCheck none = MakeBugCheck(bugcheck_rule::kRaiseStatus, {0xC000009A}, "");
  EXPECT_EQ(none.parameters, (std::array<uint64_t, 4>{0xC000009A, 0, 0, 0}));

  const BugCheck driver = MakeDriverBugCheck(0xDEAD, {1, 2, 3, 4}, "driver");
  EXPECT_EQ(driver.rule, nullptr);
  EXPECT_EQ(driver.parameters, (std::array<uint64_t, 4>{1, 2, 3, 4}));
}

TEST(BugCheckCatalogueTest, FindFallsBackToTheCodesRowWithoutSubcode) {
  EXPECT_EQ(FindBugCheckRule(bugcheck::kIrqlNotGreaterOrEqual, 5),
            &bugcheck_rule::kRaiseIrqlRetail);
  EXPECT_EQ(FindBugCheckRule(bugcheck::kBadPoolCaller, 0x7777), nullptr);
  EXPECT_EQ(FindBugCheckRule(0x12345, 0), nullptr);
}

TEST(BugCheckCatalogueTest, MisuseTableNamesCataloguedRows) {
  using poolsim_internal::ChooseMisuseRule;
  using poolsim_internal::Misuse;
  for (const poolsim_internal::MisuseRow& row : poolsim_internal::misuse_table::kRows) {
    for (const CheckMode mode : {CheckMode::kRetail, CheckMode::kVerifier}) {
      for (const bool special : {false, true}) {
        const BugCheckRule* rule = ChooseMisuseRule(row.misuse, mode, special).rule;
        if (rule != nullptr) {
          EXPECT_TRUE(IsCatalogued(*rule)) << rule->id;
        }
      }
    }
  }
  EXPECT_EQ(ChooseMisuseRule(Misuse::kAllocateIrqlPaged, CheckMode::kRetail, false).rule,
            &bugcheck_rule::kAllocateIrqlRetail);
  EXPECT_EQ(ChooseMisuseRule(Misuse::kAllocateIrqlPaged, CheckMode::kVerifier, false).rule,
            &bugcheck_rule::kAllocateIrqlPagedVerifier);
  EXPECT_EQ(ChooseMisuseRule(Misuse::kAllocateIrqlPaged, CheckMode::kVerifier, true).rule,
            &bugcheck_rule::kAllocateIrqlSpecialPool);
  EXPECT_EQ(ChooseMisuseRule(Misuse::kAllocateZeroBytes, CheckMode::kRetail, true).rule,
            nullptr);
  EXPECT_EQ(ChooseMisuseRule(Misuse::kFreeDouble, CheckMode::kVerifier, true).rule,
            &bugcheck_rule::kFreeDoubleVerifier);
}

// A layer of this test, registered the way fltctx and ksalloc register.
inline constexpr StopCode kTestStop{0x7E57, "POOLSIM_TEST_STOP", "a test's stop code"};
inline constexpr BugCheckRule kTestRule{
    &kTestStop, 0, 0x5, "test.rule", {"0x05", "a", "b", "c"}, "meaning", "fix", "TestApi"};
inline constexpr BugCheckRule kUnregisteredRule{
    &kTestStop, 0, 0x6, "test.unregistered", {"0x06", "", "", ""}, "meaning", "fix", "None"};
const BugCheckTableRegistrar kRegistrar("poolsim_test", {&kTestStop}, {&kTestRule});

TEST(BugCheckCatalogueTest, LayersRegisterTheirTables) {
  EXPECT_STREQ(BugCheckName(0x7E57), "POOLSIM_TEST_STOP");
  EXPECT_EQ(FindBugCheckRule(0x7E57, 0x5), &kTestRule);
  EXPECT_TRUE(IsCatalogued(kTestRule));
  EXPECT_FALSE(IsCatalogued(kUnregisteredRule));
  // Registering the same layer again changes nothing.
  const size_t rows = AllBugCheckRules().size();
  RegisterBugCheckTable("poolsim_test", {&kTestStop}, {&kTestRule, &kUnregisteredRule});
  EXPECT_EQ(AllBugCheckRules().size(), rows);
  EXPECT_STREQ(AllBugCheckRules().front().layer, "poolsim");

  Environment env;
  std::vector<BugCheck> seen;
  env.SetBugCheckHandler([&](const BugCheck& b) { seen.push_back(b); });
  env.RaiseBugCheck(MakeBugCheck(kTestRule, {1, 2, 3}, "raised"));
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].rule, &kTestRule);
  EXPECT_EQ(seen[0].parameters, (std::array<uint64_t, 4>{0x5, 1, 2, 3}));
}

TEST(BugCheckCatalogueDeathTest, TheFunnelRefusesUnregisteredRows) {
  Environment env;
  env.SetBugCheckHandler([](const BugCheck&) {});
  EXPECT_DEATH(env.RaiseBugCheck(MakeBugCheck(kUnregisteredRule, {}, "x")),
               "never registered its table");
  BugCheck altered = MakeBugCheck(kTestRule, {}, "x");
  altered.parameters[0] = 0x99;
  EXPECT_DEATH(env.RaiseBugCheck(altered), "does not match its row");
}

}  // namespace
}  // namespace poolsim
