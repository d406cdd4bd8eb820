// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/html.cc: the self-contained HTML page of a run and its diff.

#include "poolreport/html.h"

#include <algorithm>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "poolreport/catalogue.h"
#include "poolreport/html_assets.h"
#include "poolreport/summary.h"

namespace poolreport {
namespace {

using poolreport_internal::kScript;
using poolreport_internal::kStyle;

// Builds the page; `id` numbers the expandable stacks.
class Page {
 public:
  std::string& out() { return out_; }
  std::string NextId(const char* prefix) { return absl::StrCat(prefix, "-", ++ids_); }

  void Text(absl::string_view text) { out_ += HtmlEscape(text); }
  void Cell(absl::string_view text, const char* cls = nullptr) {
    absl::StrAppend(&out_, cls ? absl::StrCat("<td class=\"", cls, "\">") : "<td>");
    Text(text);
    out_ += "</td>";
  }
  void Number(uint64_t n) { absl::StrAppend(&out_, "<td class=\"num\" data-value=\"", n, "\">", n, "</td>"); }
  // A header cell: `sort` is "text" or "number", or null for none.
  void Header(absl::string_view text, const char* sort) {
    const bool num = sort != nullptr && std::string(sort) == "number";
    absl::StrAppend(&out_, "<th", num ? " class=\"num\"" : "",
                    sort ? absl::StrCat(" data-sort=\"", sort, "\"") : "", ">");
    Text(text);
    out_ += "</th>";
  }
  void ToggleCell(const std::string& target) {
    absl::StrAppend(&out_,
                    "<td><button type=\"button\" class=\"toggle\" aria-expanded=\"false\" "
                    "aria-controls=\"", target, "\">stack</button></td>");
  }

  void Frames(const Stack& stack) {
    if (stack.empty()) {
      out_ += "<p class=\"muted\">(no stack)</p>";
      return;
    }
    out_ += "<ol class=\"frames\">";
    for (const Frame& f : stack) {
      out_ += "<li class=\"frame\">";
      Text(f.function.empty() ? "??" : f.function);
      if (!f.file.empty()) {
        Frame only_file = f;
        only_file.function.clear();
        out_ += " <span class=\"loc\">";
        Text(FrameText(only_file));
        out_ += "</span>";
      }
      out_ += "</li>";
    }
    out_ += "</ol>";
  }
  // A hidden row holding titled stacks, spanning `columns`.
  void StackRow(const std::string& id, int columns,
                const std::vector<std::pair<std::string, const Stack*>>& stacks) {
    absl::StrAppend(&out_, "<tr class=\"stack\" id=\"", id, "\" hidden><td colspan=\"", columns,
                    "\">");
    for (const auto& [title, stack] : stacks) {
      out_ += "<div class=\"stack-title\">";
      Text(title);
      out_ += "</div>";
      Frames(*stack);
    }
    out_ += "</td></tr>";
  }

 private:
  std::string out_;
  int ids_ = 0;
};

// Ends a class attribute, marking a unit the diff found new.
std::string NewMark(bool is_new) { return is_new ? " new\" data-change=\"new\"" : "\""; }

// A note under a table with no rows.
void NoneIfEmpty(Page& p, bool empty) {
  if (empty) p.out() += "<p class=\"muted none\">None.</p>";
}

void LeakTable(Page& p, const char* id, const char* first, const std::vector<LeakRow>& rows,
               bool with_pool, bool per_test) {
  std::string& o = p.out();
  absl::StrAppend(&o, "<table id=\"", id, "\" class=\"sortable\"><thead><tr>");
  p.Header(first, "text");
  if (with_pool) p.Header("Pool", "text");
  p.Header("Bytes", "number");
  p.Header("Allocations", "number");
  if (per_test) {
    p.Header("Objects", "number");
    p.Header("Bug checks", "number");
  } else {
    p.Header("Tests", "number");
  }
  o += "</tr></thead><tbody>";
  for (const LeakRow& r : rows) {
    absl::StrAppend(&o, "<tr data-key=\"", HtmlEscape(r.key), "\">");
    p.Cell(r.key, per_test || with_pool ? nullptr : "frame");
    if (with_pool) p.Cell(r.pool);
    p.Number(r.bytes);
    p.Number(r.allocations);
    if (per_test) {
      p.Number(r.objects);
      p.Number(r.bug_checks);
    } else {
      p.Number(r.tests);
    }
    o += "</tr>";
  }
  o += "</tbody></table>";
  NoneIfEmpty(p, rows.empty());
}

void Chart(Page& p, const std::vector<LeakRow>& by_tag) {
  // Bytes per tag, both pools together, largest first, at most 40 bars.
  std::vector<std::pair<std::string, uint64_t>> bars;
  for (const LeakRow& r : by_tag) {
    auto it = std::find_if(bars.begin(), bars.end(), [&](const auto& b) { return b.first == r.key; });
    if (it == bars.end()) {
      bars.emplace_back(r.key, r.bytes);
    } else {
      it->second += r.bytes;
    }
  }
  std::stable_sort(bars.begin(), bars.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (bars.size() > 40) bars.resize(40);
  uint64_t max = 1;
  for (const auto& b : bars) max = std::max(max, b.second);
  constexpr int kRow = 22, kLabel = 70, kWidth = 520;
  const int height = std::max<int>(kRow, static_cast<int>(bars.size()) * kRow);
  std::string& o = p.out();
  absl::StrAppend(&o, "<svg id=\"tag-chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                      "aria-label=\"Outstanding bytes per tag\" width=\"",
                  kLabel + kWidth + 120, "\" height=\"", height, "\">");
  if (bars.empty()) absl::StrAppend(&o, "<text x=\"0\" y=\"15\">nothing outstanding</text>");
  int y = 0;
  for (const auto& [tag, bytes] : bars) {
    const int w = std::max(1, static_cast<int>(bytes * kWidth / max));
    absl::StrAppend(&o, "<g class=\"bar\" data-tag=\"", HtmlEscape(tag), "\" data-bytes=\"", bytes,
                    "\"><title>", HtmlEscape(tag), ": ", bytes, " bytes</title>",
                    "<text x=\"0\" y=\"", y + 15, "\">", HtmlEscape(tag), "</text><rect x=\"",
                    kLabel, "\" y=\"", y + 3, "\" width=\"", w, "\" height=\"", kRow - 6,
                    "\"></rect><text x=\"", kLabel + w + 6, "\" y=\"", y + 15, "\">", bytes,
                    "</text></g>");
    y += kRow;
  }
  o += "</svg>";
}

void DiffSection(Page& p, const RunDiff& diff) {
  std::string& o = p.out();
  absl::StrAppend(&o, "<section id=\"diff\"><h2>Compared with the older run</h2><p>",
                  diff.old_reports, " report(s) before, ", diff.new_reports, " after: ",
                  diff.Count(Change::kNew), " new, ", diff.Count(Change::kGrew), " grew, ",
                  diff.Count(Change::kShrank), " shrank, ", diff.Count(Change::kFixed),
                  " fixed.</p>");
  o += "<table id=\"diff-table\" class=\"sortable units\"><thead><tr>";
  p.Header("Change", "text");
  p.Header("What", "text");
  p.Header("Test", "text");
  p.Header("Entry", "text");
  p.Header("Bytes before", "number");
  p.Header("Bytes after", "number");
  p.Header("Count before", "number");
  p.Header("Count after", "number");
  p.Header("At", "text");
  p.Header("", nullptr);
  o += "</tr></thead>";
  for (const DiffEntry& e : diff.entries) {
    const char* change = ChangeName(e.change);
    const std::string id = p.NextId("diff");
    absl::StrAppend(&o, "<tbody class=\"entry ", change, "\" data-change=\"", change, "\"><tr>");
    absl::StrAppend(&o, "<td data-value=\"", change, "\"><span class=\"badge ", change, "\">",
                    change, "</span></td>");
    p.Cell(e.what);
    p.Cell(e.test);
    p.Cell(e.label);
    p.Number(e.old_bytes);
    p.Number(e.new_bytes);
    p.Number(e.old_count);
    p.Number(e.new_count);
    p.Cell(TopFrameText(e.stack), "frame");
    p.ToggleCell(id);
    o += "</tr>";
    p.StackRow(id, 10, {{"stack", &e.stack}});
    o += "</tbody>";
  }
  o += "</table>";
  NoneIfEmpty(p, diff.entries.empty());
  o += "</section>";
}

void GroupsSection(Page& p, const ReportRun& run, const std::set<std::string>& new_ids) {
  std::string& o = p.out();
  o += "<section><h2>Leak groups</h2><table id=\"groups\" class=\"sortable units\"><thead><tr>";
  p.Header("Test", "text");
  p.Header("Kind", "text");
  p.Header("Pool", "text");
  p.Header("Tag", "text");
  p.Header("Bytes", "number");
  p.Header("Allocations", "number");
  p.Header("Allocated at", "text");
  p.Header("", nullptr);
  o += "</tr></thead>";
  bool any = false;
  for (const TestReport& r : run.reports) {
    const std::string test = r.DisplayName();
    for (const Group& g : r.groups) {
      if (g.suppressed) continue;
      any = true;
      const bool is_new = new_ids.count(GroupIdentity(test, g)) > 0;
      const std::string id = p.NextId("group");
      absl::StrAppend(&o, "<tbody class=\"group", NewMark(is_new), " data-test=\"", HtmlEscape(test),
                      "\" data-tag=\"", HtmlEscape(g.tag), "\" data-pool=\"", HtmlEscape(g.pool),
                      "\" data-bytes=\"", g.bytes, "\"><tr>");
      p.Cell(test);
      p.Cell(g.kind);
      p.Cell(g.pool);
      p.Cell(g.tag);
      p.Number(g.bytes);
      p.Number(g.count);
      p.Cell(TopFrameText(g.stack), "frame");
      p.ToggleCell(id);
      o += "</tr>";
      p.StackRow(id, 8, {{"allocated at", &g.stack}});
      o += "</tbody>";
    }
  }
  o += "</table>";
  NoneIfEmpty(p, !any);
  o += "</section>";
}

void BugChecksSection(Page& p, const Summary& s, const std::set<std::string>& new_ids) {
  std::string& o = p.out();
  o += "<section><h2>Bug checks</h2><table id=\"bug-checks\" class=\"sortable units\"><thead><tr>";
  p.Header("Test", "text");
  p.Header("Stop code", "text");
  p.Header("Name", "text");
  p.Header("Parameters", "text");
  p.Header("Meaning", "text");
  p.Header("Description", "text");
  p.Header("", nullptr);
  o += "</tr></thead>";
  for (const BugCheckRow& row : s.bug_check_rows) {
    const BugCheckEntry& b = row.bug_check;
    const std::string id = p.NextId("bugcheck");
    const bool is_new = new_ids.count(BugCheckIdentity(row.test, b)) > 0;
    absl::StrAppend(&o, "<tbody class=\"bug-check", NewMark(is_new), " data-code=\"",
                    StopCodeText(b.code), "\"><tr>");
    p.Cell(row.test);
    p.Cell(StopCodeText(b.code));
    p.Cell(row.meaning.name);
    o += "<td><ol class=\"parameters\">";
    for (size_t i = 0; i < b.parameters.size(); ++i) {
      o += "<li><code>";
      p.Text(HexText(b.parameters[i]));
      o += "</code>";
      if (i < 4 && !row.meaning.parameters[i].empty()) {
        o += " <span class=\"muted\">";
        p.Text(row.meaning.parameters[i]);
        o += "</span>";
      }
      o += "</li>";
    }
    o += "</ol></td><td class=\"meaning\">";
    p.Text(row.meaning.meaning);
    if (!row.meaning.fix.empty()) {
      o += "<div class=\"muted\">fix: ";
      p.Text(row.meaning.fix);
      o += "</div>";
    }
    o += "</td>";
    p.Cell(b.description);
    p.ToggleCell(id);
    o += "</tr>";
    std::vector<std::pair<std::string, const Stack*>> stacks = {{"raised at", &b.stack}};
    if (b.has_block) {
      stacks.push_back({"the block was allocated at", &b.block_stack});
      if (!b.free_stack.empty()) stacks.push_back({"and freed at", &b.free_stack});
    }
    p.StackRow(id, 7, stacks);
    o += "</tbody>";
  }
  o += "</table>";
  NoneIfEmpty(p, s.bug_check_rows.empty());
  o += "</section>";
}

void ObjectsSection(Page& p, const Summary& s, const std::set<std::string>& new_ids) {
  std::string& o = p.out();
  o += "<section><h2>Objects still referenced</h2><table id=\"objects\" class=\"sortable "
       "units\"><thead><tr>";
  p.Header("Test", "text");
  p.Header("Type", "text");
  p.Header("Owner", "text");
  p.Header("Attached to", "text");
  p.Header("References", "number");
  p.Header("Never released", "text");
  p.Header("", nullptr);
  o += "</tr></thead>";
  for (const ObjectRow& row : s.object_rows) {
    const Object& obj = row.object;
    const std::string id = p.NextId("object");
    const bool is_new = new_ids.count(ObjectIdentity(row.test, obj)) > 0;
    absl::StrAppend(&o, "<tbody class=\"object", NewMark(is_new), "><tr>");
    p.Cell(row.test);
    p.Cell(obj.type);
    p.Cell(obj.owner);
    p.Cell(obj.attached_to);
    p.Number(static_cast<uint64_t>(std::max<int64_t>(obj.reference_count, 0)));
    std::vector<std::string> ops;
    for (const Reference& ref : obj.references) ops.push_back(ref.operation);
    p.Cell(absl::StrJoin(ops, ", "));
    p.ToggleCell(id);
    o += "</tr>";
    std::vector<std::pair<std::string, const Stack*>> stacks;
    for (const Reference& ref : obj.references) {
      stacks.push_back({absl::StrCat(ref.operation, " (never released)"), &ref.stack});
    }
    stacks.push_back({"allocated at", &obj.stack});
    p.StackRow(id, 7, stacks);
    o += "</tbody>";
  }
  o += "</table>";
  NoneIfEmpty(p, s.object_rows.empty());
  o += "</section>";
}

}  // namespace

std::string HtmlEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string RenderHtml(const ReportRun& run, const HtmlOptions& options) {
  const Summary s = Summarize(run);
  std::set<std::string> new_ids;
  if (options.diff != nullptr) {
    for (const DiffEntry& e : options.diff->entries) {
      if (e.change == Change::kNew) new_ids.insert(e.identity);
    }
  }
  Page p;
  std::string& o = p.out();
  absl::StrAppend(
      &o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">",
      "<link rel=\"icon\" href=\"data:,\"><title>", HtmlEscape(options.title), "</title><style>",
      kStyle, "</style></head><body>\n<h1>", HtmlEscape(options.title), "</h1>\n");
  absl::StrAppend(&o, "<p id=\"totals\" data-reports=\"", s.reports, "\" data-bytes=\"", s.bytes,
                  "\" data-allocations=\"", s.allocations, "\" data-objects=\"", s.objects,
                  "\" data-bug-checks=\"", s.bug_checks, "\">", s.reports, " report(s), ",
                  s.reports_with_findings, " with findings: ", s.bytes, " byte(s) leaked in ",
                  s.allocations, " allocation(s), ", s.objects, " object(s) still referenced, ",
                  s.bug_checks, " bug check(s).</p>\n");
  if (options.diff != nullptr) DiffSection(p, *options.diff);
  o += "<section><h2>Outstanding bytes per tag</h2>";
  Chart(p, s.by_tag);
  o += "</section><section><h2>Leaks by tag</h2>";
  LeakTable(p, "by-tag", "Tag", s.by_tag, /*with_pool=*/true, /*per_test=*/false);
  o += "</section><section><h2>Leaks by test</h2>";
  LeakTable(p, "by-test", "Test", s.by_test, false, true);
  o += "</section><section><h2>Leaks by allocating frame</h2>";
  LeakTable(p, "by-frame", "Frame", s.by_frame, false, false);
  o += "</section>";
  GroupsSection(p, run, new_ids);
  BugChecksSection(p, s, new_ids);
  ObjectsSection(p, s, new_ids);
  absl::StrAppend(&o, "\n<script>", kScript, "</script>\n</body></html>\n");
  return o;
}

}  // namespace poolreport
