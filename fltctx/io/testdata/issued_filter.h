/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: fltctx/io/testdata/issued_filter.h
 * -----------------------------------------------------------------------------
 *
 * A small minifilter written in C (test data of fltctx/io): three filters
 * of the same code ("upper", "middle", "lower"), each recording the
 * operations its callbacks see, and a routine that issues I/O of its own
 * from one instance the way a driver does (FltCreateFileEx2, FltWriteFile,
 * FltReadFile, FltQueryInformationFile, FltSetInformationFile, FltClose). */

#ifndef FLTCTX_IO_TESTDATA_ISSUED_FILTER_H_
#define FLTCTX_IO_TESTDATA_ISSUED_FILTER_H_

#include <fltKernel.h>
#include <ntdddisk.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ISSUED_FILTERS 3

/* What one filter's callbacks saw. */
typedef struct _ISSUED_SEEN {
  LONG Pre[IRP_MJ_MAXIMUM_FUNCTION + 1];
  LONG Post[IRP_MJ_MAXIMUM_FUNCTION + 1];
  LONG Generated;        /* pre-operations with FLTFL_CALLBACK_DATA_GENERATED_IO */
  LONG KernelMode_;      /* pre-operations with RequestorMode KernelMode */
  LONG SynchronousApi;   /* pre-operations with IRP_SYNCHRONOUS_API in Iopb->IrpFlags */
  LONG IrpOperations;    /* pre-operations FLT_IS_IRP_OPERATION says are IRPs */
} ISSUED_SEEN;

extern ISSUED_SEEN IssuedSeen[ISSUED_FILTERS];

/* When set, the middle filter (1) queries FileStandardInformation of the file
 * in its post-create callback (IssuedPostCreateQuery receives the status),
 * and of the written file in its post-write callback (IssuedPostWriteQuery):
 * the I/O a filter issues from its own callbacks. */
extern BOOLEAN IssuedQueryInPostCreate;
extern BOOLEAN IssuedQueryInPostWrite;
extern NTSTATUS IssuedPostCreateQuery;
extern NTSTATUS IssuedPostWriteQuery;

/* Registers and starts filter `Which` (0 upper, 1 middle, 2 lower). */
NTSTATUS IssuedFilterEntry(int Which, PFLT_FILTER* Filter);
/* Clears IssuedSeen. */
VOID IssuedFilterReset(void);

/* What IssuedRoundTrip did. */
typedef struct _ISSUED_RESULT {
  NTSTATUS Create;
  ULONG_PTR CreateInformation;
  NTSTATUS Write;
  ULONG Written;
  NTSTATUS Read;
  ULONG ReadBytes;
  CHAR Data[16];
  NTSTATUS Query;
  LONGLONG EndOfFile;
  NTSTATUS SetEndOfFile;
  NTSTATUS Close;
} ISSUED_RESULT;

/* From `Instance` of `Filter` (or the top of the stack with Instance NULL):
 * creates `Name` (a full name, "\\Device\\HarddiskVolume1\\x.txt"), writes
 * "issued" at 0, reads it back, queries its size, truncates it to 3 bytes,
 * drops the file object reference and closes the handle (with Instance NULL
 * only the create and the close). */
VOID IssuedRoundTrip(PFLT_FILTER Filter, PFLT_INSTANCE Instance, PCWSTR Name,
                     ISSUED_RESULT* Result);

#ifdef __cplusplus
}
#endif

#endif /* FLTCTX_IO_TESTDATA_ISSUED_FILTER_H_ */
