// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/internal/name_provider.cc
// -----------------------------------------------------------------------------
//
// The per-volume name providers (compat layer).

#include "fltctx/wdk/internal/name_provider.h"

#include <map>
#include <memory>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "poolsim/internal/lock.h"

namespace fltctx {
namespace wdk {
namespace {

namespace poolsim_internal = poolsim::poolsim_internal;

struct Entry {
  PFLT_VOLUME volume;
  std::shared_ptr<const NameProvider> provider;
};

struct Registry {
  poolsim_internal::Mutex mu;
  uint64_t next_id ABSL_GUARDED_BY(mu) = 1;
  std::map<uint64_t, Entry> entries ABSL_GUARDED_BY(mu);
};

Registry& TheRegistry() {
  static Registry* registry = new Registry();
  return *registry;
}

}  // namespace

uint64_t AddNameProvider(PFLT_VOLUME volume, NameProvider provider) {
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  const uint64_t id = r.next_id++;
  r.entries.emplace(id, Entry{volume, std::make_shared<const NameProvider>(std::move(provider))});
  return id;
}

void RemoveNameProvider(uint64_t id) {
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  r.entries.erase(id);
}

FileNames LookupNames(PFLT_VOLUME volume, PFILE_OBJECT file_object) {
  std::shared_ptr<const NameProvider> provider;
  {
    Registry& r = TheRegistry();
    poolsim_internal::MutexLock l(&r.mu);
    // The newest registration for the volume wins.
    for (auto it = r.entries.rbegin(); it != r.entries.rend(); ++it) {
      if (it->second.volume == volume) {
        provider = it->second.provider;
        break;
      }
    }
  }
  if (provider == nullptr) return FileNames();
  return (*provider)(file_object);
}

}  // namespace wdk
}  // namespace fltctx
