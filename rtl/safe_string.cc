// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/safe_string.cc
// -----------------------------------------------------------------------------
//
// Core layer of the run-time library: the <ntstrsafe.h> engine
// (rtl/safe_string.h).

#include "rtl/safe_string.h"

#include <cstring>
#include <cwchar>

namespace rtl {

namespace {

bool ValidDest(size_t dest_chars) { return dest_chars != 0 && dest_chars <= kSafeMaxChars; }
bool ValidLimit(size_t max_source) {
  return max_source == kNoLimit || max_source <= kSafeMaxChars;
}

// Copies into a destination already known to be valid.
template <typename C>
SafeOutcome CopyInto(C* dest, size_t dest_chars, const C* source, size_t max_source) {
  size_t i = 0;
  while (i + 1 < dest_chars && i < max_source && source[i] != 0) {
    dest[i] = source[i];
    ++i;
  }
  dest[i] = 0;
  const bool more = i < max_source && source[i] != 0;
  return more ? SafeOutcome::kTruncated : SafeOutcome::kOk;
}

void AppendUtf8(uint32_t c, std::string* out) {
  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

bool IsFlag(wchar_t c) {
  return c == L'-' || c == L'+' || c == L' ' || c == L'#' || c == L'0';
}

}  // namespace

template <typename C>
SafeOutcome SafeCopy(C* dest, size_t dest_chars, const C* source, size_t max_source) {
  if (!ValidDest(dest_chars) || !ValidLimit(max_source)) {
    if (dest_chars != 0) dest[0] = 0;
    return SafeOutcome::kInvalidParameter;
  }
  return CopyInto(dest, dest_chars, source, max_source);
}

template <typename C>
SafeOutcome SafeCat(C* dest, size_t dest_chars, const C* source, size_t max_source) {
  if (!ValidDest(dest_chars) || !ValidLimit(max_source)) return SafeOutcome::kInvalidParameter;
  size_t used = 0;
  while (used < dest_chars && dest[used] != 0) ++used;
  if (used == dest_chars) return SafeOutcome::kInvalidParameter;
  return CopyInto(dest + used, dest_chars - used, source, max_source);
}

template <typename C>
SafeOutcome SafeLength(const C* s, size_t max_chars, size_t* length) {
  *length = 0;
  if (s == nullptr || !ValidDest(max_chars)) return SafeOutcome::kInvalidParameter;
  size_t n = 0;
  while (n < max_chars && s[n] != 0) ++n;
  if (n == max_chars) return SafeOutcome::kInvalidParameter;
  *length = n;
  return SafeOutcome::kOk;
}

bool DecodeSafeExFlags(uint32_t flags, SafeExFlags* out) {
  constexpr uint32_t kKnown = 0x1F00 | 0xFF;
  if ((flags & ~kKnown) != 0) return false;
  out->ignore_nulls = (flags & 0x100) != 0;
  out->fill_behind = (flags & 0x200) != 0;
  out->fill_on_failure = (flags & 0x400) != 0;
  out->null_on_failure = (flags & 0x800) != 0;
  out->no_truncation = (flags & 0x1000) != 0;
  out->fill = static_cast<uint8_t>(flags & 0xFF);
  return true;
}

template <typename C>
void SafeFinishEx(C* dest, size_t dest_chars, SafeOutcome outcome, const SafeExFlags& flags,
                  size_t* end, size_t* remaining) {
  size_t length = 0;
  while (length < dest_chars && dest[length] != 0) ++length;
  if (outcome == SafeOutcome::kOk) {
    if (flags.fill_behind && length + 1 < dest_chars) {
      std::memset(dest + length + 1, flags.fill, (dest_chars - length - 1) * sizeof(C));
    }
  } else if (flags.fill_on_failure) {
    std::memset(dest, flags.fill, dest_chars * sizeof(C));
    dest[dest_chars - 1] = 0;
    length = dest_chars - 1;
  } else if (flags.null_on_failure ||
             (flags.no_truncation && outcome == SafeOutcome::kTruncated)) {
    dest[0] = 0;
    length = 0;
  }
  *end = length;
  *remaining = dest_chars - length;
}

template void SafeFinishEx<char>(char*, size_t, SafeOutcome, const SafeExFlags&, size_t*,
                                 size_t*);
template void SafeFinishEx<wchar_t>(wchar_t*, size_t, SafeOutcome, const SafeExFlags&, size_t*,
                                    size_t*);
template SafeOutcome SafeCopy<char>(char*, size_t, const char*, size_t);
template SafeOutcome SafeCopy<wchar_t>(wchar_t*, size_t, const wchar_t*, size_t);
template SafeOutcome SafeCat<char>(char*, size_t, const char*, size_t);
template SafeOutcome SafeCat<wchar_t>(wchar_t*, size_t, const wchar_t*, size_t);
template SafeOutcome SafeLength<char>(const char*, size_t, size_t*);
template SafeOutcome SafeLength<wchar_t>(const wchar_t*, size_t, size_t*);

std::string WideFormatForKernel(const wchar_t* format) {
  std::string out;
  if (format == nullptr) return out;
  for (size_t i = 0; format[i] != 0;) {
    if (format[i] != L'%') {
      AppendUtf8(static_cast<uint32_t>(format[i++]), &out);
      continue;
    }
    // A conversion: copy flags, width and precision, then look at the size
    // prefix and the type.
    size_t j = i + 1;
    if (format[j] == L'%') {
      out += "%%";
      i = j + 1;
      continue;
    }
    while (IsFlag(format[j])) ++j;
    if (format[j] == L'*') {
      ++j;
    } else {
      while (format[j] >= L'0' && format[j] <= L'9') ++j;
    }
    if (format[j] == L'.') {
      ++j;
      if (format[j] == L'*') {
        ++j;
      } else {
        while (format[j] >= L'0' && format[j] <= L'9') ++j;
      }
    }
    const size_t prefix_start = j;
    static constexpr const wchar_t* kPrefixes[] = {L"I64", L"I32", L"hh", L"ll", L"h", L"l",
                                                   L"w",   L"I",   L"z",  L"t",  L"j", L"L"};
    for (const wchar_t* p : kPrefixes) {
      const size_t n = std::wcslen(p);
      if (std::wcsncmp(format + j, p, n) == 0) {
        j += n;
        break;
      }
    }
    for (size_t k = i; k < j; ++k) out.push_back(static_cast<char>(format[k]));
    const wchar_t type = format[j];
    if (type == 0) break;
    if (j == prefix_start && (type == L's' || type == L'c')) {
      out.push_back('w');
      out.push_back(static_cast<char>(type));
    } else if (j == prefix_start && (type == L'S' || type == L'C')) {
      out.push_back('h');
      out.push_back(type == L'S' ? 's' : 'c');
    } else {
      AppendUtf8(static_cast<uint32_t>(type), &out);
    }
    i = j + 1;
  }
  return out;
}

std::wstring WideFromUtf8(const std::string& text) {
  std::wstring out;
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    int extra = 0;
    uint32_t c = 0;
    if (b < 0x80) {
      c = b;
    } else if ((b & 0xE0) == 0xC0) {
      c = b & 0x1F;
      extra = 1;
    } else if ((b & 0xF0) == 0xE0) {
      c = b & 0x0F;
      extra = 2;
    } else if ((b & 0xF8) == 0xF0) {
      c = b & 0x07;
      extra = 3;
    } else {
      out.push_back(static_cast<wchar_t>(0xFFFD));
      ++i;
      continue;
    }
    if (i + static_cast<size_t>(extra) >= text.size() && extra > 0) {
      out.push_back(static_cast<wchar_t>(0xFFFD));
      break;
    }
    bool ok = true;
    for (int k = 1; k <= extra; ++k) {
      const auto n = static_cast<unsigned char>(text[i + k]);
      if ((n & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      c = (c << 6) | (n & 0x3F);
    }
    if (!ok) {
      out.push_back(static_cast<wchar_t>(0xFFFD));
      ++i;
      continue;
    }
    out.push_back(static_cast<wchar_t>(c));
    i += 1 + extra;
  }
  return out;
}

}  // namespace rtl
