/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * A from-scratch minifilter written the way published ones are: it tracks
 * every open stream in a resource-protected table of stream contexts (name,
 * writes, renames), hands each newly opened name to a scanner thread through
 * an event, and follows renames. Its tests (tracker_test.cc) drive it through
 * simulated I/O. */
#ifndef TRACKER_H_
#define TRACKER_H_

#include <fltKernel.h>
#include <dontuse.h>
#include <suppress.h>

#define TRACKER_TAG_CONTEXT 'cTrk'
#define TRACKER_TAG_NAME 'nTrk'
#define TRACKER_TAG_SCAN 'sTrk'

/* Defined in this header, as some drivers do (one definition per program
 * with -fcommon). */
ULONG TrackerVerbose;

typedef struct _TRACKER_STREAM_CONTEXT {
  LIST_ENTRY Link; /* in TrackerStreams, under TrackerLock */
  UNICODE_STRING Name;
  LONG Writes;
  LONG Renames;
} TRACKER_STREAM_CONTEXT, *PTRACKER_STREAM_CONTEXT;

typedef struct _TRACKER_GLOBALS {
  PFLT_FILTER Filter;
  ERESOURCE Lock;
  LIST_ENTRY Streams;  /* TRACKER_STREAM_CONTEXT.Link */
  ULONG StreamCount;
  LIST_ENTRY Pending;  /* TRACKER_SCAN_ITEM.Link, under Lock */
  KEVENT WorkReady;    /* set while Pending is not empty */
} TRACKER_GLOBALS;

extern TRACKER_GLOBALS TrackerGlobals;

DRIVER_INITIALIZE DriverEntry;
NTSTATUS FLTAPI TrackerUnload(FLT_FILTER_UNLOAD_FLAGS Flags);

/* The scanner's side: waits up to TimeoutMs for a newly opened name and
 * copies it into Name. STATUS_TIMEOUT when none came, STATUS_BUFFER_TOO_SMALL
 * when Name cannot hold it. */
NTSTATUS TrackerScanNext(PUNICODE_STRING Name, ULONG TimeoutMs);

/* The table, for the tests: the number of tracked streams, and the writes
 * and renames of the stream whose name ends with Suffix (-1 if none). */
ULONG TrackerStreamCount(VOID);
LONG TrackerWritesOf(PCWSTR Suffix);
LONG TrackerRenamesOf(PCWSTR Suffix);

/* tracker_table.c */
VOID TrackerTableInitialize(VOID);
VOID TrackerTableDelete(VOID);
VOID TrackerTableInsert(PTRACKER_STREAM_CONTEXT Context);
VOID TrackerTableRemove(PTRACKER_STREAM_CONTEXT Context);
NTSTATUS TrackerTableRename(PTRACKER_STREAM_CONTEXT Context, PCUNICODE_STRING NewName);
NTSTATUS TrackerQueueScan(PCUNICODE_STRING Name);

/* tracker_ops.c */
FLT_PREOP_CALLBACK_STATUS FLTAPI TrackerPreCreate(PFLT_CALLBACK_DATA Data,
                                                  PCFLT_RELATED_OBJECTS FltObjects,
                                                  PVOID* CompletionContext);
FLT_POSTOP_CALLBACK_STATUS FLTAPI TrackerPostCreate(PFLT_CALLBACK_DATA Data,
                                                    PCFLT_RELATED_OBJECTS FltObjects,
                                                    PVOID CompletionContext,
                                                    FLT_POST_OPERATION_FLAGS Flags);
FLT_PREOP_CALLBACK_STATUS FLTAPI TrackerPreWrite(PFLT_CALLBACK_DATA Data,
                                                 PCFLT_RELATED_OBJECTS FltObjects,
                                                 PVOID* CompletionContext);
FLT_POSTOP_CALLBACK_STATUS FLTAPI TrackerPostWrite(PFLT_CALLBACK_DATA Data,
                                                   PCFLT_RELATED_OBJECTS FltObjects,
                                                   PVOID CompletionContext,
                                                   FLT_POST_OPERATION_FLAGS Flags);
FLT_PREOP_CALLBACK_STATUS FLTAPI TrackerPreSetInformation(PFLT_CALLBACK_DATA Data,
                                                          PCFLT_RELATED_OBJECTS FltObjects,
                                                          PVOID* CompletionContext);
FLT_POSTOP_CALLBACK_STATUS FLTAPI TrackerPostSetInformation(PFLT_CALLBACK_DATA Data,
                                                            PCFLT_RELATED_OBJECTS FltObjects,
                                                            PVOID CompletionContext,
                                                            FLT_POST_OPERATION_FLAGS Flags);
VOID FLTAPI TrackerStreamContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE ContextType);

#endif /* TRACKER_H_ */
