// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Lock order: Impl::structure_mu -> Slots::mu -> Shard::mu (one shard at a
// time) -> DeferredQueue::mu. No lock is held while a filter callback, a pool
// call or a bug-check handler runs.

#include "fltctx/filter_manager.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "fltctx/internal/object_model.h"
#include "poolsim/bugcheck.h"
#include "poolsim/irql.h"
#include "poolsim/stack_trace.h"

namespace fltctx {

using fltctx_internal::ContextRecord;
using fltctx_internal::Definition;
using fltctx_internal::RecordState;
using fltctx_internal::ReferenceEntry;
using fltctx_internal::Slots;
using poolsim::poolsim_internal::Mutex;
using poolsim::poolsim_internal::MutexLock;

namespace {

constexpr int kShardBits = 6;
constexpr int kShards = 1 << kShardBits;
constexpr size_t kMaxContextSize = 0xFFFF;
constexpr uint64_t kHeaderMagic = 0x4C544658434E4F44ull;  // "DONCXFTL"

// Bug-check parameters this file uses.
constexpr uint64_t kStatusAccessViolation = 0xC0000005u;
constexpr uint64_t kFltOverRelease = 0x6D;
constexpr uint64_t kFltUseAfterFree = 0x6E;
// Simulator-defined DRIVER_VERIFIER_DETECTED_VIOLATION subcodes for Filter
// Verifier checks Windows reports only as debugger messages.
constexpr uint64_t kVerifierWrongContextType = 0xF1001;
constexpr uint64_t kVerifierWrongFilter = 0xF1002;
constexpr uint64_t kVerifierDeleteOfSectionContext = 0xF1003;

constexpr uint32_t kInstanceTeardownFilterUnload = 0x2;
constexpr uint32_t kInstanceTeardownVolumeDismount = 0x8;

// KTM notification bits.
constexpr uint32_t kNotifyPrePrepare = 0x1;
constexpr uint32_t kNotifyPrepare = 0x2;
constexpr uint32_t kNotifyCommit = 0x4;
constexpr uint32_t kNotifyRollback = 0x8;
constexpr uint32_t kNotifyCommitFinalize = 0x40000000;
constexpr uint32_t kValidEnlistMask =
    kNotifyPrePrepare | kNotifyPrepare | kNotifyCommit | kNotifyRollback | kNotifyCommitFinalize;

std::atomic<FilterManager*> g_ambient{nullptr};  // innermost ScopedFilterManager
std::atomic<FilterManager*> g_latest{nullptr};   // most recently created

// The stand-in for CONTEXT_NODE at the start of every block; the driver's
// pointer is just after it.
struct BlockHeader {
  uint64_t magic;
  ContextRecord* record;
  uint8_t reserved[48];
};
static_assert(sizeof(BlockHeader) == fltctx_internal::kContextHeaderBytes,
              "header size must keep payloads 16-aligned");

std::string Hex(const void* p) {
  return absl::StrFormat("%#x", reinterpret_cast<uintptr_t>(p));
}

}  // namespace

// -----------------------------------------------------------------------------
// Impl
// -----------------------------------------------------------------------------

namespace fltctx_internal {

struct alignas(64) Shard {
  Mutex mu;
  absl::flat_hash_map<const void*, ContextRecord*> map ABSL_GUARDED_BY(mu);
  std::deque<ContextRecord*> quarantine ABSL_GUARDED_BY(mu);
};

// Runs final releases made at DISPATCH_LEVEL later, at PASSIVE_LEVEL.
class DeferredQueue {
 public:
  DeferredQueue(DeferredWork mode, std::function<void(ContextRecord*)> run)
      : mode_(mode), run_(std::move(run)) {}
  ~DeferredQueue() { Stop(); }

  void Push(ContextRecord* rec) {
    std::unique_lock<std::mutex> lock(mu_);
    queue_.push_back(rec);
    if (mode_ == DeferredWork::kWorkerThread) {
      if (!worker_.joinable() && !stop_) worker_ = std::thread([this] { Loop(); });
      cv_.notify_all();
    }
  }

  size_t Drain() {
    size_t ran = 0;
    for (;;) {
      ContextRecord* rec = nullptr;
      {
        std::unique_lock<std::mutex> lock(mu_);
        if (queue_.empty()) {
          idle_cv_.wait(lock, [this] { return in_flight_ == 0; });
          if (queue_.empty()) return ran;
          continue;
        }
        rec = queue_.front();
        queue_.pop_front();
        ++in_flight_;
      }
      RunOne(rec);
      ++ran;
    }
  }

  size_t Pending() {
    std::unique_lock<std::mutex> lock(mu_);
    return queue_.size() + in_flight_;
  }

  void Stop() {
    {
      std::unique_lock<std::mutex> lock(mu_);
      stop_ = true;
      cv_.notify_all();
    }
    if (worker_.joinable()) worker_.join();
  }

 private:
  void RunOne(ContextRecord* rec) {
    {
      poolsim::ScopedIrql passive(poolsim::kPassiveLevel);
      run_(rec);
    }
    std::unique_lock<std::mutex> lock(mu_);
    --in_flight_;
    idle_cv_.notify_all();
  }

  void Loop() {
    for (;;) {
      ContextRecord* rec = nullptr;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping
        rec = queue_.front();
        queue_.pop_front();
        ++in_flight_;
      }
      RunOne(rec);
    }
  }

  const DeferredWork mode_;
  const std::function<void(ContextRecord*)> run_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  std::deque<ContextRecord*> queue_;
  size_t in_flight_ = 0;
  bool stop_ = false;
  std::thread worker_;
};

class ManagerImpl {
 public:
  ManagerImpl(FilterManager* self, poolsim::Environment& env, Options options)
      : self(self),
        env(env),
        options(std::move(options)),
        deferred(this->options.deferred_work, [this](ContextRecord* rec) { Finalize(rec); }) {}

  FilterManager* const self;
  poolsim::Environment& env;
  const Options options;
  std::array<Shard, kShards> shards;
  std::atomic<uint64_t> sequence{0};
  std::atomic<size_t> live_contexts{0};
  std::atomic<uint64_t> section_tokens{0};
  int reporter = -1;

  std::mutex observers_mu;
  std::vector<std::pair<uint64_t, std::function<void(Instance*)>>> teardown_observers;  // guarded by observers_mu
  uint64_t next_observer = 1;  // guarded by observers_mu

  Mutex structure_mu;
  std::vector<std::unique_ptr<Filter>> filters ABSL_GUARDED_BY(structure_mu);
  std::vector<std::unique_ptr<Volume>> volumes ABSL_GUARDED_BY(structure_mu);
  std::vector<std::unique_ptr<Instance>> instances ABSL_GUARDED_BY(structure_mu);
  std::vector<std::unique_ptr<File>> files ABSL_GUARDED_BY(structure_mu);
  std::vector<std::unique_ptr<Stream>> streams ABSL_GUARDED_BY(structure_mu);
  std::vector<std::unique_ptr<FileObject>> file_objects ABSL_GUARDED_BY(structure_mu);
  std::vector<std::unique_ptr<Transaction>> transactions ABSL_GUARDED_BY(structure_mu);
  uint64_t next_object_id ABSL_GUARDED_BY(structure_mu) = 1;

  DeferredQueue deferred;

  // --- registry ----------------------------------------------------------------

  Shard& ShardFor(const void* p) {
    uint64_t h = (reinterpret_cast<uintptr_t>(p) >> 4) * 0x9E3779B97F4A7C15ull;
    return shards[h >> (64 - kShardBits)];
  }

  enum class Found { kLive, kFreed, kUnknown };

  // Returns what `p` is; `*rec` is set for kLive and kFreed.
  Found Lookup(const void* p, ContextRecord** rec) {
    Shard& s = ShardFor(p);
    MutexLock l(&s.mu);
    auto it = s.map.find(p);
    if (it == s.map.end()) return Found::kUnknown;
    *rec = it->second;
    RecordState st = it->second->state;
    return (st == RecordState::kFreed || st == RecordState::kFreeing) ? Found::kFreed
                                                                       : Found::kLive;
  }

  // Captures the whole stack, library frames included: counting frames to
  // skip is unreliable once the compiler inlines. Reports drop the library's
  // own frames when they render.
  poolsim::StackId Capture() {
    return options.track_references ? poolsim::CaptureStack(0) : poolsim::kNoStack;
  }

  // Adds a caller reference; shard lock held.
  void AddRefLocked(ContextRecord* rec, const char* op, poolsim::StackId stack) {
    ++rec->refs;
    if (!options.track_references) return;
    rec->references.push_back(
        ReferenceEntry{op, stack, ++rec->reference_sequence, poolsim::CurrentThreadOrdinal()});
  }

  // Drops the record of one caller reference: the newest taken on this
  // thread, else the newest.
  static void PopRefLocked(ContextRecord* rec) {
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

  // --- bug checks ----------------------------------------------------------------

  void Raise(uint32_t code, uint64_t p1, uint64_t p2, uint64_t p3, uint64_t p4,
             std::string description) {
    poolsim::BugCheck b;
    b.code = code;
    b.parameters = {p1, p2, p3, p4};
    b.description = std::move(description);
    env.RaiseBugCheck(std::move(b), 0);
  }

  void RaiseNotAContext(const void* p, const char* op) {
    Raise(poolsim::bugcheck::kKmodeExceptionNotHandled, kStatusAccessViolation, 0, 0,
          reinterpret_cast<uintptr_t>(p),
          absl::StrCat(op, ": ", Hex(p), " is not a filter context (never allocated, or freed ",
                       "long ago); the filter manager would read a bogus CONTEXT_NODE"));
  }

  void RaiseUseAfterFree(const ContextRecord* rec, const char* op) {
    Raise(poolsim::bugcheck::kFltmgrFileSystem, kFltUseAfterFree,
          reinterpret_cast<uintptr_t>(rec->payload), reinterpret_cast<uintptr_t>(rec->block), 0,
          absl::StrCat(op, ": context ", Hex(rec->payload), " (", ContextTypeName(rec->type),
                       ") was used after it was freed"));
  }

  void RaiseOverRelease(const ContextRecord* rec, const char* op) {
    Raise(poolsim::bugcheck::kFltmgrFileSystem, kFltOverRelease,
          reinterpret_cast<uintptr_t>(rec->payload), reinterpret_cast<uintptr_t>(rec->block), 0,
          absl::StrCat(op, ": context ", Hex(rec->payload), " (", ContextTypeName(rec->type),
                       ") was released too many times: its count would reach zero while it "
                       "is still attached to ",
                       rec->attached_to));
  }

  void RaiseVerifier(uint64_t subcode, const void* p, uint64_t p3, std::string description) {
    Raise(poolsim::bugcheck::kDriverVerifierDetectedViolation, subcode,
          reinterpret_cast<uintptr_t>(p), p3, 0, std::move(description));
  }

  // Returns true if the calling thread's IRQL is at most `max`; otherwise
  // raises IRQL_NOT_LESS_OR_EQUAL and returns false.
  bool CheckIrql(poolsim::Irql max, const char* op, const void* address) {
    poolsim::Irql irql = poolsim::CurrentIrql();
    if (irql <= max) return true;
    Raise(poolsim::bugcheck::kIrqlNotLessOrEqual, reinterpret_cast<uintptr_t>(address), irql, 0,
          0,
          absl::StrCat(op, " called at ", poolsim::IrqlName(irql), "; it requires IRQL <= ",
                       poolsim::IrqlName(max)));
    return false;
  }

  // --- lifetime -------------------------------------------------------------

  // Runs cleanup and free for a record whose count reached zero. No lock held.
  void Finalize(ContextRecord* rec) {
    const Definition* def = rec->definition;
    if (def->cleanup) def->cleanup(rec->payload, rec->type);
    if (rec->from_callback) {
      def->free(rec->block, rec->type);
    } else {
      env.Free(rec->block, rec->tag, /*check_tag=*/true, 0);
    }
    live_contexts.fetch_sub(1, std::memory_order_relaxed);
    Shard& s = ShardFor(rec->payload);
    std::vector<ContextRecord*> evicted;
    {
      MutexLock l(&s.mu);
      rec->state = RecordState::kFreed;
      rec->references.clear();
      s.quarantine.push_back(rec);
      size_t cap = std::max<size_t>(1, options.quarantine / kShards);
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

  // The count reached zero on this thread at `irql`.
  void FinalRelease(ContextRecord* rec, poolsim::Irql irql) {
    if (irql >= poolsim::kDispatchLevel) {
      deferred.Push(rec);
    } else {
      Finalize(rec);
    }
  }

  // Detaches `rec` from its object (whose slot entry the caller has removed).
  // With `to_caller`, the attachment's reference becomes a caller reference
  // recorded under `op`; otherwise it is dropped. Returns true if the count
  // reached zero (the caller must then call FinalRelease with no lock held).
  bool UnlinkLocked(ContextRecord* rec, bool to_caller, const char* op, poolsim::StackId stack)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(structure_mu) {
    if (rec->link_instance != nullptr) rec->link_instance->linked.erase(rec);
    Shard& s = ShardFor(rec->payload);
    MutexLock l(&s.mu);
    rec->state = RecordState::kDetached;
    rec->slots = nullptr;
    rec->key = nullptr;
    rec->link_instance = nullptr;
    if (to_caller) {
      if (!options.track_references) return false;
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

  // Detaches every context in `slots`; appends the ones to finalize.
  void DetachAllLocked(Slots* slots, std::vector<ContextRecord*>* dead)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(structure_mu) {
    std::vector<ContextRecord*> recs;
    {
      MutexLock l(&slots->mu);
      for (auto& kv : slots->map) recs.push_back(kv.second);
      slots->map.clear();
    }
    std::sort(recs.begin(), recs.end(),
              [](const ContextRecord* a, const ContextRecord* b) { return a->serial < b->serial; });
    for (ContextRecord* rec : recs) {
      if (UnlinkLocked(rec, false, nullptr, poolsim::kNoStack)) dead->push_back(rec);
    }
  }

  // Detaches the context in `slots` under `key`, if any.
  void DetachKeyLocked(Slots* slots, const void* key, std::vector<ContextRecord*>* dead)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(structure_mu) {
    ContextRecord* rec = nullptr;
    {
      MutexLock l(&slots->mu);
      auto it = slots->map.find(key);
      if (it == slots->map.end()) return;
      rec = it->second;
      slots->map.erase(it);
    }
    if (UnlinkLocked(rec, false, nullptr, poolsim::kNoStack)) dead->push_back(rec);
  }

  void FinalizeAll(const std::vector<ContextRecord*>& dead) {
    poolsim::Irql irql = poolsim::CurrentIrql();
    for (ContextRecord* rec : dead) FinalRelease(rec, irql);
  }

  // --- target resolution ------------------------------------------------------

  enum class Resolve { kOk, kInvalid, kNotSupported, kGone };

  struct Resolved {
    Slots* slots = nullptr;
    const void* key = nullptr;
    Instance* instance = nullptr;  // the instance the attachment belongs to
    std::string where;
  };

  // Maps a target to its slot table. Reads only immutable fields, so it needs
  // no lock; `for_set` adds the description of the object.
  Resolve ResolveTarget(const ContextTarget& t, Filter* volume_owner, bool for_set,
                        Resolved* r) {
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

  // Returns true if the target object (or its instance) is being torn down.
  bool TargetGoneLocked(const ContextTarget& t, Filter* owner)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(structure_mu) {
    if (owner != nullptr && owner->unloading) return true;
    switch (t.type) {
      case ContextType::kVolume:
        return t.volume->dismounted;
      case ContextType::kInstance:
        return t.instance->tearing_down || t.instance->gone;
      case ContextType::kTransaction:
        return t.instance->tearing_down || t.instance->gone || t.transaction->completed;
      default:
        return t.instance->tearing_down || t.instance->gone || t.file_object->closed ||
               t.file_object->stream->gone;
    }
  }

  // --- operations -------------------------------------------------------------

  AllocateResult Allocate(Filter* filter, uint16_t type_bits, size_t size,
                          poolsim::PoolKind pool, uint32_t pool_type) {
    AllocateResult result;
    if (!CheckIrql(poolsim::kApcLevel, "FltAllocateContext", nullptr)) {
      result.outcome = AllocateOutcome::kInsufficientResources;
      return result;
    }
    ContextType type;
    if (!ContextTypeFromBit(type_bits, &type)) {
      result.outcome = AllocateOutcome::kInvalidType;
      return result;
    }
    if (size > kMaxContextSize) {
      result.outcome = AllocateOutcome::kSizeTooLarge;
      return result;
    }
    if (size == 0 && options.reject_zero_size) {
      result.outcome = AllocateOutcome::kInvalidSize;
      return result;
    }
    if (filter == nullptr || filter->deleting.load(std::memory_order_acquire)) {
      result.outcome = AllocateOutcome::kFilterDeleting;
      return result;
    }
    const std::vector<Definition>& chain = filter->definitions[ContextTypeIndex(type)];
    if (chain.empty()) {
      result.outcome = AllocateOutcome::kDefinitionNotFound;
      return result;
    }
    if (type == ContextType::kVolume && pool == poolsim::PoolKind::kPaged) {
      if (options.reject_paged_volume_context) {
        result.outcome = AllocateOutcome::kMustBeNonPaged;
        return result;
      }
      pool = poolsim::PoolKind::kNonPaged;
      pool_type = 512;  // NonPagedPoolNx
    }
    const Definition* def = nullptr;
    size_t payload = size;
    if (chain.front().callbacks) {
      def = &chain.front();
    } else {
      for (const Definition& d : chain) {
        if (d.variable) {
          def = &d;
          break;
        }
        bool fits = d.size == size ||
                    ((d.no_exact_size_match || !options.exact_size_match) && d.size >= size);
        if (fits) {
          def = &d;
          payload = d.size;
          break;
        }
      }
    }
    if (def == nullptr) {
      result.outcome = AllocateOutcome::kDefinitionNotFound;
      return result;
    }

    poolsim::StackId stack = Capture();
    const size_t bytes = fltctx_internal::kContextHeaderBytes + payload;
    void* block = nullptr;
    if (def->callbacks) {
      block = def->allocate(pool_type, bytes, type);
    } else {
      poolsim::AllocateRequest req;
      req.bytes = bytes;
      req.tag = def->tag;
      req.kind = pool;
      req.pool_type = pool_type;
      req.zero = false;
      req.legacy_tag_rules = false;
      req.skip_frames = 0;
      block = env.Allocate(req);
    }
    if (block == nullptr) {
      result.outcome = AllocateOutcome::kInsufficientResources;
      return result;
    }
    auto* header = static_cast<BlockHeader*>(block);
    void* payload_ptr = static_cast<char*>(block) + fltctx_internal::kContextHeaderBytes;
    if (!def->callbacks && def->variable && options.zero_variable_size_contexts) {
      std::memset(payload_ptr, 0, payload);
    }

    auto* rec = new ContextRecord;
    rec->payload = payload_ptr;
    rec->block = block;
    rec->payload_bytes = payload;
    rec->block_bytes = bytes;
    rec->filter = filter;
    rec->type = type;
    rec->definition = def;
    rec->pool = pool;
    rec->pool_type = pool_type;
    rec->tag = def->tag;
    rec->from_callback = def->callbacks;
    rec->alloc_stack = stack;
    rec->serial = sequence.fetch_add(1, std::memory_order_relaxed) + 1;
    rec->refs = 1;
    rec->state = RecordState::kUnlinked;
    rec->attached_to = "(not attached)";
    if (options.track_references) {
      rec->reference_sequence = 1;
      rec->references.push_back(
          ReferenceEntry{"FltAllocateContext", stack, 1, poolsim::CurrentThreadOrdinal()});
    }
    std::memset(header, 0, sizeof(BlockHeader));
    header->magic = kHeaderMagic ^ reinterpret_cast<uintptr_t>(block);
    header->record = rec;
    {
      Shard& s = ShardFor(payload_ptr);
      MutexLock l(&s.mu);
      // A quarantined record at the same address stays owned by the
      // quarantine; the new context takes the address.
      s.map[payload_ptr] = rec;
    }
    live_contexts.fetch_add(1, std::memory_order_relaxed);
    result.outcome = AllocateOutcome::kAllocated;
    result.context = ContextRef::Adopt(self, payload_ptr);
    return result;
  }

  SetResult Set(const ContextTarget& target, void* context, SetMode mode, bool want_previous) {
    SetResult result;
    const char* op = SetFunctionName(target.type);
    if (!CheckIrql(poolsim::kApcLevel, op, context)) return result;
    if (target.type == ContextType::kSection) return result;  // no set API
    ContextRecord* rec = nullptr;
    switch (Lookup(context, &rec)) {
      case Found::kUnknown:
        RaiseNotAContext(context, op);
        return result;
      case Found::kFreed:
        RaiseUseAfterFree(rec, op);
        return result;
      case Found::kLive:
        break;
    }
    if (rec->type != target.type) {
      if (options.filter_verifier) {
        RaiseVerifier(kVerifierWrongContextType, context, ContextTypeBit(rec->type),
                      absl::StrCat(op, ": context ", Hex(context), " is a ",
                                   ContextTypeName(rec->type), ", not a ",
                                   ContextTypeName(target.type)));
      }
      return result;
    }
    Filter* owner = rec->filter;
    Resolved r;
    switch (ResolveTarget(target, owner, /*for_set=*/true, &r)) {
      case Resolve::kOk:
        break;
      case Resolve::kInvalid:
        return result;
      case Resolve::kNotSupported:
        result.outcome = SetOutcome::kNotSupported;
        return result;
      case Resolve::kGone:
        result.outcome = SetOutcome::kObjectGone;
        return result;
    }
    if (target.instance != nullptr && target.instance->filter != owner) {
      if (options.filter_verifier) {
        RaiseVerifier(kVerifierWrongFilter, context, reinterpret_cast<uintptr_t>(target.instance),
                      absl::StrCat(op, ": context ", Hex(context), " belongs to filter ",
                                   owner->name, ", the instance to filter ",
                                   target.instance->filter->name));
      }
      return result;
    }
    poolsim::StackId stack = want_previous ? Capture() : poolsim::kNoStack;
    const char* old_op = op;
    std::vector<ContextRecord*> dead;
    {
      MutexLock structure(&structure_mu);
      if (TargetGoneLocked(target, owner)) {
        result.outcome = SetOutcome::kObjectGone;
        return result;
      }
      ContextRecord* existing = nullptr;
      MutexLock sl(&r.slots->mu);
      auto it = r.slots->map.find(r.key);
      if (it != r.slots->map.end()) existing = it->second;
      {
        Shard& s = ShardFor(rec->payload);
        MutexLock l(&s.mu);
        if (rec->state == RecordState::kFreed || rec->state == RecordState::kFreeing) {
          return result;
        }
        if (rec->state == RecordState::kLinked ||
            (rec->state == RecordState::kDetached && options.reject_relink_of_detached)) {
          result.outcome = SetOutcome::kAlreadyLinked;
          return result;
        }
        if (existing != nullptr && mode == SetMode::kKeepIfExists) {
          // Leave NewContext alone.
        } else {
          rec->state = RecordState::kLinked;
          ++rec->refs;
          rec->slots = r.slots;
          rec->key = r.key;
          rec->link_instance = r.instance;
          rec->attached_to = r.where;
        }
      }
      if (existing != nullptr && mode == SetMode::kKeepIfExists) {
        result.outcome = SetOutcome::kKeptExisting;
        if (want_previous) {
          Shard& s = ShardFor(existing->payload);
          MutexLock l(&s.mu);
          AddRefLocked(existing, old_op, stack);
          result.previous = ContextRef::Adopt(self, existing->payload);
        }
        return result;
      }
      if (existing != nullptr) {
        it->second = rec;
        if (UnlinkLocked(existing, want_previous, old_op, stack)) dead.push_back(existing);
        if (want_previous) result.previous = ContextRef::Adopt(self, existing->payload);
        result.outcome = SetOutcome::kReplaced;
      } else {
        r.slots->map.emplace(r.key, rec);
        result.outcome = SetOutcome::kInserted;
      }
      if (r.instance != nullptr) r.instance->linked.insert(rec);
    }
    FinalizeAll(dead);
    return result;
  }

  GetResult Get(const ContextTarget& target, const char* op) {
    GetResult result;
    if (!CheckIrql(poolsim::kApcLevel, op, nullptr)) return result;
    Resolved r;
    switch (ResolveTarget(target, target.filter, /*for_set=*/false, &r)) {
      case Resolve::kOk:
        break;
      case Resolve::kNotSupported:
        result.outcome = GetOutcome::kNotSupported;
        return result;
      case Resolve::kInvalid:
      case Resolve::kGone:
        return result;
    }
    poolsim::StackId stack = Capture();
    MutexLock sl(&r.slots->mu);
    auto it = r.slots->map.find(r.key);
    if (it == r.slots->map.end()) return result;
    ContextRecord* rec = it->second;
    if (options.track_references) {
      Shard& s = ShardFor(rec->payload);
      MutexLock l(&s.mu);
      AddRefLocked(rec, op, stack);
    } else {
      // Attached, so alive: its slot (held here) owns a reference.
      rec->refs.fetch_add(1, std::memory_order_relaxed);
    }
    result.outcome = GetOutcome::kFound;
    result.context = ContextRef::Adopt(self, rec->payload);
    return result;
  }

  DeleteResult Delete(const ContextTarget& target, bool want_previous) {
    DeleteResult result;
    const char* op = DeleteFunctionName(target.type);
    if (!CheckIrql(poolsim::kApcLevel, op, nullptr)) return result;
    if (target.type == ContextType::kSection) return result;
    Resolved r;
    switch (ResolveTarget(target, target.filter, /*for_set=*/false, &r)) {
      case Resolve::kOk:
        break;
      case Resolve::kNotSupported:
        result.outcome = DeleteOutcome::kNotSupported;
        return result;
      case Resolve::kInvalid:
      case Resolve::kGone:
        return result;
    }
    poolsim::StackId stack = want_previous ? Capture() : poolsim::kNoStack;
    std::vector<ContextRecord*> dead;
    {
      MutexLock structure(&structure_mu);
      if (target.instance != nullptr && target.instance->gone) {
        result.outcome = DeleteOutcome::kObjectGone;
        return result;
      }
      ContextRecord* rec = nullptr;
      {
        MutexLock sl(&r.slots->mu);
        auto it = r.slots->map.find(r.key);
        if (it == r.slots->map.end()) return result;
        rec = it->second;
        r.slots->map.erase(it);
      }
      if (UnlinkLocked(rec, want_previous, op, stack)) dead.push_back(rec);
      if (want_previous) result.previous = ContextRef::Adopt(self, rec->payload);
      result.outcome = DeleteOutcome::kDeleted;
    }
    FinalizeAll(dead);
    return result;
  }

  void DeleteContext(void* context) {
    const char* op = "FltDeleteContext";
    if (!CheckIrql(poolsim::kApcLevel, op, context)) return;
    ContextRecord* rec = nullptr;
    switch (Lookup(context, &rec)) {
      case Found::kUnknown:
        RaiseNotAContext(context, op);
        return;
      case Found::kFreed:
        RaiseUseAfterFree(rec, op);
        return;
      case Found::kLive:
        break;
    }
    std::vector<ContextRecord*> dead;
    {
      MutexLock structure(&structure_mu);
      if (rec->type == ContextType::kSection && rec->section_created && options.filter_verifier) {
        // Raised below, without the lock.
      } else {
        Slots* slots = nullptr;
        const void* key = nullptr;
        {
          Shard& s = ShardFor(rec->payload);
          MutexLock l(&s.mu);
          if (rec->state != RecordState::kLinked) return;  // idempotent
          slots = rec->slots;
          key = rec->key;
        }
        {
          MutexLock sl(&slots->mu);
          auto it = slots->map.find(key);
          if (it != slots->map.end() && it->second == rec) slots->map.erase(it);
        }
        if (UnlinkLocked(rec, false, nullptr, poolsim::kNoStack)) dead.push_back(rec);
        if (rec->type == ContextType::kSection) rec->section_closed = true;
      }
    }
    if (rec->type == ContextType::kSection && rec->section_created && options.filter_verifier &&
        dead.empty() && !rec->section_closed) {
      RaiseVerifier(kVerifierDeleteOfSectionContext, context, 0,
                    absl::StrCat(op, ": section context ", Hex(context),
                                 " was passed to FltCreateSectionForDataScan; close it with "
                                 "FltCloseSectionForDataScan"));
      return;
    }
    FinalizeAll(dead);
  }

  void Reference(void* context) {
    const char* op = "FltReferenceContext";
    if (!CheckIrql(poolsim::kDispatchLevel, op, context)) return;
    poolsim::StackId stack = Capture();
    Shard& s = ShardFor(context);
    ContextRecord* bad = nullptr;
    {
      MutexLock l(&s.mu);
      auto it = s.map.find(context);
      if (it != s.map.end()) {
        ContextRecord* rec = it->second;
        if (rec->state == RecordState::kFreed || rec->state == RecordState::kFreeing) {
          bad = rec;
        } else {
          AddRefLocked(rec, op, stack);
          return;
        }
      }
    }
    if (bad != nullptr) {
      RaiseUseAfterFree(bad, op);
    } else {
      RaiseNotAContext(context, op);
    }
  }

  void Release(void* context, const char* op) {
    poolsim::Irql irql = poolsim::CurrentIrql();
    if (!CheckIrql(poolsim::kDispatchLevel, op, context)) return;
    Shard& s = ShardFor(context);
    ContextRecord* rec = nullptr;
    enum { kOk, kUnknown, kFreed, kPagedAtDispatch, kOverRelease } problem = kOk;
    bool zero = false;
    {
      MutexLock l(&s.mu);
      auto it = s.map.find(context);
      if (it == s.map.end()) {
        problem = kUnknown;
      } else {
        rec = it->second;
        if (rec->state == RecordState::kFreed || rec->state == RecordState::kFreeing) {
          problem = kFreed;
        } else if (rec->pool == poolsim::PoolKind::kPaged && irql > poolsim::kApcLevel) {
          problem = kPagedAtDispatch;
        } else if (rec->refs <= 1 && rec->state == RecordState::kLinked) {
          problem = kOverRelease;
        } else {
          --rec->refs;
          PopRefLocked(rec);
          if (rec->refs == 0) {
            rec->state = RecordState::kFreeing;
            zero = true;
          }
        }
      }
    }
    switch (problem) {
      case kOk:
        break;
      case kUnknown:
        RaiseNotAContext(context, op);
        return;
      case kFreed:
        RaiseUseAfterFree(rec, op);
        return;
      case kPagedAtDispatch:
        Raise(poolsim::bugcheck::kIrqlNotLessOrEqual, reinterpret_cast<uintptr_t>(context), irql,
              0, 0,
              absl::StrCat(op, ": paged context ", Hex(context), " (", ContextTypeName(rec->type),
                           ") released at ", poolsim::IrqlName(irql),
                           "; paged contexts require IRQL <= APC_LEVEL"));
        return;
      case kOverRelease:
        RaiseOverRelease(rec, op);
        return;
    }
    if (zero) FinalRelease(rec, irql);
  }

  // --- objects ------------------------------------------------------------------

  // Tears down `instance`. `notify` runs the teardown callbacks.
  size_t TeardownInstance(Instance* instance, uint32_t reason, bool notify) {
    Filter* filter = instance->filter;
    {
      MutexLock structure(&structure_mu);
      if (instance->tearing_down || instance->gone) return 0;
      instance->tearing_down = true;
    }
    if (notify && filter->callbacks.instance_teardown_start) {
      filter->callbacks.instance_teardown_start(instance, reason);
    }
    std::vector<std::function<void(Instance*)>> observers;
    {
      std::lock_guard<std::mutex> l(observers_mu);
      for (const auto& o : teardown_observers) observers.push_back(o.second);
    }
    for (const auto& o : observers) o(instance);
    size_t detached = 0;
    std::vector<ContextRecord*> dead;
    {
      MutexLock structure(&structure_mu);
      std::vector<ContextRecord*> linked(instance->linked.begin(), instance->linked.end());
      std::sort(linked.begin(), linked.end(), [](const ContextRecord* a, const ContextRecord* b) {
        return a->serial < b->serial;
      });
      for (ContextRecord* rec : linked) {
        Slots* slots;
        const void* key;
        {
          Shard& s = ShardFor(rec->payload);
          MutexLock l(&s.mu);
          slots = rec->slots;
          key = rec->key;
        }
        if (slots != nullptr) {
          MutexLock sl(&slots->mu);
          auto it = slots->map.find(key);
          if (it != slots->map.end() && it->second == rec) slots->map.erase(it);
        }
        ++detached;
        if (UnlinkLocked(rec, false, nullptr, poolsim::kNoStack)) dead.push_back(rec);
      }
    }
    FinalizeAll(dead);
    dead.clear();
    if (notify && filter->callbacks.instance_teardown_complete) {
      filter->callbacks.instance_teardown_complete(instance, reason);
    }
    {
      MutexLock structure(&structure_mu);
      size_t before = dead.size();
      DetachAllLocked(&instance->context, &dead);
      instance->gone = true;
      auto& fi = filter->instances;
      fi.erase(std::remove(fi.begin(), fi.end(), instance), fi.end());
      auto& vi = instance->volume->instances;
      vi.erase(std::remove(vi.begin(), vi.end(), instance), vi.end());
      if (options.volume_context_detach == VolumeContextDetach::kLastInstance) {
        bool other = std::any_of(vi.begin(), vi.end(),
                                 [filter](const Instance* i) { return i->filter == filter; });
        if (!other) DetachKeyLocked(&instance->volume->contexts, filter, &dead);
      }
      detached += dead.size() - before;
    }
    FinalizeAll(dead);
    return detached;
  }

  // Lists the live contexts (not freed or freeing) that `filter` owns (all if
  // null) and have references beyond their attachment.
  std::vector<poolsim::LeakedObject> Referenced(const Filter* filter) {
    std::vector<std::pair<uint64_t, poolsim::LeakedObject>> out;  // by allocation order
    for (Shard& s : shards) {
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
};

}  // namespace fltctx_internal

using fltctx_internal::ManagerImpl;
using fltctx_internal::Shard;

// -----------------------------------------------------------------------------
// ContextRef
// -----------------------------------------------------------------------------

void ContextRef::reset() {
  if (context_ != nullptr) {
    void* c = context_;
    context_ = nullptr;
    manager_->Release(c);
  }
}

// -----------------------------------------------------------------------------
// FilterManager
// -----------------------------------------------------------------------------

FilterManager::FilterManager(poolsim::Environment& env, Options options)
    : impl_(std::make_unique<fltctx_internal::ManagerImpl>(this, env, std::move(options))) {
  g_latest.store(this, std::memory_order_release);
  impl_->reporter = env.AddObjectReporter([this](std::vector<poolsim::LeakedObject>* out) {
    std::vector<poolsim::LeakedObject> mine = impl_->Referenced(nullptr);
    for (auto& o : mine) out->push_back(std::move(o));
  });
}

FilterManager::~FilterManager() {
  impl_->env.RemoveObjectReporter(impl_->reporter);
  FilterManager* expected = this;
  g_latest.compare_exchange_strong(expected, nullptr);
  std::vector<Filter*> filters;
  {
    MutexLock structure(&impl_->structure_mu);
    for (auto& f : impl_->filters) {
      if (!f->unloading) filters.push_back(f.get());
    }
  }
  for (Filter* f : filters) UnregisterFilter(f);
  impl_->deferred.Drain();
  impl_->deferred.Stop();
  // Contexts still referenced can never be released now. Keep them in the
  // Environment's report (its leak check usually runs after this destructor).
  std::vector<poolsim::LeakedObject> leaked = impl_->Referenced(nullptr);
  if (!leaked.empty()) {
    impl_->env.AddObjectReporter([leaked](std::vector<poolsim::LeakedObject>* out) {
      out->insert(out->end(), leaked.begin(), leaked.end());
    });
  }
  // Their pool blocks stay live in the Environment; the records go.
  for (Shard& s : impl_->shards) {
    MutexLock l(&s.mu);
    for (auto& kv : s.map) {
      if (kv.second->state != RecordState::kFreed) delete kv.second;
    }
    for (ContextRecord* rec : s.quarantine) delete rec;
    s.map.clear();
    s.quarantine.clear();
  }
  MutexLock structure(&impl_->structure_mu);
  for (auto& fo : impl_->file_objects) {
    if (fo->peer_deleter != nullptr) fo->peer_deleter(fo->peer);
  }
}

poolsim::Environment& FilterManager::environment() const { return impl_->env; }
const Options& FilterManager::options() const { return impl_->options; }

RegisterOutcome FilterManager::RegisterFilter(FilterRegistration registration, Filter** filter) {
  *filter = nullptr;
  if (!impl_->CheckIrql(poolsim::kApcLevel, "FltRegisterFilter", nullptr)) {
    return RegisterOutcome::kInvalidParameter;
  }
  const Options& o = impl_->options;
  auto f = std::make_unique<Filter>();
  f->manager = this;
  f->name = registration.name;
  f->callbacks = std::move(registration.callbacks);
  f->operations = std::move(registration.operations);

  std::vector<const ContextRegistrationEntry*> kept;
  for (const ContextRegistrationEntry& e : registration.contexts) {
    // Exact duplicates are ignored.
    bool duplicate = std::any_of(kept.begin(), kept.end(), [&e](const ContextRegistrationEntry* k) {
      return k->type_bits == e.type_bits && k->flags == e.flags && k->size == e.size &&
             k->pool_tag == e.pool_tag && k->cleanup_id == e.cleanup_id &&
             k->allocate_id == e.allocate_id && k->free_id == e.free_id &&
             k->reserved_nonnull == e.reserved_nonnull;
    });
    if (duplicate) continue;
    ContextType type;
    bool valid = ContextTypeFromBit(e.type_bits, &type) && !e.reserved_nonnull;
    bool has_callbacks = static_cast<bool>(e.allocate) || static_cast<bool>(e.free);
    if (valid && has_callbacks) {
      bool lone = !e.allocate || !e.free;
      if (lone && (o.reject_lone_callback || !e.allocate)) valid = false;
    } else if (valid) {
      if (e.size != ContextRegistrationEntry::kVariableSize && e.size > kMaxContextSize) {
        valid = false;
      }
      if (e.pool_tag == 0 && o.reject_zero_pool_tag) valid = false;
    }
    if (!valid) {
      if (o.reject_invalid_registration) return RegisterOutcome::kInvalidContextRegistration;
      continue;
    }
    kept.push_back(&e);
  }

  for (int t = 0; t < kContextTypeCount; ++t) {
    const ContextType type = static_cast<ContextType>(t);
    std::vector<Definition> fixed;
    std::vector<Definition> variable;
    std::vector<Definition> callbacks;
    for (const ContextRegistrationEntry* e : kept) {
      if (e->type_bits != ContextTypeBit(type)) continue;
      Definition d;
      d.type = type;
      d.cleanup = e->cleanup;
      if (e->allocate) {
        d.callbacks = true;
        d.allocate = e->allocate;
        d.free = e->free ? e->free : nullptr;
        callbacks.push_back(std::move(d));
        continue;
      }
      d.tag = e->pool_tag != 0 ? poolsim::PoolTag(e->pool_tag)
                               : poolsim::PoolTag::FromChars(
                                     std::string("FMc").append(1, static_cast<char>('0' + t)).c_str());
      if (e->size == ContextRegistrationEntry::kVariableSize) {
        d.variable = true;
        variable.push_back(std::move(d));
      } else {
        d.size = e->size;
        d.no_exact_size_match = (e->flags & kNoExactSizeMatchFlag) != 0;
        fixed.push_back(std::move(d));
      }
    }
    bool bad = (!callbacks.empty() && (callbacks.size() > 1 || !fixed.empty() || !variable.empty())) ||
               fixed.size() > 3 || variable.size() > 1;
    if (bad) {
      if (o.reject_invalid_registration) return RegisterOutcome::kInvalidContextRegistration;
      if (!callbacks.empty()) {
        fixed.clear();
        variable.clear();
        callbacks.resize(1);
      }
      if (fixed.size() > 3) fixed.resize(3);
      if (variable.size() > 1) variable.resize(1);
    }
    std::stable_sort(fixed.begin(), fixed.end(),
                     [](const Definition& a, const Definition& b) { return a.size < b.size; });
    std::vector<Definition>& chain = f->definitions[t];
    for (auto& d : callbacks) chain.push_back(std::move(d));
    for (auto& d : fixed) chain.push_back(std::move(d));
    for (auto& d : variable) chain.push_back(std::move(d));
  }
  // A free callback can be missing only in lenient mode: pool free is not
  // possible for a callback block, so the block is simply dropped then.
  for (auto& chain : f->definitions) {
    for (Definition& d : chain) {
      if (d.callbacks && !d.free) d.free = [](void*, ContextType) {};
    }
  }

  MutexLock structure(&impl_->structure_mu);
  f->id = impl_->next_object_id++;
  *filter = f.get();
  impl_->filters.push_back(std::move(f));
  return RegisterOutcome::kRegistered;
}

StartOutcome FilterManager::StartFiltering(Filter* filter) {
  if (!impl_->CheckIrql(poolsim::kApcLevel, "FltStartFiltering", filter)) {
    return StartOutcome::kInvalidParameter;
  }
  MutexLock structure(&impl_->structure_mu);
  if (filter == nullptr || filter->started || filter->unloading) {
    return StartOutcome::kInvalidParameter;
  }
  filter->started = true;
  return StartOutcome::kStarted;
}

UnloadResult FilterManager::UnregisterFilter(Filter* filter) {
  UnloadResult result;
  if (!impl_->CheckIrql(poolsim::kApcLevel, "FltUnregisterFilter", filter)) return result;
  std::vector<Instance*> instances;
  {
    MutexLock structure(&impl_->structure_mu);
    if (filter == nullptr || filter->unloading) return result;
    filter->unloading = true;
    filter->deleting.store(true, std::memory_order_release);
    instances = filter->instances;
  }
  for (Instance* i : instances) {
    result.contexts_detached +=
        impl_->TeardownInstance(i, kInstanceTeardownFilterUnload, /*notify=*/true);
    ++result.instances_torn_down;
  }
  std::vector<ContextRecord*> dead;
  {
    MutexLock structure(&impl_->structure_mu);
    for (auto& v : impl_->volumes) {
      size_t before = dead.size();
      impl_->DetachKeyLocked(&v->contexts, filter, &dead);
      result.contexts_detached += dead.size() - before;
    }
  }
  impl_->FinalizeAll(dead);
  auto deadline = std::chrono::steady_clock::now() + impl_->options.unload_wait;
  for (;;) {
    impl_->deferred.Drain();
    result.leaked_contexts = impl_->Referenced(filter).size();
    if (result.leaked_contexts == 0 || std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return result;
}

Volume* FilterManager::CreateVolume(const VolumeOptions& options) {
  auto v = std::make_unique<Volume>();
  v->manager = this;
  v->options = options;
  MutexLock structure(&impl_->structure_mu);
  v->id = impl_->next_object_id++;
  Volume* raw = v.get();
  impl_->volumes.push_back(std::move(v));
  return raw;
}

void FilterManager::DismountVolume(Volume* volume) {
  std::vector<Instance*> instances;
  {
    MutexLock structure(&impl_->structure_mu);
    if (volume->dismounted) return;
    volume->dismounted = true;
    instances = volume->instances;
  }
  for (Instance* i : instances) {
    impl_->TeardownInstance(i, kInstanceTeardownVolumeDismount, /*notify=*/true);
  }
  std::vector<ContextRecord*> dead;
  {
    MutexLock structure(&impl_->structure_mu);
    impl_->DetachAllLocked(&volume->contexts, &dead);
  }
  impl_->FinalizeAll(dead);
}

Instance* FilterManager::AttachInstance(Filter* filter, Volume* volume, uint32_t setup_flags) {
  return AttachInstance(filter, volume, setup_flags, "0");
}

Instance* FilterManager::AttachInstance(Filter* filter, Volume* volume, uint32_t setup_flags,
                                        const std::string& altitude) {
  Instance* raw = nullptr;
  {
    MutexLock structure(&impl_->structure_mu);
    if (filter == nullptr || volume == nullptr || !filter->started || filter->unloading ||
        volume->dismounted) {
      return nullptr;
    }
    auto i = std::make_unique<Instance>();
    i->manager = this;
    i->filter = filter;
    i->volume = volume;
    i->altitude = altitude;
    i->id = impl_->next_object_id++;
    i->attach_order = i->id;
    raw = i.get();
    impl_->instances.push_back(std::move(i));
    filter->instances.push_back(raw);
    volume->instances.push_back(raw);
  }
  if (filter->callbacks.instance_setup && !filter->callbacks.instance_setup(raw, setup_flags)) {
    impl_->TeardownInstance(raw, 0, /*notify=*/false);
    return nullptr;
  }
  return raw;
}

void FilterManager::DetachInstance(Instance* instance, uint32_t reason) {
  impl_->TeardownInstance(instance, reason, /*notify=*/true);
}

uint64_t FilterManager::AddTeardownObserver(std::function<void(Instance*)> observer) {
  std::lock_guard<std::mutex> l(impl_->observers_mu);
  const uint64_t id = impl_->next_observer++;
  impl_->teardown_observers.emplace_back(id, std::move(observer));
  return id;
}

void FilterManager::RemoveTeardownObserver(uint64_t id) {
  std::lock_guard<std::mutex> l(impl_->observers_mu);
  auto& v = impl_->teardown_observers;
  v.erase(std::remove_if(v.begin(), v.end(), [id](const auto& o) { return o.first == id; }),
          v.end());
}

Stream* FilterManager::CreateStream(Volume* volume, const StreamOptions& options) {
  MutexLock structure(&impl_->structure_mu);
  auto s = std::make_unique<Stream>();
  s->manager = this;
  s->volume = volume;
  s->options = options;
  s->id = impl_->next_object_id++;
  if (options.same_file_as != nullptr) {
    s->file = options.same_file_as->file;
  } else {
    auto f = std::make_unique<File>();
    f->name = options.name;
    s->file = f.get();
    impl_->files.push_back(std::move(f));
  }
  s->file->streams++;
  Stream* raw = s.get();
  impl_->streams.push_back(std::move(s));
  return raw;
}

FileObject* FilterManager::OpenFileObject(Stream* stream) {
  FileObject* fo = NewFileObject(stream->volume);
  CompleteOpen(fo, stream);
  return fo;
}

FileObject* FilterManager::NewFileObject(Volume* volume) {
  (void)volume;
  MutexLock structure(&impl_->structure_mu);
  auto fo = std::make_unique<FileObject>();
  fo->manager = this;
  fo->id = impl_->next_object_id++;
  FileObject* raw = fo.get();
  impl_->file_objects.push_back(std::move(fo));
  return raw;
}

void FilterManager::CompleteOpen(FileObject* file_object, Stream* stream) {
  MutexLock structure(&impl_->structure_mu);
  if (file_object->phase.load(std::memory_order_relaxed) !=
      fltctx_internal::FileObjectPhase::kCreating) {
    return;
  }
  file_object->stream = stream;
  if (stream->gone) {
    // A new control block for the same stream.
    stream->gone = false;
    stream->file->streams++;
  }
  stream->open_file_objects++;
  file_object->phase.store(fltctx_internal::FileObjectPhase::kOpen, std::memory_order_release);
}

void FilterManager::AbandonFileObject(FileObject* file_object) {
  MutexLock structure(&impl_->structure_mu);
  if (file_object->phase.load(std::memory_order_relaxed) !=
      fltctx_internal::FileObjectPhase::kCreating) {
    return;
  }
  file_object->closed = true;
  file_object->phase.store(fltctx_internal::FileObjectPhase::kClosed, std::memory_order_release);
}

bool FilterManager::IsOpen(const FileObject* file_object) {
  return file_object->phase.load(std::memory_order_acquire) ==
         fltctx_internal::FileObjectPhase::kOpen;
}

void FilterManager::CloseFileObject(FileObject* file_object) {
  std::vector<ContextRecord*> dead;
  {
    MutexLock structure(&impl_->structure_mu);
    if (file_object->closed) return;
    file_object->closed = true;
    if (file_object->phase.load(std::memory_order_relaxed) !=
        fltctx_internal::FileObjectPhase::kOpen) {
      file_object->phase.store(fltctx_internal::FileObjectPhase::kClosed,
                               std::memory_order_release);
      return;
    }
    file_object->phase.store(fltctx_internal::FileObjectPhase::kClosed, std::memory_order_release);
    impl_->DetachAllLocked(&file_object->contexts, &dead);
    Stream* stream = file_object->stream;
    if (--stream->open_file_objects == 0) {
      stream->gone = true;
      impl_->DetachAllLocked(&stream->sections, &dead);
      impl_->DetachAllLocked(&stream->contexts, &dead);
      impl_->DetachAllLocked(&stream->emulated_file_contexts, &dead);
      if (--stream->file->streams == 0) impl_->DetachAllLocked(&stream->file->contexts, &dead);
    }
  }
  impl_->FinalizeAll(dead);
}

Transaction* FilterManager::CreateTransaction() {
  MutexLock structure(&impl_->structure_mu);
  auto t = std::make_unique<Transaction>();
  t->manager = this;
  t->id = impl_->next_object_id++;
  Transaction* raw = t.get();
  impl_->transactions.push_back(std::move(t));
  return raw;
}

void FilterManager::CompleteTransaction(Transaction* transaction, bool commit) {
  struct Notice {
    Instance* instance;
    uint32_t bit;
    ContextRef context;
  };
  std::vector<Notice> notices;
  {
    MutexLock structure(&impl_->structure_mu);
    if (transaction->completed) return;
    transaction->completed = true;
    std::vector<std::pair<Instance*, uint32_t>> enlisted(transaction->enlisted.begin(),
                                                         transaction->enlisted.end());
    std::sort(enlisted.begin(), enlisted.end(),
              [](const auto& a, const auto& b) { return a.first->id < b.first->id; });
    for (auto& [instance, mask] : enlisted) {
      uint32_t bit = 0;
      if (commit) {
        bit = (mask & kNotifyCommitFinalize) ? kNotifyCommitFinalize
              : (mask & kNotifyCommit)       ? kNotifyCommit
                                             : 0;
      } else if (mask & kNotifyRollback) {
        bit = kNotifyRollback;
      }
      if (bit == 0 || instance->gone) continue;
      Notice n{instance, bit, ContextRef()};
      MutexLock sl(&transaction->contexts.mu);
      auto it = transaction->contexts.map.find(instance);
      if (it != transaction->contexts.map.end()) {
        ContextRecord* rec = it->second;
        Shard& s = impl_->ShardFor(rec->payload);
        MutexLock l(&s.mu);
        impl_->AddRefLocked(rec, "(transaction notification)", poolsim::kNoStack);
        n.context = ContextRef::Adopt(this, rec->payload);
      }
      notices.push_back(std::move(n));
    }
  }
  for (Notice& n : notices) {
    Filter* f = n.instance->filter;
    if (f->callbacks.transaction_notification) {
      f->callbacks.transaction_notification(n.instance, transaction, n.context.get(), n.bit);
    }
    n.context.reset();
  }
  std::vector<ContextRecord*> dead;
  {
    MutexLock structure(&impl_->structure_mu);
    impl_->DetachAllLocked(&transaction->contexts, &dead);
  }
  impl_->FinalizeAll(dead);
}

Filter* FilterManager::FilterOf(const Instance* instance) { return instance->filter; }
Volume* FilterManager::VolumeOf(const Instance* instance) { return instance->volume; }
Stream* FilterManager::StreamOf(const FileObject* file_object) { return file_object->stream; }
Volume* FilterManager::VolumeOf(const Stream* stream) { return stream->volume; }
FilterManager* FilterManager::ManagerOf(const Filter* filter) { return filter->manager; }
FilterManager* FilterManager::ManagerOf(const Volume* volume) { return volume->manager; }
FilterManager* FilterManager::ManagerOf(const Instance* instance) { return instance->manager; }
FilterManager* FilterManager::ManagerOf(const FileObject* file_object) {
  return file_object->manager;
}
FilterManager* FilterManager::ManagerOf(const Transaction* transaction) {
  return transaction->manager;
}
const std::string& FilterManager::NameOf(const Filter* filter) { return filter->name; }
const std::string& FilterManager::AltitudeOf(const Instance* instance) {
  return instance->altitude;
}
const void* FilterManager::OperationsOf(const Filter* filter) { return filter->operations.get(); }

std::vector<Instance*> FilterManager::InstancesByAltitude(const Volume* volume) const {
  std::vector<Instance*> out;
  {
    MutexLock structure(&impl_->structure_mu);
    for (Instance* i : volume->instances) {
      if (!i->gone && !i->tearing_down) out.push_back(i);
    }
  }
  // Altitudes are decimal strings: compare numerically, then attach order.
  auto value = [](const std::string& a) { return std::strtold(a.c_str(), nullptr); };
  std::stable_sort(out.begin(), out.end(), [&](const Instance* a, const Instance* b) {
    long double va = value(a->altitude), vb = value(b->altitude);
    if (va != vb) return va > vb;
    return a->attach_order < b->attach_order;
  });
  return out;
}

bool FilterManager::SupportsStreamContexts(const FileObject* file_object) const {
  if (!impl_->CheckIrql(poolsim::kApcLevel, "FltSupportsStreamContexts", file_object)) return false;
  if (file_object == nullptr || !IsOpen(file_object)) return false;
  const Stream* s = file_object->stream;
  return !s->options.paging_file && s->volume->options.supports_stream_contexts;
}

bool FilterManager::SupportsStreamHandleContexts(const FileObject* file_object) const {
  if (!impl_->CheckIrql(poolsim::kApcLevel, "FltSupportsStreamHandleContexts", file_object)) return false;
  if (file_object == nullptr || !IsOpen(file_object)) return false;
  const Stream* s = file_object->stream;
  return !s->options.paging_file && s->volume->options.supports_stream_handle_contexts;
}

bool FilterManager::SupportsFileContexts(const FileObject* file_object) const {
  if (!impl_->CheckIrql(poolsim::kApcLevel, "FltSupportsFileContexts", file_object)) return false;
  if (file_object == nullptr || !IsOpen(file_object)) return false;
  const Stream* s = file_object->stream;
  return !s->options.paging_file && s->volume->options.supports_file_contexts;
}

bool FilterManager::SupportsFileContextsEx(const FileObject* file_object,
                                           const Instance* instance) const {
  if (SupportsFileContexts(file_object)) return true;
  if (instance == nullptr || file_object == nullptr || !IsOpen(file_object)) return false;
  const Stream* s = file_object->stream;
  return !s->options.paging_file && s->volume->options.filter_manager_file_contexts &&
         s->volume->options.supports_stream_contexts;
}

void FilterManager::SetPeer(FileObject* file_object, void* peer, void (*deleter)(void*)) {
  file_object->peer = peer;
  file_object->peer_deleter = deleter;
}

void* FilterManager::PeerOf(const FileObject* file_object) { return file_object->peer; }

AllocateResult FilterManager::Allocate(Filter* filter, ContextType type, size_t size,
                                       poolsim::PoolKind pool, uint32_t pool_type) {
  return impl_->Allocate(filter, ContextTypeBit(type), size, pool, pool_type);
}

AllocateResult FilterManager::AllocateRaw(Filter* filter, uint16_t type_bits, size_t size,
                                          poolsim::PoolKind pool, uint32_t pool_type) {
  return impl_->Allocate(filter, type_bits, size, pool, pool_type);
}

SetResult FilterManager::Set(const ContextTarget& target, void* context, SetMode mode,
                             bool want_previous) {
  return impl_->Set(target, context, mode, want_previous);
}

GetResult FilterManager::Get(const ContextTarget& target) {
  return impl_->Get(target, GetFunctionName(target.type));
}

DeleteResult FilterManager::Delete(const ContextTarget& target, bool want_previous) {
  return impl_->Delete(target, want_previous);
}

void FilterManager::DeleteContext(void* context) { impl_->DeleteContext(context); }
void FilterManager::Reference(void* context) { impl_->Reference(context); }
void FilterManager::Release(void* context) { impl_->Release(context, "FltReleaseContext"); }

GetContextsOutcome FilterManager::GetContexts(Filter* filter, Volume* volume, Instance* instance,
                                              FileObject* file_object, Transaction* transaction,
                                              uint16_t type_bits, bool include_section,
                                              void* out[kContextTypeCount]) {
  for (int i = 0; i < kContextTypeCount; ++i) out[i] = nullptr;
  const char* op = include_section ? "FltGetContextsEx" : "FltGetContexts";
  if (include_section && (type_bits & ~kAllContextTypeBits) != 0) {
    return GetContextsOutcome::kInvalidParameter;
  }
  if (!impl_->CheckIrql(poolsim::kApcLevel, op, nullptr)) return GetContextsOutcome::kOk;
  if (filter == nullptr && instance != nullptr) filter = instance->filter;
  for (int i = 0; i < kContextTypeCount; ++i) {
    const ContextType type = static_cast<ContextType>(i);
    if ((type_bits & ContextTypeBit(type)) == 0) continue;
    if (type == ContextType::kSection && !include_section) continue;
    ContextTarget t;
    t.type = type;
    t.filter = filter;
    t.volume = volume;
    t.instance = instance;
    t.file_object = file_object;
    t.transaction = transaction;
    if (type == ContextType::kVolume && volume == nullptr && instance != nullptr) {
      t.volume = instance->volume;
    }
    GetResult r = impl_->Get(t, op);
    out[i] = r.context.TransferToCaller();
  }
  return GetContextsOutcome::kOk;
}

void FilterManager::ReleaseContexts(void** contexts, int count) {
  poolsim::Irql max = poolsim::kApcLevel;
  if (impl_->options.release_contexts_at_dispatch) {
    bool all_nonpaged = true;
    for (int i = 0; i < count; ++i) {
      if (contexts[i] != nullptr && Inspect(contexts[i]).pool == poolsim::PoolKind::kPaged) {
        all_nonpaged = false;
      }
    }
    if (all_nonpaged) max = poolsim::kDispatchLevel;
  }
  if (!impl_->CheckIrql(max, "FltReleaseContexts", contexts)) return;
  for (int i = 0; i < count; ++i) {
    if (contexts[i] != nullptr) impl_->Release(contexts[i], "FltReleaseContexts");
    contexts[i] = nullptr;
  }
}

DataScanOutcome FilterManager::RegisterForDataScan(Instance* instance) {
  if (!impl_->CheckIrql(poolsim::kApcLevel, "FltRegisterForDataScan", instance)) {
    return DataScanOutcome::kNotSupported;
  }
  MutexLock structure(&impl_->structure_mu);
  if (instance->tearing_down || instance->gone) return DataScanOutcome::kObjectGone;
  if (!instance->volume->options.supports_data_scan) return DataScanOutcome::kNotSupported;
  instance->data_scan = true;
  return DataScanOutcome::kRegistered;
}

CreateSectionOutcome FilterManager::CreateSectionForDataScan(Instance* instance,
                                                             FileObject* file_object,
                                                             void* section_context,
                                                             uint64_t* section_token) {
  const char* op = "FltCreateSectionForDataScan";
  *section_token = 0;
  if (!impl_->CheckIrql(poolsim::kApcLevel, op, section_context)) {
    return CreateSectionOutcome::kInvalidParameter;
  }
  ContextRecord* rec = nullptr;
  switch (impl_->Lookup(section_context, &rec)) {
    case ManagerImpl::Found::kUnknown:
      impl_->RaiseNotAContext(section_context, op);
      return CreateSectionOutcome::kInvalidParameter;
    case ManagerImpl::Found::kFreed:
      impl_->RaiseUseAfterFree(rec, op);
      return CreateSectionOutcome::kInvalidParameter;
    case ManagerImpl::Found::kLive:
      break;
  }
  if (instance == nullptr || rec->type != ContextType::kSection || rec->filter != instance->filter) {
    return CreateSectionOutcome::kInvalidParameter;
  }
  ContextTarget target =
      ContextTarget::OnFileObject(ContextType::kSection, instance, file_object);
  ManagerImpl::Resolved r;
  if (impl_->ResolveTarget(target, rec->filter, true, &r) != ManagerImpl::Resolve::kOk) {
    return CreateSectionOutcome::kNotSupported;
  }
  MutexLock structure(&impl_->structure_mu);
  if (impl_->TargetGoneLocked(target, rec->filter)) return CreateSectionOutcome::kObjectGone;
  if (!instance->data_scan) return CreateSectionOutcome::kInvalidParameter;
  if (file_object->stream->options.size == 0) return CreateSectionOutcome::kEndOfFile;
  MutexLock sl(&r.slots->mu);
  if (r.slots->map.contains(r.key)) return CreateSectionOutcome::kAlreadyDefined;
  {
    Shard& s = impl_->ShardFor(rec->payload);
    MutexLock l(&s.mu);
    if (rec->state != RecordState::kUnlinked) return CreateSectionOutcome::kAlreadyLinked;
    rec->state = RecordState::kLinked;
    ++rec->refs;
    rec->slots = r.slots;
    rec->key = r.key;
    rec->link_instance = instance;
    rec->attached_to = r.where;
    rec->section_created = true;
  }
  r.slots->map.emplace(r.key, rec);
  instance->linked.insert(rec);
  *section_token = impl_->section_tokens.fetch_add(1) + 1;
  return CreateSectionOutcome::kCreated;
}

CloseSectionOutcome FilterManager::CloseSectionForDataScan(void* section_context) {
  const char* op = "FltCloseSectionForDataScan";
  if (!impl_->CheckIrql(poolsim::kApcLevel, op, section_context)) {
    return CloseSectionOutcome::kNeverCreated;
  }
  ContextRecord* rec = nullptr;
  switch (impl_->Lookup(section_context, &rec)) {
    case ManagerImpl::Found::kUnknown:
      impl_->RaiseNotAContext(section_context, op);
      return CloseSectionOutcome::kNeverCreated;
    case ManagerImpl::Found::kFreed:
      impl_->RaiseUseAfterFree(rec, op);
      return CloseSectionOutcome::kNeverCreated;
    case ManagerImpl::Found::kLive:
      break;
  }
  std::vector<ContextRecord*> dead;
  {
    MutexLock structure(&impl_->structure_mu);
    if (rec->type != ContextType::kSection || !rec->section_created) {
      return CloseSectionOutcome::kNeverCreated;
    }
    if (rec->section_closed) return CloseSectionOutcome::kAlreadyClosed;
    rec->section_closed = true;
    Slots* slots;
    const void* key;
    {
      Shard& s = impl_->ShardFor(rec->payload);
      MutexLock l(&s.mu);
      if (rec->state != RecordState::kLinked) return CloseSectionOutcome::kAlreadyClosed;
      slots = rec->slots;
      key = rec->key;
    }
    {
      MutexLock sl(&slots->mu);
      auto it = slots->map.find(key);
      if (it != slots->map.end() && it->second == rec) slots->map.erase(it);
    }
    if (impl_->UnlinkLocked(rec, false, nullptr, poolsim::kNoStack)) dead.push_back(rec);
  }
  impl_->FinalizeAll(dead);
  return CloseSectionOutcome::kClosed;
}

EnlistOutcome FilterManager::EnlistInTransaction(Instance* instance, Transaction* transaction,
                                                 void* transaction_context,
                                                 uint32_t notification_mask) {
  const char* op = "FltEnlistInTransaction";
  if (!impl_->CheckIrql(poolsim::kApcLevel, op, transaction_context)) {
    return EnlistOutcome::kInvalidParameter;
  }
  ContextRecord* rec = nullptr;
  switch (impl_->Lookup(transaction_context, &rec)) {
    case ManagerImpl::Found::kUnknown:
      impl_->RaiseNotAContext(transaction_context, op);
      return EnlistOutcome::kInvalidParameter;
    case ManagerImpl::Found::kFreed:
      impl_->RaiseUseAfterFree(rec, op);
      return EnlistOutcome::kInvalidParameter;
    case ManagerImpl::Found::kLive:
      break;
  }
  if (instance == nullptr || transaction == nullptr ||
      !instance->filter->callbacks.transaction_notification ||
      rec->type != ContextType::kTransaction || rec->filter != instance->filter) {
    return EnlistOutcome::kInvalidParameter;
  }
  if (notification_mask == 0 || (notification_mask & ~kValidEnlistMask) != 0) {
    return EnlistOutcome::kInvalidMask;
  }
  MutexLock structure(&impl_->structure_mu);
  if (instance->tearing_down || instance->gone || transaction->completed) {
    return EnlistOutcome::kObjectGone;
  }
  if (transaction->enlisted.contains(instance)) return EnlistOutcome::kAlreadyEnlisted;
  transaction->enlisted.emplace(instance, notification_mask);
  return EnlistOutcome::kEnlisted;
}

ContextInfo FilterManager::Inspect(const void* context) const {
  ContextInfo info;
  Shard& s = impl_->ShardFor(context);
  MutexLock l(&s.mu);
  auto it = s.map.find(context);
  if (it == s.map.end()) return info;
  const ContextRecord* rec = it->second;
  switch (rec->state) {
    case RecordState::kUnlinked:
      info.state = ContextState::kUnlinked;
      break;
    case RecordState::kLinked:
      info.state = ContextState::kLinked;
      break;
    case RecordState::kDetached:
      info.state = ContextState::kDetached;
      break;
    case RecordState::kFreeing:
      info.state = ContextState::kFreeing;
      break;
    case RecordState::kFreed:
      info.state = ContextState::kFreed;
      break;
  }
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

size_t FilterManager::LiveContextCount() const {
  return impl_->live_contexts.load(std::memory_order_relaxed);
}

std::vector<poolsim::LeakedObject> FilterManager::ReferencedContexts() const {
  return impl_->Referenced(nullptr);
}

size_t FilterManager::DrainDeferredWork() { return impl_->deferred.Drain(); }

size_t FilterManager::PendingDeferredWork() const { return impl_->deferred.Pending(); }

FilterManager* AmbientFilterManager() {
  FilterManager* m = g_ambient.load(std::memory_order_acquire);
  return m != nullptr ? m : g_latest.load(std::memory_order_acquire);
}

ScopedFilterManager::ScopedFilterManager(FilterManager* manager)
    : previous_(g_ambient.exchange(manager, std::memory_order_acq_rel)) {}

ScopedFilterManager::~ScopedFilterManager() {
  g_ambient.store(previous_, std::memory_order_release);
}

}  // namespace fltctx
