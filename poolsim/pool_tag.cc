// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0

#include "poolsim/pool_tag.h"

#include <cctype>

#include "absl/strings/str_format.h"

namespace poolsim {
namespace {

unsigned char Byte(uint32_t v, int i) {
  return static_cast<unsigned char>((v >> (8 * i)) & 0xFF);
}

// Glob match with '*' and '?', iterative with one backtrack point.
bool Glob(const char* p, const char* s) {
  const char* star = nullptr;
  const char* resume = nullptr;
  while (*s != '\0') {
    if (*p == '*') {
      star = p++;
      resume = s;
    } else if (*p == '?' || *p == *s) {
      ++p;
      ++s;
    } else if (star != nullptr) {
      p = star + 1;
      s = ++resume;
    } else {
      return false;
    }
  }
  while (*p == '*') ++p;
  return *p == '\0';
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
    if (std::isalnum(Byte(v, i))) return true;
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
  return Glob(pattern.c_str(), text.c_str());
}

bool PoolTag::Matches(const std::string& pattern) const {
  std::string shown;
  for (int i = 0; i < 4; ++i) {
    unsigned char c = Byte(value_, i);
    if (i == 3) c &= 0x7F;
    shown.push_back(static_cast<char>(c));
  }
  return Glob(pattern.c_str(), shown.c_str());
}

}  // namespace poolsim
