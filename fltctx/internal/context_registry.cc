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
#include "fltctx/internal/epoch.h"
#include "fltctx/internal/reference_log.h"
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

ContextRegistry::~ContextRegistry() { ForgetReferencesOf(this); }

void ContextRegistry::Add(ContextRecord* rec) {
  {
    Shard& s = ShardFor(rec->payload);
    MutexLock l(&s.mu);
    // A quarantined record at the same address stays owned by the
    // quarantine; the new context takes the address.
    s.map.Put(rec->payload, rec);
  }
  live_contexts_.fetch_add(1, std::memory_order_relaxed);
}

void ContextRegistry::LogRef(ContextRecord* rec, const char* op, poolsim::StackId stack) {
  LogReference(rec, this, op, stack);
}

void ContextRegistry::DropRef(ContextRecord* rec) { DropReference(rec); }

bool ContextRegistry::AddRef(ContextRecord* rec, const char* op, poolsim::StackId stack) {
  if (!TryAddRef(rec)) return false;
  if (options_.track_references) LogRef(rec, op, stack);
  return true;
}

bool ContextRegistry::LinkLocked(ContextRecord* rec, Slots* slots, const void* key,
                                 Instance* instance, const std::string& where) {
  uint64_t w = rec->ref_word.load(std::memory_order_relaxed);
  do {
    if (RefCount(w) == 0) return false;
  } while (!rec->ref_word.compare_exchange_weak(w, (w + kOneRef) | kLinkedBit,
                                                std::memory_order_acq_rel,
                                                std::memory_order_relaxed));
  rec->state.store(RecordState::kLinked, std::memory_order_release);
  rec->slots = slots;
  rec->key = key;
  rec->link_instance = instance;
  rec->attached_to = where;
  return true;
}

bool ContextRegistry::Unlink(ContextRecord* rec, bool to_caller, const char* op,
                             poolsim::StackId stack) {
  Shard& s = ShardFor(rec->payload);
  MutexLock l(&s.mu);
  // Before the word changes: once the linked bit is clear a release may
  // take the count to zero and mark the record freeing.
  rec->state.store(RecordState::kDetached, std::memory_order_release);
  rec->slots = nullptr;
  rec->key = nullptr;
  rec->link_instance = nullptr;
  if (to_caller) {
    // The attachment's reference becomes the caller's.
    rec->ref_word.fetch_and(~kLinkedBit, std::memory_order_acq_rel);
    if (options_.track_references) LogRef(rec, op, stack);
    return false;
  }
  const uint64_t before =
      rec->ref_word.fetch_sub(kOneRef | kLinkedBit, std::memory_order_acq_rel);
  if (RefCount(before) == 1) {
    rec->state.store(RecordState::kFreeing, std::memory_order_release);
    return true;
  }
  return false;
}

bool ContextRegistry::AttachmentOf(ContextRecord* rec, Slots** slots, const void** key) {
  Shard& s = ShardFor(rec->payload);
  MutexLock l(&s.mu);
  if (rec->state.load(std::memory_order_acquire) != RecordState::kLinked) return false;
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
  ForgetReferences(rec);
  Shard& s = ShardFor(rec->payload);
  std::vector<ContextRecord*> evicted;
  {
    MutexLock l(&s.mu);
    rec->state.store(RecordState::kFreed, std::memory_order_release);
    s.quarantine.push_back(rec);
    size_t cap = std::max<size_t>(1, options_.quarantine / kShards);
    while (s.quarantine.size() > cap) {
      ContextRecord* old = s.quarantine.front();
      s.quarantine.pop_front();
      s.map.EraseIf(old->payload, old);
      evicted.push_back(old);
    }
  }
  // A lock-free reader (a get that loaded it from a slot before the detach,
  // a release of a stale pointer) may still hold it: deleted later.
  for (ContextRecord* old : evicted) Retire(old);
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
  const ContextRecord* rec = s.map.Find(context);
  if (rec == nullptr) return info;
  info.state = StateOf(rec->state.load(std::memory_order_acquire));
  info.type = rec->type;
  info.reference_count = RefCount(rec->ref_word.load(std::memory_order_acquire));
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
    s.map.ForEach([&](const ContextRecord* rec) {
      if (rec->type == type && rec->state.load(std::memory_order_acquire) != RecordState::kFreed) {
        ++n;
      }
    });
  }
  return n;
}

std::vector<poolsim::LeakedObject> ContextRegistry::Referenced(const Filter* filter) {
  const auto logged = options_.track_references
                          ? ReferencesOf(this)
                          : absl::flat_hash_map<const ContextRecord*, std::vector<LoggedReference>>();
  std::vector<std::pair<uint64_t, poolsim::LeakedObject>> out;  // by allocation order
  for (Shard& s : shards_) {
    MutexLock l(&s.mu);
    s.map.ForEach([&](const ContextRecord* rec) {
      const RecordState state = rec->state.load(std::memory_order_acquire);
      if (state == RecordState::kFreed || state == RecordState::kFreeing) return;
      if (filter != nullptr && rec->filter != filter) return;
      const uint64_t word = rec->ref_word.load(std::memory_order_acquire);
      int64_t caller_refs = RefCount(word) - (IsLinked(word) ? 1 : 0);
      if (caller_refs <= 0) return;
      poolsim::LeakedObject o;
      o.kind = "context";
      o.type_name = ContextTypeName(rec->type);
      o.owner = rec->filter->name;
      o.attached_to = state == RecordState::kLinked ? rec->attached_to
                      : state == RecordState::kDetached
                          ? absl::StrCat("(detached; was ", rec->attached_to, ")")
                          : "(not attached)";
      o.reference_count = RefCount(word);
      o.address = reinterpret_cast<uintptr_t>(rec->payload);
      o.block = rec->from_callback ? 0 : reinterpret_cast<uintptr_t>(rec->block);
      o.bytes = rec->payload_bytes;
      o.pool = rec->pool;
      o.tag = rec->tag;
      o.stack = rec->alloc_stack;
      auto it = logged.find(rec);
      if (it != logged.end()) {
        for (const LoggedReference& e : it->second) {
          o.references.push_back(poolsim::ObjectReference{e.operation, e.stack, e.sequence});
        }
      }
      out.emplace_back(rec->serial, std::move(o));
    });
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<poolsim::LeakedObject> sorted;
  sorted.reserve(out.size());
  for (auto& p : out) sorted.push_back(std::move(p.second));
  return sorted;
}

void ContextRegistry::DeleteAllRecords() {
  ForgetReferencesOf(this);
  for (Shard& s : shards_) {
    MutexLock l(&s.mu);
    s.map.ForEach([](ContextRecord* rec) {
      if (rec->state.load(std::memory_order_relaxed) != RecordState::kFreed) delete rec;
    });
    for (ContextRecord* rec : s.quarantine) delete rec;
    s.map.Clear();
    s.quarantine.clear();
  }
}

}  // namespace fltctx_internal
}  // namespace fltctx
