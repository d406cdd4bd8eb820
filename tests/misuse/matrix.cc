// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: tests/misuse/matrix.cc
// -----------------------------------------------------------------------------
//
// The misuse matrix's registry, its bug-check assertions and the fixture's
// after-every-case checks.

#include "tests/misuse/matrix.h"

#include <string>

#include "absl/strings/str_format.h"
#include "fltctx/io/io.h"
#include "fltctx/wdk/simulation.h"
#include "poolsim/environment.h"
#include "poolsim/leak_report.h"
#include "poolsim/wdk/wdm.h"

namespace misuse {
namespace {

std::map<std::string, std::set<std::string>>& MutableRows() {
  static auto* rows = new std::map<std::string, std::set<std::string>>();
  return *rows;
}

const FLT_CONTEXT_REGISTRATION kContexts[] = {
    {FLT_STREAM_CONTEXT, 0, nullptr, 32, kTag, nullptr, nullptr, nullptr},
    {FLT_STREAMHANDLE_CONTEXT, 0, nullptr, 32, kTag, nullptr, nullptr, nullptr},
    {FLT_INSTANCE_CONTEXT, 0, nullptr, 32, kTag, nullptr, nullptr, nullptr},
    {FLT_VOLUME_CONTEXT, 0, nullptr, 32, kTag, nullptr, nullptr, nullptr},
    {FLT_FILE_CONTEXT, 0, nullptr, 32, kTag, nullptr, nullptr, nullptr},
    {FLT_TRANSACTION_CONTEXT, 0, nullptr, 32, kTag, nullptr, nullptr, nullptr},
    {FLT_CONTEXT_END, 0, nullptr, 0, 0, nullptr, nullptr, nullptr}};

PFLT_FILTER RegisterFilter() {
  FLT_REGISTRATION registration = {};
  registration.Size = sizeof(registration);
  registration.Version = FLT_REGISTRATION_VERSION;
  registration.ContextRegistration = kContexts;
  PFLT_FILTER filter = nullptr;
  EXPECT_EQ(FltRegisterFilter(nullptr, &registration, &filter), STATUS_SUCCESS);
  return filter;
}

std::string Describe(const std::vector<poolsim::BugCheck>& seen) {
  std::string text;
  for (const poolsim::BugCheck& b : seen) {
    absl::StrAppendFormat(&text, "\n  0x%X (0x%X, 0x%X, 0x%X, 0x%X) %s", b.code,
                          b.parameters[0], b.parameters[1], b.parameters[2],
                          b.parameters[3], b.description);
  }
  return text.empty() ? std::string(" none") : text;
}

// A fresh pool allocation, context cycle and simulated I/O cycle.
void ExpectSimulatorUsable(fltctx::FilterManager& manager) {
  PVOID block = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, kTag);
  ASSERT_NE(block, nullptr) << "the pool no longer allocates";
  ExFreePoolWithTag(block, kTag);

  PFLT_FILTER filter = RegisterFilter();
  ASSERT_NE(filter, nullptr) << "a filter no longer registers";
  ASSERT_EQ(FltStartFiltering(filter), STATUS_SUCCESS);
  PFLT_VOLUME volume = fltctx::wdk::CreateVolume(manager);
  PFLT_INSTANCE instance = fltctx::wdk::AttachInstance(filter, volume);
  ASSERT_NE(instance, nullptr);
  PFILE_OBJECT file_object = fltctx::wdk::OpenFile(volume);
  PFLT_CONTEXT context = nullptr;
  ASSERT_EQ(FltAllocateContext(filter, FLT_STREAM_CONTEXT, 32, NonPagedPoolNx,
                               &context),
            STATUS_SUCCESS);
  ASSERT_EQ(
      FltSetStreamContext(instance, file_object, FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                          context, nullptr),
      STATUS_SUCCESS);
  FltReleaseContext(context);
  PFLT_CONTEXT got = nullptr;
  ASSERT_EQ(FltGetStreamContext(instance, file_object, &got), STATUS_SUCCESS);
  EXPECT_EQ(got, context);
  FltReleaseContext(got);
  fltctx::wdk::CloseFileObject(file_object);

  fltctx::io::Volume io_volume(manager);
  io_volume.Attach(filter, "370030");
  fltctx::io::Handle handle = io_volume.Create(L"\\still-usable.txt");
  EXPECT_EQ(handle.Write("data"), STATUS_SUCCESS);
  std::string read_back;
  EXPECT_EQ(handle.Read(4, &read_back, 0), STATUS_SUCCESS);
  EXPECT_EQ(read_back, "data");
  handle.Close();
  FltUnregisterFilter(filter);
}

}  // namespace

bool RegisterCase(const char* api, const char* input_class) {
  MutableRows()[api].insert(input_class);
  return true;
}

const std::map<std::string, std::set<std::string>>& Rows() {
  return MutableRows();
}

::testing::AssertionResult OnlyBugCheck(
    const std::vector<poolsim::BugCheck>& seen, uint32_t code,
    std::vector<std::optional<uint64_t>> parameters) {
  if (seen.size() != 1 || seen[0].code != code) {
    return ::testing::AssertionFailure()
           << absl::StrFormat("expected exactly one bug check 0x%X; saw:", code)
           << Describe(seen);
  }
  for (size_t i = 0; i < parameters.size() && i < 4; ++i) {
    if (parameters[i].has_value() && seen[0].parameters[i] != *parameters[i]) {
      return ::testing::AssertionFailure()
             << absl::StrFormat("bug check 0x%X: P%d is 0x%X, expected 0x%X",
                                code, i + 1, seen[0].parameters[i],
                                *parameters[i])
             << Describe(seen);
    }
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult NoBugCheck(
    const std::vector<poolsim::BugCheck>& seen) {
  if (seen.empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "expected no bug check; saw:" << Describe(seen);
}

MisuseMatrix::MisuseMatrix()
    : manager_(std::make_unique<fltctx::FilterManager>(poolsim::Ambient())),
      leak_check_(std::make_unique<poolsim::testing::ScopedLeakCheck>()) {}

MisuseMatrix::~MisuseMatrix() = default;

PFLT_FILTER MisuseMatrix::Filter() {
  if (filter_ == nullptr) filter_ = RegisterFilter();
  return filter_;
}

PFLT_INSTANCE MisuseMatrix::Instance() {
  if (instance_ == nullptr) {
    PFLT_FILTER filter = Filter();
    EXPECT_EQ(FltStartFiltering(filter), STATUS_SUCCESS);
    volume_ = fltctx::wdk::CreateVolume(*manager_);
    instance_ = fltctx::wdk::AttachInstance(filter, volume_);
  }
  return instance_;
}

void MisuseMatrix::TearDown() {
  const KIRQL irql = KeGetCurrentIrql();
  EXPECT_EQ(irql, PASSIVE_LEVEL)
      << "the case left the thread at IRQL " << int{irql};
  if (irql != PASSIVE_LEVEL) {
    poolsim::testing::BugCheckCapture swallow;
    KeLowerIrql(PASSIVE_LEVEL);
  }
  if (filter_ != nullptr) FltUnregisterFilter(filter_);
  filter_ = nullptr;
  instance_ = nullptr;
  ExpectSimulatorUsable(*manager_);
  const poolsim::LeakReport report = leak_check_->Check();
  EXPECT_EQ(report.leaked_blocks(), 0u)
      << "the case left " << report.leaked_blocks() << " pool blocks behind";
  EXPECT_TRUE(report.objects.empty())
      << "the case left " << report.objects.size() << " objects behind";
}

}  // namespace misuse
