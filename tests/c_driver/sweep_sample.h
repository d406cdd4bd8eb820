/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0 */
#ifndef TESTS_C_DRIVER_SWEEP_SAMPLE_H_
#define TESTS_C_DRIVER_SWEEP_SAMPLE_H_

#include <wdm.h>

POOLSIM_BEGIN_EXTERN_C
typedef struct _SWEEP_SAMPLE_STATE {
  PWCHAR Name;
  PVOID Buffer;
} SWEEP_SAMPLE_STATE, *PSWEEP_SAMPLE_STATE;

NTSTATUS SweepSampleSetup(BOOLEAN Buggy, PSWEEP_SAMPLE_STATE* State);
VOID SweepSampleTeardown(PSWEEP_SAMPLE_STATE State);
NTSTATUS SweepSampleSetupWithLog(PSWEEP_SAMPLE_STATE* State);
POOLSIM_END_EXTERN_C

#endif
