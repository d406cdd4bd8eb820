// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of the safe string functions (rtl/wdk/ntstrsafe.h):
// sizes 0, 1, too small, NTSTRSAFE_MAX_CCH and beyond, NULL destinations,
// sources and formats, destinations with no terminator to append after,
// invalid UNICODE_STRINGs, the IRQL and a paged destination at
// DISPATCH_LEVEL. The A and W, Cch and Cb forms share one body per family;
// each row runs it on its own routine.

#include <cstdarg>
#include <cstdint>
#include <vector>

#include <ntifs.h>
#include <ntstrsafe.h>

#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;
constexpr size_t kMaxCch = NTSTRSAFE_MAX_CCH;
constexpr USHORT kW = sizeof(WCHAR);

uintptr_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

template <typename C>
const C* Abc();
template <>
const char* Abc<char>() {
  return "abc";
}
template <>
const wchar_t* Abc<wchar_t>() {
  return L"abc";
}

template <typename C>
void Fill(C* buffer, size_t chars) {
  for (size_t i = 0; i < chars; ++i) buffer[i] = static_cast<C>('q');
}

template <typename C>
bool Is(const C* buffer, const char* text) {
  size_t i = 0;
  for (; text[i] != 0; ++i) {
    if (buffer[i] != static_cast<C>(text[i])) return false;
  }
  return buffer[i] == 0;
}

// The checks every destination-writing form shares. `write(dest, size)`
// writes "abc" (or more) into `dest` of `size` units; `unit` is the bytes per
// character for the Cb forms and 1 for the Cch forms.
template <typename C, typename Write>
void DestinationChecks(Write write, size_t unit, size_t char_bytes) {
  C buffer[8];
  Fill(buffer, 8);
  NTSTATUS status = STATUS_SUCCESS;
  // Size 0: nothing may be written, not even through NULL.
  EXPECT_EQ(write(buffer, 0), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(buffer[0], static_cast<C>('q'));
  EXPECT_NO_BUGCHECK(status = write(nullptr, 0));
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  // Above NTSTRSAFE_MAX_CCH characters.
  EXPECT_EQ(write(buffer, (kMaxCch + 1) * unit), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(write(buffer, ~static_cast<size_t>(0)), STATUS_INVALID_PARAMETER);
  // A size of one character holds the terminator only.
  Fill(buffer, 8);
  EXPECT_EQ(write(buffer, 1 * unit), STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(buffer[0], 0);
  // A NULL destination with a size.
  EXPECT_ONLY_BUGCHECK(status = write(nullptr, 8 * unit), 0x1E, {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  // Above DISPATCH_LEVEL, and a paged destination at DISPATCH_LEVEL.
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(write(buffer, 8 * unit), 0x0A,
                         {Address(buffer), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
  auto* paged = static_cast<C*>(ExAllocatePool2(POOL_FLAG_PAGED, 8 * sizeof(C), kTag));
  ASSERT_NE(paged, nullptr);
  paged[0] = 0;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(write(paged, 8 * unit), 0xD1, {Address(paged), DISPATCH_LEVEL, 1, 0});
  });
  ExFreePoolWithTag(paged, kTag);
  // The Cb W forms: fewer bytes than one character is a zero size.
  if (unit > 1) {
    EXPECT_EQ(write(buffer, char_bytes - 1), STATUS_INVALID_PARAMETER);
  }
}

// --- copy -----------------------------------------------------------------------------

template <typename C, typename Copy>
void CopyRow(Copy copy, size_t unit) {
  DestinationChecks<C>([&](C* d, size_t n) { return copy(d, n, Abc<C>()); }, unit, sizeof(C));
  C buffer[8];
  // The largest size there is: accepted (only what is copied is touched).
  EXPECT_EQ(copy(buffer, kMaxCch * unit, Abc<C>()), STATUS_SUCCESS);
  EXPECT_TRUE(Is(buffer, "abc"));
  // Too small: cut, terminated.
  EXPECT_EQ(copy(buffer, 3 * unit, Abc<C>()), STATUS_BUFFER_OVERFLOW);
  EXPECT_TRUE(Is(buffer, "ab"));
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_ONLY_BUGCHECK(status = copy(buffer, 8 * unit, nullptr), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
}

// The N forms: the count of source characters, 0 and beyond the maximum.
template <typename C, typename CopyN>
void CopyNRow(CopyN copy_n, size_t unit) {
  CopyRow<C>([&](C* d, size_t n, const C* s) { return copy_n(d, n, s, 100 * unit); }, unit);
  C buffer[8];
  Fill(buffer, 8);
  EXPECT_EQ(copy_n(buffer, 8 * unit, Abc<C>(), 0), STATUS_SUCCESS);
  EXPECT_EQ(buffer[0], 0);
  EXPECT_EQ(copy_n(buffer, 8 * unit, Abc<C>(), 2 * unit), STATUS_SUCCESS);
  EXPECT_TRUE(Is(buffer, "ab"));
  EXPECT_EQ(copy_n(buffer, 8 * unit, Abc<C>(), (kMaxCch + 1) * unit), STATUS_INVALID_PARAMETER);
}

MISUSE_CASE(RtlStringCchCopyA, SizesNullsAndIrql) { CopyRow<char>(RtlStringCchCopyA, 1); }
MISUSE_CASE(RtlStringCchCopyW, SizesNullsAndIrql) { CopyRow<wchar_t>(RtlStringCchCopyW, 1); }
MISUSE_CASE(RtlStringCbCopyA, SizesNullsAndIrql) { CopyRow<char>(RtlStringCbCopyA, 1); }
MISUSE_CASE(RtlStringCbCopyW, SizesNullsAndIrql) { CopyRow<wchar_t>(RtlStringCbCopyW, kW); }
MISUSE_CASE(RtlStringCchCopyNA, SizesNullsAndIrql) { CopyNRow<char>(RtlStringCchCopyNA, 1); }
MISUSE_CASE(RtlStringCchCopyNW, SizesNullsAndIrql) { CopyNRow<wchar_t>(RtlStringCchCopyNW, 1); }
MISUSE_CASE(RtlStringCbCopyNA, SizesNullsAndIrql) { CopyNRow<char>(RtlStringCbCopyNA, 1); }
MISUSE_CASE(RtlStringCbCopyNW, SizesNullsAndIrql) { CopyNRow<wchar_t>(RtlStringCbCopyNW, kW); }

// --- concatenation ----------------------------------------------------------------------

template <typename C, typename Cat>
void CatRow(Cat cat, size_t unit) {
  DestinationChecks<C>(
      [&](C* d, size_t n) {
        if (d != nullptr && n != 0 && n != ~static_cast<size_t>(0)) d[0] = 0;
        return cat(d, n, Abc<C>());
      },
      unit, sizeof(C));
  C buffer[8];
  // No terminator within the size: nothing to append after.
  Fill(buffer, 8);
  EXPECT_EQ(cat(buffer, 8 * unit, Abc<C>()), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(buffer[0], static_cast<C>('q'));
  // Full: unchanged, STATUS_BUFFER_OVERFLOW.
  buffer[0] = 0;
  EXPECT_EQ(cat(buffer, 8 * unit, Abc<C>()), STATUS_SUCCESS);
  EXPECT_EQ(cat(buffer, 4 * unit, Abc<C>()), STATUS_BUFFER_OVERFLOW);
  EXPECT_TRUE(Is(buffer, "abc"));
  // Too small: cut, terminated.
  EXPECT_EQ(cat(buffer, 6 * unit, Abc<C>()), STATUS_BUFFER_OVERFLOW);
  EXPECT_TRUE(Is(buffer, "abcab"));
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_ONLY_BUGCHECK(status = cat(buffer, 8 * unit, nullptr), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  EXPECT_TRUE(Is(buffer, "abcab"));
}

template <typename C, typename CatN>
void CatNRow(CatN cat_n, size_t unit) {
  CatRow<C>([&](C* d, size_t n, const C* s) { return cat_n(d, n, s, 100 * unit); }, unit);
  C buffer[8];
  buffer[0] = 0;
  EXPECT_EQ(cat_n(buffer, 8 * unit, Abc<C>(), 0), STATUS_SUCCESS);
  EXPECT_EQ(buffer[0], 0);
  EXPECT_EQ(cat_n(buffer, 8 * unit, Abc<C>(), 1 * unit), STATUS_SUCCESS);
  EXPECT_TRUE(Is(buffer, "a"));
  EXPECT_EQ(cat_n(buffer, 8 * unit, Abc<C>(), (kMaxCch + 1) * unit), STATUS_INVALID_PARAMETER);
  EXPECT_TRUE(Is(buffer, "a"));
}

MISUSE_CASE(RtlStringCchCatA, SizesNullsUnterminatedAndIrql) { CatRow<char>(RtlStringCchCatA, 1); }
MISUSE_CASE(RtlStringCchCatW, SizesNullsUnterminatedAndIrql) {
  CatRow<wchar_t>(RtlStringCchCatW, 1);
}
MISUSE_CASE(RtlStringCbCatA, SizesNullsUnterminatedAndIrql) { CatRow<char>(RtlStringCbCatA, 1); }
MISUSE_CASE(RtlStringCbCatW, SizesNullsUnterminatedAndIrql) {
  CatRow<wchar_t>(RtlStringCbCatW, kW);
}
MISUSE_CASE(RtlStringCchCatNA, SizesNullsUnterminatedAndIrql) {
  CatNRow<char>(RtlStringCchCatNA, 1);
}
MISUSE_CASE(RtlStringCchCatNW, SizesNullsUnterminatedAndIrql) {
  CatNRow<wchar_t>(RtlStringCchCatNW, 1);
}
MISUSE_CASE(RtlStringCbCatNA, SizesNullsUnterminatedAndIrql) {
  CatNRow<char>(RtlStringCbCatNA, 1);
}
MISUSE_CASE(RtlStringCbCatNW, SizesNullsUnterminatedAndIrql) {
  CatNRow<wchar_t>(RtlStringCbCatNW, kW);
}

// --- length -----------------------------------------------------------------------------------

template <typename C, typename Length>
void LengthRow(Length length, size_t unit) {
  size_t n = 99;
  // A NULL string is an invalid parameter (documented), not a fault.
  EXPECT_NO_BUGCHECK(EXPECT_EQ(length(nullptr, 8 * unit, &n), STATUS_INVALID_PARAMETER));
  EXPECT_EQ(n, 0u);
  n = 99;
  EXPECT_EQ(length(Abc<C>(), 0, &n), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(length(Abc<C>(), (kMaxCch + 1) * unit, &n), STATUS_INVALID_PARAMETER);
  // No terminator within the limit.
  EXPECT_EQ(length(Abc<C>(), 3 * unit, &n), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(length(Abc<C>(), 4 * unit, &n), STATUS_SUCCESS);
  EXPECT_EQ(n, 3 * unit);
  // The largest limit, and no out-parameter.
  EXPECT_EQ(length(Abc<C>(), kMaxCch * unit, nullptr), STATUS_SUCCESS);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(length(Abc<C>(), 4 * unit, &n), 0x0A,
                         {Address(Abc<C>()), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
  EXPECT_EQ(n, 0u);
}

MISUSE_CASE(RtlStringCchLengthA, NullSizesAndUnterminated) { LengthRow<char>(RtlStringCchLengthA, 1); }
MISUSE_CASE(RtlStringCchLengthW, NullSizesAndUnterminated) {
  LengthRow<wchar_t>(RtlStringCchLengthW, 1);
}
MISUSE_CASE(RtlStringCbLengthA, NullSizesAndUnterminated) { LengthRow<char>(RtlStringCbLengthA, 1); }
MISUSE_CASE(RtlStringCbLengthW, NullSizesAndUnterminated) {
  LengthRow<wchar_t>(RtlStringCbLengthW, kW);
  size_t n = 99;
  // Fewer bytes than a character: a zero limit.
  EXPECT_EQ(RtlStringCbLengthW(L"abc", kW - 1, &n), STATUS_INVALID_PARAMETER);
}

// --- printf ---------------------------------------------------------------------------------------

using VPrintfA = NTSTATUS(NTAPI*)(NTSTRSAFE_PSTR, size_t, NTSTRSAFE_PCSTR, va_list);
using VPrintfW = NTSTATUS(NTAPI*)(NTSTRSAFE_PWSTR, size_t, NTSTRSAFE_PCWSTR, va_list);

NTSTATUS CallV(VPrintfA v, char* dest, size_t size, const char* format, ...) {
  va_list args;
  va_start(args, format);
  const NTSTATUS status = v(dest, size, format, args);
  va_end(args);
  return status;
}
NTSTATUS CallV(VPrintfW v, wchar_t* dest, size_t size, const wchar_t* format, ...) {
  va_list args;
  va_start(args, format);
  const NTSTATUS status = v(dest, size, format, args);
  va_end(args);
  return status;
}

// `print(dest, size, format)` formats `format` with the argument 42.
template <typename C, typename Print>
void PrintfRow(Print print, const C* format_abc, const C* format_number, size_t unit) {
  C buffer[8];
  // "abc" from a format with no argument, through the shared checks; wide
  // text needs PASSIVE_LEVEL, so only the narrow forms reach the DISPATCH_LEVEL
  // checks with it.
  if (sizeof(C) == 1) {
    DestinationChecks<C>([&](C* d, size_t n) { return print(d, n, format_abc); }, unit, 1);
  }
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_EQ(print(buffer, 0, format_abc), STATUS_INVALID_PARAMETER);
  EXPECT_ONLY_BUGCHECK(status = print(nullptr, 8 * unit, format_abc), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  EXPECT_EQ(print(buffer, (kMaxCch + 1) * unit, format_abc), STATUS_INVALID_PARAMETER);
  EXPECT_ONLY_BUGCHECK(status = print(buffer, 8 * unit, nullptr), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  // Too small: cut, terminated.
  EXPECT_EQ(print(buffer, 2 * unit, format_number), STATUS_BUFFER_OVERFLOW);
  EXPECT_TRUE(Is(buffer, "4"));
  EXPECT_EQ(print(buffer, 3 * unit, format_number), STATUS_SUCCESS);
  EXPECT_TRUE(Is(buffer, "42"));
  if (sizeof(C) != 1) {
    AtIrql(DISPATCH_LEVEL, [&] {
      EXPECT_ONLY_BUGCHECK(print(buffer, 8 * unit, format_number), 0x0A,
                           {Address(buffer), DISPATCH_LEVEL, PASSIVE_LEVEL, 0});
    });
  } else {
    AtIrql(DISPATCH_LEVEL, [&] { EXPECT_NO_BUGCHECK(print(buffer, 8 * unit, format_number)); });
  }
}

// The narrow forms with wide text: PASSIVE_LEVEL.
template <typename Print>
void NarrowWideTextAtDispatch(Print print) {
  char buffer[8];
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(print(buffer, sizeof(buffer), "%ws"), 0x0A,
                         {Address(buffer), DISPATCH_LEVEL, PASSIVE_LEVEL, 0});
  });
}

MISUSE_CASE(RtlStringCchPrintfA, SizesNullsAndIrql) {
  auto print = [](char* d, size_t n, const char* f) { return RtlStringCchPrintfA(d, n, f, 42); };
  PrintfRow<char>(print, "abc", "%d", 1);
  NarrowWideTextAtDispatch([](char* d, size_t n, const char* f) {
    return RtlStringCchPrintfA(d, n, f, L"w");
  });
}
MISUSE_CASE(RtlStringCbPrintfA, SizesNullsAndIrql) {
  auto print = [](char* d, size_t n, const char* f) { return RtlStringCbPrintfA(d, n, f, 42); };
  PrintfRow<char>(print, "abc", "%d", 1);
  NarrowWideTextAtDispatch([](char* d, size_t n, const char* f) {
    return RtlStringCbPrintfA(d, n, f, L"w");
  });
}
MISUSE_CASE(RtlStringCchVPrintfA, SizesNullsAndIrql) {
  auto print = [](char* d, size_t n, const char* f) {
    return CallV(RtlStringCchVPrintfA, d, n, f, 42);
  };
  PrintfRow<char>(print, "abc", "%d", 1);
  NarrowWideTextAtDispatch([](char* d, size_t n, const char* f) {
    return CallV(RtlStringCchVPrintfA, d, n, f, L"w");
  });
}
MISUSE_CASE(RtlStringCbVPrintfA, SizesNullsAndIrql) {
  auto print = [](char* d, size_t n, const char* f) {
    return CallV(RtlStringCbVPrintfA, d, n, f, 42);
  };
  PrintfRow<char>(print, "abc", "%d", 1);
  NarrowWideTextAtDispatch([](char* d, size_t n, const char* f) {
    return CallV(RtlStringCbVPrintfA, d, n, f, L"w");
  });
}
MISUSE_CASE(RtlStringCchPrintfW, SizesNullsAndIrql) {
  auto print = [](wchar_t* d, size_t n, const wchar_t* f) {
    return RtlStringCchPrintfW(d, n, f, 42);
  };
  PrintfRow<wchar_t>(print, L"abc", L"%d", 1);
}
MISUSE_CASE(RtlStringCbPrintfW, SizesNullsAndIrql) {
  auto print = [](wchar_t* d, size_t n, const wchar_t* f) {
    return RtlStringCbPrintfW(d, n, f, 42);
  };
  PrintfRow<wchar_t>(print, L"abc", L"%d", kW);
}
MISUSE_CASE(RtlStringCchVPrintfW, SizesNullsAndIrql) {
  auto print = [](wchar_t* d, size_t n, const wchar_t* f) {
    return CallV(RtlStringCchVPrintfW, d, n, f, 42);
  };
  PrintfRow<wchar_t>(print, L"abc", L"%d", 1);
}
MISUSE_CASE(RtlStringCbVPrintfW, SizesNullsAndIrql) {
  auto print = [](wchar_t* d, size_t n, const wchar_t* f) {
    return CallV(RtlStringCbVPrintfW, d, n, f, 42);
  };
  PrintfRow<wchar_t>(print, L"abc", L"%d", kW);
}

// --- UNICODE_STRING forms ----------------------------------------------------------------------

WCHAR g_text[] = L"abc";

// Invalid UNICODE_STRINGs, each for its own reason.
std::vector<UNICODE_STRING> Invalid() {
  return {
      {4 * kW, 3 * kW, g_text},                   // Length > MaximumLength
      {kW + 1, 4 * kW, g_text},                   // Length not whole characters
      {0, 4 * kW + 1, g_text},                    // MaximumLength not whole characters
      {0, 4 * kW, nullptr},                       // no buffer for a capacity
      {0, 0xFFFF, g_text},                        // above the largest whole-character size
  };
}

MISUSE_CASE(RtlUnicodeStringValidate, NullAndEachInvalidForm) {
  EXPECT_NO_BUGCHECK(EXPECT_EQ(RtlUnicodeStringValidate(nullptr), STATUS_INVALID_PARAMETER));
  for (const UNICODE_STRING& bad : Invalid()) {
    EXPECT_EQ(RtlUnicodeStringValidate(&bad), STATUS_INVALID_PARAMETER)
        << bad.Length << "/" << bad.MaximumLength;
  }
  UNICODE_STRING empty = {0, 0, nullptr};
  EXPECT_EQ(RtlUnicodeStringValidate(&empty), STATUS_SUCCESS);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlUnicodeStringValidate(&empty), 0x0A,
                         {Address(&empty), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
}

MISUSE_CASE(RtlUnicodeStringInit, NullAndTooLong) {
  EXPECT_NO_BUGCHECK(EXPECT_EQ(RtlUnicodeStringInit(nullptr, L"x"), STATUS_INVALID_PARAMETER));
  UNICODE_STRING s = {kW, kW, g_text};
  EXPECT_EQ(RtlUnicodeStringInit(&s, nullptr), STATUS_SUCCESS);
  EXPECT_EQ(s.Length, 0);
  EXPECT_EQ(s.Buffer, nullptr);
  std::vector<WCHAR> text(NTSTRSAFE_UNICODE_STRING_MAX_CCH + 1, L'x');
  text.push_back(0);
  EXPECT_EQ(RtlUnicodeStringInit(&s, text.data()), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(s.Length, 0);
  EXPECT_EQ(s.Buffer, nullptr);
  text.erase(text.begin());  // exactly the largest
  EXPECT_EQ(RtlUnicodeStringInit(&s, text.data()), STATUS_SUCCESS);
  EXPECT_EQ(s.Length, NTSTRSAFE_UNICODE_STRING_MAX_CCH * kW);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlUnicodeStringInit(&s, L"x"), 0x0A,
                         {Address(&s), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
}

// `write(dest)` puts "abc" in `dest` by the routine of the row.
template <typename Write>
void UnicodeDestinationChecks(Write write, KIRQL max_irql) {
  for (UNICODE_STRING bad : Invalid()) {
    EXPECT_NO_BUGCHECK(EXPECT_EQ(write(&bad), STATUS_INVALID_PARAMETER));
  }
  EXPECT_NO_BUGCHECK(EXPECT_EQ(write(nullptr), STATUS_INVALID_PARAMETER));
  // Too small: cut to MaximumLength, never terminated.
  WCHAR buffer[4] = {L'q', L'q', L'q', L'q'};
  UNICODE_STRING small = {0, 2 * kW, buffer};
  EXPECT_EQ(write(&small), STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(small.Length, 2 * kW);
  EXPECT_EQ(buffer[2], L'q');
  UNICODE_STRING s = {0, sizeof(buffer), buffer};
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(write(&s), 0x0A, {Address(&s), HIGH_LEVEL, max_irql, 0});
  });
  auto* paged = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, 4 * kW, kTag));
  ASSERT_NE(paged, nullptr);
  UNICODE_STRING in_paged = {0, 4 * kW, paged};
  if (max_irql >= DISPATCH_LEVEL) {
    AtIrql(DISPATCH_LEVEL, [&] {
      EXPECT_ONLY_BUGCHECK(write(&in_paged), 0xD1, {Address(paged), DISPATCH_LEVEL, 1, 0});
    });
  }
  ExFreePoolWithTag(paged, kTag);
}

MISUSE_CASE(RtlUnicodeStringCopy, InvalidStringsTooSmallAndIrql) {
  UNICODE_STRING source = {3 * kW, 4 * kW, g_text};
  UnicodeDestinationChecks([&](PUNICODE_STRING d) { return RtlUnicodeStringCopy(d, &source); },
                           DISPATCH_LEVEL);
  WCHAR buffer[4];
  UNICODE_STRING s = {0, sizeof(buffer), buffer};
  EXPECT_EQ(RtlUnicodeStringCopy(&s, nullptr), STATUS_INVALID_PARAMETER);
  for (UNICODE_STRING bad : Invalid()) {
    EXPECT_EQ(RtlUnicodeStringCopy(&s, &bad), STATUS_INVALID_PARAMETER);
  }
  EXPECT_EQ(s.Length, 0);
}

MISUSE_CASE(RtlUnicodeStringCopyString, InvalidStringsTooSmallAndIrql) {
  UnicodeDestinationChecks([](PUNICODE_STRING d) { return RtlUnicodeStringCopyString(d, L"abc"); },
                           DISPATCH_LEVEL);
  WCHAR buffer[4];
  UNICODE_STRING s = {0, sizeof(buffer), buffer};
  EXPECT_NO_BUGCHECK(EXPECT_EQ(RtlUnicodeStringCopyString(&s, nullptr), STATUS_INVALID_PARAMETER));
}

MISUSE_CASE(RtlUnicodeStringCat, InvalidStringsTooSmallAndIrql) {
  UNICODE_STRING source = {3 * kW, 4 * kW, g_text};
  UnicodeDestinationChecks([&](PUNICODE_STRING d) { return RtlUnicodeStringCat(d, &source); },
                           DISPATCH_LEVEL);
  WCHAR buffer[4];
  UNICODE_STRING s = {0, sizeof(buffer), buffer};
  EXPECT_EQ(RtlUnicodeStringCat(&s, nullptr), STATUS_INVALID_PARAMETER);
  for (UNICODE_STRING bad : Invalid()) {
    EXPECT_EQ(RtlUnicodeStringCat(&s, &bad), STATUS_INVALID_PARAMETER);
  }
  // Already full: unchanged.
  s.Length = sizeof(buffer);
  EXPECT_EQ(RtlUnicodeStringCat(&s, &source), STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(s.Length, sizeof(buffer));
}

MISUSE_CASE(RtlUnicodeStringCatString, InvalidStringsTooSmallAndIrql) {
  UnicodeDestinationChecks([](PUNICODE_STRING d) { return RtlUnicodeStringCatString(d, L"abc"); },
                           DISPATCH_LEVEL);
  WCHAR buffer[4];
  UNICODE_STRING s = {0, sizeof(buffer), buffer};
  EXPECT_NO_BUGCHECK(EXPECT_EQ(RtlUnicodeStringCatString(&s, nullptr), STATUS_INVALID_PARAMETER));
  s.Length = sizeof(buffer);
  EXPECT_EQ(RtlUnicodeStringCatString(&s, L"x"), STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(s.Length, sizeof(buffer));
}

NTSTATUS CallUnicodeV(PUNICODE_STRING d, const wchar_t* format, ...) {
  va_list args;
  va_start(args, format);
  const NTSTATUS status = RtlUnicodeStringVPrintf(d, format, args);
  va_end(args);
  return status;
}

MISUSE_CASE(RtlUnicodeStringPrintf, InvalidStringsNullFormatTooSmallAndIrql) {
  UnicodeDestinationChecks(
      [](PUNICODE_STRING d) { return RtlUnicodeStringPrintf(d, L"%s", L"abc"); }, PASSIVE_LEVEL);
  WCHAR buffer[4];
  UNICODE_STRING s = {0, sizeof(buffer), buffer};
  EXPECT_NO_BUGCHECK(EXPECT_EQ(RtlUnicodeStringPrintf(&s, nullptr), STATUS_INVALID_PARAMETER));
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlUnicodeStringPrintf(&s, L"%d", 1), 0x0A,
                         {Address(&s), DISPATCH_LEVEL, PASSIVE_LEVEL, 0});
  });
}

MISUSE_CASE(RtlUnicodeStringVPrintf, InvalidStringsNullFormatTooSmallAndIrql) {
  UnicodeDestinationChecks([](PUNICODE_STRING d) { return CallUnicodeV(d, L"%s", L"abc"); },
                           PASSIVE_LEVEL);
  WCHAR buffer[4];
  UNICODE_STRING s = {0, sizeof(buffer), buffer};
  EXPECT_NO_BUGCHECK(EXPECT_EQ(CallUnicodeV(&s, nullptr), STATUS_INVALID_PARAMETER));
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(CallUnicodeV(&s, L"%d", 1), 0x0A,
                         {Address(&s), APC_LEVEL, PASSIVE_LEVEL, 0});
  });
}

}  // namespace
}  // namespace misuse
