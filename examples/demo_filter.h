/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * File: examples/demo_filter.h: the demo's minifilter (examples/demo_filter.c). */
#ifndef EXAMPLES_DEMO_FILTER_H_
#define EXAMPLES_DEMO_FILTER_H_

#include <fltKernel.h>

POOLSIM_BEGIN_EXTERN_C
/* Registers and starts the filter (the DriverEntry part). With `PlantBugs`,
 * its post-read callback runs the demo's planted bug: a stream-context
 * reference taken and never released. PASSIVE_LEVEL. */
NTSTATUS DemoFilterEntry(PFLT_FILTER* Filter, BOOLEAN PlantBugs);
/* Counts one write on the stream of `FltObjects->FileObject`. */
NTSTATUS DemoFilterOnWrite(PCFLT_RELATED_OBJECTS FltObjects);
/* The writes counted on the stream of `FileObject` so far (0: none). */
ULONG DemoFilterWriteCount(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject);
/* Unregisters the filter (the filter manager's unload). PASSIVE_LEVEL. */
VOID DemoFilterUnload(VOID);
POOLSIM_END_EXTERN_C

#endif
