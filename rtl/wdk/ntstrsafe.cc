// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/wdk/ntstrsafe.cc
// -----------------------------------------------------------------------------
//
// The WDK's safe string functions (rtl/wdk/ntstrsafe.h): argument and IRQL
// checks, then the engine of rtl/safe_string.h; the printf forms format with
// the kernel's rules (dbg/kernel_format.h).

#include "rtl/wdk/ntstrsafe.h"

#include <algorithm>
#include <cstdarg>
#include <cstring>
#include <string>

#include "dbg/kernel_format.h"
#include "poolsim/irql.h"
#include "rtl/internal/checks.h"
#include "rtl/safe_string.h"

namespace {

using rtl::SafeOutcome;
using rtl::rtl_internal::IrqlAtMost;
using rtl::rtl_internal::NotNull;
using rtl::rtl_internal::ResidentAtIrql;
using rtl::rtl_internal::WithinBlock;

constexpr size_t kW = sizeof(WCHAR);
constexpr size_t kUnicodeMaxBytes = NTSTRSAFE_UNICODE_STRING_MAX_CCH * sizeof(wchar_t);

NTSTATUS ToStatus(SafeOutcome outcome) {
  switch (outcome) {
    case SafeOutcome::kOk:
      return STATUS_SUCCESS;
    case SafeOutcome::kTruncated:
      return STATUS_BUFFER_OVERFLOW;
    case SafeOutcome::kInvalidParameter:
      return STATUS_INVALID_PARAMETER;
  }
  return STATUS_INVALID_PARAMETER;
}

bool ValidCount(size_t chars) { return chars != 0 && chars <= rtl::kSafeMaxChars; }

// The checks every destination-writing Cch/Cb form shares. Returns false
// (with *status set) when the call must return at once.
template <typename C>
bool DestOk(C* dest, size_t chars, poolsim::Irql max_irql, const char* api, NTSTATUS* status) {
  *status = STATUS_INVALID_PARAMETER;
  if (!IrqlAtMost(max_irql, dest, api)) return false;
  if (chars == 0) return false;  // nothing may be written
  if (!NotNull(dest, true, api, "pszDest") ||
      !ResidentAtIrql(dest, true, api, "pszDest")) {
    return false;
  }
  if (!ValidCount(chars)) {
    dest[0] = 0;
    return false;
  }
  return true;
}

// The characters of `s` before its terminator, looking at no more than `limit`.
template <typename C>
size_t CountUpTo(const C* s, size_t limit) {
  size_t n = 0;
  while (n < limit && s[n] != 0) ++n;
  return n;
}

// The bytes a copy of `src` (at most `max_src` characters) writes at the
// start of a destination of `room` characters (`room` >= 1).
template <typename C>
size_t CopyBytes(const C* src, size_t room, size_t max_src) {
  return (CountUpTo(src, std::min(room - 1, max_src)) + 1) * sizeof(C);
}

// The characters already in `dest` (its terminator's index), reading no
// further than the pool block it is in; `chars` if there is no terminator.
// Returns false after a report if finding it would read beyond the block.
template <typename C>
bool UsedChars(const C* dest, size_t chars, const char* api, size_t* used) {
  size_t limit = chars;
  size_t block_bytes = 0;
  const bool in_block = rtl::rtl_internal::PoolBlockBytes(dest, &block_bytes);
  if (in_block) limit = std::min(chars, block_bytes / sizeof(C));
  *used = CountUpTo(dest, limit);
  if (*used == limit && limit < chars) {
    return rtl::rtl_internal::WithinBlock(dest, (limit + 1) * sizeof(C), false, api, "pszDest");
  }
  return true;
}

template <typename C>
NTSTATUS Copy(C* dest, size_t chars, const C* src, size_t max_src, const char* api) {
  NTSTATUS status;
  if (!DestOk(dest, chars, poolsim::kDispatchLevel, api, &status)) return status;
  if (!NotNull(src, false, api, "pszSrc")) {
    dest[0] = 0;
    return STATUS_INVALID_PARAMETER;
  }
  if (max_src != rtl::kNoLimit && max_src > rtl::kSafeMaxChars) {
    dest[0] = 0;
    return STATUS_INVALID_PARAMETER;
  }
  if (!WithinBlock(dest, CopyBytes(src, chars, max_src), true, api, "pszDest")) {
    return STATUS_INVALID_PARAMETER;
  }
  return ToStatus(rtl::SafeCopy(dest, chars, src, max_src));
}

template <typename C>
NTSTATUS Cat(C* dest, size_t chars, const C* src, size_t max_src, const char* api) {
  NTSTATUS status;
  if (!DestOk(dest, chars, poolsim::kDispatchLevel, api, &status)) return status;
  if (!NotNull(src, false, api, "pszSrc")) return STATUS_INVALID_PARAMETER;
  size_t used = 0;
  if (!UsedChars(dest, chars, api, &used)) return STATUS_INVALID_PARAMETER;
  if (used < chars && (max_src == rtl::kNoLimit || max_src <= rtl::kSafeMaxChars) &&
      !WithinBlock(dest, used * sizeof(C) + CopyBytes(src, chars - used, max_src), true, api,
                   "pszDest")) {
    return STATUS_INVALID_PARAMETER;
  }
  return ToStatus(rtl::SafeCat(dest, chars, src, max_src));
}

template <typename C>
NTSTATUS Length(const C* s, size_t max_chars, size_t* length, size_t unit, const char* api) {
  size_t n = 0;
  NTSTATUS status = STATUS_INVALID_PARAMETER;
  if (IrqlAtMost(poolsim::kDispatchLevel, s, api) &&
      ResidentAtIrql(s, false, api, "psz")) {
    status = ToStatus(rtl::SafeLength(s, max_chars, &n));
  }
  if (length != nullptr) *length = n * unit;
  return status;
}

// Formats `format` with the kernel's rules into a string of C.
std::string Format(const char* format, va_list args) {
  return dbg::FormatKernelString(format, args);
}
std::wstring Format(const wchar_t* format, va_list args) {
  const std::string narrow = rtl::WideFormatForKernel(format);
  return rtl::WideFromUtf8(dbg::FormatKernelString(narrow.c_str(), args));
}

// The printf forms' IRQL limit: PASSIVE_LEVEL when wide text is handled.
poolsim::Irql PrintfIrql(const char* format) {
  return format != nullptr && dbg::KernelFormatUsesUnicode(format) ? poolsim::kPassiveLevel
                                                                   : poolsim::kDispatchLevel;
}
poolsim::Irql PrintfIrql(const wchar_t*) { return poolsim::kPassiveLevel; }

template <typename C>
NTSTATUS Printf(C* dest, size_t chars, const C* format, va_list args, const char* api) {
  NTSTATUS status;
  if (!DestOk(dest, chars, PrintfIrql(format), api, &status)) return status;
  if (!NotNull(format, false, api, "pszFormat")) {
    dest[0] = 0;
    return STATUS_INVALID_PARAMETER;
  }
  const auto text = Format(format, args);
  if (!WithinBlock(dest, CopyBytes(text.c_str(), chars, rtl::kNoLimit), true, api, "pszDest")) {
    return STATUS_INVALID_PARAMETER;
  }
  return ToStatus(rtl::SafeCopy(dest, chars, text.c_str(), rtl::kNoLimit));
}

// --- Ex forms ------------------------------------------------------------------------

enum class ExOp { kCopy, kCat };

// The shared body of the Ex forms: `text` is what the operation adds (the
// source, or the formatted text), `have_text` false for a NULL source.
template <typename C>
NTSTATUS RunEx(C* dest, size_t chars, size_t unit, ExOp op, const C* text, bool have_text,
               C** end_out, size_t* remaining_out, DWORD flags, poolsim::Irql max_irql,
               const char* api, const char* text_name = "pszSrc") {
  if (!IrqlAtMost(max_irql, dest, api)) return STATUS_INVALID_PARAMETER;
  rtl::SafeExFlags ex;
  if (!rtl::DecodeSafeExFlags(flags, &ex)) return STATUS_INVALID_PARAMETER;
  static const C kEmpty[1] = {0};
  if (!have_text) {
    if (!ex.ignore_nulls) {
      NotNull(nullptr, false, api, text_name);
      return STATUS_INVALID_PARAMETER;
    }
    text = kEmpty;
  }
  if (chars == 0) {
    // Only an Ex form told to ignore NULLs accepts an empty buffer.
    if (!ex.ignore_nulls) return STATUS_INVALID_PARAMETER;
    if (end_out != nullptr) *end_out = dest;
    if (remaining_out != nullptr) *remaining_out = 0;
    if (text[0] == 0) return STATUS_SUCCESS;
    // A NULL destination cannot receive a nonempty string (documented).
    return dest == nullptr ? STATUS_INVALID_PARAMETER : STATUS_BUFFER_OVERFLOW;
  }
  if (dest == nullptr) {
    if (ex.ignore_nulls) return STATUS_INVALID_PARAMETER;  // a size needs a buffer
    NotNull(dest, true, api, "pszDest");
    return STATUS_INVALID_PARAMETER;
  }
  if (!ResidentAtIrql(dest, true, api, "pszDest")) return STATUS_INVALID_PARAMETER;
  if (!ValidCount(chars)) {
    dest[0] = 0;
    return STATUS_INVALID_PARAMETER;
  }
  // The bytes the call may write: the whole buffer with a fill flag,
  // otherwise the result and its terminator.
  size_t used = 0;
  if (op == ExOp::kCat && !UsedChars(dest, chars, api, &used)) {
    return STATUS_INVALID_PARAMETER;
  }
  const size_t touched =
      (ex.fill_behind || ex.fill_on_failure)
          ? chars * sizeof(C)
          : (used < chars ? used * sizeof(C) + CopyBytes(text, chars - used, rtl::kNoLimit)
                          : sizeof(C));
  if (!WithinBlock(dest, touched, true, api, "pszDest")) {
    return STATUS_INVALID_PARAMETER;
  }
  const SafeOutcome outcome = op == ExOp::kCopy ? rtl::SafeCopy(dest, chars, text, rtl::kNoLimit)
                                                : rtl::SafeCat(dest, chars, text, rtl::kNoLimit);
  size_t end = 0;
  size_t remaining = 0;
  if (op == ExOp::kCat && outcome == SafeOutcome::kTruncated && ex.no_truncation &&
      !ex.fill_on_failure && !ex.null_on_failure) {
    // STRSAFE_NO_TRUNCATION on a concatenation: the destination keeps what it
    // held before the call (its terminator restored), as documented.
    dest[used] = 0;
    end = used;
    remaining = chars - used;
  } else {
    rtl::SafeFinishEx(dest, chars, outcome, ex, &end, &remaining);
  }
  if (end_out != nullptr) *end_out = dest + end;
  if (remaining_out != nullptr) *remaining_out = remaining * unit;
  return ToStatus(outcome);
}

template <typename C>
NTSTATUS PrintfEx(C* dest, size_t chars, size_t unit, C** end_out, size_t* remaining_out,
                  DWORD flags, const C* format, va_list args, const char* api) {
  if (format == nullptr) {
    return RunEx<C>(dest, chars, unit, ExOp::kCopy, nullptr, false, end_out, remaining_out,
                    flags, PrintfIrql(format), api, "pszFormat");
  }
  if (!IrqlAtMost(PrintfIrql(format), dest, api)) return STATUS_INVALID_PARAMETER;
  const auto text = Format(format, args);
  return RunEx(dest, chars, unit, ExOp::kCopy, text.c_str(), true, end_out, remaining_out, flags,
               PrintfIrql(format), api);
}

// --- UNICODE_STRING forms ---------------------------------------------------------

bool Valid(const UNICODE_STRING* s) {
  return s != nullptr && s->Length % kW == 0 && s->MaximumLength % kW == 0 &&
         s->Length <= s->MaximumLength && s->MaximumLength <= kUnicodeMaxBytes &&
         (s->Buffer != nullptr || s->MaximumLength == 0);
}

// Writes `chars` characters of `src` at character `offset` of `dest`, cut to
// its MaximumLength; sets Length. `more` says the source goes on beyond
// `chars` (a truncation even if everything given fits).
NTSTATUS Place(PUNICODE_STRING dest, size_t offset, const WCHAR* src, size_t chars, bool more,
               const char* api) {
  const size_t capacity = dest->MaximumLength / kW;
  const size_t room = capacity - offset;
  const size_t n = chars < room ? chars : room;
  if (!WithinBlock(dest->Buffer, (offset + n) * kW, true, api, "DestinationString->Buffer")) {
    return STATUS_INVALID_PARAMETER;
  }
  if (n > 0) std::memmove(dest->Buffer + offset, src, n * kW);
  dest->Length = static_cast<USHORT>((offset + n) * kW);
  return (n < chars || more) ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

// Counts `s` up to `limit` characters; sets *more if it goes on.
size_t CountUpTo(const WCHAR* s, size_t limit, bool* more) {
  size_t n = 0;
  while (n < limit && s[n] != 0) ++n;
  *more = n == limit && s[n] != 0;
  return n;
}

bool UnicodeChecks(PCUNICODE_STRING dest, poolsim::Irql max_irql, const char* api) {
  if (!IrqlAtMost(max_irql, dest, api)) return false;
  if (!Valid(dest)) return false;
  return ResidentAtIrql(dest->Buffer, true, api, "DestinationString");
}

NTSTATUS UnicodeVPrintf(PUNICODE_STRING dest, const WCHAR* format, va_list args,
                        const char* api) {
  if (!UnicodeChecks(dest, poolsim::kPassiveLevel, api) || format == nullptr) {
    return STATUS_INVALID_PARAMETER;
  }
  const std::wstring text = Format(format, args);
  return Place(dest, 0, text.data(), text.size(), false, api);
}

}  // namespace

extern "C" {

// --- Cch ------------------------------------------------------------------------------

NTSTATUS NTAPI RtlStringCchCopyA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc) {
  return Copy(pszDest, cchDest, pszSrc, rtl::kNoLimit, "RtlStringCchCopyA");
}
NTSTATUS NTAPI RtlStringCchCopyW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                 NTSTRSAFE_PCWSTR pszSrc) {
  return Copy(pszDest, cchDest, pszSrc, rtl::kNoLimit, "RtlStringCchCopyW");
}
NTSTATUS NTAPI RtlStringCchCopyNA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc,
                                  size_t cchToCopy) {
  return Copy(pszDest, cchDest, pszSrc, cchToCopy, "RtlStringCchCopyNA");
}
NTSTATUS NTAPI RtlStringCchCopyNW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                  NTSTRSAFE_PCWSTR pszSrc, size_t cchToCopy) {
  return Copy(pszDest, cchDest, pszSrc, cchToCopy, "RtlStringCchCopyNW");
}
NTSTATUS NTAPI RtlStringCchCatA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc) {
  return Cat(pszDest, cchDest, pszSrc, rtl::kNoLimit, "RtlStringCchCatA");
}
NTSTATUS NTAPI RtlStringCchCatW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                NTSTRSAFE_PCWSTR pszSrc) {
  return Cat(pszDest, cchDest, pszSrc, rtl::kNoLimit, "RtlStringCchCatW");
}
NTSTATUS NTAPI RtlStringCchCatNA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc,
                                 size_t cchToAppend) {
  return Cat(pszDest, cchDest, pszSrc, cchToAppend, "RtlStringCchCatNA");
}
NTSTATUS NTAPI RtlStringCchCatNW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                 NTSTRSAFE_PCWSTR pszSrc, size_t cchToAppend) {
  return Cat(pszDest, cchDest, pszSrc, cchToAppend, "RtlStringCchCatNW");
}
NTSTATUS NTAPI RtlStringCchLengthA(NTSTRSAFE_PCSTR psz, size_t cchMax, size_t* pcchLength) {
  return Length(psz, cchMax, pcchLength, 1, "RtlStringCchLengthA");
}
NTSTATUS NTAPI RtlStringCchLengthW(NTSTRSAFE_PCWSTR psz, size_t cchMax, size_t* pcchLength) {
  return Length(psz, cchMax, pcchLength, 1, "RtlStringCchLengthW");
}
NTSTATUS NTAPI RtlStringCchVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest,
                                    NTSTRSAFE_PCSTR pszFormat, va_list argList) {
  return Printf(pszDest, cchDest, pszFormat, argList, "RtlStringCchVPrintfA");
}
NTSTATUS NTAPI RtlStringCchVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                    NTSTRSAFE_PCWSTR pszFormat, va_list argList) {
  return Printf(pszDest, cchDest, pszFormat, argList, "RtlStringCchVPrintfW");
}
NTSTATUS NTAPI RtlStringCchPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest,
                                   NTSTRSAFE_PCSTR pszFormat, ...) {
  va_list args;
  va_start(args, pszFormat);
  const NTSTATUS status = Printf(pszDest, cchDest, pszFormat, args, "RtlStringCchPrintfA");
  va_end(args);
  return status;
}
NTSTATUS NTAPI RtlStringCchPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                   NTSTRSAFE_PCWSTR pszFormat, ...) {
  va_list args;
  va_start(args, pszFormat);
  const NTSTATUS status = Printf(pszDest, cchDest, pszFormat, args, "RtlStringCchPrintfW");
  va_end(args);
  return status;
}

// --- Cb -------------------------------------------------------------------------------

NTSTATUS NTAPI RtlStringCbCopyA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc) {
  return Copy(pszDest, cbDest, pszSrc, rtl::kNoLimit, "RtlStringCbCopyA");
}
NTSTATUS NTAPI RtlStringCbCopyW(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                NTSTRSAFE_PCWSTR pszSrc) {
  return Copy(pszDest, cbDest / kW, pszSrc, rtl::kNoLimit, "RtlStringCbCopyW");
}
NTSTATUS NTAPI RtlStringCbCopyNA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc,
                                 size_t cbToCopy) {
  return Copy(pszDest, cbDest, pszSrc, cbToCopy, "RtlStringCbCopyNA");
}
NTSTATUS NTAPI RtlStringCbCopyNW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc,
                                 size_t cbToCopy) {
  return Copy(pszDest, cbDest / kW, pszSrc, cbToCopy / kW, "RtlStringCbCopyNW");
}
NTSTATUS NTAPI RtlStringCbCatA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc) {
  return Cat(pszDest, cbDest, pszSrc, rtl::kNoLimit, "RtlStringCbCatA");
}
NTSTATUS NTAPI RtlStringCbCatW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc) {
  return Cat(pszDest, cbDest / kW, pszSrc, rtl::kNoLimit, "RtlStringCbCatW");
}
NTSTATUS NTAPI RtlStringCbCatNA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc,
                                size_t cbToAppend) {
  return Cat(pszDest, cbDest, pszSrc, cbToAppend, "RtlStringCbCatNA");
}
NTSTATUS NTAPI RtlStringCbCatNW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc,
                                size_t cbToAppend) {
  return Cat(pszDest, cbDest / kW, pszSrc, cbToAppend / kW, "RtlStringCbCatNW");
}
NTSTATUS NTAPI RtlStringCbLengthA(NTSTRSAFE_PCSTR psz, size_t cbMax, size_t* pcbLength) {
  return Length(psz, cbMax, pcbLength, 1, "RtlStringCbLengthA");
}
NTSTATUS NTAPI RtlStringCbLengthW(NTSTRSAFE_PCWSTR psz, size_t cbMax, size_t* pcbLength) {
  return Length(psz, cbMax / kW, pcbLength, kW, "RtlStringCbLengthW");
}
NTSTATUS NTAPI RtlStringCbVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest,
                                   NTSTRSAFE_PCSTR pszFormat, va_list argList) {
  return Printf(pszDest, cbDest, pszFormat, argList, "RtlStringCbVPrintfA");
}
NTSTATUS NTAPI RtlStringCbVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                   NTSTRSAFE_PCWSTR pszFormat, va_list argList) {
  return Printf(pszDest, cbDest / kW, pszFormat, argList, "RtlStringCbVPrintfW");
}
NTSTATUS NTAPI RtlStringCbPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest,
                                  NTSTRSAFE_PCSTR pszFormat, ...) {
  va_list args;
  va_start(args, pszFormat);
  const NTSTATUS status = Printf(pszDest, cbDest, pszFormat, args, "RtlStringCbPrintfA");
  va_end(args);
  return status;
}
NTSTATUS NTAPI RtlStringCbPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                  NTSTRSAFE_PCWSTR pszFormat, ...) {
  va_list args;
  va_start(args, pszFormat);
  const NTSTATUS status = Printf(pszDest, cbDest / kW, pszFormat, args, "RtlStringCbPrintfW");
  va_end(args);
  return status;
}

// --- Ex ---------------------------------------------------------------------------------

NTSTATUS NTAPI RtlStringCchCopyExA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc,
                                   NTSTRSAFE_PSTR* ppszDestEnd, size_t* pcchRemaining,
                                   DWORD dwFlags) {
  return RunEx(pszDest, cchDest, 1, ExOp::kCopy, pszSrc, pszSrc != nullptr, ppszDestEnd,
               pcchRemaining, dwFlags, poolsim::kDispatchLevel, "RtlStringCchCopyExA");
}
NTSTATUS NTAPI RtlStringCchCopyExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                   NTSTRSAFE_PCWSTR pszSrc, NTSTRSAFE_PWSTR* ppszDestEnd,
                                   size_t* pcchRemaining, DWORD dwFlags) {
  return RunEx(pszDest, cchDest, 1, ExOp::kCopy, pszSrc, pszSrc != nullptr, ppszDestEnd,
               pcchRemaining, dwFlags, poolsim::kDispatchLevel, "RtlStringCchCopyExW");
}
NTSTATUS NTAPI RtlStringCbCopyExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc,
                                  NTSTRSAFE_PSTR* ppszDestEnd, size_t* pcbRemaining,
                                  DWORD dwFlags) {
  return RunEx(pszDest, cbDest, 1, ExOp::kCopy, pszSrc, pszSrc != nullptr, ppszDestEnd,
               pcbRemaining, dwFlags, poolsim::kDispatchLevel, "RtlStringCbCopyExA");
}
NTSTATUS NTAPI RtlStringCbCopyExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc,
                                  NTSTRSAFE_PWSTR* ppszDestEnd, size_t* pcbRemaining,
                                  DWORD dwFlags) {
  return RunEx(pszDest, cbDest / kW, kW, ExOp::kCopy, pszSrc, pszSrc != nullptr, ppszDestEnd,
               pcbRemaining, dwFlags, poolsim::kDispatchLevel, "RtlStringCbCopyExW");
}
NTSTATUS NTAPI RtlStringCchCatExA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc,
                                  NTSTRSAFE_PSTR* ppszDestEnd, size_t* pcchRemaining,
                                  DWORD dwFlags) {
  return RunEx(pszDest, cchDest, 1, ExOp::kCat, pszSrc, pszSrc != nullptr, ppszDestEnd,
               pcchRemaining, dwFlags, poolsim::kDispatchLevel, "RtlStringCchCatExA");
}
NTSTATUS NTAPI RtlStringCchCatExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                  NTSTRSAFE_PCWSTR pszSrc, NTSTRSAFE_PWSTR* ppszDestEnd,
                                  size_t* pcchRemaining, DWORD dwFlags) {
  return RunEx(pszDest, cchDest, 1, ExOp::kCat, pszSrc, pszSrc != nullptr, ppszDestEnd,
               pcchRemaining, dwFlags, poolsim::kDispatchLevel, "RtlStringCchCatExW");
}
NTSTATUS NTAPI RtlStringCbCatExA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc,
                                 NTSTRSAFE_PSTR* ppszDestEnd, size_t* pcbRemaining,
                                 DWORD dwFlags) {
  return RunEx(pszDest, cbDest, 1, ExOp::kCat, pszSrc, pszSrc != nullptr, ppszDestEnd,
               pcbRemaining, dwFlags, poolsim::kDispatchLevel, "RtlStringCbCatExA");
}
NTSTATUS NTAPI RtlStringCbCatExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc,
                                 NTSTRSAFE_PWSTR* ppszDestEnd, size_t* pcbRemaining,
                                 DWORD dwFlags) {
  return RunEx(pszDest, cbDest / kW, kW, ExOp::kCat, pszSrc, pszSrc != nullptr, ppszDestEnd,
               pcbRemaining, dwFlags, poolsim::kDispatchLevel, "RtlStringCbCatExW");
}
NTSTATUS NTAPI RtlStringCchPrintfExA(NTSTRSAFE_PSTR pszDest, size_t cchDest,
                                     NTSTRSAFE_PSTR* ppszDestEnd, size_t* pcchRemaining,
                                     DWORD dwFlags, NTSTRSAFE_PCSTR pszFormat, ...) {
  va_list args;
  va_start(args, pszFormat);
  const NTSTATUS status = PrintfEx(pszDest, cchDest, 1, ppszDestEnd, pcchRemaining, dwFlags,
                                   pszFormat, args, "RtlStringCchPrintfExA");
  va_end(args);
  return status;
}
NTSTATUS NTAPI RtlStringCchPrintfExW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                     NTSTRSAFE_PWSTR* ppszDestEnd, size_t* pcchRemaining,
                                     DWORD dwFlags, NTSTRSAFE_PCWSTR pszFormat, ...) {
  va_list args;
  va_start(args, pszFormat);
  const NTSTATUS status = PrintfEx(pszDest, cchDest, 1, ppszDestEnd, pcchRemaining, dwFlags,
                                   pszFormat, args, "RtlStringCchPrintfExW");
  va_end(args);
  return status;
}
NTSTATUS NTAPI RtlStringCbPrintfExA(NTSTRSAFE_PSTR pszDest, size_t cbDest,
                                    NTSTRSAFE_PSTR* ppszDestEnd, size_t* pcbRemaining,
                                    DWORD dwFlags, NTSTRSAFE_PCSTR pszFormat, ...) {
  va_list args;
  va_start(args, pszFormat);
  const NTSTATUS status = PrintfEx(pszDest, cbDest, 1, ppszDestEnd, pcbRemaining, dwFlags,
                                   pszFormat, args, "RtlStringCbPrintfExA");
  va_end(args);
  return status;
}
NTSTATUS NTAPI RtlStringCbPrintfExW(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                    NTSTRSAFE_PWSTR* ppszDestEnd, size_t* pcbRemaining,
                                    DWORD dwFlags, NTSTRSAFE_PCWSTR pszFormat, ...) {
  va_list args;
  va_start(args, pszFormat);
  const NTSTATUS status = PrintfEx(pszDest, cbDest / kW, kW, ppszDestEnd, pcbRemaining, dwFlags,
                                   pszFormat, args, "RtlStringCbPrintfExW");
  va_end(args);
  return status;
}

// --- UNICODE_STRING -------------------------------------------------------------------

NTSTATUS NTAPI RtlUnicodeStringInit(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc) {
  static constexpr char kApi[] = "RtlUnicodeStringInit";
  if (!IrqlAtMost(poolsim::kDispatchLevel, DestinationString, kApi) ||
      DestinationString == nullptr) {
    return STATUS_INVALID_PARAMETER;
  }
  DestinationString->Length = 0;
  DestinationString->MaximumLength = 0;
  DestinationString->Buffer = nullptr;
  if (pszSrc == nullptr) return STATUS_SUCCESS;
  bool more = false;
  const size_t chars = CountUpTo(pszSrc, NTSTRSAFE_UNICODE_STRING_MAX_CCH, &more);
  if (more) return STATUS_INVALID_PARAMETER;
  DestinationString->Buffer = const_cast<PWCH>(pszSrc);
  DestinationString->Length = static_cast<USHORT>(chars * kW);
  DestinationString->MaximumLength = DestinationString->Length;
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUnicodeStringValidate(PCUNICODE_STRING SourceString) {
  if (!IrqlAtMost(poolsim::kDispatchLevel, SourceString, "RtlUnicodeStringValidate")) {
    return STATUS_INVALID_PARAMETER;
  }
  return Valid(SourceString) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

NTSTATUS NTAPI RtlUnicodeStringCopy(PUNICODE_STRING DestinationString,
                                    PCUNICODE_STRING SourceString) {
  if (!UnicodeChecks(DestinationString, poolsim::kDispatchLevel, "RtlUnicodeStringCopy") ||
      !Valid(SourceString)) {
    return STATUS_INVALID_PARAMETER;
  }
  return Place(DestinationString, 0, SourceString->Buffer, SourceString->Length / kW, false,
               "RtlUnicodeStringCopy");
}

NTSTATUS NTAPI RtlUnicodeStringCopyString(PUNICODE_STRING DestinationString,
                                          NTSTRSAFE_PCWSTR pszSrc) {
  if (!UnicodeChecks(DestinationString, poolsim::kDispatchLevel, "RtlUnicodeStringCopyString") ||
      pszSrc == nullptr) {
    return STATUS_INVALID_PARAMETER;
  }
  bool more = false;
  const size_t chars = CountUpTo(pszSrc, DestinationString->MaximumLength / kW, &more);
  return Place(DestinationString, 0, pszSrc, chars, more, "RtlUnicodeStringCopyString");
}

NTSTATUS NTAPI RtlUnicodeStringCat(PUNICODE_STRING DestinationString,
                                   PCUNICODE_STRING SourceString) {
  if (!UnicodeChecks(DestinationString, poolsim::kDispatchLevel, "RtlUnicodeStringCat") ||
      !Valid(SourceString)) {
    return STATUS_INVALID_PARAMETER;
  }
  return Place(DestinationString, DestinationString->Length / kW, SourceString->Buffer,
               SourceString->Length / kW, false, "RtlUnicodeStringCat");
}

NTSTATUS NTAPI RtlUnicodeStringCatString(PUNICODE_STRING DestinationString,
                                         NTSTRSAFE_PCWSTR pszSrc) {
  if (!UnicodeChecks(DestinationString, poolsim::kDispatchLevel, "RtlUnicodeStringCatString") ||
      pszSrc == nullptr) {
    return STATUS_INVALID_PARAMETER;
  }
  const size_t offset = DestinationString->Length / kW;
  bool more = false;
  const size_t chars =
      CountUpTo(pszSrc, DestinationString->MaximumLength / kW - offset, &more);
  return Place(DestinationString, offset, pszSrc, chars, more, "RtlUnicodeStringCatString");
}

NTSTATUS NTAPI RtlUnicodeStringVPrintf(PUNICODE_STRING DestinationString,
                                       NTSTRSAFE_PCWSTR pszFormat, va_list argList) {
  return UnicodeVPrintf(DestinationString, pszFormat, argList, "RtlUnicodeStringVPrintf");
}

NTSTATUS NTAPI RtlUnicodeStringPrintf(PUNICODE_STRING DestinationString,
                                      NTSTRSAFE_PCWSTR pszFormat, ...) {
  va_list args;
  va_start(args, pszFormat);
  const NTSTATUS status =
      UnicodeVPrintf(DestinationString, pszFormat, args, "RtlUnicodeStringPrintf");
  va_end(args);
  return status;
}

}  // extern "C"
