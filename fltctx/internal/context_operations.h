// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/context_operations.h
// -----------------------------------------------------------------------------
//
// The context operations (internal to fltctx, core layer): allocate, set,
// get, delete, reference and release, one method per FilterManager call,
// over the context registry and the object tree.
//
// IWYU pragma: private, internal to fltctx.

#ifndef FLTCTX_INTERNAL_CONTEXT_OPERATIONS_H_
#define FLTCTX_INTERNAL_CONTEXT_OPERATIONS_H_

#include <cstddef>
#include <cstdint>

#include "fltctx/context_type.h"
#include "fltctx/internal/context_registry.h"
#include "fltctx/internal/object_tree.h"
#include "fltctx/objects.h"
#include "fltctx/options.h"
#include "fltctx/outcomes.h"
#include "poolsim/block_info.h"
#include "poolsim/environment.h"

namespace fltctx {
namespace fltctx_internal {

// ContextOperations
//
// Thread-safe; see FilterManager for each call's contract.
class ContextOperations {
 public:
  ContextOperations(FilterManager* manager, poolsim::Environment& env, const Options& options,
                    ContextRegistry& registry, ObjectTree& tree);
  ContextOperations(const ContextOperations&) = delete;
  ContextOperations& operator=(const ContextOperations&) = delete;

  AllocateResult Allocate(Filter* filter, uint16_t type_bits, size_t size,
                          poolsim::PoolKind pool, uint32_t pool_type);
  SetResult Set(const ContextTarget& target, void* context, SetMode mode, bool want_previous);
  GetResult Get(const ContextTarget& target, const char* op);
  DeleteResult Delete(const ContextTarget& target, bool want_previous);
  void DeleteContext(void* context);
  void Reference(void* context);
  void Release(void* context, const char* op);
  GetContextsOutcome GetContexts(Filter* filter, Volume* volume, Instance* instance,
                                 FileObject* file_object, Transaction* transaction,
                                 uint16_t type_bits, bool include_section,
                                 void* out[kContextTypeCount]);
  void ReleaseContexts(void** contexts, int count);

 private:
  FilterManager* const manager_;
  poolsim::Environment& env_;
  const Options& options_;
  ContextRegistry& registry_;
  ObjectTree& tree_;
};

}  // namespace fltctx_internal
}  // namespace fltctx

#endif  // FLTCTX_INTERNAL_CONTEXT_OPERATIONS_H_
