// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/glob.cc
// -----------------------------------------------------------------------------
//
// GlobMatch() on fnmatch(3), with '[' and '\' quoted so only '*' and '?' are
// special.

#include "poolsim/glob.h"

#include <fnmatch.h>

namespace poolsim {

bool GlobMatch(absl::string_view pattern, absl::string_view text) {
  std::string quoted;
  quoted.reserve(pattern.size());
  for (char c : pattern) {
    if (c == '\0') break;
    if (c == '[' || c == '\\') quoted.push_back('\\');
    quoted.push_back(c);
  }
  const std::string subject(text.substr(0, text.find('\0')));
  return fnmatch(quoted.c_str(), subject.c_str(), 0) == 0;
}

}  // namespace poolsim
