/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * File: poolreport/testdata/leaky_driver.c: a small driver with planted
 * pool bugs, for poolreport's end-to-end test (e2e_test.sh): one leak and
 * one double free, each on a line the test looks for in poolreport's output.
 */

#include <wdm.h>

#define LEAKY_TAG 'LezE' /* shows as "EzeL" */

PVOID LeakyCreate(SIZE_T bytes) {
  return ExAllocatePool2(POOL_FLAG_PAGED, bytes, LEAKY_TAG); /* planted leak */
}

VOID LeakyUnload(PVOID block) {
  ExFreePoolWithTag(block, LEAKY_TAG);
  ExFreePoolWithTag(block, LEAKY_TAG); /* planted double free */
}
