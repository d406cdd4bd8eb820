/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 * A prototype, then its FORCEINLINE definition, as drivers write them: must
 * compile (and, with FORCEINLINE defined as `static inline`, must not). */
#include <fltKernel.h>

ULONG ProbeTwice(ULONG Value);

FORCEINLINE ULONG ProbeTwice(ULONG Value) { return Value * 2; }

ULONG ProbeCall(void) { return ProbeTwice(21); }
