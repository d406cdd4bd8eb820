// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/report_json.h
// -----------------------------------------------------------------------------
//
// Renders a LeakReport as JSON for programs (CI annotations, dashboards).
// The document carries "format_version" (kLeakReportFormatVersion); fields
// are only ever added within a version. docs/poolsim.md has the schema.

#ifndef POOLSIM_REPORT_JSON_H_
#define POOLSIM_REPORT_JSON_H_

#include <string>

#include "poolsim/leak_report.h"
#include "poolsim/report_text.h"

namespace poolsim {

// JsonOptions
struct JsonOptions {
  // Include addresses (block and program counters), which change per run.
  bool include_addresses = true;
  // Stack rendering: the same trimming and symbolizer as the text form.
  TextOptions frames;
};

// Returns the report as one JSON object, followed by a newline.
std::string RenderJson(const LeakReport& report, const JsonOptions& options = {});

}  // namespace poolsim

#endif  // POOLSIM_REPORT_JSON_H_
