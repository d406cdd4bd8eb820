// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/ecp.cc
// -----------------------------------------------------------------------------
//
// Core layer: extra create parameters (fltctx/ecp.h).
//
// Lock order: the registry's one mutex is the only lock here; pool calls and
// cleanup callbacks run with it released.

#include "fltctx/ecp.h"

#include <algorithm>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "poolsim/leaked_object.h"

#include "absl/base/thread_annotations.h"
#include "poolsim/internal/lock.h"

namespace fltctx {
namespace fltctx_internal {
namespace {

namespace poolsim_internal = poolsim::poolsim_internal;

// Ties records to their Environment: its (empty) object reporter owns the
// only strong reference, so the records of a dead Environment are never
// found again (a stale pointer is then "not an ECP", not a use of freed
// memory).
struct EnvState {
  poolsim::Environment* env = nullptr;
};

struct EcpRecord {
  std::weak_ptr<EnvState> state;
  void* block = nullptr;
  uint32_t tag = 0;
  EcpFacts facts;
  ecp::Cleanup cleanup;
};

struct ListRecord {
  std::weak_ptr<EnvState> state;
  std::vector<void*> ecps;  // insertion order
};

struct Registry {
  poolsim_internal::Mutex mu;
  std::map<const void*, ListRecord> lists ABSL_GUARDED_BY(mu);
  std::map<const void*, EcpRecord> ecps ABSL_GUARDED_BY(mu);
  std::map<const void*, void*> creates ABSL_GUARDED_BY(mu);  // callback data -> list
  std::map<poolsim::Environment*, std::weak_ptr<EnvState>> envs ABSL_GUARDED_BY(mu);
};

Registry& TheRegistry() {
  static Registry* registry = new Registry();
  return *registry;
}

std::shared_ptr<EnvState> StateOf(poolsim::Environment& env) {
  Registry& r = TheRegistry();
  {
    poolsim_internal::MutexLock l(&r.mu);
    auto it = r.envs.find(&env);
    if (it != r.envs.end()) {
      if (std::shared_ptr<EnvState> s = it->second.lock()) return s;
    }
    // A new Environment (perhaps at a dead one's address): forget the
    // records of Environments that are gone.
    for (auto e = r.ecps.begin(); e != r.ecps.end();) {
      e = e->second.state.expired() ? r.ecps.erase(e) : std::next(e);
    }
    for (auto li = r.lists.begin(); li != r.lists.end();) {
      li = li->second.state.expired() ? r.lists.erase(li) : std::next(li);
    }
  }
  auto state = std::make_shared<EnvState>();
  state->env = &env;
  {
    poolsim_internal::MutexLock l(&r.mu);
    r.envs[&env] = state;
  }
  env.AddObjectReporter([state](std::vector<poolsim::LeakedObject>*) {});
  return state;
}

EcpOutcome AllocationFailure(poolsim::AllocateFailure failure) {
  return failure == poolsim::AllocateFailure::kInvalidParameter ? EcpOutcome::kInvalidTag
                                                                : EcpOutcome::kInsufficientResources;
}

// Runs the cleanup and frees the block of an ECP already out of the registry.
void Destroy(void* context, EcpRecord rec) {
  if (rec.cleanup) rec.cleanup(context, rec.facts.type);
  if (std::shared_ptr<EnvState> s = rec.state.lock()) {
    s->env->Free(rec.block, poolsim::PoolTag(rec.tag), true, 2);
  }
}

}  // namespace
}  // namespace fltctx_internal

namespace fi = fltctx_internal;
namespace poolsim_internal = poolsim::poolsim_internal;

namespace ecp {

EcpOutcome AllocateList(poolsim::Environment& env, void** list, int skip_frames) {
  *list = nullptr;
  std::shared_ptr<fi::EnvState> state = fi::StateOf(env);
  poolsim::AllocateRequest ar;
  ar.bytes = 32;
  ar.tag = poolsim::PoolTag(kEcpListTag);
  ar.kind = poolsim::PoolKind::kPaged;
  ar.pool_type = 1;
  ar.zero = true;
  ar.legacy_tag_rules = false;
  ar.skip_frames = skip_frames + 1;
  poolsim::AllocateFailure failure = poolsim::AllocateFailure::kNone;
  void* block = env.Allocate(ar, &failure);
  if (block == nullptr) return fi::AllocationFailure(failure);
  fi::Registry& r = fi::TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  r.lists[block] = fi::ListRecord{state, {}};
  *list = block;
  return EcpOutcome::kSuccess;
}

EcpOutcome AllocateEcp(poolsim::Environment& env, const EcpType& type, uint32_t size,
                       bool nonpaged, Cleanup cleanup, uint32_t tag, void** context,
                       int skip_frames) {
  *context = nullptr;
  std::shared_ptr<fi::EnvState> state = fi::StateOf(env);
  poolsim::AllocateRequest ar;
  ar.bytes = kEcpHeaderBytes + size;
  ar.tag = poolsim::PoolTag(tag);
  ar.kind = nonpaged ? poolsim::PoolKind::kNonPaged : poolsim::PoolKind::kPaged;
  ar.pool_type = nonpaged ? 0 : 1;
  ar.zero = true;
  ar.legacy_tag_rules = false;
  ar.skip_frames = skip_frames + 1;
  poolsim::AllocateFailure failure = poolsim::AllocateFailure::kNone;
  void* block = env.Allocate(ar, &failure);
  if (block == nullptr) return fi::AllocationFailure(failure);
  void* ctx = static_cast<uint8_t*>(block) + kEcpHeaderBytes;
  fi::EcpRecord rec;
  rec.state = state;
  rec.block = block;
  rec.tag = tag;
  rec.facts.type = type;
  rec.facts.size = size;
  rec.cleanup = std::move(cleanup);
  fi::Registry& r = fi::TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  r.ecps[ctx] = std::move(rec);
  *context = ctx;
  return EcpOutcome::kSuccess;
}

EcpOutcome FreeList(void* list) {
  fi::Registry& r = fi::TheRegistry();
  fi::ListRecord list_rec;
  std::vector<std::pair<void*, fi::EcpRecord>> doomed;
  {
    poolsim_internal::MutexLock l(&r.mu);
    auto it = r.lists.find(list);
    if (it == r.lists.end()) return EcpOutcome::kNotAList;
    list_rec = std::move(it->second);
    r.lists.erase(it);
    for (void* ctx : list_rec.ecps) {
      auto e = r.ecps.find(ctx);
      if (e == r.ecps.end()) continue;
      doomed.emplace_back(ctx, std::move(e->second));
      r.ecps.erase(e);
    }
    for (auto c = r.creates.begin(); c != r.creates.end();) {
      c = c->second == list ? r.creates.erase(c) : std::next(c);
    }
  }
  for (auto& [ctx, rec] : doomed) fi::Destroy(ctx, std::move(rec));
  if (std::shared_ptr<fi::EnvState> s = list_rec.state.lock()) {
    s->env->Free(list, poolsim::PoolTag(kEcpListTag), true, 1);
  }
  return EcpOutcome::kSuccess;
}

EcpOutcome FreeEcp(void* context) {
  fi::Registry& r = fi::TheRegistry();
  fi::EcpRecord rec;
  {
    poolsim_internal::MutexLock l(&r.mu);
    auto it = r.ecps.find(context);
    if (it == r.ecps.end()) return EcpOutcome::kNotAnEcp;
    if (it->second.facts.list != nullptr) return EcpOutcome::kInAList;
    rec = std::move(it->second);
    r.ecps.erase(it);
  }
  fi::Destroy(context, std::move(rec));
  return EcpOutcome::kSuccess;
}

bool IsList(const void* list) {
  fi::Registry& r = fi::TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  auto it = r.lists.find(list);
  return it != r.lists.end() && !it->second.state.expired();
}

bool IsEcp(const void* context) { return Lookup(context, nullptr); }

bool Lookup(const void* context, EcpFacts* facts) {
  fi::Registry& r = fi::TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  auto it = r.ecps.find(context);
  if (it == r.ecps.end() || it->second.state.expired()) return false;
  if (facts != nullptr) *facts = it->second.facts;
  return true;
}

EcpOutcome Insert(void* list, void* context) {
  fi::Registry& r = fi::TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  auto li = r.lists.find(list);
  if (li == r.lists.end()) return EcpOutcome::kNotAList;
  auto e = r.ecps.find(context);
  if (e == r.ecps.end()) return EcpOutcome::kNotAnEcp;
  if (e->second.facts.list != nullptr) return EcpOutcome::kInAList;
  for (void* other : li->second.ecps) {
    if (r.ecps[other].facts.type == e->second.facts.type) return EcpOutcome::kDuplicate;
  }
  li->second.ecps.push_back(context);
  e->second.facts.list = list;
  return EcpOutcome::kSuccess;
}

EcpOutcome Find(const void* list, const EcpType& type, void** context, uint32_t* size) {
  fi::Registry& r = fi::TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  auto li = r.lists.find(list);
  if (li == r.lists.end()) return EcpOutcome::kNotAList;
  for (void* ctx : li->second.ecps) {
    const fi::EcpRecord& rec = r.ecps[ctx];
    if (rec.facts.type != type) continue;
    if (context != nullptr) *context = ctx;
    if (size != nullptr) *size = rec.facts.size;
    return EcpOutcome::kSuccess;
  }
  return EcpOutcome::kNotFound;
}

EcpOutcome Remove(void* list, const EcpType& type, void** context, uint32_t* size) {
  fi::Registry& r = fi::TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  auto li = r.lists.find(list);
  if (li == r.lists.end()) return EcpOutcome::kNotAList;
  auto& ecps = li->second.ecps;
  for (auto it = ecps.begin(); it != ecps.end(); ++it) {
    fi::EcpRecord& rec = r.ecps[*it];
    if (rec.facts.type != type) continue;
    if (context != nullptr) *context = *it;
    if (size != nullptr) *size = rec.facts.size;
    rec.facts.list = nullptr;
    ecps.erase(it);
    return EcpOutcome::kSuccess;
  }
  return EcpOutcome::kNotFound;
}

EcpOutcome Next(const void* list, const void* current, EcpType* type, void** context,
                uint32_t* size) {
  fi::Registry& r = fi::TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  auto li = r.lists.find(list);
  if (li == r.lists.end()) return EcpOutcome::kNotAList;
  const auto& ecps = li->second.ecps;
  auto it = ecps.begin();
  if (current != nullptr) {
    it = std::find(ecps.begin(), ecps.end(), current);
    if (it == ecps.end()) return EcpOutcome::kNotInThisList;
    ++it;
  }
  if (it == ecps.end()) return EcpOutcome::kNotFound;
  const fi::EcpRecord& rec = r.ecps[*it];
  if (type != nullptr) *type = rec.facts.type;
  if (context != nullptr) *context = *it;
  if (size != nullptr) *size = rec.facts.size;
  return EcpOutcome::kSuccess;
}

EcpOutcome Acknowledge(void* context) {
  fi::Registry& r = fi::TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  auto it = r.ecps.find(context);
  if (it == r.ecps.end()) return EcpOutcome::kNotAnEcp;
  it->second.facts.acknowledged = true;
  return EcpOutcome::kSuccess;
}

EcpOutcome MarkFromUserMode(void* context, bool from_user_mode) {
  fi::Registry& r = fi::TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  auto it = r.ecps.find(context);
  if (it == r.ecps.end()) return EcpOutcome::kNotAnEcp;
  it->second.facts.from_user_mode = from_user_mode;
  return EcpOutcome::kSuccess;
}

bool SetCreateEcpList(const void* callback_data, void* list) {
  fi::Registry& r = fi::TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  return r.creates.emplace(callback_data, list).second;
}

void* CreateEcpList(const void* callback_data) {
  fi::Registry& r = fi::TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  auto it = r.creates.find(callback_data);
  return it == r.creates.end() ? nullptr : it->second;
}

void ClearCreateEcpList(const void* callback_data) {
  fi::Registry& r = fi::TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  r.creates.erase(callback_data);
}

}  // namespace ecp
}  // namespace fltctx
