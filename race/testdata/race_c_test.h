/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * Race sweeps written in C (race_c_test.c), run by race/wdk/race_sweep_test.cc:
 * each returns what RaceSweepRun returned and fills *Result. */
#ifndef RACE_TESTDATA_RACE_C_TEST_H_
#define RACE_TESTDATA_RACE_C_TEST_H_

#include "race/testdata/race_sample.h"
#include "race/wdk/race_sweep.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The get-or-create sample opened twice, in `Mode`. */
BOOLEAN RaceCSweepOpenTwice(RACE_SAMPLE_MODE Mode, PRACE_SWEEP_RESULT Result);
/* The same with the C controls: only the teardown racer; only points
 * matching "FltSet*"; at most two runs. */
BOOLEAN RaceCSweepTeardownOnly(RACE_SAMPLE_MODE Mode, PRACE_SWEEP_RESULT Result);
BOOLEAN RaceCSweepSetPointsOnly(RACE_SAMPLE_MODE Mode, PRACE_SWEEP_RESULT Result);
BOOLEAN RaceCSweepTwoRuns(RACE_SAMPLE_MODE Mode, PRACE_SWEEP_RESULT Result);
/* A body whose scenario expects the stream context present after the
 * second open (a racer that deletes it fails the run). */
BOOLEAN RaceCSweepCountsOpens(PRACE_SWEEP_RESULT Result);
/* A body whose scenario fails (an open of a missing file). */
BOOLEAN RaceCSweepFailingScenario(PRACE_SWEEP_RESULT Result);
/* RaceSweepRun with a NULL body, and RaceSweepRunScenario outside a sweep
 * with a NULL filter. */
BOOLEAN RaceCSweepNullBody(PRACE_SWEEP_RESULT Result);
NTSTATUS RaceCScenarioWithoutFilter(VOID);

#ifdef __cplusplus
}
#endif

#endif /* RACE_TESTDATA_RACE_C_TEST_H_ */
