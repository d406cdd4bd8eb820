// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/bugcheck_rules.cc
// -----------------------------------------------------------------------------
//
// Catalogue table (fltctx layer): registers fltctx's rows
// (fltctx/bugcheck_rules.h) with poolsim's bug-check catalogue, in the order
// docs/bugchecks.md lists them. Registered at static initialization; the
// library is alwayslink so every binary that uses fltctx has the rows.

#include "fltctx/bugcheck_rules.h"

#include "poolsim/bugcheck_catalogue.h"

namespace fltctx {
namespace {

namespace r = bugcheck_rule;

const poolsim::BugCheckTableRegistrar kRegistrar(
    "fltctx", {},
    {
        // IRQL.
        &r::kIrqlTooHigh,
        &r::kPagedReleaseAtDispatch,
        // Pointers that are not contexts.
        &r::kNotAContext,
        &r::kNotALiveHandle,
        // Reference counting.
        &r::kOverRelease,
        &r::kUseAfterFree,
        // Filter Verifier: contexts.
        &r::kWrongContextType,
        &r::kWrongFilter,
        &r::kDeleteOfSectionContext,
        &r::kFilterUnregisteredTwice,
        // Filter Verifier: operation callbacks.
        &r::kUnsupportedPreopStatus,
        &r::kCompleteNotPended,
        // File-name information.
        &r::kNameIrqlTooHigh,
        &r::kNotANameInformation,
        // I/O a filter issues itself.
        &r::kIssuedIoIrqlTooHigh,
        &r::kNotAllocatedCallbackData,
    });

}  // namespace
}  // namespace fltctx
