// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// MmGetSystemRoutineAddress and FltGetRoutineAddress know every routine the
// host provides: ob/wdk/system_routines.inc lists exactly the exported WDK
// names (read from the layers' wdk/ headers), and each resolves through the
// routine of the module Windows exports it from, and only through it.

#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <fltKernel.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "tests/misuse/exported_names.h"

namespace misuse {
namespace {

// name -> module ("KERNEL", "FLTMGR", "KS", "HEADER"), in file order.
std::vector<std::pair<std::string, std::string>> TableLines() {
  const std::string path = absl::StrCat(std::getenv("TEST_SRCDIR"), "/",
                                        std::getenv("TEST_WORKSPACE"),
                                        "/ob/wdk/system_routines.inc");
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::vector<std::pair<std::string, std::string>> out;
  const std::regex line(R"(^([A-Z]+)_ROUTINE\(([A-Za-z0-9_]+)\)\s*$)");
  std::string text;
  while (std::getline(in, text)) {
    std::smatch m;
    if (std::regex_match(text, m, line)) out.emplace_back(m[2], m[1]);
  }
  return out;
}

PVOID Mm(const std::string& name) {
  std::wstring wide(name.begin(), name.end());
  UNICODE_STRING u;
  u.Buffer = wide.data();
  u.Length = static_cast<USHORT>(wide.size() * sizeof(WCHAR));
  u.MaximumLength = u.Length;
  return MmGetSystemRoutineAddress(&u);
}

TEST(SystemRoutines, TheTableListsExactlyTheExportedNamesSorted) {
  const std::vector<std::pair<std::string, std::string>> lines = TableLines();
  ASSERT_GT(lines.size(), 300u);
  std::set<std::string> listed;
  for (size_t i = 0; i < lines.size(); ++i) {
    listed.insert(lines[i].first);
    if (i > 0) {
      EXPECT_LT(lines[i - 1].first, lines[i].first) << "not sorted at " << lines[i].first;
    }
  }
  const std::map<std::string, std::string> exported = ExportedWdkNames();
  std::vector<std::string> missing, extra;
  for (const auto& [name, header] : exported) {
    if (listed.count(name) == 0) missing.push_back(absl::StrCat("KERNEL_ROUTINE(", name, ")  // ", header));
  }
  for (const std::string& name : listed) {
    if (exported.count(name) == 0) extra.push_back(name);
  }
  EXPECT_TRUE(missing.empty()) << "add to ob/wdk/system_routines.inc (with the module that "
                                  "exports each on Windows):\n"
                               << absl::StrJoin(missing, "\n");
  EXPECT_TRUE(extra.empty()) << "listed but not exported: " << absl::StrJoin(extra, ", ");
}

TEST(SystemRoutines, EachNameResolvesThroughItsModuleOnly) {
  for (const auto& [name, module] : TableLines()) {
    const PVOID mm = Mm(name);
    const PVOID flt = FltGetRoutineAddress(name.c_str());
    if (module == "KERNEL") {
      EXPECT_NE(mm, nullptr) << name;
      EXPECT_EQ(flt, nullptr) << name;
    } else if (module == "FLTMGR") {
      EXPECT_EQ(mm, nullptr) << name;
      EXPECT_NE(flt, nullptr) << name;
    } else {
      EXPECT_EQ(mm, nullptr) << name << " (" << module << ")";
      EXPECT_EQ(flt, nullptr) << name << " (" << module << ")";
    }
  }
}

TEST(SystemRoutines, AddressesAreTheFunctionsThemselves) {
  EXPECT_EQ(Mm("ExAllocatePool2"), reinterpret_cast<PVOID>(&ExAllocatePool2));
  EXPECT_EQ(Mm("ZwQueryValueKey"), reinterpret_cast<PVOID>(&ZwQueryValueKey));
  EXPECT_EQ(FltGetRoutineAddress("FltGetStreamContext"),
            reinterpret_cast<PVOID>(&FltGetStreamContext));
  // Names are case-sensitive, and what the host does not provide is NULL.
  EXPECT_EQ(Mm("exallocatepool2"), nullptr);
  EXPECT_EQ(Mm("FltCreateCommunicationPort"), nullptr);
  EXPECT_EQ(Mm("PsSetCreateProcessNotifyRoutineEx2"), nullptr);
  EXPECT_EQ(FltGetRoutineAddress("FltNoSuchRoutine"), nullptr);
  EXPECT_EQ(Mm(""), nullptr);
}

}  // namespace
}  // namespace misuse
