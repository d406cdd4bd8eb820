// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/internal/io_target.cc
// -----------------------------------------------------------------------------
//
// The per-volume I/O targets (compat layer).

#include "fltctx/wdk/internal/io_target.h"

#include <map>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "poolsim/internal/lock.h"

namespace fltctx {
namespace wdk {
namespace {

namespace poolsim_internal = poolsim::poolsim_internal;

struct Entry {
  PFLT_VOLUME volume;
  std::shared_ptr<IoTarget> target;
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

uint64_t AddIoTarget(PFLT_VOLUME volume, std::shared_ptr<IoTarget> target) {
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  const uint64_t id = r.next_id++;
  r.entries.emplace(id, Entry{volume, std::move(target)});
  return id;
}

void RemoveIoTarget(uint64_t id) {
  std::shared_ptr<IoTarget> gone;  // destroyed after the lock is released
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  auto it = r.entries.find(id);
  if (it == r.entries.end()) return;
  gone = std::move(it->second.target);
  r.entries.erase(it);
}

std::shared_ptr<IoTarget> IoTargetOf(PFLT_VOLUME volume) {
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  for (auto it = r.entries.rbegin(); it != r.entries.rend(); ++it) {
    if (it->second.volume == volume) return it->second.target;
  }
  return nullptr;
}

std::vector<PFLT_VOLUME> IoTargetVolumes() {
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  std::vector<PFLT_VOLUME> out;
  for (const auto& [id, entry] : r.entries) out.push_back(entry.volume);
  return out;
}

}  // namespace wdk
}  // namespace fltctx
