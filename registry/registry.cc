// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: registry/registry.cc
// -----------------------------------------------------------------------------
//
// The test-side registry (registry layer): a map of canonical key paths to
// their values, per Environment.
//
// Lock order: Directory::mu, then Store::mu; each is a leaf otherwise.

#include "registry/registry.h"

#include <cstring>
#include <cwctype>
#include <iterator>
#include <map>
#include <memory>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "poolsim/internal/lock.h"
#include "wdkhost/wdk/registry.h"

namespace registry {
namespace {

namespace psi = poolsim::poolsim_internal;

constexpr wchar_t kRoot[] = L"\\REGISTRY";

struct Key {
  std::wstring display;       // the path as created
  std::vector<Value> values;  // creation order
};

struct Store {
  psi::Mutex mu;
  std::map<std::wstring, Key> keys ABSL_GUARDED_BY(mu);
};

struct Directory {
  psi::Mutex mu;
  std::map<poolsim::Environment*, std::weak_ptr<Store>> stores ABSL_GUARDED_BY(mu);
};

Directory& TheDirectory() {
  static Directory* directory = new Directory();
  return *directory;
}

std::wstring Upper(const std::wstring& s) {
  std::wstring out = s;
  for (wchar_t& c : out) c = static_cast<wchar_t>(std::towupper(c));
  return out;
}

bool SameName(const std::wstring& a, const std::wstring& b) { return Upper(a) == Upper(b); }

// The parent of canonical `path` ("" for \REGISTRY).
std::wstring Parent(const std::wstring& path) {
  const size_t slash = path.rfind(L'\\');
  return slash == 0 || slash == std::wstring::npos ? std::wstring() : path.substr(0, slash);
}

// Creates canonical `path` and its parents; `display` is the caller's
// spelling of the same path.
void MakeKeys(Store& s, const std::wstring& path, const std::wstring& display)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(s.mu) {
  std::wstring p = path;
  std::wstring d = display;
  while (!p.empty() && s.keys.count(p) == 0) {
    s.keys[p].display = d;
    p = Parent(p);
    const size_t slash = d.rfind(L'\\');
    d = slash == std::wstring::npos ? std::wstring() : d.substr(0, slash);
  }
}

std::shared_ptr<Store> StoreOf(poolsim::Environment& env) {
  Directory& d = TheDirectory();
  psi::MutexLock l(&d.mu);
  auto it = d.stores.find(&env);
  if (it != d.stores.end()) {
    if (std::shared_ptr<Store> s = it->second.lock()) return s;
  }
  for (auto sit = d.stores.begin(); sit != d.stores.end();) {
    sit = sit->second.expired() ? d.stores.erase(sit) : std::next(sit);
  }
  auto store = std::make_shared<Store>();
  {
    psi::MutexLock sl(&store->mu);
    for (const wchar_t* root :
         {L"\\Registry\\Machine\\System\\CurrentControlSet\\Services",
          L"\\Registry\\Machine\\System\\CurrentControlSet\\Control",
          L"\\Registry\\Machine\\Software\\Microsoft\\Windows NT\\CurrentVersion",
          L"\\Registry\\Machine\\Hardware\\DeviceMap", L"\\Registry\\User\\CurrentUser"}) {
      MakeKeys(*store, Canonical(root), root);
    }
  }
  d.stores[&env] = store;
  // The Environment owns the store through a reporter that reports nothing.
  env.AddObjectReporter([store](std::vector<poolsim::LeakedObject>*) { (void)store; });
  return store;
}

}  // namespace

std::wstring ServiceKeyPath(const std::wstring& service) {
  return L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\" + service;
}

std::wstring Canonical(const std::wstring& path) {
  std::wstring out;
  for (size_t i = 0; i < path.size(); ++i) {
    const wchar_t c = path[i];
    if (c == L'\\' && (out.empty() ? false : out.back() == L'\\')) continue;
    out.push_back(static_cast<wchar_t>(std::towupper(c)));
  }
  while (out.size() > 1 && out.back() == L'\\') out.pop_back();
  const size_t root = std::wcslen(kRoot);
  if (out.compare(0, root, kRoot) != 0 || (out.size() > root && out[root] != L'\\')) return L"";
  return out;
}

bool SeedKey(const std::wstring& path, poolsim::Environment& env) {
  const std::wstring canonical = Canonical(path);
  if (canonical.empty()) return false;
  std::shared_ptr<Store> s = StoreOf(env);
  psi::MutexLock l(&s->mu);
  MakeKeys(*s, canonical, path);
  return true;
}

bool SetValue(const std::wstring& path, const std::wstring& name, ULONG type, const void* data,
              size_t bytes, poolsim::Environment& env) {
  if (!SeedKey(path, env)) return false;
  Value v;
  v.name = name;
  v.type = type;
  const auto* p = static_cast<const uint8_t*>(data);
  v.data.assign(p, p + bytes);
  return PutValue(env, path, std::move(v));
}

bool SetDword(const std::wstring& path, const std::wstring& name, uint32_t value,
              poolsim::Environment& env) {
  return SetValue(path, name, REG_DWORD, &value, sizeof(value), env);
}

bool SetQword(const std::wstring& path, const std::wstring& name, uint64_t value,
              poolsim::Environment& env) {
  return SetValue(path, name, REG_QWORD, &value, sizeof(value), env);
}

bool SetString(const std::wstring& path, const std::wstring& name, const std::wstring& value,
               poolsim::Environment& env) {
  return SetValue(path, name, REG_SZ, value.c_str(), (value.size() + 1) * sizeof(WCHAR), env);
}

bool SetExpandString(const std::wstring& path, const std::wstring& name,
                     const std::wstring& value, poolsim::Environment& env) {
  return SetValue(path, name, REG_EXPAND_SZ, value.c_str(), (value.size() + 1) * sizeof(WCHAR),
                  env);
}

bool SetMultiString(const std::wstring& path, const std::wstring& name,
                    const std::vector<std::wstring>& values, poolsim::Environment& env) {
  std::wstring all;
  for (const std::wstring& v : values) {
    all += v;
    all.push_back(L'\0');
  }
  all.push_back(L'\0');
  return SetValue(path, name, REG_MULTI_SZ, all.data(), all.size() * sizeof(WCHAR), env);
}

bool SetBinary(const std::wstring& path, const std::wstring& name,
               const std::vector<uint8_t>& value, poolsim::Environment& env) {
  return SetValue(path, name, REG_BINARY, value.data(), value.size(), env);
}

std::optional<Value> GetValue(const std::wstring& path, const std::wstring& name,
                              poolsim::Environment& env) {
  return FindValue(env, path, name);
}

bool KeyExists(const std::wstring& path, poolsim::Environment& env) {
  const std::wstring canonical = Canonical(path);
  if (canonical.empty()) return false;
  std::shared_ptr<Store> s = StoreOf(env);
  psi::MutexLock l(&s->mu);
  return s->keys.count(canonical) != 0;
}

KeyOutcome OpenKey(poolsim::Environment& env, const std::wstring& path, bool create) {
  const std::wstring canonical = Canonical(path);
  if (canonical.empty()) return KeyOutcome::kNotInRegistry;
  std::shared_ptr<Store> s = StoreOf(env);
  psi::MutexLock l(&s->mu);
  if (s->keys.count(canonical) != 0) return KeyOutcome::kOpened;
  if (!create || s->keys.count(Parent(canonical)) == 0) return KeyOutcome::kNotFound;
  s->keys[canonical].display = path;
  return KeyOutcome::kCreated;
}

std::vector<Value> Values(poolsim::Environment& env, const std::wstring& path) {
  std::shared_ptr<Store> s = StoreOf(env);
  psi::MutexLock l(&s->mu);
  auto it = s->keys.find(Canonical(path));
  return it == s->keys.end() ? std::vector<Value>() : it->second.values;
}

std::optional<Value> FindValue(poolsim::Environment& env, const std::wstring& path,
                               const std::wstring& name) {
  std::shared_ptr<Store> s = StoreOf(env);
  psi::MutexLock l(&s->mu);
  auto it = s->keys.find(Canonical(path));
  if (it == s->keys.end()) return std::nullopt;
  for (const Value& v : it->second.values) {
    if (SameName(v.name, name)) return v;
  }
  return std::nullopt;
}

bool PutValue(poolsim::Environment& env, const std::wstring& path, Value value) {
  std::shared_ptr<Store> s = StoreOf(env);
  psi::MutexLock l(&s->mu);
  auto it = s->keys.find(Canonical(path));
  if (it == s->keys.end()) return false;
  for (Value& v : it->second.values) {
    if (SameName(v.name, value.name)) {
      v.type = value.type;
      v.data = std::move(value.data);
      return true;
    }
  }
  it->second.values.push_back(std::move(value));
  return true;
}

bool DeleteValue(poolsim::Environment& env, const std::wstring& path, const std::wstring& name) {
  std::shared_ptr<Store> s = StoreOf(env);
  psi::MutexLock l(&s->mu);
  auto it = s->keys.find(Canonical(path));
  if (it == s->keys.end()) return false;
  std::vector<Value>& values = it->second.values;
  for (auto v = values.begin(); v != values.end(); ++v) {
    if (SameName(v->name, name)) {
      values.erase(v);
      return true;
    }
  }
  return false;
}

std::wstring DisplayPath(poolsim::Environment& env, const std::wstring& path) {
  std::shared_ptr<Store> s = StoreOf(env);
  psi::MutexLock l(&s->mu);
  auto it = s->keys.find(Canonical(path));
  return it == s->keys.end() ? std::wstring() : it->second.display;
}

}  // namespace registry
