// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/file_names_test.cc
// -----------------------------------------------------------------------------
//
// Table tests of the file-name parser (FltParseFileNameInformation's rules,
// from Microsoft's examples) and of the simulated 8.3 names.

#include "fltctx/file_names.h"

#include <string>

#include "gtest/gtest.h"

namespace fltctx {
namespace {

std::wstring Part(const std::wstring& name, const NameRange& r) {
  return r.present ? name.substr(r.offset, r.length) : L"<absent>";
}

struct Case {
  const wchar_t* name;
  size_t volume_chars;
  bool network;
  NameFormat format;
  const wchar_t* volume;
  const wchar_t* share;
  const wchar_t* parent_dir;
  const wchar_t* final_component;
  const wchar_t* extension;
  const wchar_t* stream;
};

TEST(ParseFileName, MatchesTheDocumentedExamplesAndTheEdges) {
  const Case cases[] = {
      // Microsoft's remote normalized example.
      {L"\\Device\\LanManRedirector\\MyServer\\MyShare\\Documents and Settings\\MyUser\\My "
       L"Documents\\Test Results.txt:stream1",
       24, true, NameFormat::kNormalized, L"\\Device\\LanManRedirector", L"\\MyServer\\MyShare",
       L"\\Documents and Settings\\MyUser\\My Documents", L"Test Results.txt:stream1", L"txt",
       L":stream1"},
      // Microsoft's local opened example.
      {L"\\Device\\HarddiskVolume1\\Docume~1\\MyUser\\My Documents\\TestRe~1.txt:stream1:$DATA",
       23, false, NameFormat::kOpened, L"\\Device\\HarddiskVolume1", L"<absent>",
       L"\\Docume~1\\MyUser\\My Documents", L"TestRe~1.txt:stream1:$DATA", L"txt",
       L":stream1:$DATA"},
      // Microsoft's short example.
      {L"TestRe~1.txt", 0, false, NameFormat::kShort, L"<absent>", L"<absent>", L"<absent>",
       L"TestRe~1.txt", L"txt", L"<absent>"},
      // A file in the root: ParentDir is the root itself.
      {L"\\Device\\HarddiskVolume1\\a.txt", 23, false, NameFormat::kNormalized,
       L"\\Device\\HarddiskVolume1", L"<absent>", L"\\", L"a.txt", L"txt", L"<absent>"},
      // No extension; a dot in a directory does not count.
      {L"\\Device\\HarddiskVolume1\\v1.2\\README", 23, false, NameFormat::kNormalized,
       L"\\Device\\HarddiskVolume1", L"<absent>", L"\\v1.2", L"README", L"<absent>",
       L"<absent>"},
      // The last dot wins; a dot in the stream name does not count.
      {L"\\Device\\HarddiskVolume1\\d\\a.tar.gz:x.y", 23, false, NameFormat::kNormalized,
       L"\\Device\\HarddiskVolume1", L"<absent>", L"\\d", L"a.tar.gz:x.y", L"gz", L":x.y"},
      // The volume alone.
      {L"\\Device\\HarddiskVolume1\\", 23, false, NameFormat::kNormalized,
       L"\\Device\\HarddiskVolume1", L"<absent>", L"\\", L"<absent>", L"<absent>", L"<absent>"},
      // A network share's root file.
      {L"\\Device\\Mup\\srv\\sh\\r.doc", 11, true, NameFormat::kNormalized, L"\\Device\\Mup",
       L"\\srv\\sh", L"\\", L"r.doc", L"doc", L"<absent>"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.name, c.name + wcslen(c.name)));
    const std::wstring name = c.name;
    NameParts p = ParseFileName(name, c.volume_chars, c.network, c.format);
    EXPECT_EQ(Part(name, p.volume), c.volume);
    EXPECT_EQ(Part(name, p.share), c.share);
    EXPECT_EQ(Part(name, p.parent_dir), c.parent_dir);
    EXPECT_EQ(Part(name, p.final_component), c.final_component);
    EXPECT_EQ(Part(name, p.extension), c.extension);
    EXPECT_EQ(Part(name, p.stream), c.stream);
  }
}

TEST(ShortNameOf, KeepsValid83NamesAndShortensLongOnes) {
  EXPECT_EQ(ShortNameOf(L"a.txt"), L"A.TXT");
  EXPECT_EQ(ShortNameOf(L"README"), L"README");
  EXPECT_EQ(ShortNameOf(L"Test Results.txt"), L"TESTRE~1.TXT");
  EXPECT_EQ(ShortNameOf(L"Long File.text"), L"LONGFI~1.TEX");
  EXPECT_EQ(ShortNameOf(L"archive.tar.gz"), L"ARCHIV~1.GZ");
}

}  // namespace
}  // namespace fltctx
