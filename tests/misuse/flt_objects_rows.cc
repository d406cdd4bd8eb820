// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of the filter manager's object queries and enumeration
// (fltctx/wdk/flt_objects.h).

#include <cstdint>

#include <fltKernel.h>

#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;

MISUSE_CASE(FltGetRequestorProcessId, NullAndForeignThread) {
  EXPECT_ONLY_BUGCHECK(FltGetRequestorProcessId(nullptr), 0x1E, {kAccessViolation, 0, 0});
  FLT_CALLBACK_DATA data = {};
  EXPECT_EQ(FltGetRequestorProcessId(&data), 0u);
  int not_a_thread = 0;
  data.Thread = reinterpret_cast<PETHREAD>(&not_a_thread);
  EXPECT_EQ(FltGetRequestorProcessId(&data), 0u);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltGetRequestorProcessId(nullptr), 0xD1, {0, DISPATCH_LEVEL, 0});
  });
}

MISUSE_CASE(FltGetRequestorProcessIdEx, NullAndForeignThread) {
  EXPECT_ONLY_BUGCHECK(FltGetRequestorProcessIdEx(nullptr), 0x1E, {kAccessViolation});
  FLT_CALLBACK_DATA data = {};
  data.Thread = PsGetCurrentThread();
  EXPECT_EQ(FltGetRequestorProcessIdEx(&data), PsGetCurrentProcessId());
}

MISUSE_CASE(FltGetRequestorProcess, NullAndForeignThread) {
  EXPECT_ONLY_BUGCHECK(FltGetRequestorProcess(nullptr), 0x1E, {kAccessViolation});
  FLT_CALLBACK_DATA data = {};
  data.Thread = reinterpret_cast<PETHREAD>(PsGetCurrentProcess());  // wrong type
  EXPECT_EQ(FltGetRequestorProcess(&data), nullptr);
}

}  // namespace
}  // namespace misuse

namespace misuse {
namespace {

constexpr uint64_t kAv = 0xC0000005;
constexpr uint32_t kReferenceByPointer = 0x18;

// The filter of `instance`, without keeping a reference.
PFLT_FILTER FltGetFilterFromInstanceForRows(PFLT_INSTANCE instance) {
  PFLT_FILTER filter = nullptr;
  EXPECT_EQ(FltGetFilterFromInstance(instance, &filter), STATUS_SUCCESS);
  FltObjectDereference(filter);
  return filter;
}

MISUSE_CASE(FltObjectReference, NullForeignAndDeleting) {
  EXPECT_ONLY_BUGCHECK(FltObjectReference(nullptr), 0x1E, {kAv, 0, 0});
  int local = 0;
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_ONLY_BUGCHECK(status = FltObjectReference(&local), 0x1E, {kAv});
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER);
  PFLT_FILTER filter = Filter();
  ASSERT_EQ(FltObjectReference(filter), STATUS_SUCCESS);
  FltObjectDereference(filter);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltObjectReference(filter), 0x0A, {reinterpret_cast<uintptr_t>(filter),
                                                            DISPATCH_LEVEL, APC_LEVEL});
  });
}

MISUSE_CASE(FltObjectDereference, WithoutAReference) {
  PFLT_FILTER filter = Filter();
  EXPECT_ONLY_BUGCHECK(FltObjectDereference(filter), kReferenceByPointer);
  EXPECT_ONLY_BUGCHECK(FltObjectDereference(nullptr), 0x1E, {kAv});
}

MISUSE_CASE(FltEnumerateFilters, NullCountAndShortList) {
  EXPECT_ONLY_BUGCHECK(FltEnumerateFilters(nullptr, 0, nullptr), 0x1E, {kAv, 0, 1});
  Filter();
  ULONG n = 0;
  EXPECT_EQ(FltEnumerateFilters(nullptr, 0, &n), STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(n, 1u);
  EXPECT_ONLY_BUGCHECK(FltEnumerateFilters(nullptr, 4, &n), 0x1E, {kAv, 0, 1});
}

MISUSE_CASE(FltEnumerateVolumes, NullAndForeignFilter) {
  ULONG n = 0;
  EXPECT_ONLY_BUGCHECK(FltEnumerateVolumes(nullptr, nullptr, 0, &n), 0x1E, {kAv});
  int local = 0;
  EXPECT_ONLY_BUGCHECK(
      FltEnumerateVolumes(reinterpret_cast<PFLT_FILTER>(&local), nullptr, 0, &n), 0x1E, {kAv});
  EXPECT_EQ(FltEnumerateVolumes(FltGetFilterFromInstanceForRows(Instance()), nullptr, 0, &n),
            STATUS_BUFFER_TOO_SMALL);
  EXPECT_GE(n, 1u);
}

MISUSE_CASE(FltEnumerateInstances, ForeignArgumentsAndShortList) {
  ULONG n = 0;
  int local = 0;
  EXPECT_ONLY_BUGCHECK(FltEnumerateInstances(reinterpret_cast<PFLT_VOLUME>(&local), nullptr,
                                             nullptr, 0, &n),
                       0x1E, {kAv});
  EXPECT_ONLY_BUGCHECK(FltEnumerateInstances(nullptr, nullptr, nullptr, 0, nullptr), 0x1E,
                       {kAv, 0, 1});
  Instance();
  EXPECT_EQ(FltEnumerateInstances(nullptr, nullptr, nullptr, 0, &n), STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(n, 1u);
}

MISUSE_CASE(FltGetVolumeFromInstance, NullAndForeign) {
  PFLT_VOLUME v = reinterpret_cast<PFLT_VOLUME>(1);
  EXPECT_ONLY_BUGCHECK(FltGetVolumeFromInstance(nullptr, &v), 0x1E, {kAv});
  EXPECT_ONLY_BUGCHECK(FltGetVolumeFromInstance(Instance(), nullptr), 0x1E, {kAv, 0, 1});
  int local = 0;
  EXPECT_ONLY_BUGCHECK(FltGetVolumeFromInstance(reinterpret_cast<PFLT_INSTANCE>(&local), &v),
                       0x1E, {kAv});
}

MISUSE_CASE(FltGetFilterFromInstance, NullAndForeign) {
  PFLT_FILTER f = nullptr;
  EXPECT_ONLY_BUGCHECK(FltGetFilterFromInstance(nullptr, &f), 0x1E, {kAv});
  EXPECT_ONLY_BUGCHECK(FltGetFilterFromInstance(Instance(), nullptr), 0x1E, {kAv, 0, 1});
}

MISUSE_CASE(FltGetVolumeFromFileObject, NullAndForeign) {
  PFLT_VOLUME v = nullptr;
  PFLT_FILTER filter = Filter();
  EXPECT_ONLY_BUGCHECK(FltGetVolumeFromFileObject(filter, nullptr, &v), 0x1E, {kAv});
  FILE_OBJECT fake = {};
  EXPECT_ONLY_BUGCHECK(FltGetVolumeFromFileObject(filter, &fake, &v), 0x1E, {kAv});
  EXPECT_EQ(v, nullptr);
}

MISUSE_CASE(FltGetVolumeFromName, NullMalformedAndUnknown) {
  PFLT_VOLUME v = nullptr;
  PFLT_FILTER filter = Filter();
  EXPECT_ONLY_BUGCHECK(FltGetVolumeFromName(filter, nullptr, &v), 0x1E, {kAv});
  UNICODE_STRING odd = {3, 4, const_cast<PWCH>(L"ab")};
  EXPECT_EQ(FltGetVolumeFromName(filter, &odd, &v), STATUS_INVALID_PARAMETER);
  UNICODE_STRING empty = {0, 0, nullptr};
  EXPECT_EQ(FltGetVolumeFromName(filter, &empty, &v), STATUS_INVALID_PARAMETER);
  UNICODE_STRING none = RTL_CONSTANT_STRING(L"\\Device\\Nothing");
  EXPECT_EQ(FltGetVolumeFromName(filter, &none, &v), STATUS_FLT_VOLUME_NOT_FOUND);
}

MISUSE_CASE(FltGetVolumeInstanceFromName, NullsAndUnknownName) {
  PFLT_INSTANCE i = nullptr;
  EXPECT_ONLY_BUGCHECK(FltGetVolumeInstanceFromName(Filter(), nullptr, nullptr, &i), 0x1E, {kAv});
  PFLT_INSTANCE instance = Instance();
  PFLT_VOLUME volume = nullptr;
  ASSERT_EQ(FltGetVolumeFromInstance(instance, &volume), STATUS_SUCCESS);
  UNICODE_STRING none = RTL_CONSTANT_STRING(L"NoSuchInstance");
  EXPECT_EQ(FltGetVolumeInstanceFromName(nullptr, volume, &none, &i),
            STATUS_FLT_INSTANCE_NOT_FOUND);
  FltObjectDereference(volume);
}

MISUSE_CASE(FltAttachVolume, NullsAndCollision) {
  PFLT_INSTANCE instance = Instance();
  PFLT_VOLUME volume = nullptr;
  PFLT_FILTER filter = nullptr;
  ASSERT_EQ(FltGetVolumeFromInstance(instance, &volume), STATUS_SUCCESS);
  ASSERT_EQ(FltGetFilterFromInstance(instance, &filter), STATUS_SUCCESS);
  EXPECT_ONLY_BUGCHECK(FltAttachVolume(nullptr, volume, nullptr, nullptr), 0x1E, {kAv});
  EXPECT_ONLY_BUGCHECK(FltAttachVolume(filter, nullptr, nullptr, nullptr), 0x1E, {kAv});
  // The fixture's instance has the default name.
  EXPECT_EQ(FltAttachVolume(filter, volume, nullptr, nullptr), STATUS_FLT_INSTANCE_NAME_COLLISION);
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltAttachVolume(filter, volume, nullptr, nullptr), 0x0A);
  });
  FltObjectDereference(filter);
  FltObjectDereference(volume);
}

MISUSE_CASE(FltDetachVolume, NullsAndUnknownName) {
  PFLT_INSTANCE instance = Instance();
  PFLT_VOLUME volume = nullptr;
  PFLT_FILTER filter = nullptr;
  ASSERT_EQ(FltGetVolumeFromInstance(instance, &volume), STATUS_SUCCESS);
  ASSERT_EQ(FltGetFilterFromInstance(instance, &filter), STATUS_SUCCESS);
  EXPECT_ONLY_BUGCHECK(FltDetachVolume(filter, nullptr, nullptr), 0x1E, {kAv});
  UNICODE_STRING none = RTL_CONSTANT_STRING(L"NoSuchInstance");
  EXPECT_EQ(FltDetachVolume(filter, volume, &none), STATUS_FLT_INSTANCE_NOT_FOUND);
  FltObjectDereference(filter);
  FltObjectDereference(volume);
}

MISUSE_CASE(FltGetInstanceInformation, NullsClassesAndSizes) {
  PFLT_INSTANCE instance = Instance();
  unsigned char buffer[8];
  ULONG needed = 0;
  EXPECT_ONLY_BUGCHECK(FltGetInstanceInformation(instance, InstanceBasicInformation, buffer, 8,
                                                 nullptr),
                       0x1E, {kAv, 0, 1});
  EXPECT_EQ(FltGetInstanceInformation(instance, InstanceAggregateStandardInformation, buffer, 8,
                                      &needed),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(FltGetInstanceInformation(instance, InstanceFullInformation, buffer, 8, &needed),
            STATUS_BUFFER_TOO_SMALL);
  EXPECT_GT(needed, 8u);
  EXPECT_ONLY_BUGCHECK(FltGetInstanceInformation(instance, InstanceBasicInformation, nullptr,
                                                 1000, &needed),
                       0x1E, {kAv, 0, 1});
}

MISUSE_CASE(FltGetRoutineAddress, UnknownName) {
  EXPECT_EQ(FltGetRoutineAddress("FltNoSuchRoutine"), nullptr);
}

}  // namespace
}  // namespace misuse
