/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0 */
#include "race/testdata/schedule_c_body.h"

#include "race/testdata/schedule_sample.h"

typedef PVOID (*GET_ROUTINE)(PSCHEDULE_SAMPLE_BUFFER Shared);

typedef struct _TWO_GETS {
  GET_ROUTINE Get;
  SCHEDULE_SAMPLE_BUFFER Shared;
  PVOID Theirs;
} TWO_GETS;

static VOID Worker(PVOID Context) {
  TWO_GETS* t = (TWO_GETS*)Context;
  t->Theirs = t->Get(&t->Shared);
}

static VOID TwoGets(PVOID Context) {
  TWO_GETS t;
  PFLTCTX_SIM_THREAD worker = NULL;
  t.Get = *(GET_ROUTINE*)Context;
  t.Theirs = NULL;
  ScheduleSampleInitialize(&t.Shared);
  if (NT_SUCCESS(FltctxStartSimThread(Worker, &t, &worker))) {
    (void)t.Get(&t.Shared);
    FltctxJoinSimThread(worker);
  }
  ScheduleSampleTeardown(&t.Shared);
}

ULONG ScheduleCExploreBuggy(PULONG Schedules) {
  GET_ROUTINE get = ScheduleSampleGetBuggy;
  return FltctxExploreSchedules(TwoGets, &get, Schedules);
}

ULONG ScheduleCExploreFixed(PULONG Schedules) {
  GET_ROUTINE get = ScheduleSampleGetFixed;
  return FltctxExploreSchedules(TwoGets, &get, Schedules);
}
