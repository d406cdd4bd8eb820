// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: dbg/wdk/dbg.cc
// -----------------------------------------------------------------------------
//
// The WDK-named debug surface (dbg/wdk/dbg.h): each call validates its
// arguments and IRQL, then makes one call into the dbg core.

#include "dbg/wdk/dbg.h"

#include <cstdarg>
#include <string>

#include "absl/strings/str_format.h"
#include "dbg/assertion.h"
#include "dbg/bugcheck_rules.h"
#include "dbg/debug_output.h"
#include "dbg/kernel_format.h"
#include "poolsim/bugcheck.h"
#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/environment.h"
#include "poolsim/irql.h"

namespace {

// The common path of every print call; `skip_frames` counts the frames
// between the driver and this function.
ULONG PrintV(ULONG component, ULONG level, const char* prefix, const char* format, va_list args,
             int skip_frames) {
  poolsim::Environment& env = poolsim::Ambient();
  const poolsim::Irql irql = poolsim::CurrentIrql();
  if (format == nullptr) {
    env.RaiseBugCheck(poolsim::MakeBugCheck(dbg::bugcheck_rule::kNullFormat, {0, 0, 0},
                                            "a debug print with a NULL format string"),
                      skip_frames + 1);
    return STATUS_SUCCESS;
  }
  // Enforced whether or not the filter lets the message through: the
  // message may be enabled on another machine.
  if (irql > poolsim::kPassiveLevel &&
      (dbg::KernelFormatUsesUnicode(format) || dbg::KernelFormatUsesUnicode(prefix))) {
    env.RaiseBugCheck(
        poolsim::MakeBugCheck(dbg::bugcheck_rule::kUnicodeFormatAbovePassive,
                              {reinterpret_cast<uintptr_t>(format), irql, 0, 0},
                              absl::StrFormat("the format \"%s\" uses a Unicode code at %s", format,
                                              poolsim::IrqlName(irql))),
        skip_frames + 1);
    return STATUS_SUCCESS;
  }
  dbg::DebugRecord record;
  record.kind = dbg::DebugRecord::Kind::kPrint;
  record.component_id = component;
  record.level = level;
  if (prefix != nullptr) record.text = prefix;
  record.text += dbg::FormatKernelString(format, args);
  record.thread = poolsim::CurrentThreadOrdinal();
  record.irql = irql;
  dbg::Record(std::move(record), env);
  return STATUS_SUCCESS;
}

void RecordBreakPoint(std::string text) {
  dbg::DebugRecord record;
  record.kind = dbg::DebugRecord::Kind::kBreakPoint;
  record.text = std::move(text);
  record.thread = poolsim::CurrentThreadOrdinal();
  record.irql = poolsim::CurrentIrql();
  dbg::Record(std::move(record));
}

}  // namespace

extern "C" {

ULONG __cdecl DbgPrint(PCSTR Format, ...) {
  va_list args;
  va_start(args, Format);
  const ULONG status = PrintV(DPFLTR_DEFAULT_ID, DPFLTR_INFO_LEVEL, nullptr, Format, args, 1);
  va_end(args);
  return status;
}

ULONG __cdecl DbgPrintReturnControlC(PCCH Format, ...) {
  va_list args;
  va_start(args, Format);
  const ULONG status = PrintV(DPFLTR_DEFAULT_ID, DPFLTR_INFO_LEVEL, nullptr, Format, args, 1);
  va_end(args);
  return status;
}

ULONG __cdecl DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...) {
  va_list args;
  va_start(args, Format);
  const ULONG status = PrintV(ComponentId, Level, nullptr, Format, args, 1);
  va_end(args);
  return status;
}

ULONG NTAPI vDbgPrintEx(ULONG ComponentId, ULONG Level, PCCH Format, va_list arglist) {
  return PrintV(ComponentId, Level, nullptr, Format, arglist, 1);
}

ULONG NTAPI vDbgPrintExWithPrefix(PCCH Prefix, ULONG ComponentId, ULONG Level, PCCH Format,
                                  va_list arglist) {
  return PrintV(ComponentId, Level, Prefix, Format, arglist, 1);
}

NTSTATUS NTAPI DbgQueryDebugFilterState(ULONG ComponentId, ULONG Level) {
  if (ComponentId >= dbg::kComponentCount && ComponentId != dbg::kSystemWideMask) {
    return STATUS_INVALID_PARAMETER_1;
  }
  if (ComponentId == dbg::kSystemWideMask) {
    return (dbg::LevelMask(Level) & dbg::ComponentMask(ComponentId)) != 0 ? TRUE : FALSE;
  }
  return dbg::WouldPrint(ComponentId, Level) ? TRUE : FALSE;
}

NTSTATUS NTAPI DbgSetDebugFilterState(ULONG ComponentId, ULONG Level, BOOLEAN State) {
  if (ComponentId >= dbg::kComponentCount && ComponentId != dbg::kSystemWideMask) {
    return STATUS_INVALID_PARAMETER_1;
  }
  const uint32_t bits = dbg::LevelMask(Level);
  const uint32_t mask = dbg::ComponentMask(ComponentId);
  dbg::SetComponentMask(ComponentId, State ? (mask | bits) : (mask & ~bits));
  return STATUS_SUCCESS;
}

VOID NTAPI DbgBreakPoint(VOID) { RecordBreakPoint("DbgBreakPoint()\n"); }

VOID NTAPI DbgBreakPointWithStatus(ULONG Status) {
  RecordBreakPoint(absl::StrFormat("DbgBreakPointWithStatus(0x%08X)\n", Status));
}

VOID NTAPI RtlAssert(PVOID VoidFailedAssertion, PVOID VoidFileName, ULONG LineNumber,
                     PSTR MutableMessage) {
  dbg::ReportAssertionFailure(dbg::AssertionKind::kBreakpoint,
                              static_cast<const char*>(VoidFailedAssertion),
                              MutableMessage != nullptr ? MutableMessage : "",
                              static_cast<const char*>(VoidFileName), LineNumber, 1);
}

VOID NTAPI FltctxDbgAssertionFailure(PCSTR Expression, PCSTR Message, PCWSTR WideMessage,
                                     PCSTR FileName, ULONG LineNumber) {
  std::string message;
  if (Message != nullptr) {
    message = Message;
  } else if (WideMessage != nullptr) {
    message = dbg::FormatWithKernelRules("%ls", WideMessage);
  }
  dbg::ReportAssertionFailure(dbg::AssertionKind::kAssertionFailure, Expression, message,
                              FileName, LineNumber, 1);
}

VOID NTAPI FltctxDbgPagedCode(BOOLEAN DbgBuild, PCSTR FileName, ULONG LineNumber) {
  dbg::CheckPagedCode(DbgBuild != FALSE, FileName, LineNumber, 1);
}

}  // extern "C"
