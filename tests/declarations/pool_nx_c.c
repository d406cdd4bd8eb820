/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * A driver built with POOL_NX_OPTIN=1 (tests/declarations/BUILD.bazel): its
 * NonPagedPool is ExDefaultNonPagedPoolType, which ExInitializeDriverRuntime
 * turns into NonPagedPoolNx. */

#include <wdm.h>

#include "tests/declarations/declarations_c.h"

int PoolNxDefaultType(void) { return (int)NonPagedPool; }

int PoolNxOptInAndAllocate(void) {
  PVOID block;
  ExInitializeDriverRuntime(DrvRtPoolNxOptIn);
  block = ExAllocatePoolWithTag(NonPagedPool, 32, 'xNlP');
  if (block == NULL) {
    return -1;
  }
  ExFreePoolWithTag(block, 'xNlP');
  return (int)NonPagedPool;
}
