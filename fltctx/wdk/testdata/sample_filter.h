/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * A small minifilter written in C11 against <fltKernel.h>, used to test the
 * WDK-named context surface the way driver code calls it. */

#ifndef FLTCTX_WDK_TESTDATA_SAMPLE_FILTER_H_
#define FLTCTX_WDK_TESTDATA_SAMPLE_FILTER_H_

#include <fltKernel.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _SAMPLE_STREAM_CONTEXT {
  ULONG Magic;
  ULONG OpenCount;
} SAMPLE_STREAM_CONTEXT, *PSAMPLE_STREAM_CONTEXT;

#define SAMPLE_STREAM_MAGIC 0x5354524DUL

/* Registers and starts the filter. */
NTSTATUS SampleDriverEntry(PFLT_FILTER* Filter);
/* What the post-create callback does: find or create the stream context,
 * count the open, remember the open in a stream-handle context. */
NTSTATUS SamplePostCreate(PCFLT_RELATED_OBJECTS FltObjects);
/* Returns the stream's open count, or -1 when it has no context. */
LONG SampleOpenCount(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject);
/* The unload callback's work. */
NTSTATUS SampleUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
/* Cleanup callbacks run so far for a context type. */
ULONG SampleCleanups(FLT_CONTEXT_TYPE Type);
/* A deliberate bug: takes a stream-context reference and never releases it. */
VOID SampleLeakStreamContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject);
void SampleReset(void);

#ifdef __cplusplus
}
#endif

#endif /* FLTCTX_WDK_TESTDATA_SAMPLE_FILTER_H_ */
