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
//         -> ReferenceLog::mu (one thread's reference log; a leaf)
//         -> the epoch scheme's orphan list (fltctx/internal/epoch.cc; a leaf)
//
// ObjectTree::observers_mu_ is a leaf taken with no other lock held. No lock
// is held while a filter callback, a pool call or a bug-check handler runs.
// Get, reference and release take none of these: they read attachment slots
// and the registry's table lock-free inside an EpochGuard (epoch.h).
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
// An attachment table: key -> attached context. It holds one entry per
// instance (or per filter) and so rarely more than four: entries live in
// chunks of four, scanned linearly. A key, once given an entry, keeps it for
// the table's life (a detach clears the value only), so a reader that finds
// its key reads the value with one acquire load and takes no lock; writers
// hold Slots::mu. Values are ContextRecords, which are retired through the
// epoch scheme (fltctx/internal/epoch.h): a lock-free reader holds an
// EpochGuard while it uses what it loaded.
class SlotMap {
 public:
  static constexpr int kChunkEntries = 4;

  SlotMap() = default;
  SlotMap(const SlotMap&) = delete;
  SlotMap& operator=(const SlotMap&) = delete;
  ~SlotMap() {
    for (Chunk* c = head_.next.load(std::memory_order_relaxed); c != nullptr;) {
      Chunk* next = c->next.load(std::memory_order_relaxed);
      delete c;
      c = next;
    }
  }

  // The context attached under `key`, or null. Lock-free; any thread.
  ContextRecord* Load(const void* key) const {
    const uintptr_t k = reinterpret_cast<uintptr_t>(key);
    for (const Chunk* c = &head_; c != nullptr; c = c->next.load(std::memory_order_acquire)) {
      for (const Entry& e : c->entries) {
        const uintptr_t ek = e.key.load(std::memory_order_acquire);
        if (ek == kUnused) return nullptr;
        if (ek == k) return e.value.load(std::memory_order_acquire);
      }
    }
    return nullptr;
  }

  // --- Writers (Slots::mu held) ---

  // Attaches `rec` under `key`, replacing what was there.
  void Put(const void* key, ContextRecord* rec) {
    const uintptr_t k = reinterpret_cast<uintptr_t>(key);
    Chunk* c = &head_;
    for (;;) {
      for (Entry& e : c->entries) {
        const uintptr_t ek = e.key.load(std::memory_order_relaxed);
        if (ek == k) {
          e.value.store(rec, std::memory_order_release);
          return;
        }
        if (ek == kUnused) {
          e.value.store(rec, std::memory_order_relaxed);
          e.key.store(k, std::memory_order_release);  // publishes the value too
          return;
        }
      }
      Chunk* next = c->next.load(std::memory_order_relaxed);
      if (next == nullptr) {
        next = new Chunk;
        next->entries[0].value.store(rec, std::memory_order_relaxed);
        next->entries[0].key.store(k, std::memory_order_relaxed);
        c->next.store(next, std::memory_order_release);
        return;
      }
      c = next;
    }
  }
  // Detaches and returns what is under `key` (null if nothing).
  ContextRecord* Take(const void* key) {
    Entry* e = Find(key);
    if (e == nullptr) return nullptr;
    return e->value.exchange(nullptr, std::memory_order_acq_rel);
  }
  // Detaches `rec` if it is what is under `key`.
  void TakeIf(const void* key, ContextRecord* rec) {
    Entry* e = Find(key);
    if (e == nullptr) return;
    ContextRecord* expected = rec;
    e->value.compare_exchange_strong(expected, nullptr, std::memory_order_acq_rel);
  }
  bool contains(const void* key) const { return Load(key) != nullptr; }
  // Detaches everything; returns what was attached.
  std::vector<ContextRecord*> TakeAll() {
    std::vector<ContextRecord*> out;
    for (Chunk* c = &head_; c != nullptr; c = c->next.load(std::memory_order_relaxed)) {
      for (Entry& e : c->entries) {
        if (e.key.load(std::memory_order_relaxed) == kUnused) return out;
        if (ContextRecord* r = e.value.exchange(nullptr, std::memory_order_acq_rel)) {
          out.push_back(r);
        }
      }
    }
    return out;
  }
  // How many contexts are attached.
  size_t size() const {
    size_t n = 0;
    for (const Chunk* c = &head_; c != nullptr; c = c->next.load(std::memory_order_relaxed)) {
      for (const Entry& e : c->entries) {
        if (e.key.load(std::memory_order_relaxed) == kUnused) return n;
        if (e.value.load(std::memory_order_relaxed) != nullptr) ++n;
      }
    }
    return n;
  }

 private:
  static constexpr uintptr_t kUnused = ~uintptr_t{0};  // null is a key (instance contexts)
  struct Entry {
    std::atomic<uintptr_t> key{kUnused};
    std::atomic<ContextRecord*> value{nullptr};
  };
  struct Chunk {
    Entry entries[kChunkEntries];
    std::atomic<Chunk*> next{nullptr};
  };

  Entry* Find(const void* key) {
    const uintptr_t k = reinterpret_cast<uintptr_t>(key);
    for (Chunk* c = &head_; c != nullptr; c = c->next.load(std::memory_order_relaxed)) {
      for (Entry& e : c->entries) {
        const uintptr_t ek = e.key.load(std::memory_order_relaxed);
        if (ek == kUnused) return nullptr;
        if (ek == k) return &e;
      }
    }
    return nullptr;
  }

  Chunk head_;
};

// Slots
//
// One attachment table of an object: key -> attached context. Written with
// `mu` and ObjectTree::mu held; read lock-free (SlotMap::Load) by a get.
struct alignas(64) Slots {
  poolsim::poolsim_internal::Mutex mu;
  SlotMap map;  // writes: mu held
};

// Definition
//
// One accepted context registration entry (fltctx/registration.h).
using Definition = ContextDefinition;

enum class RecordState { kUnlinked, kLinked, kDetached, kFreeing, kFreed };

// The reference word of a ContextRecord: the count in the bits above
// kLinkedBit, and kLinkedBit set while the context is attached. One atomic
// word, so that a lock-free get (take a reference if the count is not zero)
// and a lock-free release (refuse to drop the attachment's reference) see
// the count and the attachment together.
inline constexpr uint64_t kLinkedBit = 1;
inline constexpr uint64_t kOneRef = 2;
inline constexpr int64_t RefCount(uint64_t word) { return static_cast<int64_t>(word >> 1); }
inline constexpr bool IsLinked(uint64_t word) { return (word & kLinkedBit) != 0; }

// ContextRecord
//
// Everything known about one context. The fields above `ref_word` never
// change after allocation. `ref_word`, `state` and `reference_sequence` are
// atomics changed without a lock by get, reference and release; a link or
// an unlink changes them with the shard lock held too. The rest is guarded
// by the record's registry shard lock; slots/key/link_instance/attached_to
// are also written only with the structure lock held. Records are found
// without a lock (attachment slots, the registry's table) and so are never
// deleted directly: the quarantine retires them (fltctx/internal/epoch.h).
// Outstanding caller references are in the per-thread reference logs
// (fltctx/internal/reference_log.h).
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

  // The count (including the attachment's reference while linked) and the
  // linked bit; see kLinkedBit.
  std::atomic<uint64_t> ref_word{0};
  std::atomic<RecordState> state{RecordState::kUnlinked};
  std::atomic<uint64_t> reference_sequence{0};  // numbers logged references in order taken
  std::atomic<uint32_t> logged{0};              // entries in the reference logs
  Slots* slots = nullptr;
  const void* key = nullptr;
  Instance* link_instance = nullptr;
  std::string attached_to;
  bool section_created = false;
  bool section_closed = false;
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
  bool retired = false;  // in ObjectTree's quarantine of retired file objects
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
