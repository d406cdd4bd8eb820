// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/issued_async_io_test.cc
// -----------------------------------------------------------------------------
//
// FltReadFile and FltWriteFile in their asynchronous form (a CallbackRoutine
// given), through the WDK names: the routine runs once with the completed
// callback data and the context, after the post-operations of the filters
// below; the request is not IRP_SYNCHRONOUS_API (FltIsOperationSynchronous
// in a lower filter says FALSE); BytesRead / BytesWritten is ignored; and
// FLTFL_IO_OPERATION_NON_CACHED reaches the filters as IRP_NOCACHE, with the
// sector alignment the file system requires. Leak-checked.

#include <fltKernel.h>

#include <cstring>
#include <memory>
#include <vector>

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"

namespace {

PFLT_FILTER g_lower = nullptr;
PFLT_FILTER g_upper = nullptr;

// What the lower filter saw of the last read or write, and the order of
// events.
struct Seen {
  BOOLEAN synchronous = TRUE;
  ULONG irp_flags = 0;
  std::vector<const char*> events;
};
Seen g_seen;

// What the completion routine received.
struct Completion {
  int calls = 0;
  PFLT_CALLBACK_DATA data = nullptr;
  PFLT_CONTEXT context = nullptr;
  UCHAR major = 0;
  NTSTATUS status = STATUS_UNSUCCESSFUL;
  ULONG_PTR information = 0;
};
Completion g_done;

FLT_PREOP_CALLBACK_STATUS FLTAPI LowerPre(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS,
                                          PVOID*) {
  g_seen.synchronous = FltIsOperationSynchronous(data);
  g_seen.irp_flags = data->Iopb->IrpFlags;
  g_seen.events.push_back("lower pre");
  return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}
FLT_POSTOP_CALLBACK_STATUS FLTAPI LowerPost(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID,
                                            FLT_POST_OPERATION_FLAGS) {
  g_seen.events.push_back("lower post");
  return FLT_POSTOP_FINISHED_PROCESSING;
}

VOID FLTAPI Completed(PFLT_CALLBACK_DATA data, PFLT_CONTEXT context) {
  ++g_done.calls;
  g_done.data = data;
  g_done.context = context;
  g_done.major = data->Iopb->MajorFunction;
  g_done.status = data->IoStatus.Status;
  g_done.information = data->IoStatus.Information;
  g_seen.events.push_back("completion");
}

const FLT_OPERATION_REGISTRATION kLowerOperations[] = {
    {IRP_MJ_READ, 0, LowerPre, LowerPost, nullptr},
    {IRP_MJ_WRITE, 0, LowerPre, LowerPost, nullptr},
    {IRP_MJ_OPERATION_END, 0, nullptr, nullptr, nullptr}};
const FLT_OPERATION_REGISTRATION kNoOperations[] = {
    {IRP_MJ_OPERATION_END, 0, nullptr, nullptr, nullptr}};

PFLT_FILTER Register(const FLT_OPERATION_REGISTRATION* operations) {
  FLT_REGISTRATION r = {};
  r.Size = sizeof(r);
  r.Version = FLT_REGISTRATION_VERSION;
  r.OperationRegistration = operations;
  PFLT_FILTER filter = nullptr;
  EXPECT_EQ(FltRegisterFilter(nullptr, &r, &filter), STATUS_SUCCESS);
  EXPECT_EQ(FltStartFiltering(filter), STATUS_SUCCESS);
  return filter;
}

class AsyncIoTest : public ::testing::Test {
 protected:
  AsyncIoTest() : fm_(poolsim::Ambient()), install_(&fm_) {
    g_seen = Seen();
    g_done = Completion();
    g_lower = Register(kLowerOperations);
    g_upper = Register(kNoOperations);
    vol_ = std::make_unique<fltctx::io::Volume>(fm_);
    EXPECT_NE(vol_->Attach(g_lower, "200000"), nullptr);
    upper_ = vol_->Attach(g_upper, "300000");
    // A file object opened for asynchronous I/O (no FILE_SYNCHRONOUS_IO_*).
    UNICODE_STRING us;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    RtlInitUnicodeString(&us, L"\\Device\\HarddiskVolume1\\async.bin");
    InitializeObjectAttributes(&oa, &us, OBJ_KERNEL_HANDLE, nullptr, nullptr);
    EXPECT_EQ(FltCreateFileEx(g_upper, upper_, &handle_, &fo_,
                              FILE_GENERIC_READ | FILE_GENERIC_WRITE, &oa, &iosb, nullptr,
                              FILE_ATTRIBUTE_NORMAL, 0, FILE_OPEN_IF, FILE_NON_DIRECTORY_FILE,
                              nullptr, 0, 0),
              STATUS_SUCCESS);
  }
  ~AsyncIoTest() override {
    if (fo_ != nullptr) ObDereferenceObject(fo_);
    if (handle_ != nullptr) FltClose(handle_);
    vol_.reset();
    FltUnregisterFilter(g_upper);
    FltUnregisterFilter(g_lower);
  }

  fltctx::FilterManager fm_;
  fltctx::ScopedFilterManager install_;
  std::unique_ptr<fltctx::io::Volume> vol_;
  PFLT_INSTANCE upper_ = nullptr;
  HANDLE handle_ = nullptr;
  PFILE_OBJECT fo_ = nullptr;
};

TEST_F(AsyncIoTest, TheRoutineRunsOnceWithTheCompletedCallbackData) {
  char data[] = "asynchronous";
  LARGE_INTEGER offset;
  offset.QuadPart = 0;
  ULONG written = 0xDEAD;
  int context_value = 0;
  EXPECT_EQ(FltWriteFile(upper_, fo_, &offset, 12, data, 0, &written, Completed, &context_value),
            STATUS_SUCCESS);
  EXPECT_EQ(g_done.calls, 1);
  EXPECT_EQ(g_done.context, &context_value);
  EXPECT_NE(g_done.data, nullptr);
  EXPECT_EQ(g_done.major, IRP_MJ_WRITE);
  EXPECT_EQ(g_done.status, STATUS_SUCCESS);
  EXPECT_EQ(g_done.information, 12u);
  EXPECT_EQ(written, 0xDEADu) << "BytesWritten is ignored with a CallbackRoutine";
  // Not a synchronous API request: the filter below sees an asynchronous one.
  EXPECT_FALSE(g_seen.synchronous);
  EXPECT_EQ(g_seen.irp_flags & IRP_SYNCHRONOUS_API, 0u);
  // The routine comes after the post-operations below.
  ASSERT_EQ(g_seen.events.size(), 3u);
  EXPECT_STREQ(g_seen.events[1], "lower post");
  EXPECT_STREQ(g_seen.events[2], "completion");

  char buffer[32] = {};
  ULONG read = 0xBEEF;
  g_done = Completion();
  EXPECT_EQ(FltReadFile(upper_, fo_, &offset, sizeof(buffer), buffer, 0, &read, Completed,
                        nullptr),
            STATUS_SUCCESS);
  EXPECT_EQ(g_done.calls, 1);
  EXPECT_EQ(g_done.major, IRP_MJ_READ);
  EXPECT_EQ(g_done.information, 12u);
  EXPECT_EQ(read, 0xBEEFu);
  EXPECT_EQ(std::memcmp(buffer, "asynchronous", 12), 0);

  // A failure is completed the same way: once, with its status.
  offset.QuadPart = 100;
  g_done = Completion();
  EXPECT_EQ(FltReadFile(upper_, fo_, &offset, sizeof(buffer), buffer, 0, nullptr, Completed,
                        nullptr),
            STATUS_END_OF_FILE);
  EXPECT_EQ(g_done.calls, 1);
  EXPECT_EQ(g_done.status, STATUS_END_OF_FILE);
}

TEST_F(AsyncIoTest, TheSynchronousFormIsSynchronousAndCountsTheBytes) {
  char data[] = "sync";
  LARGE_INTEGER offset;
  offset.QuadPart = 0;
  ULONG written = 0;
  EXPECT_EQ(FltWriteFile(upper_, fo_, &offset, 4, data, 0, &written, nullptr, nullptr),
            STATUS_SUCCESS);
  EXPECT_EQ(written, 4u);
  EXPECT_TRUE(g_seen.synchronous);
  EXPECT_NE(g_seen.irp_flags & IRP_SYNCHRONOUS_API, 0u);
  EXPECT_EQ(g_done.calls, 0);
}

TEST_F(AsyncIoTest, ArgumentErrorsAreReturnedBeforeAnythingIsSent) {
  char buffer[16] = {};
  ULONG read = 7;
  // No ByteOffset on a file object opened for asynchronous I/O.
  EXPECT_EQ(FltReadFile(upper_, fo_, nullptr, sizeof(buffer), buffer, 0, &read, Completed,
                        nullptr),
            STATUS_INVALID_PARAMETER);
  LARGE_INTEGER offset;
  offset.QuadPart = 0;
  EXPECT_EQ(FltReadFile(upper_, fo_, &offset, sizeof(buffer), buffer, 0x100, &read, Completed,
                        nullptr),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(g_done.calls, 0) << "nothing was sent, so nothing completes";
  EXPECT_TRUE(g_seen.events.empty());
  EXPECT_EQ(read, 7u);
}

TEST_F(AsyncIoTest, NonCachedIoIsSectorAligned) {
  std::vector<char> sector(1024, 'x');
  LARGE_INTEGER offset;
  offset.QuadPart = 0;
  ULONG bytes = 0;
  EXPECT_EQ(FltWriteFile(upper_, fo_, &offset, 1024, sector.data(),
                         FLTFL_IO_OPERATION_NON_CACHED, &bytes, nullptr, nullptr),
            STATUS_SUCCESS);
  EXPECT_EQ(bytes, 1024u);
  EXPECT_NE(g_seen.irp_flags & IRP_NOCACHE, 0u);
  // Not a whole sector, or not at a sector boundary: the file system refuses
  // it, after the filters saw it.
  g_seen.events.clear();
  EXPECT_EQ(FltReadFile(upper_, fo_, &offset, 100, sector.data(), FLTFL_IO_OPERATION_NON_CACHED,
                        &bytes, nullptr, nullptr),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(g_seen.events.size(), 2u);
  offset.QuadPart = 7;
  EXPECT_EQ(FltReadFile(upper_, fo_, &offset, 512, sector.data(), FLTFL_IO_OPERATION_NON_CACHED,
                        nullptr, Completed, nullptr),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(g_done.status, STATUS_INVALID_PARAMETER);
  offset.QuadPart = 512;
  EXPECT_EQ(FltReadFile(upper_, fo_, &offset, 512, sector.data(), FLTFL_IO_OPERATION_NON_CACHED,
                        &bytes, nullptr, nullptr),
            STATUS_SUCCESS);
  EXPECT_EQ(bytes, 512u);
  // Cached I/O has no such rule.
  offset.QuadPart = 3;
  EXPECT_EQ(FltReadFile(upper_, fo_, &offset, 5, sector.data(), 0, &bytes, nullptr, nullptr),
            STATUS_SUCCESS);
  EXPECT_EQ(bytes, 5u);
}

}  // namespace
