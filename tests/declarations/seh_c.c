/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * SEH keywords as driver sources spell them, under FLTCTX_SEH_KEYWORDS: each
 * function records the steps that ran as decimal digits, so a test sees both
 * which blocks ran and their order. */

#include <fltKernel.h>
#include <excpt.h>

#include "tests/declarations/declarations_c.h"

static int Step(int trace, int step) { return trace * 10 + step; }

int SehFinallyAfterBody(void) {
  int trace = 0;
  try {
    trace = Step(trace, 1);
  } finally {
    trace = Step(trace, 2);
  }
  return Step(trace, 3); /* 123 */
}

int SehFinallyAfterLeave(void) {
  int trace = 0;
  volatile int fail = 1;
  try {
    trace = Step(trace, 1);
    if (fail) {
      leave;
    }
    trace = Step(trace, 9);
  } finally {
    trace = Step(trace, 2);
  }
  return Step(trace, 3); /* 123 */
}

static int Filter(NTSTATUS code, PEXCEPTION_POINTERS pointers) {
  (void)code;
  (void)pointers;
  return EXCEPTION_EXECUTE_HANDLER;
}

int SehExceptHandlerSkipped(void) {
  int trace = 0;
  NTSTATUS status = STATUS_SUCCESS;
  try {
    trace = Step(trace, 1);
  } except (Filter(GetExceptionCode(), GetExceptionInformation())) {
    status = GetExceptionCode();
    trace = Step(trace, 9);
  }
  if (status == STATUS_SUCCESS) {
    trace = Step(trace, 2);
  }
  return trace; /* 12 */
}

int SehUpperCaseForms(void) {
  int trace = 0;
  __try {
    __try {
      trace = Step(trace, 1);
      __leave;
    } __finally {
      trace = Step(trace, 2);
    }
    trace = Step(trace, 3);
  } __except (EXCEPTION_EXECUTE_HANDLER) {
    trace = Step(trace, 9);
  }
  return Step(trace, 4); /* 1234 */
}
