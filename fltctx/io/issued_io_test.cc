// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/issued_io_test.cc
// -----------------------------------------------------------------------------
//
// The I/O a filter issues itself (fltctx/wdk/issued_io.h), through the WDK
// names as a driver calls them, on simulated volumes: three instances of the
// C test filter (testdata/issued_filter.c) prove that a request issued from
// an instance reaches only the instances below it, and each function's
// statuses are checked.

#include <cstring>
#include <string>
#include <vector>

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "fltctx/io/testdata/issued_filter.h"
#include "fltctx/wdk/simulation.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"

namespace {

constexpr const wchar_t* kVolumeName = L"\\Device\\HarddiskVolume1";

class IssuedIoTest : public ::testing::Test {
 protected:
  IssuedIoTest() {
    IssuedFilterReset();
    for (int i = 0; i < ISSUED_FILTERS; ++i) {
      EXPECT_EQ(IssuedFilterEntry(i, &filters_[i]), STATUS_SUCCESS);
    }
    upper_ = volume_.Attach(filters_[0], "300000");
    middle_ = volume_.Attach(filters_[1], "200000");
    lower_ = volume_.Attach(filters_[2], "100000");
  }
  ~IssuedIoTest() override {
    for (PFLT_FILTER f : filters_) FltUnregisterFilter(f);
  }

  static LONG TotalPre(int which) {
    LONG n = 0;
    for (LONG v : IssuedSeen[which].Pre) n += v;
    return n;
  }

  // Opens `name` (volume-relative) from `instance` with FltCreateFileEx;
  // returns the handle and file object.
  NTSTATUS Open(PFLT_INSTANCE instance, const std::wstring& name, HANDLE* handle,
                PFILE_OBJECT* fo, ULONG disposition = FILE_OPEN_IF,
                ULONG options = FILE_SYNCHRONOUS_IO_NONALERT) {
    full_ = std::wstring(kVolumeName) + name;
    UNICODE_STRING us;
    RtlInitUnicodeString(&us, full_.c_str());
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &us, OBJ_KERNEL_HANDLE, nullptr, nullptr);
    IO_STATUS_BLOCK iosb;
    return FltCreateFileEx(filters_[1], instance, handle, fo, FILE_GENERIC_READ, &oa, &iosb,
                           nullptr, 0, 0, disposition, options, nullptr, 0, 0);
  }

  poolsim::Environment env_;
  poolsim::ScopedEnvironment install_env_{&env_};
  fltctx::FilterManager fm_{env_};
  fltctx::ScopedFilterManager install_fm_{&fm_};
  PFLT_FILTER filters_[ISSUED_FILTERS] = {};
  fltctx::io::Volume volume_{fm_};
  PFLT_INSTANCE upper_ = nullptr;
  PFLT_INSTANCE middle_ = nullptr;
  PFLT_INSTANCE lower_ = nullptr;
  std::wstring full_;
};

TEST_F(IssuedIoTest, IssuedIoSkipsTheCallerAndHigherInstancesAndReachesLowerOnes) {
  ISSUED_RESULT r;
  IssuedRoundTrip(filters_[1], middle_, L"\\Device\\HarddiskVolume1\\issued.txt", &r);
  EXPECT_EQ(r.Create, STATUS_SUCCESS);
  EXPECT_EQ(r.CreateInformation, static_cast<ULONG_PTR>(FILE_CREATED));
  EXPECT_EQ(r.Write, STATUS_SUCCESS);
  EXPECT_EQ(r.Written, 6u);
  EXPECT_EQ(r.Read, STATUS_SUCCESS);
  EXPECT_EQ(r.ReadBytes, 6u);
  EXPECT_STREQ(r.Data, "issued");
  EXPECT_EQ(r.Query, STATUS_SUCCESS);
  EXPECT_EQ(r.EndOfFile, 6);
  EXPECT_EQ(r.SetEndOfFile, STATUS_SUCCESS);
  EXPECT_EQ(r.Close, STATUS_SUCCESS);
  EXPECT_EQ(volume_.Contents(L"\\issued.txt"), "iss");

  EXPECT_EQ(TotalPre(0), 0) << "the instance above the caller saw the caller's I/O";
  EXPECT_EQ(TotalPre(1), 0) << "the caller's own instance saw its I/O";
  const ISSUED_SEEN& lower = IssuedSeen[2];
  for (UCHAR major : {IRP_MJ_CREATE, IRP_MJ_WRITE, IRP_MJ_READ, IRP_MJ_QUERY_INFORMATION,
                      IRP_MJ_SET_INFORMATION, IRP_MJ_CLEANUP, IRP_MJ_CLOSE}) {
    EXPECT_EQ(lower.Pre[major], 1) << "major " << int{major};
    EXPECT_EQ(lower.Post[major], 1) << "major " << int{major};
  }
  EXPECT_EQ(lower.Generated, TotalPre(2));
  EXPECT_EQ(lower.KernelMode_, TotalPre(2));
  EXPECT_EQ(lower.SynchronousApi, TotalPre(2));
  EXPECT_EQ(lower.IrpOperations, TotalPre(2));
}

TEST_F(IssuedIoTest, ACreateWithoutAnInstanceStartsAtTheTop) {
  ISSUED_RESULT r;
  IssuedRoundTrip(filters_[1], nullptr, L"\\Device\\HarddiskVolume1\\top.txt", &r);
  // Without an instance the round trip only creates and closes.
  EXPECT_EQ(r.Create, STATUS_SUCCESS);
  for (int i = 0; i < ISSUED_FILTERS; ++i) {
    EXPECT_EQ(IssuedSeen[i].Pre[IRP_MJ_CREATE], 1) << i;
    EXPECT_EQ(IssuedSeen[i].Pre[IRP_MJ_CLEANUP], 1) << i;
    EXPECT_EQ(IssuedSeen[i].Pre[IRP_MJ_CLOSE], 1) << i;
    EXPECT_EQ(IssuedSeen[i].Generated, IssuedSeen[i].Pre[IRP_MJ_CREATE] +
                                           IssuedSeen[i].Pre[IRP_MJ_CLEANUP] +
                                           IssuedSeen[i].Pre[IRP_MJ_CLOSE]);
  }
}

TEST_F(IssuedIoTest, TestIssuedIoStillReachesEveryInstanceAsUserMode) {
  fltctx::io::Handle h = volume_.Create(L"\\user.txt");
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  for (int i = 0; i < ISSUED_FILTERS; ++i) {
    EXPECT_EQ(IssuedSeen[i].Pre[IRP_MJ_CREATE], 1);
    EXPECT_EQ(IssuedSeen[i].Generated, 0);
    EXPECT_EQ(IssuedSeen[i].KernelMode_, 0);
  }
}

TEST_F(IssuedIoTest, CreateStatuses) {
  HANDLE h = reinterpret_cast<HANDLE>(1);
  PFILE_OBJECT fo = reinterpret_cast<PFILE_OBJECT>(1);
  EXPECT_EQ(Open(middle_, L"\\missing.txt", &h, &fo, FILE_OPEN), STATUS_OBJECT_NAME_NOT_FOUND);
  EXPECT_EQ(h, nullptr);
  EXPECT_EQ(fo, nullptr);
  EXPECT_EQ(Open(middle_, L"\\x.txt", &h, &fo, FILE_MAXIMUM_DISPOSITION + 1),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(Open(middle_, L"\\x.txt", &h, &fo, FILE_OPEN_IF, 0x01000000), STATUS_INVALID_PARAMETER);
  // Another filter's instance.
  EXPECT_EQ(Open(upper_, L"\\x.txt", &h, &fo), STATUS_INVALID_PARAMETER);

  UNICODE_STRING us;
  OBJECT_ATTRIBUTES oa;
  IO_STATUS_BLOCK iosb;
  RtlInitUnicodeString(&us, L"\\Device\\HarddiskVolume9\\x.txt");
  InitializeObjectAttributes(&oa, &us, OBJ_KERNEL_HANDLE, nullptr, nullptr);
  EXPECT_EQ(FltCreateFile(filters_[1], nullptr, &h, FILE_GENERIC_READ, &oa, &iosb, nullptr, 0, 0,
                          FILE_OPEN_IF, 0, nullptr, 0, 0),
            STATUS_OBJECT_PATH_NOT_FOUND);
  EXPECT_EQ(iosb.Status, STATUS_OBJECT_PATH_NOT_FOUND);
  EXPECT_EQ(FltCreateFile(filters_[1], middle_, &h, FILE_GENERIC_READ, &oa, &iosb, nullptr, 0, 0,
                          FILE_OPEN_IF, 0, nullptr, 0, 0),
            STATUS_INVALID_DEVICE_OBJECT_PARAMETER);
  EXPECT_EQ(FltCreateFile(filters_[1], middle_, &h, FILE_GENERIC_READ, &oa, &iosb, nullptr, 0, 0,
                          FILE_OPEN_IF, 0, nullptr, 0, 0x40000000),
            STATUS_INVALID_PARAMETER);
  IO_DRIVER_CREATE_CONTEXT context;
  IoInitializeDriverCreateContext(&context);
  context.Size = 1;
  RtlInitUnicodeString(&us, L"\\Device\\HarddiskVolume1\\x.txt");
  EXPECT_EQ(FltCreateFileEx2(filters_[1], middle_, &h, &fo, FILE_GENERIC_READ, &oa, &iosb,
                             nullptr, 0, 0, FILE_OPEN_IF, 0, nullptr, 0, 0, &context),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(FltClose(reinterpret_cast<HANDLE>(0x1234)), STATUS_INVALID_HANDLE);
  EXPECT_EQ(TotalPre(2), 1) << "only the FILE_OPEN of a missing file reached the file system";
}

TEST_F(IssuedIoTest, AHandleNeverClosedIsReportedWithTheStackThatOpenedIt) {
  HANDLE h = nullptr;
  PFILE_OBJECT fo = nullptr;
  ASSERT_EQ(Open(middle_, L"\\leak.txt", &h, &fo), STATUS_SUCCESS);
  bool handle = false;
  bool reference = false;
  for (const poolsim::LeakedObject& o : env_.LeakedObjects()) {
    if (o.kind == "file handle") {
      handle = true;
      EXPECT_EQ(o.address, reinterpret_cast<uintptr_t>(h));
      EXPECT_NE(o.stack, poolsim::kNoStack);
      EXPECT_EQ(o.owner, fltctx::FilterManager::NameOf(fltctx::wdk::ToCore(filters_[1])));
    }
    if (o.kind == "file object reference") {
      reference = true;
      ASSERT_EQ(o.references.size(), 1u);
      EXPECT_EQ(o.references[0].operation, "FltCreateFileEx");
    }
  }
  EXPECT_TRUE(handle);
  EXPECT_TRUE(reference);
  // The close waits for the last reference.
  EXPECT_EQ(FltClose(h), STATUS_SUCCESS);
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_CLEANUP], 1);
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_CLOSE], 0);
  ObDereferenceObject(fo);
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_CLOSE], 1);
  EXPECT_TRUE(env_.LeakedObjects().empty());
  // One dereference too many: the file object is gone (REFERENCE_BY_POINTER).
  std::vector<uint32_t> codes;
  const poolsim::BugCheckHandler previous =
      env_.SetBugCheckHandler([&](const poolsim::BugCheck& b) { codes.push_back(b.code); });
  ObDereferenceObject(fo);
  env_.SetBugCheckHandler(previous);
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0], 0x18u);
}

TEST_F(IssuedIoTest, ObReferenceObjectKeepsAnIssuedFileObjectUntilItsDereference) {
  HANDLE h = nullptr;
  PFILE_OBJECT fo = nullptr;
  ASSERT_EQ(Open(middle_, L"\\kept.txt", &h, &fo), STATUS_SUCCESS);
  ObReferenceObject(fo);  // e.g. for a worker that reads it later
  EXPECT_EQ(FltClose(h), STATUS_SUCCESS);
  ObDereferenceObject(fo);  // the create's reference
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_CLOSE], 0) << "the worker's reference holds it";
  size_t outstanding = 0;
  for (const poolsim::LeakedObject& o : env_.LeakedObjects()) {
    if (o.kind == "file object reference") outstanding += o.references.size();
  }
  EXPECT_EQ(outstanding, 1u) << "the reference still held is in the leak report";
  ObDereferenceObject(fo);
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_CLOSE], 1);
  EXPECT_TRUE(env_.LeakedObjects().empty());
}

TEST_F(IssuedIoTest, ReadWriteOffsetsAndFlags) {
  HANDLE h = nullptr;
  PFILE_OBJECT fo = nullptr;
  ASSERT_EQ(Open(middle_, L"\\rw.txt", &h, &fo), STATUS_SUCCESS);
  char data[] = "abcdef";
  ULONG n = 0;
  // No ByteOffset: the current position of a synchronous file object.
  EXPECT_EQ(FltWriteFile(middle_, fo, nullptr, 3, data, 0, &n, nullptr, nullptr), STATUS_SUCCESS);
  EXPECT_EQ(FltWriteFile(middle_, fo, nullptr, 3, data + 3, 0, &n, nullptr, nullptr),
            STATUS_SUCCESS);
  EXPECT_EQ(fo->CurrentByteOffset.QuadPart, 6);
  LARGE_INTEGER end;
  end.QuadPart = static_cast<LONGLONG>(0xFFFFFFFF00000000ULL | FILE_WRITE_TO_END_OF_FILE);
  EXPECT_EQ(FltWriteFile(middle_, fo, &end, 2, data, FLTFL_IO_OPERATION_DO_NOT_UPDATE_BYTE_OFFSET,
                         &n, nullptr, nullptr),
            STATUS_SUCCESS);
  EXPECT_EQ(fo->CurrentByteOffset.QuadPart, 6) << "DO_NOT_UPDATE_BYTE_OFFSET";
  EXPECT_EQ(volume_.Contents(L"\\rw.txt"), "abcdefab");
  char buffer[16] = {};
  LARGE_INTEGER at;
  at.QuadPart = 100;
  EXPECT_EQ(FltReadFile(middle_, fo, &at, 4, buffer, 0, &n, nullptr, nullptr), STATUS_END_OF_FILE);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(FltReadFile(middle_, fo, &at, 4, buffer, 0x100, &n, nullptr, nullptr),
            STATUS_INVALID_PARAMETER);
  // The callback form: called with the completed callback data.
  struct Seen {
    NTSTATUS status = STATUS_PENDING;
    ULONG_PTR information = 0;
    bool generated = false;
  } seen;
  at.QuadPart = 0;
  auto callback = [](PFLT_CALLBACK_DATA data, PFLT_CONTEXT context) {
    auto* s = static_cast<Seen*>(context);
    s->status = data->IoStatus.Status;
    s->information = data->IoStatus.Information;
    s->generated = (data->Flags & FLTFL_CALLBACK_DATA_GENERATED_IO) != 0;
  };
  EXPECT_EQ(FltReadFile(middle_, fo, &at, 4, buffer, 0, nullptr, callback, &seen), STATUS_SUCCESS);
  EXPECT_EQ(seen.status, STATUS_SUCCESS);
  EXPECT_EQ(seen.information, 4u);
  EXPECT_TRUE(seen.generated);
  EXPECT_EQ(std::string(buffer, 4), "abcd");
  ObDereferenceObject(fo);
  EXPECT_EQ(FltClose(h), STATUS_SUCCESS);
  // A file object not opened for synchronous I/O needs a ByteOffset.
  fltctx::io::Handle test_handle = volume_.Create(L"\\rw.txt");
  EXPECT_EQ(FltReadFile(middle_, test_handle.file_object(), nullptr, 4, buffer, 0, &n, nullptr,
                        nullptr),
            STATUS_INVALID_PARAMETER);
  // A closed one is STATUS_FILE_CLOSED.
  test_handle.Close();
  EXPECT_EQ(FltReadFile(middle_, test_handle.file_object(), &at, 4, buffer, 0, &n, nullptr,
                        nullptr),
            STATUS_FILE_CLOSED);
}

TEST_F(IssuedIoTest, ControlCodesDirectoriesFlushesAndVolumeInformation) {
  HANDLE h = nullptr;
  PFILE_OBJECT fo = nullptr;
  ASSERT_EQ(Open(middle_, L"\\c.txt", &h, &fo), STATUS_SUCCESS);
  unsigned char out[64] = {};
  ULONG n = 7;
  // The file system below answers object IDs (an NTFS volume) and fails the
  // FSCTLs it does not implement.
  EXPECT_EQ(FltFsControlFile(middle_, fo, FSCTL_CREATE_OR_GET_OBJECT_ID, nullptr, 0, out,
                             sizeof(out), &n),
            STATUS_SUCCESS);
  EXPECT_EQ(n, sizeof(FILE_OBJECTID_BUFFER));
  unsigned char again[64] = {};
  EXPECT_EQ(FltFsControlFile(middle_, fo, FSCTL_GET_OBJECT_ID, nullptr, 0, again, sizeof(again),
                             &n),
            STATUS_SUCCESS);
  EXPECT_EQ(std::memcmp(out, again, 16), 0) << "the same object ID";
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_FILE_SYSTEM_CONTROL], 2);
  n = 7;
  EXPECT_EQ(FltFsControlFile(middle_, fo, FSCTL_LOCK_VOLUME, nullptr, 0, nullptr, 0, &n),
            STATUS_INVALID_DEVICE_REQUEST);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(FltDeviceIoControlFile(middle_, fo, IOCTL_DISK_GET_DRIVE_GEOMETRY, nullptr, 0, out,
                                   sizeof(out), &n),
            STATUS_INVALID_DEVICE_REQUEST);
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_DEVICE_CONTROL], 1);
  // A directory query of a file (not a directory) fails in the file system.
  EXPECT_EQ(FltQueryDirectoryFile(middle_, fo, out, sizeof(out), FileDirectoryInformation, TRUE,
                                  nullptr, TRUE, &n),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_DIRECTORY_CONTROL], 1);
  EXPECT_EQ(FltQueryDirectoryFile(middle_, fo, out, sizeof(out), FileBasicInformation, TRUE,
                                  nullptr, TRUE, &n),
            STATUS_INVALID_INFO_CLASS);
  EXPECT_EQ(FltFlushBuffers(middle_, fo), STATUS_SUCCESS);
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_FLUSH_BUFFERS], 1);
  BOOLEAN is_directory = TRUE;
  EXPECT_EQ(FltIsDirectory(fo, middle_, &is_directory), STATUS_SUCCESS);
  EXPECT_FALSE(is_directory);

  EXPECT_EQ(FltQueryInformationFile(middle_, fo, out, sizeof(out),
                                    static_cast<FILE_INFORMATION_CLASS>(0), &n),
            STATUS_INVALID_INFO_CLASS);
  EXPECT_EQ(FltQueryInformationFile(middle_, fo, out, 1, FileStandardInformation, &n),
            STATUS_INFO_LENGTH_MISMATCH);

  // Volume information: through the file object and through the instance.
  union {
    FILE_FS_ATTRIBUTE_INFORMATION info;
    unsigned char bytes[64];
  } attr = {};
  EXPECT_EQ(FltQueryVolumeInformationFile(middle_, fo, &attr, sizeof(attr),
                                          FileFsAttributeInformation, &n),
            STATUS_SUCCESS);
  EXPECT_EQ(std::wstring(attr.info.FileSystemName,
                         attr.info.FileSystemNameLength / sizeof(WCHAR)),
            L"NTFS");
  EXPECT_NE(attr.info.FileSystemAttributes & FILE_NAMED_STREAMS, 0u);
  EXPECT_EQ(n, offsetof(FILE_FS_ATTRIBUTE_INFORMATION, FileSystemName) + 4 * sizeof(WCHAR));
  IO_STATUS_BLOCK iosb;
  FILE_FS_DEVICE_INFORMATION device = {};
  EXPECT_EQ(FltQueryVolumeInformation(middle_, &iosb, &device, sizeof(device),
                                      FileFsDeviceInformation),
            STATUS_SUCCESS);
  EXPECT_EQ(device.DeviceType, static_cast<DEVICE_TYPE>(FILE_DEVICE_DISK));
  EXPECT_EQ(iosb.Information, sizeof(device));
  EXPECT_EQ(FltQueryVolumeInformation(middle_, &iosb, &device, 1, FileFsDeviceInformation),
            STATUS_INFO_LENGTH_MISMATCH);
  EXPECT_EQ(FltQueryVolumeInformation(middle_, &iosb, &device, sizeof(device),
                                      FileFsMaximumInformation),
            STATUS_INVALID_INFO_CLASS);
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_QUERY_VOLUME_INFORMATION], 3);
  EXPECT_EQ(TotalPre(0) + TotalPre(1), 0);
  ObDereferenceObject(fo);
  EXPECT_EQ(FltClose(h), STATUS_SUCCESS);
}

TEST_F(IssuedIoTest, VolumeFacts) {
  BOOLEAN writable = FALSE;
  EXPECT_EQ(FltIsVolumeWritable(volume_.volume(), &writable), STATUS_SUCCESS);
  EXPECT_TRUE(writable);
  FLT_FILESYSTEM_TYPE type = FLT_FSTYPE_UNKNOWN;
  EXPECT_EQ(FltGetFileSystemType(middle_, &type), STATUS_SUCCESS);
  EXPECT_EQ(type, FLT_FSTYPE_NTFS);
  fltctx::io::Volume fat(fm_, fltctx::io::VolumeSetup::Fat());
  EXPECT_EQ(FltGetFileSystemType(fat.volume(), &type), STATUS_SUCCESS);
  EXPECT_EQ(type, FLT_FSTYPE_FAT);
  fltctx::io::Volume mup(fm_, fltctx::io::VolumeSetup::Network());
  EXPECT_EQ(FltGetFileSystemType(mup.volume(), &type), STATUS_SUCCESS);
  EXPECT_EQ(type, FLT_FSTYPE_MUP);

  ULONG needed = 0;
  FLT_VOLUME_PROPERTIES small;
  EXPECT_EQ(FltGetVolumeProperties(volume_.volume(), &small, 4, &needed), STATUS_BUFFER_TOO_SMALL);
  EXPECT_GT(needed, sizeof(FLT_VOLUME_PROPERTIES));
  EXPECT_EQ(FltGetVolumeProperties(volume_.volume(), &small, sizeof(small), &needed),
            STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(small.DeviceType, static_cast<DEVICE_TYPE>(FILE_DEVICE_DISK_FILE_SYSTEM));
  union {
    FLT_VOLUME_PROPERTIES props;
    unsigned char bytes[512];
  } full;
  EXPECT_EQ(FltGetVolumeProperties(volume_.volume(), &full.props, sizeof(full), &needed),
            STATUS_SUCCESS);
  EXPECT_EQ(std::wstring(full.props.RealDeviceName.Buffer,
                         full.props.RealDeviceName.Length / sizeof(WCHAR)),
            kVolumeName);
}

TEST_F(IssuedIoTest, AllocatedCallbackDataWithSynchronousIo) {
  HANDLE h = nullptr;
  PFILE_OBJECT fo = nullptr;
  ASSERT_EQ(Open(middle_, L"\\cbd.txt", &h, &fo), STATUS_SUCCESS);
  PFLT_CALLBACK_DATA data = nullptr;
  ASSERT_EQ(FltAllocateCallbackData(middle_, fo, &data), STATUS_SUCCESS);
  EXPECT_TRUE(FltIsOperationSynchronous(data));
  char text[] = "sync";
  data->Iopb->MajorFunction = IRP_MJ_WRITE;
  data->Iopb->Parameters.Write.Length = 4;
  data->Iopb->Parameters.Write.ByteOffset.QuadPart = 0;
  data->Iopb->Parameters.Write.WriteBuffer = text;
  FltPerformSynchronousIo(data);
  EXPECT_EQ(data->IoStatus.Status, STATUS_SUCCESS);
  EXPECT_EQ(data->IoStatus.Information, 4u);
  EXPECT_EQ(volume_.Contents(L"\\cbd.txt"), "sync");
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_WRITE], 1);
  EXPECT_EQ(IssuedSeen[1].Pre[IRP_MJ_WRITE], 0);
  // Not an IRP's major function.
  data->Iopb->MajorFunction = 0xF0;
  FltPerformSynchronousIo(data);
  EXPECT_EQ(data->IoStatus.Status, STATUS_INVALID_PARAMETER);
  // Asynchronous unless the API, the paging flags or the file object say so.
  data->Iopb->MajorFunction = IRP_MJ_READ;
  data->Iopb->IrpFlags = 0;
  fo->Flags &= ~FO_SYNCHRONOUS_IO;
  EXPECT_FALSE(FltIsOperationSynchronous(data));
  fo->Flags |= FO_SYNCHRONOUS_IO;
  EXPECT_TRUE(FltIsOperationSynchronous(data));
  FltFreeCallbackData(data);
  ObDereferenceObject(fo);
  EXPECT_EQ(FltClose(h), STATUS_SUCCESS);
}

TEST_F(IssuedIoTest, PoolFailuresAreTheDocumentedStatus) {
  HANDLE h = nullptr;
  PFILE_OBJECT fo = nullptr;
  ASSERT_EQ(Open(middle_, L"\\faults.txt", &h, &fo), STATUS_SUCCESS);
  poolsim::Options o = env_.options();
  o.faults.tags = {"FMic"};
  o.faults.fail_nth = 1;
  env_.Reconfigure(o);
  char buffer[4];
  ULONG n = 0;
  LARGE_INTEGER at;
  at.QuadPart = 0;
  EXPECT_EQ(FltReadFile(middle_, fo, &at, 4, buffer, 0, &n, nullptr, nullptr),
            STATUS_INSUFFICIENT_RESOURCES);
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_READ], 0);
  o.faults.fail_nth = 0;
  o.faults.mode = poolsim::FaultMode::kSystematic;
  o.faults.tags = {"ObHd"};
  env_.Reconfigure(o);
  HANDLE h2 = reinterpret_cast<HANDLE>(1);
  EXPECT_EQ(Open(middle_, L"\\faults2.txt", &h2, nullptr), STATUS_INSUFFICIENT_RESOURCES);
  EXPECT_EQ(h2, nullptr);
  EXPECT_FALSE(volume_.Exists(L"\\faults2.txt"));
  o.faults = {};
  env_.Reconfigure(o);
  ObDereferenceObject(fo);
  EXPECT_EQ(FltClose(h), STATUS_SUCCESS);
}

// A filter that cancels every create in its post-create callback.
struct Canceller {
  static FLT_POSTOP_CALLBACK_STATUS FLTAPI Post(PFLT_CALLBACK_DATA data,
                                                PCFLT_RELATED_OBJECTS objects, PVOID,
                                                FLT_POST_OPERATION_FLAGS) {
    if (NT_SUCCESS(data->IoStatus.Status)) {
      FltCancelFileOpen(objects->Instance, objects->FileObject);
      data->IoStatus.Status = STATUS_ACCESS_DENIED;
      data->IoStatus.Information = 0;
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
  }
};

TEST_F(IssuedIoTest, CancelFileOpenClosesTheFileBelowAndFailsTheCreateAbove) {
  static const FLT_OPERATION_REGISTRATION ops[] = {
      {IRP_MJ_CREATE, 0, nullptr, &Canceller::Post, nullptr}, {IRP_MJ_OPERATION_END}};
  FLT_REGISTRATION reg = {};
  reg.Size = sizeof(reg);
  reg.Version = FLT_REGISTRATION_VERSION;
  reg.OperationRegistration = ops;
  PFLT_FILTER canceller = nullptr;
  ASSERT_EQ(FltRegisterFilter(nullptr, &reg, &canceller), STATUS_SUCCESS);
  ASSERT_EQ(FltStartFiltering(canceller), STATUS_SUCCESS);
  ASSERT_NE(volume_.Attach(canceller, "150000"), nullptr);
  fltctx::io::Handle h = volume_.Create(L"\\cancelled.txt");
  EXPECT_EQ(h.status(), STATUS_ACCESS_DENIED);
  EXPECT_FALSE(h.is_open());
  // Below the canceller the file was opened, then closed; above, the create failed.
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_CLEANUP], 1);
  EXPECT_EQ(IssuedSeen[2].Pre[IRP_MJ_CLOSE], 1);
  EXPECT_EQ(IssuedSeen[1].Pre[IRP_MJ_CLEANUP], 0);
  EXPECT_EQ(IssuedSeen[0].Pre[IRP_MJ_CLOSE], 0);
  FltUnregisterFilter(canceller);
}

}  // namespace
