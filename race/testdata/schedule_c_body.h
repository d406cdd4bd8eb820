/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * A test body written in C against race/schedule_c.h: two simulated threads
 * get the sample's shared buffer (schedule_sample.h). */
#ifndef RACE_TESTDATA_SCHEDULE_C_BODY_H_
#define RACE_TESTDATA_SCHEDULE_C_BODY_H_

#include "race/schedule_c.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Explore the buggy or the fixed version under the current settings;
 * return what FltctxExploreSchedules returns. */
ULONG ScheduleCExploreBuggy(PULONG Schedules);
ULONG ScheduleCExploreFixed(PULONG Schedules);

#ifdef __cplusplus
}
#endif

#endif /* RACE_TESTDATA_SCHEDULE_C_BODY_H_ */
