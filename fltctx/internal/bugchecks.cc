// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/bugchecks.cc
// -----------------------------------------------------------------------------
//
// The filter manager core's bug checks: the sub-code table and the one raise
// funnel (internal to fltctx, core layer).

#include "fltctx/internal/bugchecks.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "fltctx/internal/object_model.h"
#include "poolsim/bugcheck.h"

namespace fltctx {
namespace fltctx_internal {

namespace {

// The sub-codes (first parameter) the core raises, all in one place.
// KMODE_EXCEPTION_NOT_HANDLED: the exception code.
constexpr uint64_t kStatusAccessViolation = 0xC0000005u;
// FLTMGR_FILE_SYSTEM.
constexpr uint64_t kFltOverRelease = 0x6D;
constexpr uint64_t kFltUseAfterFree = 0x6E;
// Simulator-defined DRIVER_VERIFIER_DETECTED_VIOLATION subcodes for Filter
// Verifier checks Windows reports only as debugger messages.
constexpr uint64_t kVerifierWrongContextType = 0xF1001;
constexpr uint64_t kVerifierWrongFilter = 0xF1002;
constexpr uint64_t kVerifierDeleteOfSectionContext = 0xF1003;

uint64_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

}  // namespace

std::string Hex(const void* p) { return absl::StrFormat("%#x", Address(p)); }

void RaiseBugCheck(poolsim::Environment& env, uint32_t code, uint64_t p1, uint64_t p2,
                   uint64_t p3, uint64_t p4, std::string description) {
  poolsim::BugCheck b;
  b.code = code;
  b.parameters = {p1, p2, p3, p4};
  b.description = std::move(description);
  env.RaiseBugCheck(std::move(b), 0);
}

bool CheckIrql(poolsim::Environment& env, poolsim::Irql max, const char* op,
               const void* address) {
  poolsim::Irql irql = poolsim::CurrentIrql();
  if (irql <= max) return true;
  RaiseBugCheck(env, poolsim::bugcheck::kIrqlNotLessOrEqual, Address(address), irql, 0, 0,
                absl::StrCat(op, " called at ", poolsim::IrqlName(irql), "; it requires IRQL <= ",
                             poolsim::IrqlName(max)));
  return false;
}

void RaiseNotAContext(poolsim::Environment& env, const void* p, const char* op) {
  RaiseBugCheck(env, poolsim::bugcheck::kKmodeExceptionNotHandled, kStatusAccessViolation, 0, 0,
                Address(p),
                absl::StrCat(op, ": ", Hex(p), " is not a filter context (never allocated, or ",
                             "freed long ago); the filter manager would read a bogus "
                             "CONTEXT_NODE"));
}

void RaiseUseAfterFree(poolsim::Environment& env, const ContextRecord* rec, const char* op) {
  RaiseBugCheck(env, poolsim::bugcheck::kFltmgrFileSystem, kFltUseAfterFree,
                Address(rec->payload), Address(rec->block), 0,
                absl::StrCat(op, ": context ", Hex(rec->payload), " (",
                             ContextTypeName(rec->type), ") was used after it was freed"));
}

void RaiseOverRelease(poolsim::Environment& env, const ContextRecord* rec, const char* op) {
  RaiseBugCheck(env, poolsim::bugcheck::kFltmgrFileSystem, kFltOverRelease,
                Address(rec->payload), Address(rec->block), 0,
                absl::StrCat(op, ": context ", Hex(rec->payload), " (",
                             ContextTypeName(rec->type),
                             ") was released too many times: its count would reach zero while "
                             "it is still attached to ",
                             rec->attached_to));
}

void RaisePagedReleaseAtDispatch(poolsim::Environment& env, const void* context,
                                 const ContextRecord* rec, poolsim::Irql irql, const char* op) {
  RaiseBugCheck(env, poolsim::bugcheck::kIrqlNotLessOrEqual, Address(context), irql, 0, 0,
                absl::StrCat(op, ": paged context ", Hex(context), " (",
                             ContextTypeName(rec->type), ") released at ",
                             poolsim::IrqlName(irql),
                             "; paged contexts require IRQL <= APC_LEVEL"));
}

void RaiseWrongContextType(poolsim::Environment& env, const void* context, ContextType actual,
                           ContextType wanted, const char* op) {
  RaiseBugCheck(env, poolsim::bugcheck::kDriverVerifierDetectedViolation,
                kVerifierWrongContextType, Address(context), ContextTypeBit(actual), 0,
                absl::StrCat(op, ": context ", Hex(context), " is a ", ContextTypeName(actual),
                             ", not a ", ContextTypeName(wanted)));
}

void RaiseWrongFilter(poolsim::Environment& env, const void* context, const void* instance,
                      const std::string& context_filter, const std::string& instance_filter,
                      const char* op) {
  RaiseBugCheck(env, poolsim::bugcheck::kDriverVerifierDetectedViolation, kVerifierWrongFilter,
                Address(context), Address(instance), 0,
                absl::StrCat(op, ": context ", Hex(context), " belongs to filter ",
                             context_filter, ", the instance to filter ", instance_filter));
}

void RaiseDeleteOfSectionContext(poolsim::Environment& env, const void* context,
                                 const char* op) {
  RaiseBugCheck(env, poolsim::bugcheck::kDriverVerifierDetectedViolation,
                kVerifierDeleteOfSectionContext, Address(context), 0, 0,
                absl::StrCat(op, ": section context ", Hex(context),
                             " was passed to FltCreateSectionForDataScan; close it with "
                             "FltCloseSectionForDataScan"));
}

}  // namespace fltctx_internal
}  // namespace fltctx
