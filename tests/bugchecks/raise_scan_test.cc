// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: tests/bugchecks/raise_scan_test.cc
// -----------------------------------------------------------------------------
//
// Every bug check the code base raises must come from a catalogue row
// (poolsim/bugcheck_catalogue.h). This test reads the library sources (every
// package of poolsim/ and fltctx/, each package's `sources` filegroup in its
// data) and fails on a bug check assembled by hand outside the catalogue's
// table files: a stop code assigned (`.code =`), parameters filled by hand
// (`parameters = {`), a stop-code number named to raise (`bugcheck::k...`),
// a sub-code constant of its own (`kVerifier...`, `kSubcode...`), or a
// BugCheck built field by field. At run time the funnel
// (Environment::RaiseBugCheck) checks the other half: a raised row is
// registered and carries its sub-code.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <system_error>
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
    "poolsim/bugcheck_rules.h",    "fltctx/bugcheck_rules.cc",
    "fltctx/bugcheck_rules.h",     "sync/bugcheck_rules.cc",
    "sync/bugcheck_rules.h",
    "dbg/bugcheck_rules.cc",         "dbg/bugcheck_rules.h",
    "rtl/bugcheck_rules.cc",         "rtl/bugcheck_rules.h",
    "ob/bugcheck_rules.cc",          "ob/bugcheck_rules.h",
};

// The one place a bug check is raised by value: KeBugCheckEx / KeBugCheck,
// a stop the driver asks for with its own code (MakeDriverBugCheck).
const std::set<std::string> kByValueFiles = {"poolsim/wdk/ke_irql.cc"};

struct Pattern {
  std::regex re;
  const char* what;
};

const std::vector<Pattern>& Patterns() {
  static const auto* patterns = new std::vector<Pattern>{
      {std::regex(R"(\.code\s*=[^=])"), "assigns a stop code"},
      {std::regex(R"(\bparameters\s*=\s*\{)"), "fills bug-check parameters by hand"},
      {std::regex(R"(\bbugcheck::k[A-Z]\w*)"), "names a stop-code number to raise"},
      {std::regex(R"(\bk(Verifier|Subcode|SubCode)[A-Z]\w*)"),
       "names a sub-code constant outside the catalogue"},
      {std::regex(R"(\bBugCheck\s+\w+\s*;)"), "builds a BugCheck field by field"},
      {std::regex(R"((^|[^\w])BugCheck\s*\{)"), "builds a BugCheck field by field"},
  };
  return *patterns;
}

const std::regex& ByValuePattern() {
  static const auto* re = new std::regex(R"(\bMakeDriverBugCheck\s*\()");
  return *re;
}

std::string Root() { return bugcheck_doc::RunfilesRoot(); }

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The .cc and .h files of `package` in the runfiles (its `sources` filegroup),
// as workspace-relative paths.
std::vector<std::string> PackageFiles(const std::string& package) {
  std::vector<std::string> out;
  const fs::path dir = fs::path(Root()) / package;
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    const std::string ext = it->path().extension().string();
    if (ext != ".cc" && ext != ".h") continue;
    out.push_back(package + "/" + it->path().filename().string());
  }
  return out;
}

// The library sources the scan reads, as workspace-relative paths.
std::vector<std::string> Sources() {
  std::vector<std::string> out;
  for (const std::string& package : bugcheck_doc::SourcePackages()) {
    for (const std::string& path : PackageFiles(package)) {
      if (EndsWith(path, "_test.cc")) continue;
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

TEST(RaiseScanTest, TheDataHoldsEveryPackage) {
  for (const std::string& package : bugcheck_doc::SourcePackages()) {
    EXPECT_FALSE(PackageFiles(package).empty())
        << package << " has no sources in the runfiles: add its `sources` filegroup to the "
        << "data of //tests/bugchecks:raise_scan_test";
  }
}

TEST(RaiseScanTest, TheDataHoldsTheSources) {
  const std::vector<std::string> sources = Sources();
  for (const char* expected :
       {"poolsim/internal/allocate.cc", "poolsim/internal/free.cc", "poolsim/wdk/ke_irql.cc",
        "poolsim/wdk/lookaside.cc", "poolsim/bugcheck_rules.h", "fltctx/filter_manager.cc",
        "fltctx/bugcheck_rules.h", "fltctx/internal/bugchecks.cc",
        "fltctx/io/internal/bugchecks.cc", "fltctx/io/internal/dispatcher.cc",
        "fltctx/wdk/fltkernel.cc", "fltctx/wdk/internal/bugchecks.cc"}) {
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
    problems.insert(problems.end(), findings.begin(), findings.end());
  }
  std::ostringstream text;
  for (const std::string& p : problems) text << "  " << p << "\n";
  EXPECT_TRUE(problems.empty())
      << "Bug checks must be raised from catalogue rows: add a row to the layer's table "
         "(poolsim: poolsim/bugcheck_rules.{h,cc}; fltctx: fltctx/bugcheck_rules.{h,cc}) and "
         "raise it with "
         "env.RaiseBugCheck(poolsim::MakeBugCheck(row, {...}, text)). Found:\n"
      << text.str();
}

TEST(RaiseScanTest, AllowListsNameExistingFiles) {
  const std::vector<std::string> sources = Sources();
  for (const auto* list : {&kCatalogueFiles, &kByValueFiles}) {
    for (const std::string& path : *list) {
      EXPECT_NE(std::find(sources.begin(), sources.end(), path), sources.end()) << path;
    }
  }
}

}  // namespace
