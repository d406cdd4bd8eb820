/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * A small filter that audits writes: each pre-write allocates a record of
 * the write (its completion context) and each post-write adds the record to
 * the instance's total and frees it. Two versions: one frees the record
 * whatever the post-operation's flags; the other returns at once when the
 * post-operation is called with FLTFL_POST_OPERATION_DRAINING (the instance
 * is being torn down), leaking the record. Tests that never tear an instance
 * down with a write in flight never see the difference. */
#ifndef RACE_TESTDATA_AUDIT_SAMPLE_H_
#define RACE_TESTDATA_AUDIT_SAMPLE_H_

#include <fltKernel.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum _AUDIT_SAMPLE_MODE {
  AuditSampleCorrect = 0,
  AuditSampleLeaksWhenDraining = 1,
} AUDIT_SAMPLE_MODE;

extern AUDIT_SAMPLE_MODE AuditSampleMode;
extern PFLT_FILTER AuditSampleFilter;
/* Bytes written, as post-writes not drained saw them, on instances torn down
 * so far (their teardown-complete callback adds the instance's total). */
extern LONG AuditSampleBytes;

NTSTATUS AuditSampleLoad(VOID);
VOID AuditSampleUnload(VOID);

#ifdef __cplusplus
}
#endif

#endif /* RACE_TESTDATA_AUDIT_SAMPLE_H_ */
