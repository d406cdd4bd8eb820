/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * C test code driving the verifier controls, as a C test would. */

#include "poolsim/wdk/verifier.h"

/* Returns how many of `Count` allocations of `Tag` failed under a budget of
 * `Budget` nonpaged bytes, freeing the others. */
ULONG CountFailuresUnderBudget(SIZE_T Budget, ULONG Count, ULONG Tag) {
  ULONG failed = 0;
  ULONG i;
  PVOID blocks[64];
  PoolsimSetPoolBudget(NonPagedPoolNx, Budget);
  for (i = 0; i < Count && i < 64; i++) {
    blocks[i] = ExAllocatePool2(POOL_FLAG_NON_PAGED, 100, Tag);
    if (blocks[i] == NULL) failed++;
  }
  for (i = 0; i < Count && i < 64; i++) {
    if (blocks[i] != NULL) ExFreePoolWithTag(blocks[i], Tag);
  }
  PoolsimSetPoolBudget(NonPagedPoolNx, 0);
  return failed;
}
