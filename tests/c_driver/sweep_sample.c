/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * Driver-style setup code with three allocations and the classic bug: one
 * error path forgets to free what was allocated before it. The sweep test
 * must find exactly that path. */

#include <wdm.h>

#include "tests/c_driver/sweep_sample.h"

#define TAG_STATE 'tatS'
#define TAG_NAME 'emaN'
#define TAG_BUF 'fuBS'

NTSTATUS SweepSampleSetup(_In_ BOOLEAN Buggy, _Out_ PSWEEP_SAMPLE_STATE* State) {
  PSWEEP_SAMPLE_STATE state;
  *State = NULL;
  state = (PSWEEP_SAMPLE_STATE)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*state), TAG_STATE);
  if (state == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  state->Name = (PWCHAR)ExAllocatePool2(POOL_FLAG_PAGED, 64, TAG_NAME);
  if (state->Name == NULL) {
    ExFreePoolWithTag(state, TAG_STATE);
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  state->Buffer = ExAllocatePool2(POOL_FLAG_PAGED, 256, TAG_BUF);
  if (state->Buffer == NULL) {
    if (!Buggy) ExFreePoolWithTag(state->Name, TAG_NAME);  /* the bug: Name leaks */
    ExFreePoolWithTag(state, TAG_STATE);
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  *State = state;
  return STATUS_SUCCESS;
}

VOID SweepSampleTeardown(_In_ PSWEEP_SAMPLE_STATE State) {
  ExFreePoolWithTag(State->Buffer, TAG_BUF);
  ExFreePoolWithTag(State->Name, TAG_NAME);
  ExFreePoolWithTag(State, TAG_STATE);
}

#define TAG_LOG 'goLE'

/* Like SweepSampleSetup, but a failed buffer allocation is logged first; the
 * log entry is an allocation made only on that error path. The bug: when the
 * log entry cannot be allocated either, Name leaks. Only a sweep that fails
 * calls reached through earlier failures finds it. */
NTSTATUS SweepSampleSetupWithLog(_Out_ PSWEEP_SAMPLE_STATE* State) {
  PSWEEP_SAMPLE_STATE state;
  PVOID log;
  *State = NULL;
  state = (PSWEEP_SAMPLE_STATE)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*state), TAG_STATE);
  if (state == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  state->Name = (PWCHAR)ExAllocatePool2(POOL_FLAG_PAGED, 64, TAG_NAME);
  if (state->Name == NULL) {
    ExFreePoolWithTag(state, TAG_STATE);
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  state->Buffer = ExAllocatePool2(POOL_FLAG_PAGED, 256, TAG_BUF);
  if (state->Buffer == NULL) {
    log = ExAllocatePool2(POOL_FLAG_NON_PAGED, 32, TAG_LOG);
    if (log == NULL) {
      ExFreePoolWithTag(state, TAG_STATE); /* the bug: Name leaks */
      return STATUS_INSUFFICIENT_RESOURCES;
    }
    ExFreePoolWithTag(log, TAG_LOG);
    ExFreePoolWithTag(state->Name, TAG_NAME);
    ExFreePoolWithTag(state, TAG_STATE);
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  *State = state;
  return STATUS_SUCCESS;
}
