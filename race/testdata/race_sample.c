/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0 */
#include "race/testdata/race_sample.h"

#define SAMPLE_TAG 'ecaR'

typedef struct _SAMPLE_CONTEXT {
  LONG Opens;
} SAMPLE_CONTEXT, *PSAMPLE_CONTEXT;

RACE_SAMPLE_MODE RaceSampleMode = RaceSampleCorrect;
PFLT_FILTER RaceSampleFilter = NULL;

static NTSTATUS GetOrCreate(PCFLT_RELATED_OBJECTS FltObjects, PSAMPLE_CONTEXT* Context) {
  PSAMPLE_CONTEXT mine = NULL;
  PSAMPLE_CONTEXT winner = NULL;
  NTSTATUS status = FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject, Context);
  if (status != STATUS_NOT_FOUND) return status;
  status = FltAllocateContext(FltObjects->Filter, FLT_STREAM_CONTEXT, sizeof(SAMPLE_CONTEXT),
                              NonPagedPoolNx, &mine);
  if (!NT_SUCCESS(status)) return status;
  RtlZeroMemory(mine, sizeof(*mine));
  status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                               FLT_SET_CONTEXT_KEEP_IF_EXISTS, mine, &winner);
  if (status == STATUS_FLT_CONTEXT_ALREADY_DEFINED) {
    /* Another open set one first: use the winner's, drop ours. */
    switch (RaceSampleMode) {
      case RaceSampleCorrect:
        FltReleaseContext(mine);
        break;
      case RaceSampleLeaksLoser:
        break; /* the bug: ours is never released */
      case RaceSampleReleasesWinnerTwice:
        FltReleaseContext(mine);
        FltReleaseContext(winner); /* the bug: the caller's reference goes now... */
        break;
    }
    *Context = winner;
    return STATUS_SUCCESS;
  }
  if (!NT_SUCCESS(status)) {
    FltReleaseContext(mine);
    return status;
  }
  *Context = mine;
  return STATUS_SUCCESS;
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(PFLT_CALLBACK_DATA Data,
                                                    PCFLT_RELATED_OBJECTS FltObjects,
                                                    PVOID CompletionContext,
                                                    FLT_POST_OPERATION_FLAGS Flags) {
  PSAMPLE_CONTEXT context = NULL;
  UNREFERENCED_PARAMETER(CompletionContext);
  UNREFERENCED_PARAMETER(Flags);
  if (!NT_SUCCESS(Data->IoStatus.Status)) return FLT_POSTOP_FINISHED_PROCESSING;
  if (NT_SUCCESS(GetOrCreate(FltObjects, &context))) {
    InterlockedIncrement(&context->Opens);
    FltReleaseContext(context); /* ...and again here */
  }
  return FLT_POSTOP_FINISHED_PROCESSING;
}

static const FLT_CONTEXT_REGISTRATION Contexts[] = {
    {FLT_STREAM_CONTEXT, 0, NULL, sizeof(SAMPLE_CONTEXT), SAMPLE_TAG}, {FLT_CONTEXT_END}};

static const FLT_OPERATION_REGISTRATION Callbacks[] = {{IRP_MJ_CREATE, 0, NULL, PostCreate},
                                                        {IRP_MJ_OPERATION_END}};

static const FLT_REGISTRATION Registration = {sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION,
                                              0, Contexts, Callbacks};

NTSTATUS RaceSampleLoad(VOID) {
  NTSTATUS status = FltRegisterFilter(NULL, &Registration, &RaceSampleFilter);
  if (!NT_SUCCESS(status)) return status;
  status = FltStartFiltering(RaceSampleFilter);
  if (!NT_SUCCESS(status)) {
    FltUnregisterFilter(RaceSampleFilter);
    RaceSampleFilter = NULL;
  }
  return status;
}

VOID RaceSampleUnload(VOID) {
  if (RaceSampleFilter != NULL) FltUnregisterFilter(RaceSampleFilter);
  RaceSampleFilter = NULL;
}

LONG RaceSampleOpensOf(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject) {
  PSAMPLE_CONTEXT context = NULL;
  LONG opens;
  if (!NT_SUCCESS(FltGetStreamContext(Instance, FileObject, &context))) return -1;
  opens = context->Opens;
  FltReleaseContext(context);
  return opens;
}
