// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/wdk/strings.cc
// -----------------------------------------------------------------------------
//
// The WDK-named counted-string routines (rtl/wdk/rtl_strings.h): each checks
// its IRQL and arguments through rtl/internal/checks.h, then does the
// character work with the core (rtl/counted_string.h, rtl/case_mapping.h).

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

constexpr int kSkip = 1;
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
  return NotNull(s, false, api, parameter, kSkip + 1) &&
         WellFormed(View(s), false, s->Length, api, parameter, kSkip + 1);
}

// Usable capacity of a destination, in bytes (whole characters).
size_t Capacity(const UNICODE_STRING* s) { return s->MaximumLength / kW * kW; }

void Terminate(PUNICODE_STRING s) {
  if (static_cast<size_t>(s->Length) + kW <= s->MaximumLength) s->Buffer[s->Length / kW] = 0;
}

// The bytes a routine that writes `bytes` and then Terminate()s touches in
// `s`: the terminator too when there is room for it (so a NULL Buffer is
// reported even when `bytes` is 0).
size_t WithTerminator(const UNICODE_STRING* s, size_t bytes) {
  return bytes + kW <= s->MaximumLength ? bytes + kW : bytes;
}

template <typename S, typename C>
NTSTATUS InitCounted(S* destination, const C* source, bool refuse_long, const char* api) {
  if (!IrqlAtMost(poolsim::kDispatchLevel, destination, api, kSkip + 1)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (!NotNull(destination, true, api, "DestinationString", kSkip + 1) ||
      !ResidentAtIrql(destination, true, api, "DestinationString", kSkip + 1) ||
      !ResidentAtIrql(source, false, api, "SourceString", kSkip + 1)) {
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
  if (static_cast<size_t>(destination->Length) + source_bytes > Capacity(destination)) {
    return STATUS_BUFFER_TOO_SMALL;
  }
  if (source_bytes > 0) {
    std::memmove(reinterpret_cast<char*>(destination->Buffer) + destination->Length, source,
                 source_bytes);
    destination->Length = static_cast<USHORT>(destination->Length + source_bytes);
  }
  Terminate(destination);
  (void)api;
  return STATUS_SUCCESS;
}

bool CompareChecks(PCUNICODE_STRING a, PCUNICODE_STRING b, BOOLEAN case_insensitive,
                   const char* api) {
  // Documented PASSIVE_LEVEL; the case-sensitive forms touch no pageable
  // table and are let through at APC_LEVEL (docs/rtl.md).
  const poolsim::Irql max = case_insensitive ? poolsim::kPassiveLevel : poolsim::kApcLevel;
  return IrqlAtMost(max, a, api, kSkip + 1) && SourceOk(a, api, "String1") &&
         SourceOk(b, api, "String2");
}

NTSTATUS MapCase(PUNICODE_STRING destination, PCUNICODE_STRING source, BOOLEAN allocate,
                 bool upcase, const char* api) {
  if (!IrqlAtMost(poolsim::kApcLevel, destination, api, kSkip + 1) ||
      !NotNull(destination, true, api, "DestinationString", kSkip + 1) ||
      !SourceOk(source, api, "SourceString")) {
    return STATUS_INVALID_PARAMETER;
  }
  const size_t bytes = source->Length;
  PWCH out = nullptr;
  if (allocate) {
    if (bytes > 0) {
      out = static_cast<PWCH>(rtl::rtl_internal::AllocateStringBuffer(bytes, kSkip + 1));
      if (out == nullptr) return STATUS_NO_MEMORY;
    }
  } else {
    if (!WellFormed(OutputView(destination), true, bytes, api, "DestinationString",
                    kSkip + 1)) {
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
  if (!IrqlAtMost(poolsim::kApcLevel, string, api, kSkip + 1) ||
      !NotNull(string, true, api, "the string", kSkip + 1)) {
    return;
  }
  if (string->Buffer != nullptr) rtl::rtl_internal::FreeStringBuffer(string->Buffer, kSkip + 1);
  string->Buffer = nullptr;
  string->Length = 0;
  string->MaximumLength = 0;
}

NTSTATUS IntegerToString(uint64_t value, ULONG base, PUNICODE_STRING string, const char* api) {
  if (!IrqlAtMost(poolsim::kPassiveLevel, string, api, kSkip + 1) ||
      !NotNull(string, true, api, "String", kSkip + 1)) {
    return STATUS_INVALID_PARAMETER;
  }
  std::wstring text;
  if (rtl::FormatInteger(value, base, &text) != rtl::IntegerOutcome::kOk) {
    return STATUS_INVALID_PARAMETER;
  }
  const size_t bytes = text.size() * kW;
  if (bytes > Capacity(string)) return STATUS_BUFFER_OVERFLOW;
  if (!WellFormed(OutputView(string), true, bytes, api, "String", kSkip + 1)) {
    return STATUS_INVALID_PARAMETER;
  }
  std::memcpy(string->Buffer, text.data(), bytes);
  string->Length = static_cast<USHORT>(bytes);
  Terminate(string);
  return STATUS_SUCCESS;
}

}  // namespace

extern "C" {

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
  if (!IrqlAtMost(poolsim::kDispatchLevel, DestinationString, kApi, kSkip) ||
      !NotNull(DestinationString, true, kApi, "DestinationString", kSkip)) {
    return;
  }
  if (SourceString == nullptr) {
    DestinationString->Length = 0;
    return;
  }
  if (!SourceOk(SourceString, kApi, "SourceString")) return;
  const size_t bytes = std::min<size_t>(SourceString->Length, Capacity(DestinationString));
  if (!WellFormed(OutputView(DestinationString), true, WithTerminator(DestinationString, bytes),
                  kApi, "DestinationString", kSkip)) {
    return;
  }
  if (bytes > 0) std::memmove(DestinationString->Buffer, SourceString->Buffer, bytes);
  DestinationString->Length = static_cast<USHORT>(bytes);
  Terminate(DestinationString);
}

NTSTATUS NTAPI RtlAppendUnicodeToString(PUNICODE_STRING Destination, PCWSTR Source) {
  static constexpr char kApi[] = "RtlAppendUnicodeToString";
  if (!IrqlAtMost(poolsim::kDispatchLevel, Destination, kApi, kSkip) ||
      !NotNull(Destination, true, kApi, "Destination", kSkip) ||
      !WellFormed(View(Destination), true, Destination->MaximumLength, kApi, "Destination",
                  kSkip) ||
      !ResidentAtIrql(Source, false, kApi, "Source", kSkip)) {
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
  if (!IrqlAtMost(poolsim::kDispatchLevel, Destination, kApi, kSkip) ||
      !NotNull(Destination, true, kApi, "Destination", kSkip) ||
      !WellFormed(View(Destination), true, Destination->MaximumLength, kApi, "Destination",
                  kSkip) ||
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
  if (!IrqlAtMost(poolsim::kApcLevel, nullptr, "RtlUpcaseUnicodeChar", kSkip)) {
    return SourceCharacter;
  }
  return static_cast<WCHAR>(rtl::UpcaseChar(static_cast<uint32_t>(SourceCharacter)));
}

WCHAR NTAPI RtlDowncaseUnicodeChar(WCHAR SourceCharacter) {
  if (!IrqlAtMost(poolsim::kApcLevel, nullptr, "RtlDowncaseUnicodeChar", kSkip)) {
    return SourceCharacter;
  }
  return static_cast<WCHAR>(rtl::DowncaseChar(static_cast<uint32_t>(SourceCharacter)));
}

NTSTATUS NTAPI RtlDuplicateUnicodeString(ULONG Flags, PCUNICODE_STRING StringIn,
                                         PUNICODE_STRING StringOut) {
  static constexpr char kApi[] = "RtlDuplicateUnicodeString";
  constexpr ULONG kKnown = RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE |
                           RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING;
  if (!IrqlAtMost(poolsim::kApcLevel, StringIn, kApi, kSkip)) return STATUS_INVALID_PARAMETER;
  // Windows validates these itself and returns the status (no fault).
  if ((Flags & ~kKnown) != 0 || StringIn == nullptr || StringOut == nullptr ||
      StringIn->Length > StringIn->MaximumLength || StringIn->Length % kW != 0 ||
      (StringIn->Buffer == nullptr && StringIn->Length != 0)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (!ResidentAtIrql(StringIn->Buffer, false, kApi, "StringIn", kSkip)) {
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
  auto* buffer = static_cast<PWCH>(rtl::rtl_internal::AllocateStringBuffer(bytes, kSkip));
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
  if (!IrqlAtMost(poolsim::kPassiveLevel, String, kApi, kSkip) ||
      !SourceOk(String, kApi, "String") || !NotNull(Value, true, kApi, "Value", kSkip)) {
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

NTSTATUS NTAPI RtlUnicodeStringToAnsiString(PANSI_STRING DestinationString,
                                            PCUNICODE_STRING SourceString,
                                            BOOLEAN AllocateDestinationString) {
  static constexpr char kApi[] = "RtlUnicodeStringToAnsiString";
  if (!IrqlAtMost(poolsim::kPassiveLevel, DestinationString, kApi, kSkip) ||
      !NotNull(DestinationString, true, kApi, "DestinationString", kSkip) ||
      !SourceOk(SourceString, kApi, "SourceString")) {
    return STATUS_INVALID_PARAMETER;
  }
  const size_t chars = SourceString->Length / kW;
  size_t convert = chars;
  NTSTATUS status = STATUS_SUCCESS;
  if (AllocateDestinationString) {
    if (chars + 1 > kMaxCountedBytes) return STATUS_INVALID_PARAMETER_2;
    auto* buffer = static_cast<PCHAR>(rtl::rtl_internal::AllocateStringBuffer(chars + 1, kSkip));
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
                    "DestinationString", kSkip)) {
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
  if (!IrqlAtMost(poolsim::kPassiveLevel, DestinationString, kApi, kSkip) ||
      !NotNull(DestinationString, true, kApi, "DestinationString", kSkip) ||
      !SourceOk(SourceString, kApi, "SourceString")) {
    return STATUS_INVALID_PARAMETER;
  }
  const size_t chars = SourceString->Length;
  const size_t bytes = chars * kW;
  if (bytes + kW > kMaxCountedBytes) return STATUS_INVALID_PARAMETER_2;
  if (AllocateDestinationString) {
    auto* buffer = static_cast<PWCH>(rtl::rtl_internal::AllocateStringBuffer(bytes + kW, kSkip));
    if (buffer == nullptr) return STATUS_NO_MEMORY;
    DestinationString->Buffer = buffer;
    DestinationString->MaximumLength = static_cast<USHORT>(bytes + kW);
  } else {
    if (bytes > Capacity(DestinationString)) return STATUS_BUFFER_OVERFLOW;
    if (!WellFormed(OutputView(DestinationString), true,
                    WithTerminator(DestinationString, bytes), kApi, "DestinationString",
                    kSkip)) {
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
