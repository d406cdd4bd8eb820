/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: fltctx/io/testdata/issued_filter.c
 * -----------------------------------------------------------------------------
 *
 * A small minifilter in C that records what it sees and issues I/O of its
 * own (test data of fltctx/io). */

#include "fltctx/io/testdata/issued_filter.h"


ISSUED_SEEN IssuedSeen[ISSUED_FILTERS];
BOOLEAN IssuedQueryInPostCreate;
BOOLEAN IssuedQueryInPostWrite;
NTSTATUS IssuedPostCreateQuery;
NTSTATUS IssuedPostWriteQuery;
static PFLT_FILTER g_filters[ISSUED_FILTERS];

static int WhichFilter(PFLT_FILTER Filter) {
  int i;
  for (i = 0; i < ISSUED_FILTERS; ++i) {
    if (g_filters[i] == Filter) return i;
  }
  return -1;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI IssuedPre(PFLT_CALLBACK_DATA Data,
                                                  PCFLT_RELATED_OBJECTS FltObjects,
                                                  PVOID* CompletionContext) {
  int which = WhichFilter(FltObjects->Filter);
  ISSUED_SEEN* seen;
  UCHAR major = Data->Iopb->MajorFunction;
  *CompletionContext = NULL;
  if (which < 0 || major > IRP_MJ_MAXIMUM_FUNCTION) return FLT_PREOP_SUCCESS_NO_CALLBACK;
  seen = &IssuedSeen[which];
  seen->Pre[major]++;
  if (FlagOn(Data->Flags, FLTFL_CALLBACK_DATA_GENERATED_IO)) seen->Generated++;
  if (Data->RequestorMode == KernelMode) seen->KernelMode_++;
  if (FlagOn(Data->Iopb->IrpFlags, IRP_SYNCHRONOUS_API)) seen->SynchronousApi++;
  if (FLT_IS_IRP_OPERATION(Data)) seen->IrpOperations++;
  return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI IssuedPost(PFLT_CALLBACK_DATA Data,
                                                    PCFLT_RELATED_OBJECTS FltObjects,
                                                    PVOID CompletionContext,
                                                    FLT_POST_OPERATION_FLAGS Flags) {
  int which = WhichFilter(FltObjects->Filter);
  UCHAR major = Data->Iopb->MajorFunction;
  FILE_STANDARD_INFORMATION standard;
  UNREFERENCED_PARAMETER(CompletionContext);
  if (which < 0) return FLT_POSTOP_FINISHED_PROCESSING;
  IssuedSeen[which].Post[major]++;
  if (which != 1 || FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
      !NT_SUCCESS(Data->IoStatus.Status)) {
    return FLT_POSTOP_FINISHED_PROCESSING;
  }
  if (major == IRP_MJ_CREATE && IssuedQueryInPostCreate) {
    IssuedPostCreateQuery =
        FltQueryInformationFile(FltObjects->Instance, FltObjects->FileObject, &standard,
                                sizeof(standard), FileStandardInformation, NULL);
  } else if (major == IRP_MJ_WRITE && IssuedQueryInPostWrite) {
    IssuedPostWriteQuery =
        FltQueryInformationFile(FltObjects->Instance, FltObjects->FileObject, &standard,
                                sizeof(standard), FileStandardInformation, NULL);
  }
  return FLT_POSTOP_FINISHED_PROCESSING;
}

static const FLT_OPERATION_REGISTRATION kOperations[] = {
    {IRP_MJ_CREATE, 0, IssuedPre, IssuedPost, NULL},
    {IRP_MJ_READ, 0, IssuedPre, IssuedPost, NULL},
    {IRP_MJ_WRITE, 0, IssuedPre, IssuedPost, NULL},
    {IRP_MJ_QUERY_INFORMATION, 0, IssuedPre, IssuedPost, NULL},
    {IRP_MJ_SET_INFORMATION, 0, IssuedPre, IssuedPost, NULL},
    {IRP_MJ_QUERY_VOLUME_INFORMATION, 0, IssuedPre, IssuedPost, NULL},
    {IRP_MJ_FLUSH_BUFFERS, 0, IssuedPre, IssuedPost, NULL},
    {IRP_MJ_FILE_SYSTEM_CONTROL, 0, IssuedPre, IssuedPost, NULL},
    {IRP_MJ_DEVICE_CONTROL, 0, IssuedPre, IssuedPost, NULL},
    {IRP_MJ_DIRECTORY_CONTROL, 0, IssuedPre, IssuedPost, NULL},
    {IRP_MJ_CLEANUP, 0, IssuedPre, IssuedPost, NULL},
    {IRP_MJ_CLOSE, 0, IssuedPre, IssuedPost, NULL},
    {IRP_MJ_OPERATION_END}};

static NTSTATUS FLTAPI IssuedUnload(FLT_FILTER_UNLOAD_FLAGS Flags) {
  UNREFERENCED_PARAMETER(Flags);
  return STATUS_SUCCESS;
}

static const FLT_REGISTRATION kRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    kOperations,
    IssuedUnload,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL};

NTSTATUS IssuedFilterEntry(int Which, PFLT_FILTER* Filter) {
  NTSTATUS status;
  if (Which < 0 || Which >= ISSUED_FILTERS) return STATUS_INVALID_PARAMETER;
  status = FltRegisterFilter(NULL, &kRegistration, &g_filters[Which]);
  if (!NT_SUCCESS(status)) return status;
  status = FltStartFiltering(g_filters[Which]);
  if (!NT_SUCCESS(status)) {
    FltUnregisterFilter(g_filters[Which]);
    g_filters[Which] = NULL;
    return status;
  }
  *Filter = g_filters[Which];
  return STATUS_SUCCESS;
}

VOID IssuedFilterReset(void) {
  RtlZeroMemory(IssuedSeen, sizeof(IssuedSeen));
  IssuedQueryInPostCreate = FALSE;
  IssuedQueryInPostWrite = FALSE;
  IssuedPostCreateQuery = STATUS_PENDING;
  IssuedPostWriteQuery = STATUS_PENDING;
}

VOID IssuedRoundTrip(PFLT_FILTER Filter, PFLT_INSTANCE Instance, PCWSTR Name,
                     ISSUED_RESULT* Result) {
  UNICODE_STRING name;
  OBJECT_ATTRIBUTES attributes;
  IO_STATUS_BLOCK iosb;
  IO_DRIVER_CREATE_CONTEXT driver_context;
  HANDLE handle = NULL;
  PFILE_OBJECT file_object = NULL;
  LARGE_INTEGER offset;
  FILE_STANDARD_INFORMATION standard;
  FILE_END_OF_FILE_INFORMATION end_of_file;
  static CHAR kData[] = "issued";

  RtlZeroMemory(Result, sizeof(*Result));
  RtlInitUnicodeString(&name, Name);
  InitializeObjectAttributes(&attributes, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL,
                             NULL);
  IoInitializeDriverCreateContext(&driver_context);
  Result->Create = FltCreateFileEx2(Filter, Instance, &handle, &file_object,
                                    FILE_GENERIC_READ | FILE_GENERIC_WRITE, &attributes, &iosb,
                                    NULL, FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF,
                                    FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, NULL,
                                    0, 0, &driver_context);
  Result->CreateInformation = iosb.Information;
  if (!NT_SUCCESS(Result->Create)) return;
  if (Instance == NULL) {
    /* The read and write functions need an instance to start below. */
    ObDereferenceObject(file_object);
    Result->Close = FltClose(handle);
    return;
  }

  offset.QuadPart = 0;
  Result->Write = FltWriteFile(Instance, file_object, &offset, 6, kData, 0, &Result->Written,
                               NULL, NULL);
  Result->Read = FltReadFile(Instance, file_object, &offset, sizeof(Result->Data) - 1,
                             Result->Data, 0, &Result->ReadBytes, NULL, NULL);
  Result->Query = FltQueryInformationFile(Instance, file_object, &standard, sizeof(standard),
                                          FileStandardInformation, NULL);
  if (NT_SUCCESS(Result->Query)) Result->EndOfFile = standard.EndOfFile.QuadPart;
  end_of_file.EndOfFile.QuadPart = 3;
  Result->SetEndOfFile = FltSetInformationFile(Instance, file_object, &end_of_file,
                                               sizeof(end_of_file), FileEndOfFileInformation);
  ObDereferenceObject(file_object);
  Result->Close = FltClose(handle);
}
