// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of the ntstrsafe Ex forms (rtl/wdk/ntstrsafe.h): copy,
// concatenation and printf, Cch and Cb, A and W. Each row runs one shared
// body on its routine: sizes 0, 1, too small, NTSTRSAFE_MAX_CCH and beyond;
// NULL destinations, sources and formats with and without
// STRSAFE_IGNORE_NULLS; each flag (STRSAFE_FILL_BEHIND_NULL,
// STRSAFE_FILL_ON_FAILURE, STRSAFE_NULL_ON_FAILURE, STRSAFE_NO_TRUNCATION) and
// an undefined flag bit; what ppszDestEnd and pcchRemaining / pcbRemaining
// receive; the IRQL and a paged destination at DISPATCH_LEVEL.

#include <cstdint>
#include <cstring>

#include <ntifs.h>
#include <ntstrsafe.h>

#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;
constexpr size_t kMaxCch = NTSTRSAFE_MAX_CCH;
constexpr size_t kW = sizeof(WCHAR);
constexpr DWORD kUndefinedFlag = 0x00002000;
constexpr unsigned char kFill = 0x7A;

uintptr_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

template <typename C>
const C* Text(const char* narrow);
template <>
const char* Text<char>(const char* narrow) {
  return narrow;
}
template <>
const wchar_t* Text<wchar_t>(const char* narrow) {
  if (std::strcmp(narrow, "abc") == 0) return L"abc";
  if (std::strcmp(narrow, "%d") == 0) return L"%d";
  return L"";
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

// Whether every byte of chars [from, to) of `buffer` is `byte`.
template <typename C>
bool FilledWith(const C* buffer, size_t from, size_t to, unsigned char byte) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(buffer);
  for (size_t i = from * sizeof(C); i < to * sizeof(C); ++i) {
    if (bytes[i] != byte) return false;
  }
  return true;
}

// The signature every row is adapted to: `op(dest, size, end, remaining,
// flags, text)` copies, appends or formats `text` ("abc", or "%d" of 42 for
// printf) into `dest` of `size` units. `unit` is the bytes per character for
// the Cb forms and 1 for the Cch forms; `cat` whether the routine appends.
template <typename C, typename Op>
void ExRow(Op op, size_t unit, bool cat, KIRQL max_irql) {
  const C* abc = Text<C>("abc");
  C buffer[8];
  C* end = nullptr;
  size_t remaining = 99;
  NTSTATUS status = STATUS_SUCCESS;
  auto reset = [&] {
    Fill(buffer, 8);
    buffer[0] = 0;
    end = nullptr;
    remaining = 99;
  };

  // An undefined flag bit.
  reset();
  EXPECT_NO_BUGCHECK(status = op(buffer, 8 * unit, &end, &remaining, kUndefinedFlag, abc));
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  EXPECT_EQ(buffer[1], static_cast<C>('q'));

  // Success: the out-parameters name the terminator and the unused space.
  reset();
  EXPECT_EQ(op(buffer, 8 * unit, &end, &remaining, 0, abc), STATUS_SUCCESS);
  EXPECT_TRUE(Is(buffer, "abc"));
  EXPECT_EQ(end, buffer + 3);
  EXPECT_EQ(remaining, 5 * unit);
  // No out-parameters at all.
  reset();
  EXPECT_EQ(op(buffer, 8 * unit, nullptr, nullptr, 0, abc), STATUS_SUCCESS);
  EXPECT_TRUE(Is(buffer, "abc"));

  // Size 0: refused, unless NULLs are ignored (then only an empty result fits).
  reset();
  EXPECT_EQ(op(buffer, 0, &end, &remaining, 0, abc), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(buffer[1], static_cast<C>('q'));
  EXPECT_NO_BUGCHECK(status = op(nullptr, 0, &end, &remaining, STRSAFE_IGNORE_NULLS, nullptr));
  EXPECT_EQ(status, STATUS_SUCCESS);
  EXPECT_EQ(end, nullptr);
  EXPECT_EQ(remaining, 0u);
  EXPECT_NO_BUGCHECK(status = op(nullptr, 0, &end, &remaining, STRSAFE_IGNORE_NULLS, abc));
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);

  // Beyond NTSTRSAFE_MAX_CCH characters; the largest size is accepted.
  reset();
  EXPECT_EQ(op(buffer, (kMaxCch + 1) * unit, &end, &remaining, 0, abc),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(op(buffer, ~static_cast<size_t>(0), &end, &remaining, 0, abc),
            STATUS_INVALID_PARAMETER);
  reset();
  EXPECT_EQ(op(buffer, kMaxCch * unit, &end, &remaining, 0, abc), STATUS_SUCCESS);
  EXPECT_TRUE(Is(buffer, "abc"));
  EXPECT_EQ(end, buffer + 3);
  EXPECT_EQ(remaining, (kMaxCch - 3) * unit);

  // One character: the terminator only.
  reset();
  EXPECT_EQ(op(buffer, 1 * unit, &end, &remaining, 0, abc), STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(buffer[0], 0);
  EXPECT_EQ(end, buffer);
  EXPECT_EQ(remaining, 1 * unit);

  // Too small: cut and terminated; the out-parameters follow the cut.
  reset();
  EXPECT_EQ(op(buffer, 3 * unit, &end, &remaining, 0, abc), STATUS_BUFFER_OVERFLOW);
  EXPECT_TRUE(Is(buffer, "ab"));
  EXPECT_EQ(end, buffer + 2);
  EXPECT_EQ(remaining, 1 * unit);

  // NULL destination with a size: the access violation, or refused when
  // NULLs are ignored (a size needs a buffer).
  EXPECT_ONLY_BUGCHECK(status = op(nullptr, 8 * unit, &end, &remaining, 0, abc), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  EXPECT_NO_BUGCHECK(
      status = op(nullptr, 8 * unit, &end, &remaining, STRSAFE_IGNORE_NULLS, abc));
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);

  // NULL source / format: the access violation, or an empty string.
  reset();
  EXPECT_ONLY_BUGCHECK(status = op(buffer, 8 * unit, &end, &remaining, 0, nullptr), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  reset();
  EXPECT_EQ(op(buffer, 8 * unit, &end, &remaining, STRSAFE_IGNORE_NULLS, nullptr),
            STATUS_SUCCESS);
  EXPECT_EQ(buffer[0], 0);
  EXPECT_EQ(end, buffer);
  EXPECT_EQ(remaining, 8 * unit);

  // STRSAFE_FILL_BEHIND_NULL: on success the rest is the fill byte.
  reset();
  EXPECT_EQ(op(buffer, 8 * unit, &end, &remaining, STRSAFE_FILL_BYTE(kFill), abc),
            STATUS_SUCCESS);
  EXPECT_TRUE(Is(buffer, "abc"));
  EXPECT_TRUE(FilledWith(buffer, 4, 8, kFill));
  EXPECT_EQ(end, buffer + 3);
  EXPECT_EQ(remaining, 5 * unit);

  // STRSAFE_FILL_ON_FAILURE: the whole buffer is the fill, terminated.
  reset();
  EXPECT_EQ(op(buffer, 3 * unit, &end, &remaining, STRSAFE_FAILURE_BYTE(kFill), abc),
            STATUS_BUFFER_OVERFLOW);
  EXPECT_TRUE(FilledWith(buffer, 0, 2, kFill));
  EXPECT_EQ(buffer[2], 0);
  EXPECT_EQ(end, buffer + 2);
  EXPECT_EQ(remaining, 1 * unit);

  // STRSAFE_NULL_ON_FAILURE: the empty string.
  reset();
  EXPECT_EQ(op(buffer, 3 * unit, &end, &remaining, STRSAFE_NULL_ON_FAILURE, abc),
            STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(buffer[0], 0);
  EXPECT_EQ(end, buffer);
  EXPECT_EQ(remaining, 3 * unit);

  // STRSAFE_NO_TRUNCATION: no cut result. A copy leaves the empty string; a
  // concatenation leaves what the destination held.
  reset();
  if (cat) {
    buffer[0] = static_cast<C>('x');
    buffer[1] = 0;
    EXPECT_EQ(op(buffer, 4 * unit, &end, &remaining, STRSAFE_NO_TRUNCATION, abc),
              STATUS_BUFFER_OVERFLOW);
    EXPECT_TRUE(Is(buffer, "x"));
    EXPECT_EQ(end, buffer + 1);
    EXPECT_EQ(remaining, 3 * unit);
  } else {
    EXPECT_EQ(op(buffer, 3 * unit, &end, &remaining, STRSAFE_NO_TRUNCATION, abc),
              STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(buffer[0], 0);
    EXPECT_EQ(end, buffer);
    EXPECT_EQ(remaining, 3 * unit);
  }

  // Above the routine's IRQL, and a paged destination at DISPATCH_LEVEL.
  reset();
  const KIRQL too_high = max_irql == PASSIVE_LEVEL ? DISPATCH_LEVEL : HIGH_LEVEL;
  AtIrql(too_high, [&] {
    EXPECT_ONLY_BUGCHECK(op(buffer, 8 * unit, &end, &remaining, 0, abc), 0x0A,
                         {Address(buffer), too_high, max_irql, 0});
  });
  EXPECT_EQ(buffer[0], 0);
  if (max_irql == DISPATCH_LEVEL) {
    auto* paged = static_cast<C*>(ExAllocatePool2(POOL_FLAG_PAGED, 8 * sizeof(C), kTag));
    ASSERT_NE(paged, nullptr);
    paged[0] = 0;
    AtIrql(DISPATCH_LEVEL, [&] {
      EXPECT_ONLY_BUGCHECK(op(paged, 8 * unit, &end, &remaining, 0, abc), 0xD1,
                           {Address(paged), DISPATCH_LEVEL, 1, 0});
    });
    ExFreePoolWithTag(paged, kTag);
  }

  // The Cb W forms: fewer bytes than one character is a zero size.
  if (unit > 1) {
    reset();
    EXPECT_EQ(op(buffer, unit - 1, &end, &remaining, 0, abc), STATUS_INVALID_PARAMETER);
  }
}

// The concatenations also refuse a destination with no terminator.
template <typename C, typename Op>
void Unterminated(Op op, size_t unit) {
  C buffer[8];
  Fill(buffer, 8);
  C* end = nullptr;
  size_t remaining = 99;
  EXPECT_EQ(op(buffer, 8 * unit, &end, &remaining, 0, Text<C>("abc")), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(buffer[0], static_cast<C>('q'));
  // Full: nothing is appended.
  buffer[0] = static_cast<C>('x');
  buffer[1] = 0;
  EXPECT_EQ(op(buffer, 2 * unit, &end, &remaining, 0, Text<C>("abc")), STATUS_BUFFER_OVERFLOW);
  EXPECT_TRUE(Is(buffer, "x"));
}

// --- copy --------------------------------------------------------------------------

MISUSE_CASE(RtlStringCchCopyExA, SizesNullsFlagsOutParametersAndIrql) {
  ExRow<char>(
      [](char* d, size_t n, char** e, size_t* r, DWORD f, const char* s) {
        return RtlStringCchCopyExA(d, n, s, e, r, f);
      },
      1, false, DISPATCH_LEVEL);
}
MISUSE_CASE(RtlStringCchCopyExW, SizesNullsFlagsOutParametersAndIrql) {
  ExRow<wchar_t>(
      [](wchar_t* d, size_t n, wchar_t** e, size_t* r, DWORD f, const wchar_t* s) {
        return RtlStringCchCopyExW(d, n, s, e, r, f);
      },
      1, false, DISPATCH_LEVEL);
}
MISUSE_CASE(RtlStringCbCopyExA, SizesNullsFlagsOutParametersAndIrql) {
  ExRow<char>(
      [](char* d, size_t n, char** e, size_t* r, DWORD f, const char* s) {
        return RtlStringCbCopyExA(d, n, s, e, r, f);
      },
      1, false, DISPATCH_LEVEL);
}
MISUSE_CASE(RtlStringCbCopyExW, SizesNullsFlagsOutParametersAndIrql) {
  ExRow<wchar_t>(
      [](wchar_t* d, size_t n, wchar_t** e, size_t* r, DWORD f, const wchar_t* s) {
        return RtlStringCbCopyExW(d, n, s, e, r, f);
      },
      kW, false, DISPATCH_LEVEL);
}

// --- concatenation -----------------------------------------------------------------

auto CchCatA = [](char* d, size_t n, char** e, size_t* r, DWORD f, const char* s) {
  return RtlStringCchCatExA(d, n, s, e, r, f);
};
auto CchCatW = [](wchar_t* d, size_t n, wchar_t** e, size_t* r, DWORD f, const wchar_t* s) {
  return RtlStringCchCatExW(d, n, s, e, r, f);
};
auto CbCatA = [](char* d, size_t n, char** e, size_t* r, DWORD f, const char* s) {
  return RtlStringCbCatExA(d, n, s, e, r, f);
};
auto CbCatW = [](wchar_t* d, size_t n, wchar_t** e, size_t* r, DWORD f, const wchar_t* s) {
  return RtlStringCbCatExW(d, n, s, e, r, f);
};

MISUSE_CASE(RtlStringCchCatExA, SizesNullsFlagsOutParametersAndIrql) {
  ExRow<char>(CchCatA, 1, true, DISPATCH_LEVEL);
  Unterminated<char>(CchCatA, 1);
}
MISUSE_CASE(RtlStringCchCatExW, SizesNullsFlagsOutParametersAndIrql) {
  ExRow<wchar_t>(CchCatW, 1, true, DISPATCH_LEVEL);
  Unterminated<wchar_t>(CchCatW, 1);
}
MISUSE_CASE(RtlStringCbCatExA, SizesNullsFlagsOutParametersAndIrql) {
  ExRow<char>(CbCatA, 1, true, DISPATCH_LEVEL);
  Unterminated<char>(CbCatA, 1);
}
MISUSE_CASE(RtlStringCbCatExW, SizesNullsFlagsOutParametersAndIrql) {
  ExRow<wchar_t>(CbCatW, kW, true, DISPATCH_LEVEL);
  Unterminated<wchar_t>(CbCatW, kW);
}

// --- printf ------------------------------------------------------------------------
//
// The text is "abc" from a format with no conversion; "%d" of 42 checks the
// formatting itself. Wide formats need PASSIVE_LEVEL; narrow ones allow
// DISPATCH_LEVEL unless they format wide text.

template <typename C, typename Print>
void PrintNumber(Print print, size_t unit) {
  C buffer[8];
  C* end = nullptr;
  size_t remaining = 0;
  EXPECT_EQ(print(buffer, 2 * unit, &end, &remaining, 0, Text<C>("%d")), STATUS_BUFFER_OVERFLOW);
  EXPECT_TRUE(Is(buffer, "4"));
  EXPECT_EQ(end, buffer + 1);
  EXPECT_EQ(print(buffer, 3 * unit, &end, &remaining, 0, Text<C>("%d")), STATUS_SUCCESS);
  EXPECT_TRUE(Is(buffer, "42"));
  EXPECT_EQ(remaining, 1 * unit);
}

MISUSE_CASE(RtlStringCchPrintfExA, SizesNullsFlagsOutParametersAndIrql) {
  auto print = [](char* d, size_t n, char** e, size_t* r, DWORD f, const char* s) {
    return RtlStringCchPrintfExA(d, n, e, r, f, s, 42);
  };
  ExRow<char>(print, 1, false, DISPATCH_LEVEL);
  PrintNumber<char>(print, 1);
  char buffer[8];
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlStringCchPrintfExA(buffer, 8, nullptr, nullptr, 0, "%ws", L"w"),
                         0x0A, {Address(buffer), DISPATCH_LEVEL, PASSIVE_LEVEL, 0});
  });
}
MISUSE_CASE(RtlStringCbPrintfExA, SizesNullsFlagsOutParametersAndIrql) {
  auto print = [](char* d, size_t n, char** e, size_t* r, DWORD f, const char* s) {
    return RtlStringCbPrintfExA(d, n, e, r, f, s, 42);
  };
  ExRow<char>(print, 1, false, DISPATCH_LEVEL);
  PrintNumber<char>(print, 1);
  char buffer[8];
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlStringCbPrintfExA(buffer, 8, nullptr, nullptr, 0, "%ws", L"w"),
                         0x0A, {Address(buffer), DISPATCH_LEVEL, PASSIVE_LEVEL, 0});
  });
}
MISUSE_CASE(RtlStringCchPrintfExW, SizesNullsFlagsOutParametersAndIrql) {
  auto print = [](wchar_t* d, size_t n, wchar_t** e, size_t* r, DWORD f, const wchar_t* s) {
    return RtlStringCchPrintfExW(d, n, e, r, f, s, 42);
  };
  ExRow<wchar_t>(print, 1, false, PASSIVE_LEVEL);
  PrintNumber<wchar_t>(print, 1);
}
MISUSE_CASE(RtlStringCbPrintfExW, SizesNullsFlagsOutParametersAndIrql) {
  auto print = [](wchar_t* d, size_t n, wchar_t** e, size_t* r, DWORD f, const wchar_t* s) {
    return RtlStringCbPrintfExW(d, n, e, r, f, s, 42);
  };
  ExRow<wchar_t>(print, kW, false, PASSIVE_LEVEL);
  PrintNumber<wchar_t>(print, kW);
}

}  // namespace
}  // namespace misuse
