/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: ob/wdk/kernel_misc.h
 * -----------------------------------------------------------------------------
 *
 * Kernel services filters call that belong to no other layer (host surface):
 * ExUuidCreate, IoGetStackLimits, FsRtlIsNtstatusExpected, and the absolute
 * security descriptor a driver builds for a communication port
 * (RtlCreateSecurityDescriptor, RtlSetDaclSecurityDescriptor). Reached
 * through <wdm.h>, <ntddk.h>, <ntifs.h> and <fltKernel.h>. C and C++. */

#ifndef OB_WDK_KERNEL_MISC_H_
#define OB_WDK_KERNEL_MISC_H_

#include "poolsim/wdk/ntdef.h"
#include "wdkhost/wdk/guid.h"
#include "wdkhost/wdk/objects.h"

POOLSIM_BEGIN_EXTERN_C

#ifndef STATUS_UNKNOWN_REVISION
#define STATUS_UNKNOWN_REVISION ((NTSTATUS)0xC0000058L)
#endif
#ifndef STATUS_INVALID_SECURITY_DESCR
#define STATUS_INVALID_SECURITY_DESCR ((NTSTATUS)0xC0000079L)
#endif
#ifndef STATUS_DATATYPE_MISALIGNMENT
#define STATUS_DATATYPE_MISALIGNMENT ((NTSTATUS)0x80000002L)
#endif
#ifndef STATUS_ILLEGAL_INSTRUCTION
#define STATUS_ILLEGAL_INSTRUCTION ((NTSTATUS)0xC000001DL)
#endif
#ifndef STATUS_INSTRUCTION_MISALIGNMENT
#define STATUS_INSTRUCTION_MISALIGNMENT ((NTSTATUS)0xC00000AAL)
#endif
#ifndef STATUS_ACCESS_VIOLATION
#define STATUS_ACCESS_VIOLATION ((NTSTATUS)0xC0000005L)
#endif

/* Fills *Uuid with a new random (version 4) UUID. STATUS_SUCCESS.
 * PASSIVE_LEVEL (0xA above). A NULL Uuid is the access violation Windows
 * takes (0x1E). */
NTSTATUS NTAPI ExUuidCreate(UUID* Uuid);

/* The calling thread's stack: *LowLimit its lowest address, *HighLimit one
 * past its highest (the host thread's stack). Any IRQL. NULL arguments are
 * 0x1E (0xD1 at DISPATCH_LEVEL or above). */
VOID NTAPI IoGetStackLimits(PULONG_PTR LowLimit, PULONG_PTR HighLimit);

/* TRUE if Exception is a status a file system's exception filter may handle;
 * FALSE for the fatal ones (STATUS_DATATYPE_MISALIGNMENT,
 * STATUS_ACCESS_VIOLATION, STATUS_ILLEGAL_INSTRUCTION,
 * STATUS_INSTRUCTION_MISALIGNMENT). Any IRQL. */
BOOLEAN NTAPI FsRtlIsNtstatusExpected(NTSTATUS Exception);

/* The absolute-format security descriptor (x64 layout). */
typedef USHORT SECURITY_DESCRIPTOR_CONTROL, *PSECURITY_DESCRIPTOR_CONTROL;
#define SECURITY_DESCRIPTOR_REVISION 1
#define SECURITY_DESCRIPTOR_MIN_LENGTH 40
#define SE_OWNER_DEFAULTED 0x0001
#define SE_GROUP_DEFAULTED 0x0002
#define SE_DACL_PRESENT 0x0004
#define SE_DACL_DEFAULTED 0x0008
#define SE_SACL_PRESENT 0x0010
#define SE_SACL_DEFAULTED 0x0020
#define SE_SELF_RELATIVE 0x8000
typedef struct _SECURITY_DESCRIPTOR {
  UCHAR Revision;
  UCHAR Sbz1;
  SECURITY_DESCRIPTOR_CONTROL Control;
  PSID Owner;
  PSID Group;
  PACL Sacl;
  PACL Dacl;
} SECURITY_DESCRIPTOR, *PISECURITY_DESCRIPTOR;

/* Initializes an absolute security descriptor: no owner, group or ACLs, all
 * control flags clear. STATUS_SUCCESS; STATUS_UNKNOWN_REVISION (Revision not
 * SECURITY_DESCRIPTOR_REVISION; nothing written). PASSIVE_LEVEL. A NULL
 * SecurityDescriptor is 0x1E. */
NTSTATUS NTAPI RtlCreateSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor,
                                           ULONG Revision);

/* Sets (or with DaclPresent FALSE clears) the DACL of an absolute security
 * descriptor; Dacl is referenced, not copied. STATUS_SUCCESS;
 * STATUS_UNKNOWN_REVISION; STATUS_INVALID_SECURITY_DESCR (a self-relative
 * descriptor). PASSIVE_LEVEL. A NULL SecurityDescriptor is 0x1E. */
NTSTATUS NTAPI RtlSetDaclSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor,
                                            BOOLEAN DaclPresent, PACL Dacl,
                                            BOOLEAN DaclDefaulted);

POOLSIM_END_EXTERN_C

#endif /* OB_WDK_KERNEL_MISC_H_ */
