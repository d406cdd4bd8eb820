/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * <ntintsafe.h> from C: each checked operation at its limit and past it. */

#include <ntifs.h>
#include <ntintsafe.h>

#include "tests/declarations/declarations_c.h"

#define CHECK(cond)  \
  do {               \
    if (!(cond)) {   \
      ++failures;    \
    }                \
  } while (0)

int IntsafeCheckC(void) {
  int failures = 0;
  USHORT us;
  ULONG ul;
  ULONGLONG ull;
  SIZE_T st;
  ULONG_PTR up;
  LONG l;
  LONGLONG ll;

  CHECK(RtlUShortAdd(0xfffe, 1, &us) == STATUS_SUCCESS && us == 0xffff);
  CHECK(RtlUShortAdd(0xffff, 1, &us) == STATUS_INTEGER_OVERFLOW && us == USHORT_ERROR);
  CHECK(RtlULongAdd(0xfffffffe, 1, &ul) == STATUS_SUCCESS && ul == 0xffffffff);
  CHECK(RtlULongAdd(0xffffffff, 1, &ul) == STATUS_INTEGER_OVERFLOW && ul == ULONG_ERROR);
  CHECK(RtlULongLongAdd(~0ULL, 1, &ull) == STATUS_INTEGER_OVERFLOW && ull == ULONGLONG_ERROR);
  CHECK(RtlSizeTAdd(1, 2, &st) == STATUS_SUCCESS && st == 3);
  CHECK(RtlSizeTAdd((SIZE_T)-1, 1, &st) == STATUS_INTEGER_OVERFLOW && st == SIZET_ERROR);
  CHECK(RtlULongPtrAdd(1, 1, &up) == STATUS_SUCCESS && up == 2);
  CHECK(RtlLongAdd(MAXLONG, 1, &l) == STATUS_INTEGER_OVERFLOW && l == LONG_ERROR);
  CHECK(RtlLongLongAdd(MAXLONGLONG, 1, &ll) == STATUS_INTEGER_OVERFLOW && ll == LONGLONG_ERROR);
  CHECK(RtlUShortSub(0, 1, &us) == STATUS_INTEGER_OVERFLOW);
  CHECK(RtlULongSub(5, 3, &ul) == STATUS_SUCCESS && ul == 2);
  CHECK(RtlULongSub(3, 5, &ul) == STATUS_INTEGER_OVERFLOW && ul == ULONG_ERROR);
  CHECK(RtlULongLongSub(0, 1, &ull) == STATUS_INTEGER_OVERFLOW);
  CHECK(RtlSizeTSub(0, 1, &st) == STATUS_INTEGER_OVERFLOW);
  CHECK(RtlLongSub(MINLONG, 1, &l) == STATUS_INTEGER_OVERFLOW);
  CHECK(RtlUShortMult(256, 256, &us) == STATUS_INTEGER_OVERFLOW);
  CHECK(RtlULongMult(0x10000, 0xffff, &ul) == STATUS_SUCCESS && ul == 0xffff0000);
  CHECK(RtlULongMult(0x10000, 0x10000, &ul) == STATUS_INTEGER_OVERFLOW);
  CHECK(RtlULongLongMult(1ULL << 32, 1ULL << 32, &ull) == STATUS_INTEGER_OVERFLOW);
  CHECK(RtlSizeTMult(4, 8, &st) == STATUS_SUCCESS && st == 32);
  CHECK(RtlLongMult(-2, MAXLONG, &l) == STATUS_INTEGER_OVERFLOW);
  CHECK(RtlULongToUShort(0xffff, &us) == STATUS_SUCCESS && us == 0xffff);
  CHECK(RtlULongToUShort(0x10000, &us) == STATUS_INTEGER_OVERFLOW && us == USHORT_ERROR);
  CHECK(RtlULongToLong(0x80000000UL, &l) == STATUS_INTEGER_OVERFLOW);
  CHECK(RtlLongToULong(-1, &ul) == STATUS_INTEGER_OVERFLOW);
  CHECK(RtlLongToUShort(70000, &us) == STATUS_INTEGER_OVERFLOW);
  CHECK(RtlULongLongToULong(0x100000000ULL, &ul) == STATUS_INTEGER_OVERFLOW);
  CHECK(RtlULongLongToULong(7, &ul) == STATUS_SUCCESS && ul == 7);
  CHECK(RtlULongLongToLong(0x80000000ULL, &l) == STATUS_INTEGER_OVERFLOW);
  CHECK(RtlLongLongToULong(-1, &ul) == STATUS_INTEGER_OVERFLOW);
  CHECK(RtlSizeTToULong((SIZE_T)1 << 32, &ul) == STATUS_INTEGER_OVERFLOW);
  CHECK(RtlSizeTToUShort(65535, &us) == STATUS_SUCCESS);
  CHECK(RtlULongPtrToULong((ULONG_PTR)1 << 40, &ul) == STATUS_INTEGER_OVERFLOW);
  CHECK(INT_ERROR == -1);
  return failures;
}
