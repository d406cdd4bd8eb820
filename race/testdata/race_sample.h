/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * A small filter whose post-create gets or creates a stream context, in
 * three versions: correct, one that leaks its own context when another open
 * set one first, and one that releases the winner's context twice. Single
 * threaded tests never see the difference; the race sweep does. */
#ifndef RACE_TESTDATA_RACE_SAMPLE_H_
#define RACE_TESTDATA_RACE_SAMPLE_H_

#include <fltKernel.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum _RACE_SAMPLE_MODE {
  RaceSampleCorrect = 0,
  RaceSampleLeaksLoser = 1,
  RaceSampleReleasesWinnerTwice = 2,
} RACE_SAMPLE_MODE;

extern RACE_SAMPLE_MODE RaceSampleMode;
extern PFLT_FILTER RaceSampleFilter;

NTSTATUS RaceSampleLoad(VOID);
VOID RaceSampleUnload(VOID);
/* Opens seen by post-create (through the stream context's counter). */
LONG RaceSampleOpensOf(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject);

#ifdef __cplusplus
}
#endif

#endif /* RACE_TESTDATA_RACE_SAMPLE_H_ */
