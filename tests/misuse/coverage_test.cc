// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The misuse matrix covers every exported WDK name: the names are read from
// the wdk/ headers, and each must have a row (MISUSE_CASE) or be listed in
// testdata/rows_pending.txt, the names whose rows are still to be written.
// The list only shrinks: a listed name that has a row, or that the headers
// no longer export, fails too.

#include <fstream>
#include <map>
#include <set>
#include <string>

#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "tests/misuse/exported_names.h"
#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

std::set<std::string> Pending() {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  std::ifstream in(std::string(srcdir) + "/" + workspace +
                   "/tests/misuse/testdata/rows_pending.txt");
  EXPECT_TRUE(in.good())
      << "tests/misuse/testdata/rows_pending.txt is not in the runfiles";
  std::set<std::string> names;
  std::string line;
  while (std::getline(in, line)) {
    absl::string_view text = absl::StripAsciiWhitespace(line);
    if (text.empty() || text[0] == '#') continue;
    names.insert(std::string(text));
  }
  return names;
}

TEST(MisuseMatrixCoverage, TheScannerFindsDeclarationsAndDefinitions) {
  const std::set<std::string> names = DeclaredFunctions(R"(
#define NOT_A_FUNCTION(x) Foo(x)
extern "C" {
_IRQL_requires_max_(DISPATCH_LEVEL) NTKERNELAPI PVOID NTAPI ExAllocateThing(SIZE_T Bytes);
typedef VOID (*PFN_THING)(PVOID);
typedef struct _THING { ULONG Size; VOID (*Callback)(PVOID); } THING;
FORCEINLINE VOID InitializeThing(THING* Thing) { Thing->Size = 0; }
static const char* kText = "NotAFunction(";
/* CommentedOut(VOID); */
VOID TwoLines(
    PVOID A);
}
namespace fltctx { void HelperName(int); }
template <typename T> T* TypedThing(T** Target) { return *Target; }
template <typename Unused = void> inline int DefaultedTemplate(int a) { return a; }
)");
  EXPECT_EQ(names, (std::set<std::string>{"ExAllocateThing", "InitializeThing",
                                          "TwoLines", "TypedThing", "DefaultedTemplate"}));
}

TEST(MisuseMatrixCoverage, EveryExportedWdkNameHasARow) {
  const std::map<std::string, std::string> exported = ExportedWdkNames();
  ASSERT_GT(exported.size(), 100u)
      << "the wdk/ headers were not found in the runfiles";
  const std::set<std::string> pending = Pending();
  const auto& rows = Rows();
  std::set<std::string> missing, listed_but_covered, listed_but_gone,
      rows_not_exported;
  for (const auto& [name, header] : exported) {
    const bool has_row = rows.count(name) != 0;
    if (!has_row && pending.count(name) == 0)
      missing.insert(name + " (" + header + ")");
    if (has_row && pending.count(name) != 0) listed_but_covered.insert(name);
  }
  for (const std::string& name : pending) {
    if (exported.count(name) == 0) listed_but_gone.insert(name);
  }
  for (const auto& [name, cases] : rows) {
    if (exported.count(name) == 0) rows_not_exported.insert(name);
  }
  EXPECT_TRUE(missing.empty())
      << "exported WDK names without a misuse row (add MISUSE_CASEs): "
      << absl::StrJoin(missing, ", ");
  EXPECT_TRUE(listed_but_covered.empty())
      << "names with rows still listed in testdata/rows_pending.txt (remove "
         "them): "
      << absl::StrJoin(listed_but_covered, ", ");
  EXPECT_TRUE(listed_but_gone.empty())
      << "names in testdata/rows_pending.txt that no header exports: "
      << absl::StrJoin(listed_but_gone, ", ");
  EXPECT_TRUE(rows_not_exported.empty())
      << "rows for names no wdk/ header exports (misspelled?): "
      << absl::StrJoin(rows_not_exported, ", ");
  size_t cases = 0;
  for (const auto& [name, input_classes] : rows) cases += input_classes.size();
  std::printf(
      "misuse matrix: %zu exported WDK names, %zu with rows (%zu cases), %zu "
      "pending\n",
      exported.size(), rows.size(), cases, pending.size());
}

}  // namespace
}  // namespace misuse
