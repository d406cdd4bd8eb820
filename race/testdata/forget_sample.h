/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * A small filter that counts the writes to each stream in a stream context
 * and, when a handle to the stream is cleaned up, adds the count to a total
 * and forgets the stream (deletes its context). Two versions: one deletes
 * the context before it gives its reference back; the other gives the
 * reference back first and then deletes through the pointer, trusting the
 * stream's attachment to keep the context alive. Single-threaded tests never
 * see the difference; when another thread deletes the context in between
 * (another handle's cleanup), the second version uses a freed context. */
#ifndef RACE_TESTDATA_FORGET_SAMPLE_H_
#define RACE_TESTDATA_FORGET_SAMPLE_H_

#include <fltKernel.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum _FORGET_SAMPLE_MODE {
  ForgetSampleCorrect = 0,
  ForgetSampleDeletesAfterRelease = 1,
} FORGET_SAMPLE_MODE;

extern FORGET_SAMPLE_MODE ForgetSampleMode;
extern PFLT_FILTER ForgetSampleFilter;
/* The writes counted on streams forgotten so far. */
extern LONG ForgetSampleWrites;

NTSTATUS ForgetSampleLoad(VOID);
VOID ForgetSampleUnload(VOID);

#ifdef __cplusplus
}
#endif

#endif /* RACE_TESTDATA_FORGET_SAMPLE_H_ */
