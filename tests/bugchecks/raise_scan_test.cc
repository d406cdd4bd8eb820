// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: tests/bugchecks/raise_scan_test.cc
// -----------------------------------------------------------------------------
//
// Every bug check the code base raises must come from a catalogue row
// (poolsim/bugcheck_catalogue.h). This test reads the library sources (all
// of poolsim/ and fltctx/ in the source tree) and fails on a bug check
// assembled by hand outside the catalogue's table files: a stop code assigned (`.code =`), parameters filled by hand
// (`parameters = {`), a stop-code number named to raise (`bugcheck::k...`),
// or a BugCheck built field by field. At run time the funnel
// (Environment::RaiseBugCheck) checks the other half: a raised row is
// registered and carries its sub-code.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/bugchecks/source_tree.h"

namespace {

namespace fs = std::filesystem;

// The catalogue's table files, where stop-code and sub-code numbers and the
// building of bug checks from rows live.
const std::set<std::string> kCatalogueFiles = {
    "poolsim/bugcheck.h",          "poolsim/bugcheck_catalogue.cc",
    "poolsim/bugcheck_catalogue.h", "poolsim/bugcheck_codes.h",
    "poolsim/bugcheck_rule.h",     "poolsim/bugcheck_rules.cc",
    "poolsim/bugcheck_rules.h",
};

// The one place a bug check is raised by value: KeBugCheckEx / KeBugCheck,
// a stop the driver asks for with its own code (MakeDriverBugCheck).
const std::set<std::string> kByValueFiles = {"poolsim/wdk/ke_irql.cc"};

// Files not yet converted to catalogue rows: fltctx still has its own raise
// helpers with stop codes and sub-codes spelled inline. The step that moves
// fltctx's bug checks into rows (registered with a BugCheckTableRegistrar)
// empties this list; the test fails when a listed file is already clean, so
// the list only shrinks.
const std::set<std::string> kNotYetConverted = {
    "fltctx/internal/bugchecks.cc",
    "fltctx/io/internal/bugchecks.cc",
    "fltctx/wdk/internal/bugchecks.cc",
};

struct Pattern {
  std::regex re;
  const char* what;
};

const std::vector<Pattern>& Patterns() {
  static const auto* patterns = new std::vector<Pattern>{
      {std::regex(R"(\.code\s*=[^=])"), "assigns a stop code"},
      {std::regex(R"(\bparameters\s*=\s*\{)"), "fills bug-check parameters by hand"},
      {std::regex(R"(\bbugcheck::k[A-Z]\w*)"), "names a stop-code number to raise"},
      {std::regex(R"(\bBugCheck\s+\w+\s*;)"), "builds a BugCheck field by field"},
      {std::regex(R"((^|[^\w])BugCheck\s*\{)"), "builds a BugCheck field by field"},
  };
  return *patterns;
}

const std::regex& ByValuePattern() {
  static const auto* re = new std::regex(R"(\bMakeDriverBugCheck\s*\()");
  return *re;
}

std::string Root() { return bugcheck_doc::WorkspaceRoot(); }

// The library sources, as workspace-relative paths.
std::vector<std::string> Sources() {
  std::vector<std::string> out;
  const std::string root = Root();
  for (const char* top : {"poolsim", "fltctx"}) {
    const fs::path dir = fs::path(root) / top;
    if (!fs::exists(dir)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      const std::string path = fs::relative(entry.path(), root).string();
      const std::string ext = entry.path().extension().string();
      if (ext != ".cc" && ext != ".h") continue;
      if (path.size() > 8 && path.compare(path.size() - 8, 8, "_test.cc") == 0) continue;
      if (path.find("/testing/") != std::string::npos) continue;  // matchers compare codes
      if (path.find("/testdata/") != std::string::npos) continue;
      out.push_back(path);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Returns "path:line: what" for each hand-built bug check in `path`.
std::vector<std::string> Findings(const std::string& path, bool* by_value) {
  std::ifstream in(Root() + "/" + path);
  std::vector<std::string> out;
  std::string line;
  int number = 0;
  *by_value = false;
  while (std::getline(in, line)) {
    ++number;
    const size_t comment = line.find("//");
    if (comment != std::string::npos) line.resize(comment);
    if (line.find("struct BugCheck") != std::string::npos) continue;
    if (std::regex_search(line, ByValuePattern())) *by_value = true;
    for (const Pattern& p : Patterns()) {
      if (std::regex_search(line, p.re)) {
        out.push_back(path + ":" + std::to_string(number) + ": " + p.what + ": " + line);
      }
    }
  }
  return out;
}

TEST(RaiseScanTest, TheDataHoldsTheSources) {
  ASSERT_NE(Root(), "") << "the source tree was not found through the runfile README.md";
  const std::vector<std::string> sources = Sources();
  for (const char* expected :
       {"poolsim/internal/allocate.cc", "poolsim/internal/free.cc", "poolsim/wdk/ke_irql.cc",
        "poolsim/wdk/lookaside.cc", "poolsim/bugcheck_rules.h", "fltctx/filter_manager.cc"}) {
    EXPECT_NE(std::find(sources.begin(), sources.end(), expected), sources.end()) << expected;
  }
}

TEST(RaiseScanTest, EveryRaiseNamesACatalogueRow) {
  std::vector<std::string> problems;
  for (const std::string& path : Sources()) {
    if (kCatalogueFiles.count(path) != 0) continue;
    bool by_value = false;
    const std::vector<std::string> findings = Findings(path, &by_value);
    if (by_value && kByValueFiles.count(path) == 0) {
      problems.push_back(path + ": raises by value (MakeDriverBugCheck); only KeBugCheckEx may");
    }
    if (kNotYetConverted.count(path) != 0) {
      if (findings.empty()) {
        problems.push_back(path + ": raises only catalogue rows now; remove it from "
                                  "kNotYetConverted in tests/bugchecks/raise_scan_test.cc");
      }
      continue;
    }
    problems.insert(problems.end(), findings.begin(), findings.end());
  }
  std::ostringstream text;
  for (const std::string& p : problems) text << "  " << p << "\n";
  EXPECT_TRUE(problems.empty())
      << "Bug checks must be raised from catalogue rows: add a row to the layer's table "
         "(poolsim: poolsim/bugcheck_rules.{h,cc}) and raise it with "
         "env.RaiseBugCheck(poolsim::MakeBugCheck(row, {...}, text)). Found:\n"
      << text.str();
}

TEST(RaiseScanTest, AllowListsNameExistingFiles) {
  const std::vector<std::string> sources = Sources();
  for (const auto* list : {&kCatalogueFiles, &kByValueFiles, &kNotYetConverted}) {
    for (const std::string& path : *list) {
      EXPECT_NE(std::find(sources.begin(), sources.end(), path), sources.end()) << path;
    }
  }
}

}  // namespace
