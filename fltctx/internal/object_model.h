// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/object_model.h
// -----------------------------------------------------------------------------
//
// The simulated objects behind the opaque handles of fltctx/objects.h and
// the record kept for every context (internal to fltctx, core layer).
//
// Lock order (the only one in fltctx's core; take locks left to right, never
// the reverse, and hold at most one of each kind):
//
//   ObjectTree::mu (the structure lock)
//     -> Slots::mu (one object's attachment table)
//       -> Shard::mu (ContextRegistry; one shard at a time)
//         -> DeferredQueue::mu_
//
// ObjectTree::observers_mu_ is a leaf taken with no other lock held. No lock
// is held while a filter callback, a pool call or a bug-check handler runs.
//
// IWYU pragma: private, include "fltctx/filter_manager.h"

#ifndef FLTCTX_INTERNAL_OBJECT_MODEL_H_
#define FLTCTX_INTERNAL_OBJECT_MODEL_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "fltctx/context_type.h"
#include "fltctx/live_handles.h"
#include "fltctx/objects.h"
#include "fltctx/registration.h"
#include "poolsim/internal/lock.h"
#include "poolsim/pool_tag.h"
#include "poolsim/stack_trace.h"

namespace fltctx {
namespace fltctx_internal {

// Bytes in front of every context payload (the CONTEXT_NODE stand-in). A
// multiple of 16, so payloads keep the pool's alignment.
inline constexpr size_t kContextHeaderBytes = 64;

struct ContextRecord;

// SlotMap
//
// A tiny map for attachment tables, which hold one entry per instance (or per
// filter) and so rarely more than two: a linear scan of an inline array beats
// hashing there.
class SlotMap {
 public:
  using value_type = std::pair<const void*, ContextRecord*>;
  using iterator = value_type*;

  iterator begin() { return entries_.data(); }
  iterator end() { return entries_.data() + entries_.size(); }
  iterator find(const void* key) {
    for (value_type& e : entries_) {
      if (e.first == key) return &e;
    }
    return end();
  }
  bool contains(const void* key) { return find(key) != end(); }
  void emplace(const void* key, ContextRecord* rec) { entries_.emplace_back(key, rec); }
  void erase(iterator it) { entries_.erase(entries_.begin() + (it - entries_.data())); }
  void clear() { entries_.clear(); }
  size_t size() const { return entries_.size(); }

 private:
  absl::InlinedVector<value_type, 2> entries_;
};

// Slots
//
// One attachment table of an object: key -> attached context. Written only
// with ObjectTree::mu held too; read with `mu` alone.
struct alignas(64) Slots {
  poolsim::poolsim_internal::Mutex mu;
  SlotMap map ABSL_GUARDED_BY(mu);
};

// Definition
//
// One accepted context registration entry (fltctx/registration.h).
using Definition = ContextDefinition;

enum class RecordState { kUnlinked, kLinked, kDetached, kFreeing, kFreed };

// ReferenceEntry
//
// One outstanding caller reference and the call that took it.
struct ReferenceEntry {
  const char* operation;
  poolsim::StackId stack;
  uint64_t sequence;
  uint32_t thread;
};

// ContextRecord
//
// Everything known about one context. The fields above `refs` never change
// after allocation. The rest is guarded by the record's registry shard lock;
// slots/key/link_instance/attached_to are also written only with the
// structure lock held.
struct alignas(64) ContextRecord {
  void* payload = nullptr;
  void* block = nullptr;
  size_t payload_bytes = 0;
  size_t block_bytes = 0;
  Filter* filter = nullptr;
  ContextType type = ContextType::kStream;
  const Definition* definition = nullptr;
  poolsim::PoolKind pool = poolsim::PoolKind::kNonPaged;
  uint32_t pool_type = 0;
  poolsim::PoolTag tag;
  bool from_callback = false;
  poolsim::StackId alloc_stack = poolsim::kNoStack;
  uint64_t serial = 0;

  // Including the attachment's reference while linked. Atomic because a get
  // without reference tracking adds its reference under the slot lock only;
  // every other change also holds the shard lock.
  std::atomic<int64_t> refs{0};
  RecordState state = RecordState::kUnlinked;
  Slots* slots = nullptr;
  const void* key = nullptr;
  Instance* link_instance = nullptr;
  std::string attached_to;
  bool section_created = false;
  bool section_closed = false;
  std::vector<ReferenceEntry> references;  // caller references, oldest first
  uint64_t reference_sequence = 0;         // numbers `references` in order taken
};

}  // namespace fltctx_internal

// The objects. Each registers itself as a live handle for its lifetime
// (fltctx/live_handles.h). Immutable fields are set at creation; the rest is guarded by
// ObjectTree::mu (the structure lock) unless stated.

struct Filter {
  fltctx_internal::LiveHandle live_handle{this, HandleKind::kFilter};
  FilterManager* manager = nullptr;
  uint64_t id = 0;
  std::string name;
  FilterCallbacks callbacks;
  // Per type: the callback definition, or fixed sizes ascending then the
  // variable one (immutable after registration).
  DefinitionChains definitions;
  bool started = false;
  bool unloading = false;
  std::atomic<bool> deleting{false};  // read without the lock by Allocate
  std::shared_ptr<const void> operations;  // immutable
  std::vector<Instance*> instances;
};

struct Volume {
  fltctx_internal::LiveHandle live_handle{this, HandleKind::kVolume};
  FilterManager* manager = nullptr;
  uint64_t id = 0;
  VolumeOptions options;
  bool dismounted = false;
  std::vector<Instance*> instances;
  // The live instances, highest altitude first: an immutable snapshot read
  // without a lock (acquire), cleared (under ObjectTree::mu) by an attach or
  // a teardown and rebuilt by the next request. Every snapshot is kept in
  // `orders` until the tree goes, so a reader never sees freed memory.
  std::atomic<const std::vector<Instance*>*> order{nullptr};
  std::vector<std::unique_ptr<const std::vector<Instance*>>> orders;  // ObjectTree::mu
  fltctx_internal::Slots contexts;  // key: the owning Filter
};

struct Instance {
  fltctx_internal::LiveHandle live_handle{this, HandleKind::kInstance};
  FilterManager* manager = nullptr;
  uint64_t id = 0;
  Filter* filter = nullptr;
  Volume* volume = nullptr;
  std::string altitude = "0";  // immutable
  uint64_t attach_order = 0;   // immutable
  bool tearing_down = false;
  bool gone = false;
  bool data_scan = false;
  // Contexts attached under this instance other than its instance context.
  absl::flat_hash_set<fltctx_internal::ContextRecord*> linked;
  fltctx_internal::Slots context;  // key: null
};

struct File {
  std::string name;
  int streams = 0;  // streams with a live control block
  fltctx_internal::Slots contexts;  // key: Instance
};

struct Stream {
  FilterManager* manager = nullptr;
  uint64_t id = 0;
  Volume* volume = nullptr;
  File* file = nullptr;
  StreamOptions options;
  int open_file_objects = 0;
  bool gone = false;
  fltctx_internal::Slots contexts;                // key: Instance
  fltctx_internal::Slots sections;                // key: Instance
  fltctx_internal::Slots emulated_file_contexts;  // key: Instance
};

// Where a file object is in its life. Read without the lock (acquire);
// `stream` is written before the release store of kOpen and never changes
// afterwards.
namespace fltctx_internal {
enum class FileObjectPhase : int { kCreating, kOpen, kClosed };
}  // namespace fltctx_internal

struct FileObject {
  fltctx_internal::LiveHandle live_handle{this, HandleKind::kFileObject};
  FilterManager* manager = nullptr;
  uint64_t id = 0;
  Stream* stream = nullptr;
  std::atomic<fltctx_internal::FileObjectPhase> phase{fltctx_internal::FileObjectPhase::kCreating};
  bool closed = false;
  void* peer = nullptr;
  void (*peer_deleter)(void*) = nullptr;
  fltctx_internal::Slots contexts;  // stream-handle contexts; key: Instance
};

struct Transaction {
  fltctx_internal::LiveHandle live_handle{this, HandleKind::kTransaction};
  FilterManager* manager = nullptr;
  uint64_t id = 0;
  bool completed = false;
  absl::flat_hash_map<Instance*, uint32_t> enlisted;  // notification masks
  fltctx_internal::Slots contexts;                    // key: Instance
};

}  // namespace fltctx

#endif  // FLTCTX_INTERNAL_OBJECT_MODEL_H_
