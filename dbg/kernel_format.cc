// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: dbg/kernel_format.cc
// -----------------------------------------------------------------------------
//
// The kernel format language (dbg core): one parser for a conversion
// specification, used both to format and to scan for Unicode codes.

#include "dbg/kernel_format.h"

#include <cstdint>
#include <cstring>
#include <cwchar>

#include "poolsim/wdk/ntdef.h"

namespace dbg {
namespace {

// The counted 8-bit string %Z reads (the WDK's STRING / ANSI_STRING layout).
struct CountedAnsi {
  USHORT Length;
  USHORT MaximumLength;
  char* Buffer;
};

enum class Size { kDefault, kHH, kH, kL, kLL, kW, kPtr, k32, k64 };

struct Spec {
  bool minus = false, plus = false, space = false, hash = false, zero = false;
  bool width_star = false, precision_star = false;
  int width = -1;      // -1: none
  int precision = -1;  // -1: none
  Size size = Size::kDefault;
  char conversion = '\0';  // '\0': incomplete
};

int ReadNumber(const char*& p) {
  int n = 0;
  while (*p >= '0' && *p <= '9') {
    if (n < 100000) n = n * 10 + (*p - '0');
    ++p;
  }
  return n;
}

// Parses the specification after a '%' at `p`; leaves `p` after it.
Spec Parse(const char*& p) {
  Spec s;
  for (;; ++p) {
    if (*p == '-') s.minus = true;
    else if (*p == '+') s.plus = true;
    else if (*p == ' ') s.space = true;
    else if (*p == '#') s.hash = true;
    else if (*p == '0') s.zero = true;
    else break;
  }
  if (*p == '*') {
    s.width_star = true;
    ++p;
  } else if (*p >= '1' && *p <= '9') {
    s.width = ReadNumber(p);
  }
  if (*p == '.') {
    ++p;
    if (*p == '*') {
      s.precision_star = true;
      ++p;
    } else {
      s.precision = ReadNumber(p);
    }
  }
  switch (*p) {
    case 'h':
      ++p;
      if (*p == 'h') {
        ++p;
        s.size = Size::kHH;
      } else {
        s.size = Size::kH;
      }
      break;
    case 'l':
      ++p;
      if (*p == 'l') {
        ++p;
        s.size = Size::kLL;
      } else {
        s.size = Size::kL;
      }
      break;
    case 'w':
      ++p;
      s.size = Size::kW;
      break;
    case 'I':
      if (p[1] == '6' && p[2] == '4') {
        p += 3;
        s.size = Size::k64;
      } else if (p[1] == '3' && p[2] == '2') {
        p += 3;
        s.size = Size::k32;
      } else {
        ++p;
        s.size = Size::kPtr;
      }
      break;
    case 'z':
    case 't':
    case 'j':
      ++p;
      s.size = Size::k64;
      break;
    default:
      break;
  }
  if (*p != '\0') s.conversion = *p++;
  return s;
}

bool IsWideString(const Spec& s) {
  if (s.conversion == 's' || s.conversion == 'c') return s.size == Size::kL || s.size == Size::kW;
  if (s.conversion == 'S' || s.conversion == 'C') return s.size != Size::kH && s.size != Size::kHH;
  if (s.conversion == 'Z') return s.size == Size::kW || s.size == Size::kL;
  return false;
}

void AppendUtf8(std::string* out, uint32_t c) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    if (c >= 0xD800 && c <= 0xDFFF) {
      out->push_back('?');
      return;
    }
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c <= 0x10FFFF) {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back('?');
  }
}

// Pads `body` to the width (spaces; left-justified with '-').
void AppendPadded(std::string* out, const Spec& s, const std::string& body) {
  const size_t width = s.width > 0 ? static_cast<size_t>(s.width) : 0;
  const size_t pad = body.size() < width ? width - body.size() : 0;
  if (!s.minus) out->append(pad, ' ');
  out->append(body);
  if (s.minus) out->append(pad, ' ');
}

// `count` is a character limit (-1: up to the terminator).
std::string NarrowText(const char* text, long count, int precision) {
  std::string body;
  for (long i = 0; count < 0 || i < count; ++i) {
    if (count < 0 && text[i] == '\0') break;
    if (precision >= 0 && static_cast<long>(body.size()) >= precision) break;
    body.push_back(text[i]);
  }
  return body;
}

std::string WideText(const wchar_t* text, long count, int precision) {
  std::string body;
  long chars = 0;
  for (long i = 0; count < 0 || i < count; ++i) {
    if (count < 0 && text[i] == L'\0') break;
    if (precision >= 0 && chars >= precision) break;
    AppendUtf8(&body, static_cast<uint32_t>(text[i]));
    ++chars;
  }
  return body;
}

void AppendInteger(std::string* out, const Spec& s, uint64_t magnitude, bool negative) {
  const char c = s.conversion;
  const bool is_signed = c == 'd' || c == 'i';
  const unsigned base = (c == 'o') ? 8 : (c == 'x' || c == 'X' || c == 'p') ? 16 : 10;
  const char* digits = (c == 'X' || c == 'p') ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string number;
  for (uint64_t v = magnitude; v != 0; v /= base) number.insert(number.begin(), digits[v % base]);
  int precision = s.precision;
  if (c == 'p' && precision < 0) precision = static_cast<int>(2 * sizeof(void*));
  if (precision >= 0) {
    if (static_cast<int>(number.size()) < precision) {
      number.insert(0, static_cast<size_t>(precision) - number.size(), '0');
    }
  } else if (number.empty()) {
    number = "0";
  }
  if (c == 'o' && s.hash && (number.empty() || number[0] != '0')) number.insert(0, "0");
  std::string prefix;
  if (is_signed) {
    if (negative) prefix = "-";
    else if (s.plus) prefix = "+";
    else if (s.space) prefix = " ";
  }
  if (s.hash && magnitude != 0 && (c == 'x' || c == 'X')) prefix += (c == 'x') ? "0x" : "0X";
  const size_t width = s.width > 0 ? static_cast<size_t>(s.width) : 0;
  if (s.zero && !s.minus && s.precision < 0 && prefix.size() + number.size() < width) {
    number.insert(0, width - prefix.size() - number.size(), '0');
  }
  AppendPadded(out, s, prefix + number);
}

}  // namespace

std::string FormatKernelString(const char* format, va_list args) {
  if (format == nullptr) return "(null)";
  va_list ap;
  va_copy(ap, args);
  std::string out;
  const char* p = format;
  while (*p != '\0') {
    if (*p != '%') {
      out.push_back(*p++);
      continue;
    }
    const char* start = p++;
    Spec s = Parse(p);
    if (s.conversion == '%') {
      out.push_back('%');
      continue;
    }
    // Only a known conversion consumes arguments (including '*' ones).
    const bool known = s.conversion != '\0' && std::strchr("diuoxXpcCsSZnfeEgGaA", s.conversion);
    if (!known) {
      out.append(start, p);
      continue;
    }
    if (s.width_star) {
      int w = va_arg(ap, int);
      if (w < 0) {
        s.minus = true;
        w = -w;
      }
      s.width = w;
    }
    if (s.precision_star) {
      const int prec = va_arg(ap, int);
      s.precision = prec < 0 ? -1 : prec;
    }
    switch (s.conversion) {
      case 'd':
      case 'i': {
        int64_t v;
        switch (s.size) {
          case Size::kHH: v = static_cast<signed char>(va_arg(ap, int)); break;
          case Size::kH: v = static_cast<short>(va_arg(ap, int)); break;
          case Size::kLL:
          case Size::kPtr:
          case Size::k64: v = va_arg(ap, long long); break;
          default: v = va_arg(ap, int); break;  // LLP64: l and I32 are 32 bits
        }
        const uint64_t magnitude =
            v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
        AppendInteger(&out, s, magnitude, v < 0);
        break;
      }
      case 'u':
      case 'o':
      case 'x':
      case 'X': {
        uint64_t v;
        switch (s.size) {
          case Size::kHH: v = static_cast<unsigned char>(va_arg(ap, unsigned)); break;
          case Size::kH: v = static_cast<unsigned short>(va_arg(ap, unsigned)); break;
          case Size::kLL:
          case Size::kPtr:
          case Size::k64: v = va_arg(ap, unsigned long long); break;
          default: v = va_arg(ap, unsigned); break;
        }
        AppendInteger(&out, s, v, false);
        break;
      }
      case 'p':
        AppendInteger(&out, s, reinterpret_cast<uintptr_t>(va_arg(ap, void*)), false);
        break;
      case 'c':
      case 'C': {
        const int v = va_arg(ap, int);
        std::string body;
        if (IsWideString(s)) {
          AppendUtf8(&body, static_cast<uint32_t>(static_cast<wint_t>(v)));
        } else {
          body.push_back(static_cast<char>(v));
        }
        AppendPadded(&out, s, body);
        break;
      }
      case 's':
      case 'S': {
        if (IsWideString(s)) {
          const wchar_t* text = va_arg(ap, const wchar_t*);
          AppendPadded(&out, s, text ? WideText(text, -1, s.precision) : "(null)");
        } else {
          const char* text = va_arg(ap, const char*);
          AppendPadded(&out, s, text ? NarrowText(text, -1, s.precision) : "(null)");
        }
        break;
      }
      case 'Z': {
        if (IsWideString(s)) {
          const UNICODE_STRING* str = va_arg(ap, const UNICODE_STRING*);
          if (str == nullptr || str->Buffer == nullptr) {
            AppendPadded(&out, s, "(null)");
          } else {
            AppendPadded(&out, s,
                         WideText(str->Buffer, str->Length / sizeof(WCHAR), s.precision));
          }
        } else {
          const CountedAnsi* str = va_arg(ap, const CountedAnsi*);
          if (str == nullptr || str->Buffer == nullptr) {
            AppendPadded(&out, s, "(null)");
          } else {
            AppendPadded(&out, s, NarrowText(str->Buffer, str->Length, s.precision));
          }
        }
        break;
      }
      case 'n':
        (void)va_arg(ap, void*);
        break;
      default:  // floating point: not supported by the kernel's DbgPrint
        (void)va_arg(ap, double);
        out.append(start, p);
        break;
    }
  }
  va_end(ap);
  return out;
}

std::string FormatWithKernelRules(const char* format, ...) {
  va_list args;
  va_start(args, format);
  std::string out = FormatKernelString(format, args);
  va_end(args);
  return out;
}

bool KernelFormatUsesUnicode(const char* format) {
  if (format == nullptr) return false;
  for (const char* p = format; *p != '\0';) {
    if (*p++ != '%') continue;
    const Spec s = Parse(p);
    if (s.conversion == 'Z' ? IsWideString(s)
                            : (std::strchr("cCsS", s.conversion) != nullptr && s.conversion != '\0' &&
                               IsWideString(s))) {
      return true;
    }
  }
  return false;
}

}  // namespace dbg
