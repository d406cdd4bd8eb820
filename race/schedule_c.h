/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: race/schedule_c.h
 * -----------------------------------------------------------------------------
 *
 * Schedule exploration (race/schedule.h) for tests written in C: the
 * settings' C controls, simulated threads, and the exploration itself. The
 * same settings exist in race::ScheduleOptions (C++) and as FLTCTX_SCHEDULE_*
 * environment variables (docs/concurrency.md, "Schedule exploration");
 * the environment variables win over the controls. Test code, not a WDK
 * surface: call the controls while no exploration runs.
 *
 *   FltctxScheduleSetSystematic(2);
 *   failed = FltctxExploreSchedules(TwoOpens, &state, &schedules); */

#ifndef RACE_SCHEDULE_C_H_
#define RACE_SCHEDULE_C_H_

#include "poolsim/wdk/wdm.h"

POOLSIM_BEGIN_EXTERN_C

typedef VOID (*FLTCTX_SCHEDULE_ROUTINE)(PVOID Context);
typedef struct _FLTCTX_SIM_THREAD* PFLTCTX_SIM_THREAD;

/* Random exploration: Runs schedules, seeds FirstSeed, FirstSeed + 1, ... */
VOID FltctxScheduleSetRandom(ULONG Runs, ULONGLONG FirstSeed);
/* Every schedule with at most MaxPreemptions preemptions. */
VOID FltctxScheduleSetSystematic(ULONG MaxPreemptions);
/* Replays the one random schedule of Seed. */
VOID FltctxScheduleReplaySeed(ULONGLONG Seed);
/* Back to the defaults: random, 100 runs from seed 1. */
VOID FltctxScheduleResetSettings(VOID);

/* Starts Routine(Context) as a simulated thread (a plain thread outside an
 * exploration). Returns STATUS_SUCCESS and the thread in *Thread, or
 * STATUS_INVALID_PARAMETER for a NULL Routine or Thread. */
NTSTATUS FltctxStartSimThread(FLTCTX_SCHEDULE_ROUTINE Routine, PVOID Context,
                              PFLTCTX_SIM_THREAD* Thread);
/* Waits until the thread's routine returned and frees Thread. Returns
 * STATUS_SUCCESS, or STATUS_INVALID_HANDLE for NULL or a thread not started
 * (or already joined) by FltctxStartSimThread. */
NTSTATUS FltctxJoinSimThread(PFLTCTX_SIM_THREAD Thread);

/* Runs Body(Context) once per schedule the settings select, each on a fresh
 * ambient Environment. Returns how many schedules were not clean (leaks,
 * bug checks, deadlocks) and writes the first one's report, with its seed
 * and choices, to stderr. Schedules (optional) receives how many ran.
 * A NULL Body runs nothing and returns 0. */
ULONG FltctxExploreSchedules(FLTCTX_SCHEDULE_ROUTINE Body, PVOID Context, PULONG Schedules);

POOLSIM_END_EXTERN_C

#endif /* RACE_SCHEDULE_C_H_ */
