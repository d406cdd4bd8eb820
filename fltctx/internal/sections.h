// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/sections.h
// -----------------------------------------------------------------------------
//
// Data-scan section contexts (internal to fltctx, core layer):
// FltRegisterForDataScan, FltCreateSectionForDataScan and
// FltCloseSectionForDataScan.
//
// IWYU pragma: private, internal to fltctx.

#ifndef FLTCTX_INTERNAL_SECTIONS_H_
#define FLTCTX_INTERNAL_SECTIONS_H_

#include <atomic>
#include <cstdint>

#include "fltctx/internal/context_registry.h"
#include "fltctx/internal/object_tree.h"
#include "fltctx/objects.h"
#include "fltctx/outcomes.h"
#include "poolsim/environment.h"

namespace fltctx {
namespace fltctx_internal {

// DataScanSections
//
// Thread-safe; see FilterManager for each call's contract.
class DataScanSections {
 public:
  DataScanSections(poolsim::Environment& env, ContextRegistry& registry, ObjectTree& tree)
      : env_(env), registry_(registry), tree_(tree) {}
  DataScanSections(const DataScanSections&) = delete;
  DataScanSections& operator=(const DataScanSections&) = delete;

  DataScanOutcome RegisterForDataScan(Instance* instance);
  CreateSectionOutcome Create(Instance* instance, FileObject* file_object, void* section_context,
                              uint64_t* section_token, int64_t file_size = -1);
  CloseSectionOutcome Close(void* section_context);

 private:
  poolsim::Environment& env_;
  ContextRegistry& registry_;
  ObjectTree& tree_;
  std::atomic<uint64_t> section_tokens_{0};
};

}  // namespace fltctx_internal
}  // namespace fltctx

#endif  // FLTCTX_INTERNAL_SECTIONS_H_
