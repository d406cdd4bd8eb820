// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: tests/names/names_test.cc
// -----------------------------------------------------------------------------
//
// File-name information as a driver sees it during simulated I/O (the C
// filter tests/names/names_filter.c), and the name functions called directly
// for their protocols, refusals and bug checks.

#include <cstring>
#include <string>

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"
#include "tests/names/names_filter.h"

namespace {

std::wstring W(const WCHAR* s) { return std::wstring(s); }

class NamesTest : public ::testing::Test {
 protected:
  NamesTest() : fm_(poolsim::Ambient()), install_(&fm_) {
    std::memset(g_pre_create_normalized, 0, sizeof(g_pre_create_normalized));
    std::memset(g_post_set_normalized, 0, sizeof(g_post_set_normalized));
    std::memset(g_destination, 0, sizeof(g_destination));
    g_keep_reference = FALSE;
    g_open_target_directory = FALSE;
    g_kept = nullptr;
    EXPECT_EQ(NamesFilterEntry(), STATUS_SUCCESS);
  }
  ~NamesTest() override {
    if (g_filter != nullptr) FltUnregisterFilter(g_filter);
    g_filter = nullptr;
  }

  fltctx::FilterManager fm_;
  fltctx::ScopedFilterManager install_;
};

TEST_F(NamesTest, CreateGivesNormalizedOpenedAndParsedNames) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(g_filter, "370030");
  fltctx::io::Handle first = vol.Create(L"\\Report.TXT", FILE_CREATE);
  ASSERT_EQ(first.status(), STATUS_SUCCESS);
  // A second open with another case: normalized is the stored case, opened
  // is the name as given.
  fltctx::io::Handle h = vol.Create(L"\\report.txt", FILE_OPEN);
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  EXPECT_EQ(W(g_pre_create_normalized), L"\\Device\\HarddiskVolume1\\Report.TXT");
  EXPECT_EQ(W(g_post_create_opened), L"\\Device\\HarddiskVolume1\\report.txt");
  EXPECT_EQ(W(g_final_component), L"report.txt");
  EXPECT_EQ(W(g_extension), L"txt");
  EXPECT_EQ(W(g_stream), L"");
  EXPECT_EQ(W(g_parent_dir), L"\\");
}

TEST_F(NamesTest, PreCreateParsesTheTargetAndRefusesShortNames) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(g_filter, "370030");
  // The target need not exist for a normalized name in pre-create.
  fltctx::io::Handle missing = vol.Create(L"\\no\\such.txt", FILE_OPEN);
  EXPECT_EQ(missing.status(), STATUS_OBJECT_NAME_NOT_FOUND);
  EXPECT_EQ(g_pre_create_status, STATUS_SUCCESS);
  EXPECT_EQ(W(g_pre_create_normalized), L"\\Device\\HarddiskVolume1\\no\\such.txt");
  EXPECT_EQ(g_pre_create_short_status, STATUS_FLT_INVALID_NAME_REQUEST);
  // A target-directory open names the parent.
  g_open_target_directory = TRUE;
  fltctx::io::Handle h = vol.Create(L"\\dir\\a.txt", FILE_CREATE);
  EXPECT_EQ(W(g_pre_create_normalized), L"\\Device\\HarddiskVolume1\\dir");
}

TEST_F(NamesTest, StreamNamesAreParsed) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(g_filter, "370030");
  fltctx::io::Handle h = vol.Create(L"\\a.txt:ads:$DATA", FILE_CREATE);
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  EXPECT_EQ(W(g_pre_create_normalized), L"\\Device\\HarddiskVolume1\\a.txt:ads");
  EXPECT_EQ(W(g_final_component), L"a.txt:ads:$DATA");
  EXPECT_EQ(W(g_stream), L":ads:$DATA");
  EXPECT_EQ(W(g_extension), L"txt");
}

TEST_F(NamesTest, RenameGivesTheDestinationAndTheNewNormalizedName) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(g_filter, "370030");
  fltctx::io::Handle h = vol.Create(L"\\old.txt", FILE_CREATE);
  ASSERT_EQ(h.Rename(L"\\new.txt"), STATUS_SUCCESS);
  EXPECT_EQ(W(g_destination), L"\\Device\\HarddiskVolume1\\new.txt");
  EXPECT_EQ(W(g_post_set_normalized), L"\\Device\\HarddiskVolume1\\new.txt");
  // The opened name stays the name it was opened with.
  PFLT_FILE_NAME_INFORMATION opened = nullptr;
  ASSERT_EQ(FltGetFileNameInformationUnsafe(h.file_object(), nullptr,
                                            FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT,
                                            &opened),
            STATUS_SUCCESS);
  EXPECT_EQ(std::wstring(opened->Name.Buffer, opened->Name.Length / sizeof(WCHAR)),
            L"\\Device\\HarddiskVolume1\\old.txt");
  FltReleaseFileNameInformation(opened);
}

TEST_F(NamesTest, RelativeDestinationIsInTheFilesDirectory) {
  fltctx::io::Volume vol(fm_);
  PFLT_INSTANCE instance = vol.Attach(g_filter, "370030");
  fltctx::io::Handle h = vol.Create(L"\\dir\\a.txt", FILE_CREATE);
  WCHAR relative[] = L"b.txt";
  PFLT_FILE_NAME_INFORMATION dest = nullptr;
  ASSERT_EQ(FltGetDestinationFileNameInformation(
                instance, h.file_object(), nullptr, relative, 5 * sizeof(WCHAR),
                FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &dest),
            STATUS_SUCCESS);
  EXPECT_EQ(std::wstring(dest->Name.Buffer, dest->Name.Length / sizeof(WCHAR)),
            L"\\Device\\HarddiskVolume1\\dir\\b.txt");
  FltReleaseFileNameInformation(dest);
  int root = 0;
  EXPECT_EQ(FltGetDestinationFileNameInformation(
                instance, h.file_object(), &root, relative, 5 * sizeof(WCHAR),
                FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &dest),
            STATUS_NOT_SUPPORTED);
  EXPECT_EQ(dest, nullptr);
  EXPECT_EQ(FltGetDestinationFileNameInformation(
                instance, h.file_object(), nullptr, relative, 5 * sizeof(WCHAR),
                FLT_FILE_NAME_SHORT | FLT_FILE_NAME_QUERY_DEFAULT, &dest),
            STATUS_INVALID_PARAMETER);
}

TEST_F(NamesTest, HardLinkOpensReportTheLinkTheyUsed) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(g_filter, "370030");
  fltctx::io::Handle h = vol.Create(L"\\a.txt", FILE_CREATE);
  ASSERT_EQ(h.Link(L"\\b.txt"), STATUS_SUCCESS);
  EXPECT_EQ(W(g_destination), L"\\Device\\HarddiskVolume1\\b.txt");
  EXPECT_TRUE(vol.Exists(L"\\a.txt"));
  EXPECT_TRUE(vol.Exists(L"\\b.txt"));
  fltctx::io::Handle via_link = vol.Create(L"\\B.TXT", FILE_OPEN);
  ASSERT_EQ(via_link.status(), STATUS_SUCCESS);
  EXPECT_EQ(W(g_pre_create_normalized), L"\\Device\\HarddiskVolume1\\b.txt");
  FILE_STANDARD_INFORMATION standard = {};
  ASSERT_EQ(via_link.QueryStandard(&standard), STATUS_SUCCESS);
  EXPECT_EQ(standard.NumberOfLinks, 2u);
  // Renaming through the link moves that link only.
  ASSERT_EQ(via_link.Rename(L"\\c.txt"), STATUS_SUCCESS);
  EXPECT_EQ(W(g_post_set_normalized), L"\\Device\\HarddiskVolume1\\c.txt");
  EXPECT_TRUE(vol.Exists(L"\\a.txt"));
  EXPECT_FALSE(vol.Exists(L"\\b.txt"));
  std::wstring name;
  ASSERT_EQ(h.QueryName(&name), STATUS_SUCCESS);
  EXPECT_EQ(name, L"\\a.txt");
}

TEST_F(NamesTest, PostCloseIsRefused) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(g_filter, "370030");
  g_post_close_status = STATUS_SUCCESS;
  fltctx::io::Handle h = vol.Create(L"\\a.txt", FILE_CREATE);
  h.Close();
  EXPECT_EQ(g_post_close_status, STATUS_FLT_INVALID_NAME_REQUEST);
}

TEST_F(NamesTest, CacheOnlyMissesUntilANameIsCachedAndAfterARename) {
  fltctx::io::Volume vol(fm_);  // no filter attached: only this test queries
  PFLT_INSTANCE instance = nullptr;
  fltctx::io::Handle h = vol.Create(L"\\a.txt", FILE_CREATE);
  PFILE_OBJECT fo = h.file_object();
  PFLT_FILE_NAME_INFORMATION info = nullptr;
  const FLT_FILE_NAME_OPTIONS cache_only = FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_CACHE_ONLY;
  EXPECT_EQ(FltGetFileNameInformationUnsafe(fo, instance, cache_only, &info),
            STATUS_FLT_NAME_CACHE_MISS);
  EXPECT_EQ(info, nullptr);
  ASSERT_EQ(FltGetFileNameInformationUnsafe(
                fo, instance, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &info),
            STATUS_SUCCESS);
  FltReleaseFileNameInformation(info);
  ASSERT_EQ(FltGetFileNameInformationUnsafe(fo, instance, cache_only, &info), STATUS_SUCCESS);
  FltReleaseFileNameInformation(info);
  ASSERT_EQ(h.Rename(L"\\b.txt"), STATUS_SUCCESS);
  EXPECT_EQ(FltGetFileNameInformationUnsafe(fo, instance, cache_only, &info),
            STATUS_FLT_NAME_CACHE_MISS);
}

TEST_F(NamesTest, OptionsAndArgumentsAreChecked) {
  fltctx::io::Volume vol(fm_);
  PFLT_INSTANCE instance = vol.Attach(g_filter, "370030");
  fltctx::io::Handle h = vol.Create(L"\\a.txt", FILE_CREATE);
  PFLT_FILE_NAME_INFORMATION info = nullptr;
  EXPECT_EQ(FltGetFileNameInformationUnsafe(h.file_object(), instance, FLT_FILE_NAME_NORMALIZED,
                                            &info),
            STATUS_INVALID_PARAMETER);  // no query method
  EXPECT_EQ(FltGetFileNameInformationUnsafe(h.file_object(), instance,
                                            0x4 | FLT_FILE_NAME_QUERY_DEFAULT, &info),
            STATUS_INVALID_PARAMETER);  // no such format
  EXPECT_EQ(FltGetFileNameInformation(nullptr, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                      &info),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(info, nullptr);
  // Paging I/O is refused.
  FLT_IO_PARAMETER_BLOCK iopb = {};
  FLT_CALLBACK_DATA data = {};
  data.Iopb = &iopb;
  iopb.MajorFunction = IRP_MJ_READ;
  iopb.IrpFlags = IRP_PAGING_IO;
  iopb.TargetFileObject = h.file_object();
  iopb.TargetInstance = instance;
  EXPECT_EQ(FltGetFileNameInformation(&data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                      &info),
            STATUS_FLT_INVALID_NAME_REQUEST);
  iopb.IrpFlags = 0;
  ASSERT_EQ(FltGetFileNameInformation(&data, FLT_FILE_NAME_SHORT | FLT_FILE_NAME_QUERY_DEFAULT,
                                      &info),
            STATUS_SUCCESS);
  EXPECT_EQ(std::wstring(info->Name.Buffer, info->Name.Length / sizeof(WCHAR)), L"A.TXT");
  PFLT_FILE_NAME_INFORMATION tunneled = &*info;
  EXPECT_EQ(FltGetTunneledName(&data, info, &tunneled), STATUS_SUCCESS);
  EXPECT_EQ(tunneled, nullptr);
  FltReleaseFileNameInformation(info);
}

TEST_F(NamesTest, VolumeNamesFollowTheSizeProtocol) {
  fltctx::io::Volume vol(fm_);
  const std::wstring expected = L"\\Device\\HarddiskVolume1";
  ULONG needed = 0;
  EXPECT_EQ(FltGetVolumeName(vol.volume(), nullptr, &needed), STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(needed, expected.size() * sizeof(WCHAR));
  EXPECT_EQ(FltGetVolumeName(vol.volume(), nullptr, nullptr), STATUS_INVALID_PARAMETER);
  WCHAR buffer[64];
  UNICODE_STRING name = {0, 4 * sizeof(WCHAR), buffer};
  EXPECT_EQ(FltGetVolumeName(vol.volume(), &name, &needed), STATUS_BUFFER_TOO_SMALL);
  name.MaximumLength = sizeof(buffer);
  ASSERT_EQ(FltGetVolumeName(vol.volume(), &name, nullptr), STATUS_SUCCESS);
  EXPECT_EQ(std::wstring(name.Buffer, name.Length / sizeof(WCHAR)), expected);

  ULONG guid_bytes = 0;
  EXPECT_EQ(FltGetVolumeGuidName(vol.volume(), nullptr, &guid_bytes), STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(guid_bytes, 48 * sizeof(WCHAR));
  UNICODE_STRING guid = {0, sizeof(buffer), buffer};
  ASSERT_EQ(FltGetVolumeGuidName(vol.volume(), &guid, nullptr), STATUS_SUCCESS);
  const std::wstring first(guid.Buffer, guid.Length / sizeof(WCHAR));
  EXPECT_EQ(first.substr(0, 11), L"\\??\\Volume{");
  EXPECT_EQ(first.back(), L'}');
  // Stable for the volume's name; another volume has another GUID.
  ASSERT_EQ(FltGetVolumeGuidName(vol.volume(), &guid, nullptr), STATUS_SUCCESS);
  EXPECT_EQ(std::wstring(guid.Buffer, guid.Length / sizeof(WCHAR)), first);
  fltctx::io::Volume fat(fm_, fltctx::io::VolumeSetup::Fat());
  ASSERT_EQ(FltGetVolumeGuidName(fat.volume(), &guid, nullptr), STATUS_SUCCESS);
  EXPECT_NE(std::wstring(guid.Buffer, guid.Length / sizeof(WCHAR)), first);
  fltctx::io::Volume net(fm_, fltctx::io::VolumeSetup::Network());
  EXPECT_EQ(FltGetVolumeGuidName(net.volume(), &guid, nullptr), STATUS_INVALID_DEVICE_REQUEST);
  {
    poolsim::ScopedIrql apc(poolsim::kApcLevel);
    ASSERT_EQ(FltGetVolumeName(vol.volume(), &name, nullptr), STATUS_SUCCESS);
    EXPECT_BUGCHECK(FltGetVolumeGuidName(vol.volume(), &guid, nullptr), 0x0A);  // PASSIVE only
  }
}

TEST_F(NamesTest, NameCallsAboveApcLevelBugCheck) {
  fltctx::io::Volume vol(fm_);
  PFLT_INSTANCE instance = vol.Attach(g_filter, "370030");
  fltctx::io::Handle h = vol.Create(L"\\a.txt", FILE_CREATE);
  PFLT_FILE_NAME_INFORMATION info = nullptr;
  ASSERT_EQ(FltGetFileNameInformationUnsafe(
                h.file_object(), instance, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                &info),
            STATUS_SUCCESS);
  {
    poolsim::ScopedIrql dispatch(poolsim::kDispatchLevel);
    EXPECT_BUGCHECK(FltReleaseFileNameInformation(info), 0x0A);
    PFLT_FILE_NAME_INFORMATION other = nullptr;
    EXPECT_BUGCHECK(FltGetFileNameInformationUnsafe(
                        h.file_object(), instance,
                        FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &other),
                    0x0A);
    EXPECT_EQ(other, nullptr);
  }
  FltReleaseFileNameInformation(info);  // the refused release had no effect
  EXPECT_BUGCHECK_SUBCODE(FltReleaseFileNameInformation(info), 0x1E, 0xC0000005);
}

TEST_F(NamesTest, APostOperationAtDispatchThatQueriesANameBugChecks) {
  // The classic bug: a post-operation callback (here post-set-information)
  // that the file system completes at DISPATCH_LEVEL asks for a name.
  fltctx::io::VolumeSetup setup;
  setup.post_operation_at_dispatch = true;
  fltctx::io::Volume vol(fm_, setup);
  vol.Attach(g_filter, "370030");
  fltctx::io::Handle h = vol.Create(L"\\a.txt", FILE_CREATE);  // post-create stays PASSIVE
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  EXPECT_BUGCHECK(h.Rename(L"\\b.txt"), 0x0A);
  EXPECT_EQ(W(g_post_set_normalized), L"");  // the query returned no name
  EXPECT_TRUE(vol.Exists(L"\\b.txt"));     // the rename itself went through
  EXPECT_BUGCHECK(h.Close(), 0x0A);          // the post-close query at DISPATCH_LEVEL too
}

TEST_F(NamesTest, ReferencesAreCountedAndALeakedOneIsReportedWithItsStack) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(g_filter, "370030");
  g_keep_reference = TRUE;
  fltctx::io::Handle h = vol.Create(L"\\kept.txt", FILE_CREATE);
  ASSERT_NE(g_kept, nullptr);
  FltReferenceFileNameInformation(g_kept);
  FltReleaseFileNameInformation(g_kept);
  std::vector<poolsim::LeakedObject> leaked = poolsim::Ambient().LeakedObjects();
  bool found = false;
  for (const poolsim::LeakedObject& o : leaked) {
    if (o.kind != "name information") continue;
    found = true;
    EXPECT_EQ(o.type_name, "FLT_FILE_NAME_INFORMATION");
    EXPECT_EQ(o.reference_count, 1);
    EXPECT_EQ(o.attached_to, "\\Device\\HarddiskVolume1\\kept.txt");
    ASSERT_EQ(o.references.size(), 1u);
    EXPECT_EQ(o.references[0].operation, "FltGetFileNameInformation");
    EXPECT_NE(o.references[0].stack, poolsim::kNoStack);
    EXPECT_EQ(o.tag, poolsim::PoolTag::FromChars("FMfn"));
  }
  EXPECT_TRUE(found);
  FltReleaseFileNameInformation(g_kept);
  for (const poolsim::LeakedObject& o : poolsim::Ambient().LeakedObjects()) {
    EXPECT_NE(o.kind, "name information");
  }
}

TEST_F(NamesTest, ANameHeldAtUnregisterStaysReportedUntilReleased) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(g_filter, "370030");
  g_keep_reference = TRUE;
  fltctx::io::Handle h = vol.Create(L"\\kept.txt", FILE_CREATE);
  h.Close();
  FltUnregisterFilter(g_filter);
  g_filter = nullptr;
  auto count_names = [] {
    int n = 0;
    for (const poolsim::LeakedObject& o : poolsim::Ambient().LeakedObjects()) {
      n += o.kind == "name information" ? 1 : 0;
    }
    return n;
  };
  EXPECT_EQ(count_names(), 1);
  FltReleaseFileNameInformation(g_kept);  // still valid: names outlive the filter
  EXPECT_EQ(count_names(), 0);
}

void CreateWriteRenameClose(fltctx::FilterManager& fm) {
  fltctx::io::Volume vol(fm);
  vol.Attach(g_filter, "370030");
  fltctx::io::Handle h = vol.Create(L"\\a.txt", FILE_CREATE);
  h.Rename(L"\\b.txt");
  h.Link(L"\\c.txt");
  h.Close();
}

TEST_F(NamesTest, ErrorPathsOfNameQueriesAreClean) {
  // Every name allocation the filter's queries make is failed in turn; the
  // filter handles STATUS_INSUFFICIENT_RESOURCES and nothing leaks.
  EXPECT_ERROR_PATHS_CLEAN(CreateWriteRenameClose(fm_));
}

// A part of a test whose filter keeps the name it took in post-create.
void LeakOneName(fltctx::FilterManager& fm) {
  poolsim::testing::ScopedLeakCheck scope;
  fltctx::io::Volume vol(fm);
  vol.Attach(g_filter, "370030");
  g_keep_reference = TRUE;
  fltctx::io::Handle h = vol.Create(L"\\leaked.txt", FILE_CREATE);
  h.Close();
}

TEST_F(NamesTest, ALeakedReferenceFailsTheScopedLeakCheckWithTheStackThatTookIt) {
  ::testing::TestPartResultArray failures;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
    LeakOneName(fm_);
  }
  ASSERT_EQ(failures.size(), 1);
  const std::string message = failures.GetTestPartResult(0).message();
  EXPECT_NE(message.find("FMfn"), std::string::npos) << message;
  EXPECT_NE(message.find("PostCreate"), std::string::npos) << message;  // the filter's frame
  FltReleaseFileNameInformation(g_kept);
}

TEST_F(NamesTest, ALeakedNameFailsTheScopedLeakCheckAndOutlivesUnregister) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(g_filter, "370030");
  g_keep_reference = TRUE;
  {
    poolsim::testing::ScopedLeakCheck scope;
    fltctx::io::Handle h = vol.Create(L"\\kept.txt", FILE_CREATE);
    h.Close();
    const poolsim::LeakReport report = scope.Check();
    EXPECT_FALSE(report.clean());
    bool name_block = false;
    for (const auto& g : report.groups) {
      if (g.tag == poolsim::PoolTag::FromChars("FMfn")) {
        name_block = true;
        EXPECT_NE(g.stack, poolsim::kNoStack);  // the stack of the query
      }
    }
    EXPECT_TRUE(name_block);
    FltReleaseFileNameInformation(g_kept);
    const poolsim::LeakReport after = scope.Check();
    for (const auto& o : after.objects) EXPECT_NE(o.kind, "name information");
    for (const auto& g : after.groups) EXPECT_NE(g.tag, poolsim::PoolTag::FromChars("FMfn"));
  }
}

}  // namespace
