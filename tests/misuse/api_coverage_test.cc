// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// docs/api-coverage.md has one row per WDK function the library declares:
// every exported name is "provided" or "partial" (with what is simplified),
// every name declared only so that drivers compile is "absent", and nothing
// else is listed. The failure message gives the rows to add.

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "tests/misuse/exported_names.h"

namespace misuse {
namespace {

struct Row {
  std::string status;
  std::string notes;
};

std::map<std::string, Row> TableRows() {
  const std::string path = absl::StrCat(std::getenv("TEST_SRCDIR"), "/",
                                        std::getenv("TEST_WORKSPACE"), "/docs/api-coverage.md");
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::map<std::string, Row> rows;
  const std::regex row(R"(^\| `([A-Za-z0-9_]+)` \| (provided|partial|absent) \| (.*)\|\s*$)");
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, row)) {
      EXPECT_EQ(rows.count(m[1]), 0u) << m[1] << " is listed twice";
      rows[m[1]] = Row{m[2], m[3]};
    }
  }
  return rows;
}

TEST(ApiCoverage, EveryDeclaredFunctionHasOneRowWithItsStatus) {
  std::set<std::string> absent;
  const std::map<std::string, std::string> exported = ExportedWdkNames(&absent);
  ASSERT_GT(exported.size(), 100u);
  const std::map<std::string, Row> rows = TableRows();
  std::vector<std::string> to_add, wrong, extra;
  for (const auto& [name, header] : exported) {
    auto it = rows.find(name);
    if (it == rows.end()) {
      to_add.push_back(absl::StrCat("| `", name, "` | provided | ", header, " |"));
    } else if (it->second.status == "absent") {
      wrong.push_back(absl::StrCat(name, " is provided (", header, ") but listed as absent"));
    } else if (it->second.status == "partial" && it->second.notes.find_first_not_of(" |") ==
                                                     std::string::npos) {
      wrong.push_back(absl::StrCat(name, " is partial: say what is simplified"));
    }
  }
  for (const std::string& name : absent) {
    if (exported.count(name) != 0) continue;  // declared twice, once provided
    auto it = rows.find(name);
    if (it == rows.end()) {
      to_add.push_back(absl::StrCat("| `", name, "` | absent | declared; fails to link |"));
    } else if (it->second.status != "absent") {
      wrong.push_back(absl::StrCat(name, " fails to link but is listed as ", it->second.status));
    }
  }
  for (const auto& [name, row] : rows) {
    if (exported.count(name) == 0 && absent.count(name) == 0) extra.push_back(name);
  }
  EXPECT_TRUE(to_add.empty()) << "docs/api-coverage.md lacks these rows:\n"
                              << absl::StrJoin(to_add, "\n");
  EXPECT_TRUE(wrong.empty()) << absl::StrJoin(wrong, "\n");
  EXPECT_TRUE(extra.empty()) << "rows for functions no header declares: "
                             << absl::StrJoin(extra, ", ");
  size_t provided = 0, partial = 0;
  for (const auto& [name, row] : rows) {
    provided += row.status == "provided";
    partial += row.status == "partial";
  }
  std::printf("api coverage: %zu provided, %zu partial, %zu absent\n", provided, partial,
              rows.size() - provided - partial);
}

}  // namespace
}  // namespace misuse
