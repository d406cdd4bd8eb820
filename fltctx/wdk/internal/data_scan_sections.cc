// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/internal/data_scan_sections.cc
// -----------------------------------------------------------------------------
//
// The data-scan section handles (compat layer).

#include "fltctx/wdk/internal/data_scan_sections.h"

#include <atomic>
#include <map>

#include "absl/base/thread_annotations.h"
#include "poolsim/internal/lock.h"

namespace fltctx {
namespace fltctx_internal {
namespace {

namespace poolsim_internal = poolsim::poolsim_internal;

struct Registry {
  poolsim_internal::Mutex mu;
  std::map<HANDLE, DataScanSection> sections ABSL_GUARDED_BY(mu);
};

Registry& TheRegistry() {
  static Registry* registry = new Registry();
  return *registry;
}

}  // namespace

void RecordDataScanSection(HANDLE handle, const DataScanSection& section) {
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  r.sections[handle] = section;
}

void ForgetDataScanSection(PFLT_CONTEXT section_context) {
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  for (auto it = r.sections.begin(); it != r.sections.end();) {
    it = it->second.section_context == section_context ? r.sections.erase(it) : std::next(it);
  }
}

bool LookupDataScanSection(HANDLE handle, DataScanSection* section) {
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  auto it = r.sections.find(handle);
  if (it == r.sections.end()) return false;
  *section = it->second;
  return true;
}

namespace {
std::atomic<DataScanFileSizeQuery> file_size_query{nullptr};
}  // namespace

void SetDataScanFileSizeQuery(DataScanFileSizeQuery query) {
  file_size_query.store(query, std::memory_order_release);
}

NTSTATUS QueryDataScanFileSize(PFLT_INSTANCE instance, PFILE_OBJECT file_object, LONGLONG* size) {
  const DataScanFileSizeQuery query = file_size_query.load(std::memory_order_acquire);
  return query == nullptr ? STATUS_INVALID_DEVICE_REQUEST : query(instance, file_object, size);
}

}  // namespace fltctx_internal
}  // namespace fltctx
