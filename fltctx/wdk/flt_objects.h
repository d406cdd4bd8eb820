/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: fltctx/wdk/flt_objects.h
 * -----------------------------------------------------------------------------
 *
 * The filter manager's object queries (host surface): the requesting process
 * of an operation (FltGetRequestorProcess*) and FltGetRoutineAddress. C and C++; reached through
 * <fltKernel.h> and <ntifs.h>. The process an operation comes from is the one
 * the issuing host thread acts for (ob/processes.h: ob::ScopedProcess). */

#ifndef FLTCTX_WDK_FLT_OBJECTS_H_
#define FLTCTX_WDK_FLT_OBJECTS_H_

#include "fltctx/wdk/fltkernel.h"
#include "ob/wdk/ob.h"
#include "wdkhost/wdk/flt_types.h"

POOLSIM_BEGIN_EXTERN_C

/* The ID of the process that issued the operation CallbackData describes (the
 * process of CallbackData->Thread); 0 when the operation has no thread or
 * Thread is not a thread object. Any IRQL. A NULL CallbackData is the access
 * violation Windows takes (0x1E below DISPATCH_LEVEL, 0xD1 at or above). */
ULONG FLTAPI FltGetRequestorProcessId(PFLT_CALLBACK_DATA CallbackData);

/* The same, as a HANDLE (Windows 7 and later). */
HANDLE FLTAPI FltGetRequestorProcessIdEx(PFLT_CALLBACK_DATA CallbackData);

/* The process object that issued the operation (no reference taken), or NULL
 * as FltGetRequestorProcessId returns 0. */
PEPROCESS FLTAPI FltGetRequestorProcess(PFLT_CALLBACK_DATA CallbackData);

/* ---------------------------------------------------------------------------
 * References and enumeration. Every object these return carries a reference
 * the caller releases with FltObjectDereference; one never released is in
 * the leak report with the stack that took it. IRQL <= APC_LEVEL (0xA
 * above). A NULL out-pointer is the access violation Windows takes (0x1E); a
 * PFLT_FILTER, PFLT_VOLUME or PFLT_INSTANCE that is not live is the filter
 * manager's bad-object report.
 * ------------------------------------------------------------------------- */

/* Adds a reference to a filter, volume or instance. STATUS_SUCCESS;
 * STATUS_FLT_DELETING_OBJECT (unloading, dismounted or tearing down; no
 * reference taken). */
NTSTATUS FLTAPI FltObjectReference(PVOID FltObject);

/* Drops a reference FltObjectReference or an enumeration took. A dereference
 * without a reference is REFERENCE_BY_POINTER (0x18). */
VOID FLTAPI FltObjectDereference(PVOID FltObject);

/* Fill the list with referenced objects. *Number... receives how many there
 * are; STATUS_BUFFER_TOO_SMALL (nothing referenced) when the list holds fewer
 * (a NULL list with size 0 asks for the count). Instances come highest
 * altitude first; Volume and Filter of FltEnumerateInstances are optional
 * filters of the result. */
NTSTATUS FLTAPI FltEnumerateFilters(PFLT_FILTER* FilterList, ULONG FilterListSize,
                                    PULONG NumberFiltersReturned);
NTSTATUS FLTAPI FltEnumerateVolumes(PFLT_FILTER Filter, PFLT_VOLUME* VolumeList,
                                    ULONG VolumeListSize, PULONG NumberVolumesReturned);
NTSTATUS FLTAPI FltEnumerateInstances(PFLT_VOLUME Volume, PFLT_FILTER Filter,
                                      PFLT_INSTANCE* InstanceList, ULONG InstanceListSize,
                                      PULONG NumberInstancesReturned);

/* Referenced lookups. STATUS_SUCCESS; STATUS_FLT_DELETING_OBJECT;
 * FltGetVolumeFromName: STATUS_FLT_VOLUME_NOT_FOUND (no volume of that
 * device name), STATUS_INVALID_PARAMETER (a malformed name);
 * FltGetVolumeFromFileObject: STATUS_INVALID_PARAMETER (a file object that
 * is not open); FltGetVolumeInstanceFromName: STATUS_FLT_INSTANCE_NOT_FOUND
 * (InstanceName NULL: the filter's highest instance on the volume). */
NTSTATUS FLTAPI FltGetVolumeFromInstance(PFLT_INSTANCE Instance, PFLT_VOLUME* RetVolume);
NTSTATUS FLTAPI FltGetFilterFromInstance(PFLT_INSTANCE Instance, PFLT_FILTER* RetFilter);
NTSTATUS FLTAPI FltGetVolumeFromFileObject(PFLT_FILTER Filter, PFILE_OBJECT FileObject,
                                           PFLT_VOLUME* RetVolume);
NTSTATUS FLTAPI FltGetVolumeFromName(PFLT_FILTER Filter, PCUNICODE_STRING VolumeName,
                                     PFLT_VOLUME* RetVolume);
NTSTATUS FLTAPI FltGetVolumeInstanceFromName(PFLT_FILTER Filter, PFLT_VOLUME Volume,
                                             PCUNICODE_STRING InstanceName,
                                             PFLT_INSTANCE* RetInstance);

/* Attaches an instance of Filter to Volume (its InstanceSetupCallback runs
 * with FLTFL_INSTANCE_SETUP_MANUAL_ATTACHMENT) named InstanceName (NULL: the
 * filter's default, "<FilterName> Instance"), at the altitude the registry
 * gives (Services\<FilterName>\Instances\<InstanceName>\Altitude, else "0").
 * *RetInstance (optional) receives it referenced. STATUS_SUCCESS;
 * STATUS_FLT_INSTANCE_NAME_COLLISION; STATUS_FLT_DO_NOT_ATTACH (the setup
 * callback refused, or the filter is not started); STATUS_FLT_DELETING_OBJECT. */
NTSTATUS FLTAPI FltAttachVolume(PFLT_FILTER Filter, PFLT_VOLUME Volume,
                                PCUNICODE_STRING InstanceName, PFLT_INSTANCE* RetInstance);

/* Detaches the instance named InstanceName (NULL: the default name) of
 * Filter from Volume (teardown with FLTFL_INSTANCE_TEARDOWN_MANUAL).
 * STATUS_SUCCESS; STATUS_FLT_INSTANCE_NOT_FOUND. */
NTSTATUS FLTAPI FltDetachVolume(PFLT_FILTER Filter, PFLT_VOLUME Volume,
                                PCUNICODE_STRING InstanceName);

/* The instance's name (basic), and its altitude (partial), volume and filter
 * names (full) as INSTANCE_*_INFORMATION followed by the strings.
 * STATUS_SUCCESS; STATUS_BUFFER_TOO_SMALL (*BytesReturned: the size needed);
 * STATUS_INVALID_PARAMETER (InstanceAggregateStandardInformation and
 * undefined classes). */
NTSTATUS FLTAPI FltGetInstanceInformation(PFLT_INSTANCE Instance,
                                          INSTANCE_INFORMATION_CLASS InformationClass,
                                          PVOID Buffer, ULONG BufferSize, PULONG BytesReturned);

/* The address of the filter-manager routine FltMgrRoutineName names (the
 * fltmgr.sys exports the host provides), or NULL. PASSIVE_LEVEL. A NULL name
 * is the access violation Windows takes (0x1E). Defined with
 * MmGetSystemRoutineAddress (ob/wdk/system_routines.cc). */
PVOID FLTAPI FltGetRoutineAddress(PCSTR FltMgrRoutineName);

POOLSIM_END_EXTERN_C

#endif /* FLTCTX_WDK_FLT_OBJECTS_H_ */
