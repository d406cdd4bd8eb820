// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of the I/O a filter issues itself (fltctx/wdk/issued_io.h).

#include <cstdint>
#include <memory>
#include <string>

#include "fltctx/io/io.h"
#include <fltKernel.h>
#include "fltctx/wdk/simulation.h"
#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;
constexpr uint64_t kRead = 0;
constexpr uint64_t kWrite = 1;

uintptr_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

// A started filter attached to a simulated volume with a file system, and a
// file opened on it through the test API.
class Issued : public MisuseMatrix {
 protected:
  PFLT_INSTANCE Attached() {
    if (instance_ == nullptr) {
      EXPECT_EQ(FltStartFiltering(Filter()), STATUS_SUCCESS);
      volume_ = std::make_unique<fltctx::io::Volume>(manager());
      instance_ = volume_->Attach(Filter(), "100000");
      file_ = volume_->Create(L"\\misuse.txt");
    }
    return instance_;
  }
  PFILE_OBJECT File() {
    Attached();
    return file_.file_object();
  }
  void TearDown() override {
    file_.Close();
    volume_.reset();
    MisuseMatrix::TearDown();
  }
  std::unique_ptr<fltctx::io::Volume> volume_;
  fltctx::io::Handle file_;
  PFLT_INSTANCE instance_ = nullptr;
};

#define ISSUED_CASE(api, input_class)                                           \
  static const bool misuse_registered_##api##_##input_class [[maybe_unused]] = \
      ::misuse::RegisterCase(#api, #input_class);                              \
  TEST_F(Issued, api##_##input_class)

ISSUED_CASE(FltQueryInformationFile, NullArgumentsBadClassAndDispatch) {
  FILE_STANDARD_INFORMATION info;
  ULONG n = 5;
  EXPECT_ONLY_BUGCHECK(FltQueryInformationFile(nullptr, File(), &info, sizeof(info),
                                               FileStandardInformation, &n),
                       0x1E, {kAccessViolation, 0, kRead, 0});
  EXPECT_ONLY_BUGCHECK(FltQueryInformationFile(Attached(), nullptr, &info, sizeof(info),
                                               FileStandardInformation, &n),
                       0x1E, {kAccessViolation, 0, kRead, 0});
  EXPECT_ONLY_BUGCHECK(FltQueryInformationFile(Attached(), File(), nullptr, sizeof(info),
                                               FileStandardInformation, &n),
                       0x1E, {kAccessViolation, 0, kWrite, 0});
  EXPECT_EQ(FltQueryInformationFile(Attached(), File(), &info, sizeof(info),
                                    static_cast<FILE_INFORMATION_CLASS>(9999), &n),
            STATUS_INVALID_INFO_CLASS);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(FltQueryInformationFile(Attached(), File(), &info, 0, FileStandardInformation, &n),
            STATUS_INFO_LENGTH_MISMATCH);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltQueryInformationFile(Attached(), File(), &info, sizeof(info),
                                                 FileStandardInformation, &n),
                         0x0A, {Address(File()), DISPATCH_LEVEL});
  });
  // A stale instance pointer.
  int garbage = 0;
  EXPECT_ONLY_BUGCHECK(FltQueryInformationFile(reinterpret_cast<PFLT_INSTANCE>(&garbage), File(),
                                               &info, sizeof(info), FileStandardInformation, &n),
                       0x1E, {kAccessViolation, 0, 0, Address(&garbage)});
}

ISSUED_CASE(FltSetInformationFile, NullArgumentsAndBadClass) {
  FILE_END_OF_FILE_INFORMATION eof = {};
  EXPECT_ONLY_BUGCHECK(FltSetInformationFile(Attached(), File(), nullptr, sizeof(eof),
                                             FileEndOfFileInformation),
                       0x1E, {kAccessViolation, 0, kRead, 0});
  EXPECT_EQ(FltSetInformationFile(Attached(), File(), &eof, sizeof(eof),
                                  static_cast<FILE_INFORMATION_CLASS>(0)),
            STATUS_INVALID_INFO_CLASS);
  EXPECT_EQ(FltSetInformationFile(Attached(), File(), &eof, 1, FileEndOfFileInformation),
            STATUS_INFO_LENGTH_MISMATCH);
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltSetInformationFile(Attached(), File(), &eof, sizeof(eof),
                                               FileEndOfFileInformation),
                         0x0A, {Address(File()), APC_LEVEL});
  });
}

ISSUED_CASE(FltReadFile, NullArgumentsFlagsAndDispatch) {
  char buffer[8];
  ULONG n = 0;
  LARGE_INTEGER at = {};
  EXPECT_ONLY_BUGCHECK(FltReadFile(Attached(), File(), &at, 8, nullptr, 0, &n, nullptr, nullptr),
                       0x1E, {kAccessViolation, 0, kWrite, 0});
  EXPECT_ONLY_BUGCHECK(FltReadFile(nullptr, File(), &at, 8, buffer, 0, &n, nullptr, nullptr),
                       0x1E, {kAccessViolation, 0, kRead, 0});
  EXPECT_EQ(FltReadFile(Attached(), File(), &at, 8, buffer, 0x80, &n, nullptr, nullptr),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(FltReadFile(Attached(), File(), nullptr, 8, buffer, 0, &n, nullptr, nullptr),
            STATUS_INVALID_PARAMETER);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltReadFile(Attached(), File(), &at, 8, buffer, 0, &n, nullptr, nullptr),
                         0x0A, {Address(File()), DISPATCH_LEVEL});
  });
  // Zero bytes at the end of the file, at APC_LEVEL (allowed).
  AtIrql(APC_LEVEL, [&] {
    EXPECT_EQ(FltReadFile(Attached(), File(), &at, 0, nullptr, 0, &n, nullptr, nullptr),
              STATUS_END_OF_FILE);
  });
}

ISSUED_CASE(FltWriteFile, NullArgumentsAndFlags) {
  ULONG n = 0;
  LARGE_INTEGER at = {};
  EXPECT_ONLY_BUGCHECK(FltWriteFile(Attached(), File(), &at, 4, nullptr, 0, &n, nullptr, nullptr),
                       0x1E, {kAccessViolation, 0, kRead, 0});
  char data[] = "data";
  EXPECT_EQ(FltWriteFile(Attached(), File(), &at, 4, data, 0xF0, &n, nullptr, nullptr),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(volume_->Contents(L"\\misuse.txt"), "");
}

// Builds the object attributes of `name`.
struct Name {
  explicit Name(const wchar_t* text) {
    RtlInitUnicodeString(&us, text);
    InitializeObjectAttributes(&oa, &us, OBJ_KERNEL_HANDLE, nullptr, nullptr);
  }
  UNICODE_STRING us;
  OBJECT_ATTRIBUTES oa;
};

ISSUED_CASE(FltCreateFile, NullArgumentsAndBadParameters) {
  Name name(L"\\Device\\HarddiskVolume1\\new.txt");
  HANDLE h = nullptr;
  IO_STATUS_BLOCK iosb;
  Attached();
  EXPECT_ONLY_BUGCHECK(FltCreateFile(nullptr, nullptr, &h, 0, &name.oa, &iosb, nullptr, 0, 0,
                                     FILE_OPEN_IF, 0, nullptr, 0, 0),
                       0x1E, {kAccessViolation, 0, kRead, 0});
  EXPECT_ONLY_BUGCHECK(FltCreateFile(Filter(), nullptr, nullptr, 0, &name.oa, &iosb, nullptr, 0,
                                     0, FILE_OPEN_IF, 0, nullptr, 0, 0),
                       0x1E, {kAccessViolation, 0, kWrite, 0});
  EXPECT_ONLY_BUGCHECK(FltCreateFile(Filter(), nullptr, &h, 0, nullptr, &iosb, nullptr, 0, 0,
                                     FILE_OPEN_IF, 0, nullptr, 0, 0),
                       0x1E, {kAccessViolation, 0, kRead, 0});
  EXPECT_ONLY_BUGCHECK(FltCreateFile(Filter(), nullptr, &h, 0, &name.oa, nullptr, nullptr, 0, 0,
                                     FILE_OPEN_IF, 0, nullptr, 0, 0),
                       0x1E, {kAccessViolation, 0, kWrite, 0});
  EXPECT_EQ(FltCreateFile(Filter(), nullptr, &h, 0, &name.oa, &iosb, nullptr, 0, 0, 99, 0,
                          nullptr, 0, 0),
            STATUS_INVALID_PARAMETER);
  Name empty(L"");
  EXPECT_EQ(FltCreateFile(Filter(), nullptr, &h, 0, &empty.oa, &iosb, nullptr, 0, 0,
                          FILE_OPEN_IF, 0, nullptr, 0, 0),
            STATUS_OBJECT_NAME_INVALID);
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltCreateFile(Filter(), nullptr, &h, 0, &name.oa, &iosb, nullptr, 0, 0,
                                       FILE_OPEN_IF, 0, nullptr, 0, 0),
                         0x0A, {0, APC_LEVEL});
  });
  EXPECT_FALSE(volume_->Exists(L"\\new.txt"));
}

ISSUED_CASE(FltCreateFileEx, OpensAndClosesCleanly) {
  Name name(L"\\Device\\HarddiskVolume1\\ex.txt");
  HANDLE h = nullptr;
  PFILE_OBJECT fo = nullptr;
  IO_STATUS_BLOCK iosb;
  EXPECT_EQ(FltCreateFileEx(Filter(), Attached(), &h, nullptr, 0, &name.oa, &iosb, nullptr, 0, 0,
                            FILE_OPEN_IF, 0, nullptr, 0, 0),
            STATUS_SUCCESS);
  EXPECT_EQ(FltClose(h), STATUS_SUCCESS);
  EXPECT_EQ(FltClose(h), STATUS_INVALID_HANDLE);  // a second close
  EXPECT_EQ(fo, nullptr);
}

ISSUED_CASE(FltCreateFileEx2, BadDriverContextAndForeignRoot) {
  Name name(L"x.txt");
  name.oa.RootDirectory = reinterpret_cast<HANDLE>(0x40);
  HANDLE h = nullptr;
  PFILE_OBJECT fo = nullptr;
  IO_STATUS_BLOCK iosb;
  EXPECT_EQ(FltCreateFileEx2(Filter(), Attached(), &h, &fo, 0, &name.oa, &iosb, nullptr, 0, 0,
                             FILE_OPEN_IF, 0, nullptr, 0, 0, nullptr),
            STATUS_INVALID_HANDLE);
  IO_DRIVER_CREATE_CONTEXT context;
  IoInitializeDriverCreateContext(&context);
  context.Size = 0;
  EXPECT_EQ(FltCreateFileEx2(Filter(), Attached(), &h, &fo, 0, &name.oa, &iosb, nullptr, 0, 0,
                             FILE_OPEN_IF, 0, nullptr, 0, 0, &context),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(h, nullptr);
}

ISSUED_CASE(FltClose, ForeignHandleAndDispatch) {
  int local = 0;
  EXPECT_EQ(FltClose(&local), STATUS_INVALID_HANDLE);
  EXPECT_EQ(FltClose(nullptr), STATUS_INVALID_HANDLE);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltClose(&local), 0x0A, {Address(&local), DISPATCH_LEVEL});
  });
}

ISSUED_CASE(FltFsControlFile, NullBuffersAndUnimplemented) {
  ULONG n = 0;
  EXPECT_ONLY_BUGCHECK(FltFsControlFile(Attached(), File(), FSCTL_GET_OBJECT_ID, nullptr, 4,
                                        nullptr, 0, &n),
                       0x1E, {kAccessViolation, 0, kRead, 0});
  EXPECT_ONLY_BUGCHECK(FltFsControlFile(Attached(), File(), FSCTL_GET_OBJECT_ID, nullptr, 0,
                                        nullptr, 64, &n),
                       0x1E, {kAccessViolation, 0, kWrite, 0});
  EXPECT_EQ(FltFsControlFile(Attached(), File(), FSCTL_LOCK_VOLUME, nullptr, 0, nullptr, 0, &n),
            STATUS_INVALID_DEVICE_REQUEST);
}

ISSUED_CASE(FltDeviceIoControlFile, NullBuffersAndUnimplemented) {
  ULONG n = 0;
  EXPECT_ONLY_BUGCHECK(FltDeviceIoControlFile(Attached(), File(), 0x70000, nullptr, 0, nullptr,
                                              8, &n),
                       0x1E, {kAccessViolation, 0, kWrite, 0});
  char out[8];
  EXPECT_EQ(FltDeviceIoControlFile(Attached(), File(), 0x70000, nullptr, 0, out, sizeof(out), &n),
            STATUS_INVALID_DEVICE_REQUEST);
}

ISSUED_CASE(FltQueryVolumeInformation, NullArgumentsAndBadClass) {
  IO_STATUS_BLOCK iosb;
  FILE_FS_DEVICE_INFORMATION info;
  EXPECT_ONLY_BUGCHECK(FltQueryVolumeInformation(Attached(), nullptr, &info, sizeof(info),
                                                 FileFsDeviceInformation),
                       0x1E, {kAccessViolation, 0, kWrite, 0});
  EXPECT_ONLY_BUGCHECK(FltQueryVolumeInformation(Attached(), &iosb, nullptr, sizeof(info),
                                                 FileFsDeviceInformation),
                       0x1E, {kAccessViolation, 0, kWrite, 0});
  EXPECT_EQ(FltQueryVolumeInformation(Attached(), &iosb, &info, sizeof(info),
                                      static_cast<FS_INFORMATION_CLASS>(0)),
            STATUS_INVALID_INFO_CLASS);
  EXPECT_EQ(FltQueryVolumeInformation(Attached(), &iosb, &info, sizeof(info),
                                      FileFsLabelInformation),
            STATUS_INVALID_INFO_CLASS);
}

ISSUED_CASE(FltQueryVolumeInformationFile, NullArgumentsAndShortBuffer) {
  FILE_FS_ATTRIBUTE_INFORMATION info;
  ULONG n = 0;
  EXPECT_ONLY_BUGCHECK(FltQueryVolumeInformationFile(Attached(), File(), nullptr, sizeof(info),
                                                     FileFsAttributeInformation, &n),
                       0x1E, {kAccessViolation, 0, kWrite, 0});
  EXPECT_EQ(FltQueryVolumeInformationFile(Attached(), File(), &info, 2, FileFsAttributeInformation,
                                          &n),
            STATUS_INFO_LENGTH_MISMATCH);
  // Room for the fixed part only: the name is cut.
  EXPECT_EQ(FltQueryVolumeInformationFile(Attached(), File(), &info,
                                          offsetof(FILE_FS_ATTRIBUTE_INFORMATION, FileSystemName),
                                          FileFsAttributeInformation, &n),
            STATUS_BUFFER_OVERFLOW);
}

ISSUED_CASE(FltQueryDirectoryFile, NullBufferAndFileClass) {
  char buffer[64];
  ULONG n = 0;
  EXPECT_ONLY_BUGCHECK(FltQueryDirectoryFile(Attached(), File(), nullptr, 64,
                                             FileDirectoryInformation, FALSE, nullptr, FALSE, &n),
                       0x1E, {kAccessViolation, 0, kWrite, 0});
  EXPECT_EQ(FltQueryDirectoryFile(Attached(), File(), buffer, sizeof(buffer),
                                  FileStandardInformation, FALSE, nullptr, FALSE, &n),
            STATUS_INVALID_INFO_CLASS);
}

ISSUED_CASE(FltFlushBuffers, NullAndClosedFileObject) {
  EXPECT_ONLY_BUGCHECK(FltFlushBuffers(Attached(), nullptr), 0x1E,
                       {kAccessViolation, 0, kRead, 0});
  PFILE_OBJECT fo = File();
  file_.Close();
  EXPECT_EQ(FltFlushBuffers(Attached(), fo), STATUS_FILE_CLOSED);
}

ISSUED_CASE(FltIsDirectory, NullResultAndOtherVolume) {
  EXPECT_ONLY_BUGCHECK(FltIsDirectory(File(), Attached(), nullptr), 0x1E,
                       {kAccessViolation, 0, kWrite, 0});
  fltctx::io::Volume other(manager());
  fltctx::io::Handle h = other.Create(L"\\other.txt");
  BOOLEAN is_directory = TRUE;
  EXPECT_EQ(FltIsDirectory(h.file_object(), Attached(), &is_directory), STATUS_INVALID_PARAMETER);
  EXPECT_FALSE(is_directory);
}

ISSUED_CASE(FltIsVolumeWritable, NullAndForeignObject) {
  BOOLEAN writable = FALSE;
  EXPECT_ONLY_BUGCHECK(FltIsVolumeWritable(nullptr, &writable), 0x1E,
                       {kAccessViolation, 0, kRead, 0});
  int garbage = 0;
  EXPECT_ONLY_BUGCHECK(FltIsVolumeWritable(&garbage, &writable), 0x1E,
                       {kAccessViolation, 0, 0, Address(&garbage)});
  EXPECT_ONLY_BUGCHECK(FltIsVolumeWritable(Attached(), nullptr), 0x1E,
                       {kAccessViolation, 0, kWrite, 0});
  EXPECT_EQ(FltIsVolumeWritable(Attached(), &writable), STATUS_SUCCESS);
  EXPECT_TRUE(writable);
}

ISSUED_CASE(FltGetFileSystemType, NullAndDispatch) {
  FLT_FILESYSTEM_TYPE type;
  EXPECT_ONLY_BUGCHECK(FltGetFileSystemType(Attached(), nullptr), 0x1E,
                       {kAccessViolation, 0, kWrite, 0});
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltGetFileSystemType(Attached(), &type), 0x0A,
                         {Address(Attached()), DISPATCH_LEVEL});
  });
}

ISSUED_CASE(FltGetDiskDeviceObject, NullAndAboveDispatch) {
  PFLT_VOLUME volume = volume_ == nullptr ? (Attached(), volume_->volume()) : volume_->volume();
  PDEVICE_OBJECT device = nullptr;
  EXPECT_ONLY_BUGCHECK(FltGetDiskDeviceObject(nullptr, &device), 0x1E,
                       {kAccessViolation, 0, kRead, 0});
  EXPECT_ONLY_BUGCHECK(FltGetDiskDeviceObject(volume, nullptr), 0x1E,
                       {kAccessViolation, 0, kWrite, 0});
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltGetDiskDeviceObject(volume, &device), 0x0A,
                         {Address(volume), HIGH_LEVEL});
  });
  EXPECT_EQ(device, nullptr);
  // At DISPATCH_LEVEL it works; the reference is the caller's to release.
  AtIrql(DISPATCH_LEVEL, [&] { EXPECT_EQ(FltGetDiskDeviceObject(volume, &device), STATUS_SUCCESS); });
  ASSERT_NE(device, nullptr);
  ObDereferenceObject(device);
}

ISSUED_CASE(IoGetAttachedDeviceReference, NullNotADeviceAndAboveDispatch) {
  PFLT_VOLUME volume = volume_ == nullptr ? (Attached(), volume_->volume()) : volume_->volume();
  PDEVICE_OBJECT disk = nullptr;
  ASSERT_EQ(FltGetDiskDeviceObject(volume, &disk), STATUS_SUCCESS);
  EXPECT_ONLY_BUGCHECK(IoGetAttachedDeviceReference(nullptr), 0x1E,
                       {kAccessViolation, 0, kRead, 0});
  DEVICE_OBJECT not_an_object = {};
  EXPECT_ONLY_BUGCHECK(IoGetAttachedDeviceReference(&not_an_object), 0x18,
                       {0, Address(&not_an_object), 0, 0});
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(IoGetAttachedDeviceReference(disk), 0x0A, {Address(disk), HIGH_LEVEL});
  });
  PDEVICE_OBJECT top = IoGetAttachedDeviceReference(disk);
  EXPECT_EQ(top, disk);
  ObDereferenceObject(top);
  ObDereferenceObject(disk);
}

ISSUED_CASE(FltGetVolumeProperties, NullAndSizes) {
  PFLT_VOLUME volume = volume_ == nullptr ? (Attached(), volume_->volume()) : volume_->volume();
  FLT_VOLUME_PROPERTIES props;
  ULONG needed = 0;
  EXPECT_ONLY_BUGCHECK(FltGetVolumeProperties(volume, &props, sizeof(props), nullptr), 0x1E,
                       {kAccessViolation, 0, kWrite, 0});
  EXPECT_ONLY_BUGCHECK(FltGetVolumeProperties(volume, nullptr, sizeof(props), &needed), 0x1E,
                       {kAccessViolation, 0, kWrite, 0});
  EXPECT_EQ(FltGetVolumeProperties(volume, nullptr, 0, &needed), STATUS_BUFFER_TOO_SMALL);
  EXPECT_GT(needed, sizeof(props));
}

ISSUED_CASE(FltCancelFileOpen, NullArgumentsAndAHandleOpen) {
  EXPECT_ONLY_BUGCHECK(FltCancelFileOpen(nullptr, File()), 0x1E, {kAccessViolation, 0, kRead, 0});
  EXPECT_ONLY_BUGCHECK(FltCancelFileOpen(Attached(), nullptr), 0x1E,
                       {kAccessViolation, 0, kRead, 0});
  // A file object with a handle is left alone.
  Name name(L"\\Device\\HarddiskVolume1\\kept.txt");
  HANDLE h = nullptr;
  PFILE_OBJECT fo = nullptr;
  IO_STATUS_BLOCK iosb;
  ASSERT_EQ(FltCreateFileEx(Filter(), Attached(), &h, nullptr, 0, &name.oa, &iosb, nullptr, 0, 0,
                            FILE_OPEN_IF, 0, nullptr, 0, 0),
            STATUS_SUCCESS);
  (void)fo;
  EXPECT_EQ(FltClose(h), STATUS_SUCCESS);
}

ISSUED_CASE(FltAllocateCallbackData, NullResultAndPoolFailure) {
  EXPECT_ONLY_BUGCHECK(FltAllocateCallbackData(Attached(), File(), nullptr), 0x1E,
                       {kAccessViolation, 0, kWrite, 0});
  PFLT_CALLBACK_DATA data = reinterpret_cast<PFLT_CALLBACK_DATA>(1);
  {
    ScopedOptions faults([](poolsim::Options& o) {
      o.faults.tags = {"FMic"};
      o.faults.mode = poolsim::FaultMode::kSystematic;
    });
    EXPECT_EQ(FltAllocateCallbackData(Attached(), File(), &data), STATUS_INSUFFICIENT_RESOURCES);
  }
  EXPECT_EQ(data, nullptr);
}

ISSUED_CASE(FltPerformSynchronousIo, NotAllocatedCallbackData) {
  FLT_CALLBACK_DATA data = {};
  EXPECT_ONLY_BUGCHECK(FltPerformSynchronousIo(&data), 0x1E,
                       {kAccessViolation, 0, 0, Address(&data)});
  EXPECT_ONLY_BUGCHECK(FltPerformSynchronousIo(nullptr), 0x1E, {kAccessViolation, 0, kWrite, 0});
}

ISSUED_CASE(FltFreeCallbackData, TwiceAndForeign) {
  PFLT_CALLBACK_DATA data = nullptr;
  ASSERT_EQ(FltAllocateCallbackData(Attached(), nullptr, &data), STATUS_SUCCESS);
  FltFreeCallbackData(data);
  EXPECT_ONLY_BUGCHECK(FltFreeCallbackData(data), 0x1E, {kAccessViolation, 0, 0, Address(data)});
  FLT_CALLBACK_DATA local = {};
  EXPECT_ONLY_BUGCHECK(FltFreeCallbackData(&local), 0x1E,
                       {kAccessViolation, 0, 0, Address(&local)});
}

ISSUED_CASE(FltIsOperationSynchronous, NullAndAboveDispatch) {
  EXPECT_ONLY_BUGCHECK(FltIsOperationSynchronous(nullptr), 0x1E, {kAccessViolation, 0, kRead, 0});
  FLT_IO_PARAMETER_BLOCK iopb = {};
  FLT_CALLBACK_DATA data = {};
  data.Iopb = &iopb;
  EXPECT_TRUE(FltIsOperationSynchronous(&data));  // not an IRP operation
  data.Flags = FLTFL_CALLBACK_DATA_IRP_OPERATION;
  EXPECT_FALSE(FltIsOperationSynchronous(&data));
  AtIrql(DISPATCH_LEVEL, [&] { EXPECT_NO_BUGCHECK(FltIsOperationSynchronous(&data)); });
}

ISSUED_CASE(ZwMapViewOfSection, NullOutputsForeignHandleAndDispatch) {
  PVOID base = nullptr;
  SIZE_T size = 0;
  EXPECT_ONLY_BUGCHECK(ZwMapViewOfSection(reinterpret_cast<HANDLE>(4), ZwCurrentProcess(), nullptr,
                                          0, 0, nullptr, &size, ViewUnmap, 0, PAGE_READONLY),
                       0x1E, {kAccessViolation, 0, kWrite, 0});
  EXPECT_ONLY_BUGCHECK(ZwMapViewOfSection(reinterpret_cast<HANDLE>(4), ZwCurrentProcess(), &base,
                                          0, 0, nullptr, nullptr, ViewUnmap, 0, PAGE_READONLY),
                       0x1E, {kAccessViolation, 0, kWrite, 0});
  EXPECT_EQ(ZwMapViewOfSection(reinterpret_cast<HANDLE>(0x7777), ZwCurrentProcess(), &base, 0, 0,
                               nullptr, &size, ViewUnmap, 0, PAGE_READONLY),
            STATUS_INVALID_HANDLE);
  EXPECT_EQ(base, nullptr);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ZwMapViewOfSection(reinterpret_cast<HANDLE>(4), ZwCurrentProcess(),
                                            &base, 0, 0, nullptr, &size, ViewUnmap, 0,
                                            PAGE_READONLY),
                         0x0A, {4, DISPATCH_LEVEL});
  });
}

ISSUED_CASE(ZwUnmapViewOfSection, NotAViewAndOtherProcess) {
  int local = 0;
  EXPECT_EQ(ZwUnmapViewOfSection(ZwCurrentProcess(), &local), STATUS_NOT_MAPPED_VIEW);
  EXPECT_EQ(ZwUnmapViewOfSection(ZwCurrentProcess(), nullptr), STATUS_NOT_MAPPED_VIEW);
  EXPECT_EQ(ZwUnmapViewOfSection(nullptr, &local), STATUS_INVALID_HANDLE);
}

}  // namespace
}  // namespace misuse
