// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/summary.cc: a run's leaks across tests, and its text form.

#include "poolreport/summary.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace poolreport {
namespace {

struct Accumulator {
  LeakRow row;
  std::set<std::string> tests;
};

std::vector<LeakRow> Sorted(std::map<std::pair<std::string, std::string>, Accumulator>& rows) {
  std::vector<LeakRow> out;
  for (auto& [key, acc] : rows) {
    acc.row.key = key.first;
    acc.row.pool = key.second;
    acc.row.tests = acc.tests.size();
    out.push_back(acc.row);
  }
  std::stable_sort(out.begin(), out.end(), [](const LeakRow& a, const LeakRow& b) {
    return std::make_tuple(b.bytes, a.key, a.pool) < std::make_tuple(a.bytes, b.key, b.pool);
  });
  return out;
}

std::string Plural(uint64_t n, const char* what) { return absl::StrCat(n, " ", what, "(s)"); }

}  // namespace

Summary Summarize(const ReportRun& run) {
  Summary s;
  std::map<std::pair<std::string, std::string>, Accumulator> by_tag, by_frame;
  for (const TestReport& r : run.reports) {
    ++s.reports;
    const std::string test = r.DisplayName();
    LeakRow t;
    t.key = test;
    for (const Group& g : r.groups) {
      if (g.suppressed) {
        s.suppressed_bytes += g.bytes;
        continue;
      }
      t.bytes += g.bytes;
      t.allocations += g.count;
      for (auto* acc : {&by_tag[{g.tag, g.pool}], &by_frame[{TopFrameText(g.stack), ""}]}) {
        acc->row.bytes += g.bytes;
        acc->row.allocations += g.count;
        acc->tests.insert(test);
      }
    }
    t.objects = r.objects.size();
    t.bug_checks = r.bug_checks.size();
    for (const BugCheckEntry& b : r.bug_checks) {
      s.bug_check_rows.push_back({test, b, ExplainBugCheck(b)});
    }
    for (const Object& o : r.objects) s.object_rows.push_back({test, o});
    s.bytes += t.bytes;
    s.allocations += t.allocations;
    s.objects += t.objects;
    s.bug_checks += t.bug_checks;
    if (t.allocations + t.objects + t.bug_checks > 0) {
      ++s.reports_with_findings;
      s.by_test.push_back(t);
    }
  }
  s.by_tag = Sorted(by_tag);
  s.by_frame = Sorted(by_frame);
  std::stable_sort(s.by_test.begin(), s.by_test.end(), [](const LeakRow& a, const LeakRow& b) {
    return std::make_tuple(b.bytes, a.key) < std::make_tuple(a.bytes, b.key);
  });
  return s;
}

std::string RenderSummaryText(const Summary& s) {
  std::string out = absl::StrCat("poolreport: ", Plural(s.reports, "report"), ", ",
                                 s.reports_with_findings, " with findings\n");
  if (s.reports_with_findings == 0) {
    absl::StrAppend(&out, "No leaks, no objects still referenced, no bug checks.\n");
    return out;
  }
  absl::StrAppend(&out, "Leaked ", Plural(s.bytes, "byte"), " in ", Plural(s.allocations, "allocation"),
                  "; ", Plural(s.objects, "object"), " still referenced; ",
                  Plural(s.bug_checks, "bug check"), ".\n");
  if (s.suppressed_bytes > 0) {
    absl::StrAppend(&out, "Suppressed: ", Plural(s.suppressed_bytes, "byte"), " (not counted).\n");
  }
  if (!s.by_tag.empty()) {
    absl::StrAppend(&out, "\nLeaks by tag:\n");
    absl::StrAppendFormat(&out, "  %-6s %-14s %10s %12s %6s\n", "Tag", "Pool", "Bytes",
                          "Allocations", "Tests");
    for (const LeakRow& r : s.by_tag) {
      absl::StrAppendFormat(&out, "  %-6s %-14s %10d %12d %6d\n", r.key, r.pool, r.bytes,
                            r.allocations, r.tests);
    }
  }
  absl::StrAppend(&out, "\nLeaks by test:\n");
  absl::StrAppendFormat(&out, "  %10s %12s %8s %11s  %s\n", "Bytes", "Allocations", "Objects",
                        "Bug checks", "Test");
  for (const LeakRow& r : s.by_test) {
    absl::StrAppendFormat(&out, "  %10d %12d %8d %11d  %s\n", r.bytes, r.allocations, r.objects,
                          r.bug_checks, r.key);
  }
  if (!s.by_frame.empty()) {
    absl::StrAppend(&out, "\nLeaks by allocating frame:\n");
    absl::StrAppendFormat(&out, "  %10s %12s %6s  %s\n", "Bytes", "Allocations", "Tests", "Frame");
    for (const LeakRow& r : s.by_frame) {
      absl::StrAppendFormat(&out, "  %10d %12d %6d  %s\n", r.bytes, r.allocations, r.tests, r.key);
    }
  }
  if (!s.bug_check_rows.empty()) {
    absl::StrAppend(&out, "\nBug checks:\n");
    for (const BugCheckRow& row : s.bug_check_rows) {
      const BugCheckEntry& b = row.bug_check;
      std::vector<std::string> params;
      for (uint64_t p : b.parameters) params.push_back(HexText(p));
      absl::StrAppend(&out, "  ", StopCodeText(b.code), " ", row.meaning.name, " (",
                      absl::StrJoin(params, ", "), ") in ", row.test, "\n");
      absl::StrAppend(&out, "    meaning: ", row.meaning.meaning, "\n");
      for (size_t i = 0; i < params.size() && i < 4; ++i) {
        if (!row.meaning.parameters[i].empty()) {
          absl::StrAppend(&out, "    parameter ", i + 1, " = ", params[i], ": ",
                          row.meaning.parameters[i], "\n");
        }
      }
      if (!row.meaning.fix.empty()) absl::StrAppend(&out, "    fix: ", row.meaning.fix, "\n");
      if (!b.description.empty()) absl::StrAppend(&out, "    ", b.description, "\n");
      absl::StrAppend(&out, "    at ", TopFrameText(b.stack), "\n");
    }
  }
  if (!s.object_rows.empty()) {
    absl::StrAppend(&out, "\nObjects still referenced:\n");
    for (const ObjectRow& row : s.object_rows) {
      const Object& o = row.object;
      absl::StrAppend(&out, "  ", o.type, " of ", o.owner, " on ", o.attached_to, ", ",
                      Plural(static_cast<uint64_t>(std::max<int64_t>(o.reference_count, 0)), "reference"),
                      ", in ", row.test, "\n");
      for (const Reference& ref : o.references) {
        absl::StrAppend(&out, "    ", ref.operation, " never released, taken at ",
                        TopFrameText(ref.stack), "\n");
      }
      absl::StrAppend(&out, "    allocated at ", TopFrameText(o.stack), "\n");
    }
  }
  return out;
}

}  // namespace poolreport
