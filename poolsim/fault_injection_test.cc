// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Low-resources simulation and pool budgets.

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"

namespace poolsim {
namespace {

using ::testing::SizeIs;

constexpr PoolTag kTag = PoolTag::FromChars("Flt1");
constexpr PoolTag kOther = PoolTag::FromChars("Oth1");

void* Alloc(Environment& env, PoolTag tag = kTag, size_t bytes = 32,
            PoolKind kind = PoolKind::kNonPaged) {
  AllocateRequest r;
  r.bytes = bytes;
  r.tag = tag;
  r.kind = kind;
  return env.Allocate(r);
}

// Returns, for `n` allocations, which ones failed (and frees the others).
std::vector<bool> FailurePattern(Environment& env, int n, PoolTag tag = kTag) {
  std::vector<bool> failed;
  for (int i = 0; i < n; ++i) {
    void* p = Alloc(env, tag);
    failed.push_back(p == nullptr);
    if (p != nullptr) env.Free(p, tag, true);
  }
  return failed;
}

Options WithFaults(FaultInjectionOptions faults) {
  Options o;
  o.faults = std::move(faults);
  return o;
}

TEST(FaultInjectionTest, RandomIsReproducibleFromItsSeed) {
  FaultInjectionOptions f;
  f.mode = FaultMode::kRandom;
  f.probability = 2500;
  f.seed = 42;
  Environment a(WithFaults(f)), b(WithFaults(f));
  const std::vector<bool> pa = FailurePattern(a, 400);
  EXPECT_EQ(pa, FailurePattern(b, 400));
  f.seed = 43;
  Environment c(WithFaults(f));
  EXPECT_NE(pa, FailurePattern(c, 400));
  // About a quarter fail.
  const long failures = std::count(pa.begin(), pa.end(), true);
  EXPECT_GT(failures, 60);
  EXPECT_LT(failures, 140);
  EXPECT_EQ(a.Faults().faults_injected, static_cast<uint64_t>(failures));
  EXPECT_EQ(a.Faults().injectable_calls, 400u);
  EXPECT_EQ(a.Counters().allocations_failed, static_cast<uint64_t>(failures));
}

TEST(FaultInjectionTest, DefaultProbabilityIs600OutOf10000) {
  FaultInjectionOptions f;
  f.mode = FaultMode::kRandom;
  EXPECT_EQ(f.probability, 600u);
  Environment env(WithFaults(f));
  const std::vector<bool> p = FailurePattern(env, 10000);
  const long failures = std::count(p.begin(), p.end(), true);
  EXPECT_GT(failures, 450);
  EXPECT_LT(failures, 750);
}

TEST(FaultInjectionTest, WarmupPassesTheFirstCalls) {
  FaultInjectionOptions f;
  f.mode = FaultMode::kRandom;
  f.probability = 10000;  // every call after the warm-up
  f.warmup = 5;
  Environment env(WithFaults(f));
  const std::vector<bool> p = FailurePattern(env, 8);
  EXPECT_EQ(p, (std::vector<bool>{false, false, false, false, false, true, true, true}));
}

TEST(FaultInjectionTest, TagFilterLimitsInjection) {
  FaultInjectionOptions f;
  f.mode = FaultMode::kRandom;
  f.probability = 10000;
  f.tags = {"Flt*"};
  Environment env(WithFaults(f));
  EXPECT_EQ(Alloc(env, kTag), nullptr);
  void* p = Alloc(env, kOther);
  EXPECT_NE(p, nullptr);
  env.Free(p, kOther, true);
  EXPECT_EQ(env.Faults().injectable_calls, 1u);
}

// Each call site is a distinct stack for the systematic simulation.
__attribute__((noinline)) void* SiteA(Environment& env) { return Alloc(env); }
__attribute__((noinline)) void* SiteB(Environment& env) { return Alloc(env); }

TEST(FaultInjectionTest, SystematicFailsEachStackExactlyOnce) {
  FaultInjectionOptions f;
  f.mode = FaultMode::kSystematic;
  Environment env(WithFaults(f));
  std::vector<bool> a, b;
  for (int i = 0; i < 3; ++i) {
    void* p = SiteA(env);
    a.push_back(p == nullptr);
    if (p) env.Free(p, kTag, true);
    void* q = SiteB(env);
    b.push_back(q == nullptr);
    if (q) env.Free(q, kTag, true);
  }
  EXPECT_EQ(a, (std::vector<bool>{true, false, false}));
  EXPECT_EQ(b, (std::vector<bool>{true, false, false}));
  const FaultStatistics stats = env.Faults();
  EXPECT_EQ(stats.faults_injected, 2u);
  EXPECT_THAT(stats.systematic_stacks, SizeIs(2));
  ASSERT_THAT(stats.recent, SizeIs(2));
  EXPECT_EQ(stats.recent[0].api, "pool allocation");
  EXPECT_EQ(stats.recent[0].tag, kTag);
  EXPECT_NE(stats.recent[0].stack, stats.recent[1].stack);
}

TEST(FaultInjectionTest, SystematicRecordOnlyFailsNothing) {
  FaultInjectionOptions f;
  f.mode = FaultMode::kSystematicRecordOnly;
  Environment env(WithFaults(f));
  void* p = SiteA(env);
  void* q = SiteB(env);
  EXPECT_NE(p, nullptr);
  EXPECT_NE(q, nullptr);
  EXPECT_THAT(env.Faults().systematic_stacks, SizeIs(2));
  EXPECT_EQ(env.Faults().faults_injected, 0u);
  env.Free(p, kTag, true);
  env.Free(q, kTag, true);
}

TEST(FaultInjectionTest, SystematicExclusionByFunctionName) {
  FaultInjectionOptions f;
  f.mode = FaultMode::kSystematic;
  f.excluded_functions = {"*SiteA*"};
  Environment env(WithFaults(f));
  void* p = SiteA(env);
  EXPECT_NE(p, nullptr);
  EXPECT_EQ(SiteB(env), nullptr);
  env.Free(p, kTag, true);
}

TEST(FaultInjectionTest, FailNthFailsExactlyThatCall) {
  FaultInjectionOptions f;
  f.fail_nth = 3;
  Environment env(WithFaults(f));
  EXPECT_EQ(FailurePattern(env, 5), (std::vector<bool>{false, false, true, false, false}));
}

TEST(FaultInjectionTest, OtherServicesAskTheSameInjector) {
  FaultInjectionOptions f;
  f.fail_nth = 2;
  Environment env(WithFaults(f));
  EXPECT_FALSE(env.ShouldInjectFault("FltAllocateContext", kTag));
  void* p = Alloc(env);
  EXPECT_EQ(p, nullptr);  // the second injectable call overall
  EXPECT_EQ(env.Faults().recent.at(0).api, "pool allocation");
}

TEST(PoolBudgetTest, AllocationsPastTheBudgetFail) {
  Options o;
  o.nonpaged_budget = 100;
  Environment env(o);
  AllocateFailure why;
  AllocateRequest r;
  r.bytes = 60;
  r.tag = kTag;
  void* a = env.Allocate(r, &why);
  ASSERT_NE(a, nullptr);
  void* b = env.Allocate(r, &why);
  EXPECT_EQ(b, nullptr);
  EXPECT_EQ(why, AllocateFailure::kInsufficientResources);
  r.bytes = 40;
  void* c = env.Allocate(r);
  EXPECT_NE(c, nullptr);  // exactly at the budget
  // Paged pool has no budget here.
  void* d = Alloc(env, kTag, 1000, PoolKind::kPaged);
  EXPECT_NE(d, nullptr);
  env.Free(a, kTag, true);
  r.bytes = 60;
  void* e = env.Allocate(r);
  EXPECT_NE(e, nullptr);  // freed bytes are available again
  for (void* p : {c, d, e}) env.Free(p, kTag, true);
}

}  // namespace
}  // namespace poolsim
