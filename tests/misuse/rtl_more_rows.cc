// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of the 8-bit counted-string routines, the empty-string
// initializers, RtlCompareUnicodeStrings, RtlHashUnicodeString and the
// conversion sizes (rtl/wdk/rtl_strings.h): NULL structures and buffers,
// malformed counted strings (Length above MaximumLength, a NULL Buffer with
// a Length), buffers too small, sizes 0 / 1 / max, and the IRQL each routine
// allows.

#include <cstdint>
#include <vector>

#include <ntifs.h>

#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;
constexpr USHORT kW = sizeof(WCHAR);

uintptr_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

CHAR g_abc[] = "abc";
CHAR g_abd[] = "aBd";

STRING Abc() { return STRING{3, sizeof(g_abc), g_abc}; }
STRING LongerThanMaximum() { return STRING{8, 3, g_abc}; }
STRING NullBuffer() { return STRING{2, 4, nullptr}; }

// --- comparisons ------------------------------------------------------------------

template <typename Compare>
void EightBitCompareRow(Compare compare) {
  STRING a = Abc();
  STRING b = {3, sizeof(g_abd), g_abd};
  LONG result = 1;
  EXPECT_ONLY_BUGCHECK(result = compare(nullptr, &a, FALSE), 0x1E, {kAccessViolation, 0, 0, 0});
  EXPECT_EQ(result, 0);
  EXPECT_ONLY_BUGCHECK(result = compare(&a, nullptr, TRUE), 0x1E, {kAccessViolation, 0, 0, 0});
  EXPECT_EQ(result, 0);
  for (STRING bad : {LongerThanMaximum(), NullBuffer()}) {
    result = 1;
    EXPECT_ONLY_BUGCHECK(result = compare(&a, &bad, FALSE), 0x1E,
                         {kAccessViolation, 0, 0, Address(&bad)});
    EXPECT_EQ(result, 0);
    EXPECT_ONLY_BUGCHECK(result = compare(&bad, &a, TRUE), 0x1E,
                         {kAccessViolation, 0, 0, Address(&bad)});
    EXPECT_EQ(result, 0);
  }
  // Empty strings with no buffer are well formed; an odd Length is whole
  // characters of an 8-bit string.
  STRING empty = {0, 0, nullptr};
  EXPECT_NO_BUGCHECK(compare(&empty, &empty, TRUE));
  STRING one = {1, sizeof(g_abc), g_abc};
  EXPECT_NO_BUGCHECK(compare(&one, &one, FALSE));
  // The documented IRQL is PASSIVE_LEVEL, with either case rule.
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(compare(&a, &b, FALSE), 0x0A, {Address(&a), APC_LEVEL, PASSIVE_LEVEL, 0});
    EXPECT_ONLY_BUGCHECK(compare(&a, &b, TRUE), 0x0A, {Address(&a), APC_LEVEL, PASSIVE_LEVEL, 0});
  });
}

MISUSE_CASE(RtlCompareString, NullMalformedAndIrql) {
  EightBitCompareRow([](const STRING* a, const STRING* b, BOOLEAN ci) -> LONG {
    return RtlCompareString(a, b, ci);
  });
  STRING a = Abc();
  STRING b = {3, sizeof(g_abd), g_abd};
  STRING prefix = {2, sizeof(g_abc), g_abc};
  EXPECT_GT(RtlCompareString(&a, &b, FALSE), 0);  // 'b' > 'B'
  EXPECT_LT(RtlCompareString(&a, &b, TRUE), 0);   // "ABC" < "ABD"
  EXPECT_LT(RtlCompareString(&prefix, &a, FALSE), 0);
}

MISUSE_CASE(RtlEqualString, NullMalformedAndIrql) {
  EightBitCompareRow([](const STRING* a, const STRING* b, BOOLEAN ci) -> LONG {
    return RtlEqualString(a, b, ci);
  });
  STRING a = Abc();
  STRING upper = {3, 4, const_cast<PCHAR>("ABC")};
  STRING prefix = {2, sizeof(g_abc), g_abc};
  EXPECT_FALSE(RtlEqualString(&a, &upper, FALSE));
  EXPECT_TRUE(RtlEqualString(&a, &upper, TRUE));
  EXPECT_FALSE(RtlEqualString(&prefix, &a, TRUE));
}

// --- copy and upcase --------------------------------------------------------------

// `copy(dest, source)` is RtlCopyString or RtlUpperString; `upcase` says
// which, `max_irql` its IRQL limit.
template <typename Copy>
void EightBitCopyRow(Copy copy, bool upcase, KIRQL max_irql) {
  STRING source = Abc();
  EXPECT_ONLY_BUGCHECK(copy(nullptr, &source), 0x1E, {kAccessViolation, 0, 1, 0});
  CHAR buffer[4] = {'q', 'q', 'q', 'q'};
  STRING destination = {1, sizeof(buffer), buffer};
  // Malformed sources: reported, nothing written.
  for (STRING bad : {LongerThanMaximum(), NullBuffer()}) {
    EXPECT_ONLY_BUGCHECK(copy(&destination, &bad), 0x1E,
                         {kAccessViolation, 0, 0, Address(&bad)});
  }
  EXPECT_EQ(destination.Length, 1);
  EXPECT_EQ(buffer[0], 'q');
  // A destination with no buffer for what it would receive.
  STRING no_buffer = {0, 4, nullptr};
  EXPECT_ONLY_BUGCHECK(copy(&no_buffer, &source), 0x1E,
                       {kAccessViolation, 0, 1, Address(&no_buffer)});
  EXPECT_EQ(no_buffer.Length, 0);
  // Too small: what fits, no terminator (MaximumLength 1, then 0).
  STRING small = {0, 2, buffer};
  EXPECT_NO_BUGCHECK(copy(&small, &source));
  EXPECT_EQ(small.Length, 2);
  EXPECT_EQ(buffer[0], upcase ? 'A' : 'a');
  EXPECT_EQ(buffer[1], upcase ? 'B' : 'b');
  EXPECT_EQ(buffer[2], 'q');
  STRING none = {0, 0, buffer};
  EXPECT_NO_BUGCHECK(copy(&none, &source));
  EXPECT_EQ(none.Length, 0);
  // The largest counted string: copied whole into a large enough buffer.
  std::vector<CHAR> big(0xFFFF, 'x');
  STRING big_source = {0xFFFF, 0xFFFF, big.data()};
  std::vector<CHAR> out(0xFFFF, 0);
  STRING big_destination = {0, 0xFFFF, out.data()};
  EXPECT_NO_BUGCHECK(copy(&big_destination, &big_source));
  EXPECT_EQ(big_destination.Length, 0xFFFF);
  EXPECT_EQ(out[0xFFFE], upcase ? 'X' : 'x');
  // Above the IRQL, and paged buffers at DISPATCH_LEVEL where that is allowed.
  STRING s = {0, sizeof(buffer), buffer};
  const KIRQL too_high = max_irql == DISPATCH_LEVEL ? HIGH_LEVEL : DISPATCH_LEVEL;
  AtIrql(too_high, [&] {
    EXPECT_ONLY_BUGCHECK(copy(&s, &source), 0x0A, {Address(&s), too_high, max_irql, 0});
  });
  EXPECT_EQ(s.Length, 0);
  if (max_irql == DISPATCH_LEVEL) {
    auto* paged = static_cast<PCHAR>(ExAllocatePool2(POOL_FLAG_PAGED, 4, kTag));
    ASSERT_NE(paged, nullptr);
    STRING paged_source = {1, 4, paged};
    STRING paged_destination = {0, 4, paged};
    AtIrql(DISPATCH_LEVEL, [&] {
      EXPECT_ONLY_BUGCHECK(copy(&s, &paged_source), 0xD1, {Address(paged), DISPATCH_LEVEL, 0, 0});
      EXPECT_ONLY_BUGCHECK(copy(&paged_destination, &source), 0xD1,
                           {Address(paged), DISPATCH_LEVEL, 1, 0});
      EXPECT_NO_BUGCHECK(copy(&s, &source));
    });
    EXPECT_EQ(s.Length, 3);
    ExFreePoolWithTag(paged, kTag);
  }
}

MISUSE_CASE(RtlCopyString, NullMalformedTooSmallMaxAndIrql) {
  EightBitCopyRow([](PSTRING d, const STRING* s) { RtlCopyString(d, s); }, false, DISPATCH_LEVEL);
  // A NULL source empties the destination (documented).
  CHAR buffer[4];
  STRING destination = {2, sizeof(buffer), buffer};
  EXPECT_NO_BUGCHECK(RtlCopyString(&destination, nullptr));
  EXPECT_EQ(destination.Length, 0);
}

MISUSE_CASE(RtlUpperString, NullMalformedTooSmallMaxAndIrql) {
  EightBitCopyRow([](PSTRING d, const STRING* s) { RtlUpperString(d, s); }, true, APC_LEVEL);
  // The source is not optional here.
  CHAR buffer[4];
  STRING destination = {2, sizeof(buffer), buffer};
  EXPECT_ONLY_BUGCHECK(RtlUpperString(&destination, nullptr), 0x1E, {kAccessViolation, 0, 0, 0});
  EXPECT_EQ(destination.Length, 2);
}

// --- empty-string initializers -----------------------------------------------------

MISUSE_CASE(RtlInitEmptyUnicodeString, NullStringSizesAndAnyIrql) {
  EXPECT_ONLY_BUGCHECK(RtlInitEmptyUnicodeString(nullptr, nullptr, 0), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlInitEmptyUnicodeString(nullptr, nullptr, 8), 0xD1,
                         {0, DISPATCH_LEVEL, 1, 0});
  });
  // Sizes 0, 1 (part of a character) and the largest are stored as given;
  // the buffer is never touched, so a NULL one is accepted.
  WCHAR buffer[2] = {L'q', L'q'};
  UNICODE_STRING s = {6, 6, nullptr};
  for (USHORT size : {USHORT{0}, USHORT{1}, USHORT{0xFFFF}}) {
    EXPECT_NO_BUGCHECK(RtlInitEmptyUnicodeString(&s, buffer, size));
    EXPECT_EQ(s.Length, 0);
    EXPECT_EQ(s.MaximumLength, size);
    EXPECT_EQ(s.Buffer, buffer);
  }
  EXPECT_EQ(buffer[0], L'q');
  EXPECT_NO_BUGCHECK(RtlInitEmptyUnicodeString(&s, nullptr, 4 * kW));
  EXPECT_EQ(s.Buffer, nullptr);
  EXPECT_EQ(s.MaximumLength, 4 * kW);
  // Any IRQL.
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(RtlInitEmptyUnicodeString(&s, buffer, 4)); });
  EXPECT_EQ(s.MaximumLength, 4);
}

MISUSE_CASE(RtlInitEmptyAnsiString, NullStringSizesAndAnyIrql) {
  EXPECT_ONLY_BUGCHECK(RtlInitEmptyAnsiString(nullptr, nullptr, 0), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlInitEmptyAnsiString(nullptr, nullptr, 8), 0xD1,
                         {0, DISPATCH_LEVEL, 1, 0});
  });
  CHAR buffer[2] = {'q', 'q'};
  ANSI_STRING s = {6, 6, nullptr};
  for (USHORT size : {USHORT{0}, USHORT{1}, USHORT{0xFFFF}}) {
    EXPECT_NO_BUGCHECK(RtlInitEmptyAnsiString(&s, buffer, size));
    EXPECT_EQ(s.Length, 0);
    EXPECT_EQ(s.MaximumLength, size);
    EXPECT_EQ(s.Buffer, buffer);
  }
  EXPECT_EQ(buffer[0], 'q');
  EXPECT_NO_BUGCHECK(RtlInitEmptyAnsiString(&s, nullptr, 4));
  EXPECT_EQ(s.Buffer, nullptr);
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(RtlInitEmptyAnsiString(&s, buffer, 2)); });
  EXPECT_EQ(s.MaximumLength, 2);
}

// --- RtlCompareUnicodeStrings ---------------------------------------------------------

MISUSE_CASE(RtlCompareUnicodeStrings, NullLengthsAndIrql) {
  const WCHAR abc[] = L"abc";
  const WCHAR abd[] = L"aBd";
  LONG result = 1;
  // NULL with characters to read: the access violation, 0.
  EXPECT_ONLY_BUGCHECK(result = RtlCompareUnicodeStrings(nullptr, 3, abc, 3, FALSE), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  EXPECT_EQ(result, 0);
  result = 1;
  EXPECT_ONLY_BUGCHECK(result = RtlCompareUnicodeStrings(abc, 3, nullptr, 1, TRUE), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  EXPECT_EQ(result, 0);
  // NULL with a length of 0 is the empty string.
  EXPECT_NO_BUGCHECK(result = RtlCompareUnicodeStrings(nullptr, 0, nullptr, 0, TRUE));
  EXPECT_EQ(result, 0);
  EXPECT_LT(RtlCompareUnicodeStrings(nullptr, 0, abc, 3, FALSE), 0);
  // Lengths are in characters; 1 and a prefix.
  EXPECT_EQ(RtlCompareUnicodeStrings(abc, 1, abd, 1, FALSE), 0);
  EXPECT_GT(RtlCompareUnicodeStrings(abc, 3, abd, 3, FALSE), 0);
  EXPECT_LT(RtlCompareUnicodeStrings(abc, 3, abd, 3, TRUE), 0);
  EXPECT_LT(RtlCompareUnicodeStrings(abc, 2, abc, 3, FALSE), 0);
  // A length beyond the pool block the string is in: reported, not read.
  auto* pooled = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_NON_PAGED, 4 * kW, kTag));
  ASSERT_NE(pooled, nullptr);
  pooled[0] = L'a';
  EXPECT_ONLY_BUGCHECK(RtlCompareUnicodeStrings(pooled, 5, abc, 3, FALSE), 0x1E,
                       {kAccessViolation});
  EXPECT_NO_BUGCHECK(RtlCompareUnicodeStrings(pooled, 1, abc, 1, FALSE));
  ExFreePoolWithTag(pooled, kTag);
  // PASSIVE_LEVEL (documented).
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlCompareUnicodeStrings(abc, 3, abd, 3, FALSE), 0x0A,
                         {Address(abc), APC_LEVEL, PASSIVE_LEVEL, 0});
  });
}

// --- RtlHashUnicodeString -------------------------------------------------------------

// The x65599 hash computed here, independently of the library.
ULONG X65599(const wchar_t* s, size_t chars, bool upcase) {
  ULONG h = 0;
  for (size_t i = 0; i < chars; ++i) {
    wchar_t c = s[i];
    if (upcase && c >= L'a' && c <= L'z') c = static_cast<wchar_t>(c - L'a' + L'A');
    h = h * 65599u + static_cast<ULONG>(c);
  }
  return h;
}

MISUSE_CASE(RtlHashUnicodeString, NullMalformedAlgorithmAndIrql) {
  WCHAR text[] = L"abc";
  UNICODE_STRING s = {3 * kW, sizeof(text), text};
  ULONG hash = 7;
  NTSTATUS status = STATUS_SUCCESS;
  // NULL String or HashValue, an unknown algorithm: STATUS_INVALID_PARAMETER.
  EXPECT_NO_BUGCHECK(status = RtlHashUnicodeString(nullptr, FALSE, 0, &hash));
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  EXPECT_NO_BUGCHECK(status = RtlHashUnicodeString(&s, FALSE, 0, nullptr));
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  for (ULONG algorithm : {ULONG{2}, ULONG{HASH_STRING_ALGORITHM_INVALID}}) {
    EXPECT_EQ(RtlHashUnicodeString(&s, FALSE, algorithm, &hash), STATUS_INVALID_PARAMETER);
  }
  EXPECT_EQ(hash, 7u);
  // Malformed strings.
  UNICODE_STRING odd = {kW + 1, sizeof(text), text};
  UNICODE_STRING longer = {4 * kW, 2 * kW, text};
  UNICODE_STRING no_buffer = {kW, 2 * kW, nullptr};
  for (UNICODE_STRING* bad : {&odd, &longer, &no_buffer}) {
    EXPECT_ONLY_BUGCHECK(status = RtlHashUnicodeString(bad, TRUE, 0, &hash), 0x1E,
                         {kAccessViolation, 0, 0, Address(bad)});
    EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  }
  EXPECT_EQ(hash, 7u);
  // Both defined algorithms are x65599; case folding upcases.
  EXPECT_EQ(RtlHashUnicodeString(&s, FALSE, HASH_STRING_ALGORITHM_DEFAULT, &hash), STATUS_SUCCESS);
  EXPECT_EQ(hash, X65599(text, 3, false));
  EXPECT_EQ(RtlHashUnicodeString(&s, TRUE, HASH_STRING_ALGORITHM_X65599, &hash), STATUS_SUCCESS);
  EXPECT_EQ(hash, X65599(L"ABC", 3, false));
  UNICODE_STRING empty = {0, 0, nullptr};
  EXPECT_EQ(RtlHashUnicodeString(&empty, TRUE, 0, &hash), STATUS_SUCCESS);
  EXPECT_EQ(hash, 0u);
  // IRQL <= APC_LEVEL.
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(status = RtlHashUnicodeString(&s, FALSE, 0, &hash), 0x0A,
                         {Address(&s), DISPATCH_LEVEL, APC_LEVEL, 0});
    EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  });
}

// --- conversion sizes ----------------------------------------------------------------

MISUSE_CASE(RtlxUnicodeStringToAnsiSize, NullSizesAndIrql) {
  ULONG size = 9;
  EXPECT_ONLY_BUGCHECK(size = RtlxUnicodeStringToAnsiSize(nullptr), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  EXPECT_EQ(size, 0u);
  WCHAR text[] = L"abc";
  // Terminator included; 0 characters, a part character (counts down), the
  // largest counted string.
  UNICODE_STRING s = {3 * kW, sizeof(text), text};
  EXPECT_EQ(RtlxUnicodeStringToAnsiSize(&s), 4u);
  UNICODE_STRING empty = {0, 0, nullptr};
  EXPECT_EQ(RtlxUnicodeStringToAnsiSize(&empty), 1u);
  UNICODE_STRING odd = {kW + 1, sizeof(text), text};
  EXPECT_EQ(RtlxUnicodeStringToAnsiSize(&odd), 2u);
  constexpr USHORT kLargest = 0xFFFF / kW * kW;
  UNICODE_STRING largest = {kLargest, kLargest, text};  // never read
  EXPECT_EQ(RtlxUnicodeStringToAnsiSize(&largest), kLargest / kW + 1u);
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(size = RtlxUnicodeStringToAnsiSize(&s), 0x0A,
                         {Address(&s), APC_LEVEL, PASSIVE_LEVEL, 0});
    EXPECT_EQ(size, 0u);
  });
}

MISUSE_CASE(RtlxAnsiStringToUnicodeSize, NullSizesAndIrql) {
  ULONG size = 9;
  EXPECT_ONLY_BUGCHECK(size = RtlxAnsiStringToUnicodeSize(nullptr), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  EXPECT_EQ(size, 0u);
  ANSI_STRING s = Abc();
  EXPECT_EQ(RtlxAnsiStringToUnicodeSize(&s), 4u * kW);
  ANSI_STRING empty = {0, 0, nullptr};
  EXPECT_EQ(RtlxAnsiStringToUnicodeSize(&empty), 1u * kW);
  ANSI_STRING one = {1, 4, g_abc};
  EXPECT_EQ(RtlxAnsiStringToUnicodeSize(&one), 2u * kW);
  ANSI_STRING largest = {0xFFFF, 0xFFFF, g_abc};  // never read
  EXPECT_EQ(RtlxAnsiStringToUnicodeSize(&largest), (0xFFFFu + 1) * kW);
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(size = RtlxAnsiStringToUnicodeSize(&s), 0x0A,
                         {Address(&s), APC_LEVEL, PASSIVE_LEVEL, 0});
    EXPECT_EQ(size, 0u);
  });
}

}  // namespace
}  // namespace misuse
