// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/targets.cc
// -----------------------------------------------------------------------------
//
// Target resolution: which attachment table a ContextTarget names (internal
// to fltctx, core layer).

#include "fltctx/internal/targets.h"

#include <atomic>

#include "absl/strings/str_cat.h"

namespace fltctx {
namespace fltctx_internal {

Resolve ResolveTarget(const ContextTarget& t, Filter* volume_owner, bool for_set, Resolved* r) {
  switch (t.type) {
    case ContextType::kVolume:
      if (t.volume == nullptr || volume_owner == nullptr) return Resolve::kInvalid;
      r->slots = &t.volume->contexts;
      r->key = volume_owner;
      if (for_set) r->where = absl::StrCat("volume ", t.volume->options.name);
      return Resolve::kOk;
    case ContextType::kInstance:
      if (t.instance == nullptr) return Resolve::kInvalid;
      r->slots = &t.instance->context;
      r->key = nullptr;
      if (for_set) {
        r->where = absl::StrCat("instance of ", t.instance->filter->name, " on ",
                                t.instance->volume->options.name);
      }
      return Resolve::kOk;
    case ContextType::kTransaction:
      if (t.instance == nullptr || t.transaction == nullptr) return Resolve::kInvalid;
      r->slots = &t.transaction->contexts;
      r->key = t.instance;
      r->instance = t.instance;
      if (for_set) r->where = absl::StrCat("transaction #", t.transaction->id);
      return Resolve::kOk;
    case ContextType::kFile:
    case ContextType::kStream:
    case ContextType::kStreamHandle:
    case ContextType::kSection: {
      if (t.file_object == nullptr) return Resolve::kNotSupported;
      if (t.instance == nullptr) return Resolve::kInvalid;
      // Pre-create (not yet opened) and post-close: no file-object contexts.
      if (t.file_object->phase.load(std::memory_order_acquire) !=
          fltctx_internal::FileObjectPhase::kOpen) {
        return Resolve::kNotSupported;
      }
      Stream* stream = t.file_object->stream;
      const VolumeOptions& caps = stream->volume->options;
      if (stream->options.paging_file) return Resolve::kNotSupported;
      r->instance = t.instance;
      r->key = t.instance;
      switch (t.type) {
        case ContextType::kStream:
          if (!caps.supports_stream_contexts) return Resolve::kNotSupported;
          r->slots = &stream->contexts;
          if (for_set) r->where = absl::StrCat("stream ", caps.name, stream->options.name);
          break;
        case ContextType::kSection:
          if (!caps.supports_stream_contexts || !caps.supports_data_scan) {
            return Resolve::kNotSupported;
          }
          r->slots = &stream->sections;
          if (for_set) {
            r->where = absl::StrCat("section on stream ", caps.name, stream->options.name);
          }
          break;
        case ContextType::kStreamHandle:
          if (!caps.supports_stream_handle_contexts) return Resolve::kNotSupported;
          r->slots = &t.file_object->contexts;
          if (for_set) {
            r->where = absl::StrCat("file object #", t.file_object->id, " of stream ",
                                    caps.name, stream->options.name);
          }
          break;
        default:  // kFile
          if (caps.supports_file_contexts) {
            r->slots = &stream->file->contexts;
          } else if (caps.filter_manager_file_contexts && caps.supports_stream_contexts) {
            r->slots = &stream->emulated_file_contexts;
          } else {
            return Resolve::kNotSupported;
          }
          if (for_set) r->where = absl::StrCat("file ", caps.name, stream->file->name);
          break;
      }
      return Resolve::kOk;
    }
  }
  return Resolve::kInvalid;
}

}  // namespace fltctx_internal
}  // namespace fltctx
