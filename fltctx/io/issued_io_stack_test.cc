// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/issued_io_stack_test.cc
// -----------------------------------------------------------------------------
//
// The I/O a filter issues itself, as the stack changes: from the filter's
// own callbacks (post-create, post-write at DISPATCH_LEVEL), at equal
// altitudes, after the issuing instance is torn down, renames and deletes
// through FltSetInformationFile, and under the error-path sweep.

#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "fltctx/io/testdata/issued_filter.h"
#include "fltctx/wdk/simulation.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/fault_sweep.h"
#include "poolsim/testing/leak_check.h"

namespace {

// The three test filters, registered with the ambient filter manager.
struct Filters {
  Filters() {
    IssuedFilterReset();
    for (int i = 0; i < ISSUED_FILTERS; ++i) {
      ok = ok && NT_SUCCESS(IssuedFilterEntry(i, &f[i]));
    }
  }
  ~Filters() {
    for (PFLT_FILTER filter : f) {
      if (filter != nullptr) FltUnregisterFilter(filter);
    }
  }
  PFLT_FILTER f[ISSUED_FILTERS] = {};
  bool ok = true;
};

LONG TotalPre(int which) {
  LONG n = 0;
  for (LONG v : IssuedSeen[which].Pre) n += v;
  return n;
}

class IssuedStackTest : public ::testing::Test {
 protected:
  // Attaches upper / middle / lower at these altitudes to `volume`.
  void Attach(fltctx::io::Volume& volume, const char* upper = "300000",
              const char* middle = "200000", const char* lower = "100000") {
    ASSERT_TRUE(filters_.ok);
    upper_ = volume.Attach(filters_.f[0], upper);
    middle_ = volume.Attach(filters_.f[1], middle);
    lower_ = volume.Attach(filters_.f[2], lower);
    ASSERT_NE(upper_, nullptr);
    ASSERT_NE(middle_, nullptr);
    ASSERT_NE(lower_, nullptr);
  }

  // FltCreateFile of `name` (volume-relative) from `instance` of the middle filter.
  NTSTATUS Open(PFLT_INSTANCE instance, const std::wstring& name, HANDLE* handle,
                PFILE_OBJECT* fo) {
    full_ = L"\\Device\\HarddiskVolume1" + name;
    UNICODE_STRING us;
    RtlInitUnicodeString(&us, full_.c_str());
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &us, OBJ_KERNEL_HANDLE, nullptr, nullptr);
    IO_STATUS_BLOCK iosb;
    return FltCreateFileEx(filters_.f[1], instance, handle, fo, FILE_GENERIC_READ, &oa, &iosb,
                           nullptr, 0, 0, FILE_OPEN_IF, FILE_SYNCHRONOUS_IO_NONALERT, nullptr, 0,
                           0);
  }

  poolsim::Environment env_;
  poolsim::ScopedEnvironment install_env_{&env_};
  fltctx::FilterManager fm_{env_};
  fltctx::ScopedFilterManager install_fm_{&fm_};
  Filters filters_;
  PFLT_INSTANCE upper_ = nullptr;
  PFLT_INSTANCE middle_ = nullptr;
  PFLT_INSTANCE lower_ = nullptr;
  std::wstring full_;
};

TEST_F(IssuedStackTest, AQueryFromPostCreateReachesOnlyTheInstancesBelow) {
  fltctx::io::Volume volume(fm_);
  Attach(volume);
  IssuedQueryInPostCreate = TRUE;
  fltctx::io::Handle h = volume.Create(L"\\post-create.txt");
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  EXPECT_EQ(IssuedPostCreateQuery, STATUS_SUCCESS);
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_QUERY_INFORMATION], 1);
  EXPECT_EQ(IssuedSeen[2].Generated, 1);
  EXPECT_EQ(IssuedSeen[1].Pre[IRP_MJ_QUERY_INFORMATION], 0);
  EXPECT_EQ(IssuedSeen[0].Pre[IRP_MJ_QUERY_INFORMATION], 0);
  // The test's own create reached all three.
  for (int i = 0; i < ISSUED_FILTERS; ++i) EXPECT_EQ(IssuedSeen[i].Pre[IRP_MJ_CREATE], 1);
}

TEST_F(IssuedStackTest, AQueryFromAPostWriteAtDispatchLevelIsTheIrqlBugCheck) {
  fltctx::io::VolumeSetup setup;
  setup.post_operation_at_dispatch = true;
  fltctx::io::Volume volume(fm_, setup);
  Attach(volume);
  IssuedQueryInPostWrite = TRUE;
  fltctx::io::Handle h = volume.Create(L"\\dpc.txt");
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  EXPECT_BUGCHECK(h.Write("x"), 0x0A);
  EXPECT_EQ(IssuedPostWriteQuery, STATUS_INVALID_PARAMETER);
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_QUERY_INFORMATION], 0) << "nothing was sent";
  // At PASSIVE_LEVEL the same query is fine.
  setup.post_operation_at_dispatch = false;
}

TEST_F(IssuedStackTest, AtEqualAltitudesTheInstanceAttachedLaterIsBelow) {
  fltctx::io::Volume volume(fm_);
  Attach(volume, "200000", "200000", "200000");
  // Attach order: upper, middle, lower; issued from middle reaches lower only.
  ISSUED_RESULT r;
  IssuedRoundTrip(filters_.f[1], middle_, L"\\Device\\HarddiskVolume1\\same.txt", &r);
  EXPECT_EQ(r.Close, STATUS_SUCCESS);
  EXPECT_EQ(TotalPre(0), 0);
  EXPECT_EQ(TotalPre(1), 0);
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_WRITE], 1);
}

TEST_F(IssuedStackTest, AfterItsInstanceIsTornDownIssuedIoFailsAndHandlesStillClose) {
  fltctx::io::Volume volume(fm_);
  Attach(volume);
  HANDLE h = nullptr;
  PFILE_OBJECT fo = nullptr;
  ASSERT_EQ(Open(middle_, L"\\torn.txt", &h, &fo), STATUS_SUCCESS);
  fltctx::wdk::DetachInstance(middle_);
  char buffer[4];
  ULONG n = 0;
  LARGE_INTEGER at = {};
  EXPECT_EQ(FltReadFile(middle_, fo, &at, sizeof(buffer), buffer, 0, &n, nullptr, nullptr),
            STATUS_FLT_DELETING_OBJECT);
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_READ], 0);
  // The close still reaches the file system (from the top of the stack).
  ObDereferenceObject(fo);
  EXPECT_EQ(FltClose(h), STATUS_SUCCESS);
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_CLEANUP], 1);
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_CLOSE], 1);
  EXPECT_EQ(IssuedSeen[0].Pre[IRP_MJ_CLOSE], 1) << "sent from the top";
  EXPECT_FALSE(fltctx::FilterManager::IsOpen(fltctx::wdk::ToCore(fo)));
}

TEST_F(IssuedStackTest, RenameAndDeleteThroughSetInformation) {
  fltctx::io::Volume volume(fm_);
  Attach(volume);
  HANDLE h = nullptr;
  PFILE_OBJECT fo = nullptr;
  ASSERT_EQ(Open(middle_, L"\\old.txt", &h, &fo), STATUS_SUCCESS);
  const std::wstring target = L"\\new.txt";
  std::vector<unsigned char> storage(
      offsetof(FILE_RENAME_INFORMATION, FileName) + (target.size() + 1) * sizeof(WCHAR), 0);
  auto* rename = reinterpret_cast<PFILE_RENAME_INFORMATION>(storage.data());
  rename->ReplaceIfExists = FALSE;
  rename->FileNameLength = static_cast<ULONG>(target.size() * sizeof(WCHAR));
  std::memcpy(rename->FileName, target.data(), target.size() * sizeof(WCHAR));
  EXPECT_EQ(FltSetInformationFile(middle_, fo, rename, static_cast<ULONG>(storage.size()),
                                  FileRenameInformation),
            STATUS_SUCCESS);
  EXPECT_TRUE(volume.Exists(L"\\new.txt"));
  EXPECT_FALSE(volume.Exists(L"\\old.txt"));
  FILE_DISPOSITION_INFORMATION disposition = {};
  disposition.DeleteFile = TRUE;
  EXPECT_EQ(FltSetInformationFile(middle_, fo, &disposition, sizeof(disposition),
                                  FileDispositionInformation),
            STATUS_SUCCESS);
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_SET_INFORMATION], 2);
  EXPECT_EQ(IssuedSeen[0].Pre[IRP_MJ_SET_INFORMATION], 0);
  ObDereferenceObject(fo);
  EXPECT_EQ(FltClose(h), STATUS_SUCCESS);
  EXPECT_FALSE(volume.Exists(L"\\new.txt")) << "deleted at the last cleanup";
}

// A filter that pends every write and completes it from another thread.
struct Pender {
  static inline std::thread* completer = nullptr;
  static FLT_PREOP_CALLBACK_STATUS FLTAPI Pre(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS,
                                              PVOID* context) {
    *context = nullptr;
    completer = new std::thread([data] {
      FltCompletePendedPreOperation(data, FLT_PREOP_SUCCESS_NO_CALLBACK, nullptr);
    });
    return FLT_PREOP_PENDING;
  }
};

TEST_F(IssuedStackTest, AnIssuedRequestPendedBelowWaitsForItsCompletion) {
  static const FLT_OPERATION_REGISTRATION ops[] = {{IRP_MJ_WRITE, 0, &Pender::Pre, nullptr, nullptr},
                                                   {IRP_MJ_OPERATION_END}};
  FLT_REGISTRATION reg = {};
  reg.Size = sizeof(reg);
  reg.Version = FLT_REGISTRATION_VERSION;
  reg.OperationRegistration = ops;
  PFLT_FILTER pender = nullptr;
  ASSERT_EQ(FltRegisterFilter(nullptr, &reg, &pender), STATUS_SUCCESS);
  ASSERT_EQ(FltStartFiltering(pender), STATUS_SUCCESS);
  fltctx::io::Volume volume(fm_);
  Attach(volume);
  ASSERT_NE(volume.Attach(pender, "50000"), nullptr);
  HANDLE h = nullptr;
  PFILE_OBJECT fo = nullptr;
  ASSERT_EQ(Open(middle_, L"\\pended.txt", &h, &fo), STATUS_SUCCESS);
  char data[] = "late";
  ULONG n = 0;
  LARGE_INTEGER at = {};
  EXPECT_EQ(FltWriteFile(middle_, fo, &at, 4, data, 0, &n, nullptr, nullptr), STATUS_SUCCESS);
  EXPECT_EQ(n, 4u);
  ASSERT_NE(Pender::completer, nullptr);
  Pender::completer->join();
  delete Pender::completer;
  Pender::completer = nullptr;
  EXPECT_EQ(volume.Contents(L"\\pended.txt"), "late");
  EXPECT_EQ(IssuedSeen[2].Post[IRP_MJ_WRITE], 1);
  ObDereferenceObject(fo);
  EXPECT_EQ(FltClose(h), STATUS_SUCCESS);
  FltUnregisterFilter(pender);
}

// The round trip of the C filter on a fresh filter manager: nothing may be
// left behind, whichever of its allocations fails.
void SweepBody() {
  fltctx::FilterManager fm(poolsim::Ambient());
  fltctx::ScopedFilterManager install(&fm);
  Filters filters;
  if (!filters.ok) return;
  fltctx::io::Volume volume(fm);
  PFLT_INSTANCE middle = nullptr;
  for (int i = 0; i < ISSUED_FILTERS; ++i) {
    PFLT_INSTANCE instance = volume.Attach(filters.f[i], i == 0 ? "300" : i == 1 ? "200" : "100");
    if (i == 1) middle = instance;
  }
  if (middle == nullptr) return;
  ISSUED_RESULT r;
  IssuedRoundTrip(filters.f[1], middle, L"\\Device\\HarddiskVolume1\\sweep.txt", &r);
}

TEST(IssuedSweepTest, TheRoundTripIsCleanOnEveryErrorPath) {
  const poolsim::SweepResult r = poolsim::SweepFaults(SweepBody);
  EXPECT_GE(r.injection_points, 8u);  // the handle, and callback data for each request
  EXPECT_TRUE(r.clean()) << r.failures.size() << " dirty runs; first after failing "
                         << (r.failures.empty() ? "" : r.failures[0].fault.api);
}

// A scanner: registers for data scanning, with a section context.
struct Scanner {
  static VOID FLTAPI Cleanup(PFLT_CONTEXT, FLT_CONTEXT_TYPE) {}
  // Registered and filtering, or NULL.
  static PFLT_FILTER Register() {
    static const FLT_CONTEXT_REGISTRATION contexts[] = {
        {FLT_SECTION_CONTEXT, 0, &Cleanup, 16, 'nacS', nullptr, nullptr, nullptr},
        {FLT_CONTEXT_END}};
    FLT_REGISTRATION reg = {};
    reg.Size = sizeof(reg);
    reg.Version = FLT_REGISTRATION_VERSION;
    reg.ContextRegistration = contexts;
    PFLT_FILTER filter = nullptr;
    if (FltRegisterFilter(nullptr, &reg, &filter) != STATUS_SUCCESS) return nullptr;
    if (FltStartFiltering(filter) != STATUS_SUCCESS) {
      FltUnregisterFilter(filter);
      return nullptr;
    }
    return filter;
  }
};

TEST_F(IssuedStackTest, AMappedViewOfADataScanSectionHoldsTheStreamsData) {
  PFLT_FILTER scanner = Scanner::Register();
  ASSERT_NE(scanner, nullptr);
  fltctx::io::Volume volume(fm_);
  Attach(volume);
  PFLT_INSTANCE instance = volume.Attach(scanner, "250000");
  ASSERT_NE(instance, nullptr);
  fltctx::io::Handle file = volume.Create(L"\\scan.bin");
  ASSERT_EQ(file.Write("scan me"), STATUS_SUCCESS);
  ASSERT_EQ(FltRegisterForDataScan(instance), STATUS_SUCCESS);
  PFLT_CONTEXT section_context = nullptr;
  ASSERT_EQ(FltAllocateContext(scanner, FLT_SECTION_CONTEXT, 16, PagedPool, &section_context),
            STATUS_SUCCESS);
  HANDLE section = nullptr;
  PVOID section_object = nullptr;
  ASSERT_EQ(FltCreateSectionForDataScan(instance, file.file_object(), section_context,
                                        SECTION_MAP_READ, nullptr, nullptr, PAGE_READONLY,
                                        SEC_COMMIT, 0, &section, &section_object, nullptr),
            STATUS_SUCCESS);
  IssuedFilterReset();
  PVOID base = nullptr;
  SIZE_T size = 0;
  ASSERT_EQ(ZwMapViewOfSection(section, ZwCurrentProcess(), &base, 0, 0, nullptr, &size,
                               ViewUnmap, 0, PAGE_READONLY),
            STATUS_SUCCESS);
  EXPECT_EQ(size, 7u);
  EXPECT_EQ(std::string(static_cast<const char*>(base), 7), "scan me");
  EXPECT_EQ(static_cast<const char*>(base)[7], 0) << "zero-filled to the page";
  // Paging reads come from the top of the stack.
  EXPECT_EQ(IssuedSeen[0].Pre[IRP_MJ_READ], 1);
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_READ], 1);
  PVOID again = reinterpret_cast<PVOID>(0x1000);
  EXPECT_EQ(ZwMapViewOfSection(section, ZwCurrentProcess(), &again, 0, 0, nullptr, &size,
                               ViewUnmap, 0, PAGE_READONLY),
            STATUS_CONFLICTING_ADDRESSES);
  LARGE_INTEGER offset;
  offset.QuadPart = 3;
  PVOID other = nullptr;
  EXPECT_EQ(ZwMapViewOfSection(section, ZwCurrentProcess(), &other, 0, 0, &offset, &size,
                               ViewUnmap, 0, PAGE_READONLY),
            STATUS_MAPPED_ALIGNMENT);
  size = 100;
  EXPECT_EQ(ZwMapViewOfSection(section, ZwCurrentProcess(), &other, 0, 0, nullptr, &size,
                               ViewUnmap, 0, PAGE_READONLY),
            STATUS_INVALID_VIEW_SIZE);
  EXPECT_EQ(ZwMapViewOfSection(section, ZwCurrentProcess(), &other, 0, 0, nullptr, &size,
                               ViewUnmap, 0, 0x1234),
            STATUS_INVALID_PAGE_PROTECTION);
  EXPECT_EQ(ZwMapViewOfSection(reinterpret_cast<HANDLE>(0x77), ZwCurrentProcess(), &other, 0, 0,
                               nullptr, &size, ViewUnmap, 0, PAGE_READONLY),
            STATUS_INVALID_HANDLE);
  // A view never unmapped is a leaked block, with the stack that mapped it.
  bool leaked = false;
  for (const poolsim::BlockInfo& b : env_.LiveBlocks()) {
    if (b.address == reinterpret_cast<uintptr_t>(base)) leaked = b.stack != poolsim::kNoStack;
  }
  EXPECT_TRUE(leaked);
  EXPECT_EQ(ZwUnmapViewOfSection(ZwCurrentProcess(), base), STATUS_SUCCESS);
  EXPECT_EQ(ZwUnmapViewOfSection(ZwCurrentProcess(), base), STATUS_NOT_MAPPED_VIEW);
  EXPECT_EQ(FltCloseSectionForDataScan(section_context), STATUS_SUCCESS);
  EXPECT_EQ(ZwMapViewOfSection(section, ZwCurrentProcess(), &other, 0, 0, nullptr, &size,
                               ViewUnmap, 0, PAGE_READONLY),
            STATUS_INVALID_HANDLE)
      << "the section is closed";
  FltReleaseContext(section_context);
  file.Close();
  FltUnregisterFilter(scanner);
}

TEST_F(IssuedStackTest, ADataScanSectionReportsTheFileSizeAndAnEmptyFileHasNone) {
  PFLT_FILTER scanner = Scanner::Register();
  ASSERT_NE(scanner, nullptr);
  fltctx::io::Volume volume(fm_);
  PFLT_INSTANCE instance = volume.Attach(scanner, "250000");
  ASSERT_NE(instance, nullptr);
  ASSERT_EQ(FltRegisterForDataScan(instance), STATUS_SUCCESS);
  fltctx::io::Handle file = volume.Create(L"\\sized.bin");
  PFLT_CONTEXT section_context = nullptr;
  ASSERT_EQ(FltAllocateContext(scanner, FLT_SECTION_CONTEXT, 16, PagedPool, &section_context),
            STATUS_SUCCESS);
  HANDLE section = nullptr;
  PVOID section_object = nullptr;
  LARGE_INTEGER file_size;
  file_size.QuadPart = -1;
  // Just created: nothing to map.
  EXPECT_EQ(FltCreateSectionForDataScan(instance, file.file_object(), section_context,
                                        SECTION_MAP_READ, nullptr, nullptr, PAGE_READONLY,
                                        SEC_COMMIT, 0, &section, &section_object, &file_size),
            STATUS_END_OF_FILE);
  // Written since: the size the file system reports now.
  ASSERT_EQ(file.Write(std::string(5000, 'x')), STATUS_SUCCESS);
  ASSERT_EQ(FltCreateSectionForDataScan(instance, file.file_object(), section_context,
                                        SECTION_MAP_READ, nullptr, nullptr, PAGE_READONLY,
                                        SEC_COMMIT, 0, &section, &section_object, &file_size),
            STATUS_SUCCESS);
  EXPECT_EQ(file_size.QuadPart, 5000);
  EXPECT_EQ(FltCloseSectionForDataScan(section_context), STATUS_SUCCESS);
  FltReleaseContext(section_context);
  file.Close();
  FltUnregisterFilter(scanner);
}

}  // namespace
