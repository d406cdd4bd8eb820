// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolreport/html.h
// -----------------------------------------------------------------------------
//
// One self-contained HTML page for a run (and, given two, their diff): inline
// CSS, JavaScript and SVG, no network access (a Content-Security-Policy
// forbids any), so the file can be attached to a CI run and opened anywhere.
//
// The page, by element id (tests and scripts may rely on these):
//   #totals        the run's totals
//   #diff          (with a diff) table #diff-table, one tbody.entry per
//                  entry with data-change="new|grew|shrank|fixed"
//   #tag-chart     SVG bar chart of outstanding bytes per tag: one g.bar per
//                  tag with data-tag and data-bytes
//   #by-tag, #by-test, #by-frame   the summary's tables
//   #groups        every leak group: tbody.group (data-test, data-tag,
//                  data-pool, data-bytes; class "new" and data-change="new"
//                  when the diff marks it new) holding a row and a hidden
//                  tr.stack with the frames (li.frame, span.loc file:line)
//   #bug-checks    every bug check (tbody.bug-check, data-code) with stop
//                  code, name, parameters, the catalogue's meaning, stacks
//   #objects       every object still referenced (tbody.object), with the
//                  references never released and their stacks
// A bug check or object the diff found new is marked like a group (class
// "new", data-change="new"); a table without rows is followed by p.none.
// Every table is table.sortable: clicking a th[data-sort] sorts by that
// column (again: reverses), setting aria-sort. Every button.toggle
// (aria-controls names the tr.stack) shows or hides a stack.
//
// Pure function; thread-compatible.

#ifndef POOLREPORT_HTML_H_
#define POOLREPORT_HTML_H_

#include <string>

#include "absl/strings/string_view.h"
#include "poolreport/diff.h"
#include "poolreport/report.h"

namespace poolreport {

struct HtmlOptions {
  std::string title = "poolreport";
  // Optional: the diff against an older run, shown above everything else.
  const RunDiff* diff = nullptr;
};

// Returns the whole page for `run`.
std::string RenderHtml(const ReportRun& run, const HtmlOptions& options = {});

// Escapes & < > " ' for text and attribute values.
std::string HtmlEscape(absl::string_view text);

}  // namespace poolreport

#endif  // POOLREPORT_HTML_H_
