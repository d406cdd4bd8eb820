// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: dbg/bugcheck_rules.h
// -----------------------------------------------------------------------------
//
// Catalogue table (dbg layer): every bug check the debug surface raises, one
// named row each (the row type is poolsim/bugcheck_rule.h). The stop codes
// are poolsim's (poolsim/bugcheck_codes.h); dbg adds none. dbg/bugcheck_rules.cc
// registers the rows; a new row is added in both files (then regenerate
// docs/bugchecks.md with ./bazelw run //tests/bugchecks:bugcheck_doc).

#ifndef DBG_BUGCHECK_RULES_H_
#define DBG_BUGCHECK_RULES_H_

#include "poolsim/bugcheck_codes.h"
#include "poolsim/bugcheck_rule.h"

namespace dbg {
namespace bugcheck_rule {

using poolsim::BugCheckRule;
namespace stop_code = poolsim::stop_code;

inline constexpr int kP1 = 0;
inline constexpr int kNone = BugCheckRule::kNoSubcode;

// --- assertions (a break with no kernel debugger attached) -------------------

inline constexpr BugCheckRule kAssertBreakpoint{
    &stop_code::kKmodeExceptionNotHandled, kP1, 0x80000003, "dbg.assert.breakpoint",
    {"0x80000003 (STATUS_BREAKPOINT)", "0 (the report's stack shows where)",
     "the source line of the assertion", "0"},
    "an ASSERT or ASSERTMSG expression was false (a build with DBG nonzero): RtlAssert breaks, and with no kernel debugger the breakpoint is an unhandled "
    "kernel-mode exception",
    "fix the condition the assertion states, or the assertion if the condition is not an "
    "invariant",
    "ASSERT, ASSERTMSG, RtlAssert"};

inline constexpr BugCheckRule kAssertionFailure{
    &stop_code::kKmodeExceptionNotHandled, kP1, 0xC0000420, "dbg.assert.nt_assert",
    {"0xC0000420 (STATUS_ASSERTION_FAILURE)", "0 (the report's stack shows where)",
     "the source line of the assertion", "0"},
    "an NT_ASSERT, NT_ASSERTMSG, NT_ASSERTMSGW, NT_VERIFY, NT_VERIFYMSG, FLT_ASSERT or "
    "FLT_ASSERTMSG expression was false (DBG nonzero), or PAGED_CODE ran above APC_LEVEL: the assertion-failure exception is not "
    "handled with no kernel debugger attached",
    "fix the condition the assertion states; for PAGED_CODE, do not call pageable code at "
    "DISPATCH_LEVEL or above (or do not make the function pageable)",
    "NT_ASSERT, NT_ASSERTMSG, NT_ASSERTMSGW, NT_VERIFY, NT_VERIFYMSG, FLT_ASSERT, FLT_ASSERTMSG, "
    "PAGED_CODE"};

// --- arguments ------------------------------------------------------------------

inline constexpr BugCheckRule kNullFormat{
    &stop_code::kKmodeExceptionNotHandled, kP1, 0xC0000005, "dbg.print.null_format",
    {"0xC0000005 (STATUS_ACCESS_VIOLATION)", "0", "0", "0 (the address read)"},
    "a DbgPrint-family call with a NULL format string (the kernel reads address 0)",
    "pass a format string; print a possibly-NULL string through \"%s\"",
    "DbgPrint, DbgPrintEx, vDbgPrintEx, vDbgPrintExWithPrefix, DbgPrintReturnControlC"};

// --- IRQL ----------------------------------------------------------------------

inline constexpr BugCheckRule kPagedCodeAtDispatch{
    &stop_code::kDriverIrqlNotLessOrEqual, kNone, 0, "dbg.paged_code.irql",
    {"the pageable code's address (the PAGED_CODE caller's source line here)", "the current IRQL",
     "8 (execute)", "0"},
    "pageable code (PAGED_CODE) ran above APC_LEVEL in a build with DBG 0: Windows faults when "
    "the page is not resident, and Driver Verifier makes it never resident at raised IRQL; the "
    "simulator always takes that case",
    "call the function at or below APC_LEVEL, or move it out of the pageable section",
    "PAGED_CODE"};

inline constexpr BugCheckRule kUnicodeFormatAbovePassive{
    &stop_code::kIrqlNotLessOrEqual, kNone, 0, "dbg.print.unicode_irql",
    {"the format string", "the current IRQL", "0 (read)", "0"},
    "DbgPrint, DbgPrintEx, vDbgPrintEx or vDbgPrintExWithPrefix used a Unicode format code "
    "(%C, %S, %lc, %ls, %wc, %ws, %wZ) above PASSIVE_LEVEL, where the conversion touches "
    "pageable tables",
    "print Unicode strings only at PASSIVE_LEVEL; at raised IRQL print the string's bytes or "
    "defer the message to a work item",
    "DbgPrint, DbgPrintEx, vDbgPrintEx, vDbgPrintExWithPrefix, KdPrint, KdPrintEx"};

}  // namespace bugcheck_rule
}  // namespace dbg

#endif  // DBG_BUGCHECK_RULES_H_
