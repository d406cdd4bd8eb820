/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: fltctx/wdk/ecp.h
 * -----------------------------------------------------------------------------
 *
 * The WDK-named extra-create-parameter surface (compat layer): ECP lists,
 * ECP contexts, their lookup and acknowledgement, and the ECP list of a
 * create's callback data. The types, flags and system ECP GUIDs are in
 * wdkhost/wdk/ecp.h. C11 and C++; reached through <fltKernel.h>.
 *
 * Every function is IRQL <= APC_LEVEL: above it raises fltctx.ecp.irql; a
 * pointer that is not a live ECP list or context raises fltctx.ecp.not_an_ecp;
 * a NULL pointer the routine reads or writes the access violation
 * (docs/bugchecks.md). The rules: docs/ports-and-ecps.md. */

#ifndef FLTCTX_WDK_ECP_H_
#define FLTCTX_WDK_ECP_H_

#include "fltctx/wdk/fltkernel.h"
#include "wdkhost/wdk/ecp.h"

POOLSIM_BEGIN_EXTERN_C

/* STATUS_SUCCESS, STATUS_INSUFFICIENT_RESOURCES, STATUS_INVALID_PARAMETER
 * (NULL Filter, undefined Flags). */
NTSTATUS FLTAPI FltAllocateExtraCreateParameterList(PFLT_FILTER Filter,
                                                    FSRTL_ALLOCATE_ECPLIST_FLAGS Flags,
                                                    PECP_LIST* EcpList);
/* Frees the list and every ECP in it, running their cleanup callbacks. */
VOID FLTAPI FltFreeExtraCreateParameterList(PFLT_FILTER Filter, PECP_LIST EcpList);
/* A zeroed context of SizeOfContext bytes, type *EcpType, from paged pool
 * (nonpaged with FSRTL_ALLOCATE_ECP_FLAG_NONPAGED_POOL) with PoolTag.
 * STATUS_SUCCESS, STATUS_INSUFFICIENT_RESOURCES, STATUS_INVALID_PARAMETER
 * (NULL Filter, size 0, undefined Flags, tag 0). */
NTSTATUS FLTAPI FltAllocateExtraCreateParameter(
    PFLT_FILTER Filter, LPCGUID EcpType, ULONG SizeOfContext, FSRTL_ALLOCATE_ECP_FLAGS Flags,
    PFSRTL_EXTRA_CREATE_PARAMETER_CLEANUP_CALLBACK CleanupCallback, ULONG PoolTag,
    PVOID* EcpContext);
/* Frees an ECP that is in no list (its cleanup callback first); one still in
 * a list is the list corruption Windows fails on (0x139/3). */
VOID FLTAPI FltFreeExtraCreateParameter(PFLT_FILTER Filter, PVOID EcpContext);
/* STATUS_SUCCESS; STATUS_INVALID_PARAMETER (an ECP of the same type is in the
 * list, or this ECP is in a list already). */
NTSTATUS FLTAPI FltInsertExtraCreateParameter(PFLT_FILTER Filter, PECP_LIST EcpList,
                                              PVOID EcpContext);
/* STATUS_SUCCESS (the caller then owns the ECP), STATUS_NOT_FOUND. */
NTSTATUS FLTAPI FltRemoveExtraCreateParameter(PFLT_FILTER Filter, PECP_LIST EcpList,
                                              LPCGUID EcpType, PVOID* EcpContext,
                                              ULONG* EcpContextSize);
/* STATUS_SUCCESS, STATUS_NOT_FOUND. EcpContext and EcpContextSize optional. */
NTSTATUS FLTAPI FltFindExtraCreateParameter(PFLT_FILTER Filter, PECP_LIST EcpList,
                                            LPCGUID EcpType, PVOID* EcpContext,
                                            ULONG* EcpContextSize);
/* The ECP after CurrentEcpContext (NULL: the first), in insertion order.
 * STATUS_SUCCESS, STATUS_NOT_FOUND (no more), STATUS_INVALID_PARAMETER
 * (CurrentEcpContext is not in this list). Outputs optional. */
NTSTATUS FLTAPI FltGetNextExtraCreateParameter(PFLT_FILTER Filter, PECP_LIST EcpList,
                                               PVOID CurrentEcpContext, LPGUID NextEcpType,
                                               PVOID* NextEcpContext,
                                               PULONG NextEcpContextSize);
VOID FLTAPI FltAcknowledgeEcp(PFLT_FILTER Filter, PVOID EcpContext);
BOOLEAN FLTAPI FltIsEcpAcknowledged(PFLT_FILTER Filter, PVOID EcpContext);
BOOLEAN FLTAPI FltIsEcpFromUserMode(PFLT_FILTER Filter, PVOID EcpContext);
/* STATUS_SUCCESS (*EcpList NULL when the create carries none),
 * STATUS_INVALID_PARAMETER (not an IRP-based create). */
NTSTATUS FLTAPI FltGetEcpListFromCallbackData(PFLT_FILTER Filter,
                                              PFLT_CALLBACK_DATA CallbackData,
                                              PECP_LIST* EcpList);
/* STATUS_SUCCESS, STATUS_INVALID_PARAMETER_2 (not an IRP-based create),
 * STATUS_INVALID_PARAMETER_3 (the create already carries a list). */
NTSTATUS FLTAPI FltSetEcpListIntoCallbackData(PFLT_FILTER Filter,
                                              PFLT_CALLBACK_DATA CallbackData,
                                              PECP_LIST EcpList);

POOLSIM_END_EXTERN_C

#endif /* FLTCTX_WDK_ECP_H_ */
