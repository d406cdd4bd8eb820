// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolreport/summary.h
// -----------------------------------------------------------------------------
//
// A whole run's leaks across tests: totals; leaks by (tag, pool), by test
// and by allocating frame (the innermost frame the report kept, which is the
// driver's call); every bug check with the catalogue's meaning; every object
// still referenced with the references never released. Suppressed groups
// are left out, as poolsim's own totals leave them out. Summarize() is pure;
// RenderSummaryText() prints it for a terminal or a CI log.
//
// Every list has a documented, deterministic order, so output can be
// compared as text.
//
// Plain data and pure functions; thread-compatible.

#ifndef POOLREPORT_SUMMARY_H_
#define POOLREPORT_SUMMARY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "poolreport/catalogue.h"
#include "poolreport/report.h"

namespace poolreport {

// One row of "by tag", "by frame" or "by test".
struct LeakRow {
  std::string key;   // the tag, the frame text or the test's name
  std::string pool;  // by tag only
  uint64_t bytes = 0;
  uint64_t allocations = 0;
  uint64_t tests = 0;       // distinct tests (by tag, by frame)
  uint64_t objects = 0;     // by test only
  uint64_t bug_checks = 0;  // by test only
};

// One bug check with the test it came from and its meaning.
struct BugCheckRow {
  std::string test;
  BugCheckEntry bug_check;
  BugCheckMeaning meaning;
};

// One object still referenced with the test it came from.
struct ObjectRow {
  std::string test;
  Object object;
};

// Summary
struct Summary {
  uint64_t reports = 0;
  uint64_t reports_with_findings = 0;  // leaks, objects or bug checks
  uint64_t bytes = 0;
  uint64_t allocations = 0;
  uint64_t objects = 0;
  uint64_t bug_checks = 0;
  uint64_t suppressed_bytes = 0;

  // Sorted by bytes descending, then key (then pool).
  std::vector<LeakRow> by_tag;
  std::vector<LeakRow> by_frame;
  // Tests with any finding, sorted by bytes descending, then name.
  std::vector<LeakRow> by_test;
  // In report order (tests by name), each test's oldest first.
  std::vector<BugCheckRow> bug_check_rows;
  std::vector<ObjectRow> object_rows;
};

// Summarize()
Summary Summarize(const ReportRun& run);

// RenderSummaryText()
//
// The summary as aligned text, ending in a newline; docs/poolreport.md shows
// an example.
std::string RenderSummaryText(const Summary& summary);

}  // namespace poolreport

#endif  // POOLREPORT_SUMMARY_H_
