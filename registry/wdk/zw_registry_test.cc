// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The registry through the WDK names, the way a driver reads its service key
// (driver code in C: registry_c_sample.c), under //:leak_check_main.

#include "registry/wdk/zw_registry.h"

#include <cstring>
#include <string>
#include <vector>

#include <ntifs.h>

#include "gtest/gtest.h"
#include "ob/objects.h"
#include "poolsim/environment.h"
#include "poolsim/leak_report.h"
#include "poolsim/testing/leak_check.h"
#include "registry/driver_object.h"
#include "registry/registry.h"
#include "registry/wdk/registry_c_sample.h"

namespace {

class RegistryTest : public ::testing::Test {
 protected:
  RegistryTest() : driver_(L"scanner") {}
  // A kernel handle to `path` opened for `access`.
  HANDLE Open(const std::wstring& path, ACCESS_MASK access = KEY_ALL_ACCESS) {
    UNICODE_STRING name;
    name.Buffer = const_cast<PWCH>(path.c_str());
    name.Length = static_cast<USHORT>(path.size() * sizeof(WCHAR));
    name.MaximumLength = name.Length;
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, nullptr, nullptr);
    HANDLE h = nullptr;
    EXPECT_EQ(ZwOpenKey(&h, access, &oa), STATUS_SUCCESS);
    return h;
  }
  registry::TestDriverObject driver_;
};

TEST_F(RegistryTest, ADriverReadsTheParametersTheTestSeeded) {
  registry::SetDword(driver_.parameters_path(), L"Timeout", 500);
  ULONG timeout = 0;
  EXPECT_EQ(RegSampleReadTimeout(driver_.registry_path(), &timeout), STATUS_SUCCESS);
  EXPECT_EQ(timeout, 500u);
  registry::SetString(driver_.parameters_path(), L"Timeout", L"text");
  EXPECT_EQ(RegSampleReadTimeout(driver_.registry_path(), &timeout), STATUS_OBJECT_TYPE_MISMATCH);
  registry::TestDriverObject other(L"unseeded");
  EXPECT_EQ(RegSampleReadTimeout(other.registry_path(), &timeout), STATUS_OBJECT_NAME_NOT_FOUND);
  EXPECT_EQ(ob::OpenHandleCount(poolsim::Ambient()), 0u);
}

TEST_F(RegistryTest, QueryValueKeyAnswersEachClassWithTheDocumentedSizes) {
  registry::SetBinary(driver_.parameters_path(), L"Blob", {1, 2, 3, 4, 5});
  HANDLE h = Open(driver_.parameters_path());
  UNICODE_STRING name = RTL_CONSTANT_STRING(L"blob");  // names are case-insensitive
  alignas(8) unsigned char buffer[128];
  ULONG needed = 0;
  // Partial: 12-byte header, then the data.
  EXPECT_EQ(ZwQueryValueKey(h, &name, KeyValuePartialInformation, nullptr, 0, &needed),
            STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(needed, 12u + 5u);
  std::memset(buffer, 0xAB, sizeof(buffer));
  EXPECT_EQ(ZwQueryValueKey(h, &name, KeyValuePartialInformation, buffer, 12, &needed),
            STATUS_BUFFER_OVERFLOW);
  auto* partial = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(buffer);
  EXPECT_EQ(partial->Type, static_cast<ULONG>(REG_BINARY));
  EXPECT_EQ(partial->DataLength, 5u);
  EXPECT_EQ(buffer[12], 0xAB);  // the data was not written
  EXPECT_EQ(ZwQueryValueKey(h, &name, KeyValuePartialInformation, buffer, 11, &needed),
            STATUS_BUFFER_TOO_SMALL);
  ASSERT_EQ(ZwQueryValueKey(h, &name, KeyValuePartialInformation, buffer, sizeof(buffer),
                            &needed),
            STATUS_SUCCESS);
  EXPECT_EQ(partial->Data[4], 5);
  // Basic: the name as created.
  ASSERT_EQ(ZwQueryValueKey(h, &name, KeyValueBasicInformation, buffer, sizeof(buffer), &needed),
            STATUS_SUCCESS);
  auto* basic = reinterpret_cast<PKEY_VALUE_BASIC_INFORMATION>(buffer);
  EXPECT_EQ(needed, 12u + 4 * sizeof(WCHAR));
  EXPECT_EQ(std::wstring(basic->Name, basic->NameLength / sizeof(WCHAR)), L"Blob");
  // Full: name, then the data at DataOffset.
  ASSERT_EQ(ZwQueryValueKey(h, &name, KeyValueFullInformation, buffer, sizeof(buffer), &needed),
            STATUS_SUCCESS);
  auto* full = reinterpret_cast<PKEY_VALUE_FULL_INFORMATION>(buffer);
  // 20 fixed bytes and the name, aligned to a ULONG.
  EXPECT_EQ(full->DataOffset, (20u + 4 * sizeof(WCHAR) + 3) / 4 * 4);
  EXPECT_EQ(full->DataLength, 5u);
  EXPECT_EQ(buffer[full->DataOffset + 2], 3);
  EXPECT_EQ(needed, full->DataOffset + 5u);
  EXPECT_EQ(ZwQueryValueKey(h, &name, KeyValueLayerInformation, buffer, sizeof(buffer), &needed),
            STATUS_INVALID_PARAMETER);
  UNICODE_STRING missing = RTL_CONSTANT_STRING(L"Missing");
  EXPECT_EQ(ZwQueryValueKey(h, &missing, KeyValuePartialInformation, buffer, sizeof(buffer),
                            &needed),
            STATUS_OBJECT_NAME_NOT_FOUND);
  EXPECT_EQ(ZwClose(h), STATUS_SUCCESS);
}

TEST_F(RegistryTest, SetDeleteAndEnumerateValues) {
  registry::SeedKey(driver_.parameters_path());
  HANDLE h = Open(driver_.parameters_path());
  UNICODE_STRING a = RTL_CONSTANT_STRING(L"A");
  UNICODE_STRING b = RTL_CONSTANT_STRING(L"B");
  ULONG one = 1;
  ULONGLONG two = 2;
  ASSERT_EQ(ZwSetValueKey(h, &a, 0, REG_DWORD, &one, sizeof(one)), STATUS_SUCCESS);
  ASSERT_EQ(ZwSetValueKey(h, &b, 0, REG_QWORD, &two, sizeof(two)), STATUS_SUCCESS);
  EXPECT_EQ(registry::GetValue(driver_.parameters_path(), L"b")->type,
            static_cast<ULONG>(REG_QWORD));
  unsigned char buffer[64];
  ULONG needed = 0;
  ASSERT_EQ(ZwEnumerateValueKey(h, 1, KeyValueBasicInformation, buffer, sizeof(buffer), &needed),
            STATUS_SUCCESS);
  EXPECT_EQ(reinterpret_cast<PKEY_VALUE_BASIC_INFORMATION>(buffer)->Name[0], L'B');
  EXPECT_EQ(ZwEnumerateValueKey(h, 2, KeyValueBasicInformation, buffer, sizeof(buffer), &needed),
            STATUS_NO_MORE_ENTRIES);
  EXPECT_EQ(ZwDeleteValueKey(h, &a), STATUS_SUCCESS);
  EXPECT_EQ(ZwDeleteValueKey(h, &a), STATUS_OBJECT_NAME_NOT_FOUND);
  EXPECT_FALSE(registry::GetValue(driver_.parameters_path(), L"A").has_value());
  EXPECT_EQ(ZwClose(h), STATUS_SUCCESS);
  // A read-only handle may not write.
  h = Open(driver_.parameters_path(), KEY_READ);
  EXPECT_EQ(ZwSetValueKey(h, &a, 0, REG_DWORD, &one, sizeof(one)), STATUS_ACCESS_DENIED);
  EXPECT_EQ(ZwDeleteValueKey(h, &b), STATUS_ACCESS_DENIED);
  EXPECT_EQ(ZwClose(h), STATUS_SUCCESS);
  h = Open(driver_.parameters_path(), KEY_SET_VALUE);
  EXPECT_EQ(ZwQueryValueKey(h, &b, KeyValuePartialInformation, buffer, sizeof(buffer), &needed),
            STATUS_ACCESS_DENIED);
  EXPECT_EQ(ZwClose(h), STATUS_SUCCESS);
}

TEST_F(RegistryTest, CreateKeyMakesOnlyTheLastComponent) {
  registry::SeedKey(driver_.parameters_path());
  UNICODE_STRING name = RTL_CONSTANT_STRING(
      L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\scanner\\Parameters\\Sub");
  OBJECT_ATTRIBUTES oa;
  InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, nullptr, nullptr);
  HANDLE h = nullptr;
  ULONG disposition = 0;
  ASSERT_EQ(ZwCreateKey(&h, KEY_ALL_ACCESS, &oa, 0, nullptr, REG_OPTION_NON_VOLATILE,
                        &disposition),
            STATUS_SUCCESS);
  EXPECT_EQ(disposition, static_cast<ULONG>(REG_CREATED_NEW_KEY));
  EXPECT_EQ(ZwClose(h), STATUS_SUCCESS);
  ASSERT_EQ(ZwCreateKey(&h, KEY_ALL_ACCESS, &oa, 0, nullptr, 0, &disposition), STATUS_SUCCESS);
  EXPECT_EQ(disposition, static_cast<ULONG>(REG_OPENED_EXISTING_KEY));
  EXPECT_EQ(ZwClose(h), STATUS_SUCCESS);
  UNICODE_STRING deep = RTL_CONSTANT_STRING(L"\\Registry\\Machine\\Nowhere\\Deeper");
  oa.ObjectName = &deep;
  EXPECT_EQ(ZwCreateKey(&h, KEY_ALL_ACCESS, &oa, 0, nullptr, 0, nullptr),
            STATUS_OBJECT_NAME_NOT_FOUND);
  EXPECT_EQ(ZwCreateKey(&h, KEY_ALL_ACCESS, &oa, 0, nullptr, 0x100, nullptr),
            STATUS_INVALID_PARAMETER);
  UNICODE_STRING relative = RTL_CONSTANT_STRING(L"Relative");
  oa.ObjectName = &relative;
  EXPECT_EQ(ZwOpenKey(&h, KEY_READ, &oa), STATUS_OBJECT_PATH_SYNTAX_BAD);
  UNICODE_STRING outside = RTL_CONSTANT_STRING(L"\\Device\\Foo");
  oa.ObjectName = &outside;
  EXPECT_EQ(ZwOpenKey(&h, KEY_READ, &oa), STATUS_OBJECT_NAME_NOT_FOUND);
  EXPECT_EQ(h, nullptr);
}

TEST_F(RegistryTest, RtlQueryRegistryValuesFillsDirectEntriesDefaultsAndCallbacks) {
  registry::SetDword(driver_.parameters_path(), L"Flags", 7);
  registry::SetString(driver_.parameters_path(), L"Name", L"scanner-1");
  registry::SetMultiString(driver_.parameters_path(), L"Extensions", {L"exe", L"dll", L"sys"});
  SAMPLE_SETTINGS settings;
  ASSERT_EQ(RegSampleReadSettings(L"scanner", &settings), STATUS_SUCCESS);
  EXPECT_EQ(settings.Timeout, 30u);  // the default
  EXPECT_EQ(settings.Flags, 7u);
  EXPECT_EQ(std::wstring(settings.Name.Buffer, settings.Name.Length / sizeof(WCHAR)), L"scanner-1");
  EXPECT_EQ(settings.Extensions, 3u);
  // The driver frees the string the routine allocated.
  const std::vector<poolsim::BlockInfo> live = poolsim::Ambient().LiveBlocks();
  EXPECT_FALSE(live.empty());
  RtlFreeUnicodeString(&settings.Name);
  registry::SetDword(driver_.parameters_path(), L"Timeout", 9);
  ASSERT_EQ(RegSampleReadSettings(L"scanner", &settings), STATUS_SUCCESS);
  EXPECT_EQ(settings.Timeout, 9u);
  RtlFreeUnicodeString(&settings.Name);
}

TEST_F(RegistryTest, RtlQueryRegistryValuesRequiredMissingFailsAndLeavesNothing) {
  SAMPLE_SETTINGS settings;
  EXPECT_EQ(RegSampleReadSettings(L"scanner", &settings), STATUS_OBJECT_NAME_NOT_FOUND);
  EXPECT_EQ(RegSampleReadSettings(L"nosuchservice", &settings), STATUS_OBJECT_NAME_NOT_FOUND);
  RTL_QUERY_REGISTRY_TABLE table[2] = {};
  ULONG value = 0;
  table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
  table[0].Name = const_cast<PWSTR>(L"X");
  table[0].EntryContext = &value;
  EXPECT_EQ(RtlQueryRegistryValues(RTL_REGISTRY_SERVICES | RTL_REGISTRY_OPTIONAL, L"nosuch",
                                   table, nullptr, nullptr),
            STATUS_SUCCESS);
  EXPECT_EQ(RtlQueryRegistryValues(RTL_REGISTRY_MAXIMUM, L"x", table, nullptr, nullptr),
            STATUS_INVALID_PARAMETER);
}

TEST_F(RegistryTest, RtlQueryRegistryValuesTypeChecksAndLongDirectData) {
  registry::SetBinary(driver_.parameters_path(), L"Key", {9, 8, 7, 6, 5, 4, 3, 2});
  registry::SetDword(driver_.parameters_path(), L"Count", 3);
  RTL_QUERY_REGISTRY_TABLE table[2] = {};
  ULONG count = 0;
  table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
  table[0].Name = const_cast<PWSTR>(L"Count");
  table[0].EntryContext = &count;
  table[0].DefaultType = (REG_SZ << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;
  EXPECT_EQ(RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"scanner\\Parameters", table, nullptr,
                                   nullptr),
            STATUS_OBJECT_TYPE_MISMATCH);
  table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;
  EXPECT_EQ(RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"scanner\\Parameters", table, nullptr,
                                   nullptr),
            STATUS_SUCCESS);
  EXPECT_EQ(count, 3u);
  // More than a ULONG: a negative size means data only.
  LONG raw[3] = {-8, 0, 0};
  table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
  table[0].Name = const_cast<PWSTR>(L"Key");
  table[0].EntryContext = raw;
  ASSERT_EQ(RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"scanner\\Parameters", table, nullptr,
                                   nullptr),
            STATUS_SUCCESS);
  EXPECT_EQ(reinterpret_cast<unsigned char*>(raw)[0], 9);
  LONG sized[4] = {16, 0, 0, 0};  // length, type, then the data
  table[0].EntryContext = sized;
  ASSERT_EQ(RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"scanner\\Parameters", table, nullptr,
                                   nullptr),
            STATUS_SUCCESS);
  EXPECT_EQ(sized[0], 8);
  EXPECT_EQ(sized[1], REG_BINARY);
  LONG small[2] = {-4, 0};
  table[0].EntryContext = small;
  EXPECT_EQ(RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"scanner\\Parameters", table, nullptr,
                                   nullptr),
            STATUS_BUFFER_TOO_SMALL);
}

TEST_F(RegistryTest, IoOpenDriverRegistryKeyReachesTheServiceParameters) {
  ASSERT_EQ(RegSampleWriteStatus(driver_.object(), 0xC0000001u), STATUS_SUCCESS);
  const auto value = registry::GetValue(driver_.parameters_path(), L"LastStatus");
  ASSERT_TRUE(value.has_value());
  EXPECT_EQ(value->type, static_cast<ULONG>(REG_DWORD));
  HANDLE h = nullptr;
  EXPECT_EQ(IoOpenDriverRegistryKey(driver_.object(), DriverRegKeyParameters, KEY_READ, 1, &h),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(IoOpenDriverRegistryKey(driver_.object(), static_cast<DRIVER_REGKEY_TYPE>(9),
                                    KEY_READ, 0, &h),
            STATUS_INVALID_PARAMETER);
  ASSERT_EQ(IoOpenDriverRegistryKey(driver_.object(), DriverRegKeyPersistentState, KEY_READ, 0,
                                    &h),
            STATUS_SUCCESS);
  EXPECT_TRUE(registry::KeyExists(registry::ServiceKeyPath(L"scanner") + L"\\State"));
  EXPECT_EQ(ZwClose(h), STATUS_SUCCESS);
}

TEST_F(RegistryTest, AKeyHandleNeverClosedIsReportedWithItsStack) {
  poolsim::Environment env;
  poolsim::ScopedEnvironment install(&env);
  registry::TestDriverObject driver(L"leaky");
  ASSERT_EQ(RegSampleLeakKey(driver.registry_path()), STATUS_SUCCESS);
  const poolsim::LeakReport report = poolsim::BuildLeakReport(env);
  ASSERT_EQ(report.objects.size(), 1u);
  EXPECT_EQ(report.objects[0].kind, "handle");
  EXPECT_EQ(report.objects[0].type_name, "Key");
  EXPECT_EQ(report.objects[0].references[0].operation, "ZwOpenKey");
  EXPECT_NE(report.objects[0].attached_to.find("SERVICES\\LEAKY"), std::string::npos)
      << report.objects[0].attached_to;
  EXPECT_EQ(ZwClose(reinterpret_cast<HANDLE>(report.objects[0].address)), STATUS_SUCCESS);
  EXPECT_TRUE(poolsim::BuildLeakReport(env).objects.empty());
}

TEST_F(RegistryTest, OpeningKeysSurvivesTheErrorPathSweep) {
  registry::SetDword(driver_.parameters_path(), L"Timeout", 5);
  EXPECT_ERROR_PATHS_CLEAN({
    ULONG timeout = 0;
    (void)RegSampleReadTimeout(driver_.registry_path(), &timeout);
  });
}

}  // namespace
