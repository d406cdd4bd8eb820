/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 * Compiled and linked by compile_failures_test.sh: calls a function fltctx
 * declares but does not provide, so the link must fail and name it. */
#include <fltKernel.h>

int main(void) {
  return (int)IofCallDriver(NULL, NULL);
}
