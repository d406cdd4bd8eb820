// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/wdk/ntstrsafe_test.cc
// -----------------------------------------------------------------------------
//
// The safe string functions through their WDK names: the documented
// truncation and parameter rules, the kernel format language in the printf
// forms, the UNICODE_STRING forms, and the checks.

#include <cstring>
#include <string>

#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/irql.h"
#include "poolsim/testing/leak_check.h"
#include "rtl/wdk/ntstrsafe.h"
#include "rtl/wdk/rtl_c_sample.h"

namespace {

constexpr uint32_t kNullArgument = 0x1E;
constexpr uint32_t kIrqlNotLessOrEqual = 0x0A;
constexpr uint32_t kDriverIrqlNotLessOrEqual = 0xD1;
constexpr USHORT kW = sizeof(WCHAR);

std::wstring Text(const UNICODE_STRING& s) { return std::wstring(s.Buffer, s.Length / kW); }

TEST(CSampleTest, NtStrSafeAsADriverUsesIt) { EXPECT_EQ(SampleNtStrSafe(), 0); }

TEST(CopyTest, TruncationIsBufferOverflowWithATerminatedResult) {
  WCHAR w[4];
  EXPECT_EQ(RtlStringCchCopyW(w, 4, L"abc"), STATUS_SUCCESS);
  EXPECT_STREQ(w, L"abc");
  EXPECT_EQ(RtlStringCchCopyW(w, 4, L"abcdef"), STATUS_BUFFER_OVERFLOW);
  EXPECT_STREQ(w, L"abc");
  EXPECT_EQ(RtlStringCbCopyW(w, sizeof(w), L"wxyz"), STATUS_BUFFER_OVERFLOW);
  EXPECT_STREQ(w, L"wxy");
  EXPECT_EQ(RtlStringCchCopyNW(w, 4, L"abcdef", 2), STATUS_SUCCESS);
  EXPECT_STREQ(w, L"ab");
  EXPECT_EQ(RtlStringCbCopyNW(w, sizeof(w), L"abcdef", 5 * kW), STATUS_BUFFER_OVERFLOW);
  EXPECT_STREQ(w, L"abc");
  char a[3];
  EXPECT_EQ(RtlStringCchCopyA(a, 3, "hi"), STATUS_SUCCESS);
  EXPECT_EQ(RtlStringCbCopyNA(a, 3, "hello", 1), STATUS_SUCCESS);
  EXPECT_STREQ(a, "h");
}

TEST(CopyTest, ZeroOrOversizedDestinationsAreInvalid) {
  WCHAR w[4] = {L'x', L'x', L'x', 0};
  EXPECT_EQ(RtlStringCchCopyW(w, 0, L"a"), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(w[0], L'x');  // nothing may be written
  EXPECT_EQ(RtlStringCchCopyW(w, NTSTRSAFE_MAX_CCH + 1ull, L"a"), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(w[0], L'\0');
  EXPECT_EQ(RtlStringCbCopyW(w, 1, L"a"), STATUS_INVALID_PARAMETER);  // less than one WCHAR
  char a[4];
  EXPECT_EQ(RtlStringCchCopyNA(a, 4, "abc", NTSTRSAFE_MAX_CCH + 1ull), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(a[0], '\0');
}

TEST(CatTest, AppendsTruncatesAndNeedsATerminator) {
  char a[8] = "ab";
  EXPECT_EQ(RtlStringCchCatA(a, 8, "cd"), STATUS_SUCCESS);
  EXPECT_STREQ(a, "abcd");
  EXPECT_EQ(RtlStringCchCatNA(a, 8, "efgh", 1), STATUS_SUCCESS);
  EXPECT_STREQ(a, "abcde");
  EXPECT_EQ(RtlStringCbCatA(a, sizeof(a), "xyz"), STATUS_BUFFER_OVERFLOW);
  EXPECT_STREQ(a, "abcdexy");
  char full[3] = {'a', 'b', 'c'};
  EXPECT_EQ(RtlStringCchCatA(full, 3, "d"), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(full[0], 'a');
  WCHAR w[6] = L"a";
  EXPECT_EQ(RtlStringCbCatW(w, sizeof(w), L"bc"), STATUS_SUCCESS);
  EXPECT_EQ(RtlStringCbCatNW(w, sizeof(w), L"defg", 4 * kW), STATUS_BUFFER_OVERFLOW);
  EXPECT_STREQ(w, L"abcde");
  EXPECT_EQ(RtlStringCchCatNW(w, 6, L"", 0), STATUS_SUCCESS);
  EXPECT_EQ(RtlStringCchCatW(w, 6, L""), STATUS_SUCCESS);
}

TEST(LengthTest, CountsWithinTheLimit) {
  size_t n = 99;
  EXPECT_EQ(RtlStringCchLengthA("abc", 10, &n), STATUS_SUCCESS);
  EXPECT_EQ(n, 3u);
  EXPECT_EQ(RtlStringCbLengthW(L"abc", 10 * kW, &n), STATUS_SUCCESS);
  EXPECT_EQ(n, 3u * kW);
  EXPECT_EQ(RtlStringCchLengthW(L"abc", 3, &n), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(RtlStringCchLengthW(nullptr, 3, &n), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(RtlStringCbLengthA("a", 0, nullptr), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(RtlStringCbLengthA("a", 2, nullptr), STATUS_SUCCESS);
}

TEST(PrintfTest, KernelFormatLanguage) {
  UNICODE_STRING u = RTL_CONSTANT_STRING(L"name");
  ANSI_STRING z = RTL_CONSTANT_STRING("ansi");
  char a[96];
  EXPECT_EQ(RtlStringCchPrintfA(a, sizeof(a), "%wZ %Z %ws %lx %I64u %Iu %S", &u, &z, L"w",
                                static_cast<ULONG>(0xABC), 12345678901234ull,
                                static_cast<size_t>(7), L"wide"),
            STATUS_SUCCESS);
  EXPECT_STREQ(a, "name ansi w abc 12345678901234 7 wide");
  WCHAR w[64];
  EXPECT_EQ(RtlStringCchPrintfW(w, 64, L"%s|%S|%c|%C|%wZ|%08x|%-4d|", L"wide", "narrow", L'W',
                                'n', &u, 0x1Fu, 5),
            STATUS_SUCCESS);
  EXPECT_STREQ(w, L"wide|narrow|W|n|name|0000001f|5   |");
  EXPECT_EQ(RtlStringCbPrintfW(w, 6 * kW, L"%d-%d", 1234, 5678), STATUS_BUFFER_OVERFLOW);
  EXPECT_STREQ(w, L"1234-");
  EXPECT_EQ(RtlStringCbPrintfA(a, 4, "%s", "abcdef"), STATUS_BUFFER_OVERFLOW);
  EXPECT_STREQ(a, "abc");
  EXPECT_EQ(RtlStringCchPrintfW(w, 64, L"caf\u00e9 %s", L"\u4e2d"), STATUS_SUCCESS);
  EXPECT_STREQ(w, L"caf\u00e9 \u4e2d");
}

NTSTATUS VPrintfThrough(PWSTR dest, size_t chars, PCWSTR format, ...) {
  va_list args;
  va_start(args, format);
  const NTSTATUS status = RtlStringCchVPrintfW(dest, chars, format, args);
  va_end(args);
  return status;
}

NTSTATUS UnicodeVPrintfThrough(PUNICODE_STRING dest, PCWSTR format, ...) {
  va_list args;
  va_start(args, format);
  const NTSTATUS status = RtlUnicodeStringVPrintf(dest, format, args);
  va_end(args);
  return status;
}

TEST(PrintfTest, VPrintfForms) {
  WCHAR w[16];
  EXPECT_EQ(VPrintfThrough(w, 16, L"%u+%u", 2u, 3u), STATUS_SUCCESS);
  EXPECT_STREQ(w, L"2+3");
  DECLARE_UNICODE_STRING_SIZE(u, 4);
  EXPECT_EQ(UnicodeVPrintfThrough(&u, L"%d", 123456), STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(Text(u), L"1234");
}

TEST(UnicodeStringTest, InitAndValidate) {
  UNICODE_STRING s;
  EXPECT_EQ(RtlUnicodeStringInit(&s, L"abc"), STATUS_SUCCESS);
  EXPECT_EQ(s.Length, 3 * kW);
  EXPECT_EQ(s.MaximumLength, 3 * kW);
  EXPECT_EQ(RtlUnicodeStringValidate(&s), STATUS_SUCCESS);
  EXPECT_EQ(RtlUnicodeStringInit(&s, nullptr), STATUS_SUCCESS);
  EXPECT_EQ(s.Buffer, nullptr);
  EXPECT_EQ(RtlUnicodeStringInit(nullptr, L"x"), STATUS_INVALID_PARAMETER);
  const std::wstring huge(NTSTRSAFE_UNICODE_STRING_MAX_CCH + 1, L'x');
  EXPECT_EQ(RtlUnicodeStringInit(&s, huge.c_str()), STATUS_INVALID_PARAMETER);
  WCHAR b[4];
  UNICODE_STRING bad{3 * kW, 2 * kW, b};
  EXPECT_EQ(RtlUnicodeStringValidate(&bad), STATUS_INVALID_PARAMETER);
  bad = UNICODE_STRING{1, 4 * kW, b};
  EXPECT_EQ(RtlUnicodeStringValidate(&bad), STATUS_INVALID_PARAMETER);
  bad = UNICODE_STRING{0, 4 * kW, nullptr};
  EXPECT_EQ(RtlUnicodeStringValidate(&bad), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(RtlUnicodeStringValidate(nullptr), STATUS_INVALID_PARAMETER);
}

TEST(UnicodeStringTest, CopyAndCatTruncateWithoutTerminating) {
  WCHAR b[5];
  std::memset(b, 0x7F, sizeof(b));
  UNICODE_STRING d{0, 4 * kW, b};
  UNICODE_STRING s = RTL_CONSTANT_STRING(L"abc");
  EXPECT_EQ(RtlUnicodeStringCopy(&d, &s), STATUS_SUCCESS);
  EXPECT_EQ(Text(d), L"abc");
  EXPECT_EQ(RtlUnicodeStringCat(&d, &s), STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(Text(d), L"abca");
  EXPECT_NE(b[4], L'\0');  // counted strings are not terminated
  EXPECT_EQ(RtlUnicodeStringCopyString(&d, L"xy"), STATUS_SUCCESS);
  EXPECT_EQ(RtlUnicodeStringCatString(&d, L"zw"), STATUS_SUCCESS);
  EXPECT_EQ(Text(d), L"xyzw");
  EXPECT_EQ(RtlUnicodeStringCatString(&d, L"q"), STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(RtlUnicodeStringCopyString(&d, L"12345"), STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(Text(d), L"1234");
  UNICODE_STRING bad{6 * kW, 4 * kW, b};
  EXPECT_EQ(RtlUnicodeStringCopy(&bad, &s), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(RtlUnicodeStringCat(&d, &bad), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(RtlUnicodeStringCopyString(&d, nullptr), STATUS_INVALID_PARAMETER);
  UNICODE_STRING u = RTL_CONSTANT_STRING(L"n");
  EXPECT_EQ(RtlUnicodeStringPrintf(&d, L"<%wZ>", &u), STATUS_SUCCESS);
  EXPECT_EQ(Text(d), L"<n>");
}

TEST(ExTest, EndPointerAndRemainingCount) {
  WCHAR w[8];
  PWSTR end = nullptr;
  size_t remaining = 0;
  EXPECT_EQ(RtlStringCchCopyExW(w, 8, L"abc", &end, &remaining, 0), STATUS_SUCCESS);
  EXPECT_EQ(end, w + 3);
  EXPECT_EQ(*end, L'\0');
  EXPECT_EQ(remaining, 5u);
  EXPECT_EQ(RtlStringCchCatExW(w, 8, L"de", &end, &remaining, 0), STATUS_SUCCESS);
  EXPECT_STREQ(w, L"abcde");
  EXPECT_EQ(end, w + 5);
  EXPECT_EQ(remaining, 3u);
  EXPECT_EQ(RtlStringCbCatExW(w, sizeof(w), L"fghij", &end, &remaining, 0),
            STATUS_BUFFER_OVERFLOW);
  EXPECT_STREQ(w, L"abcdefg");
  EXPECT_EQ(end, w + 7);
  EXPECT_EQ(remaining, 1u * kW);  // bytes for the Cb forms
  char a[8];
  PSTR aend = nullptr;
  EXPECT_EQ(RtlStringCbPrintfExA(a, sizeof(a), &aend, &remaining, 0, "%u-%u", 1u, 2u),
            STATUS_SUCCESS);
  EXPECT_STREQ(a, "1-2");
  EXPECT_EQ(aend, a + 3);
  EXPECT_EQ(remaining, 5u);
  EXPECT_EQ(RtlStringCchPrintfExW(w, 8, nullptr, nullptr, 0, L"%s!", L"x"), STATUS_SUCCESS);
  EXPECT_STREQ(w, L"x!");
  EXPECT_EQ(RtlStringCbCopyExA(a, sizeof(a), "xyz", nullptr, nullptr, 0x80000000u),
            STATUS_INVALID_PARAMETER);  // unknown flag
}

TEST(ExTest, FillAndFailureFlags) {
  char a[6];
  EXPECT_EQ(RtlStringCchCopyExA(a, 6, "ab", nullptr, nullptr, STRSAFE_FILL_BYTE('*')),
            STATUS_SUCCESS);
  EXPECT_EQ(std::string(a, 6), std::string("ab\0***", 6));
  size_t remaining = 0;
  PSTR end = nullptr;
  EXPECT_EQ(RtlStringCchCopyExA(a, 6, "toolong", &end, &remaining, STRSAFE_FAILURE_BYTE('#')),
            STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(std::string(a, 6), std::string("#####\0", 6));
  EXPECT_EQ(end, a + 5);
  EXPECT_EQ(remaining, 1u);
  EXPECT_EQ(RtlStringCchCopyExA(a, 6, "toolong", &end, &remaining, STRSAFE_NULL_ON_FAILURE),
            STATUS_BUFFER_OVERFLOW);
  EXPECT_STREQ(a, "");
  EXPECT_EQ(end, a);
  EXPECT_EQ(remaining, 6u);
  EXPECT_EQ(RtlStringCchCopyExA(a, 6, "abc", nullptr, nullptr, 0), STATUS_SUCCESS);
  // A concatenation that does not fit leaves the destination as it was.
  EXPECT_EQ(RtlStringCchCatExA(a, 6, "defg", &end, &remaining, STRSAFE_NO_TRUNCATION),
            STATUS_BUFFER_OVERFLOW);
  EXPECT_STREQ(a, "abc");
  EXPECT_EQ(end, a + 3);
  EXPECT_EQ(remaining, 3u);
  EXPECT_EQ(RtlStringCchCatExA(a, 6, "de", nullptr, nullptr, 0), STATUS_SUCCESS);  // fits
  EXPECT_STREQ(a, "abcde");
}

TEST(ExTest, IgnoreNulls) {
  WCHAR w[4] = {L'x', 0};
  size_t remaining = 9;
  EXPECT_EQ(RtlStringCchCopyExW(w, 4, nullptr, nullptr, &remaining, STRSAFE_IGNORE_NULLS),
            STATUS_SUCCESS);
  EXPECT_STREQ(w, L"");
  EXPECT_EQ(remaining, 4u);
  EXPECT_EQ(RtlStringCchCatExW(nullptr, 0, L"", nullptr, nullptr, STRSAFE_IGNORE_NULLS),
            STATUS_SUCCESS);
  // A NULL destination cannot receive a nonempty string; a real one of size 0
  // overflows.
  EXPECT_EQ(RtlStringCchCatExW(nullptr, 0, L"a", nullptr, nullptr, STRSAFE_IGNORE_NULLS),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(RtlStringCchCatExW(w, 0, L"a", nullptr, nullptr, STRSAFE_IGNORE_NULLS),
            STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(RtlStringCchCopyExW(nullptr, 4, L"a", nullptr, nullptr, STRSAFE_IGNORE_NULLS),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(RtlStringCchCopyExW(w, 0, L"a", nullptr, nullptr, 0), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(RtlStringCchPrintfExW(w, 4, nullptr, nullptr, STRSAFE_IGNORE_NULLS, nullptr),
            STATUS_SUCCESS);
  EXPECT_BUGCHECK(RtlStringCchCopyExW(w, 4, nullptr, nullptr, nullptr, 0), kNullArgument);
  EXPECT_BUGCHECK(RtlStringCchCopyExW(nullptr, 4, L"a", nullptr, nullptr, 0), kNullArgument);
}

TEST(ChecksTest, NullPointersInTheCchCbFormsAreAccessViolations) {
  WCHAR w[4];
  EXPECT_BUGCHECK(RtlStringCchCopyW(nullptr, 4, L"a"), kNullArgument);
  EXPECT_BUGCHECK(RtlStringCchCopyW(w, 4, nullptr), kNullArgument);
  EXPECT_EQ(w[0], L'\0');
  EXPECT_BUGCHECK(RtlStringCbCatA(nullptr, 4, "a"), kNullArgument);
  EXPECT_BUGCHECK(RtlStringCchPrintfW(w, 4, nullptr), kNullArgument);
}

TEST(ChecksTest, ACchGivenTheSizeInBytesOverrunsThePoolBlock) {
  // The classic mix-up: a byte count passed where a character count belongs.
  constexpr size_t kChars = 8;
  auto* buffer = static_cast<PWSTR>(ExAllocatePool2(POOL_FLAG_NON_PAGED, kChars * kW, 'tseT'));
  ASSERT_NE(buffer, nullptr);
  const size_t wrong = kChars * kW;  // sizeof the buffer, not RTL_NUMBER_OF
  EXPECT_EQ(RtlStringCchCopyW(buffer, wrong, L"short"), STATUS_SUCCESS);  // stays inside
  EXPECT_BUGCHECK(RtlStringCchCopyW(buffer, wrong, L"a string longer than eight"),
                  kNullArgument);
  EXPECT_STREQ(buffer, L"short");  // nothing written
  EXPECT_BUGCHECK(RtlStringCchCatW(buffer, wrong, L" and more"), kNullArgument);
  EXPECT_BUGCHECK(RtlStringCchPrintfW(buffer, wrong, L"%s", L"0123456789"), kNullArgument);
  EXPECT_BUGCHECK(
      RtlStringCchCopyExW(buffer, wrong, L"x", nullptr, nullptr, STRSAFE_FILL_BYTE(0)),
      kNullArgument);  // the fill would cover the whole claimed size
  EXPECT_EQ(RtlStringCchCopyW(buffer, kChars, L"a string longer than eight"),
            STATUS_BUFFER_OVERFLOW);  // the right count truncates
  EXPECT_EQ(std::wstring(buffer), L"a strin");
  // A destination with no terminator inside its block is not read beyond it.
  for (size_t i = 0; i < kChars; ++i) buffer[i] = L'z';
  EXPECT_BUGCHECK(RtlStringCchCatW(buffer, wrong, L"!"), kNullArgument);
  ExFreePool(buffer);
}

TEST(ChecksTest, UnicodeStringLargerThanItsPoolBlock) {
  auto* block = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_NON_PAGED, 4 * kW, 'tseT'));
  ASSERT_NE(block, nullptr);
  UNICODE_STRING d{0, 16 * kW, block};  // claims 16 characters, holds 4
  EXPECT_EQ(RtlUnicodeStringCopyString(&d, L"abc"), STATUS_SUCCESS);
  EXPECT_BUGCHECK(RtlUnicodeStringCatString(&d, L"defgh"), kNullArgument);
  EXPECT_EQ(Text(d), L"abc");
  ExFreePool(block);
}

TEST(ChecksTest, IrqlRules) {
  char a[16];
  WCHAR w[16];
  UNICODE_STRING u = RTL_CONSTANT_STRING(L"u");
  {
    poolsim::ScopedIrql dispatch(poolsim::kDispatchLevel);
    EXPECT_EQ(RtlStringCchCopyA(a, 16, "resident"), STATUS_SUCCESS);
    EXPECT_EQ(RtlStringCchPrintfA(a, 16, "%d", 5), STATUS_SUCCESS);  // narrow: allowed
    EXPECT_BUGCHECK(RtlStringCchPrintfA(a, 16, "%wZ", &u), kIrqlNotLessOrEqual);
    EXPECT_BUGCHECK(RtlStringCchPrintfW(w, 16, L"%d", 5), kIrqlNotLessOrEqual);
  }
  poolsim::ScopedIrql high(poolsim::kProfileLevel);
  EXPECT_BUGCHECK(RtlStringCchCopyA(a, 16, "x"), kIrqlNotLessOrEqual);
}

TEST(ChecksTest, PagedDestinationsAtDispatch) {
  auto* paged = static_cast<char*>(ExAllocatePool2(POOL_FLAG_PAGED, 16, 'tseT'));
  ASSERT_NE(paged, nullptr);
  {
    poolsim::ScopedIrql dispatch(poolsim::kDispatchLevel);
    EXPECT_BUGCHECK(RtlStringCbCopyA(paged, 16, "x"), kDriverIrqlNotLessOrEqual);
  }
  EXPECT_EQ(RtlStringCbCopyA(paged, 16, "x"), STATUS_SUCCESS);
  ExFreePool(paged);
}

}  // namespace
