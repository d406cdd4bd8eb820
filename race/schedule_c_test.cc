// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The C form of schedule exploration (race/schedule_c.h): the settings'
// C controls and environment variables, simulated threads started from C,
// and an exploration driven from C (race/testdata/schedule_c_body.c).

#include "race/schedule_c.h"

#include <stdlib.h>

#include <atomic>

#include "gtest/gtest.h"
#include "race/schedule.h"
#include "race/testdata/schedule_c_body.h"

namespace {

class ScheduleC : public ::testing::Test {
 protected:
  void TearDown() override { FltctxScheduleResetSettings(); }
};

TEST_F(ScheduleC, ControlsSetTheOptionsFromEnvStartsFrom) {
  race::ScheduleOptions o = race::ScheduleOptions::FromEnv();
  EXPECT_EQ(o.strategy, race::ScheduleStrategy::kRandom);
  EXPECT_EQ(o.runs, 100u);
  EXPECT_EQ(o.first_seed, 1u);
  FltctxScheduleSetRandom(7, 40);
  o = race::ScheduleOptions::FromEnv();
  EXPECT_EQ(o.strategy, race::ScheduleStrategy::kRandom);
  EXPECT_EQ(o.runs, 7u);
  EXPECT_EQ(o.first_seed, 40u);
  FltctxScheduleSetSystematic(3);
  o = race::ScheduleOptions::FromEnv();
  EXPECT_EQ(o.strategy, race::ScheduleStrategy::kSystematic);
  EXPECT_EQ(o.max_preemptions, 3u);
  FltctxScheduleReplaySeed(99);
  o = race::ScheduleOptions::FromEnv();
  EXPECT_TRUE(o.replay_seed_set);
  EXPECT_EQ(o.replay_seed, 99u);
  FltctxScheduleResetSettings();
  EXPECT_FALSE(race::ScheduleOptions::FromEnv().replay_seed_set);
}

TEST_F(ScheduleC, EnvironmentVariablesWinOverTheControls) {
  FltctxScheduleSetRandom(7, 40);
  ASSERT_EQ(setenv("FLTCTX_SCHEDULE_STRATEGY", "systematic", 1), 0);
  ASSERT_EQ(setenv("FLTCTX_SCHEDULE_PREEMPTIONS", "1", 1), 0);
  ASSERT_EQ(setenv("FLTCTX_SCHEDULE_RUNS", "9", 1), 0);
  ASSERT_EQ(setenv("FLTCTX_SCHEDULE_FIRST_SEED", "5", 1), 0);
  const race::ScheduleOptions o = race::ScheduleOptions::FromEnv();
  unsetenv("FLTCTX_SCHEDULE_STRATEGY");
  unsetenv("FLTCTX_SCHEDULE_PREEMPTIONS");
  unsetenv("FLTCTX_SCHEDULE_RUNS");
  unsetenv("FLTCTX_SCHEDULE_FIRST_SEED");
  EXPECT_EQ(o.strategy, race::ScheduleStrategy::kSystematic);
  EXPECT_EQ(o.max_preemptions, 1u);
  EXPECT_EQ(o.runs, 9u);
  EXPECT_EQ(o.first_seed, 5u);
}

TEST_F(ScheduleC, ThreadArgumentsAreValidated) {
  PFLTCTX_SIM_THREAD t = nullptr;
  EXPECT_EQ(FltctxStartSimThread(nullptr, nullptr, &t), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(FltctxStartSimThread([](PVOID) {}, nullptr, nullptr), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(FltctxJoinSimThread(nullptr), STATUS_INVALID_HANDLE);
  int not_a_thread = 0;
  EXPECT_EQ(FltctxJoinSimThread(reinterpret_cast<PFLTCTX_SIM_THREAD>(&not_a_thread)),
            STATUS_INVALID_HANDLE);
  static std::atomic<int> ran{0};
  ASSERT_EQ(FltctxStartSimThread([](PVOID) { ++ran; }, nullptr, &t), STATUS_SUCCESS);
  EXPECT_EQ(FltctxJoinSimThread(t), STATUS_SUCCESS);
  EXPECT_EQ(ran.load(), 1);
  EXPECT_EQ(FltctxJoinSimThread(t), STATUS_INVALID_HANDLE) << "already joined";
  ULONG schedules = 5;
  EXPECT_EQ(FltctxExploreSchedules(nullptr, nullptr, &schedules), 0u);
  EXPECT_EQ(schedules, 0u);
}

TEST_F(ScheduleC, ExplorationFromCFindsThePlantedBug) {
  ULONG schedules = 0;
  FltctxScheduleSetSystematic(0);
  EXPECT_EQ(ScheduleCExploreBuggy(&schedules), 0u) << "no preemption, no overlap";
  EXPECT_EQ(schedules, 1u);
  FltctxScheduleSetSystematic(1);
  EXPECT_GT(ScheduleCExploreBuggy(&schedules), 0u);
  FltctxScheduleSetSystematic(2);
  EXPECT_EQ(ScheduleCExploreFixed(&schedules), 0u);
  EXPECT_GT(schedules, 10u);
  FltctxScheduleSetRandom(50, 1);
  EXPECT_EQ(ScheduleCExploreFixed(&schedules), 0u);
  EXPECT_EQ(schedules, 50u);
}

}  // namespace
