// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/manager_impl.h
// -----------------------------------------------------------------------------
//
// What a FilterManager is made of (internal to fltctx, core layer): the
// parts, built in dependency order, and the filter lifecycle (register,
// start, unregister) and the manager's end that span them. The facade
// (fltctx/filter_manager.cc) forwards each call to one of these.
//
// IWYU pragma: private, internal to fltctx.

#ifndef FLTCTX_INTERNAL_MANAGER_IMPL_H_
#define FLTCTX_INTERNAL_MANAGER_IMPL_H_

#include "fltctx/internal/context_operations.h"
#include "fltctx/internal/context_registry.h"
#include "fltctx/internal/object_tree.h"
#include "fltctx/internal/sections.h"
#include "fltctx/internal/transactions.h"
#include "fltctx/options.h"
#include "fltctx/outcomes.h"
#include "fltctx/registration.h"
#include "poolsim/environment.h"

namespace fltctx {
namespace fltctx_internal {

// ManagerImpl
//
// Thread-safe.
class ManagerImpl {
 public:
  ManagerImpl(FilterManager* self, poolsim::Environment& env, Options options);
  ManagerImpl(const ManagerImpl&) = delete;
  ManagerImpl& operator=(const ManagerImpl&) = delete;

  RegisterOutcome RegisterFilter(FilterRegistration registration, Filter** filter);
  StartOutcome StartFiltering(Filter* filter);
  UnloadResult UnregisterFilter(Filter* filter);
  // The FilterManager's end, run while the facade still works (filter
  // callbacks it runs may call back in): unregisters every filter still
  // registered, runs deferred work, keeps contexts still referenced in the
  // Environment's report.
  void Shutdown();

  FilterManager* const self;
  poolsim::Environment& env;
  const Options options;
  ContextRegistry registry;
  ObjectTree tree;
  ContextOperations contexts;
  DataScanSections sections;
  Transactions transactions;

 private:
  int reporter_ = -1;
};

}  // namespace fltctx_internal
}  // namespace fltctx

#endif  // FLTCTX_INTERNAL_MANAGER_IMPL_H_
