// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/registration_test.cc
// -----------------------------------------------------------------------------
//
// The context registration rules through FilterManager::RegisterFilter,
// and ValidateContextRegistration on its own: table cases.

#include "fltctx/filter_manager.h"

#include <cctype>
#include <string>
#include <vector>

#include "fltctx/test_support.h"
#include "gtest/gtest.h"

namespace fltctx {
namespace {

using ::fltctx::testing::Entry;
using ::fltctx::testing::FilterManagerTest;
using ::fltctx::testing::kTag;
using poolsim::PoolKind;

constexpr size_t kVar = ContextRegistrationEntry::kVariableSize;


// -----------------------------------------------------------------------------
// Registration validation
// -----------------------------------------------------------------------------

void NoopFree(void*, ContextType) {}
void* NoopAllocate(uint32_t, size_t, ContextType) { return nullptr; }

struct RegistrationCase {
  const char* name;
  std::vector<ContextRegistrationEntry> entries;
  RegisterOutcome expected;
};

ContextRegistrationEntry WithCallbacks(ContextType t, bool allocate, bool free) {
  ContextRegistrationEntry e = Entry(t, 0, 0, 0);
  if (allocate) {
    e.allocate = NoopAllocate;
    e.allocate_id = reinterpret_cast<const void*>(&NoopAllocate);
  }
  if (free) {
    e.free = NoopFree;
    e.free_id = reinterpret_cast<const void*>(&NoopFree);
  }
  return e;
}

ContextRegistrationEntry Raw(uint16_t bits, size_t size) {
  ContextRegistrationEntry e = Entry(ContextType::kStream, size);
  e.type_bits = bits;
  return e;
}

ContextRegistrationEntry Reserved() {
  ContextRegistrationEntry e = Entry(ContextType::kStream, 8);
  e.reserved_nonnull = true;
  return e;
}

class RegistrationTest : public FilterManagerTest,
                         public ::testing::WithParamInterface<RegistrationCase> {};

TEST_P(RegistrationTest, Validates) {
  const RegistrationCase& c = GetParam();
  FilterRegistration r;
  r.contexts = c.entries;
  Filter* f = reinterpret_cast<Filter*>(1);
  EXPECT_EQ(fm().RegisterFilter(r, &f), c.expected) << c.name;
  if (c.expected == RegisterOutcome::kRegistered) {
    EXPECT_NE(f, nullptr);
  } else {
    EXPECT_EQ(f, nullptr);
  }
}

const ContextType kS = ContextType::kStream;

// The registration table: FilterManager::RegisterFilter and
// ValidateContextRegistration (with the default, strict Options) must agree
// on every case.
std::vector<RegistrationCase> Cases() {
  return {
        RegistrationCase{"none", {}, RegisterOutcome::kRegistered},
      RegistrationCase{"one fixed", {Entry(kS, 16)}, RegisterOutcome::kRegistered},
      RegistrationCase{"size zero is legal", {Entry(kS, 0)}, RegisterOutcome::kRegistered},
      RegistrationCase{"three fixed + variable",
                       {Entry(kS, 16), Entry(kS, 32), Entry(kS, 48), Entry(kS, kVar)},
                       RegisterOutcome::kRegistered},
      RegistrationCase{"four fixed",
                       {Entry(kS, 16), Entry(kS, 32), Entry(kS, 48), Entry(kS, 64)},
                       RegisterOutcome::kInvalidContextRegistration},
      RegistrationCase{"two variable",
                       {Entry(kS, kVar), Entry(kS, kVar, 0, kTag + 1)},
                       RegisterOutcome::kInvalidContextRegistration},
      RegistrationCase{"exact duplicates ignored",
                       {Entry(kS, 16), Entry(kS, 16), Entry(kS, 32), Entry(kS, 48),
                        Entry(kS, 48)},
                       RegisterOutcome::kRegistered},
      RegistrationCase{"fixed above MAXUSHORT", {Entry(kS, 0x10000)},
                       RegisterOutcome::kInvalidContextRegistration},
      RegistrationCase{"MAXUSHORT", {Entry(kS, 0xFFFF)}, RegisterOutcome::kRegistered},
      RegistrationCase{"pool tag zero", {Entry(kS, 16, 0, 0)},
                       RegisterOutcome::kInvalidContextRegistration},
      RegistrationCase{"callbacks", {WithCallbacks(kS, true, true)},
                       RegisterOutcome::kRegistered},
      RegistrationCase{"callbacks plus fixed", {WithCallbacks(kS, true, true), Entry(kS, 16)},
                       RegisterOutcome::kInvalidContextRegistration},
      RegistrationCase{"lone allocate callback", {WithCallbacks(kS, true, false)},
                       RegisterOutcome::kInvalidContextRegistration},
      RegistrationCase{"lone free callback", {WithCallbacks(kS, false, true)},
                       RegisterOutcome::kInvalidContextRegistration},
      RegistrationCase{"two types in one value", {Raw(0x0009, 16)},
                       RegisterOutcome::kInvalidContextRegistration},
      RegistrationCase{"unknown type bit", {Raw(0x0080, 16)},
                       RegisterOutcome::kInvalidContextRegistration},
      RegistrationCase{"Reserved1 set", {Reserved()},
                       RegisterOutcome::kInvalidContextRegistration},
      RegistrationCase{"one of each type",
                       {Entry(ContextType::kVolume, 8), Entry(ContextType::kInstance, 8),
                        Entry(ContextType::kFile, 8), Entry(ContextType::kStream, 8),
                        Entry(ContextType::kStreamHandle, 8),
                        Entry(ContextType::kTransaction, 8), Entry(ContextType::kSection, 8)},
                       RegisterOutcome::kRegistered},
  };
}

std::string CaseName(const ::testing::TestParamInfo<RegistrationCase>& info) {
  std::string n = info.param.name;
  for (char& ch : n) {
    if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return n;
}

INSTANTIATE_TEST_SUITE_P(Cases, RegistrationTest, ::testing::ValuesIn(Cases()), CaseName);

class ValidateContextRegistrationTest : public ::testing::TestWithParam<RegistrationCase> {};

TEST_P(ValidateContextRegistrationTest, MatchesTheRules) {
  const RegistrationCase& c = GetParam();
  DefinitionChains chains;
  EXPECT_EQ(ValidateContextRegistration(c.entries, Options{}, &chains), c.expected) << c.name;
}

INSTANTIATE_TEST_SUITE_P(Cases, ValidateContextRegistrationTest, ::testing::ValuesIn(Cases()),
                         CaseName);

// The chains a registration produces: fixed sizes ascending, then the
// variable one; tag 0 defaulted in lenient mode.
TEST(ValidateContextRegistrationChainsTest, OrdersFixedSizesThenVariable) {
  DefinitionChains chains;
  ASSERT_EQ(ValidateContextRegistration({Entry(kS, 48), Entry(kS, kVar), Entry(kS, 16)},
                                        Options{}, &chains),
            RegisterOutcome::kRegistered);
  const std::vector<ContextDefinition>& chain = chains[ContextTypeIndex(kS)];
  ASSERT_EQ(chain.size(), 3u);
  EXPECT_EQ(chain[0].size, 16u);
  EXPECT_EQ(chain[1].size, 48u);
  EXPECT_TRUE(chain[2].variable);
  for (int t = 0; t < kContextTypeCount; ++t) {
    if (t != ContextTypeIndex(kS)) {
      EXPECT_TRUE(chains[t].empty()) << t;
    }
  }
}

TEST(ValidateContextRegistrationChainsTest, LenientModeDropsBadEntriesAndDefaultsTheTag) {
  Options o;
  o.reject_invalid_registration = false;
  o.reject_zero_pool_tag = false;
  DefinitionChains chains;
  ASSERT_EQ(ValidateContextRegistration({Entry(kS, 0x10000), Entry(kS, 16, 0, 0)}, o, &chains),
            RegisterOutcome::kRegistered);
  const std::vector<ContextDefinition>& chain = chains[ContextTypeIndex(kS)];
  ASSERT_EQ(chain.size(), 1u);
  EXPECT_EQ(chain[0].size, 16u);
  EXPECT_EQ(chain[0].tag, poolsim::PoolTag::FromChars("FMc3"));
}

TEST_F(FilterManagerTest, LenientRegistrationDropsBadEntriesAndDefaultsTheTag) {
  Options o;
  o.reject_invalid_registration = false;
  o.reject_zero_pool_tag = false;
  Make(o);
  Filter* f = Register({Entry(kS, 0x10000), Entry(kS, 16, 0, 0)});
  ASSERT_NE(f, nullptr);
  ContextRef c = Alloc(f, kS, 16);
  ASSERT_TRUE(c);
  EXPECT_EQ(fm().Inspect(c.get()).tag, poolsim::PoolTag::FromChars("FMc3"));
  EXPECT_EQ(fm().Allocate(f, kS, 0xFFFF, PoolKind::kPaged, 1).outcome,
            AllocateOutcome::kDefinitionNotFound);
}

}  // namespace
}  // namespace fltctx
