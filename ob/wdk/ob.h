/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: ob/wdk/ob.h
 * -----------------------------------------------------------------------------
 *
 * The WDK-named object-manager surface (object-manager layer): object
 * references (ObReferenceObject, ObDereferenceObject, ObReferenceObjectByHandle,
 * ObOpenObjectByPointer), handles (ZwClose, NtClose), the current process and
 * thread (PsGetCurrent*, IoGetCurrentProcess, ZwOpenProcess) and the exported
 * object types. Reached through <wdm.h>, <ntddk.h>, <ntifs.h> and
 * <fltKernel.h>. C and C++. The test side that names a thread's process is
 * ob/processes.h; what each call checks is in docs/objects-and-registry.md. */

#ifndef OB_WDK_OB_H_
#define OB_WDK_OB_H_

#include "poolsim/wdk/ntdef.h"
#include "poolsim/wdk/wdm.h"
#include "wdkhost/wdk/file_access.h"
#include "wdkhost/wdk/objects.h"

POOLSIM_BEGIN_EXTERN_C

#ifndef STATUS_INVALID_CID
#define STATUS_INVALID_CID ((NTSTATUS)0xC000000BL)
#endif
#ifndef STATUS_INVALID_PARAMETER_MIX
#define STATUS_INVALID_PARAMETER_MIX ((NTSTATUS)0xC0000030L)
#endif
#ifndef STATUS_HANDLE_NOT_CLOSABLE
#define STATUS_HANDLE_NOT_CLOSABLE ((NTSTATUS)0xC0000235L)
#endif

/* Pseudo-handles: the calling process and thread. */
#define NtCurrentProcess() ((HANDLE)(LONG_PTR)-1)
#define ZwCurrentProcess() NtCurrentProcess()
#define NtCurrentThread() ((HANDLE)(LONG_PTR)-2)
#define ZwCurrentThread() NtCurrentThread()

/* Process access rights. */
#define PROCESS_TERMINATE 0x0001
#define PROCESS_CREATE_THREAD 0x0002
#define PROCESS_VM_OPERATION 0x0008
#define PROCESS_VM_READ 0x0010
#define PROCESS_VM_WRITE 0x0020
#define PROCESS_DUP_HANDLE 0x0040
#define PROCESS_CREATE_PROCESS 0x0080
#define PROCESS_SET_QUOTA 0x0100
#define PROCESS_SET_INFORMATION 0x0200
#define PROCESS_QUERY_INFORMATION 0x0400
#define PROCESS_SUSPEND_RESUME 0x0800
#define PROCESS_QUERY_LIMITED_INFORMATION 0x1000
#define PROCESS_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xFFFF)

/* The object types a driver passes to ObReferenceObjectByHandle. Each is a
 * pointer to the type, as Windows exports it. (*CmKeyObjectType: registry/wdk.) */
extern POBJECT_TYPE* PsProcessType;
extern POBJECT_TYPE* PsThreadType;
extern POBJECT_TYPE* IoFileObjectType;
extern POBJECT_TYPE* TmTransactionObjectType;

/* ---------------------------------------------------------------------------
 * Object references.
 * ------------------------------------------------------------------------- */

/* Adds a reference to Object (recorded with the caller's stack; reported as a
 * leak until released) and returns the new pointer count. IRQL <=
 * DISPATCH_LEVEL. A NULL Object is the access violation Windows takes (0x1E);
 * an address that is not a live object is REFERENCE_BY_POINTER (0x18, P1 = 0)
 * and returns 0. */
LONG_PTR FASTCALL ObfReferenceObject(PVOID Object);

/* Drops a reference the driver took and returns the new pointer count.
 * IRQL <= DISPATCH_LEVEL. A dereference the driver holds no reference for is
 * REFERENCE_BY_POINTER (0x18, P1 = the type, P2 = the object); NULL and
 * non-objects as ObfReferenceObject. */
LONG_PTR FASTCALL ObfDereferenceObject(PVOID Object);

#define ObReferenceObject(Object) ObfReferenceObject(Object)
#define ObDereferenceObject(Object) ObfDereferenceObject(Object)
#define ObDereferenceObjectDeferDelete(Object) ObfDereferenceObject(Object)

/* Returns in *Object the object Handle refers to, with a reference the driver
 * releases with ObDereferenceObject. Handle may be NtCurrentProcess() or
 * NtCurrentThread(). STATUS_SUCCESS; STATUS_INVALID_HANDLE (not open for the
 * caller, or a kernel handle with UserMode); STATUS_OBJECT_TYPE_MISMATCH
 * (ObjectType given and different); STATUS_ACCESS_DENIED (UserMode and
 * DesiredAccess not granted); STATUS_INVALID_PARAMETER (AccessMode neither
 * KernelMode nor UserMode). PASSIVE_LEVEL (0xA above). A NULL Object is 0x1E.
 * HandleInformation, when not NULL, receives the granted access. */
NTSTATUS NTAPI ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess,
                                         POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                         PVOID* Object,
                                         POBJECT_HANDLE_INFORMATION HandleInformation);
#define ObReferenceObjectByHandleWithTag(Handle, Access, Type, Mode, Tag, Object, Info) \
  ObReferenceObjectByHandle((Handle), (Access), (Type), (Mode), (Object), (Info))

/* Opens a handle to Object (a kernel handle with OBJ_KERNEL_HANDLE in
 * HandleAttributes). STATUS_SUCCESS; STATUS_OBJECT_TYPE_MISMATCH;
 * STATUS_INVALID_PARAMETER (attributes outside OBJ_VALID_ATTRIBUTES, or an
 * AccessMode that is neither mode); STATUS_INSUFFICIENT_RESOURCES (the fault
 * injector). PASSIVE_LEVEL. NULL Object or Handle is 0x1E; a non-object 0x18.
 * PassedAccessState is ignored (no security is simulated). */
NTSTATUS NTAPI ObOpenObjectByPointer(PVOID Object, ULONG HandleAttributes,
                                     PACCESS_STATE PassedAccessState, ACCESS_MASK DesiredAccess,
                                     POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                     PHANDLE Handle);

/* ---------------------------------------------------------------------------
 * Handles.
 * ------------------------------------------------------------------------- */

/* Closes Handle. STATUS_SUCCESS; STATUS_INVALID_HANDLE for a value that is
 * not an open handle of the caller. A kernel handle that is not open (closed
 * twice) is INVALID_KERNEL_HANDLE (0x93, P1 = the handle, P2 = 1), as Windows
 * raises for kernel-mode callers. PASSIVE_LEVEL (0xA above). */
NTSYSAPI NTSTATUS NTAPI ZwClose(HANDLE Handle);
NTSYSAPI NTSTATUS NTAPI NtClose(HANDLE Handle);

/* ---------------------------------------------------------------------------
 * Processes and threads.
 * ------------------------------------------------------------------------- */

/* The calling thread's process and thread IDs, and objects (no reference
 * taken). Any IRQL. */
HANDLE NTAPI PsGetCurrentProcessId(void);
HANDLE NTAPI PsGetCurrentThreadId(void);
PEPROCESS NTAPI IoGetCurrentProcess(void);
#define PsGetCurrentProcess IoGetCurrentProcess
PETHREAD NTAPI PsGetCurrentThread(void);
PKTHREAD NTAPI KeGetCurrentThread(void);

/* The ID of Process / of Thread / of Thread's process. Any IRQL. A NULL
 * argument is 0x1E; an object that is not a process (thread) returns NULL. */
HANDLE NTAPI PsGetProcessId(PEPROCESS Process);
HANDLE NTAPI PsGetThreadId(PETHREAD Thread);
HANDLE NTAPI PsGetThreadProcessId(PETHREAD Thread);

/* Opens a handle to the process ClientId->UniqueProcess names.
 * STATUS_SUCCESS; STATUS_INVALID_CID (no such process);
 * STATUS_INVALID_PARAMETER_MIX (both ClientId and an object name, or
 * neither); STATUS_INVALID_PARAMETER (a bad Length or attributes);
 * STATUS_INSUFFICIENT_RESOURCES (the fault injector). PASSIVE_LEVEL. NULL
 * ProcessHandle or ObjectAttributes is 0x1E. */
NTSYSAPI NTSTATUS NTAPI ZwOpenProcess(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
                                      POBJECT_ATTRIBUTES ObjectAttributes, PCLIENT_ID ClientId);

POOLSIM_END_EXTERN_C

#endif /* OB_WDK_OB_H_ */
