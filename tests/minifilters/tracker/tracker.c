/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * Registration, load and unload of the tracker minifilter. */
#include "tracker.h"

static NTSTATUS FLTAPI TrackerInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects,
                                            FLT_INSTANCE_SETUP_FLAGS Flags,
                                            DEVICE_TYPE VolumeDeviceType,
                                            FLT_FILESYSTEM_TYPE VolumeFilesystemType);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, TrackerUnload)
#pragma alloc_text(PAGE, TrackerInstanceSetup)
#endif

TRACKER_GLOBALS TrackerGlobals;

static NTSTATUS FLTAPI TrackerInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects,
                                            FLT_INSTANCE_SETUP_FLAGS Flags,
                                            DEVICE_TYPE VolumeDeviceType,
                                            FLT_FILESYSTEM_TYPE VolumeFilesystemType) {
  UNREFERENCED_PARAMETER(FltObjects);
  UNREFERENCED_PARAMETER(Flags);
  UNREFERENCED_PARAMETER(VolumeFilesystemType);
  PAGED_CODE();
  /* Disk volumes only. */
  if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) return STATUS_FLT_DO_NOT_ATTACH;
  return STATUS_SUCCESS;
}

static const FLT_CONTEXT_REGISTRATION Contexts[] = {
    {FLT_STREAM_CONTEXT, 0, TrackerStreamContextCleanup, sizeof(TRACKER_STREAM_CONTEXT),
     TRACKER_TAG_CONTEXT},
    {FLT_CONTEXT_END}};

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    {IRP_MJ_CREATE, 0, TrackerPreCreate, TrackerPostCreate},
    {IRP_MJ_WRITE, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, TrackerPreWrite,
     TrackerPostWrite},
    {IRP_MJ_SET_INFORMATION, 0, TrackerPreSetInformation, TrackerPostSetInformation},
    {IRP_MJ_OPERATION_END}};

static const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                    /* Flags */
    Contexts,
    Callbacks,
    TrackerUnload,
    TrackerInstanceSetup,
    NULL,                 /* InstanceQueryTeardown */
    NULL,                 /* InstanceTeardownStart */
    NULL,                 /* InstanceTeardownComplete */
    NULL, NULL, NULL      /* name provider callbacks */
};

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  NTSTATUS status;
  UNREFERENCED_PARAMETER(RegistryPath);
  PAGED_CODE();

  ExInitializeDriverRuntime(DrvRtPoolNxOptIn);
  TrackerTableInitialize();

  status = FltRegisterFilter(DriverObject, &FilterRegistration, &TrackerGlobals.Filter);
  if (!NT_SUCCESS(status)) {
    TrackerTableDelete();
    return status;
  }
  status = FltStartFiltering(TrackerGlobals.Filter);
  if (!NT_SUCCESS(status)) {
    FltUnregisterFilter(TrackerGlobals.Filter);
    TrackerGlobals.Filter = NULL;
    TrackerTableDelete();
    return status;
  }
  if (TrackerVerbose) DbgPrint("tracker: loaded (%wZ)\n", RegistryPath);
  return STATUS_SUCCESS;
}

NTSTATUS FLTAPI TrackerUnload(FLT_FILTER_UNLOAD_FLAGS Flags) {
  UNREFERENCED_PARAMETER(Flags);
  PAGED_CODE();
  FltUnregisterFilter(TrackerGlobals.Filter);
  TrackerGlobals.Filter = NULL;
  TrackerTableDelete();
  return STATUS_SUCCESS;
}
