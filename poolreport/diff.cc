// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/diff.cc: new, fixed and changed entries between two runs.

#include "poolreport/diff.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "poolreport/catalogue.h"

namespace poolreport {
namespace {

// One side of an entry: its totals and a representative stack.
struct Side {
  bool present = false;
  uint64_t bytes = 0;
  uint64_t count = 0;
  Stack stack;
};

struct Keyed {
  std::string identity;
  std::string what;
  std::string test;
  std::string label;
  Side old_side, new_side;
};

// Functions and files, without lines.
std::string StackIdentity(const Stack& stack) {
  std::string out;
  for (const Frame& f : stack) absl::StrAppend(&out, f.function, "@", f.file, ";");
  return out;
}

using Table = std::map<std::string, Keyed>;

std::string Identity(const std::string& what, const std::string& test, const std::string& label,
                     const Stack& stack) {
  return absl::StrCat(what, "\n", test, "\n", label, "\n", StackIdentity(stack));
}

std::string GroupLabel(const Group& g) { return absl::StrCat(g.pool, " '", g.tag, "' (", g.kind, ")"); }
std::string ObjectLabel(const Object& o) {
  return absl::StrCat(o.type, " of ", o.owner, " on ", o.attached_to);
}
std::string BugCheckLabel(const BugCheckEntry& b) {
  const std::string first = b.parameters.empty() ? "" : HexText(b.parameters[0]);
  return absl::StrCat(StopCodeText(b.code), " ", b.name, " (", first, ", ...)");
}

void Add(Table& table, bool newer, const std::string& what, const std::string& test,
         const std::string& label, const Stack& stack, uint64_t bytes, uint64_t count) {
  const std::string identity = Identity(what, test, label, stack);
  Keyed& k = table[identity];
  k.identity = identity;
  k.what = what;
  k.test = test;
  k.label = label;
  Side& side = newer ? k.new_side : k.old_side;
  if (!side.present) side.stack = stack;
  side.present = true;
  side.bytes += bytes;
  side.count += count;
}

void AddRun(Table& table, const ReportRun& run, bool newer) {
  for (const TestReport& r : run.reports) {
    const std::string test = r.DisplayName();
    for (const Group& g : r.groups) {
      if (g.suppressed) continue;
      Add(table, newer, "leak", test, GroupLabel(g), g.stack, g.bytes, g.count);
    }
    for (const Object& o : r.objects) {
      Add(table, newer, "object", test, ObjectLabel(o), o.stack, o.bytes, static_cast<uint64_t>(std::max<int64_t>(o.reference_count, 0)));
    }
    for (const BugCheckEntry& b : r.bug_checks) {
      Add(table, newer, "bug check", test, BugCheckLabel(b), b.stack, 0, 1);
    }
  }
}

std::string Bytes(uint64_t n) { return absl::StrCat(n, " byte(s)"); }

std::string Amount(const DiffEntry& e, bool newer) {
  const uint64_t bytes = newer ? e.new_bytes : e.old_bytes;
  const uint64_t count = newer ? e.new_count : e.old_count;
  if (e.what == "leak") return absl::StrCat(Bytes(bytes), " in ", count, " allocation(s)");
  if (e.what == "object") return absl::StrCat(count, " reference(s)");
  return absl::StrCat(count, " time(s)");
}

}  // namespace

std::string GroupIdentity(const std::string& test, const Group& group) {
  return Identity("leak", test, GroupLabel(group), group.stack);
}
std::string ObjectIdentity(const std::string& test, const Object& object) {
  return Identity("object", test, ObjectLabel(object), object.stack);
}
std::string BugCheckIdentity(const std::string& test, const BugCheckEntry& bug_check) {
  return Identity("bug check", test, BugCheckLabel(bug_check), bug_check.stack);
}

const char* ChangeName(Change change) {
  switch (change) {
    case Change::kNew: return "new";
    case Change::kFixed: return "fixed";
    case Change::kGrew: return "grew";
    case Change::kShrank: return "shrank";
  }
  return "?";
}

size_t RunDiff::Count(Change change) const {
  return static_cast<size_t>(std::count_if(entries.begin(), entries.end(),
                                           [&](const DiffEntry& e) { return e.change == change; }));
}

RunDiff DiffRuns(const ReportRun& old_run, const ReportRun& new_run) {
  Table table;
  AddRun(table, old_run, false);
  AddRun(table, new_run, true);
  RunDiff diff;
  diff.old_reports = old_run.reports.size();
  diff.new_reports = new_run.reports.size();
  for (auto& [key, k] : table) {
    DiffEntry e;
    e.identity = k.identity;
    e.what = k.what;
    e.test = k.test;
    e.label = k.label;
    e.old_bytes = k.old_side.bytes;
    e.old_count = k.old_side.count;
    e.new_bytes = k.new_side.bytes;
    e.new_count = k.new_side.count;
    e.stack = k.new_side.present ? k.new_side.stack : k.old_side.stack;
    if (!k.old_side.present) {
      e.change = Change::kNew;
    } else if (!k.new_side.present) {
      e.change = Change::kFixed;
    } else if (e.new_bytes > e.old_bytes || e.new_count > e.old_count) {
      e.change = Change::kGrew;
    } else if (e.new_bytes < e.old_bytes || e.new_count < e.old_count) {
      e.change = Change::kShrank;
    } else {
      continue;  // unchanged
    }
    diff.entries.push_back(std::move(e));
  }
  auto rank = [](Change c) {
    switch (c) {
      case Change::kNew: return 0;
      case Change::kGrew: return 1;
      case Change::kShrank: return 2;
      case Change::kFixed: return 3;
    }
    return 4;
  };
  std::stable_sort(diff.entries.begin(), diff.entries.end(),
                   [&](const DiffEntry& a, const DiffEntry& b) {
                     return std::make_tuple(rank(a.change), a.test, a.label, TopFrameText(a.stack)) <
                            std::make_tuple(rank(b.change), b.test, b.label, TopFrameText(b.stack));
                   });
  return diff;
}

int DiffExitStatus(const RunDiff& diff) {
  return diff.Count(Change::kNew) + diff.Count(Change::kGrew) > 0 ? 1 : 0;
}

std::string RenderDiffText(const RunDiff& diff) {
  std::string out = absl::StrCat("poolreport --diff: ", diff.old_reports, " report(s) before, ",
                                 diff.new_reports, " after; ", diff.Count(Change::kNew), " new, ",
                                 diff.Count(Change::kGrew), " grew, ", diff.Count(Change::kShrank),
                                 " shrank, ", diff.Count(Change::kFixed), " fixed\n");
  const struct {
    Change change;
    const char* title;
    const char* mark;
  } sections[] = {{Change::kNew, "New", "+"},
                  {Change::kGrew, "Grew", ">"},
                  {Change::kShrank, "Shrank", "<"},
                  {Change::kFixed, "Fixed", "-"}};
  for (const auto& section : sections) {
    if (diff.Count(section.change) == 0) continue;
    absl::StrAppend(&out, "\n", section.title, ":\n");
    for (const DiffEntry& e : diff.entries) {
      if (e.change != section.change) continue;
      std::string amount;
      switch (e.change) {
        case Change::kNew: amount = Amount(e, true); break;
        case Change::kFixed: amount = Amount(e, false); break;
        case Change::kGrew:
        case Change::kShrank: amount = absl::StrCat(Amount(e, false), " -> ", Amount(e, true)); break;
      }
      absl::StrAppend(&out, "  ", section.mark, " ", e.what, ": ", e.label, ", ", amount, "\n",
                      "      in ", e.test, "\n      at ", TopFrameText(e.stack), "\n");
    }
  }
  absl::StrAppend(&out, "\n",
                  DiffExitStatus(diff) == 0 ? "Result: nothing new (exit status 0)\n"
                                            : "Result: new or grown leaks (exit status 1)\n");
  return out;
}

}  // namespace poolreport
