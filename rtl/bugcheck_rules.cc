// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/bugcheck_rules.cc
// -----------------------------------------------------------------------------
//
// Catalogue table (run-time library layer): registers the stop code and rows
// of rtl/bugcheck_rules.h with poolsim's catalogue, in the order
// docs/bugchecks.md lists them. The library is alwayslink.

#include "rtl/bugcheck_rules.h"

#include "poolsim/bugcheck_catalogue.h"

namespace rtl {
namespace {

namespace r = bugcheck_rule;

const poolsim::BugCheckTableRegistrar kRegistrar("rtl", {&stop_code::kKernelSecurityCheckFailure},
                                                 {
                                                     &r::kIrqlTooHigh,
                                                     &r::kPagedBufferAtDispatch,
                                                     &r::kMalformedString,
                                                     &r::kListEntryCorrupted,
                                                 });

}  // namespace
}  // namespace rtl
