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

// The dwFlags of the Ex forms: the fill byte in the low byte and these bits.
struct SafeExFlags {
  bool ignore_nulls = false;     // STRSAFE_IGNORE_NULLS (0x100)
  bool fill_behind = false;      // STRSAFE_FILL_BEHIND_NULL (0x200)
  bool fill_on_failure = false;  // STRSAFE_FILL_ON_FAILURE (0x400)
  bool null_on_failure = false;  // STRSAFE_NULL_ON_FAILURE (0x800)
  bool no_truncation = false;    // STRSAFE_NO_TRUNCATION (0x1000)
  uint8_t fill = 0;
};

// Decodes `flags`; false if a bit outside the five flags and the fill byte is
// set (STATUS_INVALID_PARAMETER).
bool DecodeSafeExFlags(uint32_t flags, SafeExFlags* out);

// SafeFinishEx()
//
// Applies the Ex forms' rules after an operation on a valid destination of
// `dest_chars` characters ended with `outcome`: on success the fill behind
// the terminator; on failure the fill of the whole buffer (terminated), or
// the empty string (null on failure, or no truncation for a truncated
// result). Then reports where the terminator is (`*end`, an index) and how
// many characters remain including it (`*remaining`).
template <typename C>
void SafeFinishEx(C* dest, size_t dest_chars, SafeOutcome outcome, const SafeExFlags& flags,
                  size_t* end, size_t* remaining);

// Returns the kernel-format (narrow) spelling of a wide printf format, as
// UTF-8: in a wide format %s and %c name wide arguments and %S and %C
// narrow ones (the Microsoft C runtime's rule), the opposite of the narrow
// rule, so those four are rewritten to the explicit %ws, %wc, %hs and %hc.
std::string WideFormatForKernel(const wchar_t* format);

// UTF-8 <-> wide (UTF-32 here). Malformed input becomes U+FFFD.
std::wstring WideFromUtf8(const std::string& text);

}  // namespace rtl

#endif  // RTL_SAFE_STRING_H_
