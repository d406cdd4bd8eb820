// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/sections.cc
// -----------------------------------------------------------------------------
//
// Data-scan section contexts: registration, creation and closing (internal to
// fltctx, core layer).

#include "fltctx/internal/sections.h"

#include <vector>

#include "fltctx/internal/bugchecks.h"
#include "fltctx/internal/targets.h"
#include "poolsim/irql.h"

namespace fltctx {
namespace fltctx_internal {

using poolsim::poolsim_internal::MutexLock;

DataScanOutcome DataScanSections::RegisterForDataScan(Instance* instance) {
  if (!CheckIrql(env_, poolsim::kApcLevel, "FltRegisterForDataScan", instance)) {
    return DataScanOutcome::kNotSupported;
  }
  MutexLock structure(&tree_.mu);
  if (instance->tearing_down || instance->gone) return DataScanOutcome::kObjectGone;
  if (!instance->volume->options.supports_data_scan) return DataScanOutcome::kNotSupported;
  instance->data_scan = true;
  return DataScanOutcome::kRegistered;
}

CreateSectionOutcome DataScanSections::Create(Instance* instance, FileObject* file_object,
                                              void* section_context, uint64_t* section_token,
                                              int64_t file_size) {
  const char* op = "FltCreateSectionForDataScan";
  *section_token = 0;
  if (!CheckIrql(env_, poolsim::kApcLevel, op, section_context)) {
    return CreateSectionOutcome::kInvalidParameter;
  }
  ContextRecord* rec = registry_.LiveOrRaise(section_context, op);
  if (rec == nullptr) return CreateSectionOutcome::kInvalidParameter;
  if (instance == nullptr || rec->type != ContextType::kSection || rec->filter != instance->filter) {
    return CreateSectionOutcome::kInvalidParameter;
  }
  ContextTarget target = ContextTarget::OnFileObject(ContextType::kSection, instance, file_object);
  Resolved r;
  if (ResolveTarget(target, rec->filter, true, &r) != Resolve::kOk) {
    return CreateSectionOutcome::kNotSupported;
  }
  MutexLock structure(&tree_.mu);
  if (tree_.TargetGoneLocked(target, rec->filter)) return CreateSectionOutcome::kObjectGone;
  if (!instance->data_scan) return CreateSectionOutcome::kInvalidParameter;
  const uint64_t size =
      file_size < 0 ? file_object->stream->options.size : static_cast<uint64_t>(file_size);
  if (size == 0) return CreateSectionOutcome::kEndOfFile;
  MutexLock sl(&r.slots->mu);
  if (r.slots->map.contains(r.key)) return CreateSectionOutcome::kAlreadyDefined;
  {
    Shard& s = registry_.ShardFor(rec->payload);
    MutexLock l(&s.mu);
    if (rec->state.load(std::memory_order_acquire) != RecordState::kUnlinked ||
        !ContextRegistry::LinkLocked(rec, r.slots, r.key, instance, r.where)) {
      return CreateSectionOutcome::kAlreadyLinked;
    }
    rec->section_created = true;
  }
  r.slots->map.Put(r.key, rec);
  instance->linked.insert(rec);
  *section_token = section_tokens_.fetch_add(1) + 1;
  return CreateSectionOutcome::kCreated;
}

CloseSectionOutcome DataScanSections::Close(void* section_context) {
  const char* op = "FltCloseSectionForDataScan";
  if (!CheckIrql(env_, poolsim::kApcLevel, op, section_context)) {
    return CloseSectionOutcome::kNeverCreated;
  }
  ContextRecord* rec = registry_.LiveOrRaise(section_context, op);
  if (rec == nullptr) return CloseSectionOutcome::kNeverCreated;
  std::vector<ContextRecord*> dead;
  {
    MutexLock structure(&tree_.mu);
    if (rec->type != ContextType::kSection || !rec->section_created) {
      return CloseSectionOutcome::kNeverCreated;
    }
    if (rec->section_closed) return CloseSectionOutcome::kAlreadyClosed;
    rec->section_closed = true;
    if (!tree_.DetachLocked(rec, &dead)) return CloseSectionOutcome::kAlreadyClosed;
  }
  registry_.FinalizeAll(dead);
  return CloseSectionOutcome::kClosed;
}

}  // namespace fltctx_internal
}  // namespace fltctx
