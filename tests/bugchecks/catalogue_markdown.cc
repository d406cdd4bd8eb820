// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: tests/bugchecks/catalogue_markdown.cc
// -----------------------------------------------------------------------------
//
// Renders the catalogue as Markdown: the stop codes, then every row grouped
// by the layer that raises it and, within a layer, by stop code, ordered by
// sub-code.

#include "tests/bugchecks/catalogue_markdown.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "poolsim/bugcheck_catalogue.h"

namespace bugcheck_doc {
namespace {

// The heading of a layer's section: what it covers, for users.
std::string LayerTitle(const std::string& layer) {
  if (layer == "poolsim") return "Pool, IRQL, spin locks and lookaside lists (poolsim)";
  if (layer == "fltctx") {
    return "Filter manager: contexts, the WDK surface and simulated I/O (fltctx)";
  }
  if (layer == "sync") {
    return "Kernel synchronization: resources, mutexes, push locks, events and waits (sync)";
  }
  if (layer == "dbg") return "Debug output, assertions and PAGED_CODE (dbg)";
  return layer;
}

// Where a layer's section goes: poolsim, then fltctx, then the other layers
// by name (registration order depends on the link order of each binary).
int LayerRank(const std::string& layer) {
  if (layer == "poolsim") return 0;
  if (layer == "fltctx") return 1;
  return 2;
}

// Returns `text` with its first letter in upper case (rows' text is written
// to follow a colon).
std::string Capitalized(const char* text) {
  std::string out = text;
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') {
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
  }
  return out;
}

}  // namespace

std::string CatalogueMarkdown() {
  std::string out =
      "<!-- Generated from the bug-check catalogue (poolsim/bugcheck_catalogue.h); do not "
      "edit.\n     Regenerate: ./bazelw run //tests/bugchecks:bugcheck_doc -->\n\n"
      "# Bug checks\n\n"
      "Every bug check the libraries raise, with what it means and the usual fix in the "
      "driver. A report\n(`*** BUG CHECK 0x000000C2 BAD_POOL_CALLER (0x7, ...)`) names the "
      "stop code and its four\nparameters; the first parameter is the sub-code for most stop "
      "codes (the fourth for 0xC1).\nWhich form a misuse takes depends on the check mode: "
      "retail checks raise the retail codes,\n`CheckMode::kVerifier` the Driver Verifier "
      "forms (0xC4), and special pool its own (0xC1).\nThe rows are grouped by the library "
      "that raises them; search for a report's code (`0xC2/0x07`) or name.\n\n"
      "## Stop codes\n\n"
      "| Code | Name | Meaning |\n|---|---|---|\n";
  const std::vector<const poolsim::StopCode*> codes = poolsim::AllStopCodes();
  for (const poolsim::StopCode* s : codes) {
    absl::StrAppendFormat(&out, "| 0x%02X | `%s` | %s |\n", s->code, s->name, s->meaning);
  }
  const std::vector<poolsim::CataloguedRule> all = poolsim::AllBugCheckRules();
  std::vector<std::string> layers;
  for (const poolsim::CataloguedRule& e : all) {
    if (std::find(layers.begin(), layers.end(), e.layer) == layers.end()) {
      layers.emplace_back(e.layer);
    }
  }
  std::sort(layers.begin(), layers.end(), [](const std::string& a, const std::string& b) {
    return LayerRank(a) != LayerRank(b) ? LayerRank(a) < LayerRank(b) : a < b;
  });
  absl::StrAppend(&out, "\n## Contents\n\n");
  for (const std::string& layer : layers) {
    absl::StrAppendFormat(&out, "- %s\n", LayerTitle(layer));
  }
  for (const std::string& layer : layers) {
    absl::StrAppendFormat(&out, "\n## %s\n", LayerTitle(layer));
    std::vector<poolsim::CataloguedRule> rules;
    for (const poolsim::CataloguedRule& e : all) {
      if (e.layer == layer) rules.push_back(e);
    }
    std::stable_sort(rules.begin(), rules.end(),
                     [](const poolsim::CataloguedRule& a, const poolsim::CataloguedRule& b) {
                       const poolsim::BugCheckRule& x = *a.rule;
                       const poolsim::BugCheckRule& y = *b.rule;
                       if (x.code() != y.code()) return x.code() < y.code();
                       if (x.has_subcode() != y.has_subcode()) return !x.has_subcode();
                       return x.subcode < y.subcode;
                     });
    uint32_t current = ~0u;
    for (const poolsim::CataloguedRule& e : rules) {
      const poolsim::BugCheckRule& r = *e.rule;
      if (r.code() != current) {
        current = r.code();
        absl::StrAppendFormat(&out, "\n### 0x%02X %s\n\n%s.\n", r.code(), r.stop->name,
                              Capitalized(r.stop->meaning));
      }
      std::string key;
      if (!r.has_subcode()) {
        key = absl::StrFormat("0x%02X", r.code());
      } else if (r.subcode_parameter == 0) {
        key = absl::StrFormat("0x%02X/0x%02X", r.code(), r.subcode);
      } else {
        key = absl::StrFormat("0x%02X, parameter %d = 0x%02X", r.code(), r.subcode_parameter + 1,
                              r.subcode);
      }
      absl::StrAppendFormat(&out, "\n#### %s: %s\n\n%s.\n\n", key, r.id, Capitalized(r.meaning));
      absl::StrAppendFormat(&out, "- Usual fix: %s.\n", r.fix);
      absl::StrAppendFormat(&out, "- Raised by: %s.\n", r.raised_by);
      absl::StrAppend(&out, "- Parameters:");
      for (int i = 0; i < 4; ++i) {
        absl::StrAppendFormat(&out, " %d. %s%s", i + 1,
                              r.parameters[i][0] == '\0' ? "unused" : r.parameters[i],
                              i == 3 ? ".\n" : ";");
      }
    }
  }
  return out;
}

}  // namespace bugcheck_doc
