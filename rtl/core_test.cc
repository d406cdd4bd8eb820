// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/core_test.cc
// -----------------------------------------------------------------------------
//
// The run-time library core on its own: case mapping, comparison, integer
// conversion.

#include <string>

#include "gtest/gtest.h"
#include "rtl/case_mapping.h"
#include "rtl/counted_string.h"
#include "rtl/safe_string.h"

namespace rtl {
namespace {

TEST(CaseMappingTest, MapsEachCoveredScriptBothWays) {
  const struct {
    uint32_t lower;
    uint32_t upper;
  } cases[] = {{'a', 'A'},       {'z', 'Z'},       {0xE9, 0xC9},     {0xFF, 0x178},
               {0x101, 0x100},   {0x13A, 0x139},   {0x17E, 0x17D},   {0x3B1, 0x391},
               {0x3AC, 0x386},   {0x3CE, 0x38F},   {0x430, 0x410},   {0x451, 0x401},
               {0xFF41, 0xFF21}};
  for (const auto& c : cases) {
    EXPECT_EQ(UpcaseChar(c.lower), c.upper) << std::hex << c.lower;
    EXPECT_EQ(DowncaseChar(c.upper), c.lower) << std::hex << c.upper;
  }
  EXPECT_EQ(UpcaseChar(0x3C2), 0x3A3u);  // final sigma
  EXPECT_EQ(DowncaseChar(0x3A3), 0x3C3u);
}

TEST(CaseMappingTest, LeavesOtherCharactersAlone) {
  for (uint32_t c : {uint32_t{'1'}, uint32_t{'A'}, uint32_t{0xF7}, uint32_t{0xDF},
                     uint32_t{0x138}, uint32_t{0x4E2D}}) {
    EXPECT_EQ(UpcaseChar(c), c) << std::hex << c;
  }
  EXPECT_EQ(DowncaseChar(0xD7), 0xD7u);  // the multiplication sign
  EXPECT_EQ(UpcaseChar(0xF7), 0xF7u);
  EXPECT_EQ(UpcaseChar(0x138), 0x138u);
  EXPECT_EQ(DowncaseChar(0x4E2D), 0x4E2Du);
}

TEST(CompareCharsTest, FirstDifferenceThenLength) {
  const std::wstring abc = L"abc";
  const std::wstring abd = L"abd";
  const std::wstring ab = L"ab";
  const std::wstring upper = L"ABC";
  EXPECT_LT(CompareChars(abc.data(), 3, abd.data(), 3, false), 0);
  EXPECT_GT(CompareChars(abd.data(), 3, abc.data(), 3, false), 0);
  EXPECT_GT(CompareChars(abc.data(), 3, ab.data(), 2, false), 0);
  EXPECT_NE(CompareChars(abc.data(), 3, upper.data(), 3, false), 0);
  EXPECT_EQ(CompareChars(abc.data(), 3, upper.data(), 3, true), 0);
}

TEST(CompareAnsiCharsTest, UnsignedBytesAndCase) {
  EXPECT_LT(CompareAnsiChars("a", 1, "\xE9", 1, false), 0);  // 0x61 < 0xE9 unsigned
  EXPECT_EQ(CompareAnsiChars("caf\xE9", 4, "CAF\xC9", 4, true), 0);
  EXPECT_NE(CompareAnsiChars("caf\xE9", 4, "CAF\xC9", 4, false), 0);
  EXPECT_EQ(UpcaseAnsiChar('\xFF'), '\xFF');  // its capital is not a byte
}

TEST(HashTest, X65599) {
  // 'a' * 65599 + 'b' = 97 * 65599 + 98.
  EXPECT_EQ(HashX65599(L"ab", 2, false), 97u * 65599u + 98u);
  EXPECT_EQ(HashX65599(L"", 0, false), 0u);
  EXPECT_EQ(HashX65599(L"Name", 4, true), HashX65599(L"NAME", 4, false));
  EXPECT_NE(HashX65599(L"Name", 4, false), HashX65599(L"NAME", 4, false));
}

TEST(ParseIntegerTest, DocumentedExamples) {
  const struct {
    const wchar_t* text;
    uint32_t base;
    uint32_t value;
  } cases[] = {{L"123", 10, 123},           {L"-345", 10, static_cast<uint32_t>(-345)},
               {L"xyz", 10, 0},             {L"+678abc", 10, 678},
               {L"+678abc", 16, 0x678abc},  {L"  0x1F", 0, 0x1F},
               {L"0o17", 0, 017},           {L"0b101", 0, 5},
               {L"101", 2, 5},              {L"779", 8, 077}};
  for (const auto& c : cases) {
    const std::wstring s = c.text;
    uint32_t value = 0xDEAD;
    EXPECT_EQ(ParseInteger(s.data(), s.size(), c.base, &value), IntegerOutcome::kOk);
    EXPECT_EQ(value, c.value) << std::wstring(c.text).size();
  }
  uint32_t value = 7;
  EXPECT_EQ(ParseInteger(L"", 0, 10, &value), IntegerOutcome::kEmpty);
  EXPECT_EQ(ParseInteger(L"1", 1, 7, &value), IntegerOutcome::kInvalidBase);
  EXPECT_EQ(value, 7u);
}

TEST(FormatIntegerTest, BasesAndDigits) {
  std::wstring out;
  EXPECT_EQ(FormatInteger(255, 16, &out), IntegerOutcome::kOk);
  EXPECT_EQ(out, L"FF");
  EXPECT_EQ(FormatInteger(255, 0, &out), IntegerOutcome::kOk);
  EXPECT_EQ(out, L"255");
  EXPECT_EQ(FormatInteger(5, 2, &out), IntegerOutcome::kOk);
  EXPECT_EQ(out, L"101");
  EXPECT_EQ(FormatInteger(0, 8, &out), IntegerOutcome::kOk);
  EXPECT_EQ(out, L"0");
  EXPECT_EQ(FormatInteger(0xFFFFFFFFFFFFFFFFull, 10, &out), IntegerOutcome::kOk);
  EXPECT_EQ(out, L"18446744073709551615");
  EXPECT_EQ(FormatInteger(1, 3, &out), IntegerOutcome::kInvalidBase);
}

TEST(SafeStringTest, CopyTruncatesAndTerminates) {
  char d[4];
  EXPECT_EQ(SafeCopy(d, 4, "abc", kNoLimit), SafeOutcome::kOk);
  EXPECT_STREQ(d, "abc");
  EXPECT_EQ(SafeCopy(d, 4, "abcd", kNoLimit), SafeOutcome::kTruncated);
  EXPECT_STREQ(d, "abc");
  EXPECT_EQ(SafeCopy(d, 4, "abcd", 2), SafeOutcome::kOk);
  EXPECT_STREQ(d, "ab");
  EXPECT_EQ(SafeCopy(d, 0, "a", kNoLimit), SafeOutcome::kInvalidParameter);
  EXPECT_EQ(SafeCopy(d, kSafeMaxChars + 1, "a", kNoLimit), SafeOutcome::kInvalidParameter);
  EXPECT_EQ(d[0], '\0');
}

TEST(SafeStringTest, CatNeedsATerminatorInTheBuffer) {
  wchar_t d[6] = L"ab";
  EXPECT_EQ(SafeCat(d, 6, L"cd", kNoLimit), SafeOutcome::kOk);
  EXPECT_EQ(std::wstring(d), L"abcd");
  EXPECT_EQ(SafeCat(d, 6, L"efg", kNoLimit), SafeOutcome::kTruncated);
  EXPECT_EQ(std::wstring(d), L"abcde");
  wchar_t full[2] = {L'x', L'y'};
  EXPECT_EQ(SafeCat(full, 2, L"z", kNoLimit), SafeOutcome::kInvalidParameter);
  EXPECT_EQ(full[1], L'y');
}

TEST(SafeStringTest, Length) {
  size_t n = 99;
  EXPECT_EQ(SafeLength("abc", 4, &n), SafeOutcome::kOk);
  EXPECT_EQ(n, 3u);
  EXPECT_EQ(SafeLength("abc", 3, &n), SafeOutcome::kInvalidParameter);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(SafeLength<char>(nullptr, 3, &n), SafeOutcome::kInvalidParameter);
}

TEST(SafeStringTest, WideFormatsSwapTheNarrowAndWideCodes) {
  EXPECT_EQ(WideFormatForKernel(L"%s %c %S %C"), "%ws %wc %hs %hc");
  EXPECT_EQ(WideFormatForKernel(L"%-10.3s|%ls|%hs|%wZ|%Z|%I64x|%%s"),
            "%-10.3ws|%ls|%hs|%wZ|%Z|%I64x|%%s");
  EXPECT_EQ(WideFormatForKernel(L"caf\u00e9 %d"), "caf\xC3\xA9 %d");
}

TEST(SafeStringTest, Utf8RoundTrip) {
  EXPECT_EQ(WideFromUtf8("a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80"), L"a\u00e9\u4e2d\U0001F600");
  EXPECT_EQ(WideFromUtf8("\xFF"), std::wstring(1, static_cast<wchar_t>(0xFFFD)));
  EXPECT_EQ(WideFromUtf8("\xE4\xB8"), std::wstring(1, static_cast<wchar_t>(0xFFFD)));
}

}  // namespace
}  // namespace rtl
