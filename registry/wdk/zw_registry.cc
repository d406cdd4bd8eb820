// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: registry/wdk/zw_registry.cc
// -----------------------------------------------------------------------------
//
// The WDK-named key and value routines (registry layer): check every
// argument, make one call to the test-side registry (registry/registry.h),
// map the outcome.

#include "registry/wdk/zw_registry.h"

#include <string>

#include "ob/wdk/internal/checks.h"
#include "poolsim/environment.h"
#include "registry/registry.h"
#include "registry/wdk/internal/keys.h"

namespace {

namespace ri = registry::registry_internal;
using ob::ob_internal::IrqlAtMost;
using ob::ob_internal::NotNull;
using poolsim::PointerAccess;

constexpr ULONG kCreateOptions = REG_OPTION_VOLATILE | REG_OPTION_CREATE_LINK |
                                 REG_OPTION_BACKUP_RESTORE | REG_OPTION_OPEN_LINK |
                                 REG_OPTION_DONT_VIRTUALIZE;

POBJECT_TYPE g_key_type = ri::KeyType();

NTSTATUS OpenOrCreate(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                      POBJECT_ATTRIBUTES ObjectAttributes, bool create, PULONG Disposition,
                      const char* api) {
  poolsim::Environment& env = poolsim::Ambient();
  std::wstring path;
  NTSTATUS status = ri::ResolveName(env, ObjectAttributes, api, &path);
  if (status != STATUS_SUCCESS) return status;
  switch (registry::OpenKey(env, path, create)) {
    case registry::KeyOutcome::kOpened:
      if (Disposition != nullptr) *Disposition = REG_OPENED_EXISTING_KEY;
      break;
    case registry::KeyOutcome::kCreated:
      if (Disposition != nullptr) *Disposition = REG_CREATED_NEW_KEY;
      break;
    case registry::KeyOutcome::kNotFound:
    case registry::KeyOutcome::kNotInRegistry:
      return STATUS_OBJECT_NAME_NOT_FOUND;
  }
  return ri::OpenKeyHandle(env, registry::Canonical(path), DesiredAccess,
                           ObjectAttributes->Attributes, api, KeyHandle);
}

// The checks ZwQueryValueKey and ZwEnumerateValueKey share.
bool QueryArgumentsOk(PVOID KeyValueInformation, ULONG Length, PULONG ResultLength,
                      const char* api) {
  if (!NotNull(ResultLength, api, "ResultLength", PointerAccess::kWrite)) return false;
  return Length == 0 ||
         NotNull(KeyValueInformation, api, "KeyValueInformation", PointerAccess::kWrite);
}

}  // namespace

extern "C" {

POBJECT_TYPE* CmKeyObjectType = &g_key_type;

NTSTATUS NTAPI ZwOpenKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                         POBJECT_ATTRIBUTES ObjectAttributes) {
  static constexpr char kApi[] = "ZwOpenKey";
  if (!IrqlAtMost(poolsim::kPassiveLevel, KeyHandle, kApi) ||
      !NotNull(KeyHandle, kApi, "KeyHandle", PointerAccess::kWrite) ||
      !NotNull(ObjectAttributes, kApi, "ObjectAttributes", PointerAccess::kRead)) {
    return STATUS_INVALID_PARAMETER;
  }
  *KeyHandle = nullptr;
  return OpenOrCreate(KeyHandle, DesiredAccess, ObjectAttributes, false, nullptr, kApi);
}

NTSTATUS NTAPI ZwCreateKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                           POBJECT_ATTRIBUTES ObjectAttributes, ULONG TitleIndex,
                           PUNICODE_STRING Class, ULONG CreateOptions, PULONG Disposition) {
  static constexpr char kApi[] = "ZwCreateKey";
  (void)TitleIndex;
  (void)Class;
  if (!IrqlAtMost(poolsim::kPassiveLevel, KeyHandle, kApi) ||
      !NotNull(KeyHandle, kApi, "KeyHandle", PointerAccess::kWrite) ||
      !NotNull(ObjectAttributes, kApi, "ObjectAttributes", PointerAccess::kRead)) {
    return STATUS_INVALID_PARAMETER;
  }
  *KeyHandle = nullptr;
  if ((CreateOptions & ~kCreateOptions) != 0) return STATUS_INVALID_PARAMETER;
  return OpenOrCreate(KeyHandle, DesiredAccess, ObjectAttributes, true, Disposition, kApi);
}

NTSTATUS NTAPI ZwQueryValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName,
                               KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
                               PVOID KeyValueInformation, ULONG Length, PULONG ResultLength) {
  static constexpr char kApi[] = "ZwQueryValueKey";
  if (!IrqlAtMost(poolsim::kPassiveLevel, KeyHandle, kApi) ||
      !QueryArgumentsOk(KeyValueInformation, Length, ResultLength, kApi)) {
    return STATUS_INVALID_PARAMETER;
  }
  std::wstring name;
  if (!ri::ReadCounted(ValueName, kApi, "ValueName", &name)) return STATUS_INVALID_PARAMETER;
  poolsim::Environment& env = poolsim::Ambient();
  std::wstring path;
  const NTSTATUS status = ri::KeyOfHandle(env, KeyHandle, KEY_QUERY_VALUE, &path);
  if (status != STATUS_SUCCESS) return status;
  const std::optional<registry::Value> value = registry::FindValue(env, path, name);
  if (!value.has_value()) return STATUS_OBJECT_NAME_NOT_FOUND;
  return ri::WriteValueInformation(*value, KeyValueInformationClass, KeyValueInformation, Length,
                                   ResultLength);
}

NTSTATUS NTAPI ZwEnumerateValueKey(HANDLE KeyHandle, ULONG Index,
                                   KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
                                   PVOID KeyValueInformation, ULONG Length,
                                   PULONG ResultLength) {
  static constexpr char kApi[] = "ZwEnumerateValueKey";
  if (!IrqlAtMost(poolsim::kPassiveLevel, KeyHandle, kApi) ||
      !QueryArgumentsOk(KeyValueInformation, Length, ResultLength, kApi)) {
    return STATUS_INVALID_PARAMETER;
  }
  poolsim::Environment& env = poolsim::Ambient();
  std::wstring path;
  const NTSTATUS status = ri::KeyOfHandle(env, KeyHandle, KEY_QUERY_VALUE, &path);
  if (status != STATUS_SUCCESS) return status;
  const std::vector<registry::Value> values = registry::Values(env, path);
  if (Index >= values.size()) return STATUS_NO_MORE_ENTRIES;
  return ri::WriteValueInformation(values[Index], KeyValueInformationClass, KeyValueInformation,
                                   Length, ResultLength);
}

NTSTATUS NTAPI ZwSetValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName, ULONG TitleIndex,
                             ULONG Type, PVOID Data, ULONG DataSize) {
  static constexpr char kApi[] = "ZwSetValueKey";
  (void)TitleIndex;
  if (!IrqlAtMost(poolsim::kPassiveLevel, KeyHandle, kApi) ||
      (DataSize > 0 && !NotNull(Data, kApi, "Data", PointerAccess::kRead))) {
    return STATUS_INVALID_PARAMETER;
  }
  std::wstring name;
  if (!ri::ReadCounted(ValueName, kApi, "ValueName", &name)) return STATUS_INVALID_PARAMETER;
  poolsim::Environment& env = poolsim::Ambient();
  std::wstring path;
  const NTSTATUS status = ri::KeyOfHandle(env, KeyHandle, KEY_SET_VALUE, &path);
  if (status != STATUS_SUCCESS) return status;
  registry::Value value;
  value.name = name;
  value.type = Type;
  const auto* bytes = static_cast<const uint8_t*>(Data);
  if (DataSize > 0) value.data.assign(bytes, bytes + DataSize);
  return registry::PutValue(env, path, std::move(value)) ? STATUS_SUCCESS : STATUS_KEY_DELETED;
}

NTSTATUS NTAPI ZwDeleteValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName) {
  static constexpr char kApi[] = "ZwDeleteValueKey";
  if (!IrqlAtMost(poolsim::kPassiveLevel, KeyHandle, kApi)) return STATUS_INVALID_PARAMETER;
  std::wstring name;
  if (!ri::ReadCounted(ValueName, kApi, "ValueName", &name)) return STATUS_INVALID_PARAMETER;
  poolsim::Environment& env = poolsim::Ambient();
  std::wstring path;
  const NTSTATUS status = ri::KeyOfHandle(env, KeyHandle, KEY_SET_VALUE, &path);
  if (status != STATUS_SUCCESS) return status;
  return registry::DeleteValue(env, path, name) ? STATUS_SUCCESS : STATUS_OBJECT_NAME_NOT_FOUND;
}

NTSTATUS NTAPI IoOpenDriverRegistryKey(PDRIVER_OBJECT DriverObject,
                                       DRIVER_REGKEY_TYPE RegKeyType, ACCESS_MASK DesiredAccess,
                                       ULONG Flags, PHANDLE DriverRegKey) {
  static constexpr char kApi[] = "IoOpenDriverRegistryKey";
  if (!IrqlAtMost(poolsim::kPassiveLevel, DriverObject, kApi) ||
      !NotNull(DriverObject, kApi, "DriverObject", PointerAccess::kRead) ||
      !NotNull(DriverRegKey, kApi, "DriverRegKey", PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  *DriverRegKey = nullptr;
  if (Flags != 0) return STATUS_INVALID_PARAMETER;
  const wchar_t* subkey = nullptr;
  switch (RegKeyType) {
    case DriverRegKeyParameters:
      subkey = L"Parameters";
      break;
    case DriverRegKeyPersistentState:
      subkey = L"State";
      break;
    case DriverRegKeySharedPersistentState:
      subkey = L"SharedState";
      break;
    default:
      return STATUS_INVALID_PARAMETER;
  }
  std::wstring service;
  const PDRIVER_EXTENSION ext = DriverObject->DriverExtension;
  if (ext != nullptr && ext->ServiceKeyName.Buffer != nullptr && ext->ServiceKeyName.Length > 0) {
    if (!ri::ReadCounted(&ext->ServiceKeyName, kApi, "DriverObject->DriverExtension", &service)) {
      return STATUS_INVALID_PARAMETER;
    }
  } else if (DriverObject->DriverName.Length > 0) {
    std::wstring name;
    if (!ri::ReadCounted(&DriverObject->DriverName, kApi, "DriverObject->DriverName", &name)) {
      return STATUS_INVALID_PARAMETER;
    }
    service = name.substr(name.rfind(L'\\') + 1);
  }
  if (service.empty()) return STATUS_INVALID_PARAMETER;
  poolsim::Environment& env = poolsim::Ambient();
  const std::wstring path = registry::ServiceKeyPath(service) + L"\\" + subkey;
  registry::SeedKey(path, env);
  return ri::OpenKeyHandle(env, registry::Canonical(path), DesiredAccess, OBJ_KERNEL_HANDLE, kApi,
                           DriverRegKey);
}

}  // extern "C"
