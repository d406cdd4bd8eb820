/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: rtl/wdk/rtl_c_sample.c
 * -----------------------------------------------------------------------------
 *
 * A C driver's use of the Rtl surface, written as driver sources are. */

#include "rtl/wdk/rtl_c_sample.h"

#define CHECK(cond) \
  do {              \
    if (!(cond)) ++failures; \
  } while (0)

static const UNICODE_STRING kExtension = RTL_CONSTANT_STRING(L".TXT");
static const ANSI_STRING kAnsi = RTL_CONSTANT_STRING("abc");

int SampleStrings(void) {
  int failures = 0;
  DECLARE_CONST_UNICODE_STRING(prefix, L"\\Device\\");
  DECLARE_UNICODE_STRING_SIZE(name, 64);
  UNICODE_STRING volume;
  UNICODE_STRING number;
  WCHAR digits[16];
  ULONG value = 0;

  CHECK(kExtension.Length == 4 * sizeof(WCHAR));
  CHECK(kExtension.MaximumLength == 5 * sizeof(WCHAR));
  CHECK(kAnsi.Length == 3 && kAnsi.MaximumLength == 4);
  CHECK(prefix.Length == 8 * sizeof(WCHAR));

  RtlInitUnicodeString(&volume, L"HarddiskVolume");
  RtlCopyUnicodeString(&name, &prefix);
  CHECK(RtlAppendUnicodeStringToString(&name, &volume) == STATUS_SUCCESS);
  number.Buffer = digits;
  number.Length = 0;
  number.MaximumLength = sizeof(digits);
  CHECK(RtlIntegerToUnicodeString(3, 10, &number) == STATUS_SUCCESS);
  CHECK(RtlAppendUnicodeStringToString(&name, &number) == STATUS_SUCCESS);
  CHECK(RtlAppendUnicodeToString(&name, L"\\file.txt") == STATUS_SUCCESS);
  CHECK(name.Length == 32 * sizeof(WCHAR));
  CHECK(name.Buffer[name.Length / sizeof(WCHAR)] == L'\0');

  CHECK(RtlPrefixUnicodeString(&prefix, &name, FALSE));
  CHECK(RtlSuffixUnicodeString(&kExtension, &name, TRUE));
  CHECK(!RtlSuffixUnicodeString(&kExtension, &name, FALSE));
  CHECK(RtlCompareUnicodeString(&prefix, &name, FALSE) < 0);

  CHECK(RtlUnicodeStringToInteger(&number, 0, &value) == STATUS_SUCCESS && value == 3);
  CHECK(RtlUpcaseUnicodeChar(L'q') == L'Q');
  return failures;
}

NTSTATUS SampleUpcaseAndFree(PCUNICODE_STRING name) {
  UNICODE_STRING upper;
  NTSTATUS status = RtlUpcaseUnicodeString(&upper, name, TRUE);
  if (!NT_SUCCESS(status)) return status;
  if (!RtlEqualUnicodeString(&upper, name, TRUE)) status = STATUS_UNSUCCESSFUL;
  RtlFreeUnicodeString(&upper);
  return status;
}

VOID SampleLeakUpcase(PCUNICODE_STRING name) {
  UNICODE_STRING upper;
  (void)RtlUpcaseUnicodeString(&upper, name, TRUE);
}
