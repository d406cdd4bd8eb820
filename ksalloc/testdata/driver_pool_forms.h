// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/testdata/driver_pool_forms.h
// -----------------------------------------------------------------------------
//
// Helpers of driver_pool_forms.cc: one pool call each, routed as a driver's
// operator functions' calls are.

#ifndef KSALLOC_TESTDATA_DRIVER_POOL_FORMS_H_
#define KSALLOC_TESTDATA_DRIVER_POOL_FORMS_H_

#include "poolsim/wdk/wdm.h"

#define kFormTag 'mFvD' /* "DvFm" */

POOLSIM_BEGIN_EXTERN_C
PVOID FormPool3(SIZE_T Bytes);
PVOID FormWithTag(SIZE_T Bytes);
PVOID FormZero(SIZE_T Bytes);
PVOID FormUninitialized(SIZE_T Bytes);
PVOID FormUntagged(SIZE_T Bytes);
VOID FormFreeWithTag(PVOID P);
VOID FormFree(PVOID P);
VOID FormFree2(PVOID P);
POOLSIM_END_EXTERN_C

#endif  // KSALLOC_TESTDATA_DRIVER_POOL_FORMS_H_
