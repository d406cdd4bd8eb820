// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: registry/wdk/internal/keys.cc
// -----------------------------------------------------------------------------
//
// Key objects and handles, names and value layouts (compat layer).

#include "registry/wdk/internal/keys.h"

#include <cstddef>
#include <cstring>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ob/objects.h"
#include "poolsim/pointer_check.h"
#include "wdkhost/wdk/file_access.h"
#include "wdkhost/wdk/ntstatus.h"

namespace registry {
namespace registry_internal {
namespace {

constexpr uint32_t kKeyMagic = 0x4b79654b;  // "KeyK"

struct KeyBody {
  uint32_t magic = kKeyMagic;
  std::wstring path;  // canonical
};

void DeleteKeyBody(void* body) { delete static_cast<KeyBody*>(body); }

// "CMkb", the tag of key bodies on Windows.
_OBJECT_TYPE kKeyType = {"Key", 0x626b4d43, nullptr, &DeleteKeyBody};

std::string Narrow(const std::wstring& s) {
  std::string out;
  for (wchar_t c : s) out.push_back(c > 0 && c < 0x80 ? static_cast<char>(c) : '?');
  return out;
}

ULONG Align(ULONG n, ULONG to) { return (n + to - 1) / to * to; }

}  // namespace

POBJECT_TYPE KeyType() { return &kKeyType; }

ACCESS_MASK MapKeyAccess(ACCESS_MASK desired) {
  ACCESS_MASK out = desired & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL |
                                MAXIMUM_ALLOWED);
  if ((desired & GENERIC_READ) != 0) out |= KEY_READ;
  if ((desired & GENERIC_WRITE) != 0) out |= KEY_WRITE;
  if ((desired & GENERIC_EXECUTE) != 0) out |= KEY_EXECUTE;
  if ((desired & (GENERIC_ALL | MAXIMUM_ALLOWED)) != 0) out |= KEY_ALL_ACCESS;
  return out;
}

NTSTATUS OpenKeyHandle(poolsim::Environment& env, const std::wstring& path, ACCESS_MASK desired,
                       ULONG attributes, const char* api, HANDLE* handle) {
  auto body = std::make_unique<KeyBody>();
  body->path = path;
  KeyBody* raw = body.get();
  ob::InsertObject(env, raw, &kKeyType, absl::StrCat("key ", Narrow(path)));
  body.release();  // the object owns it now (DeleteKeyBody)
  const ob::HandleOutcome outcome =
      ob::CreateHandle(env, raw, MapKeyAccess(desired), attributes, api, 2, handle);
  ob::RemoveObject(env, raw);  // the handle holds the object from here on
  return outcome == ob::HandleOutcome::kOk ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

NTSTATUS KeyOfHandle(poolsim::Environment& env, HANDLE handle, ACCESS_MASK needed,
                     std::wstring* path) {
  ob::HandleEntry entry;
  if (!ob::LookupHandle(env, handle, &entry)) return STATUS_INVALID_HANDLE;
  if (entry.type != &kKeyType) return STATUS_OBJECT_TYPE_MISMATCH;
  if ((entry.granted & needed) != needed) return STATUS_ACCESS_DENIED;
  *path = static_cast<const KeyBody*>(entry.object)->path;
  return STATUS_SUCCESS;
}

bool ReadCounted(PCUNICODE_STRING s, const char* api, const char* parameter,
                 std::wstring* out) {
  poolsim::Environment& env = poolsim::Ambient();
  if (!poolsim::CheckPointerArgument(env, s, api, parameter, poolsim::PointerAccess::kRead, 3)) {
    return false;
  }
  if ((s->Length % sizeof(WCHAR)) != 0 || s->Length > s->MaximumLength) return false;
  if (s->Length > 0 &&
      !poolsim::CheckPointerArgument(env, s->Buffer, api, parameter,
                                     poolsim::PointerAccess::kRead, 3)) {
    return false;
  }
  out->assign(s->Buffer, s->Buffer + s->Length / sizeof(WCHAR));
  return true;
}

NTSTATUS ResolveName(poolsim::Environment& env, POBJECT_ATTRIBUTES attributes, const char* api,
                     std::wstring* path) {
  if (attributes->Length != sizeof(OBJECT_ATTRIBUTES) ||
      (attributes->Attributes & ~OBJ_VALID_ATTRIBUTES) != 0) {
    return STATUS_INVALID_PARAMETER;
  }
  std::wstring name;
  if (attributes->ObjectName != nullptr) {
    if (!ReadCounted(attributes->ObjectName, api, "ObjectAttributes->ObjectName", &name)) {
      return STATUS_INVALID_PARAMETER;
    }
  }
  if (attributes->RootDirectory != nullptr) {
    std::wstring root;
    const NTSTATUS status = KeyOfHandle(env, attributes->RootDirectory, 0, &root);
    if (status != STATUS_SUCCESS) return status;
    if (!name.empty() && name[0] == L'\\') return STATUS_OBJECT_PATH_SYNTAX_BAD;
    *path = name.empty() ? root : root + L"\\" + name;
  } else {
    if (name.empty() || name[0] != L'\\') return STATUS_OBJECT_PATH_SYNTAX_BAD;
    *path = name;
  }
  const std::wstring canonical = Canonical(*path);
  if (canonical.empty()) return STATUS_OBJECT_NAME_NOT_FOUND;
  return STATUS_SUCCESS;
}

NTSTATUS WriteValueInformation(const Value& value, KEY_VALUE_INFORMATION_CLASS info_class,
                               void* buffer, ULONG length, ULONG* result) {
  const ULONG name_bytes = static_cast<ULONG>(value.name.size() * sizeof(WCHAR));
  const ULONG data_bytes = static_cast<ULONG>(value.data.size());
  std::vector<uint8_t> out;
  ULONG fixed = 0;
  auto put32 = [&out](size_t at, ULONG v) { std::memcpy(out.data() + at, &v, sizeof(v)); };
  switch (info_class) {
    case KeyValueBasicInformation: {
      fixed = offsetof(KEY_VALUE_BASIC_INFORMATION, Name);
      out.assign(fixed + name_bytes, 0);
      put32(offsetof(KEY_VALUE_BASIC_INFORMATION, Type), value.type);
      put32(offsetof(KEY_VALUE_BASIC_INFORMATION, NameLength), name_bytes);
      std::memcpy(out.data() + fixed, value.name.data(), name_bytes);
      break;
    }
    case KeyValueFullInformation:
    case KeyValueFullInformationAlign64: {
      fixed = offsetof(KEY_VALUE_FULL_INFORMATION, Name);
      const ULONG data_offset =
          Align(fixed + name_bytes, info_class == KeyValueFullInformation ? 4 : 8);
      out.assign(data_offset + data_bytes, 0);
      put32(offsetof(KEY_VALUE_FULL_INFORMATION, Type), value.type);
      put32(offsetof(KEY_VALUE_FULL_INFORMATION, DataOffset), data_offset);
      put32(offsetof(KEY_VALUE_FULL_INFORMATION, DataLength), data_bytes);
      put32(offsetof(KEY_VALUE_FULL_INFORMATION, NameLength), name_bytes);
      std::memcpy(out.data() + fixed, value.name.data(), name_bytes);
      if (data_bytes > 0) std::memcpy(out.data() + data_offset, value.data.data(), data_bytes);
      break;
    }
    case KeyValuePartialInformation: {
      fixed = offsetof(KEY_VALUE_PARTIAL_INFORMATION, Data);
      out.assign(fixed + data_bytes, 0);
      put32(offsetof(KEY_VALUE_PARTIAL_INFORMATION, Type), value.type);
      put32(offsetof(KEY_VALUE_PARTIAL_INFORMATION, DataLength), data_bytes);
      if (data_bytes > 0) std::memcpy(out.data() + fixed, value.data.data(), data_bytes);
      break;
    }
    case KeyValuePartialInformationAlign64: {
      // { ULONG Type; ULONG DataLength; UCHAR Data[]; }
      fixed = 2 * sizeof(ULONG);
      out.assign(fixed + data_bytes, 0);
      put32(0, value.type);
      put32(sizeof(ULONG), data_bytes);
      if (data_bytes > 0) std::memcpy(out.data() + fixed, value.data.data(), data_bytes);
      break;
    }
    default:
      return STATUS_INVALID_PARAMETER;
  }
  const ULONG needed = static_cast<ULONG>(out.size());
  *result = needed;
  if (length < fixed) return STATUS_BUFFER_TOO_SMALL;
  if (length < needed) {
    std::memcpy(buffer, out.data(), fixed);
    return STATUS_BUFFER_OVERFLOW;
  }
  std::memcpy(buffer, out.data(), needed);
  return STATUS_SUCCESS;
}

}  // namespace registry_internal
}  // namespace registry
