/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * The scanning minifilter (scanner.h), in C11. */

#include "tests/minifilters/scanner/scanner.h"

#include <string.h>

/* Non-paged: post-write may release it at DISPATCH_LEVEL. */
typedef struct _SCANNER_STREAM_CONTEXT {
  BOOLEAN Infected;
  LONG Generation;        /* Globals.Generation when the verdict was reached */
  volatile LONG Modified; /* written since: the verdict no longer holds */
} SCANNER_STREAM_CONTEXT, *PSCANNER_STREAM_CONTEXT;

typedef struct _SCANNER_SECTION_CONTEXT {
  HANDLE SectionHandle;
  PVOID SectionObject;
} SCANNER_SECTION_CONTEXT, *PSCANNER_SECTION_CONTEXT;

static struct {
  PFLT_FILTER Filter;
  PFLT_PORT ServerPort;
  PFLT_PORT ScannerPort; /* the client the scan requests go to */
  ULONG ScanOnOpen;
  ULONG TimeoutMs;
  ULONG ExtensionCount;
  WCHAR Extensions[SCANNER_MAX_EXTENSIONS][SCANNER_EXTENSION_CHARS];
  volatile LONG Generation; /* bumped by "rescan all": cached verdicts expire */
} Globals;

SCANNER_STATISTICS ScannerStatistics;

static NTSTATUS FLTAPI ScannerInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects,
                                            FLT_INSTANCE_SETUP_FLAGS Flags,
                                            DEVICE_TYPE VolumeDeviceType,
                                            FLT_FILESYSTEM_TYPE VolumeFilesystemType);
static FLT_POSTOP_CALLBACK_STATUS FLTAPI ScannerPostCreate(PFLT_CALLBACK_DATA Data,
                                                           PCFLT_RELATED_OBJECTS FltObjects,
                                                           PVOID CompletionContext,
                                                           FLT_POST_OPERATION_FLAGS Flags);
static FLT_PREOP_CALLBACK_STATUS FLTAPI ScannerPreWrite(PFLT_CALLBACK_DATA Data,
                                                        PCFLT_RELATED_OBJECTS FltObjects,
                                                        PVOID* CompletionContext);
static FLT_POSTOP_CALLBACK_STATUS FLTAPI ScannerPostWrite(PFLT_CALLBACK_DATA Data,
                                                          PCFLT_RELATED_OBJECTS FltObjects,
                                                          PVOID CompletionContext,
                                                          FLT_POST_OPERATION_FLAGS Flags);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, ScannerUnload)
#pragma alloc_text(PAGE, ScannerInstanceSetup)
#pragma alloc_text(PAGE, ScannerPostCreate)
#pragma alloc_text(PAGE, ScannerPreWrite)
#endif

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    {IRP_MJ_CREATE, 0, NULL, ScannerPostCreate, NULL},
    {IRP_MJ_WRITE, 0, ScannerPreWrite, ScannerPostWrite, NULL},
    {IRP_MJ_OPERATION_END}};

static const FLT_CONTEXT_REGISTRATION Contexts[] = {
    {FLT_STREAM_CONTEXT, 0, NULL, sizeof(SCANNER_STREAM_CONTEXT), SCANNER_TAG, NULL, NULL, NULL},
    {FLT_SECTION_CONTEXT, 0, NULL, sizeof(SCANNER_SECTION_CONTEXT), SCANNER_TAG, NULL, NULL,
     NULL},
    {FLT_CONTEXT_END}};

static const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    Contexts,
    Callbacks,
    ScannerUnload,
    ScannerInstanceSetup,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};

PFLT_FILTER ScannerFilter(void) { return Globals.Filter; }

/* ---------------------------------------------------------------------------
 * Settings
 * ------------------------------------------------------------------------- */

static NTSTATUS NTAPI ScannerAddExtension(PWSTR ValueName, ULONG ValueType, PVOID ValueData,
                                          ULONG ValueLength, PVOID Context, PVOID EntryContext) {
  size_t chars;
  UNREFERENCED_PARAMETER(ValueName);
  UNREFERENCED_PARAMETER(Context);
  UNREFERENCED_PARAMETER(EntryContext);
  /* A REG_MULTI_SZ reaches the routine once per string, as REG_SZ. */
  if (ValueType != REG_SZ || ValueData == NULL) return STATUS_OBJECT_TYPE_MISMATCH;
  chars = ValueLength / sizeof(WCHAR);
  if (chars > 0 && ((PCWSTR)ValueData)[chars - 1] == L'\0') chars--;
  if (chars == 0) return STATUS_SUCCESS;
  if (chars >= SCANNER_EXTENSION_CHARS || Globals.ExtensionCount >= SCANNER_MAX_EXTENSIONS) {
    return STATUS_INVALID_PARAMETER;
  }
  RtlCopyMemory(Globals.Extensions[Globals.ExtensionCount], ValueData, chars * sizeof(WCHAR));
  Globals.Extensions[Globals.ExtensionCount][chars] = L'\0';
  Globals.ExtensionCount++;
  return STATUS_SUCCESS;
}

static NTSTATUS ScannerReadSettings(PUNICODE_STRING RegistryPath) {
  OBJECT_ATTRIBUTES attributes;
  UNICODE_STRING parameters = RTL_CONSTANT_STRING(L"Parameters");
  RTL_QUERY_REGISTRY_TABLE table[4];
  HANDLE service = NULL;
  HANDLE key = NULL;
  ULONG default_timeout = 2000;
  NTSTATUS status;

  PAGED_CODE();
  if (RegistryPath == NULL) return STATUS_INVALID_PARAMETER;
  InitializeObjectAttributes(&attributes, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                             NULL, NULL);
  status = ZwOpenKey(&service, KEY_READ, &attributes);
  if (!NT_SUCCESS(status)) return status;
  InitializeObjectAttributes(&attributes, &parameters, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                             service, NULL);
  status = ZwOpenKey(&key, KEY_READ, &attributes);
  ZwClose(service);
  if (!NT_SUCCESS(status)) return status;

  RtlZeroMemory(table, sizeof(table));
  table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED |
                   RTL_QUERY_REGISTRY_TYPECHECK;
  table[0].Name = L"ScanOnOpen";
  table[0].EntryContext = &Globals.ScanOnOpen;
  table[0].DefaultType = REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT;
  table[1].Flags = RTL_QUERY_REGISTRY_DIRECT;
  table[1].Name = L"ScanTimeoutMs";
  table[1].EntryContext = &Globals.TimeoutMs;
  table[1].DefaultType = REG_DWORD;
  table[1].DefaultData = &default_timeout;
  table[1].DefaultLength = sizeof(ULONG);
  table[2].QueryRoutine = ScannerAddExtension;
  table[2].Flags = RTL_QUERY_REGISTRY_REQUIRED;
  table[2].Name = L"Extensions";
  Globals.ExtensionCount = 0;
  status = RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PWSTR)key, table, NULL, NULL);
  ZwClose(key);
  if (NT_SUCCESS(status) && Globals.ExtensionCount == 0) status = STATUS_INVALID_PARAMETER;
  return status;
}

/* ---------------------------------------------------------------------------
 * The port
 * ------------------------------------------------------------------------- */

static NTSTATUS FLTAPI ScannerConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie,
                                      PVOID ConnectionContext, ULONG SizeOfContext,
                                      PVOID* ConnectionCookie) {
  UNREFERENCED_PARAMETER(ServerPortCookie);
  UNREFERENCED_PARAMETER(ConnectionContext);
  UNREFERENCED_PARAMETER(SizeOfContext);
  PAGED_CODE();
  /* The first client is the scanner; later ones (up to the maximum) only
   * send commands. The cookie says which one a callback is for. */
  InterlockedCompareExchangePointer((PVOID volatile*)&Globals.ScannerPort, ClientPort, NULL);
  *ConnectionCookie = (PVOID)ClientPort;
  return STATUS_SUCCESS;
}

static VOID FLTAPI ScannerDisconnect(PVOID ConnectionCookie) {
  PFLT_PORT port = (PFLT_PORT)ConnectionCookie;
  PAGED_CODE();
  if (port == Globals.ScannerPort) {
    FltCloseClientPort(Globals.Filter, &Globals.ScannerPort);
  } else {
    FltCloseClientPort(Globals.Filter, &port);
  }
}

static NTSTATUS ScannerRescanAll(PULONG VolumesVisited) {
  PFLT_INSTANCE* instances = NULL;
  ULONG count = 0;
  ULONG returned = 0;
  ULONG i;
  NTSTATUS status;

  PAGED_CODE();
  *VolumesVisited = 0;
  status = FltEnumerateInstances(NULL, Globals.Filter, NULL, 0, &count);
  if (status != STATUS_BUFFER_TOO_SMALL) return status;
  instances = (PFLT_INSTANCE*)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                              count * sizeof(PFLT_INSTANCE), SCANNER_TAG);
  if (instances == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  status = FltEnumerateInstances(NULL, Globals.Filter, instances, count, &returned);
  if (NT_SUCCESS(status)) {
    for (i = 0; i < returned; i++) {
      PFLT_VOLUME volume = NULL;
      if (NT_SUCCESS(FltGetVolumeFromInstance(instances[i], &volume))) {
        (*VolumesVisited)++;
        FltObjectDereference(volume);
      }
      FltObjectDereference(instances[i]);
    }
    /* Every verdict reached before now is stale: the next open rescans. */
    InterlockedIncrement(&Globals.Generation);
  }
  ExFreePoolWithTag(instances, SCANNER_TAG);
  return status;
}

static NTSTATUS FLTAPI ScannerMessage(PVOID PortCookie, PVOID InputBuffer,
                                      ULONG InputBufferLength, PVOID OutputBuffer,
                                      ULONG OutputBufferLength, PULONG ReturnOutputBufferLength) {
  SCANNER_COMMAND command;
  SCANNER_RESCAN_RESULT result;
  NTSTATUS status;
  UNREFERENCED_PARAMETER(PortCookie);
  PAGED_CODE();
  *ReturnOutputBufferLength = 0;
  if (InputBuffer == NULL || InputBufferLength < sizeof(SCANNER_COMMAND)) {
    return STATUS_INVALID_PARAMETER;
  }
  RtlCopyMemory(&command, InputBuffer, sizeof(command)); /* a user buffer: copy it once */
  if (command.Command != SCANNER_COMMAND_RESCAN_ALL) return STATUS_INVALID_PARAMETER;
  if (OutputBuffer == NULL || OutputBufferLength < sizeof(result)) return STATUS_BUFFER_TOO_SMALL;
  status = ScannerRescanAll(&result.VolumesVisited);
  if (!NT_SUCCESS(status)) return status;
  RtlCopyMemory(OutputBuffer, &result, sizeof(result));
  *ReturnOutputBufferLength = sizeof(result);
  return STATUS_SUCCESS;
}

/* ---------------------------------------------------------------------------
 * Load and unload
 * ------------------------------------------------------------------------- */

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  PSECURITY_DESCRIPTOR sd = NULL;
  OBJECT_ATTRIBUTES attributes;
  UNICODE_STRING name = RTL_CONSTANT_STRING(SCANNER_PORT_NAME);
  NTSTATUS status;

  PAGED_CODE();
  ExInitializeDriverRuntime(DrvRtPoolNxOptIn);
  RtlZeroMemory(&Globals, sizeof(Globals));
  RtlZeroMemory(&ScannerStatistics, sizeof(ScannerStatistics));

  status = ScannerReadSettings(RegistryPath);
  if (!NT_SUCCESS(status)) return status;

  status = FltRegisterFilter(DriverObject, &FilterRegistration, &Globals.Filter);
  if (!NT_SUCCESS(status)) return status;

  status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
  if (NT_SUCCESS(status)) {
    InitializeObjectAttributes(&attributes, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL,
                               sd);
    status = FltCreateCommunicationPort(Globals.Filter, &Globals.ServerPort, &attributes, NULL,
                                        ScannerConnect, ScannerDisconnect, ScannerMessage,
                                        SCANNER_MAX_CONNECTIONS);
    FltFreeSecurityDescriptor(sd);
  }
  if (NT_SUCCESS(status)) {
    status = FltStartFiltering(Globals.Filter);
    if (!NT_SUCCESS(status)) {
      FltCloseCommunicationPort(Globals.ServerPort);
      Globals.ServerPort = NULL;
    }
  }
  if (!NT_SUCCESS(status)) {
    FltUnregisterFilter(Globals.Filter);
    Globals.Filter = NULL;
  }
  return status;
}

NTSTATUS FLTAPI ScannerUnload(FLT_FILTER_UNLOAD_FLAGS Flags) {
  UNREFERENCED_PARAMETER(Flags);
  PAGED_CODE();
  FltCloseCommunicationPort(Globals.ServerPort);
  Globals.ServerPort = NULL;
  FltUnregisterFilter(Globals.Filter);
  Globals.Filter = NULL;
  return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI ScannerInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects,
                                            FLT_INSTANCE_SETUP_FLAGS Flags,
                                            DEVICE_TYPE VolumeDeviceType,
                                            FLT_FILESYSTEM_TYPE VolumeFilesystemType) {
  UNREFERENCED_PARAMETER(Flags);
  UNREFERENCED_PARAMETER(VolumeFilesystemType);
  PAGED_CODE();
  if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) return STATUS_FLT_DO_NOT_ATTACH;
  /* Without data-scan sections this filter cannot scan the volume. */
  if (!NT_SUCCESS(FltRegisterForDataScan(FltObjects->Instance))) return STATUS_FLT_DO_NOT_ATTACH;
  return STATUS_SUCCESS;
}

/* ---------------------------------------------------------------------------
 * Scanning
 * ------------------------------------------------------------------------- */

static BOOLEAN ScannerMatchesExtension(PCUNICODE_STRING Extension) {
  ULONG i;
  UNICODE_STRING candidate;
  for (i = 0; i < Globals.ExtensionCount; i++) {
    RtlInitUnicodeString(&candidate, Globals.Extensions[i]);
    if (RtlEqualUnicodeString(Extension, &candidate, TRUE)) return TRUE;
  }
  return FALSE;
}

static BOOLEAN ScannerWanted(PFLT_CALLBACK_DATA Data) {
  PFLT_FILE_NAME_INFORMATION name = NULL;
  BOOLEAN wanted = FALSE;
  NTSTATUS status = FltGetFileNameInformation(
      Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &name);
  if (!NT_SUCCESS(status)) return FALSE;
  if (NT_SUCCESS(FltParseFileNameInformation(name))) {
    wanted = ScannerMatchesExtension(&name->Extension);
  }
  FltReleaseFileNameInformation(name);
  return wanted;
}

/* TRUE when the create carries this filter's "already scanned" ECP (which
 * it then acknowledges). */
static BOOLEAN ScannerAlreadyScanned(PFLT_CALLBACK_DATA Data) {
  PECP_LIST list = NULL;
  PVOID context = NULL;
  ULONG size = 0;
  if (!NT_SUCCESS(FltGetEcpListFromCallbackData(Globals.Filter, Data, &list)) || list == NULL) {
    return FALSE;
  }
  if (!NT_SUCCESS(FltFindExtraCreateParameter(Globals.Filter, list, &SCANNER_ECP_GUID, &context,
                                              &size))) {
    return FALSE;
  }
  FltAcknowledgeEcp(Globals.Filter, context);
  return TRUE;
}

/* Maps the stream and asks the scanner. STATUS_SUCCESS with *Infected set
 * when the scanner answered; any other status means no verdict. */
static NTSTATUS ScannerScanStream(PCFLT_RELATED_OBJECTS FltObjects, PBOOLEAN Infected) {
  PSCANNER_SECTION_CONTEXT section = NULL;
  PSCANNER_NOTIFICATION notification = NULL;
  PVOID view = NULL;
  SIZE_T view_size = 0;
  LARGE_INTEGER file_size;
  LARGE_INTEGER timeout;
  SCANNER_REPLY reply;
  ULONG reply_length = sizeof(reply);
  NTSTATUS status;

  PAGED_CODE();
  *Infected = FALSE;
  if (Globals.ScannerPort == NULL) return STATUS_PORT_DISCONNECTED;

  status = FltAllocateContext(Globals.Filter, FLT_SECTION_CONTEXT,
                              sizeof(SCANNER_SECTION_CONTEXT), PagedPool, (PFLT_CONTEXT*)&section);
  if (!NT_SUCCESS(status)) return status;
  RtlZeroMemory(section, sizeof(*section));
  status = FltCreateSectionForDataScan(FltObjects->Instance, FltObjects->FileObject, section,
                                       SECTION_MAP_READ, NULL, NULL, PAGE_READONLY, SEC_COMMIT, 0,
                                       &section->SectionHandle, &section->SectionObject,
                                       &file_size);
  if (!NT_SUCCESS(status)) {
    FltReleaseContext(section);
    return status; /* STATUS_END_OF_FILE: an empty stream, nothing to scan */
  }
  status = ZwMapViewOfSection(section->SectionHandle, ZwCurrentProcess(), &view, 0, 0, NULL,
                              &view_size, ViewUnmap, 0, PAGE_READONLY);
  if (NT_SUCCESS(status)) {
    notification = (PSCANNER_NOTIFICATION)ExAllocatePool2(
        POOL_FLAG_NON_PAGED, sizeof(SCANNER_NOTIFICATION), SCANNER_TAG);
    if (notification == NULL) {
      status = STATUS_INSUFFICIENT_RESOURCES;
    } else {
      ULONG bytes = SCANNER_READ_BUFFER_SIZE;
      if ((ULONGLONG)file_size.QuadPart < bytes) bytes = (ULONG)file_size.QuadPart;
      if (view_size < bytes) bytes = (ULONG)view_size;
      notification->BytesToScan = bytes;
      RtlCopyMemory(notification->Contents, view, bytes);
      timeout.QuadPart = -(LONGLONG)Globals.TimeoutMs * 10000;
      reply.SafeToOpen = TRUE;
      status = FltSendMessage(Globals.Filter, &Globals.ScannerPort, notification,
                              sizeof(SCANNER_NOTIFICATION), &reply, &reply_length, &timeout);
      if (status == STATUS_SUCCESS && reply_length >= sizeof(SCANNER_REPLY)) {
        *Infected = !reply.SafeToOpen;
        InterlockedIncrement(&ScannerStatistics.Scans);
      } else if (NT_SUCCESS(status)) {
        status = STATUS_TIMEOUT == status ? STATUS_IO_TIMEOUT : STATUS_UNSUCCESSFUL;
      }
      ExFreePoolWithTag(notification, SCANNER_TAG);
    }
    ZwUnmapViewOfSection(ZwCurrentProcess(), view);
  }
  FltCloseSectionForDataScan(section);
  FltReleaseContext(section);
  return status;
}

static VOID ScannerRemember(PCFLT_RELATED_OBJECTS FltObjects, BOOLEAN Infected, LONG Generation) {
  PSCANNER_STREAM_CONTEXT context = NULL;
  PSCANNER_STREAM_CONTEXT old = NULL;
  NTSTATUS status = FltAllocateContext(Globals.Filter, FLT_STREAM_CONTEXT,
                                       sizeof(SCANNER_STREAM_CONTEXT), NonPagedPoolNx,
                                       (PFLT_CONTEXT*)&context);
  if (!NT_SUCCESS(status)) return; /* no cache: the next open scans again */
  context->Infected = Infected;
  context->Generation = Generation;
  context->Modified = 0;
  status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                               FLT_SET_CONTEXT_REPLACE_IF_EXISTS, context, (PFLT_CONTEXT*)&old);
  if (old != NULL) FltReleaseContext(old);
  FltReleaseContext(context);
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI ScannerPostCreate(PFLT_CALLBACK_DATA Data,
                                                           PCFLT_RELATED_OBJECTS FltObjects,
                                                           PVOID CompletionContext,
                                                           FLT_POST_OPERATION_FLAGS Flags) {
  PSCANNER_STREAM_CONTEXT cached = NULL;
  BOOLEAN infected = FALSE;
  BOOLEAN directory = FALSE;
  LONG generation;
  NTSTATUS status;
  UNREFERENCED_PARAMETER(CompletionContext);
  PAGED_CODE(); /* post-create runs at PASSIVE_LEVEL */

  if ((Flags & FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status) ||
      Data->IoStatus.Status == STATUS_REPARSE || !Globals.ScanOnOpen) {
    return FLT_POSTOP_FINISHED_PROCESSING;
  }
  if (!NT_SUCCESS(FltIsDirectory(FltObjects->FileObject, FltObjects->Instance, &directory)) ||
      directory || !ScannerWanted(Data)) {
    return FLT_POSTOP_FINISHED_PROCESSING;
  }
  if (ScannerAlreadyScanned(Data)) {
    InterlockedIncrement(&ScannerStatistics.EcpSkips);
    return FLT_POSTOP_FINISHED_PROCESSING;
  }

  generation = Globals.Generation;
  status = FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                               (PFLT_CONTEXT*)&cached);
  if (NT_SUCCESS(status)) {
    BOOLEAN fresh = cached->Generation == generation && cached->Modified == 0;
    infected = cached->Infected;
    FltReleaseContext(cached);
    if (fresh) {
      InterlockedIncrement(&ScannerStatistics.CachedVerdicts);
      goto decided;
    }
  }

  status = ScannerScanStream(FltObjects, &infected);
  if (status == STATUS_END_OF_FILE) {
    /* Empty (typically just created): clean, and not cached, since the
     * writes that follow are what a later open must see scanned. */
    return FLT_POSTOP_FINISHED_PROCESSING;
  }
  if (!NT_SUCCESS(status)) {
    /* No scanner, no answer in time, or no memory: let the open through and
     * leave the stream unjudged. */
    InterlockedIncrement(&ScannerStatistics.FailedOpen);
    return FLT_POSTOP_FINISHED_PROCESSING;
  }
  ScannerRemember(FltObjects, infected, generation);

decided:
  if (infected) {
    InterlockedIncrement(&ScannerStatistics.Denied);
    FltCancelFileOpen(FltObjects->Instance, FltObjects->FileObject);
    Data->IoStatus.Status = STATUS_ACCESS_DENIED;
    Data->IoStatus.Information = 0;
  }
  return FLT_POSTOP_FINISHED_PROCESSING;
}

/* ---------------------------------------------------------------------------
 * Writes: a stream written since its verdict is judged again at its next
 * open. The pre-operation (PASSIVE_LEVEL) takes the stream context and hands
 * it to the post-operation, which may run at DISPATCH_LEVEL, where only
 * interlocked updates and FltReleaseContext of a non-paged context are
 * allowed.
 * ------------------------------------------------------------------------- */

static FLT_PREOP_CALLBACK_STATUS FLTAPI ScannerPreWrite(PFLT_CALLBACK_DATA Data,
                                                        PCFLT_RELATED_OBJECTS FltObjects,
                                                        PVOID* CompletionContext) {
  PSCANNER_STREAM_CONTEXT context = NULL;
  UNREFERENCED_PARAMETER(Data);
  PAGED_CODE();
  *CompletionContext = NULL;
  if (!NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                      (PFLT_CONTEXT*)&context))) {
    return FLT_PREOP_SUCCESS_NO_CALLBACK; /* never judged: nothing to expire */
  }
  *CompletionContext = context;
  return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI ScannerPostWrite(PFLT_CALLBACK_DATA Data,
                                                          PCFLT_RELATED_OBJECTS FltObjects,
                                                          PVOID CompletionContext,
                                                          FLT_POST_OPERATION_FLAGS Flags) {
  PSCANNER_STREAM_CONTEXT context = (PSCANNER_STREAM_CONTEXT)CompletionContext;
  UNREFERENCED_PARAMETER(FltObjects);
  UNREFERENCED_PARAMETER(Flags);
  /* Even when draining: the reference taken in the pre-operation is ours. */
  if (NT_SUCCESS(Data->IoStatus.Status) && Data->IoStatus.Information > 0) {
    InterlockedExchange(&context->Modified, 1);
  }
  FltReleaseContext(context);
  return FLT_POSTOP_FINISHED_PROCESSING;
}
