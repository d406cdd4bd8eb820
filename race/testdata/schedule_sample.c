/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0 */
#include "race/testdata/schedule_sample.h"

VOID ScheduleSampleInitialize(PSCHEDULE_SAMPLE_BUFFER Shared) {
  KeInitializeSpinLock(&Shared->Lock);
  Shared->Buffer = NULL;
}

PVOID ScheduleSampleGetBuggy(PSCHEDULE_SAMPLE_BUFFER Shared) {
  if (Shared->Buffer == NULL) {
    /* The planted bug: nothing stops another thread from passing the same
     * test before this store. */
    Shared->Buffer =
        ExAllocatePool2(POOL_FLAG_NON_PAGED, SCHEDULE_SAMPLE_BYTES, SCHEDULE_SAMPLE_TAG);
  }
  return Shared->Buffer;
}

PVOID ScheduleSampleGetFixed(PSCHEDULE_SAMPLE_BUFFER Shared) {
  KIRQL irql;
  PVOID mine;
  PVOID current;
  KeAcquireSpinLock(&Shared->Lock, &irql);
  current = Shared->Buffer;
  KeReleaseSpinLock(&Shared->Lock, irql);
  if (current != NULL) return current;
  mine = ExAllocatePool2(POOL_FLAG_NON_PAGED, SCHEDULE_SAMPLE_BYTES, SCHEDULE_SAMPLE_TAG);
  if (mine == NULL) return NULL;
  KeAcquireSpinLock(&Shared->Lock, &irql);
  if (Shared->Buffer == NULL) {
    Shared->Buffer = mine;
    mine = NULL;
  }
  current = Shared->Buffer;
  KeReleaseSpinLock(&Shared->Lock, irql);
  /* Another thread published first: ours is not needed. */
  if (mine != NULL) ExFreePoolWithTag(mine, SCHEDULE_SAMPLE_TAG);
  return current;
}

VOID ScheduleSampleTeardown(PSCHEDULE_SAMPLE_BUFFER Shared) {
  if (Shared->Buffer != NULL) ExFreePoolWithTag(Shared->Buffer, SCHEDULE_SAMPLE_TAG);
  Shared->Buffer = NULL;
}
