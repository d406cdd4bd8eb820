// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/ports_bugcheck_rules.cc
// -----------------------------------------------------------------------------
//
// Core layer: registers the port and ECP rows with the catalogue (static
// initializer; the library is alwayslink).

#include "fltctx/ports_bugcheck_rules.h"

namespace fltctx {
namespace {

namespace r = bugcheck_rule;

const poolsim::BugCheckTableRegistrar kRegistrar("fltctx/ports", {},
                                                 {
                                                     &r::kPortIrqlTooHigh,
                                                     &r::kNotAPort,
                                                     &r::kEcpIrqlTooHigh,
                                                     &r::kNotAnEcp,
                                                     &r::kEcpFreedInList,
                                                 });

}  // namespace
}  // namespace fltctx
