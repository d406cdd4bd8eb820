// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/io_file_system_test.cc
// -----------------------------------------------------------------------------
//
// The simulated file system as filters see it: query information, named
// streams, and the volume kinds (NTFS, FAT, network, paging files).

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

// --- Query information -----------------------------------------------------------

TEST_F(SimulatedIoTest, QueryInformationGoesThroughTheFiltersCallbacks) {
  fltctx::io::Volume vol(fm_);
  vol.Attach(Register<A>(), "370000");
  std::vector<std::string> seen;
  A::pre = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID*) {
    if (d->Iopb->MajorFunction == IRP_MJ_QUERY_INFORMATION) {
      const auto& q = d->Iopb->Parameters.QueryFileInformation;
      seen.push_back(absl::StrFormat("pre class %d length %u", q.FileInformationClass, q.Length));
    }
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
  };
  A::post = [&](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS, PVOID) {
    if (d->Iopb->MajorFunction == IRP_MJ_QUERY_INFORMATION) {
      const auto& q = d->Iopb->Parameters.QueryFileInformation;
      std::string extra;
      if (q.FileInformationClass == FileStandardInformation && NT_SUCCESS(d->IoStatus.Status)) {
        extra = absl::StrFormat(" eof %d", static_cast<PFILE_STANDARD_INFORMATION>(q.InfoBuffer)
                                               ->EndOfFile.QuadPart);
      }
      seen.push_back(absl::StrFormat("post %#x %u%s", static_cast<uint32_t>(d->IoStatus.Status),
                                     static_cast<unsigned>(d->IoStatus.Information), extra));
    }
  };
  fltctx::io::Handle h = vol.Create(L"\\a.txt");
  ASSERT_EQ(h.Write("hello"), STATUS_SUCCESS);
  FILE_STANDARD_INFORMATION standard = {};
  ASSERT_EQ(h.QueryStandard(&standard), STATUS_SUCCESS);
  EXPECT_EQ(standard.EndOfFile.QuadPart, 5);
  EXPECT_EQ(standard.AllocationSize.QuadPart, 4096);
  EXPECT_EQ(standard.NumberOfLinks, 1u);
  EXPECT_FALSE(standard.DeletePending);
  EXPECT_FALSE(standard.Directory);
  FILE_BASIC_INFORMATION basic = {};
  ASSERT_EQ(h.QueryBasic(&basic), STATUS_SUCCESS);
  EXPECT_EQ(basic.FileAttributes, static_cast<ULONG>(FILE_ATTRIBUTE_ARCHIVE));
  EXPECT_GT(basic.CreationTime.QuadPart, 0);
  EXPECT_GT(basic.LastWriteTime.QuadPart, basic.CreationTime.QuadPart) << "written after creation";
  EXPECT_EQ(h.QueryInformation(FileEndOfFileInformation, &standard, sizeof(standard)),
            STATUS_INVALID_INFO_CLASS);
  EXPECT_THAT(seen, ElementsAre("pre class 5 length 24", "post 0 24 eof 5",
                                "pre class 4 length 40", "post 0 40",
                                "pre class 20 length 24", "post 0xc0000003 0"));
}

// --- Volume capacity ----------------------------------------------------------

// A write or an end of file beyond the volume's size is STATUS_DISK_FULL and
// changes nothing; what the streams hold together counts, and freeing space
// lets a later write through.
TEST_F(SimulatedIoTest, WritesAndEndOfFileBeyondTheVolumeAreDiskFull) {
  fltctx::io::VolumeSetup setup;
  setup.capacity = 4096;
  fltctx::io::Volume vol(fm_, setup);
  fltctx::io::Handle a = vol.Create(L"\\a.txt");
  fltctx::io::Handle b = vol.Create(L"\\b.txt");
  ASSERT_EQ(a.Write(std::string(3000, 'a'), 0), STATUS_SUCCESS);
  EXPECT_EQ(b.Write(std::string(2000, 'b'), 0), STATUS_DISK_FULL);
  EXPECT_EQ(vol.Contents(L"\\b.txt"), "");
  EXPECT_EQ(b.SetEndOfFile(1097), STATUS_DISK_FULL);
  ASSERT_EQ(b.SetEndOfFile(1096), STATUS_SUCCESS);  // exactly full
  // Far offsets and huge sizes fail the same way, without touching the host.
  EXPECT_EQ(a.Write("x", (LONGLONG{1} << 62)), STATUS_DISK_FULL);
  EXPECT_EQ(a.SetEndOfFile(0x7FFFFFFFFFFFFFFF), STATUS_DISK_FULL);
  // Shrinking frees space.
  ASSERT_EQ(a.SetEndOfFile(0), STATUS_SUCCESS);
  EXPECT_EQ(b.Write(std::string(2000, 'b'), 0), STATUS_SUCCESS);
  // A read cannot ask for more than the volume holds.
  std::string out;
  EXPECT_EQ(b.Read(0xFFFFFFFF, &out, 0), STATUS_SUCCESS);
  EXPECT_EQ(out.size(), 2000u);
}

TEST_F(SimulatedIoTest, QueryStandardFollowsEndOfFileAndDeletion) {
  fltctx::io::Volume vol(fm_);
  fltctx::io::Handle h = vol.Create(L"\\a.txt");
  FILE_STANDARD_INFORMATION info = {};
  ASSERT_EQ(h.QueryStandard(&info), STATUS_SUCCESS);
  EXPECT_EQ(info.EndOfFile.QuadPart, 0);
  EXPECT_EQ(info.AllocationSize.QuadPart, 0);
  ASSERT_EQ(h.SetEndOfFile(5000), STATUS_SUCCESS);
  ASSERT_EQ(h.QueryStandard(&info), STATUS_SUCCESS);
  EXPECT_EQ(info.EndOfFile.QuadPart, 5000);
  EXPECT_EQ(info.AllocationSize.QuadPart, 8192);
  ASSERT_EQ(h.SetDeleteOnClose(), STATUS_SUCCESS);
  ASSERT_EQ(h.QueryStandard(&info), STATUS_SUCCESS);
  EXPECT_TRUE(info.DeletePending);
  EXPECT_EQ(info.NumberOfLinks, 0u);
  // Too small for the fixed part.
  ULONG_PTR written = 7;
  EXPECT_EQ(h.QueryInformation(FileStandardInformation, &info, sizeof(info) - 1, &written),
            STATUS_INFO_LENGTH_MISMATCH);
  EXPECT_EQ(written, 0u);
  h.Close();
  EXPECT_EQ(h.QueryStandard(&info), STATUS_INVALID_HANDLE);
}

TEST_F(SimulatedIoTest, QueryNameFollowsRenamesAndReportsOverflow) {
  fltctx::io::Volume vol(fm_);
  fltctx::io::Handle h = vol.Create(L"\\a.txt");
  std::wstring name;
  ASSERT_EQ(h.QueryName(&name), STATUS_SUCCESS);
  EXPECT_EQ(name, L"\\a.txt");
  ASSERT_EQ(h.Rename(L"\\Longer.txt"), STATUS_SUCCESS);
  ASSERT_EQ(h.QueryName(&name), STATUS_SUCCESS);
  EXPECT_EQ(name, L"\\Longer.txt");
  // Room for the fixed part and 3 characters: truncated, full length given.
  struct {
    FILE_NAME_INFORMATION info;
    WCHAR more[2];
  } small = {};
  ULONG_PTR written = 0;
  const ULONG room = offsetof(FILE_NAME_INFORMATION, FileName) + 3 * sizeof(WCHAR);
  EXPECT_EQ(h.QueryInformation(FileNameInformation, &small, room, &written),
            STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(small.info.FileNameLength, 11 * sizeof(WCHAR));
  EXPECT_EQ(written, room);
  EXPECT_EQ(std::wstring(small.info.FileName, 3), L"\\Lo");
  EXPECT_EQ(h.QueryInformation(FileNameInformation, &small, 7, &written),
            STATUS_INFO_LENGTH_MISMATCH);
}

// --- Named streams ------------------------------------------------------------------

// Returns the context of `type` on `fo` through `instance` (released), or
// null.
PFLT_CONTEXT ContextOn(PFLT_INSTANCE instance, PFILE_OBJECT fo, FLT_CONTEXT_TYPE type) {
  PFLT_CONTEXT c = nullptr;
  NTSTATUS st = type == FLT_STREAM_CONTEXT ? FltGetStreamContext(instance, fo, &c)
                : type == FLT_FILE_CONTEXT ? FltGetFileContext(instance, fo, &c)
                                           : FltGetStreamHandleContext(instance, fo, &c);
  if (!NT_SUCCESS(st)) return nullptr;
  FltReleaseContext(c);
  return c;
}

TEST_F(SimulatedIoTest, NamedStreamsHaveTheirOwnStreamContextsAndShareTheFileContext) {
  fltctx::io::Volume vol(fm_);
  PFLT_INSTANCE instance = vol.Attach(Register<A>(), "370000");
  A::post = [](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS o, PVOID) {
    if (d->Iopb->MajorFunction == IRP_MJ_CREATE && NT_SUCCESS(d->IoStatus.Status)) {
      AttachContext(o, FLT_STREAM_CONTEXT);
      AttachContext(o, FLT_STREAMHANDLE_CONTEXT);
      AttachContext(o, FLT_FILE_CONTEXT);
    }
  };
  fltctx::io::Handle main = vol.Create(L"\\a.txt");
  ASSERT_EQ(main.Write("main"), STATUS_SUCCESS);
  fltctx::io::Handle ads = vol.Create(L"\\a.txt:ads");
  ASSERT_EQ(ads.status(), STATUS_SUCCESS);
  EXPECT_EQ(ads.information(), static_cast<ULONG_PTR>(FILE_CREATED));
  ASSERT_EQ(ads.Write("side"), STATUS_SUCCESS);
  fltctx::io::Handle ads2 = vol.Create(L"\\A.TXT:ADS:$DATA", FILE_OPEN);
  ASSERT_EQ(ads2.status(), STATUS_SUCCESS);

  // One stream context per stream, one file context for the file.
  PFLT_CONTEXT main_stream = ContextOn(instance, main.file_object(), FLT_STREAM_CONTEXT);
  PFLT_CONTEXT ads_stream = ContextOn(instance, ads.file_object(), FLT_STREAM_CONTEXT);
  ASSERT_NE(main_stream, nullptr);
  ASSERT_NE(ads_stream, nullptr);
  EXPECT_NE(main_stream, ads_stream);
  EXPECT_EQ(ContextOn(instance, ads2.file_object(), FLT_STREAM_CONTEXT), ads_stream);
  PFLT_CONTEXT file = ContextOn(instance, main.file_object(), FLT_FILE_CONTEXT);
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(ContextOn(instance, ads.file_object(), FLT_FILE_CONTEXT), file);

  EXPECT_EQ(vol.Contents(L"\\a.txt"), "main");
  EXPECT_EQ(vol.Contents(L"\\a.txt:ads"), "side");
  EXPECT_EQ(vol.Contents(L"\\a.txt::$DATA"), "main");
  std::wstring name;
  ASSERT_EQ(ads.QueryName(&name), STATUS_SUCCESS);
  EXPECT_EQ(name, L"\\a.txt:ads");
  FILE_STANDARD_INFORMATION info = {};
  ASSERT_EQ(ads.QueryStandard(&info), STATUS_SUCCESS);
  EXPECT_EQ(info.EndOfFile.QuadPart, 4);

  // The unnamed stream goes first: its stream context goes, the file's stays.
  log_.Take();
  main.Close();
  EXPECT_THAT(log_.Take(), ElementsAre("A pre cleanup", "A post cleanup", "A pre close",
                                       "A cleanup handle", "A cleanup stream", "A post close"));
  EXPECT_EQ(ContextOn(instance, ads.file_object(), FLT_FILE_CONTEXT), file);
  ads2.Close();
  EXPECT_THAT(log_.Take(), ElementsAre("A pre cleanup", "A post cleanup", "A pre close",
                                       "A cleanup handle", "A post close"));
  // The file's last stream goes: the file context with it.
  ads.Close();
  EXPECT_THAT(log_.Take(),
              ElementsAre("A pre cleanup", "A post cleanup", "A pre close", "A cleanup handle",
                          "A cleanup stream", "A cleanup file", "A post close"));
  EXPECT_EQ(fm_.LiveContextCount(), 0u);

  // Opened again, in the other order, the streams share a new file context.
  fltctx::io::Handle again_ads = vol.Create(L"\\a.txt:ads", FILE_OPEN);
  fltctx::io::Handle again_main = vol.Create(L"\\a.txt", FILE_OPEN);
  PFLT_CONTEXT new_file = ContextOn(instance, again_ads.file_object(), FLT_FILE_CONTEXT);
  ASSERT_NE(new_file, nullptr);
  EXPECT_EQ(ContextOn(instance, again_main.file_object(), FLT_FILE_CONTEXT), new_file);
}

TEST_F(SimulatedIoTest, NamedStreamsInTheNamespace) {
  fltctx::io::Volume vol(fm_);
  // A named stream of a missing file: FILE_OPEN fails, OPEN_IF makes both.
  EXPECT_EQ(vol.Create(L"\\b.txt:s", FILE_OPEN).status(), STATUS_OBJECT_NAME_NOT_FOUND);
  fltctx::io::Handle s = vol.Create(L"\\b.txt:s");
  ASSERT_EQ(s.status(), STATUS_SUCCESS);
  EXPECT_TRUE(vol.Exists(L"\\b.txt"));
  EXPECT_TRUE(vol.Exists(L"\\b.txt:s"));
  EXPECT_EQ(vol.Create(L"\\b.txt:s", FILE_CREATE).status(), STATUS_OBJECT_NAME_COLLISION);
  EXPECT_EQ(vol.Create(L"\\b.txt:other", FILE_OPEN).status(), STATUS_OBJECT_NAME_NOT_FOUND);
  EXPECT_EQ(vol.Create(L"\\b.txt:s:$BAD").status(), STATUS_OBJECT_NAME_INVALID);
  EXPECT_EQ(s.Rename(L"\\c.txt"), STATUS_INVALID_PARAMETER) << "stream renames not simulated";

  // Deleting a named stream removes only it.
  ASSERT_EQ(s.SetDeleteOnClose(), STATUS_SUCCESS);
  FILE_STANDARD_INFORMATION info = {};
  ASSERT_EQ(s.QueryStandard(&info), STATUS_SUCCESS);
  EXPECT_TRUE(info.DeletePending);
  EXPECT_EQ(vol.Create(L"\\b.txt:s").status(), STATUS_DELETE_PENDING);
  s.Close();
  EXPECT_FALSE(vol.Exists(L"\\b.txt:s"));
  EXPECT_TRUE(vol.Exists(L"\\b.txt"));

  // Deleting the file (through its unnamed stream) takes its named streams,
  // once the last handle of any stream is cleaned up.
  fltctx::io::Handle t = vol.Create(L"\\b.txt:t");
  fltctx::io::Handle f = vol.Create(L"\\b.txt", FILE_OPEN);
  ASSERT_EQ(f.SetDeleteOnClose(), STATUS_SUCCESS);
  EXPECT_EQ(vol.Create(L"\\b.txt:t").status(), STATUS_DELETE_PENDING);
  f.Close();
  EXPECT_TRUE(vol.Exists(L"\\b.txt"));
  t.Close();
  EXPECT_FALSE(vol.Exists(L"\\b.txt"));
  EXPECT_FALSE(vol.Exists(L"\\b.txt:t"));
}

// --- Volume kinds ---------------------------------------------------------------------

// What a filter's post-create sees on each kind of volume: FltSupports*, and
// the status of setting and getting each context.
struct KindProbe {
  std::vector<std::string> seen;
  void Install() {
    A::post = [this](PFLT_CALLBACK_DATA d, PCFLT_RELATED_OBJECTS o, PVOID) {
      if (d->Iopb->MajorFunction != IRP_MJ_CREATE || !NT_SUCCESS(d->IoStatus.Status)) return;
      PFLT_CONTEXT c = nullptr;
      NTSTATUS get = FltGetStreamContext(o->Instance, o->FileObject, &c);
      if (NT_SUCCESS(get)) FltReleaseContext(c);
      seen.push_back(absl::StrFormat(
          "supports stream %d handle %d file %d file-ex %d; get stream %#x; set stream %#x "
          "handle %#x file %#x",
          FltSupportsStreamContexts(o->FileObject), FltSupportsStreamHandleContexts(o->FileObject),
          FltSupportsFileContexts(o->FileObject),
          FltSupportsFileContextsEx(o->FileObject, o->Instance), static_cast<uint32_t>(get),
          static_cast<uint32_t>(AttachContext(o, FLT_STREAM_CONTEXT)),
          static_cast<uint32_t>(AttachContext(o, FLT_STREAMHANDLE_CONTEXT)),
          static_cast<uint32_t>(AttachContext(o, FLT_FILE_CONTEXT))));
    };
  }
};

TEST_F(SimulatedIoTest, NtfsLikeVolumeHasFileAndStreamContexts) {
  fltctx::io::Volume vol(fm_, fltctx::io::VolumeSetup::Ntfs());
  vol.Attach(Register<A>(), "370000");
  KindProbe probe;
  probe.Install();
  fltctx::io::Handle h = vol.Create(L"\\a.txt");
  fltctx::io::Handle ads = vol.Create(L"\\a.txt:ads");
  ASSERT_EQ(ads.status(), STATUS_SUCCESS);
  EXPECT_THAT(probe.seen,
              ElementsAre("supports stream 1 handle 1 file 1 file-ex 1; get stream 0xc0000225; "
                          "set stream 0 handle 0 file 0",
                          // The named stream: a new stream context, the file's file context.
                          "supports stream 1 handle 1 file 1 file-ex 1; get stream 0xc0000225; "
                          "set stream 0 handle 0 file 0xc01c0002"));
  log_.Take();
  h.Close();
  ads.Close();
  EXPECT_THAT(log_.Take(),
              ElementsAre("A pre cleanup", "A post cleanup", "A pre close", "A cleanup handle",
                          "A cleanup stream", "A post close", "A pre cleanup", "A post cleanup",
                          "A pre close", "A cleanup handle", "A cleanup stream",
                          "A cleanup file", "A post close"));
}

TEST_F(SimulatedIoTest, FatLikeVolumeEmulatesFileContextsOnTheStream) {
  fltctx::io::Volume vol(fm_, fltctx::io::VolumeSetup::Fat());
  vol.Attach(Register<A>(), "370000");
  KindProbe probe;
  probe.Install();
  fltctx::io::Handle h = vol.Create(L"\\a.txt");
  fltctx::io::Handle second = vol.Create(L"\\a.txt", FILE_OPEN);
  EXPECT_EQ(vol.Create(L"\\a.txt:ads").status(), STATUS_OBJECT_NAME_INVALID) << "no named streams";
  // FltSupportsFileContexts is FALSE, FltSupportsFileContextsEx TRUE: the
  // filter manager keeps the file context on the (only) stream.
  EXPECT_THAT(probe.seen,
              ElementsAre("supports stream 1 handle 1 file 0 file-ex 1; get stream 0xc0000225; "
                          "set stream 0 handle 0 file 0",
                          "supports stream 1 handle 1 file 0 file-ex 1; get stream 0; "
                          "set stream 0xc01c0002 handle 0 file 0xc01c0002"));
  log_.Take();
  h.Close();
  EXPECT_THAT(log_.Take(), ElementsAre("A pre cleanup", "A post cleanup", "A pre close",
                                       "A cleanup handle", "A post close"));
  // The emulated file context goes with the stream, at its last close.
  second.Close();
  EXPECT_THAT(log_.Take(), ::testing::IsSupersetOf({"A cleanup stream", "A cleanup file"}));
  EXPECT_EQ(fm_.LiveContextCount(), 0u);
}

TEST_F(SimulatedIoTest, NetworkVolumeHasNoStreamContexts) {
  fltctx::io::Volume vol(fm_, fltctx::io::VolumeSetup::Network());
  PFLT_INSTANCE instance = vol.Attach(Register<A>(), "370000");
  KindProbe probe;
  probe.Install();
  fltctx::io::Handle h = vol.Create(L"\\share.txt");
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  EXPECT_THAT(probe.seen,
              ElementsAre("supports stream 0 handle 0 file 0 file-ex 0; get stream 0xc00000bb; "
                          "set stream 0xc00000bb handle 0xc00000bb file 0xc00000bb"));
  // The I/O itself works.
  ASSERT_EQ(h.Write("remote"), STATUS_SUCCESS);
  EXPECT_EQ(vol.Contents(L"\\share.txt"), "remote");
  PFLT_CONTEXT c = nullptr;
  EXPECT_EQ(FltGetStreamContext(instance, h.file_object(), &c), STATUS_NOT_SUPPORTED);
  EXPECT_FALSE(FltSupportsStreamContexts(h.file_object()));
  h.Close();
  EXPECT_EQ(fm_.LiveContextCount(), 0u);
}

TEST_F(SimulatedIoTest, PagingFileRefusesContexts) {
  fltctx::io::VolumeSetup setup;
  setup.paging_files = {L"\\pagefile.sys"};
  fltctx::io::Volume vol(fm_, setup);
  PFLT_INSTANCE instance = vol.Attach(Register<A>(), "370000");
  KindProbe probe;
  probe.Install();
  fltctx::io::Handle paging = vol.Create(L"\\PAGEFILE.SYS");
  ASSERT_EQ(paging.status(), STATUS_SUCCESS);
  fltctx::io::Handle other = vol.Create(L"\\a.txt");
  EXPECT_THAT(probe.seen,
              ElementsAre("supports stream 0 handle 0 file 0 file-ex 0; get stream 0xc00000bb; "
                          "set stream 0xc00000bb handle 0xc00000bb file 0xc00000bb",
                          // Another file on the same volume is not affected.
                          "supports stream 1 handle 1 file 1 file-ex 1; get stream 0xc0000225; "
                          "set stream 0 handle 0 file 0"));
  PFLT_CONTEXT c = nullptr;
  EXPECT_EQ(FltGetStreamHandleContext(instance, paging.file_object(), &c), STATUS_NOT_SUPPORTED);
  EXPECT_EQ(paging.Write("pages"), STATUS_SUCCESS);
  paging.Close();
  other.Close();
  EXPECT_EQ(fm_.LiveContextCount(), 0u);
}

}  // namespace
}  // namespace fltctx_io_test
