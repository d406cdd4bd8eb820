// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of the counted-string routines (rtl/wdk/rtl_strings.h):
// NULL structures and buffers, malformed UNICODE_STRING / ANSI_STRING
// (Length above MaximumLength, a Length that is not whole characters, a NULL
// Buffer with bytes to touch), buffers too small, strings too long for a
// counted string, allocations that fail, frees of what the pool never gave,
// and the IRQL each routine allows.

#include <cstdint>
#include <vector>

#include <ntifs.h>

#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;
constexpr USHORT kW = sizeof(WCHAR);

uintptr_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

// Fails the first "Strg" allocation (the strings the layer allocates).
void FailFirstStringAllocation(poolsim::Options& o) {
  o.faults.fail_nth = 1;
  o.faults.tags = {"Strg"};
}

// A terminated wide string of `chars` 'x' characters, in host memory.
std::vector<WCHAR> WideOf(size_t chars) {
  std::vector<WCHAR> text(chars + 1, L'x');
  text[chars] = 0;
  return text;
}

WCHAR g_text[] = L"abc";
constexpr USHORT kTextBytes = 3 * kW;

UNICODE_STRING Text() { return UNICODE_STRING{kTextBytes, sizeof(g_text), g_text}; }
UNICODE_STRING LongerThanMaximum() { return UNICODE_STRING{2 * kTextBytes, kTextBytes, g_text}; }
UNICODE_STRING PartCharacter() { return UNICODE_STRING{kW + 1, sizeof(g_text), g_text}; }
UNICODE_STRING NullBuffer() { return UNICODE_STRING{kW, 2 * kW, nullptr}; }

// --- initialization ---------------------------------------------------------------

MISUSE_CASE(RtlInitUnicodeString, NullDestination) {
  EXPECT_ONLY_BUGCHECK(RtlInitUnicodeString(nullptr, L"x"), 0x1E, {kAccessViolation, 0, 1, 0});
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlInitUnicodeString(nullptr, L"x"), 0xD1, {0, DISPATCH_LEVEL, 1, 0});
  });
}

MISUSE_CASE(RtlInitUnicodeString, NullSourceAndTooLong) {
  UNICODE_STRING s = Text();
  EXPECT_NO_BUGCHECK(RtlInitUnicodeString(&s, nullptr));
  EXPECT_EQ(s.Length, 0);
  EXPECT_EQ(s.MaximumLength, 0);
  EXPECT_EQ(s.Buffer, nullptr);
  // More characters than a UNICODE_STRING holds: cut to the longest that fits
  // with its terminator (whole 4-byte characters below 0xFFFE bytes).
  std::vector<WCHAR> text = WideOf(0x10000);
  EXPECT_NO_BUGCHECK(RtlInitUnicodeString(&s, text.data()));
  EXPECT_EQ(s.Length, 0xFFF8);
  EXPECT_EQ(s.MaximumLength, 0xFFFC);
  EXPECT_EQ(s.Buffer, text.data());
}

MISUSE_CASE(RtlInitUnicodeString, AboveDispatchAndPagedAtDispatch) {
  UNICODE_STRING s = {};
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlInitUnicodeString(&s, L"x"), 0x0A,
                         {Address(&s), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
  EXPECT_EQ(s.Buffer, nullptr);
  auto* paged = static_cast<PUNICODE_STRING>(
      ExAllocatePool2(POOL_FLAG_PAGED, sizeof(UNICODE_STRING), kTag));
  ASSERT_NE(paged, nullptr);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlInitUnicodeString(paged, L"x"), 0xD1,
                         {Address(paged), DISPATCH_LEVEL, 1, 0});
  });
  ExFreePoolWithTag(paged, kTag);
}

MISUSE_CASE(RtlInitUnicodeStringEx, NullDestinationAndTooLong) {
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_ONLY_BUGCHECK(status = RtlInitUnicodeStringEx(nullptr, L"x"), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  UNICODE_STRING s = Text();
  std::vector<WCHAR> text = WideOf(0x10000);
  EXPECT_EQ(RtlInitUnicodeStringEx(&s, text.data()), STATUS_NAME_TOO_LONG);
  EXPECT_EQ(s.Length, 0);
  EXPECT_EQ(s.Buffer, nullptr);
  EXPECT_EQ(RtlInitUnicodeStringEx(&s, nullptr), STATUS_SUCCESS);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlInitUnicodeStringEx(&s, L"x"), 0x0A,
                         {Address(&s), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
}

std::vector<CHAR> NarrowOf(size_t chars) {
  std::vector<CHAR> text(chars + 1, 'x');
  text[chars] = 0;
  return text;
}

MISUSE_CASE(RtlInitAnsiString, NullDestinationAndTooLong) {
  EXPECT_ONLY_BUGCHECK(RtlInitAnsiString(nullptr, "x"), 0x1E, {kAccessViolation, 0, 1, 0});
  ANSI_STRING s;
  std::vector<CHAR> text = NarrowOf(0x10000);
  EXPECT_NO_BUGCHECK(RtlInitAnsiString(&s, text.data()));
  EXPECT_EQ(s.Length, 0xFFFD);
  EXPECT_EQ(s.MaximumLength, 0xFFFE);
}

MISUSE_CASE(RtlInitString, NullDestinationAndTooLong) {
  EXPECT_ONLY_BUGCHECK(RtlInitString(nullptr, "x"), 0x1E, {kAccessViolation, 0, 1, 0});
  STRING s;
  std::vector<CHAR> text = NarrowOf(0x10000);
  EXPECT_NO_BUGCHECK(RtlInitString(&s, text.data()));
  EXPECT_EQ(s.Length, 0xFFFD);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlInitString(&s, "x"), 0x0A,
                         {Address(&s), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
}

MISUSE_CASE(RtlInitAnsiStringEx, NullDestinationAndTooLong) {
  EXPECT_ONLY_BUGCHECK(RtlInitAnsiStringEx(nullptr, "x"), 0x1E, {kAccessViolation, 0, 1, 0});
  ANSI_STRING s;
  std::vector<CHAR> text = NarrowOf(0xFFFE);
  EXPECT_EQ(RtlInitAnsiStringEx(&s, text.data()), STATUS_NAME_TOO_LONG);
  EXPECT_EQ(s.Length, 0);
  EXPECT_EQ(s.Buffer, nullptr);
}

MISUSE_CASE(RtlInitStringEx, NullDestinationAndTooLong) {
  EXPECT_ONLY_BUGCHECK(RtlInitStringEx(nullptr, "x"), 0x1E, {kAccessViolation, 0, 1, 0});
  STRING s;
  std::vector<CHAR> text = NarrowOf(0xFFFE);
  EXPECT_EQ(RtlInitStringEx(&s, text.data()), STATUS_NAME_TOO_LONG);
  EXPECT_EQ(s.Length, 0);
  // One character fewer fits.
  text = NarrowOf(0xFFFD);
  EXPECT_EQ(RtlInitStringEx(&s, text.data()), STATUS_SUCCESS);
  EXPECT_EQ(s.Length, 0xFFFD);
}

// --- copy and append ------------------------------------------------------------------

MISUSE_CASE(RtlCopyUnicodeString, NullArguments) {
  UNICODE_STRING source = Text();
  EXPECT_ONLY_BUGCHECK(RtlCopyUnicodeString(nullptr, &source), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  WCHAR buffer[8];
  UNICODE_STRING destination = {kW, sizeof(buffer), buffer};
  EXPECT_NO_BUGCHECK(RtlCopyUnicodeString(&destination, nullptr));
  EXPECT_EQ(destination.Length, 0);
}

MISUSE_CASE(RtlCopyUnicodeString, MalformedSource) {
  WCHAR buffer[8] = {L'q'};
  UNICODE_STRING destination = {0, sizeof(buffer), buffer};
  for (UNICODE_STRING source : {LongerThanMaximum(), PartCharacter(), NullBuffer()}) {
    EXPECT_ONLY_BUGCHECK(RtlCopyUnicodeString(&destination, &source), 0x1E,
                         {kAccessViolation, 0, 0, Address(&source)});
  }
  EXPECT_EQ(destination.Length, 0);
  EXPECT_EQ(buffer[0], L'q');
}

MISUSE_CASE(RtlCopyUnicodeString, NullDestinationBuffer) {
  UNICODE_STRING source = Text();
  UNICODE_STRING destination = {0, 8 * kW, nullptr};
  EXPECT_ONLY_BUGCHECK(RtlCopyUnicodeString(&destination, &source), 0x1E,
                       {kAccessViolation, 0, 1, Address(&destination)});
  EXPECT_EQ(destination.Length, 0);
  // An empty source still writes the terminator there is room for.
  UNICODE_STRING empty = {0, 0, nullptr};
  EXPECT_ONLY_BUGCHECK(RtlCopyUnicodeString(&destination, &empty), 0x1E,
                       {kAccessViolation, 0, 1, Address(&destination)});
}

MISUSE_CASE(RtlCopyUnicodeString, DestinationTooSmallAndAboveDispatch) {
  UNICODE_STRING source = Text();
  WCHAR buffer[2] = {L'q', L'q'};
  UNICODE_STRING destination = {0, sizeof(buffer) + 1, buffer};  // a part character too
  EXPECT_NO_BUGCHECK(RtlCopyUnicodeString(&destination, &source));
  EXPECT_EQ(destination.Length, 2 * kW);
  EXPECT_EQ(buffer[1], L'b');
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlCopyUnicodeString(&destination, &source), 0x0A,
                         {Address(&destination), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
}

MISUSE_CASE(RtlAppendUnicodeToString, NullAndMalformed) {
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_ONLY_BUGCHECK(status = RtlAppendUnicodeToString(nullptr, L"x"), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  UNICODE_STRING bad = LongerThanMaximum();
  EXPECT_ONLY_BUGCHECK(status = RtlAppendUnicodeToString(&bad, L"x"), 0x1E,
                       {kAccessViolation, 0, 1, Address(&bad)});
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  UNICODE_STRING null_buffer = {0, 4 * kW, nullptr};
  EXPECT_ONLY_BUGCHECK(RtlAppendUnicodeToString(&null_buffer, L"x"), 0x1E,
                       {kAccessViolation, 0, 1, Address(&null_buffer)});
  WCHAR buffer[4];
  UNICODE_STRING s = {0, sizeof(buffer), buffer};
  EXPECT_EQ(RtlAppendUnicodeToString(&s, nullptr), STATUS_SUCCESS);
  EXPECT_EQ(s.Length, 0);
}

MISUSE_CASE(RtlAppendUnicodeToString, TooSmall) {
  WCHAR buffer[4] = {L'a', L'b', 0, 0};
  UNICODE_STRING s = {2 * kW, sizeof(buffer), buffer};
  EXPECT_EQ(RtlAppendUnicodeToString(&s, L"xyz"), STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(s.Length, 2 * kW);
  EXPECT_EQ(buffer[2], 0);
  // Exactly full: no room for a terminator, none written.
  EXPECT_EQ(RtlAppendUnicodeToString(&s, L"yz"), STATUS_SUCCESS);
  EXPECT_EQ(s.Length, 4 * kW);
  EXPECT_EQ(RtlAppendUnicodeToString(&s, L"z"), STATUS_BUFFER_TOO_SMALL);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlAppendUnicodeToString(&s, L"z"), 0x0A,
                         {Address(&s), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
}

MISUSE_CASE(RtlAppendUnicodeStringToString, NullMalformedAndTooSmall) {
  WCHAR buffer[4];
  UNICODE_STRING s = {0, sizeof(buffer), buffer};
  EXPECT_ONLY_BUGCHECK(RtlAppendUnicodeStringToString(&s, nullptr), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  UNICODE_STRING source = Text();
  EXPECT_ONLY_BUGCHECK(RtlAppendUnicodeStringToString(nullptr, &source), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  for (UNICODE_STRING bad : {LongerThanMaximum(), PartCharacter(), NullBuffer()}) {
    NTSTATUS status = STATUS_SUCCESS;
    EXPECT_ONLY_BUGCHECK(status = RtlAppendUnicodeStringToString(&s, &bad), 0x1E,
                         {kAccessViolation, 0, 0, Address(&bad)});
    EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  }
  UNICODE_STRING odd_destination = {kW + 1, sizeof(buffer), buffer};
  EXPECT_ONLY_BUGCHECK(RtlAppendUnicodeStringToString(&odd_destination, &source), 0x1E,
                       {kAccessViolation, 0, 1, Address(&odd_destination)});
  EXPECT_EQ(RtlAppendUnicodeStringToString(&s, &source), STATUS_SUCCESS);
  EXPECT_EQ(RtlAppendUnicodeStringToString(&s, &source), STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(s.Length, kTextBytes);
}

// --- comparison -------------------------------------------------------------------------

// The four comparisons share their checks; each row runs them on its routine.
template <typename Compare>
void NullAndMalformed(Compare compare) {
  UNICODE_STRING good = Text();
  EXPECT_ONLY_BUGCHECK(compare(nullptr, &good, FALSE), 0x1E, {kAccessViolation, 0, 0, 0});
  EXPECT_ONLY_BUGCHECK(compare(&good, nullptr, TRUE), 0x1E, {kAccessViolation, 0, 0, 0});
  for (UNICODE_STRING bad : {LongerThanMaximum(), PartCharacter(), NullBuffer()}) {
    LONG result = 1;
    EXPECT_ONLY_BUGCHECK(result = compare(&good, &bad, FALSE), 0x1E,
                         {kAccessViolation, 0, 0, Address(&bad)});
    EXPECT_EQ(result, 0);
  }
}

template <typename Compare>
void WrongIrql(Compare compare) {
  UNICODE_STRING a = Text();
  UNICODE_STRING b = Text();
  // Case-insensitive: PASSIVE_LEVEL (the upcase table is pageable).
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(compare(&a, &b, TRUE), 0x0A,
                         {Address(&a), APC_LEVEL, PASSIVE_LEVEL, 0});
    EXPECT_NO_BUGCHECK(compare(&a, &b, FALSE));
  });
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(compare(&a, &b, FALSE), 0x0A,
                         {Address(&a), DISPATCH_LEVEL, APC_LEVEL, 0});
  });
}

LONG Compare(PCUNICODE_STRING a, PCUNICODE_STRING b, BOOLEAN ci) {
  return RtlCompareUnicodeString(a, b, ci);
}
LONG Equal(PCUNICODE_STRING a, PCUNICODE_STRING b, BOOLEAN ci) {
  return RtlEqualUnicodeString(a, b, ci);
}
LONG Prefix(PCUNICODE_STRING a, PCUNICODE_STRING b, BOOLEAN ci) {
  return RtlPrefixUnicodeString(a, b, ci);
}
LONG Suffix(PCUNICODE_STRING a, PCUNICODE_STRING b, BOOLEAN ci) {
  return RtlSuffixUnicodeString(a, b, ci);
}

MISUSE_CASE(RtlCompareUnicodeString, NullAndMalformed) { NullAndMalformed(Compare); }
MISUSE_CASE(RtlCompareUnicodeString, WrongIrql) { WrongIrql(Compare); }
MISUSE_CASE(RtlEqualUnicodeString, NullAndMalformed) { NullAndMalformed(Equal); }
MISUSE_CASE(RtlEqualUnicodeString, WrongIrql) { WrongIrql(Equal); }
MISUSE_CASE(RtlPrefixUnicodeString, NullAndMalformed) { NullAndMalformed(Prefix); }
MISUSE_CASE(RtlPrefixUnicodeString, WrongIrql) { WrongIrql(Prefix); }
MISUSE_CASE(RtlSuffixUnicodeString, NullAndMalformed) { NullAndMalformed(Suffix); }
MISUSE_CASE(RtlSuffixUnicodeString, WrongIrql) { WrongIrql(Suffix); }

MISUSE_CASE(RtlSuffixUnicodeString, LongerThanTheString) {
  UNICODE_STRING text = Text();
  UNICODE_STRING shorter = {kW, kW, g_text + 2};
  EXPECT_FALSE(RtlSuffixUnicodeString(&text, &shorter, FALSE));
  EXPECT_FALSE(RtlPrefixUnicodeString(&text, &shorter, TRUE));
  UNICODE_STRING empty = {0, 0, nullptr};
  EXPECT_TRUE(RtlSuffixUnicodeString(&empty, &text, FALSE));
  EXPECT_TRUE(RtlSuffixUnicodeString(&shorter, &text, FALSE));
}

// --- case mapping -------------------------------------------------------------------------

template <typename Map>
void MapMisuse(Map map) {
  UNICODE_STRING source = Text();
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_ONLY_BUGCHECK(status = map(nullptr, &source, TRUE), 0x1E, {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  UNICODE_STRING out = {};
  EXPECT_ONLY_BUGCHECK(map(&out, nullptr, TRUE), 0x1E, {kAccessViolation, 0, 0, 0});
  UNICODE_STRING bad = PartCharacter();
  EXPECT_ONLY_BUGCHECK(map(&out, &bad, TRUE), 0x1E, {kAccessViolation, 0, 0, Address(&bad)});
  // Too small: nothing written.
  WCHAR buffer[2] = {L'q', L'q'};
  UNICODE_STRING small = {0, sizeof(buffer), buffer};
  EXPECT_EQ(map(&small, &source, FALSE), STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(small.Length, 0);
  EXPECT_EQ(buffer[0], L'q');
  // A caller's buffer that is NULL.
  UNICODE_STRING null_buffer = {0, 8 * kW, nullptr};
  EXPECT_ONLY_BUGCHECK(map(&null_buffer, &source, FALSE), 0x1E,
                       {kAccessViolation, 0, 1, Address(&null_buffer)});
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(map(&out, &source, TRUE), 0x0A,
                         {Address(&out), DISPATCH_LEVEL, APC_LEVEL, 0});
  });
  {
    ScopedOptions options(FailFirstStringAllocation);
    EXPECT_EQ(map(&out, &source, TRUE), STATUS_NO_MEMORY);
  }
  EXPECT_EQ(out.Buffer, nullptr);
}

NTSTATUS Upcase(PUNICODE_STRING d, PCUNICODE_STRING s, BOOLEAN a) {
  return RtlUpcaseUnicodeString(d, s, a);
}
NTSTATUS Downcase(PUNICODE_STRING d, PCUNICODE_STRING s, BOOLEAN a) {
  return RtlDowncaseUnicodeString(d, s, a);
}

MISUSE_CASE(RtlUpcaseUnicodeString, NullMalformedTooSmallIrqlAndNoMemory) { MapMisuse(Upcase); }
MISUSE_CASE(RtlDowncaseUnicodeString, NullMalformedTooSmallIrqlAndNoMemory) {
  MapMisuse(Downcase);
}

MISUSE_CASE(RtlUpcaseUnicodeChar, AboveApc) {
  WCHAR c = 0;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(c = RtlUpcaseUnicodeChar(L'a'), 0x0A,
                         {0, DISPATCH_LEVEL, APC_LEVEL, 0});
  });
  EXPECT_EQ(c, L'a');
  // Values outside Unicode map to themselves.
  EXPECT_EQ(RtlUpcaseUnicodeChar(static_cast<WCHAR>(0x7FFFFFFF)), static_cast<WCHAR>(0x7FFFFFFF));
}

MISUSE_CASE(RtlDowncaseUnicodeChar, AboveApc) {
  WCHAR c = 0;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(c = RtlDowncaseUnicodeChar(L'A'), 0x0A,
                         {0, DISPATCH_LEVEL, APC_LEVEL, 0});
  });
  EXPECT_EQ(c, L'A');
  EXPECT_EQ(RtlDowncaseUnicodeChar(static_cast<WCHAR>(-1)), static_cast<WCHAR>(-1));
}

// --- allocated copies and frees ---------------------------------------------------------------

MISUSE_CASE(RtlDuplicateUnicodeString, InvalidArguments) {
  UNICODE_STRING in = Text();
  UNICODE_STRING out = {};
  EXPECT_EQ(RtlDuplicateUnicodeString(0x4, &in, &out), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(RtlDuplicateUnicodeString(0, nullptr, &out), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(RtlDuplicateUnicodeString(0, &in, nullptr), STATUS_INVALID_PARAMETER);
  for (UNICODE_STRING bad : {LongerThanMaximum(), PartCharacter(), NullBuffer()}) {
    EXPECT_EQ(RtlDuplicateUnicodeString(0, &bad, &out), STATUS_INVALID_PARAMETER);
  }
  EXPECT_EQ(out.Buffer, nullptr);
}

MISUSE_CASE(RtlDuplicateUnicodeString, NoMemoryAndAboveApc) {
  UNICODE_STRING in = Text();
  UNICODE_STRING out = {};
  {
    ScopedOptions options(FailFirstStringAllocation);
    EXPECT_EQ(RtlDuplicateUnicodeString(RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE, &in, &out),
              STATUS_NO_MEMORY);
  }
  EXPECT_EQ(out.Buffer, nullptr);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlDuplicateUnicodeString(0, &in, &out), 0x0A,
                         {Address(&in), DISPATCH_LEVEL, APC_LEVEL, 0});
  });
}

MISUSE_CASE(RtlFreeUnicodeString, NullNotFromThePoolAndTwice) {
  EXPECT_ONLY_BUGCHECK(RtlFreeUnicodeString(nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
  // A string RtlInitUnicodeString pointed at a literal: not a pool block.
  UNICODE_STRING literal;
  RtlInitUnicodeString(&literal, g_text);
  EXPECT_ONLY_BUGCHECK(RtlFreeUnicodeString(&literal), 0xC2, {0x46, Address(g_text)});
  // Freed through a copy of the structure, then through the original.
  UNICODE_STRING in = Text();
  UNICODE_STRING out = {};
  ASSERT_EQ(RtlDuplicateUnicodeString(0, &in, &out), STATUS_SUCCESS);
  UNICODE_STRING copy = out;
  RtlFreeUnicodeString(&copy);
  EXPECT_EQ(copy.Buffer, nullptr);
  EXPECT_ONLY_BUGCHECK(RtlFreeUnicodeString(&out), 0xC2,
                       {0x07, std::nullopt, std::nullopt, Address(out.Buffer)});
  // Freeing the emptied structure again is nothing.
  EXPECT_NO_BUGCHECK(RtlFreeUnicodeString(&copy));
}

MISUSE_CASE(RtlFreeUnicodeString, AboveApc) {
  UNICODE_STRING in = Text();
  UNICODE_STRING out = {};
  ASSERT_EQ(RtlDuplicateUnicodeString(0, &in, &out), STATUS_SUCCESS);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlFreeUnicodeString(&out), 0x0A,
                         {Address(&out), DISPATCH_LEVEL, APC_LEVEL, 0});
  });
  EXPECT_NE(out.Buffer, nullptr);
  RtlFreeUnicodeString(&out);
}

MISUSE_CASE(RtlFreeAnsiString, NullNotFromThePoolAndTwice) {
  EXPECT_ONLY_BUGCHECK(RtlFreeAnsiString(nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
  static CHAR text[] = "abc";
  ANSI_STRING literal;
  RtlInitAnsiString(&literal, text);
  EXPECT_ONLY_BUGCHECK(RtlFreeAnsiString(&literal), 0xC2, {0x46, Address(text)});
  UNICODE_STRING in = Text();
  ANSI_STRING out = {};
  ASSERT_EQ(RtlUnicodeStringToAnsiString(&out, &in, TRUE), STATUS_SUCCESS);
  ANSI_STRING copy = out;
  RtlFreeAnsiString(&copy);
  EXPECT_ONLY_BUGCHECK(RtlFreeAnsiString(&out), 0xC2,
                       {0x07, std::nullopt, std::nullopt, Address(out.Buffer)});
}

// --- integers ------------------------------------------------------------------------------------

MISUSE_CASE(RtlUnicodeStringToInteger, NullMalformedEmptyAndBase) {
  ULONG value = 7;
  UNICODE_STRING text = {kW, kW, const_cast<PWCH>(L"5")};
  EXPECT_ONLY_BUGCHECK(RtlUnicodeStringToInteger(nullptr, 10, &value), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_ONLY_BUGCHECK(status = RtlUnicodeStringToInteger(&text, 10, nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  UNICODE_STRING bad = LongerThanMaximum();
  EXPECT_ONLY_BUGCHECK(RtlUnicodeStringToInteger(&bad, 10, &value), 0x1E,
                       {kAccessViolation, 0, 0, Address(&bad)});
  UNICODE_STRING empty = {0, 0, nullptr};
  EXPECT_EQ(RtlUnicodeStringToInteger(&empty, 10, &value), STATUS_INVALID_PARAMETER);
  for (ULONG base : {1u, 3u, 17u, 36u, 0xFFFFFFFFu}) {
    EXPECT_EQ(RtlUnicodeStringToInteger(&text, base, &value), STATUS_INVALID_PARAMETER)
        << "base " << base;
  }
  EXPECT_EQ(value, 7u);
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlUnicodeStringToInteger(&text, 10, &value), 0x0A,
                         {Address(&text), APC_LEVEL, PASSIVE_LEVEL, 0});
  });
}

template <typename Format>
void ToStringMisuse(Format format) {
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_ONLY_BUGCHECK(status = format(5, 10, nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  WCHAR buffer[4] = {L'q', L'q', L'q', L'q'};
  UNICODE_STRING s = {0, sizeof(buffer), buffer};
  for (ULONG base : {1u, 3u, 17u, 37u}) {  // 0 means 10
    EXPECT_EQ(format(5, base, &s), STATUS_INVALID_PARAMETER) << "base " << base;
  }
  EXPECT_EQ(format(12345, 10, &s), STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(buffer[0], L'q');
  EXPECT_EQ(format(1234, 10, &s), STATUS_SUCCESS);  // exactly full: no terminator
  EXPECT_EQ(s.Length, 4 * kW);
  UNICODE_STRING null_buffer = {0, 8 * kW, nullptr};
  EXPECT_ONLY_BUGCHECK(format(5, 10, &null_buffer), 0x1E,
                       {kAccessViolation, 0, 1, Address(&null_buffer)});
  UNICODE_STRING none = {0, 0, nullptr};
  EXPECT_EQ(format(5, 10, &none), STATUS_BUFFER_OVERFLOW);
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(format(5, 10, &s), 0x0A, {Address(&s), APC_LEVEL, PASSIVE_LEVEL, 0});
  });
}

NTSTATUS Integer(ULONG v, ULONG base, PUNICODE_STRING s) {
  return RtlIntegerToUnicodeString(v, base, s);
}
NTSTATUS Int64(ULONG v, ULONG base, PUNICODE_STRING s) {
  return RtlInt64ToUnicodeString(v, base, s);
}

MISUSE_CASE(RtlIntegerToUnicodeString, NullBaseTooSmallAndIrql) { ToStringMisuse(Integer); }
MISUSE_CASE(RtlInt64ToUnicodeString, NullBaseTooSmallAndIrql) { ToStringMisuse(Int64); }

MISUSE_CASE(RtlInt64ToUnicodeString, MaxValueInBaseTwo) {
  WCHAR buffer[64];
  UNICODE_STRING s = {0, sizeof(buffer), buffer};
  EXPECT_EQ(RtlInt64ToUnicodeString(~0ull, 2, &s), STATUS_SUCCESS);
  EXPECT_EQ(s.Length, 64 * kW);
  UNICODE_STRING short_by_one = {0, 63 * kW, buffer};
  EXPECT_EQ(RtlInt64ToUnicodeString(~0ull, 2, &short_by_one), STATUS_BUFFER_OVERFLOW);
}

// --- ANSI <-> Unicode --------------------------------------------------------------------------

MISUSE_CASE(RtlUnicodeStringToAnsiString, NullMalformedTooSmallAndNoMemory) {
  UNICODE_STRING source = Text();
  ANSI_STRING out = {};
  EXPECT_ONLY_BUGCHECK(RtlUnicodeStringToAnsiString(nullptr, &source, TRUE), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_ONLY_BUGCHECK(RtlUnicodeStringToAnsiString(&out, nullptr, TRUE), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  UNICODE_STRING bad = NullBuffer();
  EXPECT_ONLY_BUGCHECK(RtlUnicodeStringToAnsiString(&out, &bad, TRUE), 0x1E,
                       {kAccessViolation, 0, 0, Address(&bad)});
  // Too small: what fits, terminated, and STATUS_BUFFER_OVERFLOW.
  CHAR buffer[3] = {'q', 'q', 'q'};
  ANSI_STRING small = {0, sizeof(buffer), buffer};
  EXPECT_EQ(RtlUnicodeStringToAnsiString(&small, &source, FALSE), STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(small.Length, 2);
  EXPECT_EQ(buffer[2], '\0');
  ANSI_STRING null_buffer = {0, 8, nullptr};
  EXPECT_ONLY_BUGCHECK(RtlUnicodeStringToAnsiString(&null_buffer, &source, FALSE), 0x1E,
                       {kAccessViolation, 0, 1, Address(&null_buffer)});
  {
    ScopedOptions options(FailFirstStringAllocation);
    EXPECT_EQ(RtlUnicodeStringToAnsiString(&out, &source, TRUE), STATUS_NO_MEMORY);
  }
  EXPECT_EQ(out.Buffer, nullptr);
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlUnicodeStringToAnsiString(&out, &source, TRUE), 0x0A,
                         {Address(&out), APC_LEVEL, PASSIVE_LEVEL, 0});
  });
}

MISUSE_CASE(RtlAnsiStringToUnicodeString, NullMalformedTooSmallAndTooLong) {
  static CHAR text[] = "abc";
  ANSI_STRING source = {3, 4, text};
  UNICODE_STRING out = {};
  EXPECT_ONLY_BUGCHECK(RtlAnsiStringToUnicodeString(nullptr, &source, TRUE), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_ONLY_BUGCHECK(RtlAnsiStringToUnicodeString(&out, nullptr, TRUE), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  ANSI_STRING longer = {5, 4, text};
  EXPECT_ONLY_BUGCHECK(RtlAnsiStringToUnicodeString(&out, &longer, TRUE), 0x1E,
                       {kAccessViolation, 0, 0, Address(&longer)});
  // Too small: nothing written.
  WCHAR buffer[2] = {L'q', L'q'};
  UNICODE_STRING small = {0, sizeof(buffer), buffer};
  EXPECT_EQ(RtlAnsiStringToUnicodeString(&small, &source, FALSE), STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(small.Length, 0);
  EXPECT_EQ(buffer[0], L'q');
  // An empty source still terminates a caller's buffer: a NULL one faults.
  ANSI_STRING empty = {0, 0, nullptr};
  UNICODE_STRING null_buffer = {0, 8 * kW, nullptr};
  EXPECT_ONLY_BUGCHECK(RtlAnsiStringToUnicodeString(&null_buffer, &empty, FALSE), 0x1E,
                       {kAccessViolation, 0, 1, Address(&null_buffer)});
  // More characters than a UNICODE_STRING holds.
  std::vector<CHAR> many = NarrowOf(0x4000);
  ANSI_STRING big = {0x4000, 0x4001, many.data()};
  EXPECT_EQ(RtlAnsiStringToUnicodeString(&out, &big, TRUE), STATUS_INVALID_PARAMETER_2);
  {
    ScopedOptions options(FailFirstStringAllocation);
    EXPECT_EQ(RtlAnsiStringToUnicodeString(&out, &source, TRUE), STATUS_NO_MEMORY);
  }
  EXPECT_EQ(out.Buffer, nullptr);
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlAnsiStringToUnicodeString(&out, &source, TRUE), 0x0A,
                         {Address(&out), APC_LEVEL, PASSIVE_LEVEL, 0});
  });
}

// --- the IRQL of the remaining routines, and paged buffers at DISPATCH_LEVEL -----------

template <typename Call>
void RefusedAt(KIRQL irql, const void* first, KIRQL max, Call call) {
  AtIrql(irql, [&] { EXPECT_ONLY_BUGCHECK(call(), 0x0A, {Address(first), irql, max, 0}); });
}

MISUSE_CASE(RtlInitAnsiString, AboveDispatch) {
  ANSI_STRING s = {};
  RefusedAt(HIGH_LEVEL, &s, DISPATCH_LEVEL, [&] { RtlInitAnsiString(&s, "x"); });
  EXPECT_EQ(s.Buffer, nullptr);
}
MISUSE_CASE(RtlInitAnsiStringEx, AboveDispatch) {
  ANSI_STRING s = {};
  RefusedAt(HIGH_LEVEL, &s, DISPATCH_LEVEL, [&] { RtlInitAnsiStringEx(&s, "x"); });
}
MISUSE_CASE(RtlInitStringEx, AboveDispatch) {
  STRING s = {};
  RefusedAt(HIGH_LEVEL, &s, DISPATCH_LEVEL, [&] { RtlInitStringEx(&s, "x"); });
}
MISUSE_CASE(RtlAppendUnicodeStringToString, AboveDispatch) {
  WCHAR buffer[4];
  UNICODE_STRING s = {0, sizeof(buffer), buffer};
  UNICODE_STRING source = Text();
  RefusedAt(HIGH_LEVEL, &s, DISPATCH_LEVEL, [&] { RtlAppendUnicodeStringToString(&s, &source); });
  EXPECT_EQ(s.Length, 0);
}
MISUSE_CASE(RtlFreeAnsiString, AboveApc) {
  ANSI_STRING s = {};
  RefusedAt(DISPATCH_LEVEL, &s, APC_LEVEL, [&] { RtlFreeAnsiString(&s); });
}

MISUSE_CASE(RtlCopyUnicodeString, PagedBuffersAtDispatch) {
  auto* paged = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, 4 * kW, kTag));
  ASSERT_NE(paged, nullptr);
  WCHAR resident[4];
  UNICODE_STRING paged_source = {kW, 4 * kW, paged};
  UNICODE_STRING resident_destination = {0, sizeof(resident), resident};
  UNICODE_STRING paged_destination = {0, 4 * kW, paged};
  UNICODE_STRING resident_source = Text();
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlCopyUnicodeString(&resident_destination, &paged_source), 0xD1,
                         {Address(paged), DISPATCH_LEVEL, 0, 0});
    EXPECT_ONLY_BUGCHECK(RtlCopyUnicodeString(&paged_destination, &resident_source), 0xD1,
                         {Address(paged), DISPATCH_LEVEL, 1, 0});
    // Both resident: allowed at DISPATCH_LEVEL.
    EXPECT_NO_BUGCHECK(RtlCopyUnicodeString(&resident_destination, &resident_source));
  });
  EXPECT_EQ(resident_destination.Length, kTextBytes);
  ExFreePoolWithTag(paged, kTag);
}

MISUSE_CASE(RtlAppendUnicodeToString, PagedBuffersAtDispatch) {
  auto* paged = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, 4 * kW, kTag));
  ASSERT_NE(paged, nullptr);
  paged[0] = 0;
  UNICODE_STRING in_paged = {0, 4 * kW, paged};
  WCHAR resident[4];
  UNICODE_STRING s = {0, sizeof(resident), resident};
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlAppendUnicodeToString(&in_paged, L"x"), 0xD1,
                         {Address(paged), DISPATCH_LEVEL, 1, 0});
    EXPECT_ONLY_BUGCHECK(RtlAppendUnicodeToString(&s, paged), 0xD1,
                         {Address(paged), DISPATCH_LEVEL, 0, 0});
  });
  EXPECT_EQ(s.Length, 0);
  ExFreePoolWithTag(paged, kTag);
}

MISUSE_CASE(RtlDuplicateUnicodeString, TooLongToTerminate) {
  // The largest string plus a terminator does not fit a UNICODE_STRING.
  std::vector<WCHAR> text = WideOf(0xFFFF / kW);
  UNICODE_STRING in = {static_cast<USHORT>(0xFFFF / kW * kW),
                       static_cast<USHORT>(0xFFFF / kW * kW), text.data()};
  UNICODE_STRING out = {};
  EXPECT_EQ(RtlDuplicateUnicodeString(RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE, &in, &out),
            STATUS_NAME_TOO_LONG);
  EXPECT_EQ(out.Buffer, nullptr);
  ASSERT_EQ(RtlDuplicateUnicodeString(0, &in, &out), STATUS_SUCCESS);
  EXPECT_EQ(out.Length, in.Length);
  RtlFreeUnicodeString(&out);
}

MISUSE_CASE(RtlInitUnicodeStringEx, PagedSourceAtDispatch) {
  auto* paged = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, 2 * kW, kTag));
  ASSERT_NE(paged, nullptr);
  paged[0] = L'x';
  paged[1] = 0;
  UNICODE_STRING s = {};
  NTSTATUS status = STATUS_SUCCESS;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(status = RtlInitUnicodeStringEx(&s, paged), 0xD1,
                         {Address(paged), DISPATCH_LEVEL, 0, 0});
  });
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  EXPECT_EQ(s.Buffer, nullptr);
  ExFreePoolWithTag(paged, kTag);
}

}  // namespace
}  // namespace misuse
