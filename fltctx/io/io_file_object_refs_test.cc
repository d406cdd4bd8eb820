// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// ObReferenceObject / ObDereferenceObject on the FILE_OBJECT a filter's
// callback receives (FltObjects->FileObject) for simulated I/O: the close
// waits for the last reference, a last reference released at DISPATCH_LEVEL
// closes on a worker thread, a reference never released is in the leak
// report with the stack that took it, and references to file objects that
// are not open are the object manager's bug check.

#include <algorithm>
#include <string>
#include <vector>

#include "fltctx/io/internal/file_object_refs.h"
#include "fltctx/io/io.h"
#include "fltctx/io/io_test_fixture.h"
#include "ob/wdk/ob.h"
#include "poolsim/irql.h"
#include "poolsim/wdk/wdm.h"

namespace fltctx_io_test {
namespace {

size_t Count(const std::vector<std::string>& lines, const std::string& line) {
  return static_cast<size_t>(std::count(lines.begin(), lines.end(), line));
}

class FileObjectReferenceTest : public SimulatedIoTest {
 protected:
  FileObjectReferenceTest() {
    Register<A>();
    A::post = [this](PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS objects, PVOID) {
      if (data->Iopb->MajorFunction != IRP_MJ_CREATE || !NT_SUCCESS(data->IoStatus.Status)) return;
      // As a filter keeps a file object for a worker that uses it later.
      ObReferenceObject(objects->FileObject);
      kept_ = objects->FileObject;
    };
    volume_.Attach(A::filter, "370000");
  }
  ~FileObjectReferenceTest() override { FltUnregisterFilter(A::filter); }

  fltctx::io::Volume volume_{fm_};
  PFILE_OBJECT kept_ = nullptr;
};

TEST_F(FileObjectReferenceTest, TheCloseWaitsForTheLastReference) {
  fltctx::io::Handle h = volume_.Create(L"\\kept.txt");
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  ASSERT_EQ(kept_, h.file_object());
  ObReferenceObject(kept_);  // a second one
  log_.Take();
  h.Close();
  std::vector<std::string> lines = log_.Take();
  EXPECT_EQ(Count(lines, "A post cleanup"), 1u);
  EXPECT_EQ(Count(lines, "A pre close"), 0u) << "referenced: no IRP_MJ_CLOSE yet";
  ObDereferenceObject(kept_);
  EXPECT_EQ(Count(log_.Take(), "A pre close"), 0u) << "one reference is still held";
  ObDereferenceObject(kept_);
  EXPECT_EQ(Count(log_.Take(), "A post close"), 1u);
  EXPECT_TRUE(env_.LeakedObjects().empty());
  EXPECT_TRUE(BugChecks().empty());
}

TEST_F(FileObjectReferenceTest, ReleasedAtDispatchLevelTheCloseRunsOnAWorkerAtPassiveLevel) {
  std::vector<poolsim::Irql> close_irql;
  A::pre = [&](PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS, PVOID*) {
    if (data->Iopb->MajorFunction == IRP_MJ_CLOSE) close_irql.push_back(poolsim::CurrentIrql());
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
  };
  fltctx::io::Handle h = volume_.Create(L"\\dpc.txt");
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  h.Close();
  KIRQL old = 0;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  ObDereferenceObject(kept_);
  KeLowerIrql(old);
  fltctx::io::io_internal::WaitForDeferredCloses();
  ASSERT_EQ(close_irql.size(), 1u);
  EXPECT_EQ(close_irql[0], poolsim::kPassiveLevel);
  EXPECT_TRUE(BugChecks().empty());
}

TEST_F(FileObjectReferenceTest, AReferenceNeverReleasedIsReportedWithItsStack) {
  fltctx::io::Handle h = volume_.Create(L"\\leaked.txt");
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  h.Close();
  const std::vector<poolsim::LeakedObject> leaked = env_.LeakedObjects();
  ASSERT_EQ(leaked.size(), 1u);
  EXPECT_EQ(leaked[0].kind, "file object reference");
  EXPECT_EQ(leaked[0].type_name, "FILE_OBJECT");
  EXPECT_EQ(leaked[0].attached_to, "file \\leaked.txt");
  EXPECT_EQ(leaked[0].address, reinterpret_cast<uintptr_t>(kept_));
  ASSERT_EQ(leaked[0].references.size(), 1u);
  EXPECT_EQ(leaked[0].references[0].operation, "ObReferenceObject");
  EXPECT_NE(leaked[0].references[0].stack, poolsim::kNoStack);
  ObDereferenceObject(kept_);
  EXPECT_TRUE(env_.LeakedObjects().empty());
}

TEST_F(FileObjectReferenceTest, ReferencesToAClosedFileObjectAreTheObjectManagersBugCheck) {
  fltctx::io::Handle h = volume_.Create(L"\\closed.txt");
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  ObDereferenceObject(kept_);
  EXPECT_TRUE(BugChecks().empty());
  // One dereference too many while it is open: REFERENCE_BY_POINTER.
  ObDereferenceObject(kept_);
  ASSERT_EQ(BugChecks().size(), 1u);
  EXPECT_EQ(BugChecks()[0].code, 0x18u);
  ClearBugChecks();
  h.Close();
  // Closed: the pointer is no object any more.
  ObReferenceObject(kept_);
  ASSERT_EQ(BugChecks().size(), 1u);
  EXPECT_EQ(BugChecks()[0].code, 0x18u);
}

}  // namespace
}  // namespace fltctx_io_test
