/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: wdkhost/wdk/macros.h
 * -----------------------------------------------------------------------------
 *
 * The WDK's helper macros and build switches (host surface): NTDDI_* and
 * _WIN32_WINNT (settable), pointer arithmetic and alignment (Add2Ptr,
 * ALIGN_UP, IS_ALIGNED, ...), min / max (C only, as the WDK's headers give
 * them), NOTHING, EXTERN_C, DECLSPEC_SELECTANY, POINTER_ALIGNMENT and the
 * MSVC keywords drivers spell (__pragma, __declspec(...) forms). The flag and
 * offset macros (FlagOn, FIELD_OFFSET, CONTAINING_RECORD, ARRAYSIZE, ...) are
 * in poolsim/wdk/ntdef.h. C and C++. */

#ifndef WDKHOST_WDK_MACROS_H_
#define WDKHOST_WDK_MACROS_H_

#include "poolsim/wdk/ntdef.h"

/* ---------------------------------------------------------------------------
 * Target versions. A driver tests NTDDI_VERSION against these; define
 * NTDDI_VERSION (and _WIN32_WINNT) on the command line to pick another target.
 * The default is the newest listed, Windows 11 (NTDDI_WIN10_NI).
 * ------------------------------------------------------------------------- */
#define NTDDI_WIN2K 0x05000000
#define NTDDI_WINXP 0x05010000
#define NTDDI_WINXPSP2 0x05010200
#define NTDDI_WS03 0x05020000
#define NTDDI_WS03SP1 0x05020100
#define NTDDI_VISTA 0x06000000
#define NTDDI_VISTASP1 0x06000100
#define NTDDI_WS08 0x06000100
#define NTDDI_WIN7 0x06010000
#define NTDDI_WIN8 0x06020000
#define NTDDI_WINBLUE 0x06030000
#define NTDDI_WINTHRESHOLD 0x0A000000
#define NTDDI_WIN10 0x0A000000
#define NTDDI_WIN10_TH2 0x0A000001
#define NTDDI_WIN10_RS1 0x0A000002
#define NTDDI_WIN10_RS2 0x0A000003
#define NTDDI_WIN10_RS3 0x0A000004
#define NTDDI_WIN10_RS4 0x0A000005
#define NTDDI_WIN10_RS5 0x0A000006
#define NTDDI_WIN10_19H1 0x0A000007
#define NTDDI_WIN10_VB 0x0A000008
#define NTDDI_WIN10_MN 0x0A000009
#define NTDDI_WIN10_FE 0x0A00000A
#define NTDDI_WIN10_CO 0x0A00000B
#define NTDDI_WIN10_NI 0x0A00000C

#define _WIN32_WINNT_WIN2K 0x0500
#define _WIN32_WINNT_WINXP 0x0501
#define _WIN32_WINNT_WS03 0x0502
#define _WIN32_WINNT_VISTA 0x0600
#define _WIN32_WINNT_WS08 0x0600
#define _WIN32_WINNT_WIN7 0x0601
#define _WIN32_WINNT_WIN8 0x0602
#define _WIN32_WINNT_WINBLUE 0x0603
#define _WIN32_WINNT_WIN10 0x0A00

#ifndef NTDDI_VERSION
#define NTDDI_VERSION NTDDI_WIN10_NI
#endif
#ifndef _WIN32_WINNT
#define _WIN32_WINNT (NTDDI_VERSION >> 16)
#endif
#ifndef WINVER
#define WINVER _WIN32_WINNT
#endif
#define OSVERSION_MASK 0xFFFF0000U
#define SPVERSION_MASK 0x0000FF00
#define SUBVERSION_MASK 0x000000FF
#define OSVER(Version) ((Version) & OSVERSION_MASK)
#define SPVER(Version) (((Version) & SPVERSION_MASK) >> 8)
#define SUBVER(Version) ((Version) & SUBVERSION_MASK)

/* ---------------------------------------------------------------------------
 * Linkage and MSVC keywords.
 * ------------------------------------------------------------------------- */
#ifndef EXTERN_C
#ifdef __cplusplus
#define EXTERN_C extern "C"
#else
#define EXTERN_C extern
#endif
#endif
/* A definition the linker may find in several objects (one is kept): used for
 * DEFINE_GUID under INITGUID, as the WDK uses it. */
#ifndef DECLSPEC_SELECTANY
#define DECLSPEC_SELECTANY __attribute__((weak))
#endif
#ifndef DECLSPEC_NOTHROW
#define DECLSPEC_NOTHROW
#endif
#ifndef DECLSPEC_NOVTABLE
#define DECLSPEC_NOVTABLE
#endif
#ifndef DECLSPEC_IMPORT
#define DECLSPEC_IMPORT
#endif
#ifndef DECLSPEC_EXPORT
#define DECLSPEC_EXPORT
#endif
#ifndef DECLSPEC_GUARDNOCF
#define DECLSPEC_GUARDNOCF
#endif
/* MSVC's keyword form of #pragma, used inside macros: nothing on the host. */
#ifndef __pragma
#define __pragma(x)
#endif
#ifndef __unaligned
#define __unaligned
#endif
#ifndef UNALIGNED
#define UNALIGNED
#endif
#ifndef __ptr64
#define __ptr64
#endif
#ifndef POINTER_64
#define POINTER_64
#endif
#ifndef POINTER_32
#define POINTER_32
#endif
#ifndef RESTRICTED_POINTER
#define RESTRICTED_POINTER
#endif
/* Members the WDK aligns to pointer size (x64: 8 bytes). */
#ifndef POINTER_ALIGNMENT
#define POINTER_ALIGNMENT DECLSPEC_ALIGN(8)
#endif
#ifndef ANYSIZE_ARRAY
#define ANYSIZE_ARRAY 1
#endif
#ifndef NOTHING
#define NOTHING
#endif
#ifndef UNREFERENCED_LOCAL_VARIABLE
#define UNREFERENCED_LOCAL_VARIABLE(V) ((void)(V))
#endif
#ifndef DBG_UNREFERENCED_PARAMETER
#define DBG_UNREFERENCED_PARAMETER(P) ((void)(P))
#endif
#ifndef DBG_UNREFERENCED_LOCAL_VARIABLE
#define DBG_UNREFERENCED_LOCAL_VARIABLE(V) ((void)(V))
#endif
#ifndef C_ASSERT
#ifdef __cplusplus
#define C_ASSERT(e) static_assert((e), #e)
#else
#define C_ASSERT(e) _Static_assert((e), #e)
#endif
#endif

/* ---------------------------------------------------------------------------
 * Pointer arithmetic and alignment. Alignments must be powers of two.
 * ------------------------------------------------------------------------- */
#ifndef Add2Ptr
#define Add2Ptr(P, I) ((PVOID)((PUCHAR)(P) + (I)))
#endif
#ifndef PtrOffset
#define PtrOffset(B, O) ((ULONG)((ULONG_PTR)(O) - (ULONG_PTR)(B)))
#endif
#ifndef ALIGN_DOWN_BY
#define ALIGN_DOWN_BY(length, alignment) ((ULONG_PTR)(length) & ~((ULONG_PTR)(alignment) - 1))
#endif
#ifndef ALIGN_UP_BY
#define ALIGN_UP_BY(length, alignment) \
  (ALIGN_DOWN_BY(((ULONG_PTR)(length) + (alignment) - 1), (alignment)))
#endif
#ifndef ALIGN_DOWN_POINTER_BY
#define ALIGN_DOWN_POINTER_BY(address, alignment) \
  ((PVOID)((ULONG_PTR)(address) & ~((ULONG_PTR)(alignment) - 1)))
#endif
#ifndef ALIGN_UP_POINTER_BY
#define ALIGN_UP_POINTER_BY(address, alignment) \
  (ALIGN_DOWN_POINTER_BY(((ULONG_PTR)(address) + (alignment) - 1), (alignment)))
#endif
#ifndef ALIGN_DOWN
#define ALIGN_DOWN(length, type) ALIGN_DOWN_BY((length), sizeof(type))
#endif
#ifndef ALIGN_UP
#define ALIGN_UP(length, type) ALIGN_UP_BY((length), sizeof(type))
#endif
#ifndef ALIGN_DOWN_POINTER
#define ALIGN_DOWN_POINTER(address, type) ALIGN_DOWN_POINTER_BY((address), sizeof(type))
#endif
#ifndef ALIGN_UP_POINTER
#define ALIGN_UP_POINTER(address, type) ALIGN_UP_POINTER_BY((address), sizeof(type))
#endif
#ifndef IS_ALIGNED
#define IS_ALIGNED(_pointer, _alignment) \
  ((((ULONG_PTR)(_pointer)) & ((_alignment) - 1)) == 0)
#endif
#ifndef PAGE_SHIFT
#define PAGE_SHIFT 12L
#endif
#ifndef BYTE_OFFSET
#define BYTE_OFFSET(Va) ((ULONG)((LONG_PTR)(Va) & (PAGE_SIZE - 1)))
#endif
#ifndef PAGE_ALIGN
#define PAGE_ALIGN(Va) ((PVOID)((ULONG_PTR)(Va) & ~(PAGE_SIZE - 1)))
#endif
#ifndef ROUND_TO_PAGES
#define ROUND_TO_PAGES(Size) (((ULONG_PTR)(Size) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#endif
#ifndef BYTES_TO_PAGES
#define BYTES_TO_PAGES(Size) \
  (((Size) >> PAGE_SHIFT) + (((Size) & (PAGE_SIZE - 1)) != 0))
#endif
#ifndef MAXUCHAR
#define MAXUCHAR 0xff
#endif
#ifndef MAXUSHORT
#define MAXUSHORT 0xffff
#endif
#ifndef MAXULONG
#define MAXULONG 0xffffffffUL
#endif
#ifndef MAXLONG
#define MAXLONG 0x7fffffffL
#endif
#ifndef MINLONG
#define MINLONG ((LONG)0x80000000L)
#endif
#ifndef MAXLONGLONG
#define MAXLONGLONG ((LONGLONG)0x7fffffffffffffffLL)
#endif
#ifndef MAXULONG_PTR
#define MAXULONG_PTR (~((ULONG_PTR)0))
#endif
#ifndef MAXSIZE_T
#define MAXSIZE_T ((SIZE_T)~((SIZE_T)0))
#endif

/* min and max: in C, as the WDK's headers define them; in C++ they are left
 * to std::min / std::max (a macro would break the C++ standard library). */
#ifndef __cplusplus
#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#endif

#endif /* WDKHOST_WDK_MACROS_H_ */
