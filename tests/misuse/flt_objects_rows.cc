// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of the filter manager's object queries and enumeration
// (fltctx/wdk/flt_objects.h).

#include <cstdint>

#include <fltKernel.h>

#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;

MISUSE_CASE(FltGetRequestorProcessId, NullAndForeignThread) {
  EXPECT_ONLY_BUGCHECK(FltGetRequestorProcessId(nullptr), 0x1E, {kAccessViolation, 0, 0});
  FLT_CALLBACK_DATA data = {};
  EXPECT_EQ(FltGetRequestorProcessId(&data), 0u);
  int not_a_thread = 0;
  data.Thread = reinterpret_cast<PETHREAD>(&not_a_thread);
  EXPECT_EQ(FltGetRequestorProcessId(&data), 0u);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltGetRequestorProcessId(nullptr), 0xD1, {0, DISPATCH_LEVEL, 0});
  });
}

MISUSE_CASE(FltGetRequestorProcessIdEx, NullAndForeignThread) {
  EXPECT_ONLY_BUGCHECK(FltGetRequestorProcessIdEx(nullptr), 0x1E, {kAccessViolation});
  FLT_CALLBACK_DATA data = {};
  data.Thread = PsGetCurrentThread();
  EXPECT_EQ(FltGetRequestorProcessIdEx(&data), PsGetCurrentProcessId());
}

MISUSE_CASE(FltGetRequestorProcess, NullAndForeignThread) {
  EXPECT_ONLY_BUGCHECK(FltGetRequestorProcess(nullptr), 0x1E, {kAccessViolation});
  FLT_CALLBACK_DATA data = {};
  data.Thread = reinterpret_cast<PETHREAD>(PsGetCurrentProcess());  // wrong type
  EXPECT_EQ(FltGetRequestorProcess(&data), nullptr);
}

}  // namespace
}  // namespace misuse
