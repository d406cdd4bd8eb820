/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 * Compiled by compile_failures_test.sh with -Werror=incompatible-pointer-types:
 * a typed context pointer's address passed where the WDK says PFLT_CONTEXT *
 * compiles in C. With FLTCTX_PROBE_UNTYPED it is passed to a function whose
 * parameter really is PVOID * and must not compile (the control). */
#include <fltKernel.h>

typedef struct _PROBE_CONTEXT {
  ULONG Value;
} PROBE_CONTEXT, *PPROBE_CONTEXT;

#ifdef FLTCTX_PROBE_UNTYPED
void TakesPvoidPointer(PVOID* Context);
#endif

NTSTATUS Probe(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject) {
  PPROBE_CONTEXT context = NULL;
#ifdef FLTCTX_PROBE_UNTYPED
  TakesPvoidPointer(&context);
#endif
  return FltGetStreamContext(Instance, FileObject, &context);
}
