// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/context_registry.cc
// -----------------------------------------------------------------------------
//
// The context registry: records, shards, references, the quarantine and the
// final release (internal to fltctx, core layer).

#include "fltctx/internal/context_registry.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "poolsim/irql.h"

namespace fltctx {
namespace fltctx_internal {

using poolsim::poolsim_internal::MutexLock;

namespace {

// What Inspect reports for each RecordState.
ContextState StateOf(RecordState state) {
  constexpr ContextState kStates[] = {
      ContextState::kUnlinked,  // RecordState::kUnlinked
      ContextState::kLinked,    // RecordState::kLinked
      ContextState::kDetached,  // RecordState::kDetached
      ContextState::kFreeing,   // RecordState::kFreeing
      ContextState::kFreed,     // RecordState::kFreed
  };
  static_assert(static_cast<int>(RecordState::kFreed) == 4, "one entry per RecordState");
  return kStates[static_cast<int>(state)];
}

}  // namespace

ContextRegistry::ContextRegistry(poolsim::Environment& env, const Options& options)
    : env_(env),
      options_(options),
      deferred_(options.deferred_work, [this](ContextRecord* rec) { Finalize(rec); }) {}

Shard& ContextRegistry::ShardFor(const void* p) {
  uint64_t h = (reinterpret_cast<uintptr_t>(p) >> 4) * 0x9E3779B97F4A7C15ull;
  return shards_[h >> (64 - kShardBits)];
}

ContextRecord* ContextRegistry::LiveOrRaise(const void* p, const char* op) {
  return WithLive(p, op, [](ContextRecord*) {});
}

// Captures the whole stack, library frames included: counting frames to
// skip is unreliable once the compiler inlines. Reports drop the library's
// own frames when they render.
poolsim::StackId ContextRegistry::Capture() const {
  return options_.track_references ? poolsim::CaptureStack(0) : poolsim::kNoStack;
}

void ContextRegistry::Add(ContextRecord* rec) {
  {
    Shard& s = ShardFor(rec->payload);
    MutexLock l(&s.mu);
    // A quarantined record at the same address stays owned by the
    // quarantine; the new context takes the address.
    s.map[rec->payload] = rec;
  }
  live_contexts_.fetch_add(1, std::memory_order_relaxed);
}

void ContextRegistry::AddRefLocked(ContextRecord* rec, const char* op, poolsim::StackId stack) {
  ++rec->refs;
  if (!options_.track_references) return;
  rec->references.push_back(
      ReferenceEntry{op, stack, ++rec->reference_sequence, poolsim::CurrentThreadOrdinal()});
}

void ContextRegistry::AddRef(ContextRecord* rec, const char* op, poolsim::StackId stack) {
  Shard& s = ShardFor(rec->payload);
  MutexLock l(&s.mu);
  AddRefLocked(rec, op, stack);
}

void ContextRegistry::PopRefLocked(ContextRecord* rec) {
  if (rec->references.empty()) return;
  if (rec->references.size() == 1) {
    rec->references.clear();
    return;
  }
  uint32_t thread = poolsim::CurrentThreadOrdinal();
  for (size_t i = rec->references.size(); i-- > 0;) {
    if (rec->references[i].thread == thread) {
      rec->references.erase(rec->references.begin() + static_cast<ptrdiff_t>(i));
      return;
    }
  }
  rec->references.pop_back();
}

void ContextRegistry::LinkLocked(ContextRecord* rec, Slots* slots, const void* key,
                                 Instance* instance, const std::string& where) {
  rec->state = RecordState::kLinked;
  ++rec->refs;
  rec->slots = slots;
  rec->key = key;
  rec->link_instance = instance;
  rec->attached_to = where;
}

bool ContextRegistry::Unlink(ContextRecord* rec, bool to_caller, const char* op,
                             poolsim::StackId stack) {
  Shard& s = ShardFor(rec->payload);
  MutexLock l(&s.mu);
  rec->state = RecordState::kDetached;
  rec->slots = nullptr;
  rec->key = nullptr;
  rec->link_instance = nullptr;
  if (to_caller) {
    if (!options_.track_references) return false;
    rec->references.push_back(
        ReferenceEntry{op, stack, ++rec->reference_sequence, poolsim::CurrentThreadOrdinal()});
    return false;
  }
  if (--rec->refs == 0) {
    rec->state = RecordState::kFreeing;
    return true;
  }
  return false;
}

bool ContextRegistry::AttachmentOf(ContextRecord* rec, Slots** slots, const void** key) {
  Shard& s = ShardFor(rec->payload);
  MutexLock l(&s.mu);
  if (rec->state != RecordState::kLinked) return false;
  *slots = rec->slots;
  *key = rec->key;
  return true;
}

void ContextRegistry::Finalize(ContextRecord* rec) {
  const Definition* def = rec->definition;
  if (def->cleanup) def->cleanup(rec->payload, rec->type);
  if (rec->from_callback) {
    def->free(rec->block, rec->type);
  } else {
    env_.Free(rec->block, rec->tag, /*check_tag=*/true, 0);
  }
  live_contexts_.fetch_sub(1, std::memory_order_relaxed);
  Shard& s = ShardFor(rec->payload);
  std::vector<ContextRecord*> evicted;
  {
    MutexLock l(&s.mu);
    rec->state = RecordState::kFreed;
    rec->references.clear();
    s.quarantine.push_back(rec);
    size_t cap = std::max<size_t>(1, options_.quarantine / kShards);
    while (s.quarantine.size() > cap) {
      ContextRecord* old = s.quarantine.front();
      s.quarantine.pop_front();
      auto it = s.map.find(old->payload);
      if (it != s.map.end() && it->second == old) s.map.erase(it);
      evicted.push_back(old);
    }
  }
  for (ContextRecord* old : evicted) delete old;
}

void ContextRegistry::FinalRelease(ContextRecord* rec, poolsim::Irql irql) {
  if (irql >= poolsim::kDispatchLevel) {
    deferred_.Push(rec);
  } else {
    Finalize(rec);
  }
}

void ContextRegistry::FinalizeAll(const std::vector<ContextRecord*>& dead) {
  poolsim::Irql irql = poolsim::CurrentIrql();
  for (ContextRecord* rec : dead) FinalRelease(rec, irql);
}

ContextInfo ContextRegistry::Inspect(const void* context) {
  ContextInfo info;
  Shard& s = ShardFor(context);
  MutexLock l(&s.mu);
  auto it = s.map.find(context);
  if (it == s.map.end()) return info;
  const ContextRecord* rec = it->second;
  info.state = StateOf(rec->state);
  info.type = rec->type;
  info.reference_count = rec->refs;
  info.bytes = rec->payload_bytes;
  info.pool = rec->pool;
  info.pool_type = rec->pool_type;
  info.tag = rec->tag;
  info.block = rec->block;
  info.from_callback = rec->from_callback;
  return info;
}

size_t ContextRegistry::LiveCount(ContextType type) {
  size_t n = 0;
  for (Shard& s : shards_) {
    MutexLock l(&s.mu);
    for (const auto& kv : s.map) {
      if (kv.second->type == type && kv.second->state != RecordState::kFreed) ++n;
    }
  }
  return n;
}

std::vector<poolsim::LeakedObject> ContextRegistry::Referenced(const Filter* filter) {
  std::vector<std::pair<uint64_t, poolsim::LeakedObject>> out;  // by allocation order
  for (Shard& s : shards_) {
    MutexLock l(&s.mu);
    for (auto& kv : s.map) {
      const ContextRecord* rec = kv.second;
      if (rec->state == RecordState::kFreed || rec->state == RecordState::kFreeing) continue;
      if (filter != nullptr && rec->filter != filter) continue;
      int64_t caller_refs = rec->refs - (rec->state == RecordState::kLinked ? 1 : 0);
      if (caller_refs <= 0) continue;
      poolsim::LeakedObject o;
      o.kind = "context";
      o.type_name = ContextTypeName(rec->type);
      o.owner = rec->filter->name;
      o.attached_to = rec->state == RecordState::kLinked ? rec->attached_to
                      : rec->state == RecordState::kDetached
                          ? absl::StrCat("(detached; was ", rec->attached_to, ")")
                          : "(not attached)";
      o.reference_count = rec->refs;
      o.address = reinterpret_cast<uintptr_t>(rec->payload);
      o.block = rec->from_callback ? 0 : reinterpret_cast<uintptr_t>(rec->block);
      o.bytes = rec->payload_bytes;
      o.pool = rec->pool;
      o.tag = rec->tag;
      o.stack = rec->alloc_stack;
      for (const ReferenceEntry& e : rec->references) {
        o.references.push_back(poolsim::ObjectReference{e.operation, e.stack, e.sequence});
      }
      out.emplace_back(rec->serial, std::move(o));
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<poolsim::LeakedObject> sorted;
  sorted.reserve(out.size());
  for (auto& p : out) sorted.push_back(std::move(p.second));
  return sorted;
}

void ContextRegistry::DeleteAllRecords() {
  for (Shard& s : shards_) {
    MutexLock l(&s.mu);
    for (auto& kv : s.map) {
      if (kv.second->state != RecordState::kFreed) delete kv.second;
    }
    for (ContextRecord* rec : s.quarantine) delete rec;
    s.map.clear();
    s.quarantine.clear();
  }
}

}  // namespace fltctx_internal
}  // namespace fltctx
