// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: registry/registry.h
// -----------------------------------------------------------------------------
//
// The test-side registry (registry layer, C++): keys and values a test seeds
// before the driver reads them through ZwOpenKey, ZwQueryValueKey,
// RtlQueryRegistryValues and IoOpenDriverRegistryKey (registry/wdk), and
// reads back after the driver wrote them:
//
//   const std::wstring params = registry::ServiceKeyPath(L"scanner") + L"\\Parameters";
//   registry::SetDword(params, L"ScanTimeoutMs", 500);
//   registry::SetString(params, L"Extensions", L"exe");
//   ... DriverEntry(driver_object, &registry_path) ...
//   EXPECT_EQ(registry::GetValue(params, L"LastRun")->type, REG_QWORD);
//
// Paths are absolute object-manager names ("\Registry\Machine\...");
// names are case-insensitive and keep the case they were created with.
// \Registry\Machine\System\CurrentControlSet\Services and the other roots
// exist from the start. The registry lives per poolsim::Environment (the
// ambient one unless given) and goes with it.
//
// Thread-safe: one lock per Environment (a leaf).

#ifndef REGISTRY_REGISTRY_H_
#define REGISTRY_REGISTRY_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "poolsim/environment.h"
#include "poolsim/wdk/ntdef.h"

namespace registry {

// Value
//
// One registry value: its name as created ("" is the key's default value),
// its REG_* type and its bytes.
struct Value {
  std::wstring name;
  ULONG type = 0;
  std::vector<uint8_t> data;
};

// The service key of `service`:
// "\Registry\Machine\System\CurrentControlSet\Services\<service>".
std::wstring ServiceKeyPath(const std::wstring& service);

// --- the test side ----------------------------------------------------------

// Creates `path` and every missing parent. Returns false if `path` is not
// under \Registry.
bool SeedKey(const std::wstring& path, poolsim::Environment& env = poolsim::Ambient());

// Sets (creating the key as SeedKey does) value `name` of `path`. Returns
// false if `path` is not under \Registry.
bool SetValue(const std::wstring& path, const std::wstring& name, ULONG type,
              const void* data, size_t bytes, poolsim::Environment& env = poolsim::Ambient());
bool SetDword(const std::wstring& path, const std::wstring& name, uint32_t value,
              poolsim::Environment& env = poolsim::Ambient());
bool SetQword(const std::wstring& path, const std::wstring& name, uint64_t value,
              poolsim::Environment& env = poolsim::Ambient());
// REG_SZ (and REG_EXPAND_SZ), stored with the terminating NUL as Windows does.
bool SetString(const std::wstring& path, const std::wstring& name, const std::wstring& value,
               poolsim::Environment& env = poolsim::Ambient());
bool SetExpandString(const std::wstring& path, const std::wstring& name,
                     const std::wstring& value, poolsim::Environment& env = poolsim::Ambient());
// REG_MULTI_SZ: each string NUL-terminated, then one more NUL.
bool SetMultiString(const std::wstring& path, const std::wstring& name,
                    const std::vector<std::wstring>& values,
                    poolsim::Environment& env = poolsim::Ambient());
bool SetBinary(const std::wstring& path, const std::wstring& name,
               const std::vector<uint8_t>& value, poolsim::Environment& env = poolsim::Ambient());

// Value `name` of `path`, or nothing if the key or the value does not exist.
std::optional<Value> GetValue(const std::wstring& path, const std::wstring& name,
                              poolsim::Environment& env = poolsim::Ambient());
bool KeyExists(const std::wstring& path, poolsim::Environment& env = poolsim::Ambient());

// --- the core the WDK surface uses -------------------------------------------

// KeyOutcome
enum class KeyOutcome {
  kOpened,         // the key existed
  kCreated,        // CreateKey made it
  kNotFound,       // the key (OpenKey) or its parent (CreateKey) does not exist
  kNotInRegistry,  // the path is not under \Registry
};

// The canonical form of `path` (upper case, single separators, no trailing
// one), or "" if it is not under \Registry.
std::wstring Canonical(const std::wstring& path);

// Opens `path`, or with `create` makes it when its parent exists.
KeyOutcome OpenKey(poolsim::Environment& env, const std::wstring& path, bool create);

// The values of `path` in creation order (empty if the key does not exist).
std::vector<Value> Values(poolsim::Environment& env, const std::wstring& path);

// Value `name` of key `path`, or nothing.
std::optional<Value> FindValue(poolsim::Environment& env, const std::wstring& path,
                               const std::wstring& name);

// Sets value `name` of existing key `path`; false if the key does not exist.
bool PutValue(poolsim::Environment& env, const std::wstring& path, Value value);

// Deletes value `name` of `path`; false if there is no such value.
bool DeleteValue(poolsim::Environment& env, const std::wstring& path, const std::wstring& name);

// The path a key was created with (its original case), "" if none.
std::wstring DisplayPath(poolsim::Environment& env, const std::wstring& path);

}  // namespace registry

#endif  // REGISTRY_REGISTRY_H_
