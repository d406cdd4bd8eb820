// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolreport/diff.h
// -----------------------------------------------------------------------------
//
// Compares two runs (say, main and a change): leaks, objects still
// referenced and bug checks that are new, fixed, or changed in size.
//
// An entry is identified across runs by its test, what it is (a leak: kind,
// pool and tag; an object: type, owner and what it is attached to; a bug
// check: stop code and first parameter) and the functions and files of its
// stack, innermost first. Line numbers are left out of the identity, so an
// edit that moves code does not turn every leak below it into a new one.
// Entries of one run with the same identity are added up. Suppressed groups
// are left out, as in the summary.
//
// CI: DiffExitStatus() is 1 when something is new or grew (more bytes,
// more allocations or more references than before), else 0. A caller
// returns 2 for bad input itself (poolreport/cli.h).
//
// Plain data and pure functions; thread-compatible.

#ifndef POOLREPORT_DIFF_H_
#define POOLREPORT_DIFF_H_

#include <cstdint>
#include <string>
#include <vector>

#include "poolreport/report.h"

namespace poolreport {

enum class Change { kNew, kFixed, kGrew, kShrank };

// Returns "new", "fixed", "grew", "shrank".
const char* ChangeName(Change change);

// DiffEntry
struct DiffEntry {
  Change change = Change::kNew;
  std::string what;   // "leak", "object", "bug check"
  std::string test;   // TestReport::DisplayName()
  std::string label;  // "NonPagedPool 'MfNm' (direct)", "FLT_STREAM_CONTEXT of F on ...", "0xC2 BAD_POOL_CALLER"
  // Leaks: bytes and allocations; objects: references (in `old_count` and
  // `new_count`) and bytes; bug checks: how many times.
  uint64_t old_bytes = 0, new_bytes = 0;
  uint64_t old_count = 0, new_count = 0;
  Stack stack;  // from the newer run when it has the entry
  std::string identity;  // what matches it across runs (GroupIdentity, ...)
};

// The identity of a leak group of `test` (a TestReport::DisplayName()),
// as DiffEntry::identity spells it for leaks.
std::string GroupIdentity(const std::string& test, const Group& group);

// The same for an object still referenced and for a bug check.
std::string ObjectIdentity(const std::string& test, const Object& object);
std::string BugCheckIdentity(const std::string& test, const BugCheckEntry& bug_check);

// RunDiff
struct RunDiff {
  uint64_t old_reports = 0;
  uint64_t new_reports = 0;
  // New first, then grew, shrank, fixed; within each by test, then label,
  // then frame.
  std::vector<DiffEntry> entries;

  // Counts of one change.
  size_t Count(Change change) const;
};

// DiffRuns()
RunDiff DiffRuns(const ReportRun& old_run, const ReportRun& new_run);

// 1 when any entry is new or grew, else 0.
int DiffExitStatus(const RunDiff& diff);

// RenderDiffText()
//
// The diff as text, one line per entry with its innermost frame, ending in
// a verdict line; docs/poolreport.md shows an example.
std::string RenderDiffText(const RunDiff& diff);

}  // namespace poolreport

#endif  // POOLREPORT_DIFF_H_
