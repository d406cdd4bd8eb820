// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: dbg/assertion.h
// -----------------------------------------------------------------------------
//
// Failed assertions and pageable code at raised IRQL (dbg core). A failed
// assertion prints its message to the simulated debugger (always shown) and
// raises the bug check Windows raises when no kernel debugger is attached:
// KMODE_EXCEPTION_NOT_HANDLED (0x1E) with STATUS_BREAKPOINT for ASSERT /
// RtlAssert, with STATUS_ASSERTION_FAILURE for NT_ASSERT. Under the
// leak-check listener that fails the test with the expression, message, file,
// line and stack, and execution continues after the assertion.
//
// Thread-safe.

#ifndef DBG_ASSERTION_H_
#define DBG_ASSERTION_H_

#include <string>

namespace dbg {

enum class AssertionKind {
  kBreakpoint,        // ASSERT, ASSERTMSG, FLT_ASSERT(MSG), RtlAssert
  kAssertionFailure,  // NT_ASSERT, NT_ASSERTMSG(W), NT_VERIFY(MSG)
};

// ReportAssertionFailure()
//
// `message` may be empty. `skip_frames` frames above the caller are left out
// of the report's stack (1 for a WDK-named wrapper). Any IRQL.
void ReportAssertionFailure(AssertionKind kind, const char* expression, const std::string& message,
                            const char* file, unsigned long line, int skip_frames);

// CheckPagedCode()
//
// The PAGED_CODE() check: above APC_LEVEL, with `dbg_build` it fails as
// NT_ASSERT(KeGetCurrentIrql() <= APC_LEVEL) after printing a line naming
// the IRQL; without, it raises DRIVER_IRQL_NOT_LESS_OR_EQUAL (0xD1).
void CheckPagedCode(bool dbg_build, const char* file, unsigned long line, int skip_frames);

}  // namespace dbg

#endif  // DBG_ASSERTION_H_
