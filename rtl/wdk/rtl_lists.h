/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: rtl/wdk/rtl_lists.h
 * -----------------------------------------------------------------------------
 *
 * The WDK's doubly linked (LIST_ENTRY) and singly linked (SINGLE_LIST_ENTRY)
 * list helpers, and the ExInterlocked*List forms that take a spin lock.
 * C11 and C++.
 *
 * In the WDK these are FORCEINLINE functions; here they are ordinary
 * functions, so that the kernel's list-integrity check can report through
 * the bug-check catalogue with the driver's stack: an insertion or removal
 * that finds a neighbour whose back link does not point where it must (a
 * double remove, an entry never inserted, a list head never initialized,
 * memory overwritten) bug-checks 0x139 KERNEL_SECURITY_CHECK_FAILURE with
 * parameter 1 = 3 (LIST_ENTRY corruption) and leaves the list untouched. A
 * NULL link the routine would follow is the access violation of
 * poolsim/pointer_check.h. Any IRQL (for resident lists), as on Windows. */

#ifndef RTL_WDK_RTL_LISTS_H_
#define RTL_WDK_RTL_LISTS_H_

#include "poolsim/wdk/wdm.h"

POOLSIM_BEGIN_EXTERN_C

VOID NTAPI InitializeListHead(PLIST_ENTRY ListHead);
/* TRUE if the list holds no entry (ListHead->Flink == ListHead). */
BOOLEAN NTAPI IsListEmpty(const LIST_ENTRY* ListHead);
VOID NTAPI InsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry);
VOID NTAPI InsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry);
/* Return the entry removed, or ListHead itself when the list is empty. */
PLIST_ENTRY NTAPI RemoveHeadList(PLIST_ENTRY ListHead);
PLIST_ENTRY NTAPI RemoveTailList(PLIST_ENTRY ListHead);
/* Returns TRUE if the list is empty afterwards. */
BOOLEAN NTAPI RemoveEntryList(PLIST_ENTRY Entry);
/* Appends the circular list that starts at ListToAppend (its first entry, not
 * a separate head) to the tail of ListHead. */
VOID NTAPI AppendTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListToAppend);

VOID NTAPI PushEntryList(PSINGLE_LIST_ENTRY ListHead, PSINGLE_LIST_ENTRY Entry);
/* Returns the entry removed, or NULL when the list is empty. */
PSINGLE_LIST_ENTRY NTAPI PopEntryList(PSINGLE_LIST_ENTRY ListHead);

/* The same operations under Lock, a KSPIN_LOCK initialized with
 * KeInitializeSpinLock that the driver uses for no other purpose. Callable
 * at any IRQL; they return the entry removed or, for the insertions, the
 * entry that was first before the call, or NULL when the list was empty. */
NTKERNELAPI PLIST_ENTRY NTAPI ExInterlockedInsertHeadList(PLIST_ENTRY ListHead,
                                                          PLIST_ENTRY ListEntry,
                                                          PKSPIN_LOCK Lock);
NTKERNELAPI PLIST_ENTRY NTAPI ExInterlockedInsertTailList(PLIST_ENTRY ListHead,
                                                          PLIST_ENTRY ListEntry,
                                                          PKSPIN_LOCK Lock);
NTKERNELAPI PLIST_ENTRY NTAPI ExInterlockedRemoveHeadList(PLIST_ENTRY ListHead,
                                                          PKSPIN_LOCK Lock);
NTKERNELAPI PSINGLE_LIST_ENTRY NTAPI ExInterlockedPushEntryList(PSINGLE_LIST_ENTRY ListHead,
                                                                PSINGLE_LIST_ENTRY ListEntry,
                                                                PKSPIN_LOCK Lock);
NTKERNELAPI PSINGLE_LIST_ENTRY NTAPI ExInterlockedPopEntryList(PSINGLE_LIST_ENTRY ListHead,
                                                               PKSPIN_LOCK Lock);

POOLSIM_END_EXTERN_C

#endif /* RTL_WDK_RTL_LISTS_H_ */
