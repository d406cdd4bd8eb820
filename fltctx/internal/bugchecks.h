// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/bugchecks.h
// -----------------------------------------------------------------------------
//
// Every bug check the filter manager's core raises (internal to fltctx, core
// layer). Each helper raises one row of fltctx's catalogue table
// (fltctx/bugcheck_rules.h) through Environment::RaiseBugCheck; the codes
// and sub-codes are spelled only there. A bug check never unwinds:
// the caller returns without changing any state. Call with no fltctx lock
// held (the handler may run user code).
//
// IWYU pragma: private, internal to fltctx.

#ifndef FLTCTX_INTERNAL_BUGCHECKS_H_
#define FLTCTX_INTERNAL_BUGCHECKS_H_

#include <cstdint>
#include <string>

#include "fltctx/context_type.h"
#include "poolsim/environment.h"
#include "poolsim/irql.h"

namespace fltctx {
namespace fltctx_internal {

struct ContextRecord;

// Returns `p` as "0x..." for bug-check descriptions.
std::string Hex(const void* p);

// Returns true if the calling thread's IRQL is at most `max`; otherwise
// raises IRQL_NOT_LESS_OR_EQUAL (0x0A) for `op` and returns false.
bool CheckIrql(poolsim::Environment& env, poolsim::Irql max, const char* op,
               const void* address);

// KMODE_EXCEPTION_NOT_HANDLED (0x1E) / access violation: `p` is not a context.
void RaiseNotAContext(poolsim::Environment& env, const void* p, const char* op);
// FLTMGR_FILE_SYSTEM (0xF5) / 0x6E: `rec` was used after it was freed.
void RaiseUseAfterFree(poolsim::Environment& env, const ContextRecord* rec, const char* op);
// FLTMGR_FILE_SYSTEM (0xF5) / 0x6D: the attachment's own reference released.
void RaiseOverRelease(poolsim::Environment& env, const ContextRecord* rec, const char* op);
// IRQL_NOT_LESS_OR_EQUAL (0x0A): a paged context released above APC_LEVEL.
void RaisePagedReleaseAtDispatch(poolsim::Environment& env, const void* context,
                                 const ContextRecord* rec, poolsim::Irql irql, const char* op);
// DRIVER_VERIFIER_DETECTED_VIOLATION (0xC4), Filter Verifier checks
// (0xF1001..0xF1003):
// a set call with a context of the wrong type,
void RaiseWrongContextType(poolsim::Environment& env, const void* context, ContextType actual,
                           ContextType wanted, const char* op);
// a set call with a context of another filter than the instance's,
void RaiseWrongFilter(poolsim::Environment& env, const void* context, const void* instance,
                      const std::string& context_filter, const std::string& instance_filter,
                      const char* op);
// FltDeleteContext on a section context FltCreateSectionForDataScan took.
// FltUnregisterFilter of a filter already unregistered (0xC4/0xF1004).
void RaiseFilterUnregisteredTwice(poolsim::Environment& env, const void* filter);

void RaiseDeleteOfSectionContext(poolsim::Environment& env, const void* context,
                                 const char* op);

}  // namespace fltctx_internal
}  // namespace fltctx

#endif  // FLTCTX_INTERNAL_BUGCHECKS_H_
