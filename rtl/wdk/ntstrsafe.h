/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: rtl/wdk/ntstrsafe.h
 * -----------------------------------------------------------------------------
 *
 * The WDK's safe string functions (<ntstrsafe.h>, reached through
 * include/ntstrsafe.h with //:wdk_headers): bounded copy, concatenation,
 * length and printf on terminated char / WCHAR buffers (counted in characters,
 * Cch, or bytes, Cb) and on UNICODE_STRINGs. C11 and C++.
 *
 * Statuses, as documented: STATUS_SUCCESS; STATUS_BUFFER_OVERFLOW when the
 * result did not fit: it is cut to the buffer and still terminated (the
 * UNICODE_STRING forms are never terminated); STATUS_INVALID_PARAMETER for a
 * zero or oversized destination (more than NTSTRSAFE_MAX_CCH characters, or
 * NTSTRSAFE_UNICODE_STRING_MAX_CCH for counted strings), a destination with
 * no terminator to append after, an invalid UNICODE_STRING, or a missing
 * terminator within the Length functions' limit (the destination's first
 * character is then set to the terminator when it has one).
 *
 * The printf forms use the kernel's format language (dbg/kernel_format.h:
 * %wZ, %Z, %ws, %I64x, LLP64 %lx ...). In the W forms %s and %c take wide
 * arguments and %S / %C narrow ones, as in the Microsoft C runtime.
 *
 * Checks: a NULL destination, source or format the Cch / Cb forms would
 * dereference is the access violation of poolsim/pointer_check.h (unless an
 * Ex form's STRSAFE_IGNORE_NULLS allows it); the UNICODE_STRING
 * forms validate their structures and return STATUS_INVALID_PARAMETER. IRQL: any level up to DISPATCH_LEVEL for resident
 * buffers (a paged-pool destination at DISPATCH_LEVEL bug-checks 0xD1); the
 * printf forms at PASSIVE_LEVEL when they handle wide text (every W form and
 * every format with a Unicode code), otherwise up to DISPATCH_LEVEL. */

#ifndef RTL_WDK_NTSTRSAFE_H_
#define RTL_WDK_NTSTRSAFE_H_

#include <stdarg.h>

#include "rtl/wdk/rtl_strings.h"

POOLSIM_BEGIN_EXTERN_C

#ifndef NTSTRSAFE_MAX_CCH
#define NTSTRSAFE_MAX_CCH 2147483647
#endif
#ifndef NTSTRSAFE_MAX_LENGTH
#define NTSTRSAFE_MAX_LENGTH (NTSTRSAFE_MAX_CCH - 1)
#endif
#ifndef NTSTRSAFE_UNICODE_STRING_MAX_CCH
#define NTSTRSAFE_UNICODE_STRING_MAX_CCH (0xffff / sizeof(wchar_t))
#endif
#ifndef NTSTRSAFEDDI
#define NTSTRSAFEDDI NTSTATUS NTAPI
#endif

typedef char* NTSTRSAFE_PSTR;
typedef const char* NTSTRSAFE_PCSTR;
typedef wchar_t* NTSTRSAFE_PWSTR;
typedef const wchar_t* NTSTRSAFE_PCWSTR;


/* --- Cch: sizes in characters ----------------------------------------------- */

NTSTRSAFEDDI RtlStringCchCopyA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc);
NTSTRSAFEDDI RtlStringCchCopyW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc);
NTSTRSAFEDDI RtlStringCchCopyNA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc,
                                size_t cchToCopy);
NTSTRSAFEDDI RtlStringCchCopyNW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                NTSTRSAFE_PCWSTR pszSrc, size_t cchToCopy);
NTSTRSAFEDDI RtlStringCchCatA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc);
NTSTRSAFEDDI RtlStringCchCatW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc);
NTSTRSAFEDDI RtlStringCchCatNA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc,
                               size_t cchToAppend);
NTSTRSAFEDDI RtlStringCchCatNW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc,
                               size_t cchToAppend);
/* pcchLength may be NULL; it receives 0 on failure. */
NTSTRSAFEDDI RtlStringCchLengthA(NTSTRSAFE_PCSTR psz, size_t cchMax, size_t* pcchLength);
NTSTRSAFEDDI RtlStringCchLengthW(NTSTRSAFE_PCWSTR psz, size_t cchMax, size_t* pcchLength);
NTSTRSAFEDDI RtlStringCchPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest,
                                 NTSTRSAFE_PCSTR pszFormat, ...);
NTSTRSAFEDDI RtlStringCchPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                 NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTRSAFEDDI RtlStringCchVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest,
                                  NTSTRSAFE_PCSTR pszFormat, va_list argList);
NTSTRSAFEDDI RtlStringCchVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                  NTSTRSAFE_PCWSTR pszFormat, va_list argList);

/* --- Cb: sizes in bytes ------------------------------------------------------ */

NTSTRSAFEDDI RtlStringCbCopyA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc);
NTSTRSAFEDDI RtlStringCbCopyW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc);
NTSTRSAFEDDI RtlStringCbCopyNA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc,
                               size_t cbToCopy);
NTSTRSAFEDDI RtlStringCbCopyNW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc,
                               size_t cbToCopy);
NTSTRSAFEDDI RtlStringCbCatA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc);
NTSTRSAFEDDI RtlStringCbCatW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc);
NTSTRSAFEDDI RtlStringCbCatNA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc,
                              size_t cbToAppend);
NTSTRSAFEDDI RtlStringCbCatNW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc,
                              size_t cbToAppend);
/* pcbLength receives the length in bytes (without the terminator). */
NTSTRSAFEDDI RtlStringCbLengthA(NTSTRSAFE_PCSTR psz, size_t cbMax, size_t* pcbLength);
NTSTRSAFEDDI RtlStringCbLengthW(NTSTRSAFE_PCWSTR psz, size_t cbMax, size_t* pcbLength);
NTSTRSAFEDDI RtlStringCbPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszFormat,
                                ...);
NTSTRSAFEDDI RtlStringCbPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTRSAFEDDI RtlStringCbVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest,
                                 NTSTRSAFE_PCSTR pszFormat, va_list argList);
NTSTRSAFEDDI RtlStringCbVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                 NTSTRSAFE_PCWSTR pszFormat, va_list argList);

/* --- Ex forms: end pointer, remaining count and flags -------------------------- */

#ifndef STRSAFE_IGNORE_NULLS
#define STRSAFE_IGNORE_NULLS 0x00000100
#define STRSAFE_FILL_BEHIND_NULL 0x00000200
#define STRSAFE_FILL_ON_FAILURE 0x00000400
#define STRSAFE_NULL_ON_FAILURE 0x00000800
#define STRSAFE_NO_TRUNCATION 0x00001000
#endif
#ifndef STRSAFE_FILL_BYTE
#define STRSAFE_FILL_BYTE(x) ((DWORD)(((x) & 0x000000FF) | STRSAFE_FILL_BEHIND_NULL))
#define STRSAFE_FAILURE_BYTE(x) ((DWORD)(((x) & 0x000000FF) | STRSAFE_FILL_ON_FAILURE))
#endif

/* As the plain forms, and: *ppszDestEnd (if not NULL) receives the address
 * of the result's terminator and *pcchRemaining / *pcbRemaining the unused
 * characters / bytes including it. dwFlags: STRSAFE_IGNORE_NULLS (a NULL
 * source or format is an empty string; a NULL destination is allowed with a
 * size of 0, and then only an empty result succeeds), STRSAFE_FILL_BEHIND_NULL
 * (on success the rest of the buffer is filled with the low byte of
 * dwFlags), STRSAFE_FILL_ON_FAILURE (on failure the whole buffer is filled
 * with it and terminated), STRSAFE_NULL_ON_FAILURE (on failure the result is
 * the empty string), STRSAFE_NO_TRUNCATION (a truncated result is replaced by
 * the empty string, or the fill). Unknown flag bits: STATUS_INVALID_PARAMETER. */
NTSTRSAFEDDI RtlStringCchCopyExA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc,
                                 NTSTRSAFE_PSTR* ppszDestEnd, size_t* pcchRemaining,
                                 DWORD dwFlags);
NTSTRSAFEDDI RtlStringCchCopyExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                 NTSTRSAFE_PCWSTR pszSrc, NTSTRSAFE_PWSTR* ppszDestEnd,
                                 size_t* pcchRemaining, DWORD dwFlags);
NTSTRSAFEDDI RtlStringCbCopyExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc,
                                NTSTRSAFE_PSTR* ppszDestEnd, size_t* pcbRemaining,
                                DWORD dwFlags);
NTSTRSAFEDDI RtlStringCbCopyExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc,
                                NTSTRSAFE_PWSTR* ppszDestEnd, size_t* pcbRemaining,
                                DWORD dwFlags);
NTSTRSAFEDDI RtlStringCchCatExA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc,
                                NTSTRSAFE_PSTR* ppszDestEnd, size_t* pcchRemaining,
                                DWORD dwFlags);
NTSTRSAFEDDI RtlStringCchCatExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc,
                                NTSTRSAFE_PWSTR* ppszDestEnd, size_t* pcchRemaining,
                                DWORD dwFlags);
NTSTRSAFEDDI RtlStringCbCatExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc,
                               NTSTRSAFE_PSTR* ppszDestEnd, size_t* pcbRemaining, DWORD dwFlags);
NTSTRSAFEDDI RtlStringCbCatExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc,
                               NTSTRSAFE_PWSTR* ppszDestEnd, size_t* pcbRemaining,
                               DWORD dwFlags);
NTSTRSAFEDDI RtlStringCchPrintfExA(NTSTRSAFE_PSTR pszDest, size_t cchDest,
                                   NTSTRSAFE_PSTR* ppszDestEnd, size_t* pcchRemaining,
                                   DWORD dwFlags, NTSTRSAFE_PCSTR pszFormat, ...);
NTSTRSAFEDDI RtlStringCchPrintfExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                   NTSTRSAFE_PWSTR* ppszDestEnd, size_t* pcchRemaining,
                                   DWORD dwFlags, NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTRSAFEDDI RtlStringCbPrintfExA(NTSTRSAFE_PSTR pszDest, size_t cbDest,
                                  NTSTRSAFE_PSTR* ppszDestEnd, size_t* pcbRemaining,
                                  DWORD dwFlags, NTSTRSAFE_PCSTR pszFormat, ...);
NTSTRSAFEDDI RtlStringCbPrintfExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                  NTSTRSAFE_PWSTR* ppszDestEnd, size_t* pcbRemaining,
                                  DWORD dwFlags, NTSTRSAFE_PCWSTR pszFormat, ...);

/* --- UNICODE_STRING ---------------------------------------------------------- */

/* Length = MaximumLength = the string's size in bytes; Buffer = pszSrc (NULL:
 * an empty string). STATUS_INVALID_PARAMETER for a NULL DestinationString or
 * a source longer than NTSTRSAFE_UNICODE_STRING_MAX_CCH. */
NTSTRSAFEDDI RtlUnicodeStringInit(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc);
/* STATUS_SUCCESS or STATUS_INVALID_PARAMETER (NULL, odd or inconsistent
 * lengths, too long, or a NULL Buffer with a nonzero length). */
NTSTRSAFEDDI RtlUnicodeStringValidate(PCUNICODE_STRING SourceString);
NTSTRSAFEDDI RtlUnicodeStringCopy(PUNICODE_STRING DestinationString,
                                  PCUNICODE_STRING SourceString);
NTSTRSAFEDDI RtlUnicodeStringCopyString(PUNICODE_STRING DestinationString,
                                        NTSTRSAFE_PCWSTR pszSrc);
NTSTRSAFEDDI RtlUnicodeStringCat(PUNICODE_STRING DestinationString,
                                 PCUNICODE_STRING SourceString);
NTSTRSAFEDDI RtlUnicodeStringCatString(PUNICODE_STRING DestinationString,
                                       NTSTRSAFE_PCWSTR pszSrc);
NTSTRSAFEDDI RtlUnicodeStringPrintf(PUNICODE_STRING DestinationString,
                                    NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTRSAFEDDI RtlUnicodeStringVPrintf(PUNICODE_STRING DestinationString,
                                     NTSTRSAFE_PCWSTR pszFormat, va_list argList);

POOLSIM_END_EXTERN_C

#endif /* RTL_WDK_NTSTRSAFE_H_ */
