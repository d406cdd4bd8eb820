// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/io_test.cc
// -----------------------------------------------------------------------------
//
// Simulated I/O through minifilters written against the WDK names: the WDK
// layouts the callbacks read, callback order by altitude, every
// pre-operation result, and the parameters callbacks and the file system see.
// (Shared fixture: io_test_fixture.h.)

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "fltctx/io/io_test_fixture.h"
#include "fltctx/wdk/fltkernel.h"
#include "fltctx/wdk/simulation.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/bugcheck.h"
#include "poolsim/environment.h"
#include "poolsim/irql.h"

namespace fltctx_io_test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// The WDK's x64 layouts.
static_assert(sizeof(FLT_PARAMETERS) == 48, "FLT_PARAMETERS size");
static_assert(offsetof(FLT_PARAMETERS, Create.FileAttributes) == 16, "FileAttributes");
static_assert(offsetof(FLT_PARAMETERS, Create.EaLength) == 24, "EaLength");
static_assert(offsetof(FLT_PARAMETERS, Create.AllocationSize) == 40, "AllocationSize");
static_assert(offsetof(FLT_PARAMETERS, Read.Key) == 8, "Read.Key");
static_assert(offsetof(FLT_PARAMETERS, Read.ByteOffset) == 16, "Read.ByteOffset");
static_assert(offsetof(FLT_PARAMETERS, Write.WriteBuffer) == 24, "Write.WriteBuffer");
static_assert(offsetof(FLT_PARAMETERS, SetFileInformation.FileInformationClass) == 8, "class");
static_assert(offsetof(FLT_PARAMETERS, SetFileInformation.ParentOfTarget) == 16, "parent");
static_assert(offsetof(FLT_PARAMETERS, SetFileInformation.ReplaceIfExists) == 24, "replace");
static_assert(offsetof(FLT_PARAMETERS, SetFileInformation.InfoBuffer) == 32, "InfoBuffer");
static_assert(offsetof(FLT_IO_PARAMETER_BLOCK, MajorFunction) == 4, "MajorFunction");
static_assert(offsetof(FLT_IO_PARAMETER_BLOCK, TargetFileObject) == 8, "TargetFileObject");
static_assert(offsetof(FLT_IO_PARAMETER_BLOCK, Parameters) == 24, "Parameters");
static_assert(sizeof(FLT_IO_PARAMETER_BLOCK) == 72, "FLT_IO_PARAMETER_BLOCK size");
static_assert(offsetof(FLT_CALLBACK_DATA, Iopb) == 16, "Iopb");
static_assert(offsetof(FLT_CALLBACK_DATA, IoStatus) == 24, "IoStatus");
static_assert(offsetof(FLT_CALLBACK_DATA, TagData) == 40, "TagData");
static_assert(offsetof(FLT_CALLBACK_DATA, RequestorMode) == 80, "RequestorMode");
static_assert(sizeof(FLT_CALLBACK_DATA) == 88, "FLT_CALLBACK_DATA size");
static_assert(sizeof(IO_STATUS_BLOCK) == 16, "IO_STATUS_BLOCK size");
static_assert(offsetof(FLT_PARAMETERS, QueryFileInformation.FileInformationClass) == 8, "qclass");
static_assert(offsetof(FLT_PARAMETERS, QueryFileInformation.InfoBuffer) == 16, "qbuffer");
static_assert(sizeof(FILE_BASIC_INFORMATION) == 40, "FILE_BASIC_INFORMATION size");
static_assert(offsetof(FILE_BASIC_INFORMATION, FileAttributes) == 32, "FileAttributes");
static_assert(sizeof(FILE_STANDARD_INFORMATION) == 24, "FILE_STANDARD_INFORMATION size");
static_assert(offsetof(FILE_STANDARD_INFORMATION, NumberOfLinks) == 16, "NumberOfLinks");
static_assert(offsetof(FILE_STANDARD_INFORMATION, DeletePending) == 20, "DeletePending");
static_assert(offsetof(FILE_STANDARD_INFORMATION, Directory) == 21, "Directory");
static_assert(sizeof(FILE_NAME_INFORMATION) == 8, "FILE_NAME_INFORMATION size");
static_assert(offsetof(FILE_NAME_INFORMATION, FileName) == 4, "FileName");
static_assert(FileBasicInformation == 4 && FileStandardInformation == 5 &&
                  FileNameInformation == 9,
              "FILE_INFORMATION_CLASS values");

// --- Dispatch order -----------------------------------------------------------

TEST_F(SimulatedIoTest, PreOperationsRunFromHighestAltitudeDownAndPostOperationsBackUp) {
  fltctx::io::Volume vol(fm_);
  // B attaches first but sits lower.
  ASSERT_NE(vol.Attach(Register<B>(), "320000"), nullptr);
  ASSERT_NE(vol.Attach(Register<A>(), "370030"), nullptr);
  fltctx::io::Handle h = vol.Create(L"\\a.txt");
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  h.Write("data");
  std::string read;
  h.Read(4, &read, 0);
  h.SetEndOfFile(2);
  h.Close();
  std::vector<std::string> expected;
  for (const char* op : {"create", "write", "read", "setinfo", "cleanup", "close"}) {
    expected.push_back(absl::StrFormat("A pre %s", op));
    expected.push_back(absl::StrFormat("B pre %s", op));
    expected.push_back(absl::StrFormat("B post %s", op));
    expected.push_back(absl::StrFormat("A post %s", op));
  }
  EXPECT_EQ(log_.Take(), expected);
  EXPECT_EQ(read, "data");
  EXPECT_EQ(vol.Contents(L"\\a.txt"), "da");
  EXPECT_THAT(BugChecks(), IsEmpty());
}

TEST_F(SimulatedIoTest, FractionalAltitudesCompareNumerically) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<B>(), "99999.5");
  vol.Attach(Register<A>(), "100000");
  vol.Create(L"\\a.txt").Close();
  std::vector<std::string> lines = log_.Take();
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0], "A pre create");
  EXPECT_EQ(lines[1], "B pre create");
}

// --- Pre-operation results ----------------------------------------------------

struct PreResultCase {
  const char* name;
  FLT_PREOP_CALLBACK_STATUS lower_result;  // what B (lower) returns from pre-write
  std::vector<std::string> expected_log;
  NTSTATUS expected_status;
  std::string expected_contents;
};

TEST_F(SimulatedIoTest, EveryPreOperationResult) {
  const PreResultCase cases[] = {
      {"with callback", FLT_PREOP_SUCCESS_WITH_CALLBACK,
       {"A pre write", "B pre write", "B post write", "A post write"}, STATUS_SUCCESS, "data"},
      {"no callback", FLT_PREOP_SUCCESS_NO_CALLBACK,
       {"A pre write", "B pre write", "A post write"}, STATUS_SUCCESS, "data"},
      {"synchronize", FLT_PREOP_SYNCHRONIZE,
       {"A pre write", "B pre write", "B post write", "A post write"}, STATUS_SUCCESS, "data"},
      // Completed by B: the file system never sees the write, B gets no
      // post-operation, A (above) does, with B's status.
      {"complete", FLT_PREOP_COMPLETE, {"A pre write", "B pre write", "A post write"},
       STATUS_ACCESS_DENIED, ""},
  };
  for (const PreResultCase& c : cases) {
    SCOPED_TRACE(c.name);
    fltctx::FilterManager fm(env_);
    fltctx::ScopedFilterManager install(&fm);
    A::Reset(&log_);
    B::Reset(&log_);
    fltctx::io::Volume vol(fm);
    vol.Attach(Register<A>(), "370000");
    vol.Attach(Register<B>(), "360000");
    NTSTATUS a_saw = STATUS_PENDING;
    A::post = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID) { a_saw = d->IoStatus.Status; };
    B::pre = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID*) {
      if (d->Iopb->MajorFunction != IRP_MJ_WRITE) return FLT_PREOP_SUCCESS_WITH_CALLBACK;
      if (c.lower_result == FLT_PREOP_COMPLETE) {
        d->IoStatus.Status = STATUS_ACCESS_DENIED;
        d->IoStatus.Information = 0;
      }
      return c.lower_result;
    };
    fltctx::io::Handle h = vol.Create(L"\\f.txt");
    log_.Take();
    EXPECT_EQ(h.Write("data"), c.expected_status);
    EXPECT_EQ(log_.Take(), c.expected_log);
    EXPECT_EQ(a_saw, c.expected_status);
    EXPECT_EQ(vol.Contents(L"\\f.txt"), c.expected_contents);
    h.Close();
  }
}

TEST_F(SimulatedIoTest, CompletionContextGoesFromPreToPost) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  int marker = 0;
  std::vector<PVOID> seen;
  A::pre = [&](PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID* cc) {
    *cc = &marker;
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
  };
  A::post = [&](PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID cc) { seen.push_back(cc); };
  vol.Create(L"\\a.txt").Close();
  EXPECT_EQ(seen, std::vector<PVOID>(3, &marker));  // create, cleanup, close
}

TEST_F(SimulatedIoTest, DisallowFastIoIsReportedAsUnsupported) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  A::pre = [](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID*) {
    return d->Iopb->MajorFunction == IRP_MJ_WRITE ? FLT_PREOP_DISALLOW_FASTIO
                                                  : FLT_PREOP_SUCCESS_WITH_CALLBACK;
  };
  fltctx::io::Handle h = vol.Create(L"\\a.txt");
  h.Write("x");
  std::vector<poolsim::BugCheck> checks = BugChecks();
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].code, poolsim::bugcheck::kDriverVerifierDetectedViolation);
  EXPECT_EQ(checks[0].parameters[0], 0xF1010u);
  EXPECT_EQ(checks[0].parameters[2], static_cast<uint64_t>(FLT_PREOP_DISALLOW_FASTIO));
}

// --- Parameters ---------------------------------------------------------------

TEST_F(SimulatedIoTest, CallbacksSeeTheParametersOfEachOperation) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  std::vector<std::string> seen;
  A::pre = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS o, PVOID*) {
    const FLT_PARAMETERS& p = d->Iopb->Parameters;
    EXPECT_EQ(d->Iopb->TargetFileObject, o->FileObject);
    EXPECT_EQ(d->Iopb->TargetInstance, o->Instance);
    EXPECT_TRUE(FLT_IS_IRP_OPERATION(d));
    switch (d->Iopb->MajorFunction) {
      case IRP_MJ_CREATE:
        seen.push_back(absl::StrFormat("create disposition %u access %#x", p.Create.Options >> 24,
                                       p.Create.SecurityContext->DesiredAccess));
        break;
      case IRP_MJ_WRITE:
        seen.push_back(absl::StrFormat(
            "write %u at %d: %s", p.Write.Length, p.Write.ByteOffset.QuadPart,
            std::string(static_cast<const char*>(p.Write.WriteBuffer), p.Write.Length)));
        break;
      case IRP_MJ_READ:
        seen.push_back(absl::StrFormat("read %u at %d", p.Read.Length, p.Read.ByteOffset.QuadPart));
        break;
      case IRP_MJ_SET_INFORMATION:
        if (p.SetFileInformation.FileInformationClass == FileRenameInformation) {
          auto* r = static_cast<PFILE_RENAME_INFORMATION>(p.SetFileInformation.InfoBuffer);
          seen.push_back(absl::StrFormat(
              "rename to %d chars, replace %d", r->FileNameLength / sizeof(WCHAR),
              p.SetFileInformation.ReplaceIfExists));
        } else if (p.SetFileInformation.FileInformationClass == FileDispositionInformation) {
          auto* r = static_cast<PFILE_DISPOSITION_INFORMATION>(p.SetFileInformation.InfoBuffer);
          seen.push_back(absl::StrFormat("delete %d", r->DeleteFile));
        }
        break;
      default:
        break;
    }
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
  };
  std::vector<std::string> post_seen;
  A::post = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID) {
    if (d->Iopb->MajorFunction == IRP_MJ_CREATE || d->Iopb->MajorFunction == IRP_MJ_READ ||
        d->Iopb->MajorFunction == IRP_MJ_WRITE) {
      post_seen.push_back(absl::StrFormat("%s %#x %u", MajorName(d->Iopb->MajorFunction),
                                          static_cast<uint32_t>(d->IoStatus.Status),
                                          static_cast<unsigned>(d->IoStatus.Information)));
    }
  };
  fltctx::io::Handle h = vol.Create(L"\\a.txt", FILE_CREATE, 0x120089);
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  EXPECT_EQ(h.information(), static_cast<ULONG_PTR>(FILE_CREATED));
  h.Write("hello");
  h.Write("!!", 1);
  std::string out;
  h.Read(10, &out, 0);
  EXPECT_EQ(out, "h!!lo");
  EXPECT_EQ(h.Rename(L"\\b.txt", true), STATUS_SUCCESS);
  EXPECT_EQ(h.SetDeleteOnClose(), STATUS_SUCCESS);
  h.Close();
  EXPECT_THAT(seen, ElementsAre("create disposition 2 access 0x120089", "write 5 at 0: hello",
                                "write 2 at 1: !!", "read 10 at 0", "rename to 6 chars, replace 1",
                                "delete 1"));
  EXPECT_THAT(post_seen, ElementsAre("create 0 2", "write 0 5", "write 0 2", "read 0 5"));
}

TEST_F(SimulatedIoTest, TheFileSystemSeesParametersAsFiltersChangedThem) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  vol.Attach(Register<B>(), "360000");
  A::pre = [](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID*) {
    if (d->Iopb->MajorFunction == IRP_MJ_WRITE) {
      d->Iopb->Parameters.Write.ByteOffset.QuadPart = 2;
      d->Iopb->Parameters.Write.Length = 1;
      FltSetCallbackDataDirty(d);
    }
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
  };
  bool lower_saw_dirty = false;
  B::pre = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID*) {
    if (d->Iopb->MajorFunction == IRP_MJ_WRITE) {
      lower_saw_dirty = FltIsCallbackDataDirty(d) &&
                        d->Iopb->Parameters.Write.ByteOffset.QuadPart == 2;
    }
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
  };
  fltctx::io::Handle h = vol.Create(L"\\a.txt");
  h.Write("xyz", 0);
  EXPECT_TRUE(lower_saw_dirty);
  EXPECT_EQ(vol.Contents(L"\\a.txt"), std::string("\0\0x", 3));
}

struct CreateCase {
  ULONG disposition;
  bool exists;
  NTSTATUS status;
  ULONG_PTR information;
};

TEST_F(SimulatedIoTest, CreateDispositions) {
  const CreateCase cases[] = {
      {FILE_OPEN, false, STATUS_OBJECT_NAME_NOT_FOUND, FILE_DOES_NOT_EXIST},
      {FILE_OPEN, true, STATUS_SUCCESS, FILE_OPENED},
      {FILE_CREATE, false, STATUS_SUCCESS, FILE_CREATED},
      {FILE_CREATE, true, STATUS_OBJECT_NAME_COLLISION, 0},
      {FILE_OPEN_IF, false, STATUS_SUCCESS, FILE_CREATED},
      {FILE_OPEN_IF, true, STATUS_SUCCESS, FILE_OPENED},
      {FILE_OVERWRITE, false, STATUS_OBJECT_NAME_NOT_FOUND, FILE_DOES_NOT_EXIST},
      {FILE_OVERWRITE, true, STATUS_SUCCESS, FILE_OVERWRITTEN},
      {FILE_OVERWRITE_IF, false, STATUS_SUCCESS, FILE_CREATED},
      {FILE_SUPERSEDE, true, STATUS_SUCCESS, FILE_SUPERSEDED},
  };
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  int i = 0;
  for (const CreateCase& c : cases) {
    SCOPED_TRACE(::testing::Message() << "disposition " << c.disposition << " exists " << c.exists);
    std::wstring name = L"\\f" + std::to_wstring(i++);
    if (c.exists) {
      fltctx::io::Handle first = vol.Create(name, FILE_CREATE);
      first.Write("old");
    }
    fltctx::io::Handle h = vol.Create(name, c.disposition);
    EXPECT_EQ(h.status(), c.status);
    EXPECT_EQ(h.information(), c.information);
    EXPECT_EQ(h.is_open(), NT_SUCCESS(c.status));
    if (c.exists) {
      const bool truncated = NT_SUCCESS(c.status) && c.disposition != FILE_OPEN &&
                             c.disposition != FILE_OPEN_IF;
      EXPECT_EQ(vol.Contents(name), truncated ? "" : "old");
    }
  }
  EXPECT_THAT(BugChecks(), IsEmpty());
}

TEST_F(SimulatedIoTest, RenameAndDeleteChangeTheNamespace) {
  fltctx::io::Volume vol(fm_);
  fltctx::io::Handle h = vol.Create(L"\\old.txt");
  h.Write("x");
  EXPECT_EQ(h.Rename(L"\\New.txt"), STATUS_SUCCESS);
  EXPECT_FALSE(vol.Exists(L"\\old.txt"));
  EXPECT_TRUE(vol.Exists(L"\\new.txt")) << "names are case-insensitive";
  fltctx::io::Handle other = vol.Create(L"\\other.txt");
  EXPECT_EQ(h.Rename(L"\\other.txt"), STATUS_OBJECT_NAME_COLLISION);
  EXPECT_EQ(h.Rename(L"\\other.txt", true), STATUS_ACCESS_DENIED) << "the target is open";
  other.Close();
  EXPECT_EQ(h.Rename(L"\\other.txt", true), STATUS_SUCCESS);
  EXPECT_EQ(vol.Contents(L"\\other.txt"), "x");

  EXPECT_EQ(h.SetDeleteOnClose(), STATUS_SUCCESS);
  EXPECT_TRUE(vol.Exists(L"\\other.txt")) << "deleted at the last cleanup";
  EXPECT_EQ(vol.Create(L"\\other.txt", FILE_OPEN).status(), STATUS_DELETE_PENDING);
  h.Close();
  EXPECT_FALSE(vol.Exists(L"\\other.txt"));
}

}  // namespace
}  // namespace fltctx_io_test
