// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/wdk/strings.cc
// -----------------------------------------------------------------------------
//
// The WDK-named counted-string routines (rtl/wdk/rtl_strings.h): each checks
// its IRQL and arguments through rtl/internal/checks.h, then does the
// character work with the core (rtl/counted_string.h, rtl/case_mapping.h).

#include <algorithm>
#include <cstring>
#include <cwchar>
#include <string>

#include "poolsim/irql.h"
#include "rtl/case_mapping.h"
#include "rtl/counted_string.h"
#include "rtl/internal/checks.h"
#include "rtl/wdk/rtl_strings.h"

namespace {

using rtl::rtl_internal::CountedView;
using rtl::rtl_internal::IrqlAtMost;
using rtl::rtl_internal::NotNull;
using rtl::rtl_internal::ResidentAtIrql;
using rtl::rtl_internal::WellFormed;

constexpr size_t kW = sizeof(WCHAR);
constexpr size_t kMaxCountedBytes = 0xFFFF;

// The longest string (in bytes, without its terminator) RtlInit*String
// accepts for characters of `size` bytes: MAX_USTRING (0xFFFE) less one
// terminator, in whole characters.
constexpr size_t MaxInitBytes(size_t size) { return (0xFFFE - size) / size * size; }

CountedView View(const UNICODE_STRING* s) {
  return CountedView{s, s->Length, s->MaximumLength, s->Buffer, kW};
}
CountedView View(const STRING* s) {
  return CountedView{s, s->Length, s->MaximumLength, s->Buffer, 1};
}
// A destination whose Length the routine does not read.
template <typename S>
CountedView OutputView(const S* s) {
  CountedView v = View(s);
  v.length = 0;
  return v;
}

// The checks for a counted string the routine reads (`needs` its Length).
template <typename S>
bool SourceOk(const S* s, const char* api, const char* parameter) {
  return NotNull(s, false, api, parameter) &&
         WellFormed(View(s), false, s->Length, api, parameter);
}

// Usable capacity of a destination, in bytes (whole characters).
size_t Capacity(const UNICODE_STRING* s) { return s->MaximumLength / kW * kW; }

// Whether a result of `bytes` leaves room for a terminator in `s`.
bool RoomForTerminator(const UNICODE_STRING* s, size_t bytes) {
  return bytes + kW <= s->MaximumLength;
}

// The bytes a routine writes for a result of `bytes`: the result and, when
// there is room, its terminator.
size_t WrittenBytes(const UNICODE_STRING* s, size_t bytes) {
  return bytes + (RoomForTerminator(s, bytes) ? kW : 0);
}

void Terminate(PUNICODE_STRING s) {
  if (RoomForTerminator(s, s->Length)) s->Buffer[s->Length / kW] = 0;
}

template <typename S, typename C>
NTSTATUS InitCounted(S* destination, const C* source, bool refuse_long, const char* api) {
  if (!IrqlAtMost(poolsim::kDispatchLevel, destination, api)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (!NotNull(destination, true, api, "DestinationString") ||
      !ResidentAtIrql(destination, true, api, "DestinationString") ||
      !ResidentAtIrql(source, false, api, "SourceString")) {
    return STATUS_INVALID_PARAMETER;
  }
  destination->Length = 0;
  destination->MaximumLength = 0;
  destination->Buffer = nullptr;
  if (source == nullptr) return STATUS_SUCCESS;
  size_t chars = 0;
  while (source[chars] != 0) ++chars;
  size_t bytes = chars * sizeof(C);
  if (bytes > MaxInitBytes(sizeof(C))) {
    if (refuse_long) return STATUS_NAME_TOO_LONG;
    bytes = MaxInitBytes(sizeof(C));
  }
  destination->Buffer = const_cast<C*>(source);
  destination->Length = static_cast<USHORT>(bytes);
  destination->MaximumLength = static_cast<USHORT>(bytes + sizeof(C));
  return STATUS_SUCCESS;
}

NTSTATUS Append(PUNICODE_STRING destination, const WCHAR* source, size_t source_bytes,
                const char* api) {
  const size_t result = static_cast<size_t>(destination->Length) + source_bytes;
  if (result > Capacity(destination)) return STATUS_BUFFER_TOO_SMALL;
  if (!WellFormed(OutputView(destination), true, WrittenBytes(destination, result), api,
                  "Destination")) {
    return STATUS_INVALID_PARAMETER;
  }
  if (source_bytes > 0) {
    std::memmove(reinterpret_cast<char*>(destination->Buffer) + destination->Length, source,
                 source_bytes);
    destination->Length = static_cast<USHORT>(destination->Length + source_bytes);
  }
  Terminate(destination);
  return STATUS_SUCCESS;
}

bool CompareChecks(PCUNICODE_STRING a, PCUNICODE_STRING b, BOOLEAN case_insensitive,
                   const char* api) {
  // Documented PASSIVE_LEVEL; the case-sensitive forms touch no pageable
  // table and are let through at APC_LEVEL (docs/rtl.md).
  const poolsim::Irql max = case_insensitive ? poolsim::kPassiveLevel : poolsim::kApcLevel;
  return IrqlAtMost(max, a, api) && SourceOk(a, api, "String1") &&
         SourceOk(b, api, "String2");
}

NTSTATUS MapCase(PUNICODE_STRING destination, PCUNICODE_STRING source, BOOLEAN allocate,
                 bool upcase, const char* api) {
  if (!IrqlAtMost(poolsim::kApcLevel, destination, api) ||
      !NotNull(destination, true, api, "DestinationString") ||
      !SourceOk(source, api, "SourceString")) {
    return STATUS_INVALID_PARAMETER;
  }
  const size_t bytes = source->Length;
  PWCH out = nullptr;
  if (allocate) {
    if (bytes > 0) {
      out = static_cast<PWCH>(rtl::rtl_internal::AllocateStringBuffer(bytes));
      if (out == nullptr) return STATUS_NO_MEMORY;
    }
  } else {
    if (!WellFormed(OutputView(destination), true, bytes, api, "DestinationString")) {
      return STATUS_INVALID_PARAMETER;
    }
    if (bytes > Capacity(destination)) return STATUS_BUFFER_OVERFLOW;
    out = destination->Buffer;
  }
  for (size_t i = 0; i < bytes / kW; ++i) {
    const uint32_t c = static_cast<uint32_t>(source->Buffer[i]);
    out[i] = static_cast<WCHAR>(upcase ? rtl::UpcaseChar(c) : rtl::DowncaseChar(c));
  }
  if (allocate) {
    destination->Buffer = out;
    destination->MaximumLength = static_cast<USHORT>(bytes);
  }
  destination->Length = static_cast<USHORT>(bytes);
  return STATUS_SUCCESS;
}

template <typename S>
void FreeCounted(S* string, const char* api) {
  if (!IrqlAtMost(poolsim::kApcLevel, string, api) ||
      !NotNull(string, true, api, "the string")) {
    return;
  }
  if (string->Buffer != nullptr) rtl::rtl_internal::FreeStringBuffer(string->Buffer);
  string->Buffer = nullptr;
  string->Length = 0;
  string->MaximumLength = 0;
}

NTSTATUS IntegerToString(uint64_t value, ULONG base, PUNICODE_STRING string, const char* api) {
  if (!IrqlAtMost(poolsim::kPassiveLevel, string, api) ||
      !NotNull(string, true, api, "String")) {
    return STATUS_INVALID_PARAMETER;
  }
  std::wstring text;
  if (rtl::FormatInteger(value, base, &text) != rtl::IntegerOutcome::kOk) {
    return STATUS_INVALID_PARAMETER;
  }
  const size_t bytes = text.size() * kW;
  if (bytes > Capacity(string)) return STATUS_BUFFER_OVERFLOW;
  if (!WellFormed(OutputView(string), true, WrittenBytes(string, bytes), api, "String")) {
    return STATUS_INVALID_PARAMETER;
  }
  std::memcpy(string->Buffer, text.data(), bytes);
  string->Length = static_cast<USHORT>(bytes);
  Terminate(string);
  return STATUS_SUCCESS;
}

}  // namespace

extern "C" {

VOID NTAPI RtlInitEmptyUnicodeString(PUNICODE_STRING UnicodeString, PWCHAR Buffer,
                                     USHORT BufferSize) {
  if (!NotNull(UnicodeString, true, "RtlInitEmptyUnicodeString", "UnicodeString")) return;
  UnicodeString->Length = 0;
  UnicodeString->MaximumLength = BufferSize;
  UnicodeString->Buffer = Buffer;
}

VOID NTAPI RtlInitEmptyAnsiString(PANSI_STRING AnsiString, PCHAR Buffer, USHORT BufferSize) {
  if (!NotNull(AnsiString, true, "RtlInitEmptyAnsiString", "AnsiString")) return;
  AnsiString->Length = 0;
  AnsiString->MaximumLength = BufferSize;
  AnsiString->Buffer = Buffer;
}

VOID NTAPI RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString) {
  InitCounted(DestinationString, SourceString, false, "RtlInitUnicodeString");
}

NTSTATUS NTAPI RtlInitUnicodeStringEx(PUNICODE_STRING DestinationString, PCWSTR SourceString) {
  return InitCounted(DestinationString, SourceString, true, "RtlInitUnicodeStringEx");
}

VOID NTAPI RtlInitAnsiString(PANSI_STRING DestinationString, PCSZ SourceString) {
  InitCounted(DestinationString, SourceString, false, "RtlInitAnsiString");
}

VOID NTAPI RtlInitString(PSTRING DestinationString, PCSZ SourceString) {
  InitCounted(DestinationString, SourceString, false, "RtlInitString");
}

NTSTATUS NTAPI RtlInitAnsiStringEx(PANSI_STRING DestinationString, PCSZ SourceString) {
  return InitCounted(DestinationString, SourceString, true, "RtlInitAnsiStringEx");
}

NTSTATUS NTAPI RtlInitStringEx(PSTRING DestinationString, PCSZ SourceString) {
  return InitCounted(DestinationString, SourceString, true, "RtlInitStringEx");
}

VOID NTAPI RtlCopyUnicodeString(PUNICODE_STRING DestinationString,
                                PCUNICODE_STRING SourceString) {
  static constexpr char kApi[] = "RtlCopyUnicodeString";
  if (!IrqlAtMost(poolsim::kDispatchLevel, DestinationString, kApi) ||
      !NotNull(DestinationString, true, kApi, "DestinationString")) {
    return;
  }
  if (SourceString == nullptr) {
    DestinationString->Length = 0;
    return;
  }
  if (!SourceOk(SourceString, kApi, "SourceString")) return;
  const size_t bytes = std::min<size_t>(SourceString->Length, Capacity(DestinationString));
  if (!WellFormed(OutputView(DestinationString), true, WrittenBytes(DestinationString, bytes),
                  kApi, "DestinationString")) {
    return;
  }
  if (bytes > 0) std::memmove(DestinationString->Buffer, SourceString->Buffer, bytes);
  DestinationString->Length = static_cast<USHORT>(bytes);
  Terminate(DestinationString);
}

NTSTATUS NTAPI RtlAppendUnicodeToString(PUNICODE_STRING Destination, PCWSTR Source) {
  static constexpr char kApi[] = "RtlAppendUnicodeToString";
  if (!IrqlAtMost(poolsim::kDispatchLevel, Destination, kApi) ||
      !NotNull(Destination, true, kApi, "Destination") ||
      !WellFormed(View(Destination), true, 0, kApi, "Destination") ||
      !ResidentAtIrql(Source, false, kApi, "Source")) {
    return STATUS_INVALID_PARAMETER;
  }
  if (Source == nullptr) return STATUS_SUCCESS;
  const size_t bytes = std::wcslen(Source) * kW;
  if (bytes > kMaxCountedBytes) return STATUS_BUFFER_TOO_SMALL;
  return Append(Destination, Source, bytes, kApi);
}

NTSTATUS NTAPI RtlAppendUnicodeStringToString(PUNICODE_STRING Destination,
                                              PCUNICODE_STRING Source) {
  static constexpr char kApi[] = "RtlAppendUnicodeStringToString";
  if (!IrqlAtMost(poolsim::kDispatchLevel, Destination, kApi) ||
      !NotNull(Destination, true, kApi, "Destination") ||
      !WellFormed(View(Destination), true, 0, kApi, "Destination") ||
      !SourceOk(Source, kApi, "Source")) {
    return STATUS_INVALID_PARAMETER;
  }
  return Append(Destination, Source->Buffer, Source->Length, kApi);
}

LONG NTAPI RtlCompareUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                                   BOOLEAN CaseInSensitive) {
  if (!CompareChecks(String1, String2, CaseInSensitive, "RtlCompareUnicodeString")) return 0;
  return rtl::CompareChars(String1->Buffer, String1->Length / kW, String2->Buffer,
                           String2->Length / kW, CaseInSensitive != FALSE);
}

BOOLEAN NTAPI RtlEqualUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                                    BOOLEAN CaseInSensitive) {
  if (!CompareChecks(String1, String2, CaseInSensitive, "RtlEqualUnicodeString")) return FALSE;
  if (String1->Length != String2->Length) return FALSE;
  return rtl::CompareChars(String1->Buffer, String1->Length / kW, String2->Buffer,
                           String2->Length / kW, CaseInSensitive != FALSE) == 0;
}

BOOLEAN NTAPI RtlPrefixUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                                     BOOLEAN CaseInSensitive) {
  if (!CompareChecks(String1, String2, CaseInSensitive, "RtlPrefixUnicodeString")) return FALSE;
  if (String1->Length > String2->Length) return FALSE;
  const size_t n = String1->Length / kW;
  return rtl::CompareChars(String1->Buffer, n, String2->Buffer, n, CaseInSensitive != FALSE) == 0;
}

BOOLEAN NTAPI RtlSuffixUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                                     BOOLEAN CaseInSensitive) {
  if (!CompareChecks(String1, String2, CaseInSensitive, "RtlSuffixUnicodeString")) return FALSE;
  if (String1->Length > String2->Length) return FALSE;
  const size_t n = String1->Length / kW;
  const size_t offset = String2->Length / kW - n;
  return rtl::CompareChars(String1->Buffer, n, String2->Buffer + offset, n,
                           CaseInSensitive != FALSE) == 0;
}

LONG NTAPI RtlCompareUnicodeStrings(PCWCH String1, SIZE_T String1Length, PCWCH String2,
                                    SIZE_T String2Length, BOOLEAN CaseInSensitive) {
  static constexpr char kApi[] = "RtlCompareUnicodeStrings";
  if (!IrqlAtMost(poolsim::kPassiveLevel, String1, kApi) ||
      (String1Length > 0 && !NotNull(String1, false, kApi, "String1")) ||
      (String2Length > 0 && !NotNull(String2, false, kApi, "String2")) ||
      !rtl::rtl_internal::WithinBlock(String1, String1Length * kW, false, kApi, "String1") ||
      !rtl::rtl_internal::WithinBlock(String2, String2Length * kW, false, kApi, "String2")) {
    return 0;
  }
  return rtl::CompareChars(String1, String1Length, String2, String2Length,
                           CaseInSensitive != FALSE);
}

NTSTATUS NTAPI RtlHashUnicodeString(PCUNICODE_STRING String, BOOLEAN CaseInSensitive,
                                    ULONG HashAlgorithm, PULONG HashValue) {
  static constexpr char kApi[] = "RtlHashUnicodeString";
  if (!IrqlAtMost(poolsim::kApcLevel, String, kApi)) return STATUS_INVALID_PARAMETER;
  if (String == nullptr || HashValue == nullptr ||
      (HashAlgorithm != HASH_STRING_ALGORITHM_DEFAULT &&
       HashAlgorithm != HASH_STRING_ALGORITHM_X65599)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (!WellFormed(View(String), false, String->Length, kApi, "String")) {
    return STATUS_INVALID_PARAMETER;
  }
  *HashValue = rtl::HashX65599(String->Buffer, String->Length / kW, CaseInSensitive != FALSE);
  return STATUS_SUCCESS;
}

LONG NTAPI RtlCompareString(const STRING* String1, const STRING* String2,
                            BOOLEAN CaseInSensitive) {
  static constexpr char kApi[] = "RtlCompareString";
  if (!IrqlAtMost(poolsim::kPassiveLevel, String1, kApi) ||
      !SourceOk(String1, kApi, "String1") || !SourceOk(String2, kApi, "String2")) {
    return 0;
  }
  return rtl::CompareAnsiChars(String1->Buffer, String1->Length, String2->Buffer,
                               String2->Length, CaseInSensitive != FALSE);
}

BOOLEAN NTAPI RtlEqualString(const STRING* String1, const STRING* String2,
                             BOOLEAN CaseInSensitive) {
  static constexpr char kApi[] = "RtlEqualString";
  if (!IrqlAtMost(poolsim::kPassiveLevel, String1, kApi) ||
      !SourceOk(String1, kApi, "String1") || !SourceOk(String2, kApi, "String2")) {
    return FALSE;
  }
  if (String1->Length != String2->Length) return FALSE;
  return rtl::CompareAnsiChars(String1->Buffer, String1->Length, String2->Buffer,
                               String2->Length, CaseInSensitive != FALSE) == 0;
}

VOID NTAPI RtlCopyString(PSTRING DestinationString, const STRING* SourceString) {
  static constexpr char kApi[] = "RtlCopyString";
  if (!IrqlAtMost(poolsim::kDispatchLevel, DestinationString, kApi) ||
      !NotNull(DestinationString, true, kApi, "DestinationString")) {
    return;
  }
  if (SourceString == nullptr) {
    DestinationString->Length = 0;
    return;
  }
  if (!SourceOk(SourceString, kApi, "SourceString")) return;
  const size_t bytes =
      std::min<size_t>(SourceString->Length, DestinationString->MaximumLength);
  if (!WellFormed(OutputView(DestinationString), true, bytes, kApi, "DestinationString")) {
    return;
  }
  if (bytes > 0) std::memmove(DestinationString->Buffer, SourceString->Buffer, bytes);
  DestinationString->Length = static_cast<USHORT>(bytes);
}

VOID NTAPI RtlUpperString(PSTRING DestinationString, const STRING* SourceString) {
  static constexpr char kApi[] = "RtlUpperString";
  if (!IrqlAtMost(poolsim::kApcLevel, DestinationString, kApi) ||
      !NotNull(DestinationString, true, kApi, "DestinationString") ||
      !SourceOk(SourceString, kApi, "SourceString")) {
    return;
  }
  const size_t bytes =
      std::min<size_t>(SourceString->Length, DestinationString->MaximumLength);
  if (!WellFormed(OutputView(DestinationString), true, bytes, kApi, "DestinationString")) {
    return;
  }
  for (size_t i = 0; i < bytes; ++i) {
    DestinationString->Buffer[i] = rtl::UpcaseAnsiChar(SourceString->Buffer[i]);
  }
  DestinationString->Length = static_cast<USHORT>(bytes);
}

NTSTATUS NTAPI RtlUpcaseUnicodeString(PUNICODE_STRING DestinationString,
                                      PCUNICODE_STRING SourceString,
                                      BOOLEAN AllocateDestinationString) {
  return MapCase(DestinationString, SourceString, AllocateDestinationString, true,
                 "RtlUpcaseUnicodeString");
}

NTSTATUS NTAPI RtlDowncaseUnicodeString(PUNICODE_STRING DestinationString,
                                        PCUNICODE_STRING SourceString,
                                        BOOLEAN AllocateDestinationString) {
  return MapCase(DestinationString, SourceString, AllocateDestinationString, false,
                 "RtlDowncaseUnicodeString");
}

WCHAR NTAPI RtlUpcaseUnicodeChar(WCHAR SourceCharacter) {
  if (!IrqlAtMost(poolsim::kApcLevel, nullptr, "RtlUpcaseUnicodeChar")) {
    return SourceCharacter;
  }
  return static_cast<WCHAR>(rtl::UpcaseChar(static_cast<uint32_t>(SourceCharacter)));
}

WCHAR NTAPI RtlDowncaseUnicodeChar(WCHAR SourceCharacter) {
  if (!IrqlAtMost(poolsim::kApcLevel, nullptr, "RtlDowncaseUnicodeChar")) {
    return SourceCharacter;
  }
  return static_cast<WCHAR>(rtl::DowncaseChar(static_cast<uint32_t>(SourceCharacter)));
}

NTSTATUS NTAPI RtlDuplicateUnicodeString(ULONG Flags, PCUNICODE_STRING StringIn,
                                         PUNICODE_STRING StringOut) {
  static constexpr char kApi[] = "RtlDuplicateUnicodeString";
  constexpr ULONG kKnown = RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE |
                           RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING;
  if (!IrqlAtMost(poolsim::kApcLevel, StringIn, kApi)) return STATUS_INVALID_PARAMETER;
  // Windows validates these itself and returns the status (no fault).
  if ((Flags & ~kKnown) != 0 || StringIn == nullptr || StringOut == nullptr ||
      StringIn->Length > StringIn->MaximumLength || StringIn->Length % kW != 0 ||
      (StringIn->Buffer == nullptr && StringIn->Length != 0)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (!ResidentAtIrql(StringIn->Buffer, false, kApi, "StringIn")) {
    return STATUS_INVALID_PARAMETER;
  }
  const bool terminate = (Flags & RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE) != 0;
  const bool allocate_empty = (Flags & RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING) != 0;
  if (StringIn->Length == 0 && !allocate_empty) {
    StringOut->Length = 0;
    StringOut->MaximumLength = 0;
    StringOut->Buffer = nullptr;
    return STATUS_SUCCESS;
  }
  size_t bytes = StringIn->Length + (terminate ? kW : 0);
  if (bytes == 0) bytes = kW;  // an allocated empty string holds its terminator
  if (bytes > kMaxCountedBytes) return STATUS_NAME_TOO_LONG;
  auto* buffer = static_cast<PWCH>(rtl::rtl_internal::AllocateStringBuffer(bytes));
  if (buffer == nullptr) return STATUS_NO_MEMORY;
  if (StringIn->Length > 0) std::memcpy(buffer, StringIn->Buffer, StringIn->Length);
  if (bytes > StringIn->Length) buffer[StringIn->Length / kW] = 0;
  StringOut->Buffer = buffer;
  StringOut->Length = StringIn->Length;
  StringOut->MaximumLength = static_cast<USHORT>(bytes);
  return STATUS_SUCCESS;
}

VOID NTAPI RtlFreeUnicodeString(PUNICODE_STRING UnicodeString) {
  FreeCounted(UnicodeString, "RtlFreeUnicodeString");
}

VOID NTAPI RtlFreeAnsiString(PANSI_STRING AnsiString) {
  FreeCounted(AnsiString, "RtlFreeAnsiString");
}

NTSTATUS NTAPI RtlUnicodeStringToInteger(PCUNICODE_STRING String, ULONG Base, PULONG Value) {
  static constexpr char kApi[] = "RtlUnicodeStringToInteger";
  if (!IrqlAtMost(poolsim::kPassiveLevel, String, kApi) ||
      !SourceOk(String, kApi, "String") || !NotNull(Value, true, kApi, "Value")) {
    return STATUS_INVALID_PARAMETER;
  }
  uint32_t value = 0;
  switch (rtl::ParseInteger(String->Buffer, String->Length / kW, Base, &value)) {
    case rtl::IntegerOutcome::kOk:
      *Value = value;
      return STATUS_SUCCESS;
    case rtl::IntegerOutcome::kEmpty:
    case rtl::IntegerOutcome::kInvalidBase:
      return STATUS_INVALID_PARAMETER;
  }
  return STATUS_INVALID_PARAMETER;
}

NTSTATUS NTAPI RtlIntegerToUnicodeString(ULONG Value, ULONG Base, PUNICODE_STRING String) {
  return IntegerToString(Value, Base, String, "RtlIntegerToUnicodeString");
}

NTSTATUS NTAPI RtlInt64ToUnicodeString(ULONGLONG Value, ULONG Base, PUNICODE_STRING String) {
  return IntegerToString(Value, Base, String, "RtlInt64ToUnicodeString");
}

ULONG NTAPI RtlxUnicodeStringToAnsiSize(PCUNICODE_STRING UnicodeString) {
  static constexpr char kApi[] = "RtlxUnicodeStringToAnsiSize";
  if (!IrqlAtMost(poolsim::kPassiveLevel, UnicodeString, kApi) ||
      !NotNull(UnicodeString, false, kApi, "UnicodeString")) {
    return 0;
  }
  return static_cast<ULONG>(UnicodeString->Length / kW + 1);
}

ULONG NTAPI RtlxAnsiStringToUnicodeSize(PCANSI_STRING AnsiString) {
  static constexpr char kApi[] = "RtlxAnsiStringToUnicodeSize";
  if (!IrqlAtMost(poolsim::kPassiveLevel, AnsiString, kApi) ||
      !NotNull(AnsiString, false, kApi, "AnsiString")) {
    return 0;
  }
  return static_cast<ULONG>((AnsiString->Length + 1) * kW);
}

NTSTATUS NTAPI RtlUnicodeStringToAnsiString(PANSI_STRING DestinationString,
                                            PCUNICODE_STRING SourceString,
                                            BOOLEAN AllocateDestinationString) {
  static constexpr char kApi[] = "RtlUnicodeStringToAnsiString";
  if (!IrqlAtMost(poolsim::kPassiveLevel, DestinationString, kApi) ||
      !NotNull(DestinationString, true, kApi, "DestinationString") ||
      !SourceOk(SourceString, kApi, "SourceString")) {
    return STATUS_INVALID_PARAMETER;
  }
  const size_t chars = SourceString->Length / kW;
  size_t convert = chars;
  NTSTATUS status = STATUS_SUCCESS;
  if (AllocateDestinationString) {
    if (chars + 1 > kMaxCountedBytes) return STATUS_INVALID_PARAMETER_2;
    auto* buffer = static_cast<PCHAR>(rtl::rtl_internal::AllocateStringBuffer(chars + 1));
    if (buffer == nullptr) return STATUS_NO_MEMORY;
    DestinationString->Buffer = buffer;
    DestinationString->MaximumLength = static_cast<USHORT>(chars + 1);
  } else {
    const size_t room = DestinationString->MaximumLength;
    if (chars + 1 > room) {
      convert = room > 0 ? room - 1 : 0;
      status = STATUS_BUFFER_OVERFLOW;
    }
    if (!WellFormed(OutputView(DestinationString), true, room > 0 ? convert + 1 : 0, kApi,
                    "DestinationString")) {
      return STATUS_INVALID_PARAMETER;
    }
  }
  for (size_t i = 0; i < convert; ++i) {
    const uint32_t c = static_cast<uint32_t>(SourceString->Buffer[i]);
    DestinationString->Buffer[i] = static_cast<CHAR>(c <= 0xFF ? c : '?');
  }
  DestinationString->Length = static_cast<USHORT>(convert);
  if (DestinationString->MaximumLength > convert) DestinationString->Buffer[convert] = '\0';
  return status;
}

NTSTATUS NTAPI RtlAnsiStringToUnicodeString(PUNICODE_STRING DestinationString,
                                            PCANSI_STRING SourceString,
                                            BOOLEAN AllocateDestinationString) {
  static constexpr char kApi[] = "RtlAnsiStringToUnicodeString";
  if (!IrqlAtMost(poolsim::kPassiveLevel, DestinationString, kApi) ||
      !NotNull(DestinationString, true, kApi, "DestinationString") ||
      !SourceOk(SourceString, kApi, "SourceString")) {
    return STATUS_INVALID_PARAMETER;
  }
  const size_t chars = SourceString->Length;
  const size_t bytes = chars * kW;
  if (bytes + kW > kMaxCountedBytes) return STATUS_INVALID_PARAMETER_2;
  if (AllocateDestinationString) {
    auto* buffer = static_cast<PWCH>(rtl::rtl_internal::AllocateStringBuffer(bytes + kW));
    if (buffer == nullptr) return STATUS_NO_MEMORY;
    DestinationString->Buffer = buffer;
    DestinationString->MaximumLength = static_cast<USHORT>(bytes + kW);
  } else {
    if (bytes > Capacity(DestinationString)) return STATUS_BUFFER_OVERFLOW;
    if (!WellFormed(OutputView(DestinationString), true, WrittenBytes(DestinationString, bytes),
                    kApi, "DestinationString")) {
      return STATUS_INVALID_PARAMETER;
    }
  }
  for (size_t i = 0; i < chars; ++i) {
    DestinationString->Buffer[i] =
        static_cast<WCHAR>(static_cast<unsigned char>(SourceString->Buffer[i]));
  }
  DestinationString->Length = static_cast<USHORT>(bytes);
  Terminate(DestinationString);
  return STATUS_SUCCESS;
}

}  // extern "C"
