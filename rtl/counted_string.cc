// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/counted_string.cc
// -----------------------------------------------------------------------------
//
// Core layer of the run-time library: comparison and integer conversion on
// character ranges (rtl/counted_string.h).

#include "rtl/counted_string.h"

#include <algorithm>

#include "rtl/case_mapping.h"

namespace rtl {

namespace {

bool ValidBase(uint32_t base) {
  return base == 0 || base == 2 || base == 8 || base == 10 || base == 16;
}

// Returns the digit's value, or 99 for a character that is not a digit.
uint32_t DigitValue(wchar_t c) {
  if (c >= L'0' && c <= L'9') return static_cast<uint32_t>(c - L'0');
  if (c >= L'a' && c <= L'f') return static_cast<uint32_t>(c - L'a' + 10);
  if (c >= L'A' && c <= L'F') return static_cast<uint32_t>(c - L'A' + 10);
  return 99;
}

}  // namespace

int CompareChars(const wchar_t* a, size_t a_chars, const wchar_t* b, size_t b_chars,
                 bool case_insensitive) {
  const size_t n = std::min(a_chars, b_chars);
  for (size_t i = 0; i < n; ++i) {
    uint32_t x = static_cast<uint32_t>(a[i]);
    uint32_t y = static_cast<uint32_t>(b[i]);
    if (case_insensitive) {
      x = UpcaseChar(x);
      y = UpcaseChar(y);
    }
    if (x != y) return x < y ? -1 : 1;
  }
  if (a_chars == b_chars) return 0;
  return a_chars < b_chars ? -1 : 1;
}

char UpcaseAnsiChar(char c) {
  const uint32_t u = UpcaseChar(static_cast<unsigned char>(c));
  return u <= 0xFF ? static_cast<char>(u) : c;
}

int CompareAnsiChars(const char* a, size_t a_chars, const char* b, size_t b_chars,
                     bool case_insensitive) {
  const size_t n = std::min(a_chars, b_chars);
  for (size_t i = 0; i < n; ++i) {
    const char ca = case_insensitive ? UpcaseAnsiChar(a[i]) : a[i];
    const char cb = case_insensitive ? UpcaseAnsiChar(b[i]) : b[i];
    const auto x = static_cast<unsigned char>(ca);
    const auto y = static_cast<unsigned char>(cb);
    if (x != y) return x < y ? -1 : 1;
  }
  if (a_chars == b_chars) return 0;
  return a_chars < b_chars ? -1 : 1;
}

uint32_t HashX65599(const wchar_t* s, size_t chars, bool case_insensitive) {
  uint32_t hash = 0;
  for (size_t i = 0; i < chars; ++i) {
    const uint32_t c = static_cast<uint32_t>(s[i]);
    hash = hash * 65599u + (case_insensitive ? UpcaseChar(c) : c);
  }
  return hash;
}

IntegerOutcome ParseInteger(const wchar_t* s, size_t chars, uint32_t base, uint32_t* value) {
  if (!ValidBase(base)) return IntegerOutcome::kInvalidBase;
  if (chars == 0) return IntegerOutcome::kEmpty;
  size_t i = 0;
  while (i < chars && static_cast<uint32_t>(s[i]) <= L' ') ++i;
  bool negative = false;
  if (i < chars && (s[i] == L'-' || s[i] == L'+')) {
    negative = s[i] == L'-';
    ++i;
  }
  if (base == 0) {
    base = 10;
    if (i + 1 < chars && s[i] == L'0') {
      switch (s[i + 1]) {
        case L'x':
          base = 16;
          i += 2;
          break;
        case L'o':
          base = 8;
          i += 2;
          break;
        case L'b':
          base = 2;
          i += 2;
          break;
        default:
          break;
      }
    }
  }
  uint32_t result = 0;
  for (; i < chars; ++i) {
    const uint32_t digit = DigitValue(s[i]);
    if (digit >= base) break;
    result = result * base + digit;
  }
  *value = negative ? (0u - result) : result;
  return IntegerOutcome::kOk;
}

IntegerOutcome FormatInteger(uint64_t value, uint32_t base, std::wstring* out) {
  if (!ValidBase(base)) return IntegerOutcome::kInvalidBase;
  if (base == 0) base = 10;
  static constexpr wchar_t kDigits[] = L"0123456789ABCDEF";
  std::wstring reversed;
  do {
    reversed.push_back(kDigits[value % base]);
    value /= base;
  } while (value != 0);
  out->assign(reversed.rbegin(), reversed.rend());
  return IntegerOutcome::kOk;
}

}  // namespace rtl
