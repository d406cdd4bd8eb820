// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/context_operations.cc
// -----------------------------------------------------------------------------
//
// FltAllocateContext, FltSet/Get/Delete*Context, FltDeleteContext,
// FltReference/ReleaseContext and FltGet/ReleaseContexts (internal to
// fltctx, core layer).

#include "fltctx/internal/context_operations.h"

#include <cstring>
#include <vector>

#include "fltctx/internal/bugchecks.h"
#include "fltctx/internal/epoch.h"
#include "fltctx/internal/reference_log.h"
#include "fltctx/internal/targets.h"
#include "poolsim/irql.h"
#include "poolsim/stack_trace.h"

namespace fltctx {
namespace fltctx_internal {

using poolsim::poolsim_internal::MutexLock;

namespace {

// What FltAllocateContext makes of its POOL_TYPE. Microsoft documents
// NonPagedPool, PagedPool and NonPagedPoolNx; the other defined types of those
// pools (cache-aligned, session) are passed on to the pool as the filter
// manager passes them. Must-succeed types reach the pool, which bug-checks;
// values that are no POOL_TYPE at all are refused with STATUS_INVALID_PARAMETER.
enum class ContextPoolType { kUsable, kMustSucceed, kUndefined };

ContextPoolType ClassifyContextPoolType(uint32_t pool_type) {
  switch (pool_type) {
    case 0:    // NonPagedPool
    case 1:    // PagedPool
    case 4:    // NonPagedPoolCacheAligned
    case 5:    // PagedPoolCacheAligned
    case 32:   // NonPagedPoolSession
    case 33:   // PagedPoolSession
    case 36:   // NonPagedPoolCacheAlignedSession
    case 37:   // PagedPoolCacheAlignedSession
    case 512:  // NonPagedPoolNx
    case 516:  // NonPagedPoolNxCacheAligned
    case 544:  // NonPagedPoolSessionNx
      return ContextPoolType::kUsable;
    case 2:   // NonPagedPoolMustSucceed
    case 6:   // NonPagedPoolCacheAlignedMustS
    case 34:  // NonPagedPoolMustSucceedSession
    case 38:  // NonPagedPoolCacheAlignedMustSSession
      return ContextPoolType::kMustSucceed;
    default:
      return ContextPoolType::kUndefined;
  }
}

constexpr uint64_t kHeaderMagic = 0x4C544658434E4F44ull;  // "DONCXFTL"

// The stand-in for CONTEXT_NODE at the start of every block; the driver's
// pointer is just after it.
struct BlockHeader {
  uint64_t magic;
  ContextRecord* record;
  uint8_t reserved[48];
};
static_assert(sizeof(BlockHeader) == kContextHeaderBytes,
              "header size must keep payloads 16-aligned");

bool Dead(const ContextRecord* rec) {
  const RecordState state = rec->state.load(std::memory_order_acquire);
  return state == RecordState::kFreed || state == RecordState::kFreeing;
}

// The definition of `chain` an allocation of `size` bytes uses (null if
// none), and its payload size.
const Definition* ChooseDefinition(const std::vector<Definition>& chain, size_t size,
                                   bool exact_size_match, size_t* payload) {
  *payload = size;
  if (chain.front().callbacks) return &chain.front();
  for (const Definition& d : chain) {
    if (d.variable) return &d;
    bool fits = d.size == size || ((d.no_exact_size_match || !exact_size_match) && d.size >= size);
    if (fits) {
      *payload = d.size;
      return &d;
    }
  }
  return nullptr;
}

}  // namespace

ContextOperations::ContextOperations(FilterManager* manager, poolsim::Environment& env,
                                     const Options& options, ContextRegistry& registry,
                                     ObjectTree& tree)
    : manager_(manager), env_(env), options_(options), registry_(registry), tree_(tree) {}

AllocateResult ContextOperations::Allocate(Filter* filter, uint16_t type_bits, size_t size,
                                           poolsim::PoolKind pool, uint32_t pool_type) {
  AllocateResult result;
  if (!CheckIrql(env_, poolsim::kApcLevel, "FltAllocateContext", nullptr)) {
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
  if (size == 0 && options_.reject_zero_size) {
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
  const ContextPoolType pool_class = ClassifyContextPoolType(pool_type);
  if (pool_class == ContextPoolType::kUndefined) {
    result.outcome = AllocateOutcome::kInvalidPoolType;
    return result;
  }
  if (type == ContextType::kVolume && pool == poolsim::PoolKind::kPaged) {
    if (options_.reject_paged_volume_context) {
      result.outcome = AllocateOutcome::kMustBeNonPaged;
      return result;
    }
    pool = poolsim::PoolKind::kNonPaged;
    pool_type = 512;  // NonPagedPoolNx
  }
  size_t payload = size;
  const Definition* def = ChooseDefinition(chain, size, options_.exact_size_match, &payload);
  if (def == nullptr) {
    result.outcome = AllocateOutcome::kDefinitionNotFound;
    return result;
  }

  poolsim::StackId stack = registry_.Capture();
  const size_t bytes = kContextHeaderBytes + payload;
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
    // A must-succeed type reaches the pool as it would on Windows: its bug
    // check (BAD_POOL_CALLER 0x9A), then no context.
    req.must_succeed = pool_class == ContextPoolType::kMustSucceed;
    req.skip_frames = 0;
    block = env_.Allocate(req);
  }
  if (block == nullptr) {
    result.outcome = AllocateOutcome::kInsufficientResources;
    return result;
  }
  auto* header = static_cast<BlockHeader*>(block);
  void* payload_ptr = static_cast<char*>(block) + kContextHeaderBytes;
  if (!def->callbacks && def->variable && options_.zero_variable_size_contexts) {
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
  rec->serial = registry_.NextSerial();
  rec->ref_word.store(kOneRef, std::memory_order_relaxed);
  rec->state.store(RecordState::kUnlinked, std::memory_order_relaxed);
  rec->attached_to = "(not attached)";
  if (options_.track_references) {
    rec->reference_sequence.store(1, std::memory_order_relaxed);
    LogReferenceNumbered(rec, &registry_, "FltAllocateContext", stack, 1);
  }
  std::memset(header, 0, sizeof(BlockHeader));
  header->magic = kHeaderMagic ^ reinterpret_cast<uintptr_t>(block);
  header->record = rec;
  registry_.Add(rec);
  result.outcome = AllocateOutcome::kAllocated;
  result.context = ContextRef::Adopt(manager_, payload_ptr);
  return result;
}

SetResult ContextOperations::Set(const ContextTarget& target, void* context, SetMode mode,
                                 bool want_previous) {
  SetResult result;
  const char* op = SetFunctionName(target.type);
  if (!CheckIrql(env_, poolsim::kApcLevel, op, context)) return result;
  if (target.type == ContextType::kSection) return result;  // no set API
  ContextRecord* rec = registry_.LiveOrRaise(context, op);
  if (rec == nullptr) return result;
  if (rec->type != target.type) {
    if (options_.filter_verifier) RaiseWrongContextType(env_, context, rec->type, target.type, op);
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
    if (options_.filter_verifier) {
      RaiseWrongFilter(env_, context, target.instance, owner->name, target.instance->filter->name,
                       op);
    }
    return result;
  }
  poolsim::StackId stack = want_previous ? registry_.Capture() : poolsim::kNoStack;
  std::vector<ContextRecord*> dead;
  {
    MutexLock structure(&tree_.mu);
    if (tree_.TargetGoneLocked(target, owner)) {
      result.outcome = SetOutcome::kObjectGone;
      return result;
    }
    MutexLock sl(&r.slots->mu);
    ContextRecord* existing = r.slots->map.Load(r.key);
    const bool keep = existing != nullptr && mode == SetMode::kKeepIfExists;
    {
      Shard& s = registry_.ShardFor(rec->payload);
      MutexLock l(&s.mu);
      if (Dead(rec)) return result;
      const RecordState state = rec->state.load(std::memory_order_acquire);
      if (state == RecordState::kLinked ||
          (state == RecordState::kDetached && options_.reject_relink_of_detached)) {
        result.outcome = SetOutcome::kAlreadyLinked;
        return result;
      }
      // KEEP with something attached leaves NewContext alone. The count can
      // reach zero here only if the caller held no reference (another
      // thread released it): nothing is set then.
      if (!keep && !ContextRegistry::LinkLocked(rec, r.slots, r.key, r.instance, r.where)) {
        return result;
      }
    }
    if (keep) {
      result.outcome = SetOutcome::kKeptExisting;
      // Attached (its slot lock is held), so its count is not zero.
      if (want_previous && registry_.AddRef(existing, op, stack)) {
        result.previous = ContextRef::Adopt(manager_, existing->payload);
      }
      return result;
    }
    r.slots->map.Put(r.key, rec);
    if (existing != nullptr) {
      if (tree_.UnlinkLocked(existing, want_previous, op, stack)) dead.push_back(existing);
      if (want_previous) result.previous = ContextRef::Adopt(manager_, existing->payload);
      result.outcome = SetOutcome::kReplaced;
    } else {
      result.outcome = SetOutcome::kInserted;
    }
    if (r.instance != nullptr) r.instance->linked.insert(rec);
  }
  registry_.FinalizeAll(dead);
  return result;
}

GetResult ContextOperations::Get(const ContextTarget& target, const char* op) {
  GetResult result;
  if (!CheckIrql(env_, poolsim::kApcLevel, op, nullptr)) return result;
  Resolved r;
  const Resolve how = ResolveTarget(target, target.filter, /*for_set=*/false, &r);
  if (how == Resolve::kNotSupported) result.outcome = GetOutcome::kNotSupported;
  if (how != Resolve::kOk) return result;
  poolsim::StackId stack = registry_.Capture();
  ContextRecord* rec = nullptr;
  {
    // No lock: the slot's value with an acquire load, a reference if the
    // count is not zero. A zero count is a context detached and being freed
    // since the load: the slot no longer holds it, so load again.
    EpochGuard guard;
    for (;;) {
      rec = r.slots->map.Load(r.key);
      if (rec == nullptr) return result;
      if (ContextRegistry::TryAddRef(rec)) break;
    }
  }
  // The reference keeps the record alive from here.
  if (registry_.tracking()) registry_.LogRef(rec, op, stack);
  result.outcome = GetOutcome::kFound;
  result.context = ContextRef::Adopt(manager_, rec->payload);
  return result;
}

DeleteResult ContextOperations::Delete(const ContextTarget& target, bool want_previous) {
  DeleteResult result;
  const char* op = DeleteFunctionName(target.type);
  if (!CheckIrql(env_, poolsim::kApcLevel, op, nullptr)) return result;
  if (target.type == ContextType::kSection) return result;
  Resolved r;
  const Resolve how = ResolveTarget(target, target.filter, /*for_set=*/false, &r);
  if (how == Resolve::kNotSupported) result.outcome = DeleteOutcome::kNotSupported;
  if (how != Resolve::kOk) return result;
  poolsim::StackId stack = want_previous ? registry_.Capture() : poolsim::kNoStack;
  std::vector<ContextRecord*> dead;
  {
    MutexLock structure(&tree_.mu);
    if (target.instance != nullptr && target.instance->gone) {
      result.outcome = DeleteOutcome::kObjectGone;
      return result;
    }
    ContextRecord* rec = nullptr;
    {
      MutexLock sl(&r.slots->mu);
      rec = r.slots->map.Take(r.key);
      if (rec == nullptr) return result;
    }
    if (tree_.UnlinkLocked(rec, want_previous, op, stack)) dead.push_back(rec);
    if (want_previous) result.previous = ContextRef::Adopt(manager_, rec->payload);
    result.outcome = DeleteOutcome::kDeleted;
  }
  registry_.FinalizeAll(dead);
  return result;
}

void ContextOperations::DeleteContext(void* context) {
  const char* op = "FltDeleteContext";
  if (!CheckIrql(env_, poolsim::kApcLevel, op, context)) return;
  ContextRecord* rec = registry_.LiveOrRaise(context, op);
  if (rec == nullptr) return;
  std::vector<ContextRecord*> dead;
  {
    MutexLock structure(&tree_.mu);
    if (rec->type == ContextType::kSection && rec->section_created && options_.filter_verifier) {
      // Raised below, without the lock.
    } else {
      if (!tree_.DetachLocked(rec, &dead)) return;  // idempotent
      if (rec->type == ContextType::kSection) rec->section_closed = true;
    }
  }
  if (rec->type == ContextType::kSection && rec->section_created && options_.filter_verifier &&
      dead.empty() && !rec->section_closed) {
    RaiseDeleteOfSectionContext(env_, context, op);
    return;
  }
  registry_.FinalizeAll(dead);
}

void ContextOperations::Reference(void* context) {
  const char* op = "FltReferenceContext";
  if (!CheckIrql(env_, poolsim::kDispatchLevel, op, context)) return;
  poolsim::StackId stack = registry_.Capture();
  EpochGuard guard;
  ContextRecord* rec = registry_.Find(context);
  if (rec == nullptr) {
    RaiseNotAContext(env_, context, op);
    return;
  }
  if (!ContextRegistry::TryAddRef(rec)) {
    RaiseUseAfterFree(env_, rec, op);
    return;
  }
  if (registry_.tracking()) registry_.LogRef(rec, op, stack);
}

// No lock: the record from the registry's lock-free table, validated by its
// own reference word. A count of zero is a context freed (or being freed):
// use after free; the attachment's reference is refused (over-release).
void ContextOperations::Release(void* context, const char* op) {
  poolsim::Irql irql = poolsim::CurrentIrql();
  if (!CheckIrql(env_, poolsim::kDispatchLevel, op, context)) return;
  EpochGuard guard;
  ContextRecord* rec = registry_.Find(context);
  if (rec == nullptr) {
    RaiseNotAContext(env_, context, op);
    return;
  }
  const bool paged_at_dispatch = rec->pool == poolsim::PoolKind::kPaged && irql > poolsim::kApcLevel;
  uint64_t w = rec->ref_word.load(std::memory_order_acquire);
  do {
    if (RefCount(w) == 0) {
      RaiseUseAfterFree(env_, rec, op);
      return;
    }
    if (paged_at_dispatch) {
      RaisePagedReleaseAtDispatch(env_, context, rec, irql, op);
      return;
    }
    if (IsLinked(w) && RefCount(w) <= 1) {
      RaiseOverRelease(env_, rec, op);
      return;
    }
  } while (!rec->ref_word.compare_exchange_weak(w, w - kOneRef, std::memory_order_acq_rel,
                                                std::memory_order_acquire));
  if (registry_.tracking()) ContextRegistry::DropRef(rec);
  if (RefCount(w) == 1) {
    rec->state.store(RecordState::kFreeing, std::memory_order_release);
    registry_.FinalRelease(rec, irql);
  }
}

GetContextsOutcome ContextOperations::GetContexts(Filter* filter, Volume* volume,
                                                  Instance* instance, FileObject* file_object,
                                                  Transaction* transaction, uint16_t type_bits,
                                                  bool include_section,
                                                  void* out[kContextTypeCount]) {
  for (int i = 0; i < kContextTypeCount; ++i) out[i] = nullptr;
  const char* op = include_section ? "FltGetContextsEx" : "FltGetContexts";
  if (include_section && (type_bits & ~kAllContextTypeBits) != 0) {
    return GetContextsOutcome::kInvalidParameter;
  }
  if (!CheckIrql(env_, poolsim::kApcLevel, op, nullptr)) return GetContextsOutcome::kOk;
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
    GetResult r = Get(t, op);
    out[i] = r.context.TransferToCaller();
  }
  return GetContextsOutcome::kOk;
}

void ContextOperations::ReleaseContexts(void** contexts, int count) {
  poolsim::Irql max = poolsim::kApcLevel;
  if (options_.release_contexts_at_dispatch) {
    bool all_nonpaged = true;
    for (int i = 0; i < count; ++i) {
      if (contexts[i] != nullptr &&
          registry_.Inspect(contexts[i]).pool == poolsim::PoolKind::kPaged) {
        all_nonpaged = false;
      }
    }
    if (all_nonpaged) max = poolsim::kDispatchLevel;
  }
  if (!CheckIrql(env_, max, "FltReleaseContexts", contexts)) return;
  for (int i = 0; i < count; ++i) {
    if (contexts[i] != nullptr) Release(contexts[i], "FltReleaseContexts");
    contexts[i] = nullptr;
  }
}

}  // namespace fltctx_internal
}  // namespace fltctx
