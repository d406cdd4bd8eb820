/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * C test code: race sweeps of the get-or-create sample, as a test suite
 * written in C runs them. */
#include "race/testdata/race_c_test.h"

static const char kOpenTwice[] =
    "attach race 370000\n"
    "open a \\a.txt create\n"
    "open b \\a.txt open\n"
    "close b\n"
    "close a\n";

static VOID NTAPI OpenTwiceBody(PVOID Context) {
  RaceSampleMode = *(const RACE_SAMPLE_MODE*)Context;
  if (!NT_SUCCESS(RaceSampleLoad())) {
    RaceSweepFail("RaceSampleLoad failed");
    return;
  }
  (void)RaceSweepRunScenario(kOpenTwice, "race", RaceSampleFilter);
  RaceSampleUnload();
}

BOOLEAN RaceCSweepOpenTwice(RACE_SAMPLE_MODE Mode, PRACE_SWEEP_RESULT Result) {
  BOOLEAN clean = RaceSweepRun(OpenTwiceBody, &Mode, Result);
  RaceSampleMode = RaceSampleCorrect;
  return clean;
}

BOOLEAN RaceCSweepTeardownOnly(RACE_SAMPLE_MODE Mode, PRACE_SWEEP_RESULT Result) {
  BOOLEAN clean;
  RaceSweepSetRacers(RACE_SWEEP_RACER_TEARDOWN);
  clean = RaceCSweepOpenTwice(Mode, Result);
  RaceSweepResetSettings();
  return clean;
}

BOOLEAN RaceCSweepSetPointsOnly(RACE_SAMPLE_MODE Mode, PRACE_SWEEP_RESULT Result) {
  BOOLEAN clean;
  RaceSweepSetPoints("FltSet*");
  clean = RaceCSweepOpenTwice(Mode, Result);
  RaceSweepResetSettings();
  return clean;
}

BOOLEAN RaceCSweepTwoRuns(RACE_SAMPLE_MODE Mode, PRACE_SWEEP_RESULT Result) {
  BOOLEAN clean;
  RaceSweepSetMaxRuns(2);
  clean = RaceCSweepOpenTwice(Mode, Result);
  RaceSweepResetSettings();
  return clean;
}

/* Opens twice and expects the second handle's stream to have its context: a
 * racer that deletes it makes the scenario's check, and so the run, fail. */
static VOID NTAPI CountsOpensBody(PVOID Context) {
  UNREFERENCED_PARAMETER(Context);
  RaceSampleMode = RaceSampleCorrect;
  if (!NT_SUCCESS(RaceSampleLoad())) {
    RaceSweepFail("RaceSampleLoad failed");
    return;
  }
  (void)RaceSweepRunScenario(
      "attach race 370000\n"
      "open a \\a.txt create\n"
      "open b \\a.txt open\n"
      "expect-stream-context b present\n"
      "close b\n"
      "close a\n",
      "race", RaceSampleFilter);
  RaceSampleUnload();
}

BOOLEAN RaceCSweepCountsOpens(PRACE_SWEEP_RESULT Result) {
  return RaceSweepRun(CountsOpensBody, NULL, Result);
}

static VOID NTAPI FailingScenarioBody(PVOID Context) {
  UNREFERENCED_PARAMETER(Context);
  RaceSampleMode = RaceSampleCorrect;
  if (!NT_SUCCESS(RaceSampleLoad())) return;
  if (RaceSweepRunScenario("attach race 370000\nopen a \\missing.txt open\n", "race",
                           RaceSampleFilter) != STATUS_UNSUCCESSFUL) {
    RaceSweepFail("the failed scenario did not return STATUS_UNSUCCESSFUL");
  }
  RaceSampleUnload();
}

BOOLEAN RaceCSweepFailingScenario(PRACE_SWEEP_RESULT Result) {
  return RaceSweepRun(FailingScenarioBody, NULL, Result);
}

BOOLEAN RaceCSweepNullBody(PRACE_SWEEP_RESULT Result) { return RaceSweepRun(NULL, NULL, Result); }

NTSTATUS RaceCScenarioWithoutFilter(VOID) {
  return RaceSweepRunScenario("attach race 370000\n", "race", NULL);
}
