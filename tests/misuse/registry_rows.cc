// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of the registry routines (registry/wdk/zw_registry.h).

#include <cstdint>

#include <ntifs.h>

#include "registry/driver_object.h"
#include "registry/registry.h"
#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;

uintptr_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

UNICODE_STRING kServices =
    RTL_CONSTANT_STRING(L"\\Registry\\Machine\\System\\CurrentControlSet\\Services");

HANDLE OpenServices(ACCESS_MASK access = KEY_ALL_ACCESS) {
  OBJECT_ATTRIBUTES oa;
  InitializeObjectAttributes(&oa, &kServices, OBJ_KERNEL_HANDLE, nullptr, nullptr);
  HANDLE h = nullptr;
  EXPECT_EQ(ZwOpenKey(&h, access, &oa), STATUS_SUCCESS);
  return h;
}

MISUSE_CASE(ZwOpenKey, NullsBadAttributesAndNames) {
  HANDLE h = reinterpret_cast<HANDLE>(1);
  OBJECT_ATTRIBUTES oa;
  InitializeObjectAttributes(&oa, &kServices, OBJ_KERNEL_HANDLE, nullptr, nullptr);
  EXPECT_ONLY_BUGCHECK(ZwOpenKey(nullptr, KEY_READ, &oa), 0x1E, {kAccessViolation, 0, 1});
  EXPECT_ONLY_BUGCHECK(ZwOpenKey(&h, KEY_READ, nullptr), 0x1E, {kAccessViolation, 0, 0});
  oa.Length = 0;
  EXPECT_EQ(ZwOpenKey(&h, KEY_READ, &oa), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(h, nullptr);
  oa.Length = sizeof(oa);
  oa.Attributes = 0x00100000u;
  EXPECT_EQ(ZwOpenKey(&h, KEY_READ, &oa), STATUS_INVALID_PARAMETER);
  oa.Attributes = OBJ_KERNEL_HANDLE;
  UNICODE_STRING odd = {3, 8, kServices.Buffer};
  oa.ObjectName = &odd;
  EXPECT_EQ(ZwOpenKey(&h, KEY_READ, &oa), STATUS_INVALID_PARAMETER);
  UNICODE_STRING no_buffer = {8, 8, nullptr};
  oa.ObjectName = &no_buffer;
  EXPECT_ONLY_BUGCHECK(ZwOpenKey(&h, KEY_READ, &oa), 0x1E, {kAccessViolation, 0, 0});
  oa.ObjectName = nullptr;
  EXPECT_EQ(ZwOpenKey(&h, KEY_READ, &oa), STATUS_OBJECT_PATH_SYNTAX_BAD);
  oa.RootDirectory = reinterpret_cast<HANDLE>(0x1230);
  EXPECT_EQ(ZwOpenKey(&h, KEY_READ, &oa), STATUS_INVALID_HANDLE);
  oa.RootDirectory = NtCurrentProcess();
  EXPECT_EQ(ZwOpenKey(&h, KEY_READ, &oa), STATUS_INVALID_HANDLE);
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ZwOpenKey(&h, KEY_READ, &oa), 0x0A, {Address(&h), APC_LEVEL, 0});
  });
}

MISUSE_CASE(ZwOpenKey, InjectedFault) {
  HANDLE h = nullptr;
  OBJECT_ATTRIBUTES oa;
  InitializeObjectAttributes(&oa, &kServices, OBJ_KERNEL_HANDLE, nullptr, nullptr);
  ScopedOptions faults([](poolsim::Options& o) { o.faults.fail_nth = 1; });
  EXPECT_EQ(ZwOpenKey(&h, KEY_READ, &oa), STATUS_INSUFFICIENT_RESOURCES);
}

MISUSE_CASE(ZwCreateKey, NullsOptionsAndMissingParents) {
  HANDLE h = nullptr;
  OBJECT_ATTRIBUTES oa;
  UNICODE_STRING deep = RTL_CONSTANT_STRING(L"\\Registry\\Machine\\Nope\\Deeper");
  InitializeObjectAttributes(&oa, &deep, OBJ_KERNEL_HANDLE, nullptr, nullptr);
  EXPECT_ONLY_BUGCHECK(ZwCreateKey(nullptr, KEY_ALL_ACCESS, &oa, 0, nullptr, 0, nullptr), 0x1E,
                       {kAccessViolation, 0, 1});
  EXPECT_ONLY_BUGCHECK(ZwCreateKey(&h, KEY_ALL_ACCESS, nullptr, 0, nullptr, 0, nullptr), 0x1E,
                       {kAccessViolation, 0, 0});
  EXPECT_EQ(ZwCreateKey(&h, KEY_ALL_ACCESS, &oa, 0, nullptr, 0x80000000u, nullptr),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ZwCreateKey(&h, KEY_ALL_ACCESS, &oa, 0, nullptr, 0, nullptr),
            STATUS_OBJECT_NAME_NOT_FOUND);
  EXPECT_FALSE(registry::KeyExists(L"\\Registry\\Machine\\Nope"));
}

MISUSE_CASE(ZwQueryValueKey, NullsBadHandlesClassesAndAccess) {
  registry::SetDword(registry::ServiceKeyPath(L"m"), L"V", 1);
  UNICODE_STRING services_m = RTL_CONSTANT_STRING(
      L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\m");
  OBJECT_ATTRIBUTES oa;
  InitializeObjectAttributes(&oa, &services_m, OBJ_KERNEL_HANDLE, nullptr, nullptr);
  HANDLE h = nullptr;
  ASSERT_EQ(ZwOpenKey(&h, KEY_SET_VALUE, &oa), STATUS_SUCCESS);
  UNICODE_STRING v = RTL_CONSTANT_STRING(L"V");
  unsigned char buffer[64];
  ULONG needed = 0;
  EXPECT_ONLY_BUGCHECK(ZwQueryValueKey(h, &v, KeyValuePartialInformation, buffer, 64, nullptr),
                       0x1E, {kAccessViolation, 0, 1});
  EXPECT_ONLY_BUGCHECK(ZwQueryValueKey(h, &v, KeyValuePartialInformation, nullptr, 64, &needed),
                       0x1E, {kAccessViolation, 0, 1});
  EXPECT_ONLY_BUGCHECK(ZwQueryValueKey(h, nullptr, KeyValuePartialInformation, buffer, 64,
                                       &needed),
                       0x1E, {kAccessViolation, 0, 0});
  EXPECT_EQ(ZwQueryValueKey(h, &v, KeyValuePartialInformation, buffer, 64, &needed),
            STATUS_ACCESS_DENIED);
  EXPECT_EQ(ZwClose(h), STATUS_SUCCESS);
  ASSERT_EQ(ZwOpenKey(&h, KEY_READ, &oa), STATUS_SUCCESS);
  EXPECT_EQ(ZwQueryValueKey(h, &v, static_cast<KEY_VALUE_INFORMATION_CLASS>(77), buffer, 64,
                            &needed),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ZwQueryValueKey(h, &v, KeyValuePartialInformation, buffer, 0, &needed),
            STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(needed, 16u);
  EXPECT_EQ(ZwClose(h), STATUS_SUCCESS);
  EXPECT_EQ(ZwQueryValueKey(h, &v, KeyValuePartialInformation, buffer, 64, &needed),
            STATUS_INVALID_HANDLE);
  // A handle to another kind of object.
  CLIENT_ID id = {reinterpret_cast<HANDLE>(4), nullptr};
  OBJECT_ATTRIBUTES po;
  InitializeObjectAttributes(&po, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);
  HANDLE process = nullptr;
  ASSERT_EQ(ZwOpenProcess(&process, PROCESS_ALL_ACCESS, &po, &id), STATUS_SUCCESS);
  EXPECT_EQ(ZwQueryValueKey(process, &v, KeyValuePartialInformation, buffer, 64, &needed),
            STATUS_OBJECT_TYPE_MISMATCH);
  EXPECT_EQ(ZwClose(process), STATUS_SUCCESS);
}

MISUSE_CASE(ZwEnumerateValueKey, PastTheEndAndNulls) {
  HANDLE h = OpenServices();
  unsigned char buffer[64];
  ULONG needed = 0;
  EXPECT_EQ(ZwEnumerateValueKey(h, 0, KeyValueBasicInformation, buffer, 64, &needed),
            STATUS_NO_MORE_ENTRIES);
  EXPECT_ONLY_BUGCHECK(ZwEnumerateValueKey(h, 0, KeyValueBasicInformation, buffer, 64, nullptr),
                       0x1E, {kAccessViolation});
  EXPECT_EQ(ZwClose(h), STATUS_SUCCESS);
  EXPECT_EQ(ZwEnumerateValueKey(h, 0, KeyValueBasicInformation, buffer, 64, &needed),
            STATUS_INVALID_HANDLE);
}

MISUSE_CASE(ZwSetValueKey, NullsAndAccess) {
  HANDLE h = OpenServices(KEY_READ);
  UNICODE_STRING v = RTL_CONSTANT_STRING(L"V");
  ULONG one = 1;
  EXPECT_EQ(ZwSetValueKey(h, &v, 0, REG_DWORD, &one, sizeof(one)), STATUS_ACCESS_DENIED);
  EXPECT_ONLY_BUGCHECK(ZwSetValueKey(h, &v, 0, REG_DWORD, nullptr, 4), 0x1E,
                       {kAccessViolation, 0, 0});
  EXPECT_ONLY_BUGCHECK(ZwSetValueKey(h, nullptr, 0, REG_DWORD, &one, 4), 0x1E,
                       {kAccessViolation, 0, 0});
  EXPECT_EQ(ZwClose(h), STATUS_SUCCESS);
  h = OpenServices(KEY_SET_VALUE);
  EXPECT_EQ(ZwSetValueKey(h, &v, 0, REG_NONE, nullptr, 0), STATUS_SUCCESS);
  EXPECT_EQ(registry::GetValue(registry::ServiceKeyPath(L""), L"V")->data.size(), 0u);
  EXPECT_EQ(ZwClose(h), STATUS_SUCCESS);
}

MISUSE_CASE(ZwDeleteValueKey, MissingAndNull) {
  HANDLE h = OpenServices();
  UNICODE_STRING v = RTL_CONSTANT_STRING(L"Never");
  EXPECT_EQ(ZwDeleteValueKey(h, &v), STATUS_OBJECT_NAME_NOT_FOUND);
  EXPECT_ONLY_BUGCHECK(ZwDeleteValueKey(h, nullptr), 0x1E, {kAccessViolation});
  EXPECT_EQ(ZwClose(h), STATUS_SUCCESS);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ZwDeleteValueKey(h, &v), 0x0A, {Address(h), DISPATCH_LEVEL});
  });
}

MISUSE_CASE(RtlQueryRegistryValues, NullsFlagsAndRelativeTo) {
  EXPECT_ONLY_BUGCHECK(RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"x", nullptr, nullptr,
                                              nullptr),
                       0x1E, {kAccessViolation, 0, 0});
  RTL_QUERY_REGISTRY_TABLE table[2] = {};
  ULONG value = 0;
  table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
  table[0].Name = const_cast<PWSTR>(L"V");
  table[0].EntryContext = &value;
  EXPECT_ONLY_BUGCHECK(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, nullptr, table, nullptr,
                                              nullptr),
                       0x1E, {kAccessViolation});
  EXPECT_EQ(RtlQueryRegistryValues(42, L"x", table, nullptr, nullptr), STATUS_INVALID_PARAMETER);
  table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | 0x00010000u;
  EXPECT_EQ(RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, nullptr, table, nullptr, nullptr),
            STATUS_INVALID_PARAMETER);
  registry::SetDword(registry::ServiceKeyPath(L"q"), L"V", 5);
  table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
  table[0].EntryContext = nullptr;
  EXPECT_ONLY_BUGCHECK(RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"q", table, nullptr,
                                              nullptr),
                       0x1E, {kAccessViolation, 0, 1});
  table[0].EntryContext = &value;
  EXPECT_EQ(RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, static_cast<PCWSTR>(nullptr), table,
                                   nullptr, nullptr),
            STATUS_INVALID_HANDLE);
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"q", table, nullptr,
                                                nullptr),
                         0x0A, {Address(table), APC_LEVEL});
  });
  EXPECT_EQ(RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"q", table, nullptr, nullptr),
            STATUS_SUCCESS);
  EXPECT_EQ(value, 5u);
}

MISUSE_CASE(RtlQueryRegistryValues, InjectedStringAllocation) {
  registry::SetString(registry::ServiceKeyPath(L"s"), L"Name", L"abc");
  RTL_QUERY_REGISTRY_TABLE table[2] = {};
  UNICODE_STRING name = {0, 0, nullptr};
  table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
  table[0].Name = const_cast<PWSTR>(L"Name");
  table[0].EntryContext = &name;
  ScopedOptions faults([](poolsim::Options& o) { o.faults.fail_nth = 1; });
  EXPECT_EQ(RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"s", table, nullptr, nullptr),
            STATUS_INSUFFICIENT_RESOURCES);
  EXPECT_EQ(name.Buffer, nullptr);
}

MISUSE_CASE(IoOpenDriverRegistryKey, NullsFlagsAndTypes) {
  registry::TestDriverObject driver(L"misuse");
  HANDLE h = nullptr;
  EXPECT_ONLY_BUGCHECK(IoOpenDriverRegistryKey(nullptr, DriverRegKeyParameters, KEY_READ, 0, &h),
                       0x1E, {kAccessViolation, 0, 0});
  EXPECT_ONLY_BUGCHECK(
      IoOpenDriverRegistryKey(driver.object(), DriverRegKeyParameters, KEY_READ, 0, nullptr),
      0x1E, {kAccessViolation, 0, 1});
  EXPECT_EQ(IoOpenDriverRegistryKey(driver.object(), DriverRegKeyParameters, KEY_READ, 2, &h),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(IoOpenDriverRegistryKey(driver.object(), static_cast<DRIVER_REGKEY_TYPE>(3),
                                    KEY_READ, 0, &h),
            STATUS_INVALID_PARAMETER);
  DRIVER_OBJECT nameless = {};
  EXPECT_EQ(IoOpenDriverRegistryKey(&nameless, DriverRegKeyParameters, KEY_READ, 0, &h),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(h, nullptr);
}

}  // namespace
}  // namespace misuse
