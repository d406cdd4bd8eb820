// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ob/bugcheck_rules.cc
// -----------------------------------------------------------------------------
//
// Catalogue table (object-manager layer): registers the stop codes and rows
// of ob/bugcheck_rules.h with poolsim's catalogue, in the order
// docs/bugchecks.md lists them. The library is alwayslink.

#include "ob/bugcheck_rules.h"

#include "poolsim/bugcheck_catalogue.h"

namespace ob {
namespace {

namespace r = bugcheck_rule;

const poolsim::BugCheckTableRegistrar kRegistrar(
    "ob", {&stop_code::kReferenceByPointer, &stop_code::kInvalidKernelHandle},
    {
        &r::kIrqlTooHigh,
        &r::kDereferenceBelowZero,
        &r::kNotAnObject,
        &r::kCloseInvalidKernelHandle,
    });

}  // namespace
}  // namespace ob
