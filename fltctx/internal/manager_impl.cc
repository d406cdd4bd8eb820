// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/manager_impl.cc
// -----------------------------------------------------------------------------
//
// The FilterManager's parts put together, and the filter lifecycle (internal
// to fltctx, core layer).

#include "fltctx/internal/manager_impl.h"

#include <chrono>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "fltctx/internal/bugchecks.h"
#include "poolsim/irql.h"

namespace fltctx {
namespace fltctx_internal {

namespace {

constexpr uint32_t kInstanceTeardownFilterUnload = 0x2;

}  // namespace

ManagerImpl::ManagerImpl(FilterManager* self, poolsim::Environment& env, Options options)
    : self(self),
      env(env),
      options(std::move(options)),
      registry(env, this->options),
      tree(self, env, this->options, registry),
      contexts(self, env, this->options, registry, tree),
      sections(env, registry, tree),
      transactions(self, env, registry, tree) {
  reporter_ = env.AddObjectReporter([this](std::vector<poolsim::LeakedObject>* out) {
    std::vector<poolsim::LeakedObject> mine = registry.Referenced(nullptr);
    for (auto& o : mine) out->push_back(std::move(o));
  });
}

void ManagerImpl::Shutdown() {
  env.RemoveObjectReporter(reporter_);
  for (Filter* f : tree.RegisteredFilters()) UnregisterFilter(f);
  registry.DrainDeferred();
  registry.StopDeferred();
  // Contexts still referenced can never be released now. Keep them in the
  // Environment's report (its leak check usually runs after this destructor).
  std::vector<poolsim::LeakedObject> leaked = registry.Referenced(nullptr);
  if (!leaked.empty()) {
    env.AddObjectReporter([leaked](std::vector<poolsim::LeakedObject>* out) {
      out->insert(out->end(), leaked.begin(), leaked.end());
    });
  }
  // Their pool blocks stay live in the Environment; the records go.
  registry.DeleteAllRecords();
  tree.DeletePeers();
}

RegisterOutcome ManagerImpl::RegisterFilter(FilterRegistration registration, Filter** filter) {
  *filter = nullptr;
  if (!CheckIrql(env, poolsim::kApcLevel, "FltRegisterFilter", nullptr)) {
    return RegisterOutcome::kInvalidParameter;
  }
  auto f = std::make_unique<Filter>();
  f->manager = self;
  f->name = registration.name;
  f->callbacks = std::move(registration.callbacks);
  f->operations = std::move(registration.operations);
  RegisterOutcome outcome =
      ValidateContextRegistration(registration.contexts, options, &f->definitions);
  if (outcome != RegisterOutcome::kRegistered) return outcome;
  *filter = tree.AddFilter(std::move(f));
  return RegisterOutcome::kRegistered;
}

StartOutcome ManagerImpl::StartFiltering(Filter* filter) {
  if (!CheckIrql(env, poolsim::kApcLevel, "FltStartFiltering", filter)) {
    return StartOutcome::kInvalidParameter;
  }
  return tree.StartFiltering(filter);
}

UnloadResult ManagerImpl::UnregisterFilter(Filter* filter) {
  UnloadResult result;
  if (!CheckIrql(env, poolsim::kApcLevel, "FltUnregisterFilter", filter)) return result;
  std::vector<Instance*> instances;
  if (!tree.BeginUnload(filter, &instances)) {
    if (filter != nullptr) RaiseFilterUnregisteredTwice(env, filter);
    return result;
  }
  for (Instance* i : instances) {
    result.contexts_detached +=
        tree.TeardownInstance(i, kInstanceTeardownFilterUnload, /*notify=*/true);
    ++result.instances_torn_down;
  }
  result.contexts_detached += tree.DetachVolumeContextsOf(filter);
  auto deadline = std::chrono::steady_clock::now() + options.unload_wait;
  for (;;) {
    registry.DrainDeferred();
    result.leaked_contexts = registry.Referenced(filter).size();
    if (result.leaked_contexts == 0 || std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return result;
}

}  // namespace fltctx_internal
}  // namespace fltctx
