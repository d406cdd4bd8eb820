// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/live_objects.cc
// -----------------------------------------------------------------------------
//
// Leaked-object reporters, live kernel objects (lookaside lists) and the
// Driver Verifier unload checks. Core layer, private to poolsim.

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/environment.h"
#include "poolsim/internal/environment_impl.h"

namespace poolsim {

using poolsim_internal::MutexLock;

int Environment::AddObjectReporter(ObjectReporter reporter) {
  MutexLock lock(&impl_->mu);
  const int handle = impl_->next_reporter++;
  impl_->reporters.emplace_back(handle, std::move(reporter));
  return handle;
}

void Environment::RemoveObjectReporter(int handle) {
  MutexLock lock(&impl_->mu);
  auto& r = impl_->reporters;
  r.erase(std::remove_if(r.begin(), r.end(), [&](const auto& e) { return e.first == handle; }),
          r.end());
}

std::vector<LeakedObject> Environment::LeakedObjects() const {
  std::vector<ObjectReporter> reporters;
  {
    MutexLock lock(&impl_->mu);
    for (const auto& e : impl_->reporters) reporters.push_back(e.second);
  }
  std::vector<LeakedObject> out;
  for (const ObjectReporter& r : reporters) r(&out);
  return out;
}

bool Environment::RegisterLiveObject(const void* address, const std::string& kind) {
  MutexLock lock(&impl_->objects_mu);
  const bool inserted =
      impl_->live_objects.emplace(reinterpret_cast<uintptr_t>(address), kind).second;
  impl_->live_object_count.store(impl_->live_objects.size(), std::memory_order_relaxed);
  return inserted;
}

bool Environment::UnregisterLiveObject(const void* address) {
  MutexLock lock(&impl_->objects_mu);
  const bool erased = impl_->live_objects.erase(reinterpret_cast<uintptr_t>(address)) != 0;
  impl_->live_object_count.store(impl_->live_objects.size(), std::memory_order_relaxed);
  return erased;
}

bool Environment::IsLiveObject(const void* address) const {
  MutexLock lock(&impl_->objects_mu);
  return impl_->live_objects.count(reinterpret_cast<uintptr_t>(address)) != 0;
}

std::vector<std::string> Environment::LiveObjectDescriptions() const {
  std::vector<std::string> out;
  MutexLock lock(&impl_->objects_mu);
  for (const auto& [address, kind] : impl_->live_objects) {
    out.push_back(absl::StrFormat("a %s at 0x%x", kind, address));
  }
  return out;
}

bool Environment::CheckUnload() {
  std::vector<std::pair<uintptr_t, std::string>> objects;
  {
    MutexLock lock(&impl_->objects_mu);
    objects.assign(impl_->live_objects.begin(), impl_->live_objects.end());
  }
  for (const auto& [address, kind] : objects) {
    RaiseBugCheck(MakeBugCheck(bugcheck_rule::kUnloadLiveObject, {address},
                               absl::StrFormat("%s is unloading with a %s at 0x%x never deleted",
                                               impl_->options.driver_name, kind, address)),
                  1);
  }
  const PoolCounters c = Counters();
  const uint64_t count = c.current_paged_allocations + c.current_nonpaged_allocations;
  if (count == 0) return objects.empty();
  RaiseBugCheck(
      MakeBugCheck(
          bugcheck_rule::kUnloadLeakedPool, {0, 0, count},
          absl::StrFormat(
              "%s is unloading with %u allocation(s) not freed (%u paged, %u nonpaged byte(s)); "
              "the leak report lists them",
              impl_->options.driver_name, count, c.current_paged_bytes, c.current_nonpaged_bytes)),
      1);
  return false;
}

}  // namespace poolsim
