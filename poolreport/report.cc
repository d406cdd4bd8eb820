// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/report.cc: the display helpers of poolreport's report data.

#include "poolreport/report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace poolreport {
namespace {

// The path as a user's tree spells it: without the sandbox or execroot
// prefix Bazel's compile actions leave in debug info.
std::string ShortFile(absl::string_view file) {
  for (absl::string_view marker : {"/proc/self/cwd/"}) {
    const size_t at = file.rfind(marker);
    if (at != absl::string_view::npos) return std::string(file.substr(at + marker.size()));
  }
  const size_t execroot = file.rfind("/execroot/");
  if (execroot != absl::string_view::npos) {
    absl::string_view rest = file.substr(execroot + 10);
    const size_t slash = rest.find('/');
    if (slash != absl::string_view::npos) return std::string(rest.substr(slash + 1));
  }
  return std::string(file);
}

}  // namespace

std::string TestReport::DisplayName() const {
  return target.empty() ? test : absl::StrCat(target, " ", test);
}

std::string FrameText(const Frame& frame) {
  std::string where;
  if (!frame.file.empty()) {
    where = ShortFile(frame.file);
    if (frame.line > 0) absl::StrAppend(&where, ":", frame.line);
  }
  if (frame.function.empty()) return where.empty() ? "??" : where;
  return where.empty() ? frame.function : absl::StrCat(frame.function, " ", where);
}

std::string TopFrameText(const Stack& stack) {
  return stack.empty() ? "(no stack)" : FrameText(stack.front());
}

}  // namespace poolreport
