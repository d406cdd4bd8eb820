// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/bugchecks.cc
// -----------------------------------------------------------------------------
//
// The filter manager core's bug checks, each raising its catalogue row
// (fltctx/bugcheck_rules.h) through Environment::RaiseBugCheck (internal to
// fltctx, core layer).

#include "fltctx/internal/bugchecks.h"

#include <cstdint>
#include <initializer_list>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "fltctx/bugcheck_rules.h"
#include "fltctx/internal/object_model.h"
#include "poolsim/bugcheck_catalogue.h"

namespace fltctx {
namespace fltctx_internal {

namespace {

namespace rule = ::fltctx::bugcheck_rule;

uint64_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

// Raises `row` with parameters `others` (the sub-code is the row's) through
// `env`. Stays in fltctx_internal, so reports start the stack at the Flt*
// call.
void Raise(poolsim::Environment& env, const poolsim::BugCheckRule& row,
           std::initializer_list<uint64_t> others, std::string description) {
  env.RaiseBugCheck(poolsim::MakeBugCheck(row, others, std::move(description)), 0);
}

}  // namespace

std::string Hex(const void* p) { return absl::StrFormat("%#x", Address(p)); }

bool CheckIrql(poolsim::Environment& env, poolsim::Irql max, const char* op,
               const void* address) {
  poolsim::Irql irql = poolsim::CurrentIrql();
  if (irql <= max) return true;
  Raise(env, rule::kIrqlTooHigh, {Address(address), irql, 0, 0},
        absl::StrCat(op, " called at ", poolsim::IrqlName(irql), "; it requires IRQL <= ",
                     poolsim::IrqlName(max)));
  return false;
}

void RaiseNotAContext(poolsim::Environment& env, const void* p, const char* op) {
  Raise(env, rule::kNotAContext, {0, 0, Address(p)},
        absl::StrCat(op, ": ", Hex(p), " is not a filter context (never allocated, or ",
                     "freed long ago); the filter manager would read a bogus "
                     "CONTEXT_NODE"));
}

void RaiseUseAfterFree(poolsim::Environment& env, const ContextRecord* rec, const char* op) {
  Raise(env, rule::kUseAfterFree, {Address(rec->payload), Address(rec->block), 0},
        absl::StrCat(op, ": context ", Hex(rec->payload), " (", ContextTypeName(rec->type),
                     ") was used after it was freed"));
}

void RaiseOverRelease(poolsim::Environment& env, const ContextRecord* rec, const char* op) {
  Raise(env, rule::kOverRelease, {Address(rec->payload), Address(rec->block), 0},
        absl::StrCat(op, ": context ", Hex(rec->payload), " (", ContextTypeName(rec->type),
                     ") was released too many times: its count would reach zero while "
                     "it is still attached to ",
                     rec->attached_to));
}

void RaisePagedReleaseAtDispatch(poolsim::Environment& env, const void* context,
                                 const ContextRecord* rec, poolsim::Irql irql, const char* op) {
  Raise(env, rule::kPagedReleaseAtDispatch, {Address(context), irql, 0, 0},
        absl::StrCat(op, ": paged context ", Hex(context), " (", ContextTypeName(rec->type),
                     ") released at ", poolsim::IrqlName(irql),
                     "; paged contexts require IRQL <= APC_LEVEL"));
}

void RaiseWrongContextType(poolsim::Environment& env, const void* context, ContextType actual,
                           ContextType wanted, const char* op) {
  Raise(env, rule::kWrongContextType, {Address(context), ContextTypeBit(actual), 0},
        absl::StrCat(op, ": context ", Hex(context), " is a ", ContextTypeName(actual),
                     ", not a ", ContextTypeName(wanted)));
}

void RaiseWrongFilter(poolsim::Environment& env, const void* context, const void* instance,
                      const std::string& context_filter, const std::string& instance_filter,
                      const char* op) {
  Raise(env, rule::kWrongFilter, {Address(context), Address(instance), 0},
        absl::StrCat(op, ": context ", Hex(context), " belongs to filter ", context_filter,
                     ", the instance to filter ", instance_filter));
}

void RaiseDeleteOfSectionContext(poolsim::Environment& env, const void* context,
                                 const char* op) {
  Raise(env, rule::kDeleteOfSectionContext, {Address(context), 0, 0},
        absl::StrCat(op, ": section context ", Hex(context),
                     " was passed to FltCreateSectionForDataScan; close it with "
                     "FltCloseSectionForDataScan"));
}

void RaiseFilterUnregisteredTwice(poolsim::Environment& env, const void* filter) {
  Raise(env, rule::kFilterUnregisteredTwice, {Address(filter), 0, 0},
        absl::StrCat("FltUnregisterFilter: filter ", Hex(filter),
                     " was already unregistered (its handle is no longer valid)"));
}

}  // namespace fltctx_internal
}  // namespace fltctx
