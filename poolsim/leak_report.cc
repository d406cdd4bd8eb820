// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0

#include "poolsim/leak_report.h"

#include "poolsim/environment_lifetime.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "poolsim/environment.h"
#include "poolsim/glob.h"

namespace poolsim {
namespace {

struct GroupKey {
  bool indirect;
  PoolKind kind;
  uint32_t tag;
  StackId stack;
  bool operator==(const GroupKey& o) const {
    return indirect == o.indirect && kind == o.kind && tag == o.tag && stack == o.stack;
  }
  template <typename H>
  friend H AbslHashValue(H h, const GroupKey& k) {
    return H::combine(std::move(h), k.indirect, k.kind, k.tag, k.stack);
  }
};

// Shortens a stack to its innermost `depth` frames, re-interned.
StackId Coarsen(StackId id, int depth, absl::flat_hash_map<StackId, StackId>* cache) {
  if (depth <= 0 || id == kNoStack) return id;
  auto it = cache->find(id);
  if (it != cache->end()) return it->second;
  std::vector<uintptr_t> frames = StackFrames(id);
  StackId out = id;
  if (static_cast<int>(frames.size()) > depth) {
    frames.resize(static_cast<size_t>(depth));
    out = InternStack(frames);
  }
  (*cache)[id] = out;
  return out;
}

}  // namespace

absl::StatusOr<Suppressions> Suppressions::Parse(absl::string_view text) {
  Suppressions out;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    const size_t hash = line.find('#');
    if (hash != absl::string_view::npos) line = line.substr(0, hash);
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    if (absl::ConsumePrefix(&line, "tag:")) {
      line = absl::StripAsciiWhitespace(line);
      if (line.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("suppressions line ", line_number, ": 'tag:' needs a pattern"));
      }
      out.tags.emplace_back(line);
    } else if (absl::ConsumePrefix(&line, "fun:")) {
      line = absl::StripAsciiWhitespace(line);
      if (line.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("suppressions line ", line_number, ": 'fun:' needs a pattern"));
      }
      out.functions.emplace_back(line);
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("suppressions line ", line_number, ": expected 'tag:<pattern>' or ",
                       "'fun:<pattern>', got '", line, "'"));
    }
  }
  return out;
}

bool LeakReport::clean() const {
  if (!bug_checks.empty() || !objects.empty()) return false;
  for (const LeakGroup& g : groups) {
    if (!g.suppressed) return false;
  }
  return true;
}

size_t LeakReport::leaked_bytes() const {
  size_t n = 0;
  for (const LeakGroup& g : groups) {
    if (!g.suppressed) n += g.total_bytes;
  }
  return n;
}

size_t LeakReport::leaked_blocks() const {
  size_t n = 0;
  for (const LeakGroup& g : groups) {
    if (!g.suppressed) n += g.count;
  }
  return n;
}

LeakReport BuildLeakReport(const Environment& env, const ReportOptions& options) {
  NoteEnvironmentInspected(env);
  std::vector<LeakedObject> objects;
  std::vector<BugCheck> bug_checks;
  if (!options.pool_only) {
    objects = env.LeakedObjects();
    bug_checks = env.BugChecks();
  }
  return BuildLeakReport(env.LiveBlocksSince(options.since_sequence), std::move(objects),
                         std::move(bug_checks), options);
}

LeakReport BuildLeakReport(std::vector<BlockInfo> blocks, std::vector<LeakedObject> objects,
                           std::vector<BugCheck> bug_checks, const ReportOptions& options) {
  LeakReport report;
  absl::flat_hash_set<uintptr_t> object_blocks;
  for (const LeakedObject& o : objects) {
    if (o.block != 0) object_blocks.insert(o.block);
  }

  // Aggregate.
  absl::flat_hash_map<GroupKey, size_t> index;
  absl::flat_hash_map<StackId, StackId> coarse;
  for (const BlockInfo& b : blocks) {
    const GroupKey key{object_blocks.contains(b.address), b.kind, b.tag.value(),
                       Coarsen(b.stack, options.stack_depth, &coarse)};
    auto [it, inserted] = index.try_emplace(key, report.groups.size());
    if (inserted) {
      LeakGroup g;
      g.indirect = key.indirect;
      g.kind = b.kind;
      g.pool_type = b.pool_type;
      g.tag = b.tag;
      g.stack = key.stack;
      g.first_sequence = b.sequence;
      report.groups.push_back(std::move(g));
    }
    LeakGroup& g = report.groups[it->second];
    g.total_bytes += b.bytes;
    g.count += 1;
    g.first_sequence = std::min(g.first_sequence, b.sequence);
    if (options.include_blocks) g.blocks.push_back(b);
  }

  // Suppress: tag rules first, then function rules (which need symbols).
  std::vector<SuppressionHit> hits;
  auto hit = [&](const std::string& rule, LeakGroup& g) {
    g.suppressed = true;
    g.suppressed_by = rule;
    auto it = std::find_if(hits.begin(), hits.end(),
                           [&](const SuppressionHit& h) { return h.rule == rule; });
    if (it == hits.end()) {
      hits.push_back(SuppressionHit{rule, 0, 0, 0});
      it = hits.end() - 1;
    }
    it->groups += 1;
    it->blocks += g.count;
    it->bytes += g.total_bytes;
  };
  for (LeakGroup& g : report.groups) {
    for (const std::string& pattern : options.suppressions.tags) {
      if (g.tag.Matches(pattern)) {
        hit("tag:" + pattern, g);
        break;
      }
    }
    if (g.suppressed || options.suppressions.functions.empty()) continue;
    const std::vector<SymbolizedFrame> frames = Symbolize(g.stack, /*with_file_line=*/true);
    for (const std::string& pattern : options.suppressions.functions) {
      const bool matched = std::any_of(frames.begin(), frames.end(), [&](const auto& f) {
        return !f.function.empty() && GlobMatch(pattern, f.function);
      });
      if (matched) {
        hit("fun:" + pattern, g);
        break;
      }
    }
  }
  report.suppressions_used = std::move(hits);

  // Sort deterministically: direct first, bigger first, then tag, then age.
  std::sort(report.groups.begin(), report.groups.end(),
            [](const LeakGroup& a, const LeakGroup& b) {
              return std::make_tuple(a.indirect, -static_cast<int64_t>(a.total_bytes),
                                     a.tag.ToString(), a.first_sequence) <
                     std::make_tuple(b.indirect, -static_cast<int64_t>(b.total_bytes),
                                     b.tag.ToString(), b.first_sequence);
            });
  std::stable_sort(objects.begin(), objects.end(),
                   [](const LeakedObject& a, const LeakedObject& b) {
                     return std::tie(a.type_name, a.owner) < std::tie(b.type_name, b.owner);
                   });
  report.objects = std::move(objects);
  report.bug_checks = std::move(bug_checks);
  return report;
}

}  // namespace poolsim
