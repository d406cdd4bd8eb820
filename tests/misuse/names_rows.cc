// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of the file-name routines (fltctx/wdk/file_names.h).

#include <cstdint>

#include "fltctx/wdk/file_names.h"
#include "fltctx/wdk/simulation.h"
#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;
constexpr FLT_FILE_NAME_OPTIONS kNormalized =
    FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT;

uintptr_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

// A name information object for a file on the fixture's instance's volume.
class Names : public MisuseMatrix {
 protected:
  PFLT_FILE_NAME_INFORMATION Query() {
    PFLT_INSTANCE instance = Instance();
    PFLT_VOLUME volume = nullptr;
    PFLT_FILE_NAME_INFORMATION info = nullptr;
    (void)volume;
    file_object_ = fltctx::wdk::OpenFile(VolumeOf(instance));
    EXPECT_EQ(FltGetFileNameInformationUnsafe(file_object_, instance, kNormalized, &info),
              STATUS_SUCCESS);
    return info;
  }
  void TearDown() override {
    if (file_object_ != nullptr) fltctx::wdk::CloseFileObject(file_object_);
    MisuseMatrix::TearDown();
  }
  static PFLT_VOLUME VolumeOf(PFLT_INSTANCE instance) {
    return fltctx::wdk::ToWdk(fltctx::FilterManager::VolumeOf(fltctx::wdk::ToCore(instance)));
  }
  PFILE_OBJECT file_object_ = nullptr;
};

#define NAMES_CASE(api, input_class)                                                    \
  static const bool misuse_registered_##api##_##input_class [[maybe_unused]] =          \
      ::misuse::RegisterCase(#api, #input_class);                                       \
  TEST_F(Names, api##_##input_class)

NAMES_CASE(FltGetFileNameInformation, NullArguments) {
  PFLT_FILE_NAME_INFORMATION info = reinterpret_cast<PFLT_FILE_NAME_INFORMATION>(1);
  EXPECT_EQ(FltGetFileNameInformation(nullptr, kNormalized, &info), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(info, nullptr);
  FLT_CALLBACK_DATA data = {};
  EXPECT_EQ(FltGetFileNameInformation(&data, kNormalized, &info), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(FltGetFileNameInformation(&data, kNormalized, nullptr), STATUS_INVALID_PARAMETER);
}

NAMES_CASE(FltGetFileNameInformation, AtDispatch) {
  FLT_CALLBACK_DATA data = {};
  PFLT_FILE_NAME_INFORMATION info = reinterpret_cast<PFLT_FILE_NAME_INFORMATION>(1);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltGetFileNameInformation(&data, kNormalized, &info), 0x0A,
                         {Address(&data), DISPATCH_LEVEL, 0, 0});
  });
  EXPECT_EQ(info, nullptr);
}

NAMES_CASE(FltGetFileNameInformationUnsafe, NullArgumentsAndBadOptions) {
  PFLT_FILE_NAME_INFORMATION info = reinterpret_cast<PFLT_FILE_NAME_INFORMATION>(1);
  EXPECT_EQ(FltGetFileNameInformationUnsafe(nullptr, Instance(), kNormalized, &info),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(info, nullptr);
  file_object_ = fltctx::wdk::OpenFile(VolumeOf(Instance()));
  EXPECT_EQ(FltGetFileNameInformationUnsafe(file_object_, Instance(), kNormalized, nullptr),
            STATUS_INVALID_PARAMETER);
  // No format, and an undefined format value (formats are values 1-3, not bits).
  EXPECT_EQ(FltGetFileNameInformationUnsafe(file_object_, Instance(), FLT_FILE_NAME_QUERY_DEFAULT,
                                            &info),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(FltGetFileNameInformationUnsafe(
                file_object_, Instance(), 0x04 | FLT_FILE_NAME_QUERY_DEFAULT, &info),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(info, nullptr);
}

NAMES_CASE(FltGetFileNameInformationUnsafe, AtDispatch) {
  file_object_ = fltctx::wdk::OpenFile(VolumeOf(Instance()));
  PFLT_FILE_NAME_INFORMATION info = nullptr;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(
        FltGetFileNameInformationUnsafe(file_object_, Instance(), kNormalized, &info), 0x0A,
        {Address(file_object_), DISPATCH_LEVEL});
  });
  EXPECT_EQ(info, nullptr);
}

NAMES_CASE(FltGetDestinationFileNameInformation, NullArgumentsAndEmptyName) {
  file_object_ = fltctx::wdk::OpenFile(VolumeOf(Instance()));
  PFLT_FILE_NAME_INFORMATION info = reinterpret_cast<PFLT_FILE_NAME_INFORMATION>(1);
  WCHAR name[] = L"\\b.txt";
  const ULONG bytes = sizeof(name) - sizeof(WCHAR);
  EXPECT_EQ(FltGetDestinationFileNameInformation(nullptr, file_object_, nullptr, name, bytes,
                                                 kNormalized, &info),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(info, nullptr);
  EXPECT_EQ(FltGetDestinationFileNameInformation(Instance(), nullptr, nullptr, name, bytes,
                                                 kNormalized, &info),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(FltGetDestinationFileNameInformation(Instance(), file_object_, nullptr, nullptr,
                                                 bytes, kNormalized, &info),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(FltGetDestinationFileNameInformation(Instance(), file_object_, nullptr, name, 0,
                                                 kNormalized, &info),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(FltGetDestinationFileNameInformation(Instance(), file_object_, nullptr, name, bytes,
                                                 kNormalized, nullptr),
            STATUS_INVALID_PARAMETER);
}

NAMES_CASE(FltGetTunneledName, NullAndNotAName) {
  PFLT_FILE_NAME_INFORMATION tunneled = reinterpret_cast<PFLT_FILE_NAME_INFORMATION>(1);
  FLT_CALLBACK_DATA data = {};
  EXPECT_EQ(FltGetTunneledName(nullptr, nullptr, &tunneled), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(tunneled, nullptr);
  int not_a_name = 0;
  EXPECT_ONLY_BUGCHECK(
      FltGetTunneledName(&data, reinterpret_cast<PFLT_FILE_NAME_INFORMATION>(&not_a_name),
                         &tunneled),
      0x1E, {kAccessViolation, 0, 0, Address(&not_a_name)});
}

NAMES_CASE(FltReferenceFileNameInformation, NullAndReleased) {
  EXPECT_ONLY_BUGCHECK(FltReferenceFileNameInformation(nullptr), 0x1E, {kAccessViolation, 0, 0, 0});
  PFLT_FILE_NAME_INFORMATION info = Query();
  ASSERT_NE(info, nullptr);
  FltReleaseFileNameInformation(info);
  EXPECT_ONLY_BUGCHECK(FltReferenceFileNameInformation(info), 0x1E,
                       {kAccessViolation, 0, 0, Address(info)});
}

NAMES_CASE(FltReleaseFileNameInformation, TwiceAndForeign) {
  PFLT_FILE_NAME_INFORMATION info = Query();
  ASSERT_NE(info, nullptr);
  FltReleaseFileNameInformation(info);
  EXPECT_ONLY_BUGCHECK(FltReleaseFileNameInformation(info), 0x1E,
                       {kAccessViolation, 0, 0, Address(info)});
  FLT_FILE_NAME_INFORMATION fake = {};
  EXPECT_ONLY_BUGCHECK(FltReleaseFileNameInformation(&fake), 0x1E,
                       {kAccessViolation, 0, 0, Address(&fake)});
}

NAMES_CASE(FltReleaseFileNameInformation, AtDispatch) {
  PFLT_FILE_NAME_INFORMATION info = Query();
  ASSERT_NE(info, nullptr);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltReleaseFileNameInformation(info), 0x0A,
                         {Address(info), DISPATCH_LEVEL});
  });
  FltReleaseFileNameInformation(info);  // still held: the refused call did nothing
}

NAMES_CASE(FltParseFileNameInformation, NullAndReleased) {
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_ONLY_BUGCHECK(status = FltParseFileNameInformation(nullptr), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  EXPECT_NE(status, STATUS_SUCCESS);
  PFLT_FILE_NAME_INFORMATION info = Query();
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(FltParseFileNameInformation(info), STATUS_SUCCESS);
  EXPECT_EQ(FltParseFileNameInformation(info), STATUS_SUCCESS);  // parsing twice is fine
  FltReleaseFileNameInformation(info);
  EXPECT_ONLY_BUGCHECK(FltParseFileNameInformation(info), 0x1E,
                       {kAccessViolation, 0, 0, Address(info)});
}

NAMES_CASE(FltGetVolumeName, NullAndTooSmall) {
  EXPECT_EQ(FltGetVolumeName(nullptr, nullptr, nullptr), STATUS_INVALID_PARAMETER);
  PFLT_VOLUME volume = VolumeOf(Instance());
  EXPECT_EQ(FltGetVolumeName(volume, nullptr, nullptr), STATUS_INVALID_PARAMETER);
  ULONG needed = 0;
  EXPECT_EQ(FltGetVolumeName(volume, nullptr, &needed), STATUS_BUFFER_TOO_SMALL);
  EXPECT_GT(needed, 0u);
  WCHAR one[1];
  UNICODE_STRING small = {0, sizeof(one), one};
  EXPECT_EQ(FltGetVolumeName(volume, &small, nullptr), STATUS_BUFFER_TOO_SMALL);
  UNICODE_STRING no_buffer = {0, 512, nullptr};
  EXPECT_EQ(FltGetVolumeName(volume, &no_buffer, nullptr), STATUS_BUFFER_TOO_SMALL);
}

NAMES_CASE(FltGetVolumeName, AtDispatch) {
  PFLT_VOLUME volume = VolumeOf(Instance());
  ULONG needed = 0;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltGetVolumeName(volume, nullptr, &needed), 0x0A,
                         {Address(volume), DISPATCH_LEVEL});
  });
}

NAMES_CASE(FltGetVolumeGuidName, NullTooSmallAndAtApc) {
  EXPECT_EQ(FltGetVolumeGuidName(nullptr, nullptr, nullptr), STATUS_INVALID_PARAMETER);
  PFLT_VOLUME volume = VolumeOf(Instance());
  ULONG needed = 0;
  EXPECT_EQ(FltGetVolumeGuidName(volume, nullptr, &needed), STATUS_BUFFER_TOO_SMALL);
  EXPECT_GT(needed, 0u);
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltGetVolumeGuidName(volume, nullptr, &needed), 0x0A,
                         {Address(volume), APC_LEVEL});
  });
}

}  // namespace
}  // namespace misuse

namespace misuse {
namespace {

NAMES_CASE(FltGetVolumeName, ForeignVolume) {
  uint64_t not_a_volume[4] = {};
  ULONG needed = 0;
  EXPECT_ONLY_BUGCHECK(
      FltGetVolumeName(reinterpret_cast<PFLT_VOLUME>(not_a_volume), nullptr, &needed), 0x1E,
      {0xC0000005, 0, 0, reinterpret_cast<uintptr_t>(not_a_volume)});
}

NAMES_CASE(FltGetFileNameInformationUnsafe, ForeignFileObject) {
  FILE_OBJECT forged = {};
  PFLT_FILE_NAME_INFORMATION info = reinterpret_cast<PFLT_FILE_NAME_INFORMATION>(1);
  EXPECT_ONLY_BUGCHECK(FltGetFileNameInformationUnsafe(&forged, Instance(), kNormalized, &info),
                       0x1E, {0xC0000005, 0, 0, reinterpret_cast<uintptr_t>(&forged)});
  EXPECT_EQ(info, nullptr);
}

}  // namespace
}  // namespace misuse
