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

/* Zeroes Length bytes through a volatile pointer, so the compiler cannot drop
 * the stores (the point of the routine: wiping secrets); returns Destination. */
#ifndef RtlSecureZeroMemory
static inline PVOID RtlSecureZeroMemory(PVOID Destination, SIZE_T Length) {
  volatile char* p = (volatile char*)Destination;
  while (Length != 0) {
    *p++ = 0;
    --Length;
  }
  return Destination;
}
#endif
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
