/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: race/wdk/race_sweep.h
 * -----------------------------------------------------------------------------
 *
 * The race-path sweep for tests written in C (race/race_sweep.h is the C++
 * form, race/testing/race_sweep.h the GoogleTest one). The body is a C
 * function; each run gives it a fresh Environment and a fresh filter
 * manager, installed as the ambient ones, so the body registers its filter
 * with FltRegisterFilter as DriverEntry would and drives I/O with
 * RaceSweepRunScenario:
 *
 *   static VOID NTAPI OpenTwice(PVOID Context) {
 *     if (!NT_SUCCESS(MyFilterLoad())) { RaceSweepFail("load failed"); return; }
 *     RaceSweepRunScenario("attach f 370000\nopen a \\a.txt create\nclose a\n",
 *                          "f", MyFilter);
 *     MyFilterUnload();
 *   }
 *   ...
 *   RACE_SWEEP_RESULT result;
 *   if (!RaceSweepRun(OpenTwice, NULL, &result)) print(result.Report);
 *
 * The controls below set what every sweep of the process uses (C and C++),
 * over the FLTCTX_RACE_SWEEP_* environment variables (docs/concurrency.md).
 * Test code only: not for use while a sweep runs on another thread. */

#ifndef RACE_WDK_RACE_SWEEP_H_
#define RACE_WDK_RACE_SWEEP_H_

#include <fltKernel.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The racers (RaceSweepSetRacers), as in race/race_sweep.h. */
#define RACE_SWEEP_RACER_SET_FIRST 0x1UL     /* before FltSet*Context */
#define RACE_SWEEP_RACER_DELETE_FIRST 0x2UL  /* before FltGet*Context, FltDelete*Context */
#define RACE_SWEEP_RACER_DELETE_IN_USE 0x4UL /* at each use of a context pointer */
#define RACE_SWEEP_RACER_TEARDOWN 0x8UL      /* before pre- and post-operation callbacks */
#define RACE_SWEEP_RACER_ALL 0xFUL

typedef VOID(NTAPI* PRACE_SWEEP_BODY)(PVOID Context);

typedef struct _RACE_SWEEP_RESULT {
  ULONG RacePoints; /* racy calls the body makes when nothing races */
  ULONG Runs;
  ULONG Raced;      /* runs in which a racer changed something */
  ULONG FailedRuns;
  BOOLEAN Truncated; /* stopped at the run cap */
  /* The first failed run: the racy call its racer preceded (0: the run
   * without a racer), that call's name and what the racer did. */
  ULONG FirstFailedPoint;
  CHAR FirstFailedCall[96];
  CHAR FirstFailedRacer[192];
  /* Its pool blocks left, and its first bug check (0 if none). */
  ULONG FirstFailedLeaks;
  ULONG FirstFailedBugCheck;
  ULONG_PTR FirstFailedBugCheckParameter1;
  /* The first failed run's whole report (as EXPECT_RACE_PATHS_CLEAN prints
   * it), NUL-terminated, cut at the buffer's end. */
  CHAR Report[4096];
} RACE_SWEEP_RESULT, *PRACE_SWEEP_RESULT;

/* Runs Body(Context) once without a racer and once per racy call, each run
 * on a fresh Environment and filter manager, and fills *Result. Returns TRUE
 * if every run left nothing behind (no pool block, no context reference, no
 * bug check) and no run called RaceSweepFail or had a scenario fail. A NULL
 * Body or Result returns FALSE and runs nothing. Not reentrant. */
BOOLEAN NTAPI RaceSweepRun(PRACE_SWEEP_BODY Body, PVOID Context, PRACE_SWEEP_RESULT Result);

/* In a body: runs a simulated-I/O scenario (docs/simulated-io.md) on a new
 * volume of the run's filter manager, where `attach FilterName ...` attaches
 * Filter. Returns STATUS_SUCCESS; STATUS_INVALID_PARAMETER for a NULL
 * argument, no filter manager, or a malformed scenario; STATUS_UNSUCCESSFUL
 * when a step's status or an expect-* check did not hold. Either failure
 * also fails the run, with the scenario's message. */
NTSTATUS NTAPI RaceSweepRunScenario(PCSTR Scenario, PCSTR FilterName, PFLT_FILTER Filter);

/* In a body: fails the current run with Message (the C form of a failed
 * expectation). Outside a sweep it does nothing. */
VOID NTAPI RaceSweepFail(PCSTR Message);

/* Run cap (0 leaves the setting as it is). */
VOID NTAPI RaceSweepSetMaxRuns(ULONG MaxRuns);
/* The racers played, RACE_SWEEP_RACER_* bits. */
VOID NTAPI RaceSweepSetRacers(ULONG Racers);
/* Only racy calls whose name matches one of these comma-separated patterns
 * ('*', '?'); NULL or "" sweeps every call. */
VOID NTAPI RaceSweepSetPoints(PCSTR Patterns);
/* Drops every control's setting (the environment's values apply again). */
VOID NTAPI RaceSweepResetSettings(VOID);

#ifdef __cplusplus
}
#endif

#endif /* RACE_WDK_RACE_SWEEP_H_ */
