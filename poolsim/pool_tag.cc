// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0

#include "poolsim/pool_tag.h"

#include <cctype>

#include "absl/strings/str_format.h"
#include "poolsim/glob.h"

namespace poolsim {
namespace {

unsigned char Byte(uint32_t v, int i) {
  return static_cast<unsigned char>((v >> (8 * i)) & 0xFF);
}

}  // namespace

bool PoolTag::IsPrintable() const {
  const uint32_t v = WithoutProtectedBit().value();
  for (int i = 0; i < 4; ++i) {
    const unsigned char c = Byte(v, i);
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

bool PoolTag::HasAlphanumeric() const {
  const uint32_t v = WithoutProtectedBit().value();
  for (int i = 0; i < 4; ++i) {
    // ASCII letters and digits (the "C" locale's isalnum, without the call).
    const unsigned c = static_cast<unsigned char>(Byte(v, i));
    if (c - '0' < 10u || (c | 0x20u) - 'a' < 26u) return true;
  }
  return false;
}

std::string PoolTag::ToString() const {
  std::string out;
  for (int i = 0; i < 4; ++i) {
    unsigned char c = Byte(value_, i);
    if (i == 3 && is_protected()) c &= 0x7F;
    if (c >= 0x20 && c <= 0x7E) {
      out.push_back(static_cast<char>(c));
    } else {
      absl::StrAppendFormat(&out, "\\x%02X", c);
    }
  }
  return out;
}

bool PoolTag::GlobMatch(const std::string& pattern, const std::string& text) {
  return poolsim::GlobMatch(pattern, text);
}

bool PoolTag::Matches(const std::string& pattern) const {
  std::string shown;
  for (int i = 0; i < 4; ++i) {
    unsigned char c = Byte(value_, i);
    if (i == 3) c &= 0x7F;
    shown.push_back(static_cast<char>(c));
  }
  return poolsim::GlobMatch(pattern, shown);
}

}  // namespace poolsim
