// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/safe_string.h
// -----------------------------------------------------------------------------
//
// Core layer of the run-time library: the engine behind <ntstrsafe.h>
// (rtl/wdk/ntstrsafe.cc): bounded copy, concatenation and length on
// terminated strings of `char` or `wchar_t`, with the documented truncation
// rule (a result that does not fit is cut, still terminated, and reported as
// truncated), and the conversions the wide printf forms need to reuse the
// kernel format engine (dbg/kernel_format.h), which works on UTF-8.
//
// Thread-safe (pure functions).

#ifndef RTL_SAFE_STRING_H_
#define RTL_SAFE_STRING_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace rtl {

// NTSTRSAFE_MAX_CCH: the most characters any buffer may be said to hold.
inline constexpr size_t kSafeMaxChars = 2147483647;
// "No limit" for the N forms' source count.
inline constexpr size_t kNoLimit = SIZE_MAX;

enum class SafeOutcome {
  kOk,
  kTruncated,         // STATUS_BUFFER_OVERFLOW: cut to fit, terminated
  kInvalidParameter,  // STATUS_INVALID_PARAMETER
};

// SafeCopy()
//
// Copies at most `max_source` characters of `source` (stopping at its
// terminator) into `dest`, which holds `dest_chars` characters, and
// terminates it. `dest_chars` must be 1..kSafeMaxChars and `max_source` at
// most kSafeMaxChars or kNoLimit; otherwise kInvalidParameter, and dest[0]
// is set to the terminator when dest_chars is not 0.
template <typename C>
SafeOutcome SafeCopy(C* dest, size_t dest_chars, const C* source, size_t max_source);

// SafeCat()
//
// Appends like SafeCopy after the terminated string already in `dest`;
// kInvalidParameter (dest unchanged) if `dest` has no terminator within
// `dest_chars`.
template <typename C>
SafeOutcome SafeCat(C* dest, size_t dest_chars, const C* source, size_t max_source);

// SafeLength()
//
// Stores the length of `s` (without terminator) in `*length`; kInvalidParameter
// (and 0) if `s` is null, `max_chars` is 0 or above kSafeMaxChars, or there is
// no terminator within `max_chars`.
template <typename C>
SafeOutcome SafeLength(const C* s, size_t max_chars, size_t* length);

// Returns the kernel-format (narrow) spelling of a wide printf format, as
// UTF-8: in a wide format %s and %c name wide arguments and %S and %C
// narrow ones (the Microsoft C runtime's rule), the opposite of the narrow
// rule, so those four are rewritten to the explicit %ws, %wc, %hs and %hc.
std::string WideFormatForKernel(const wchar_t* format);

// UTF-8 <-> wide (UTF-32 here). Malformed input becomes U+FFFD.
std::wstring WideFromUtf8(const std::string& text);

}  // namespace rtl

#endif  // RTL_SAFE_STRING_H_
