// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolreport/report.h
// -----------------------------------------------------------------------------
//
// poolreport's view of poolsim's JSON leak report (poolsim/report_json.h,
// format version poolsim::kLeakReportFormatVersion) as plain data: one
// TestReport per JSON document, one ReportRun per set of inputs. Every field the
// writer emits has a member here; poolreport/reader.h fills them.
//
// Plain data; not synchronized (a ReportRun is built once, then only read).

#ifndef POOLREPORT_REPORT_H_
#define POOLREPORT_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

namespace poolreport {

// One frame of a rendered stack, innermost first.
struct Frame {
  bool has_pc = false;  // the writer leaves addresses out when asked to
  uint64_t pc = 0;
  std::string function;
  std::string file;
  int line = 0;
};

using Stack = std::vector<Frame>;

// One pool block (a group's blocks, a bug check's block).
struct Block {
  bool has_address = false;
  uint64_t address = 0;
  uint64_t bytes = 0;
  std::string pool;  // "NonPagedPool" / "PagedPool"
  uint32_t pool_type = 0;
  std::string tag;   // display form, "Tag1"
  uint32_t tag_value = 0;
  uint32_t irql = 0;
  uint32_t thread = 0;
  uint64_t sequence = 0;
};

// Leaked blocks sharing (kind, pool, tag, stack).
struct Group {
  std::string kind;  // "direct" / "indirect"
  std::string pool;
  uint32_t pool_type = 0;
  std::string tag;
  uint32_t tag_value = 0;
  uint64_t bytes = 0;
  uint64_t count = 0;
  uint64_t first_sequence = 0;
  bool suppressed = false;
  std::string suppressed_by;
  Stack stack;  // allocating stack
  std::vector<Block> blocks;
};

// A reference to a leaked object that was taken and never released.
struct Reference {
  std::string operation;
  uint64_t sequence = 0;
  Stack stack;
};

// A reference-counted object (a filter context) still referenced.
struct Object {
  std::string kind;  // "context"
  std::string type;  // "FLT_STREAM_CONTEXT"
  std::string owner;
  std::string attached_to;
  int64_t reference_count = 0;
  bool has_address = false;
  uint64_t address = 0;
  uint64_t bytes = 0;
  std::string pool;
  std::string tag;
  Stack stack;  // allocating stack
  std::vector<Reference> references;
};

// One bug check the test raised.
struct BugCheckEntry {
  uint32_t code = 0;
  std::string name;
  std::vector<uint64_t> parameters;  // four
  std::string description;
  uint32_t irql = 0;
  uint32_t thread = 0;
  Stack stack;
  bool has_block = false;
  Block block;
  Stack block_stack;
  Stack free_stack;
};

// What one suppression rule hid.
struct SuppressionUse {
  std::string rule;
  uint64_t groups = 0;
  uint64_t allocations = 0;
  uint64_t bytes = 0;
};

// One JSON document: the report of one test.
struct TestReport {
  // Where it came from and whose it is.
  std::string source;  // file path, or "archive.zip!entry"
  std::string target;  // "//pkg:target_test" when the path shows it, else ""
  std::string test;    // "Suite.Test" (the file's stem)

  int format_version = 0;
  bool clean = false;
  uint64_t leaked_bytes = 0;        // summary.leaked_bytes
  uint64_t leaked_allocations = 0;  // summary.leaked_allocations
  uint64_t leaked_objects = 0;      // summary.leaked_objects
  uint64_t bug_check_count = 0;     // summary.bug_checks

  std::vector<BugCheckEntry> bug_checks;
  std::vector<Object> objects;
  std::vector<Group> groups;
  std::vector<SuppressionUse> suppressions;

  // "//pkg:target Suite.Test", or just "Suite.Test".
  std::string DisplayName() const;
};

// Every report read from one set of inputs, in a stable order (by target,
// then test, then source).
struct ReportRun {
  std::vector<TestReport> reports;
  size_t files_read = 0;  // JSON documents read (also inside archives)
};

// "function file:line", the form every view shows; "file:line" or "??"
// when parts are unknown. `file` is shortened to what follows "/proc/self/cwd/"
// or the last "execroot/<ws>/" when the path shows one.
std::string FrameText(const Frame& frame);

// The innermost frame of `stack` as FrameText, "(no stack)" when empty.
std::string TopFrameText(const Stack& stack);

}  // namespace poolreport

#endif  // POOLREPORT_REPORT_H_
