/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: rtl/wdk/rtl_memory.h
 * -----------------------------------------------------------------------------
 *
 * The WDK memory helpers. RtlZeroMemory, RtlFillMemory, RtlCopyMemory,
 * RtlMoveMemory, RtlEqualMemory and RtlCompareMemory come from poolsim's
 * <wdm.h> (poolsim/wdk/wdm.h); this header adds RtlSecureZeroMemory and the
 * RtlCopyBytes / RtlZeroBytes / RtlFillBytes spellings. Any IRQL (for
 * resident memory). C11 and C++. */

#ifndef RTL_WDK_RTL_MEMORY_H_
#define RTL_WDK_RTL_MEMORY_H_

#include "poolsim/wdk/wdm.h"

POOLSIM_BEGIN_EXTERN_C

/* Zeroes Length bytes through a volatile pointer, so the compiler cannot drop
 * the stores (the point of the routine: wiping secrets); returns Destination.
 * An ordinary function here (FORCEINLINE in the WDK) so that a NULL
 * Destination with a nonzero Length is the access violation of
 * poolsim/pointer_check.h (0x1E, 0xD1 at DISPATCH_LEVEL) rather than a
 * crash of the test; nothing is written then. */
#ifndef RtlSecureZeroMemory
NTSYSAPI PVOID NTAPI RtlSecureZeroMemory(PVOID Destination, SIZE_T Length);
#endif

POOLSIM_END_EXTERN_C

#ifndef RtlCopyBytes
#define RtlCopyBytes RtlCopyMemory
#endif
#ifndef RtlZeroBytes
#define RtlZeroBytes RtlZeroMemory
#endif
#ifndef RtlFillBytes
#define RtlFillBytes RtlFillMemory
#endif

#endif /* RTL_WDK_RTL_MEMORY_H_ */
