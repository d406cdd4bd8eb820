/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * File: tests/names/names_filter.c
 * A minifilter in C (compiled with -Werror=incompatible-pointer-types) that
 * takes names the way real filters do: normalized in pre-create, opened and
 * parsed in post-create, the destination of renames and links in
 * pre-set-information, the new name in post-set-information. */
#include "tests/names/names_filter.h"

#include <stddef.h>

/* The WDK's x64 layout. */
_Static_assert(offsetof(FLT_FILE_NAME_INFORMATION, NamesParsed) == 2, "NamesParsed");
_Static_assert(offsetof(FLT_FILE_NAME_INFORMATION, Format) == 4, "Format");
_Static_assert(offsetof(FLT_FILE_NAME_INFORMATION, Name) == 8, "Name");
_Static_assert(offsetof(FLT_FILE_NAME_INFORMATION, Volume) == 24, "Volume");
_Static_assert(offsetof(FLT_FILE_NAME_INFORMATION, Share) == 40, "Share");
_Static_assert(offsetof(FLT_FILE_NAME_INFORMATION, Extension) == 56, "Extension");
_Static_assert(offsetof(FLT_FILE_NAME_INFORMATION, Stream) == 72, "Stream");
_Static_assert(offsetof(FLT_FILE_NAME_INFORMATION, FinalComponent) == 88, "FinalComponent");
_Static_assert(offsetof(FLT_FILE_NAME_INFORMATION, ParentDir) == 104, "ParentDir");
_Static_assert(sizeof(FLT_FILE_NAME_INFORMATION) == 120, "size");
_Static_assert(FLT_FILE_NAME_NORMALIZED == 0x01 && FLT_FILE_NAME_QUERY_DEFAULT == 0x0100 &&
                   FLT_FILE_NAME_QUERY_ALWAYS_ALLOW_CACHE_LOOKUP == 0x0400 &&
                   FLT_FILE_NAME_ALLOW_QUERY_ON_REPARSE == 0x04000000,
               "option values");

WCHAR g_pre_create_normalized[NF_CHARS];
NTSTATUS g_pre_create_status;
NTSTATUS g_pre_create_short_status;
BOOLEAN g_open_target_directory;
WCHAR g_post_create_opened[NF_CHARS];
WCHAR g_final_component[NF_CHARS];
WCHAR g_extension[NF_CHARS];
WCHAR g_stream[NF_CHARS];
WCHAR g_parent_dir[NF_CHARS];
WCHAR g_destination[NF_CHARS];
WCHAR g_post_set_normalized[NF_CHARS];
NTSTATUS g_post_close_status;
BOOLEAN g_keep_reference;
PFLT_FILE_NAME_INFORMATION g_kept;
PFLT_FILTER g_filter;

static void Copy(const UNICODE_STRING* s, WCHAR* out) {
  USHORT n = (USHORT)(s->Length / sizeof(WCHAR));
  USHORT i;
  if (n >= NF_CHARS) n = NF_CHARS - 1;
  for (i = 0; i < n; ++i) out[i] = s->Buffer[i];
  out[n] = 0;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI PreCreate(PFLT_CALLBACK_DATA Data,
                                                  PCFLT_RELATED_OBJECTS FltObjects,
                                                  PVOID* CompletionContext) {
  PFLT_FILE_NAME_INFORMATION info = NULL;
  UCHAR flags = Data->Iopb->OperationFlags;
  UNREFERENCED_PARAMETER(FltObjects);
  *CompletionContext = NULL;
  if (g_open_target_directory) Data->Iopb->OperationFlags |= SL_OPEN_TARGET_DIRECTORY;
  g_pre_create_status = FltGetFileNameInformation(
      Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &info);
  Data->Iopb->OperationFlags = flags;
  if (NT_SUCCESS(g_pre_create_status)) {
    Copy(&info->Name, g_pre_create_normalized);
    FltReleaseFileNameInformation(info);
  }
  info = NULL;
  g_pre_create_short_status =
      FltGetFileNameInformation(Data, FLT_FILE_NAME_SHORT | FLT_FILE_NAME_QUERY_DEFAULT, &info);
  if (info != NULL) FltReleaseFileNameInformation(info);
  return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(PFLT_CALLBACK_DATA Data,
                                                    PCFLT_RELATED_OBJECTS FltObjects,
                                                    PVOID CompletionContext,
                                                    FLT_POST_OPERATION_FLAGS Flags) {
  PFLT_FILE_NAME_INFORMATION info = NULL;
  UNREFERENCED_PARAMETER(FltObjects);
  UNREFERENCED_PARAMETER(CompletionContext);
  UNREFERENCED_PARAMETER(Flags);
  if (!NT_SUCCESS(Data->IoStatus.Status)) return FLT_POSTOP_FINISHED_PROCESSING;
  if (!NT_SUCCESS(FltGetFileNameInformation(
          Data, FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT, &info))) {
    return FLT_POSTOP_FINISHED_PROCESSING;
  }
  Copy(&info->Name, g_post_create_opened);
  if (NT_SUCCESS(FltParseFileNameInformation(info))) {
    Copy(&info->FinalComponent, g_final_component);
    Copy(&info->Extension, g_extension);
    Copy(&info->Stream, g_stream);
    Copy(&info->ParentDir, g_parent_dir);
  }
  if (g_keep_reference) {
    g_kept = info; /* the reference is the filter's now */
  } else {
    FltReleaseFileNameInformation(info);
  }
  return FLT_POSTOP_FINISHED_PROCESSING;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI PreSetInformation(PFLT_CALLBACK_DATA Data,
                                                          PCFLT_RELATED_OBJECTS FltObjects,
                                                          PVOID* CompletionContext) {
  *CompletionContext = NULL;
  FILE_INFORMATION_CLASS c = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
  if (c == FileRenameInformation || (int)c == 11 /* FileLinkInformation */) {
    PFILE_RENAME_INFORMATION r =
        (PFILE_RENAME_INFORMATION)Data->Iopb->Parameters.SetFileInformation.InfoBuffer;
    PFLT_FILE_NAME_INFORMATION dest = NULL;
    if (NT_SUCCESS(FltGetDestinationFileNameInformation(
            FltObjects->Instance, FltObjects->FileObject, r->RootDirectory, r->FileName,
            r->FileNameLength, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &dest))) {
      Copy(&dest->Name, g_destination);
      FltReleaseFileNameInformation(dest);
    }
  }
  return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI PostSetInformation(PFLT_CALLBACK_DATA Data,
                                                            PCFLT_RELATED_OBJECTS FltObjects,
                                                            PVOID CompletionContext,
                                                            FLT_POST_OPERATION_FLAGS Flags) {
  PFLT_FILE_NAME_INFORMATION info = NULL;
  UNREFERENCED_PARAMETER(FltObjects);
  UNREFERENCED_PARAMETER(CompletionContext);
  UNREFERENCED_PARAMETER(Flags);
  if (NT_SUCCESS(FltGetFileNameInformation(
          Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &info))) {
    Copy(&info->Name, g_post_set_normalized);
    FltReleaseFileNameInformation(info);
  }
  return FLT_POSTOP_FINISHED_PROCESSING;
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI PostClose(PFLT_CALLBACK_DATA Data,
                                                   PCFLT_RELATED_OBJECTS FltObjects,
                                                   PVOID CompletionContext,
                                                   FLT_POST_OPERATION_FLAGS Flags) {
  PFLT_FILE_NAME_INFORMATION info = NULL;
  UNREFERENCED_PARAMETER(FltObjects);
  UNREFERENCED_PARAMETER(CompletionContext);
  UNREFERENCED_PARAMETER(Flags);
  g_post_close_status = FltGetFileNameInformation(
      Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &info);
  if (info != NULL) FltReleaseFileNameInformation(info);
  return FLT_POSTOP_FINISHED_PROCESSING;
}

static const FLT_OPERATION_REGISTRATION kOperations[] = {
    {IRP_MJ_CREATE, 0, PreCreate, PostCreate, NULL},
    {IRP_MJ_SET_INFORMATION, 0, PreSetInformation, PostSetInformation, NULL},
    {IRP_MJ_CLOSE, 0, NULL, PostClose, NULL},
    {IRP_MJ_OPERATION_END, 0, NULL, NULL, NULL}};

static const FLT_REGISTRATION kRegistration = {
    sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION, 0, NULL, kOperations,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};

NTSTATUS NamesFilterEntry(void) {
  NTSTATUS status = FltRegisterFilter(NULL, &kRegistration, &g_filter);
  if (!NT_SUCCESS(status)) return status;
  return FltStartFiltering(g_filter);
}
