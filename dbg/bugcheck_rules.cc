// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: dbg/bugcheck_rules.cc
// -----------------------------------------------------------------------------
//
// Catalogue table (dbg layer): registers dbg's rows (dbg/bugcheck_rules.h)
// with poolsim's bug-check catalogue at static initialization; the library
// is alwayslink.

#include "dbg/bugcheck_rules.h"

#include "poolsim/bugcheck_catalogue.h"

namespace dbg {
namespace {

namespace r = bugcheck_rule;

const poolsim::BugCheckTableRegistrar kRegistrar("dbg", {},
                                                 {
                                                     &r::kAssertBreakpoint,
                                                     &r::kAssertionFailure,
                                                     &r::kNullFormat,
                                                     &r::kPagedCodeAtDispatch,
                                                     &r::kUnicodeFormatAbovePassive,
                                                 });

}  // namespace
}  // namespace dbg
