// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/wdk/strings_test.cc
// -----------------------------------------------------------------------------
//
// The counted-string routines through their WDK names, as a driver calls
// them: results, statuses, the pool they allocate from, and each check.

#include <cstring>
#include <string>

#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/irql.h"
#include "poolsim/testing/leak_check.h"
#include "rtl/wdk/rtl.h"
#include "rtl/wdk/rtl_c_sample.h"

namespace {

constexpr uint32_t kNullArgument = 0x1E;  // KMODE_EXCEPTION_NOT_HANDLED
constexpr uint32_t kIrqlNotLessOrEqual = 0x0A;
constexpr uint32_t kDriverIrqlNotLessOrEqual = 0xD1;
constexpr uint32_t kBadPoolCaller = 0xC2;
constexpr USHORT kW = sizeof(WCHAR);

std::wstring Text(const UNICODE_STRING& s) { return std::wstring(s.Buffer, s.Length / kW); }

TEST(CSampleTest, StringsAsADriverUsesThem) { EXPECT_EQ(SampleStrings(), 0); }

TEST(InitTest, PointsAtTheSourceAndCountsTheTerminator) {
  UNICODE_STRING s;
  RtlInitUnicodeString(&s, L"abc");
  EXPECT_EQ(s.Length, 3 * kW);
  EXPECT_EQ(s.MaximumLength, 4 * kW);
  EXPECT_EQ(Text(s), L"abc");
  RtlInitUnicodeString(&s, nullptr);
  EXPECT_EQ(s.Length, 0);
  EXPECT_EQ(s.MaximumLength, 0);
  EXPECT_EQ(s.Buffer, nullptr);
  ANSI_STRING a;
  RtlInitAnsiString(&a, "hello");
  EXPECT_EQ(a.Length, 5);
  EXPECT_EQ(a.MaximumLength, 6);
  EXPECT_EQ(RtlInitAnsiStringEx(&a, "x"), STATUS_SUCCESS);
  EXPECT_EQ(a.Length, 1);
}

TEST(InitTest, TooLongIsCutOrRefused) {
  const std::wstring huge(20000, L'x');
  UNICODE_STRING s;
  RtlInitUnicodeString(&s, huge.c_str());
  EXPECT_EQ(s.Length % kW, 0);
  EXPECT_EQ(s.MaximumLength, s.Length + kW);
  EXPECT_LE(s.MaximumLength, 0xFFFE);
  EXPECT_EQ(RtlInitUnicodeStringEx(&s, huge.c_str()), STATUS_NAME_TOO_LONG);
  EXPECT_EQ(s.Length, 0);
  EXPECT_EQ(RtlInitUnicodeStringEx(&s, L"ok"), STATUS_SUCCESS);
  EXPECT_EQ(s.Length, 2 * kW);
}

TEST(CopyTest, TruncatesToTheDestinationAndTerminatesWhenThereIsRoom) {
  WCHAR buffer[4];
  UNICODE_STRING d{0, sizeof(buffer), buffer};
  UNICODE_STRING s = RTL_CONSTANT_STRING(L"abcdef");
  RtlCopyUnicodeString(&d, &s);
  EXPECT_EQ(Text(d), L"abcd");
  UNICODE_STRING shorter = RTL_CONSTANT_STRING(L"xy");
  RtlCopyUnicodeString(&d, &shorter);
  EXPECT_EQ(Text(d), L"xy");
  EXPECT_EQ(buffer[2], L'\0');
  RtlCopyUnicodeString(&d, nullptr);
  EXPECT_EQ(d.Length, 0);
}

TEST(AppendTest, TooSmallLeavesTheDestinationUnchanged) {
  WCHAR buffer[6] = {};
  UNICODE_STRING d{0, sizeof(buffer), buffer};
  EXPECT_EQ(RtlAppendUnicodeToString(&d, L"abc"), STATUS_SUCCESS);
  EXPECT_EQ(RtlAppendUnicodeToString(&d, nullptr), STATUS_SUCCESS);
  UNICODE_STRING more = RTL_CONSTANT_STRING(L"defg");
  EXPECT_EQ(RtlAppendUnicodeStringToString(&d, &more), STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(Text(d), L"abc");
  UNICODE_STRING fits = RTL_CONSTANT_STRING(L"def");
  EXPECT_EQ(RtlAppendUnicodeStringToString(&d, &fits), STATUS_SUCCESS);
  EXPECT_EQ(Text(d), L"abcdef");
  EXPECT_EQ(RtlAppendUnicodeToString(&d, L"g"), STATUS_BUFFER_TOO_SMALL);
}

TEST(CompareTest, OrderEqualityPrefixSuffix) {
  UNICODE_STRING a = RTL_CONSTANT_STRING(L"File.TXT");
  UNICODE_STRING b = RTL_CONSTANT_STRING(L"file.txt");
  UNICODE_STRING p = RTL_CONSTANT_STRING(L"FILE");
  UNICODE_STRING x = RTL_CONSTANT_STRING(L".txt");
  EXPECT_NE(RtlCompareUnicodeString(&a, &b, FALSE), 0);
  EXPECT_LT(RtlCompareUnicodeString(&a, &b, FALSE), 0);  // 'F' < 'f'
  EXPECT_EQ(RtlCompareUnicodeString(&a, &b, TRUE), 0);
  EXPECT_GT(RtlCompareUnicodeString(&a, &p, TRUE), 0);  // longer
  EXPECT_FALSE(RtlEqualUnicodeString(&a, &b, FALSE));
  EXPECT_TRUE(RtlEqualUnicodeString(&a, &b, TRUE));
  EXPECT_TRUE(RtlPrefixUnicodeString(&p, &a, TRUE));
  EXPECT_FALSE(RtlPrefixUnicodeString(&p, &b, FALSE));
  EXPECT_FALSE(RtlPrefixUnicodeString(&a, &p, TRUE));
  EXPECT_TRUE(RtlSuffixUnicodeString(&x, &b, FALSE));
  EXPECT_TRUE(RtlSuffixUnicodeString(&x, &a, TRUE));
  EXPECT_FALSE(RtlSuffixUnicodeString(&x, &a, FALSE));
}

TEST(CaseTest, UpcaseAllocatesFromPagedPoolWithTagStrg) {
  UNICODE_STRING s = RTL_CONSTANT_STRING(L"caf\u00e9");
  UNICODE_STRING upper;
  const uint64_t before = poolsim::Ambient().LastSequence();
  ASSERT_EQ(RtlUpcaseUnicodeString(&upper, &s, TRUE), STATUS_SUCCESS);
  EXPECT_EQ(Text(upper), L"CAF\u00c9");
  EXPECT_EQ(upper.MaximumLength, s.Length);
  const std::vector<poolsim::BlockInfo> blocks = poolsim::Ambient().LiveBlocksSince(before);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].tag.ToString(), "Strg");
  EXPECT_EQ(blocks[0].kind, poolsim::PoolKind::kPaged);
  EXPECT_EQ(blocks[0].address, reinterpret_cast<uintptr_t>(upper.Buffer));
  RtlFreeUnicodeString(&upper);
  EXPECT_EQ(upper.Buffer, nullptr);
  EXPECT_EQ(upper.MaximumLength, 0);
  EXPECT_TRUE(poolsim::Ambient().LiveBlocksSince(before).empty());
}

TEST(CaseTest, AnUnfreedUpcaseIsALeakUnderStrg) {
  UNICODE_STRING s = RTL_CONSTANT_STRING(L"leak");
  const uint64_t before = poolsim::Ambient().LastSequence();
  SampleLeakUpcase(&s);
  const std::vector<poolsim::BlockInfo> leaked = poolsim::Ambient().LiveBlocksSince(before);
  ASSERT_EQ(leaked.size(), 1u);
  EXPECT_EQ(leaked[0].tag.ToString(), "Strg");
  // Clean up behind the sample so this test does not fail on the leak.
  ExFreePool(reinterpret_cast<void*>(leaked[0].address));
}

TEST(CaseTest, IntoTheCallersBufferAndDowncase) {
  UNICODE_STRING s = RTL_CONSTANT_STRING(L"MiXeD");
  WCHAR buffer[5];
  UNICODE_STRING d{0, sizeof(buffer), buffer};
  ASSERT_EQ(RtlDowncaseUnicodeString(&d, &s, FALSE), STATUS_SUCCESS);
  EXPECT_EQ(Text(d), L"mixed");
  ASSERT_EQ(RtlUpcaseUnicodeString(&d, &d, FALSE), STATUS_SUCCESS);  // in place
  EXPECT_EQ(Text(d), L"MIXED");
  UNICODE_STRING longer = RTL_CONSTANT_STRING(L"toolong");
  EXPECT_EQ(RtlUpcaseUnicodeString(&d, &longer, FALSE), STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(Text(d), L"MIXED");
  EXPECT_EQ(RtlUpcaseUnicodeChar(L'\u00ff'), L'\u0178');
  EXPECT_EQ(RtlDowncaseUnicodeChar(L'\u0416'), L'\u0436');
}

TEST(CaseTest, EveryAllocationFailureIsHandled) {
  UNICODE_STRING s = RTL_CONSTANT_STRING(L"sweep");
  EXPECT_ERROR_PATHS_CLEAN(SampleUpcaseAndFree(&s));
  UNICODE_STRING copy;
  EXPECT_ERROR_PATHS_CLEAN({
    if (NT_SUCCESS(RtlDuplicateUnicodeString(0, &s, &copy))) RtlFreeUnicodeString(&copy);
  });
  ANSI_STRING ansi;
  EXPECT_ERROR_PATHS_CLEAN({
    if (NT_SUCCESS(RtlUnicodeStringToAnsiString(&ansi, &s, TRUE))) RtlFreeAnsiString(&ansi);
  });
}

TEST(CaseTest, AllocationFailureIsNoMemory) {
  // Fail every allocation: the routines report it and allocate nothing.
  poolsim::Options options = poolsim::Ambient().options();
  options.faults.mode = poolsim::FaultMode::kRandom;
  options.faults.probability = 10000;
  poolsim::Ambient().Reconfigure(options);
  UNICODE_STRING s = RTL_CONSTANT_STRING(L"x");
  UNICODE_STRING d{};
  EXPECT_EQ(RtlUpcaseUnicodeString(&d, &s, TRUE), STATUS_NO_MEMORY);
  EXPECT_EQ(d.Buffer, nullptr);
  EXPECT_EQ(RtlDuplicateUnicodeString(0, &s, &d), STATUS_NO_MEMORY);
}

TEST(DuplicateTest, FlagsAndStatuses) {
  UNICODE_STRING s = RTL_CONSTANT_STRING(L"dup");
  UNICODE_STRING d;
  ASSERT_EQ(RtlDuplicateUnicodeString(RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE, &s, &d),
            STATUS_SUCCESS);
  EXPECT_EQ(Text(d), L"dup");
  EXPECT_EQ(d.MaximumLength, s.Length + kW);
  EXPECT_EQ(d.Buffer[3], L'\0');
  EXPECT_NE(d.Buffer, s.Buffer);
  RtlFreeUnicodeString(&d);
  UNICODE_STRING empty{0, 0, nullptr};
  ASSERT_EQ(RtlDuplicateUnicodeString(0, &empty, &d), STATUS_SUCCESS);
  EXPECT_EQ(d.Buffer, nullptr);
  ASSERT_EQ(RtlDuplicateUnicodeString(RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING, &empty,
                                      &d),
            STATUS_SUCCESS);
  EXPECT_NE(d.Buffer, nullptr);
  EXPECT_EQ(d.Length, 0);
  RtlFreeUnicodeString(&d);
  EXPECT_EQ(RtlDuplicateUnicodeString(4, &s, &d), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(RtlDuplicateUnicodeString(0, nullptr, &d), STATUS_INVALID_PARAMETER);
  UNICODE_STRING bad{8, 4, s.Buffer};
  EXPECT_EQ(RtlDuplicateUnicodeString(0, &bad, &d), STATUS_INVALID_PARAMETER);
}

TEST(IntegerTest, ToAndFromStrings) {
  UNICODE_STRING hex = RTL_CONSTANT_STRING(L"0x1F");
  ULONG value = 0;
  EXPECT_EQ(RtlUnicodeStringToInteger(&hex, 0, &value), STATUS_SUCCESS);
  EXPECT_EQ(value, 0x1Fu);
  UNICODE_STRING neg = RTL_CONSTANT_STRING(L" -12");
  EXPECT_EQ(RtlUnicodeStringToInteger(&neg, 10, &value), STATUS_SUCCESS);
  EXPECT_EQ(static_cast<LONG>(value), -12);
  UNICODE_STRING empty{0, 0, nullptr};
  EXPECT_EQ(RtlUnicodeStringToInteger(&empty, 10, &value), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(RtlUnicodeStringToInteger(&hex, 3, &value), STATUS_INVALID_PARAMETER);

  WCHAR buffer[4];
  UNICODE_STRING out{0, sizeof(buffer), buffer};
  EXPECT_EQ(RtlIntegerToUnicodeString(0xABC, 16, &out), STATUS_SUCCESS);
  EXPECT_EQ(Text(out), L"ABC");
  EXPECT_EQ(buffer[3], L'\0');
  EXPECT_EQ(RtlIntegerToUnicodeString(1234, 10, &out), STATUS_SUCCESS);  // no terminator room
  EXPECT_EQ(Text(out), L"1234");
  EXPECT_EQ(RtlIntegerToUnicodeString(12345, 0, &out), STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(Text(out), L"1234");
  EXPECT_EQ(RtlIntegerToUnicodeString(1, 7, &out), STATUS_INVALID_PARAMETER);
  WCHAR wide[24];
  UNICODE_STRING big{0, sizeof(wide), wide};
  EXPECT_EQ(RtlInt64ToUnicodeString(0x123456789ull, 16, &big), STATUS_SUCCESS);
  EXPECT_EQ(Text(big), L"123456789");
}

TEST(AnsiTest, ConversionsBothWays) {
  UNICODE_STRING u = RTL_CONSTANT_STRING(L"a\u00e9\u4e2d");
  ANSI_STRING a;
  ASSERT_EQ(RtlUnicodeStringToAnsiString(&a, &u, TRUE), STATUS_SUCCESS);
  EXPECT_EQ(std::string(a.Buffer, a.Length), "a\xE9?");
  EXPECT_EQ(a.Buffer[3], '\0');
  UNICODE_STRING back;
  ASSERT_EQ(RtlAnsiStringToUnicodeString(&back, &a, TRUE), STATUS_SUCCESS);
  EXPECT_EQ(Text(back), L"a\u00e9?");
  RtlFreeUnicodeString(&back);
  RtlFreeAnsiString(&a);

  EXPECT_EQ(RtlUnicodeStringToAnsiSize(&u), 4u);
  ANSI_STRING three = RTL_CONSTANT_STRING("abc");
  EXPECT_EQ(RtlAnsiStringToUnicodeSize(&three), 4u * kW);
  char small[3];
  ANSI_STRING s{0, sizeof(small), small};
  UNICODE_STRING longer = RTL_CONSTANT_STRING(L"abcdef");
  EXPECT_EQ(RtlUnicodeStringToAnsiString(&s, &longer, FALSE), STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(std::string(s.Buffer, s.Length), "ab");
  EXPECT_EQ(small[2], '\0');
  WCHAR two[2];
  UNICODE_STRING d{0, sizeof(two), two};
  ANSI_STRING src = RTL_CONSTANT_STRING("abc");
  EXPECT_EQ(RtlAnsiStringToUnicodeString(&d, &src, FALSE), STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(d.Length, 0);
}

TEST(MoreStringsTest, InitEmptyHashAndArrays) {
  WCHAR buffer[8];
  UNICODE_STRING s;
  RtlInitEmptyUnicodeString(&s, buffer, sizeof(buffer));
  EXPECT_EQ(s.Length, 0);
  EXPECT_EQ(s.MaximumLength, sizeof(buffer));
  EXPECT_EQ(s.Buffer, buffer);
  char bytes[4];
  ANSI_STRING a;
  RtlInitEmptyAnsiString(&a, bytes, sizeof(bytes));
  EXPECT_EQ(a.MaximumLength, 4);

  UNICODE_STRING name = RTL_CONSTANT_STRING(L"Name");
  UNICODE_STRING upper = RTL_CONSTANT_STRING(L"NAME");
  ULONG h1 = 0;
  ULONG h2 = 1;
  EXPECT_EQ(RtlHashUnicodeString(&name, TRUE, HASH_STRING_ALGORITHM_X65599, &h1), STATUS_SUCCESS);
  EXPECT_EQ(RtlHashUnicodeString(&upper, FALSE, HASH_STRING_ALGORITHM_DEFAULT, &h2),
            STATUS_SUCCESS);
  EXPECT_EQ(h1, h2);
  EXPECT_EQ(h1, ((('N' * 65599u + 'A') * 65599u + 'M') * 65599u) + 'E');
  EXPECT_EQ(RtlHashUnicodeString(&name, TRUE, 7, &h1), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(RtlHashUnicodeString(nullptr, TRUE, 0, &h1), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(RtlHashUnicodeString(&name, TRUE, 0, nullptr), STATUS_INVALID_PARAMETER);

  EXPECT_EQ(RtlCompareUnicodeStrings(L"abc", 3, L"ABC", 3, TRUE), 0);
  EXPECT_LT(RtlCompareUnicodeStrings(L"ab", 2, L"abc", 3, FALSE), 0);
  EXPECT_EQ(RtlCompareUnicodeStrings(nullptr, 0, nullptr, 0, FALSE), 0);
}

TEST(MoreStringsTest, AnsiCountedStrings) {
  ANSI_STRING a = RTL_CONSTANT_STRING("Hello");
  ANSI_STRING b = RTL_CONSTANT_STRING("HELLO");
  EXPECT_FALSE(RtlEqualString(&a, &b, FALSE));
  EXPECT_TRUE(RtlEqualString(&a, &b, TRUE));
  EXPECT_GT(RtlCompareString(&a, &b, FALSE), 0);  // 'e' > 'E'
  EXPECT_EQ(RtlCompareString(&a, &b, TRUE), 0);
  char buffer[4];
  ANSI_STRING d{0, sizeof(buffer), buffer};
  RtlCopyString(&d, &a);
  EXPECT_EQ(std::string(d.Buffer, d.Length), "Hell");
  RtlUpperString(&d, &a);
  EXPECT_EQ(std::string(d.Buffer, d.Length), "HELL");
  RtlCopyString(&d, nullptr);
  EXPECT_EQ(d.Length, 0);
  ANSI_STRING bad{9, 4, buffer};
  EXPECT_BUGCHECK(RtlEqualString(&bad, &a, FALSE), kNullArgument);
  poolsim::ScopedIrql apc(poolsim::kApcLevel);
  EXPECT_BUGCHECK(RtlCompareString(&a, &b, TRUE), kIrqlNotLessOrEqual);
}

// --- checks ----------------------------------------------------------------------

TEST(ChecksTest, CaseInsensitiveComparisonOnlyAtPassiveLevel) {
  UNICODE_STRING a = RTL_CONSTANT_STRING(L"a");
  {
    poolsim::ScopedIrql apc(poolsim::kApcLevel);
    EXPECT_TRUE(RtlEqualUnicodeString(&a, &a, FALSE));
    EXPECT_BUGCHECK(RtlEqualUnicodeString(&a, &a, TRUE), kIrqlNotLessOrEqual);
    EXPECT_BUGCHECK(RtlCompareUnicodeString(&a, &a, TRUE), kIrqlNotLessOrEqual);
  }
  poolsim::ScopedIrql dispatch(poolsim::kDispatchLevel);
  EXPECT_BUGCHECK(RtlPrefixUnicodeString(&a, &a, FALSE), kIrqlNotLessOrEqual);
}

TEST(ChecksTest, PassiveOnlyRoutinesAboveTheirLevel) {
  UNICODE_STRING a = RTL_CONSTANT_STRING(L"1");
  ULONG value = 0;
  WCHAR buffer[8];
  UNICODE_STRING out{0, sizeof(buffer), buffer};
  poolsim::ScopedIrql apc(poolsim::kApcLevel);
  EXPECT_BUGCHECK(RtlUnicodeStringToInteger(&a, 10, &value), kIrqlNotLessOrEqual);
  EXPECT_BUGCHECK(RtlIntegerToUnicodeString(1, 10, &out), kIrqlNotLessOrEqual);
  UNICODE_STRING upper;
  EXPECT_EQ(RtlUpcaseUnicodeString(&upper, &a, TRUE), STATUS_SUCCESS);  // APC is allowed
  RtlFreeUnicodeString(&upper);
  poolsim::ScopedIrql dispatch(poolsim::kDispatchLevel);
  EXPECT_BUGCHECK(RtlUpcaseUnicodeString(&upper, &a, TRUE), kIrqlNotLessOrEqual);
  EXPECT_BUGCHECK(RtlFreeUnicodeString(&upper), kIrqlNotLessOrEqual);
}

TEST(ChecksTest, ResidentBuffersAreFineAtDispatchPagedOnesAreNot) {
  auto* paged = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, 16 * kW, 'tseT'));
  auto* nonpaged = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_NON_PAGED, 16 * kW, 'tseT'));
  ASSERT_NE(paged, nullptr);
  ASSERT_NE(nonpaged, nullptr);
  UNICODE_STRING source = RTL_CONSTANT_STRING(L"text");
  {
    poolsim::ScopedIrql dispatch(poolsim::kDispatchLevel);
    UNICODE_STRING n{0, 16 * kW, nonpaged};
    RtlCopyUnicodeString(&n, &source);
    EXPECT_EQ(Text(n), L"text");
    UNICODE_STRING p{0, 16 * kW, paged};
    EXPECT_BUGCHECK(RtlCopyUnicodeString(&p, &source), kDriverIrqlNotLessOrEqual);
    EXPECT_EQ(p.Length, 0);
    EXPECT_BUGCHECK(RtlAppendUnicodeToString(&p, L"x"), kDriverIrqlNotLessOrEqual);
    UNICODE_STRING init;
    EXPECT_BUGCHECK(RtlInitUnicodeString(&init, paged), kDriverIrqlNotLessOrEqual);
  }
  ExFreePool(paged);
  ExFreePool(nonpaged);
}

TEST(ChecksTest, MalformedStringsAreReported) {
  WCHAR buffer[4] = {L'a', L'b', L'c', L'd'};
  UNICODE_STRING too_long{8 * kW, 4 * kW, buffer};
  UNICODE_STRING partial{kW + 1, 4 * kW, buffer};
  UNICODE_STRING no_buffer{2 * kW, 4 * kW, nullptr};
  UNICODE_STRING ok = RTL_CONSTANT_STRING(L"ab");
  EXPECT_BUGCHECK(RtlCompareUnicodeString(&too_long, &ok, FALSE), kNullArgument);
  EXPECT_BUGCHECK(RtlEqualUnicodeString(&ok, &partial, FALSE), kNullArgument);
  EXPECT_BUGCHECK(RtlCopyUnicodeString(&ok, &no_buffer), kNullArgument);
  WCHAR d[8];
  UNICODE_STRING dest{0, sizeof(d), d};
  EXPECT_BUGCHECK(RtlAppendUnicodeStringToString(&dest, &too_long), kNullArgument);
  EXPECT_EQ(dest.Length, 0);
  UNICODE_STRING upper;
  EXPECT_BUGCHECK(RtlUpcaseUnicodeString(&upper, &partial, TRUE), kNullArgument);
}

TEST(ChecksTest, ANullBufferThatWouldReceiveOnlyTheTerminatorIsReported) {
  UNICODE_STRING empty{0, 0, nullptr};
  UNICODE_STRING no_buffer{0, 4 * kW, nullptr};
  EXPECT_BUGCHECK(RtlCopyUnicodeString(&no_buffer, &empty), kNullArgument);
  ANSI_STRING none{0, 0, nullptr};
  EXPECT_BUGCHECK(RtlAnsiStringToUnicodeString(&no_buffer, &none, FALSE), kNullArgument);
  UNICODE_STRING zero_room{0, 0, nullptr};
  RtlCopyUnicodeString(&zero_room, &empty);  // nothing to write: fine
  EXPECT_EQ(zero_room.Length, 0);
}

TEST(ChecksTest, LengthsBeyondThePoolBlockAreReported) {
  auto* block = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_NON_PAGED, 4 * kW, 'tseT'));
  ASSERT_NE(block, nullptr);
  UNICODE_STRING d{0, 16 * kW, block};  // says 16 characters, holds 4
  UNICODE_STRING s = RTL_CONSTANT_STRING(L"0123456789");
  EXPECT_BUGCHECK(RtlCopyUnicodeString(&d, &s), kNullArgument);
  EXPECT_EQ(d.Length, 0);
  UNICODE_STRING fits = RTL_CONSTANT_STRING(L"012");
  UNICODE_STRING right{0, 4 * kW, block};
  RtlCopyUnicodeString(&right, &fits);
  EXPECT_EQ(Text(right), L"012");
  UNICODE_STRING append{0, 16 * kW, block};
  EXPECT_EQ(RtlAppendUnicodeToString(&append, L"ab"), STATUS_SUCCESS);  // fits the block
  EXPECT_BUGCHECK(RtlAppendUnicodeToString(&append, L"cdefgh"), kNullArgument);
  EXPECT_EQ(Text(append), L"ab");
  UNICODE_STRING source{8 * kW, 8 * kW, block};  // reads 8 characters of 4
  UNICODE_STRING other = RTL_CONSTANT_STRING(L"x");
  EXPECT_BUGCHECK(RtlCompareUnicodeString(&source, &other, FALSE), kNullArgument);
  ExFreePool(block);
}

TEST(ChecksTest, NullArgumentsAreAccessViolations) {
  UNICODE_STRING ok = RTL_CONSTANT_STRING(L"ab");
  EXPECT_BUGCHECK(RtlInitUnicodeString(nullptr, L"x"), kNullArgument);
  EXPECT_BUGCHECK(RtlCopyUnicodeString(nullptr, &ok), kNullArgument);
  EXPECT_BUGCHECK(RtlCompareUnicodeString(nullptr, &ok, FALSE), kNullArgument);
  EXPECT_BUGCHECK(RtlUnicodeStringToInteger(&ok, 10, nullptr), kNullArgument);
  EXPECT_BUGCHECK(RtlFreeUnicodeString(nullptr), kNullArgument);
}

TEST(ChecksTest, FreeingABufferThisSurfaceDidNotAllocateIsBadPoolCaller) {
  UNICODE_STRING literal;
  RtlInitUnicodeString(&literal, L"not pool");
  EXPECT_BUGCHECK(RtlFreeUnicodeString(&literal), kBadPoolCaller);
}

}  // namespace
