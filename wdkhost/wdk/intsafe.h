/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: wdkhost/wdk/intsafe.h
 * -----------------------------------------------------------------------------
 *
 * <ntintsafe.h> (host surface): overflow-checked integer arithmetic and
 * conversions for the kernel's unsigned and signed types. Each returns
 * STATUS_SUCCESS with the result, or STATUS_INTEGER_OVERFLOW with the
 * type's _ERROR value in *Result (as ntintsafe does). Header-only, on the
 * compiler's overflow builtins. C and C++. */

#ifndef WDKHOST_WDK_INTSAFE_H_
#define WDKHOST_WDK_INTSAFE_H_

#include "poolsim/wdk/ntdef.h"
#include "wdkhost/wdk/ntstatus.h"

#define USHORT_ERROR ((USHORT)0xffff)
#define ULONG_ERROR 0xffffffffUL
#define ULONGLONG_ERROR 0xffffffffffffffffULL
#define SIZET_ERROR ((SIZE_T)-1)
#define ULONG_PTR_ERROR ((ULONG_PTR)-1)
#define LONG_ERROR (-1L)
#define LONGLONG_ERROR (-1LL)
#define INT_ERROR (-1)

/* One checked operation: `op` is add, sub or mul; the result type is T. */
#define WDKHOST_INTSAFE_OP(name, T, op, error)                          \
  static inline NTSTATUS name(T Augend, T Addend, T* Result) {          \
    T value;                                                            \
    if (__builtin_##op##_overflow(Augend, Addend, &value)) {            \
      *Result = (T)(error);                                             \
      return STATUS_INTEGER_OVERFLOW;                                   \
    }                                                                   \
    *Result = value;                                                    \
    return STATUS_SUCCESS;                                              \
  }
/* One checked conversion from S to T. */
#define WDKHOST_INTSAFE_CONVERT(name, S, T, error)                      \
  static inline NTSTATUS name(S Operand, T* Result) {                   \
    T value;                                                            \
    if (__builtin_add_overflow(Operand, 0, &value)) {                   \
      *Result = (T)(error);                                             \
      return STATUS_INTEGER_OVERFLOW;                                   \
    }                                                                   \
    *Result = value;                                                    \
    return STATUS_SUCCESS;                                              \
  }

WDKHOST_INTSAFE_OP(RtlUShortAdd, USHORT, add, USHORT_ERROR)
WDKHOST_INTSAFE_OP(RtlULongAdd, ULONG, add, ULONG_ERROR)
WDKHOST_INTSAFE_OP(RtlULongLongAdd, ULONGLONG, add, ULONGLONG_ERROR)
WDKHOST_INTSAFE_OP(RtlSizeTAdd, SIZE_T, add, SIZET_ERROR)
WDKHOST_INTSAFE_OP(RtlULongPtrAdd, ULONG_PTR, add, ULONG_PTR_ERROR)
WDKHOST_INTSAFE_OP(RtlLongAdd, LONG, add, LONG_ERROR)
WDKHOST_INTSAFE_OP(RtlLongLongAdd, LONGLONG, add, LONGLONG_ERROR)
WDKHOST_INTSAFE_OP(RtlUShortSub, USHORT, sub, USHORT_ERROR)
WDKHOST_INTSAFE_OP(RtlULongSub, ULONG, sub, ULONG_ERROR)
WDKHOST_INTSAFE_OP(RtlULongLongSub, ULONGLONG, sub, ULONGLONG_ERROR)
WDKHOST_INTSAFE_OP(RtlSizeTSub, SIZE_T, sub, SIZET_ERROR)
WDKHOST_INTSAFE_OP(RtlLongSub, LONG, sub, LONG_ERROR)
WDKHOST_INTSAFE_OP(RtlUShortMult, USHORT, mul, USHORT_ERROR)
WDKHOST_INTSAFE_OP(RtlULongMult, ULONG, mul, ULONG_ERROR)
WDKHOST_INTSAFE_OP(RtlULongLongMult, ULONGLONG, mul, ULONGLONG_ERROR)
WDKHOST_INTSAFE_OP(RtlSizeTMult, SIZE_T, mul, SIZET_ERROR)
WDKHOST_INTSAFE_OP(RtlLongMult, LONG, mul, LONG_ERROR)

WDKHOST_INTSAFE_CONVERT(RtlULongToUShort, ULONG, USHORT, USHORT_ERROR)
WDKHOST_INTSAFE_CONVERT(RtlULongToLong, ULONG, LONG, LONG_ERROR)
WDKHOST_INTSAFE_CONVERT(RtlLongToULong, LONG, ULONG, ULONG_ERROR)
WDKHOST_INTSAFE_CONVERT(RtlLongToUShort, LONG, USHORT, USHORT_ERROR)
WDKHOST_INTSAFE_CONVERT(RtlULongLongToULong, ULONGLONG, ULONG, ULONG_ERROR)
WDKHOST_INTSAFE_CONVERT(RtlULongLongToLong, ULONGLONG, LONG, LONG_ERROR)
WDKHOST_INTSAFE_CONVERT(RtlLongLongToULong, LONGLONG, ULONG, ULONG_ERROR)
WDKHOST_INTSAFE_CONVERT(RtlSizeTToULong, SIZE_T, ULONG, ULONG_ERROR)
WDKHOST_INTSAFE_CONVERT(RtlSizeTToUShort, SIZE_T, USHORT, USHORT_ERROR)
WDKHOST_INTSAFE_CONVERT(RtlULongPtrToULong, ULONG_PTR, ULONG, ULONG_ERROR)

#endif /* WDKHOST_WDK_INTSAFE_H_ */
