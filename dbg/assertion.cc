// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: dbg/assertion.cc
// -----------------------------------------------------------------------------
//
// Failed assertions and PAGED_CODE (dbg core).

#include "dbg/assertion.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "dbg/bugcheck_rules.h"
#include "dbg/debug_output.h"
#include "poolsim/bugcheck.h"
#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/environment.h"
#include "poolsim/irql.h"

namespace dbg {

void ReportAssertionFailure(AssertionKind kind, const char* expression, const std::string& message,
                            const char* file, unsigned long line, int skip_frames) {
  const char* macro = kind == AssertionKind::kBreakpoint ? "ASSERT" : "NT_ASSERT";
  const std::string expr = expression != nullptr ? expression : "(null)";
  const std::string where = absl::StrFormat("%s:%lu", file != nullptr ? file : "(unknown)", line);
  DebugRecord record;
  record.kind = DebugRecord::Kind::kAssertion;
  record.level = 0;
  record.text = absl::StrFormat("*** %s failed: %s%s%s\n***   at %s\n", macro,
                                message.empty() ? "" : message, message.empty() ? "" : ": ", expr,
                                where);
  record.thread = poolsim::CurrentThreadOrdinal();
  record.irql = poolsim::CurrentIrql();
  poolsim::Environment& env = poolsim::Ambient();
  Record(record, env);
  const poolsim::BugCheckRule& rule = kind == AssertionKind::kBreakpoint
                                          ? bugcheck_rule::kAssertBreakpoint
                                          : bugcheck_rule::kAssertionFailure;
  std::string description =
      absl::StrFormat("%s(%s) failed at %s", macro, expr, where);
  if (!message.empty()) absl::StrAppend(&description, ": ", message);
  env.RaiseBugCheck(poolsim::MakeBugCheck(rule, {0, line, 0}, description), skip_frames + 1);
}

void CheckPagedCode(bool dbg_build, const char* file, unsigned long line, int skip_frames) {
  const poolsim::Irql irql = poolsim::CurrentIrql();
  if (irql <= poolsim::kApcLevel) return;
  if (dbg_build) {
    DebugRecord record;
    record.kind = DebugRecord::Kind::kAssertion;
    record.text = absl::StrFormat("PAGED_CODE: pageable code called at IRQL %d (%s)\n", irql,
                                  poolsim::IrqlName(irql));
    record.thread = poolsim::CurrentThreadOrdinal();
    record.irql = irql;
    Record(record);
    ReportAssertionFailure(AssertionKind::kAssertionFailure, "KeGetCurrentIrql() <= APC_LEVEL",
                           "PAGED_CODE", file, line, skip_frames + 1);
    return;
  }
  poolsim::Ambient().RaiseBugCheck(
      poolsim::MakeBugCheck(bugcheck_rule::kPagedCodeAtDispatch, {line, irql, 8, 0},
                            absl::StrFormat("pageable code (PAGED_CODE at %s:%lu) ran at %s",
                                            file != nullptr ? file : "(unknown)", line,
                                            poolsim::IrqlName(irql))),
      skip_frames + 1);
}

}  // namespace dbg
