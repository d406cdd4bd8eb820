// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/wdk/doc_example_test.cc
// -----------------------------------------------------------------------------
//
// Runs the example of docs/rtl.md (rtl_doc_example.c), under the error-path
// sweep too, and checks that the page shows exactly the example's code.

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "poolsim/testing/leak_check.h"
#include "rtl/wdk/rtl_doc_example.h"

namespace {

std::string Runfile(const std::string& path) {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  std::ifstream in(std::string(srcdir != nullptr ? srcdir : ".") + "/" +
                   (workspace != nullptr ? workspace : "fltctx") + "/" + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The text between the line containing `begin` and the line containing `end`.
std::string Between(const std::string& text, const std::string& begin, const std::string& end) {
  const size_t b = text.find(begin);
  if (b == std::string::npos) return "";
  const size_t start = text.find('\n', b) + 1;
  const size_t e = text.find(end, start);
  if (e == std::string::npos) return "";
  return text.substr(start, text.rfind('\n', e) + 1 - start);
}

// With `exact`, every step must succeed; under the error-path sweep a step
// may fail (an allocation was failed) and only a clean end is required.
void RunExample(bool exact) {
  UNICODE_STRING a = RTL_CONSTANT_STRING(L"report.doc");
  UNICODE_STRING b = RTL_CONSTANT_STRING(L"Report.DOC");
  UNICODE_STRING c = RTL_CONSTANT_STRING(L"a.txt");
  ASSERT_EQ(ExampleStart(), STATUS_SUCCESS);
  const NTSTATUS first = ExampleRemember(&a, 1);
  const NTSTATUS second = ExampleRemember(&b, 2);
  const NTSTATUS third = ExampleRemember(&c, 5);
  if (exact) {
    EXPECT_EQ(first, STATUS_SUCCESS);
    EXPECT_EQ(second, STATUS_SUCCESS);
    EXPECT_EQ(third, STATUS_SUCCESS);
  }
  const ULONG hits = ExampleHits(&a);
  WCHAR text[64];
  const NTSTATUS described = ExampleDescribe(text, 64);
  WCHAR small[8];
  const NTSTATUS cut = ExampleDescribe(small, 8);
  if (exact) {
    EXPECT_EQ(hits, 3u);
    EXPECT_EQ(described, STATUS_SUCCESS);
    EXPECT_EQ(std::wstring(text), L"A.TXT=5;REPORT.DOC=3;");
    EXPECT_EQ(cut, STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(std::wstring(small), L"A.TXT=5");
  }
  ExampleStop();
}

TEST(DocExampleTest, Runs) { RunExample(true); }

TEST(DocExampleTest, EveryAllocationFailureIsHandled) { EXPECT_ERROR_PATHS_CLEAN(RunExample(false)); }

TEST(DocExampleTest, ThePageShowsTheCompiledCode) {
  const std::string source = Runfile("rtl/wdk/rtl_doc_example.c");
  const std::string page = Runfile("docs/rtl.md");
  ASSERT_FALSE(source.empty());
  ASSERT_FALSE(page.empty());
  const std::string code =
      Between(source, "docs/rtl.md example begins", "docs/rtl.md example ends");
  ASSERT_FALSE(code.empty());
  const std::string shown = Between(page, "<!-- example: rtl/wdk/rtl_doc_example.c -->", "```\n");
  // The fence line follows the marker; the shown block starts after it.
  EXPECT_EQ(shown.substr(shown.find('\n') + 1), code)
      << "docs/rtl.md must show rtl/wdk/rtl_doc_example.c between its markers";
}

}  // namespace
