// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/counted_string.h
// -----------------------------------------------------------------------------
//
// Core layer of the run-time library: the character work behind the Rtl
// counted-string routines, on plain character ranges (the WDK surface,
// rtl/wdk/strings.cc, validates the UNICODE_STRINGs and calls these):
// comparison with and without case, and the integer conversions.
//
// Thread-safe (pure functions).

#ifndef RTL_COUNTED_STRING_H_
#define RTL_COUNTED_STRING_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace rtl {

// CompareChars()
//
// Returns < 0, 0 or > 0 as `a` sorts before, equal to or after `b`: the
// first differing character decides (both upcased when `case_insensitive`),
// then the shorter string sorts first.
int CompareChars(const wchar_t* a, size_t a_chars, const wchar_t* b, size_t b_chars,
                 bool case_insensitive);

// CompareAnsiChars()
//
// As CompareChars for 8-bit strings (ISO 8859-1): bytes compared unsigned,
// upcased when `case_insensitive` (a capital outside the byte range, as for
// 0xFF, leaves the byte as it is).
int CompareAnsiChars(const char* a, size_t a_chars, const char* b, size_t b_chars,
                     bool case_insensitive);

// Returns the byte's upper-case form within ISO 8859-1.
char UpcaseAnsiChar(char c);

// HashX65599()
//
// The x65599 string hash: starting from 0, hash = hash * 65599 + character
// for each character (upcased when `case_insensitive`), modulo 2^32.
uint32_t HashX65599(const wchar_t* s, size_t chars, bool case_insensitive);

// Outcomes of the integer conversions.
enum class IntegerOutcome {
  kOk,
  kEmpty,        // no characters at all
  kInvalidBase,  // not 0, 2, 8, 10 or 16
};

// ParseInteger()
//
// The RtlUnicodeStringToInteger rules: leading characters up to ' ' are
// skipped, then an optional sign; base 0 selects 16, 8 or 2 on a "0x", "0o"
// or "0b" prefix and 10 otherwise; digits end at the first character that
// is not a digit of the base (no digit at all gives 0). The value wraps
// modulo 2^32; a '-' negates it.
IntegerOutcome ParseInteger(const wchar_t* s, size_t chars, uint32_t base, uint32_t* value);

// FormatInteger()
//
// Writes `value` in `base` (0 meaning 10) with upper-case hex digits.
IntegerOutcome FormatInteger(uint64_t value, uint32_t base, std::wstring* out);

}  // namespace rtl

#endif  // RTL_COUNTED_STRING_H_
