/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: wdkhost/wdk/basetsd.h
 * -----------------------------------------------------------------------------
 *
 * The fixed-width types of <basetsd.h> drivers also use (host surface):
 * INT8 ... UINT64, LONG32 / ULONG32, DWORD_PTR, and MSVC's __int8 ...
 * __int64 keywords, with the Windows (LLP64) sizes. The LLP64 base types
 * (ULONG, LONG_PTR, ...) are in poolsim/wdk/ntdef.h. C and C++. */

#ifndef WDKHOST_WDK_BASETSD_H_
#define WDKHOST_WDK_BASETSD_H_

#include "poolsim/wdk/ntdef.h"

typedef int8_t INT8, *PINT8;
typedef int16_t INT16, *PINT16;
typedef int32_t INT32, *PINT32;
typedef int64_t INT64, *PINT64;
typedef uint8_t UINT8, *PUINT8;
typedef uint16_t UINT16, *PUINT16;
typedef uint32_t UINT32, *PUINT32;
typedef uint64_t UINT64, *PUINT64;
typedef int32_t LONG32, *PLONG32;
typedef uint32_t ULONG32, *PULONG32, DWORD32, *PDWORD32;
typedef ULONG_PTR DWORD_PTR, *PDWORD_PTR;
typedef ULONG_PTR SIZE_T_PTR;

/* MSVC's sized integer keywords (`unsigned __int64` keeps working). */
#ifndef __int8
#define __int8 char
#endif
#ifndef __int16
#define __int16 short
#endif
#ifndef __int32
#define __int32 int
#endif
#ifndef __int64
#define __int64 long long
#endif

#endif /* WDKHOST_WDK_BASETSD_H_ */
