/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: rtl/wdk/rtl_strings.h
 * -----------------------------------------------------------------------------
 *
 * The WDK-named counted-string routines (UNICODE_STRING and ANSI_STRING):
 * initialization, copy, append, comparison, case mapping, conversion to and
 * from integers and between ANSI and Unicode, and the routines that allocate
 * a destination buffer (from paged pool, tag "Strg"; free it with
 * RtlFreeUnicodeString / RtlFreeAnsiString). C11 and C++.
 *
 * WCHAR is the host's wchar_t (poolsim/wdk/ntdef.h), so sizeof(WCHAR) is 4
 * here; every Length and MaximumLength is still in bytes, and a UNICODE_STRING
 * holds at most 0xFFFF / sizeof(WCHAR) characters.
 *
 * Checks: each routine bug-checks IRQL_NOT_LESS_OR_EQUAL (0xA) above the
 * IRQL its comment names; a routine allowed at DISPATCH_LEVEL only for
 * resident buffers bug-checks DRIVER_IRQL_NOT_LESS_OR_EQUAL (0xD1) when a
 * buffer it touches there is a paged-pool block. A NULL pointer the routine
 * dereferences is the access violation of poolsim/pointer_check.h. A
 * malformed counted string (Length above MaximumLength, or a byte count that
 * is not a whole number of characters) is reported as the access Windows
 * would make beyond the buffer (0x1E, docs/rtl.md). After a report the
 * routine returns without touching anything (a status routine returns
 * STATUS_INVALID_PARAMETER, a comparison 0 / FALSE). */

#ifndef RTL_WDK_RTL_STRINGS_H_
#define RTL_WDK_RTL_STRINGS_H_

#include "poolsim/wdk/ntdef.h"

POOLSIM_BEGIN_EXTERN_C

#ifndef FLTCTX_ANSI_STRING_DEFINED
#define FLTCTX_ANSI_STRING_DEFINED
typedef struct _STRING {
  USHORT Length;        /* bytes, without a terminator */
  USHORT MaximumLength; /* bytes */
  PCHAR Buffer;
} STRING, *PSTRING, ANSI_STRING, *PANSI_STRING, OEM_STRING, *POEM_STRING;
typedef const STRING* PCSTRING;
typedef const ANSI_STRING* PCANSI_STRING;
#endif

#ifndef STATUS_NAME_TOO_LONG
#define STATUS_NAME_TOO_LONG ((NTSTATUS)0xC0000106L)
#endif

/* RtlDuplicateUnicodeString flags. */
#ifndef RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE
#define RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE 0x00000001
#endif
#ifndef RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING
#define RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING 0x00000002
#endif

/* Constant counted strings. RTL_CONSTANT_STRING(L"x") (or "x" for a STRING)
 * is an initializer; the literal's terminator is counted in MaximumLength
 * only. */
#ifdef __cplusplus
extern "C++" {
constexpr PWCH FltctxRtlMutableString(const WCHAR* s) { return const_cast<PWCH>(s); }
constexpr PCHAR FltctxRtlMutableString(const CHAR* s) { return const_cast<PCHAR>(s); }
}
#define FLTCTX_RTL_MUTABLE(s) FltctxRtlMutableString(s)
#else
#define FLTCTX_RTL_MUTABLE(s) ((void*)(s))
#endif

#ifndef RTL_CONSTANT_STRING
#define RTL_CONSTANT_STRING(s) \
  { (USHORT)(sizeof(s) - sizeof((s)[0])), (USHORT)sizeof(s), FLTCTX_RTL_MUTABLE(s) }
#endif
#ifndef DECLARE_CONST_UNICODE_STRING
#define DECLARE_CONST_UNICODE_STRING(_var, _string)         \
  const WCHAR _var##_buffer[] = _string;                    \
  const UNICODE_STRING _var = {(USHORT)(sizeof(_string) - sizeof(WCHAR)), \
                               (USHORT)sizeof(_string),     \
                               (PWCH)FLTCTX_RTL_MUTABLE(_var##_buffer)}
#endif
#ifndef DECLARE_GLOBAL_CONST_UNICODE_STRING
#define DECLARE_GLOBAL_CONST_UNICODE_STRING(_var, _str) \
  const UNICODE_STRING _var = RTL_CONSTANT_STRING(_str)
#endif
#ifndef DECLARE_UNICODE_STRING_SIZE
#define DECLARE_UNICODE_STRING_SIZE(_var, _size) \
  WCHAR _var##_buffer[_size];                     \
  UNICODE_STRING _var = {0, (USHORT)((_size) * sizeof(WCHAR)), _var##_buffer}
#endif

#ifndef HASH_STRING_ALGORITHM_DEFAULT
#define HASH_STRING_ALGORITHM_DEFAULT 0
#define HASH_STRING_ALGORITHM_X65599 1
#define HASH_STRING_ALGORITHM_INVALID 0xffffffff
#endif

/* --- Initialization (IRQL <= DISPATCH_LEVEL for resident strings) ---------- */

/* An empty string over the caller's buffer of BufferSize bytes (Length 0,
 * MaximumLength BufferSize, Buffer as given; the buffer is not touched). Any
 * IRQL. Inline in the WDK; an ordinary function here so that a NULL string
 * is reported (the access violation) instead of faulting the test host. */
#ifndef FLTCTX_RTL_INIT_EMPTY_DEFINED
#define FLTCTX_RTL_INIT_EMPTY_DEFINED
NTSYSAPI VOID NTAPI RtlInitEmptyUnicodeString(PUNICODE_STRING UnicodeString, PWCHAR Buffer,
                                              USHORT BufferSize);
NTSYSAPI VOID NTAPI RtlInitEmptyAnsiString(PANSI_STRING AnsiString, PCHAR Buffer,
                                           USHORT BufferSize);
#endif

/* Points DestinationString at SourceString (NULL: an empty string).
 * MaximumLength counts the terminator. A source of more than
 * 0xFFFF / sizeof(WCHAR) - 1 characters is cut to the largest length that
 * fits (RtlInitUnicodeStringEx refuses it: STATUS_NAME_TOO_LONG). */
NTSYSAPI VOID NTAPI RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString);
/* STATUS_SUCCESS or STATUS_NAME_TOO_LONG (DestinationString then empty). */
NTSYSAPI NTSTATUS NTAPI RtlInitUnicodeStringEx(PUNICODE_STRING DestinationString,
                                               PCWSTR SourceString);
NTSYSAPI VOID NTAPI RtlInitAnsiString(PANSI_STRING DestinationString, PCSZ SourceString);
NTSYSAPI VOID NTAPI RtlInitString(PSTRING DestinationString, PCSZ SourceString);
/* STATUS_SUCCESS or STATUS_NAME_TOO_LONG. */
NTSYSAPI NTSTATUS NTAPI RtlInitAnsiStringEx(PANSI_STRING DestinationString, PCSZ SourceString);
NTSYSAPI NTSTATUS NTAPI RtlInitStringEx(PSTRING DestinationString, PCSZ SourceString);

/* --- Copy and append (IRQL <= DISPATCH_LEVEL for resident buffers) --------- */

/* Copies as much of SourceString as DestinationString->MaximumLength holds
 * (NULL source: an empty result) and adds a terminator when there is room. */
NTSYSAPI VOID NTAPI RtlCopyUnicodeString(PUNICODE_STRING DestinationString,
                                         PCUNICODE_STRING SourceString);
/* STATUS_SUCCESS, or STATUS_BUFFER_TOO_SMALL with Destination unchanged.
 * A terminator is added when there is room after the result. */
NTSYSAPI NTSTATUS NTAPI RtlAppendUnicodeToString(PUNICODE_STRING Destination, PCWSTR Source);
NTSYSAPI NTSTATUS NTAPI RtlAppendUnicodeStringToString(PUNICODE_STRING Destination,
                                                       PCUNICODE_STRING Source);

/* --- Comparison (PASSIVE_LEVEL; see docs/rtl.md for the case-sensitive
 * forms) -------------------------------------------------------------------- */

/* < 0, 0 or > 0: the first differing character decides, then the length. */
NTSYSAPI LONG NTAPI RtlCompareUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                                            BOOLEAN CaseInSensitive);
NTSYSAPI BOOLEAN NTAPI RtlEqualUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                                             BOOLEAN CaseInSensitive);
/* TRUE if String1 is a prefix (RtlSuffixUnicodeString: a suffix) of String2. */
NTSYSAPI BOOLEAN NTAPI RtlPrefixUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                                              BOOLEAN CaseInSensitive);
NTSYSAPI BOOLEAN NTAPI RtlSuffixUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                                              BOOLEAN CaseInSensitive);

/* The counted-string comparison on two character arrays (lengths in
 * characters). PASSIVE_LEVEL. */
NTSYSAPI LONG NTAPI RtlCompareUnicodeStrings(PCWCH String1, SIZE_T String1Length,
                                             PCWCH String2, SIZE_T String2Length,
                                             BOOLEAN CaseInSensitive);
/* x65599 hash of the string (upcased when CaseInSensitive). IRQL <=
 * APC_LEVEL. STATUS_INVALID_PARAMETER for a NULL String or HashValue or an
 * unknown HashAlgorithm (no fault). */
NTSYSAPI NTSTATUS NTAPI RtlHashUnicodeString(PCUNICODE_STRING String, BOOLEAN CaseInSensitive,
                                             ULONG HashAlgorithm, PULONG HashValue);

/* --- 8-bit counted strings ------------------------------------------------- */

/* As the Unicode forms, on bytes (ISO 8859-1 case). PASSIVE_LEVEL for the
 * comparisons, IRQL <= DISPATCH_LEVEL (resident buffers) for RtlCopyString,
 * <= APC_LEVEL for RtlUpperString. RtlCopyString copies what fits (NULL
 * source: empty) without a terminator; RtlUpperString copies the upcased
 * source, as much as fits. */
NTSYSAPI LONG NTAPI RtlCompareString(const STRING* String1, const STRING* String2,
                                     BOOLEAN CaseInSensitive);
NTSYSAPI BOOLEAN NTAPI RtlEqualString(const STRING* String1, const STRING* String2,
                                      BOOLEAN CaseInSensitive);
NTSYSAPI VOID NTAPI RtlCopyString(PSTRING DestinationString, const STRING* SourceString);
NTSYSAPI VOID NTAPI RtlUpperString(PSTRING DestinationString, const STRING* SourceString);

/* --- Case mapping (IRQL <= APC_LEVEL) -------------------------------------- */

/* STATUS_SUCCESS; STATUS_BUFFER_OVERFLOW if the caller's buffer is too small
 * (nothing written); STATUS_NO_MEMORY if the allocation fails. With
 * AllocateDestinationString the buffer comes from paged pool (tag "Strg");
 * free it with RtlFreeUnicodeString. */
NTSYSAPI NTSTATUS NTAPI RtlUpcaseUnicodeString(PUNICODE_STRING DestinationString,
                                               PCUNICODE_STRING SourceString,
                                               BOOLEAN AllocateDestinationString);
NTSYSAPI NTSTATUS NTAPI RtlDowncaseUnicodeString(PUNICODE_STRING DestinationString,
                                                 PCUNICODE_STRING SourceString,
                                                 BOOLEAN AllocateDestinationString);
NTSYSAPI WCHAR NTAPI RtlUpcaseUnicodeChar(WCHAR SourceCharacter);
NTSYSAPI WCHAR NTAPI RtlDowncaseUnicodeChar(WCHAR SourceCharacter);

/* --- Allocated copies (IRQL <= APC_LEVEL) ---------------------------------- */

/* STATUS_SUCCESS, STATUS_INVALID_PARAMETER (unknown Flags, NULL arguments, a
 * malformed source) or STATUS_NO_MEMORY. An empty source gives an empty
 * string with no buffer unless RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING
 * is set. Free the result with RtlFreeUnicodeString. */
NTSYSAPI NTSTATUS NTAPI RtlDuplicateUnicodeString(ULONG Flags, PCUNICODE_STRING StringIn,
                                                  PUNICODE_STRING StringOut);
/* Frees a buffer this surface allocated (Buffer NULL: nothing) and empties the
 * string. A buffer that is not a pool block bug-checks BAD_POOL_CALLER. */
NTSYSAPI VOID NTAPI RtlFreeUnicodeString(PUNICODE_STRING UnicodeString);
NTSYSAPI VOID NTAPI RtlFreeAnsiString(PANSI_STRING AnsiString);

/* --- Integers (PASSIVE_LEVEL) ---------------------------------------------- */

/* Base 0 (prefix 0x, 0o, 0b or decimal), 2, 8, 10 or 16. Leading blanks and a
 * sign are accepted; digits end at the first non-digit. STATUS_SUCCESS,
 * STATUS_INVALID_PARAMETER for an empty string or another base. */
NTSYSAPI NTSTATUS NTAPI RtlUnicodeStringToInteger(PCUNICODE_STRING String, ULONG Base,
                                                  PULONG Value);
/* Base 0 or 10, 2, 8, 16. STATUS_SUCCESS, STATUS_INVALID_PARAMETER (base),
 * STATUS_BUFFER_OVERFLOW (String->MaximumLength too small; nothing written).
 * A terminator is added when there is room. */
NTSYSAPI NTSTATUS NTAPI RtlIntegerToUnicodeString(ULONG Value, ULONG Base,
                                                  PUNICODE_STRING String);
NTSYSAPI NTSTATUS NTAPI RtlInt64ToUnicodeString(ULONGLONG Value, ULONG Base,
                                                PUNICODE_STRING String);

/* --- ANSI <-> Unicode (PASSIVE_LEVEL) -------------------------------------- */

/* The ANSI code page here is ISO 8859-1: characters above 0xFF become '?'.
 * STATUS_SUCCESS; STATUS_BUFFER_OVERFLOW when the caller's buffer is too
 * small (RtlUnicodeStringToAnsiString then converts what fits); 
 * STATUS_INVALID_PARAMETER_2 for a result too long for a counted string;
 * STATUS_NO_MEMORY. Allocated buffers come from paged pool (tag "Strg"). */
/* The bytes a conversion's result needs, terminator included (the code page
 * here maps one character to one byte). PASSIVE_LEVEL. */
NTSYSAPI ULONG NTAPI RtlxUnicodeStringToAnsiSize(PCUNICODE_STRING UnicodeString);
NTSYSAPI ULONG NTAPI RtlxAnsiStringToUnicodeSize(PCANSI_STRING AnsiString);
#ifndef RtlUnicodeStringToAnsiSize
#define RtlUnicodeStringToAnsiSize(STRING) RtlxUnicodeStringToAnsiSize(STRING)
#define RtlAnsiStringToUnicodeSize(STRING) RtlxAnsiStringToUnicodeSize(STRING)
#endif

NTSYSAPI NTSTATUS NTAPI RtlUnicodeStringToAnsiString(PANSI_STRING DestinationString,
                                                     PCUNICODE_STRING SourceString,
                                                     BOOLEAN AllocateDestinationString);
NTSYSAPI NTSTATUS NTAPI RtlAnsiStringToUnicodeString(PUNICODE_STRING DestinationString,
                                                     PCANSI_STRING SourceString,
                                                     BOOLEAN AllocateDestinationString);

POOLSIM_END_EXTERN_C

#endif /* RTL_WDK_RTL_STRINGS_H_ */
