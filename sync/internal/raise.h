// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: sync/internal/raise.h
// -----------------------------------------------------------------------------
//
// The synchronization layer's bug-check funnel and the checks every WDK
// wrapper shares (IRQL limits, NULL objects, the verifier switch). Each
// helper raises through the ambient Environment and returns false after a
// report; the caller then returns without acting, as the contract of
// poolsim/bugcheck.h requires (a bug check never unwinds).

#ifndef SYNC_INTERNAL_RAISE_H_
#define SYNC_INTERNAL_RAISE_H_

#include <cstdint>
#include <initializer_list>
#include <string>

#include "poolsim/bugcheck_rule.h"
#include "poolsim/irql.h"
#include "poolsim/pointer_check.h"

namespace ksync {
namespace sync_internal {

// Raises `rule` with `parameters` (after its sub-code). `skip` frames above
// the caller are left out of the stack.
void Raise(const poolsim::BugCheckRule& rule, std::initializer_list<uint64_t> parameters,
           std::string text, int skip);

// True under poolsim's verifier checks (CheckMode::kVerifier).
bool VerifierChecks();

// Returns true if the IRQL is at most `max`; otherwise raises
// IRQL_NOT_LESS_OR_EQUAL (sync.irql) naming `api` and `object`.
bool IrqlAtMost(poolsim::Irql max, const void* object, const char* api, int skip);

// Returns true if `object` is not null; otherwise raises the fault Windows
// takes on the NULL dereference, through poolsim::CheckPointerArgument: the
// unhandled STATUS_ACCESS_VIOLATION (0x1E) below DISPATCH_LEVEL, 0xD1 at or
// above it. `access` is how the routine would first touch the object.
bool NotNull(const void* object, const char* what, const char* api, int skip,
             poolsim::PointerAccess access = poolsim::PointerAccess::kWrite);

// Returns true if `object` is tracked (initialized, not deleted) as `what`;
// otherwise raises 0xC4/0x1002 (sync.uninitialized) naming `api`.
bool Initialized(bool tracked, const void* object, const char* what, const char* api,
                 int skip);

inline uint64_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

}  // namespace sync_internal
}  // namespace ksync

#endif  // SYNC_INTERNAL_RAISE_H_
