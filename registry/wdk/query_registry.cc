// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: registry/wdk/query_registry.cc
// -----------------------------------------------------------------------------
//
// RtlQueryRegistryValues (registry layer): walks the driver's query table
// over the test-side registry. Query routines run with no lock held.

#include <cstring>
#include <cwchar>
#include <optional>
#include <string>
#include <vector>

#include "ob/wdk/internal/checks.h"
#include "poolsim/environment.h"
#include "registry/registry.h"
#include "registry/wdk/internal/keys.h"
#include "registry/wdk/zw_registry.h"

namespace {

namespace ri = registry::registry_internal;
using ob::ob_internal::IrqlAtMost;
using ob::ob_internal::NotNull;
using poolsim::PointerAccess;

constexpr char kApi[] = "RtlQueryRegistryValues";
constexpr ULONG kKnownFlags = RTL_QUERY_REGISTRY_SUBKEY | RTL_QUERY_REGISTRY_TOPKEY |
                              RTL_QUERY_REGISTRY_REQUIRED | RTL_QUERY_REGISTRY_NOVALUE |
                              RTL_QUERY_REGISTRY_NOEXPAND | RTL_QUERY_REGISTRY_DIRECT |
                              RTL_QUERY_REGISTRY_DELETE | RTL_QUERY_REGISTRY_NOSTRING |
                              RTL_QUERY_REGISTRY_TYPECHECK;
// The pool tag of string buffers (what RtlFreeUnicodeString frees): "Strg".
constexpr ULONG kStringTag = 0x67727453;

bool IsString(ULONG type) {
  return type == REG_SZ || type == REG_EXPAND_SZ || type == REG_MULTI_SZ;
}

// The key RelativeTo names before Path is appended.
const wchar_t* BaseOf(ULONG relative_to) {
  switch (relative_to) {
    case RTL_REGISTRY_ABSOLUTE:
      return L"";
    case RTL_REGISTRY_SERVICES:
      return L"\\Registry\\Machine\\System\\CurrentControlSet\\Services";
    case RTL_REGISTRY_CONTROL:
      return L"\\Registry\\Machine\\System\\CurrentControlSet\\Control";
    case RTL_REGISTRY_WINDOWS_NT:
      return L"\\Registry\\Machine\\Software\\Microsoft\\Windows NT\\CurrentVersion";
    case RTL_REGISTRY_DEVICEMAP:
      return L"\\Registry\\Machine\\Hardware\\DeviceMap";
    case RTL_REGISTRY_USER:
      return L"\\Registry\\User\\CurrentUser";
    default:
      return nullptr;
  }
}

// REG_EXPAND_SZ expansion of the variables the host knows (the rest stay).
std::vector<uint8_t> Expand(const std::vector<uint8_t>& data) {
  std::wstring s(reinterpret_cast<const wchar_t*>(data.data()), data.size() / sizeof(WCHAR));
  while (!s.empty() && s.back() == L'\0') s.pop_back();
  for (const auto& [from, to] : {std::pair<std::wstring, std::wstring>{L"%SystemRoot%",
                                                                       L"C:\\Windows"},
                                 {L"%windir%", L"C:\\Windows"},
                                 {L"%SystemDrive%", L"C:"}}) {
    for (size_t at = s.find(from); at != std::wstring::npos; at = s.find(from, at + to.size())) {
      s.replace(at, from.size(), to);
    }
  }
  s.push_back(L'\0');
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  return std::vector<uint8_t>(p, p + s.size() * sizeof(WCHAR));
}

// Stores `data` of `type` where a DIRECT entry's EntryContext points.
NTSTATUS StoreDirect(const RTL_QUERY_REGISTRY_TABLE& entry, ULONG type,
                     const std::vector<uint8_t>& data) {
  if (!NotNull(entry.EntryContext, kApi, "QueryTable->EntryContext", PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  const ULONG len = static_cast<ULONG>(data.size());
  if (IsString(type) && (entry.Flags & RTL_QUERY_REGISTRY_NOSTRING) == 0) {
    auto* s = static_cast<PUNICODE_STRING>(entry.EntryContext);
    if (len > 0xFFFF) return STATUS_BUFFER_TOO_SMALL;
    if (s->Buffer == nullptr) {
      poolsim::AllocateRequest request;
      request.bytes = len == 0 ? sizeof(WCHAR) : len;
      request.tag = poolsim::PoolTag(kStringTag);
      request.kind = poolsim::PoolKind::kPaged;
      request.pool_type = 1;  // PagedPool
      request.legacy_tag_rules = false;
      request.skip_frames = 2;
      void* buffer = poolsim::Ambient().Allocate(request);
      if (buffer == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
      std::memset(buffer, 0, request.bytes);
      s->Buffer = static_cast<PWCH>(buffer);
      s->MaximumLength = static_cast<USHORT>(request.bytes);
    } else if (s->MaximumLength < len) {
      return STATUS_BUFFER_TOO_SMALL;
    }
    if (len > 0) std::memcpy(s->Buffer, data.data(), len);
    // Length leaves out the terminating NUL.
    s->Length = static_cast<USHORT>(len >= sizeof(WCHAR) ? len - sizeof(WCHAR) : 0);
    return STATUS_SUCCESS;
  }
  if (len <= sizeof(ULONG)) {
    std::memcpy(entry.EntryContext, data.data(), len);
    return STATUS_SUCCESS;
  }
  // A longer non-string value: the buffer starts with its signed size.
  LONG size = 0;
  std::memcpy(&size, entry.EntryContext, sizeof(size));
  auto* out = static_cast<uint8_t*>(entry.EntryContext);
  if (size < 0) {
    if (static_cast<ULONG>(-static_cast<int64_t>(size)) < len) return STATUS_BUFFER_TOO_SMALL;
    std::memcpy(out, data.data(), len);
    return STATUS_SUCCESS;
  }
  if (static_cast<ULONG>(size) < 2 * sizeof(ULONG) + len) return STATUS_BUFFER_TOO_SMALL;
  const ULONG header[2] = {len, type};
  std::memcpy(out, header, sizeof(header));
  std::memcpy(out + sizeof(header), data.data(), len);
  return STATUS_SUCCESS;
}

NTSTATUS Call(const RTL_QUERY_REGISTRY_TABLE& entry, const std::wstring& name, ULONG type,
              std::vector<uint8_t> data, PVOID context) {
  std::wstring writable_name = name;
  return entry.QueryRoutine(entry.Name == nullptr && name.empty() ? nullptr
                                                                   : writable_name.data(),
                            type, data.empty() ? nullptr : data.data(),
                            static_cast<ULONG>(data.size()), context, entry.EntryContext);
}

// Hands one value to the entry: stored (DIRECT) or given to its routine.
NTSTATUS Deliver(const RTL_QUERY_REGISTRY_TABLE& entry, const std::wstring& name, ULONG type,
                 std::vector<uint8_t> data, PVOID context) {
  const bool expand = (entry.Flags & RTL_QUERY_REGISTRY_NOEXPAND) == 0;
  if ((entry.Flags & RTL_QUERY_REGISTRY_DIRECT) != 0) {
    if ((entry.Flags & RTL_QUERY_REGISTRY_TYPECHECK) != 0) {
      const ULONG expected = entry.DefaultType >> RTL_QUERY_REGISTRY_TYPECHECK_SHIFT;
      if (expected != type) return STATUS_OBJECT_TYPE_MISMATCH;
    }
    if (type == REG_EXPAND_SZ && expand) data = Expand(data);
    return StoreDirect(entry, type, data);
  }
  if (type == REG_MULTI_SZ && expand) {
    const auto* w = reinterpret_cast<const wchar_t*>(data.data());
    const size_t count = data.size() / sizeof(WCHAR);
    size_t at = 0;
    while (at < count && w[at] != L'\0') {
      size_t end = at;
      while (end < count && w[end] != L'\0') ++end;
      const auto* p = reinterpret_cast<const uint8_t*>(w + at);
      const size_t bytes = (end - at + (end < count ? 1 : 0)) * sizeof(WCHAR);
      const NTSTATUS status =
          Call(entry, name, REG_SZ, std::vector<uint8_t>(p, p + bytes), context);
      if (status != STATUS_SUCCESS) return status;
      at = end + 1;
    }
    return STATUS_SUCCESS;
  }
  if (type == REG_EXPAND_SZ && expand) return Call(entry, name, REG_SZ, Expand(data), context);
  return Call(entry, name, type, std::move(data), context);
}

// The default value of `entry` (REG_NONE: none).
std::optional<registry::Value> DefaultOf(const RTL_QUERY_REGISTRY_TABLE& entry) {
  const ULONG type = (entry.Flags & RTL_QUERY_REGISTRY_TYPECHECK) != 0
                         ? entry.DefaultType & ((1u << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) - 1)
                         : entry.DefaultType;
  if (type == REG_NONE) return std::nullopt;
  registry::Value v;
  v.type = type;
  ULONG len = entry.DefaultLength;
  if (entry.DefaultData == nullptr) return std::nullopt;
  if (len == 0 && (type == REG_SZ || type == REG_EXPAND_SZ)) {
    len = static_cast<ULONG>((std::wcslen(static_cast<const wchar_t*>(entry.DefaultData)) + 1) *
                             sizeof(WCHAR));
  }
  const auto* p = static_cast<const uint8_t*>(entry.DefaultData);
  v.data.assign(p, p + len);
  return v;
}

}  // namespace

extern "C" NTSTATUS NTAPI RtlQueryRegistryValues(ULONG RelativeTo, PCWSTR Path,
                                                 PRTL_QUERY_REGISTRY_TABLE QueryTable,
                                                 PVOID Context, PVOID Environment) {
  (void)Environment;
  if (!IrqlAtMost(poolsim::kPassiveLevel, QueryTable, kApi) ||
      !NotNull(QueryTable, kApi, "QueryTable", PointerAccess::kRead)) {
    return STATUS_INVALID_PARAMETER;
  }
  poolsim::Environment& env = poolsim::Ambient();
  const bool optional = (RelativeTo & RTL_REGISTRY_OPTIONAL) != 0;
  const ULONG relative = RelativeTo & ~(RTL_REGISTRY_OPTIONAL | RTL_REGISTRY_HANDLE);
  std::wstring key;
  if ((RelativeTo & RTL_REGISTRY_HANDLE) != 0) {
    const NTSTATUS status = ri::KeyOfHandle(env, const_cast<PWSTR>(Path), KEY_QUERY_VALUE, &key);
    if (status != STATUS_SUCCESS) return status;
  } else {
    const wchar_t* base = BaseOf(relative);
    if (base == nullptr) return STATUS_INVALID_PARAMETER;
    if (relative == RTL_REGISTRY_ABSOLUTE &&
        !NotNull(Path, kApi, "Path", PointerAccess::kRead)) {
      return STATUS_INVALID_PARAMETER;
    }
    const std::wstring path = Path == nullptr ? L"" : Path;
    key = !path.empty() && path[0] == L'\\' ? path
          : path.empty()                    ? std::wstring(base)
                                            : std::wstring(base) + L"\\" + path;
    key = registry::Canonical(key);
  }
  if (key.empty() || !registry::KeyExists(key, env)) {
    return optional ? STATUS_SUCCESS : STATUS_OBJECT_NAME_NOT_FOUND;
  }
  std::wstring current = key;
  for (PRTL_QUERY_REGISTRY_TABLE e = QueryTable;
       e->QueryRoutine != nullptr ||
       (e->Flags & (RTL_QUERY_REGISTRY_SUBKEY | RTL_QUERY_REGISTRY_DIRECT)) != 0;
       ++e) {
    if ((e->Flags & ~kKnownFlags) != 0) return STATUS_INVALID_PARAMETER;
    if ((e->Flags & RTL_QUERY_REGISTRY_TOPKEY) != 0) current = key;
    if ((e->Flags & RTL_QUERY_REGISTRY_SUBKEY) != 0) {
      if (e->Name == nullptr) return STATUS_INVALID_PARAMETER;
      current = registry::Canonical(key + L"\\" + e->Name);
      if (!registry::KeyExists(current, env)) {
        if ((e->Flags & RTL_QUERY_REGISTRY_REQUIRED) != 0) return STATUS_OBJECT_NAME_NOT_FOUND;
      }
      if (e->QueryRoutine == nullptr) continue;
    }
    if (e->Name == nullptr || (e->Flags & RTL_QUERY_REGISTRY_SUBKEY) != 0) {
      if ((e->Flags & RTL_QUERY_REGISTRY_DIRECT) != 0) return STATUS_INVALID_PARAMETER;
      const std::vector<registry::Value> values = registry::Values(env, current);
      if (values.empty() && (e->Flags & RTL_QUERY_REGISTRY_NOVALUE) != 0) {
        const NTSTATUS status = e->QueryRoutine(nullptr, REG_NONE, nullptr, 0, Context,
                                                e->EntryContext);
        if (status != STATUS_SUCCESS) return status;
      }
      for (const registry::Value& v : values) {
        const NTSTATUS status = Deliver(*e, v.name, v.type, v.data, Context);
        if (status != STATUS_SUCCESS) return status;
      }
      continue;
    }
    const std::optional<registry::Value> found = registry::FindValue(env, current, e->Name);
    NTSTATUS status = STATUS_SUCCESS;
    if (found.has_value()) {
      status = Deliver(*e, found->name, found->type, found->data, Context);
      if (status == STATUS_SUCCESS && (e->Flags & RTL_QUERY_REGISTRY_DELETE) != 0) {
        registry::DeleteValue(env, current, e->Name);
      }
    } else if ((e->Flags & RTL_QUERY_REGISTRY_REQUIRED) != 0) {
      return STATUS_OBJECT_NAME_NOT_FOUND;
    } else if (std::optional<registry::Value> def = DefaultOf(*e)) {
      status = Deliver(*e, e->Name, def->type, def->data, Context);
    }
    if (status != STATUS_SUCCESS) return status;
  }
  return STATUS_SUCCESS;
}
