// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/glob.h
// -----------------------------------------------------------------------------
//
// The one wildcard matcher of the libraries: pool-tag patterns (!poolused,
// verifier tag lists, `tag:` suppressions) and function patterns (`fun:`
// suppressions, fault-injection exclusions). Layer: poolsim core.

#ifndef POOLSIM_GLOB_H_
#define POOLSIM_GLOB_H_

#include <string>

#include "absl/strings/string_view.h"

namespace poolsim {

// GlobMatch()
//
// Returns true if and only if all of `text` matches `pattern`, where '*'
// matches any run of characters (also none, also '/') and '?' any one
// character; every other character, '[' and '\' included, matches itself,
// case-sensitively. Both end at their first NUL character. Uses fnmatch(3).
bool GlobMatch(absl::string_view pattern, absl::string_view text);

}  // namespace poolsim

#endif  // POOLSIM_GLOB_H_
