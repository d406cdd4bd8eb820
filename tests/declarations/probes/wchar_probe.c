/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 * Compiled by compile_failures_test.sh with -fshort-wchar: must not compile. */
#include <fltKernel.h>

int main(void) { return (int)sizeof(WCHAR); }
