// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/leak_report.h
// -----------------------------------------------------------------------------
//
// The pool leak report as plain data. BuildLeakReport() takes a snapshot of
// an Environment (live blocks, leaked reference-counted objects such as
// filter contexts, bug checks), groups the blocks by (pool, tag, stack),
// applies suppressions and sorts everything deterministically. Rendering is
// separate: poolsim/report_text.h (for people) and poolsim/report_json.h (for
// programs).

#ifndef POOLSIM_LEAK_REPORT_H_
#define POOLSIM_LEAK_REPORT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "poolsim/block_info.h"
#include "poolsim/bugcheck.h"
#include "poolsim/leaked_object.h"
#include "poolsim/stack_trace.h"

namespace poolsim {

class Environment;

// Bumped on any incompatible change of the JSON form.
inline constexpr int kLeakReportFormatVersion = 1;

// LeakGroup
//
// All leaked blocks that share (indirect, pool, tag, stack).
struct LeakGroup {
  // Direct: nothing else leaked owns the block. Indirect: the block is the
  // storage of a leaked object listed in LeakReport::objects, so the object
  // is the root cause and the bytes are not counted twice.
  bool indirect = false;
  PoolKind kind = PoolKind::kNonPaged;
  uint32_t pool_type = 0;  // of the first block
  PoolTag tag;
  StackId stack = kNoStack;
  size_t total_bytes = 0;
  size_t count = 0;
  uint64_t first_sequence = 0;
  bool suppressed = false;
  std::string suppressed_by;      // the rule, when suppressed
  std::vector<BlockInfo> blocks;  // filled only with ReportOptions::include_blocks
};

// SuppressionHit
//
// What one suppression rule hid.
struct SuppressionHit {
  std::string rule;
  size_t groups = 0;
  size_t blocks = 0;
  size_t bytes = 0;
};

// Suppressions
//
// Leaks a user knowingly accepts. Text form, one rule per line, '#' starts a
// comment:
//
//   tag:Gen*          # any tag whose display form matches (* and ?)
//   fun:MyFilter*Cache*   # any frame of the allocating stack whose function
//                         # name matches
struct Suppressions {
  std::vector<std::string> tags;
  std::vector<std::string> functions;

  bool empty() const { return tags.empty() && functions.empty(); }

  // Returns the parsed rules, or InvalidArgument naming the bad line.
  static absl::StatusOr<Suppressions> Parse(absl::string_view text);
};

// ReportOptions
struct ReportOptions {
  Suppressions suppressions;
  // Keep the individual blocks of each group (addresses, sequence numbers).
  bool include_blocks = false;
  // Group by only the innermost `stack_depth` frames (0: the whole stack).
  int stack_depth = 0;
  // Only blocks allocated after this sequence number (0: all).
  uint64_t since_sequence = 0;
  // Leave out leaked objects and bug checks (a pool-only report).
  bool pool_only = false;
};

// LeakReport
struct LeakReport {
  int format_version = kLeakReportFormatVersion;
  // Sorted: direct before indirect, then total_bytes descending, then tag,
  // then first_sequence.
  std::vector<LeakGroup> groups;
  // Sorted by type name, then owner (stable otherwise).
  std::vector<LeakedObject> objects;
  std::vector<BugCheck> bug_checks;  // oldest first
  std::vector<SuppressionHit> suppressions_used;

  // Returns true if and only if nothing unsuppressed leaked and no bug check
  // was raised.
  bool clean() const;
  // Unsuppressed direct and indirect totals.
  size_t leaked_bytes() const;
  size_t leaked_blocks() const;
};

// BuildLeakReport()
//
// Snapshots `env` and returns its report. Thread-safe; the lock is held only
// while copying records.
LeakReport BuildLeakReport(const Environment& env, const ReportOptions& options = {});

// The pure part, for callers that already have the data.
LeakReport BuildLeakReport(std::vector<BlockInfo> blocks,
                           std::vector<LeakedObject> objects,
                           std::vector<BugCheck> bug_checks,
                           const ReportOptions& options);

}  // namespace poolsim

#endif  // POOLSIM_LEAK_REPORT_H_
