// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: dbg/kernel_format_test.cc
// -----------------------------------------------------------------------------
//
// Table test of the kernel format language (dbg core).

#include "dbg/kernel_format.h"

#include <cstdint>
#include <string>

#include "gtest/gtest.h"
#include "poolsim/wdk/ntdef.h"

namespace dbg {
namespace {

struct CountedAnsi {
  USHORT Length;
  USHORT MaximumLength;
  char* Buffer;
};

TEST(KernelFormat, Table) {
  wchar_t wide[] = L"Wide";
  UNICODE_STRING name{6 * sizeof(WCHAR), 8 * sizeof(WCHAR), const_cast<WCHAR*>(L"file.txtXX")};
  UNICODE_STRING no_buffer{0, 0, nullptr};
  char ansi_text[] = "ansiXYZ";
  CountedAnsi ansi{4, 8, ansi_text};
  void* ptr = reinterpret_cast<void*>(uintptr_t{0xFFFFF80012345678});
  const struct {
    std::string got;
    const char* want;
  } kCases[] = {
      {FormatWithKernelRules("plain"), "plain"},
      {FormatWithKernelRules("100%%"), "100%"},
      {FormatWithKernelRules("%d %i", -5, 7), "-5 7"},
      {FormatWithKernelRules("%u", 4294967295u), "4294967295"},
      {FormatWithKernelRules("%x %X", 0xabcu, 0xabcu), "abc ABC"},
      {FormatWithKernelRules("%#x %#X %#o", 255u, 255u, 8u), "0xff 0XFF 010"},
      {FormatWithKernelRules("%#x", 0u), "0"},
      {FormatWithKernelRules("%o", 8u), "10"},
      // LLP64: l is 32 bits; only the low 32 bits of a 64-bit argument count.
      {FormatWithKernelRules("%lx", uint64_t{0x1122334455667788}), "55667788"},
      {FormatWithKernelRules("%ld", -1), "-1"},
      {FormatWithKernelRules("%lu", 4000000000u), "4000000000"},
      {FormatWithKernelRules("%llx", uint64_t{0x1122334455667788}), "1122334455667788"},
      {FormatWithKernelRules("%I64x", uint64_t{0x1122334455667788}), "1122334455667788"},
      {FormatWithKernelRules("%I64d", int64_t{-9000000000}), "-9000000000"},
      {FormatWithKernelRules("%I64u", uint64_t{18446744073709551615u}), "18446744073709551615"},
      {FormatWithKernelRules("%I32x", 0xdeadu), "dead"},
      {FormatWithKernelRules("%Ix", uintptr_t{0x123456789}), "123456789"},
      {FormatWithKernelRules("%Iu", size_t{5000000000}), "5000000000"},
      {FormatWithKernelRules("%Id", intptr_t{-5000000000}), "-5000000000"},
      {FormatWithKernelRules("%zu", size_t{42}), "42"},
      {FormatWithKernelRules("%hd %hu", 70000, 70000), "4464 4464"},
      {FormatWithKernelRules("%hhx", 0x1ff), "ff"},
      {FormatWithKernelRules("%p", ptr), "FFFFF80012345678"},
      {FormatWithKernelRules("%p", static_cast<void*>(nullptr)), "0000000000000000"},
      // Widths, precision, flags, '*'.
      {FormatWithKernelRules("[%5d]", 42), "[   42]"},
      {FormatWithKernelRules("[%-5d]", 42), "[42   ]"},
      {FormatWithKernelRules("[%05d]", -42), "[-0042]"},
      {FormatWithKernelRules("[%+d] [% d]", 3, 3), "[+3] [ 3]"},
      {FormatWithKernelRules("[%.3d]", 7), "[007]"},
      {FormatWithKernelRules("[%.0d]", 0), "[]"},
      {FormatWithKernelRules("[%08.3d]", 7), "[     007]"},
      {FormatWithKernelRules("[%*d]", 4, 1), "[   1]"},
      {FormatWithKernelRules("[%*d]", -4, 1), "[1   ]"},
      {FormatWithKernelRules("[%.*s]", 2, "abcdef"), "[ab]"},
      {FormatWithKernelRules("[%08X]", 0x1Fu), "[0000001F]"},
      {FormatWithKernelRules("[%-8s|%8s]", "ab", "cd"), "[ab      |      cd]"},
      // Strings and characters.
      {FormatWithKernelRules("%s", "narrow"), "narrow"},
      {FormatWithKernelRules("%s", static_cast<const char*>(nullptr)), "(null)"},
      {FormatWithKernelRules("%hs", "narrow"), "narrow"},
      {FormatWithKernelRules("%ws|%ls|%S", wide, wide, wide), "Wide|Wide|Wide"},
      {FormatWithKernelRules("%hS", "narrow"), "narrow"},
      {FormatWithKernelRules("%ws", static_cast<const wchar_t*>(nullptr)), "(null)"},
      {FormatWithKernelRules("%.2ws", wide), "Wi"},
      {FormatWithKernelRules("%c%c", 'o', 'k'), "ok"},
      {FormatWithKernelRules("%C%wc%lc", L'A', L'B', L'C'), "ABC"},
      {FormatWithKernelRules("%hC", 'n'), "n"},
      {FormatWithKernelRules("%wc", 0xE9), "\xC3\xA9"},  // U+00E9 in UTF-8
      {FormatWithKernelRules("%ws", L"\x20AC"), "\xE2\x82\xAC"},
      // Counted strings: exactly Length bytes, no terminator needed.
      {FormatWithKernelRules("%wZ", &name), "file.t"},
      {FormatWithKernelRules("[%10wZ]", &name), "[    file.t]"},
      {FormatWithKernelRules("[%.3wZ]", &name), "[fil]"},
      {FormatWithKernelRules("%wZ", static_cast<UNICODE_STRING*>(nullptr)), "(null)"},
      {FormatWithKernelRules("%wZ", &no_buffer), "(null)"},
      {FormatWithKernelRules("%Z", &ansi), "ansi"},
      {FormatWithKernelRules("%Z", static_cast<CountedAnsi*>(nullptr)), "(null)"},
      // What DbgPrint does not support, and malformed specifications.
      {FormatWithKernelRules("%f|%d", 1.5, 3), "%f|3"},
      {FormatWithKernelRules("%q|%d", 3), "%q|3"},
      {FormatWithKernelRules("end%"), "end%"},
      {FormatWithKernelRules("%5"), "%5"},
  };
  for (size_t i = 0; i < sizeof(kCases) / sizeof(kCases[0]); ++i) {
    EXPECT_EQ(kCases[i].got, kCases[i].want) << "case " << i;
  }
}

TEST(KernelFormat, NullFormatIsNull) {
  EXPECT_EQ(FormatWithKernelRules(nullptr), "(null)");
}

TEST(KernelFormat, CountsWrittenNothingForPercentN) {
  int n = 77;
  EXPECT_EQ(FormatWithKernelRules("ab%n%d", &n, 5), "ab5");
  EXPECT_EQ(n, 77);
}

TEST(KernelFormat, FindsUnicodeCodes) {
  const struct {
    const char* format;
    bool unicode;
  } kCases[] = {
      {"%s %d %c %Z %hs %hS %hC", false}, {"%wZ", true}, {"%ws", true}, {"%ls", true},
      {"%S", true},  {"%C", true},  {"%wc", true},  {"%lc", true},
      {"%-10.3ws", true}, {"100%% S", false}, {"", false},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(KernelFormatUsesUnicode(c.format), c.unicode) << c.format;
  }
  EXPECT_FALSE(KernelFormatUsesUnicode(nullptr));
}

}  // namespace
}  // namespace dbg
