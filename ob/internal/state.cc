// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ob/internal/state.cc
// -----------------------------------------------------------------------------
//
// The object manager's per-Environment state and its object reporter
// (object-manager layer, private): open handles and unreleased driver
// references become leaked objects of the leak report.
//
// Lock order: Directory::mu, then EnvState::mu (the reporter takes only the
// latter).

#include "ob/internal/state.h"

#include <iterator>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ob {
namespace ob_internal {
namespace {

namespace psi = poolsim::poolsim_internal;

struct Directory {
  psi::Mutex mu;
  std::map<poolsim::Environment*, std::weak_ptr<EnvState>> states ABSL_GUARDED_BY(mu);
};

Directory& TheDirectory() {
  static Directory* directory = new Directory();
  return *directory;
}

std::string HandleText(uint64_t value) { return absl::StrFormat("0x%x", value); }

void Report(const std::shared_ptr<EnvState>& state, std::vector<poolsim::LeakedObject>* out) {
  psi::MutexLock l(&state->mu);
  std::vector<std::pair<uint64_t, poolsim::LeakedObject>> found;
  for (const auto& [key, h] : state->handles) {
    poolsim::LeakedObject o;
    o.kind = "handle";
    o.type_name = h.type != nullptr ? h.type->name : "(object)";
    o.owner = h.kernel ? "kernel handle table"
                       : absl::StrCat("handle table of process ", h.process);
    auto it = state->objects.find(h.object);
    o.attached_to = absl::StrCat("handle ", HandleText(key.second), " to ",
                                 it != state->objects.end() ? it->second.description
                                                            : std::string("(object)"));
    o.reference_count = 1;
    o.address = key.second;
    o.tag = poolsim::PoolTag(h.type != nullptr ? h.type->pool_tag : 0);
    o.stack = h.stack;
    o.references.push_back(poolsim::ObjectReference{h.operation, h.stack, h.sequence});
    found.emplace_back(h.sequence, std::move(o));
  }
  for (const auto& [body, rec] : state->objects) {
    if (rec.references.empty()) continue;
    poolsim::LeakedObject o;
    o.kind = "object reference";
    o.type_name = rec.type != nullptr ? rec.type->name : "(object)";
    o.owner = "object manager";
    o.attached_to = rec.description;
    o.reference_count = static_cast<int64_t>(rec.references.size());
    o.address = reinterpret_cast<uintptr_t>(body);
    o.tag = poolsim::PoolTag(rec.type != nullptr ? rec.type->pool_tag : 0);
    o.stack = rec.references.front().stack;
    o.references = rec.references;
    found.emplace_back(rec.references.front().sequence, std::move(o));
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [sequence, o] : found) out->push_back(std::move(o));
}

}  // namespace

std::shared_ptr<EnvState> StateOf(poolsim::Environment& env) {
  Directory& d = TheDirectory();
  {
    psi::MutexLock l(&d.mu);
    auto it = d.states.find(&env);
    if (it != d.states.end()) {
      if (std::shared_ptr<EnvState> s = it->second.lock()) return s;
    }
    for (auto sit = d.states.begin(); sit != d.states.end();) {
      sit = sit->second.expired() ? d.states.erase(sit) : std::next(sit);
    }
  }
  auto state = std::make_shared<EnvState>();
  state->env = &env;
  {
    psi::MutexLock l(&d.mu);
    auto it = d.states.find(&env);
    if (it != d.states.end()) {
      if (std::shared_ptr<EnvState> s = it->second.lock()) return s;  // another thread won
    }
    d.states[&env] = state;
  }
  // The reporter holds the only strong reference.
  env.AddObjectReporter(
      [state](std::vector<poolsim::LeakedObject>* out) { Report(state, out); });
  return state;
}

std::shared_ptr<EnvState> StateOwningProcess(const void* body) {
  std::vector<std::shared_ptr<EnvState>> live;
  {
    Directory& d = TheDirectory();
    psi::MutexLock l(&d.mu);
    for (const auto& [env, weak] : d.states) {
      if (std::shared_ptr<EnvState> s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (const std::shared_ptr<EnvState>& s : live) {
    psi::MutexLock l(&s->mu);
    auto it = s->objects.find(body);
    if (it != s->objects.end() &&
        (it->second.type == ProcessType() || it->second.type == ThreadType())) {
      return s;
    }
  }
  return nullptr;
}

}  // namespace ob_internal
}  // namespace ob
