// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Lookaside lists over the ambient Environment. The list header is the
// driver's; poolsim keeps each live list's cached entries and the entries it
// handed out in a side table keyed by the header's address, so misuse is
// caught without trusting the header's contents.
//
// Lock order: Registry::mu, then List::mu; neither is held while the list's
// allocate or free routine (driver code) runs.

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_format.h"
#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/environment.h"
#include "poolsim/internal/lock.h"
#include "poolsim/pointer_check.h"
#include "poolsim/wdk/wdm.h"

namespace {

using poolsim::Environment;
using poolsim_internal_lock = poolsim::poolsim_internal::Mutex;
using poolsim::poolsim_internal::MutexLock;

enum class Kind { kNPaged, kPaged, kEx };

struct List {
  poolsim_internal_lock mu;
  Kind kind = Kind::kNPaged;
  Environment* env = nullptr;
  std::vector<void*> cached ABSL_GUARDED_BY(mu);           // LIFO
  absl::flat_hash_set<void*> handed_out ABSL_GUARDED_BY(mu);
  // Entries, handed out or cached, that were pool blocks when the list got
  // them: one that is no longer a live block was freed to the pool behind the
  // list's back, and the list must not write its link into it.
  absl::flat_hash_set<void*> pool_blocks ABSL_GUARDED_BY(mu);
};

class Registry {
 public:
  static Registry& Get() {
    static Registry* r = new Registry();
    return *r;
  }
  std::shared_ptr<List> Find(const void* header) {
    MutexLock lock(&mu_);
    auto it = lists_.find(header);
    return it == lists_.end() ? nullptr : it->second;
  }
  void Add(const void* header, std::shared_ptr<List> list) {
    MutexLock lock(&mu_);
    lists_[header] = std::move(list);
  }
  std::shared_ptr<List> Remove(const void* header) {
    MutexLock lock(&mu_);
    auto it = lists_.find(header);
    if (it == lists_.end()) return nullptr;
    std::shared_ptr<List> list = std::move(it->second);
    lists_.erase(it);
    return list;
  }

 private:
  poolsim_internal_lock mu_;
  std::map<const void*, std::shared_ptr<List>> lists_ ABSL_GUARDED_BY(mu_);
};

// Frames between the driver and the Environment: the exported function and
// the helper it calls.
constexpr int kSkip = 2;

// Raises the bug check of catalogue row `rule`.
void Raise(Environment& env, const poolsim::BugCheckRule& rule,
           std::initializer_list<uint64_t> parameters, std::string text) {
  env.RaiseBugCheck(poolsim::MakeBugCheck(rule, parameters, std::move(text)), kSkip + 1);
}

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kNPaged:
      return "nonpaged lookaside list";
    case Kind::kPaged:
      return "paged lookaside list";
    case Kind::kEx:
      return "lookaside list";
  }
  return "lookaside list";
}

bool PagedType(POOL_TYPE type) { return (static_cast<ULONG>(type) & 1) != 0; }

// The IRQL rule of every lookaside call: paged lists at <= APC_LEVEL, the
// others at <= DISPATCH_LEVEL.
bool IrqlOk(Environment& env, GENERAL_LOOKASIDE* l, bool paged, const char* api) {
  const KIRQL irql = poolsim::CurrentIrql();
  const KIRQL max = paged ? APC_LEVEL : DISPATCH_LEVEL;
  if (irql <= max) return true;
  Raise(env, poolsim::bugcheck_rule::kLookasideIrql, {reinterpret_cast<uintptr_t>(l), irql},
        absl::StrFormat("%s at %s on a %slookaside list; the limit is %s", api,
                        poolsim::IrqlName(irql), paged ? "paged " : "", poolsim::IrqlName(max)));
  return false;
}

ABSL_ATTRIBUTE_NOINLINE NTSTATUS Initialize(Kind kind, GENERAL_LOOKASIDE* l, PVOID allocate,
                                            PVOID free, POOL_TYPE type, ULONG flags,
                                            SIZE_T size, ULONG tag) {
  Environment& env = poolsim::Ambient();
  if (!poolsim::CheckPointerArgument(env, l, "ExInitialize...LookasideList", "Lookaside",
                                     poolsim::PointerAccess::kWrite, kSkip)) {
    return STATUS_INVALID_PARAMETER_1;
  }
  if (kind == Kind::kEx) {
    const ULONG base = static_cast<ULONG>(type) & ~static_cast<ULONG>(
                                                      POOL_RAISE_IF_ALLOCATION_FAILURE |
                                                      POOL_QUOTA_FAIL_INSTEAD_OF_RAISE |
                                                      POOL_NX_ALLOCATION | POOL_COLD_ALLOCATION);
    if (base > NonPagedPoolCacheAlignedMustSSession || base == DontUseThisType ||
        base == MaxPoolType) {
      return STATUS_INVALID_PARAMETER_4;
    }
    const ULONG known = EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL |
                        EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE;
    if ((flags & ~known) != 0 || flags == known ||
        ((flags & EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE) && allocate == nullptr)) {
      return STATUS_INVALID_PARAMETER_5;
    }
  }
  const bool paged = kind == Kind::kPaged || (kind == Kind::kEx && PagedType(type));
  if (!IrqlOk(env, l, paged, "ExInitialize...LookasideList")) return STATUS_SUCCESS;
  if (env.IsLiveObject(l)) {
    Raise(env, poolsim::bugcheck_rule::kLookasideReinitialized, {reinterpret_cast<uintptr_t>(l)},
          "re-initialization of a lookaside list that is still live");
    return STATUS_SUCCESS;
  }
  if (size < LOOKASIDE_MINIMUM_BLOCK_SIZE) {
    Raise(env, poolsim::bugcheck_rule::kLookasideEntryTooSmall,
          {reinterpret_cast<uintptr_t>(l), size, LOOKASIDE_MINIMUM_BLOCK_SIZE},
          absl::StrFormat("lookaside entry size %u is below the minimum of %u", size,
                          static_cast<unsigned>(LOOKASIDE_MINIMUM_BLOCK_SIZE)));
    return STATUS_SUCCESS;
  }
  std::memset(l, 0, sizeof(*l));
  l->Depth = static_cast<USHORT>(std::min(env.options().lookaside_depth, 0xFFFF));
  l->MaximumDepth = EX_MAXIMUM_LOOKASIDE_DEPTH_BASE;
  l->Type = kind == Kind::kEx ? type : (kind == Kind::kPaged ? PagedPool : NonPagedPool);
  if (kind == Kind::kNPaged && (flags & POOL_NX_ALLOCATION)) l->Type = NonPagedPoolNx;
  if (flags & (kind == Kind::kEx ? EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL
                                 : POOL_RAISE_IF_ALLOCATION_FAILURE)) {
    l->Type = static_cast<POOL_TYPE>(l->Type | POOL_RAISE_IF_ALLOCATION_FAILURE);
  }
  if (kind == Kind::kEx && (flags & EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE)) {
    l->Type = static_cast<POOL_TYPE>(l->Type | POOL_QUOTA_FAIL_INSTEAD_OF_RAISE);
  }
  l->Tag = tag;
  l->Size = static_cast<ULONG>(size);
  if (kind == Kind::kEx) {
    l->AllocateEx = reinterpret_cast<PALLOCATE_FUNCTION_EX>(allocate);
    l->FreeEx = reinterpret_cast<PFREE_FUNCTION_EX>(free);
  } else {
    l->Allocate = reinterpret_cast<PALLOCATE_FUNCTION>(allocate);
    l->Free = reinterpret_cast<PFREE_FUNCTION>(free);
  }
  auto list = std::make_shared<List>();
  list->kind = kind;
  list->env = &env;
  Registry::Get().Add(l, std::move(list));
  env.RegisterLiveObject(l, KindName(kind));
  return STATUS_SUCCESS;
}

// Returns the live list for `l`, or raises 0xC4/0xCB and returns null.
std::shared_ptr<List> LiveList(Environment& env, GENERAL_LOOKASIDE* l, const char* api) {
  std::shared_ptr<List> list = Registry::Get().Find(l);
  if (list == nullptr || !env.IsLiveObject(l)) {
    Raise(env, poolsim::bugcheck_rule::kLookasideNotInitialized, {reinterpret_cast<uintptr_t>(l)},
          absl::StrFormat("%s on a lookaside list that was never initialized (or was deleted)",
                          api));
    return nullptr;
  }
  return list;
}

// Returns true if `entry` came from the pool but is no longer a live block
// (the driver freed it with ExFreePool* while the list still owned it or had
// handed it out); then forgets it and raises DRIVER_CAUGHT_MODIFYING_FREED_POOL
// naming `api`, without touching the freed memory.
bool FreedBehindTheList(Environment& env, List& list, void* entry, const char* api,
                        const char* what) {
  {
    MutexLock lock(&list.mu);
    if (list.pool_blocks.count(entry) == 0 || env.Lookup(entry)) return false;
    list.pool_blocks.erase(entry);
    list.handed_out.erase(entry);
    list.cached.erase(std::remove(list.cached.begin(), list.cached.end(), entry),
                      list.cached.end());
  }
  Raise(env, poolsim::bugcheck_rule::kLookasideEntryFreedToPool,
        {reinterpret_cast<uintptr_t>(entry), 1, 0, 0},
        absl::StrFormat("%s: %s was already freed to the pool (ExFreePool* on a lookaside "
                        "entry); the list would have written its link into freed memory",
                        api, what));
  return true;
}

// Gives `entry` back to the pool through the list's free routine.
void FreeEntry(GENERAL_LOOKASIDE* l, Kind kind, void* entry) {
  if (kind == Kind::kEx) {
    if (l->FreeEx != nullptr) {
      l->FreeEx(entry, reinterpret_cast<PLOOKASIDE_LIST_EX>(l));
      return;
    }
  } else if (l->Free != nullptr) {
    l->Free(entry);
    return;
  }
  ExFreePool(entry);
}

// A NULL list or entry is the access violation the routine would take
// dereferencing it (poolsim/pointer_check.h).
bool Present(Environment& env, const void* p, const char* api, const char* parameter) {
  return poolsim::CheckPointerArgument(env, p, api, parameter, poolsim::PointerAccess::kWrite,
                                       kSkip + 1);
}

ABSL_ATTRIBUTE_NOINLINE PVOID Allocate(Kind kind, GENERAL_LOOKASIDE* l, const char* api) {
  Environment& env = poolsim::Ambient();
  if (!Present(env, l, api, "Lookaside")) return nullptr;
  std::shared_ptr<List> list = LiveList(env, l, api);
  if (list == nullptr) return nullptr;
  const bool paged = PagedType(l->Type);
  if (!IrqlOk(env, l, paged, api)) return nullptr;
  void* entry = nullptr;
  // A hit is an injectable call of its own; a miss is injected by the pool.
  bool hit_fails = false;
  {
    MutexLock lock(&list->mu);
    hit_fails = !list->cached.empty();
  }
  if (hit_fails && env.ShouldInjectFault(api, poolsim::PoolTag(l->Tag), poolsim::kNoStack,
                                         kSkip - 1)) {
    MutexLock lock(&list->mu);
    l->TotalAllocates++;
    return nullptr;
  }
  {
    MutexLock lock(&list->mu);
    l->TotalAllocates++;
    if (!list->cached.empty()) {
      entry = list->cached.back();
      list->cached.pop_back();
      list->handed_out.insert(entry);
    }
  }
  if (entry != nullptr) {
    if (FreedBehindTheList(env, *list, entry, api, "the cached entry it would hand out")) {
      return nullptr;
    }
    // A cached entry is not zeroed: it holds its previous user's data, but
    // its first pointer-sized bytes were the list link.
    return entry;
  }
  {
    MutexLock lock(&list->mu);
    l->AllocateMisses++;
  }
  const POOL_TYPE type = l->Type;
  if (kind == Kind::kEx) {
    entry = l->AllocateEx != nullptr
                ? l->AllocateEx(type, l->Size, l->Tag, reinterpret_cast<PLOOKASIDE_LIST_EX>(l))
                : ExAllocatePoolWithTag(type, l->Size, l->Tag);
  } else {
    entry = l->Allocate != nullptr ? l->Allocate(type, l->Size, l->Tag)
                                   : ExAllocatePoolWithTag(type, l->Size, l->Tag);
  }
  if (entry != nullptr) {
    const bool pool_block = env.Lookup(entry);
    MutexLock lock(&list->mu);
    list->handed_out.insert(entry);
    if (pool_block) list->pool_blocks.insert(entry);
  }
  return entry;
}

ABSL_ATTRIBUTE_NOINLINE void Free(Kind kind, GENERAL_LOOKASIDE* l, void* entry, const char* api) {
  Environment& env = poolsim::Ambient();
  if (!Present(env, l, api, "Lookaside") || !Present(env, entry, api, "Entry")) return;
  std::shared_ptr<List> list = LiveList(env, l, api);
  if (list == nullptr) return;
  if (!IrqlOk(env, l, PagedType(l->Type), api)) return;
  if (FreedBehindTheList(env, *list, entry, api, "the entry")) return;
  bool to_pool = false;
  {
    MutexLock lock(&list->mu);
    if (list->handed_out.erase(entry) == 0) {
      to_pool = false;  // the bug check below, outside the lock
    } else {
      l->TotalFrees++;
      if (list->cached.size() >= l->Depth) {
        l->FreeMisses++;
        list->pool_blocks.erase(entry);
        to_pool = true;
      } else {
        list->cached.push_back(entry);
        // The list links its entries through their first bytes.
        *static_cast<void**>(entry) =
            list->cached.size() > 1 ? list->cached[list->cached.size() - 2] : nullptr;
        l->SingleListHead.Next = static_cast<PSINGLE_LIST_ENTRY>(entry);
        return;
      }
    }
  }
  if (!to_pool) {
    Raise(env, poolsim::bugcheck_rule::kLookasideForeignEntry,
          {0, reinterpret_cast<uintptr_t>(entry)},
          absl::StrFormat("%s of an entry this list did not hand out (freed twice, or given "
                          "to the wrong list)",
                          api));
    return;
  }
  FreeEntry(l, kind, entry);
}

// Frees every cached entry to the pool.
void Flush(Kind kind, GENERAL_LOOKASIDE* l, List& list) {
  std::vector<void*> cached;
  std::vector<void*> freed_behind;
  {
    MutexLock lock(&list.mu);
    cached.swap(list.cached);
    l->SingleListHead.Next = nullptr;
    Environment& env = *list.env;
    for (void*& entry : cached) {
      if (list.pool_blocks.erase(entry) != 0 && !env.Lookup(entry)) {
        freed_behind.push_back(entry);
        entry = nullptr;
      }
    }
  }
  for (void* entry : freed_behind) {
    Raise(*list.env, poolsim::bugcheck_rule::kLookasideEntryFreedToPool,
          {reinterpret_cast<uintptr_t>(entry), 1, 0, 0},
          "a cached lookaside entry was already freed to the pool (ExFreePool* on an entry "
          "after returning it to its list); the list does not free it again");
  }
  for (void* entry : cached) {
    if (entry != nullptr) FreeEntry(l, kind, entry);
  }
}

ABSL_ATTRIBUTE_NOINLINE void Delete(Kind kind, GENERAL_LOOKASIDE* l, const char* api) {
  Environment& env = poolsim::Ambient();
  if (!Present(env, l, api, "Lookaside")) return;
  std::shared_ptr<List> list = LiveList(env, l, api);
  if (list == nullptr) return;
  if (!IrqlOk(env, l, PagedType(l->Type), api)) return;
  Flush(kind, l, *list);
  Registry::Get().Remove(l);
  env.UnregisterLiveObject(l);
}

ABSL_ATTRIBUTE_NOINLINE void FlushEx(GENERAL_LOOKASIDE* l) {
  Environment& env = poolsim::Ambient();
  if (!Present(env, l, "ExFlushLookasideListEx", "Lookaside")) return;
  std::shared_ptr<List> list = LiveList(env, l, "ExFlushLookasideListEx");
  if (list == nullptr) return;
  if (!IrqlOk(env, l, PagedType(l->Type), "ExFlushLookasideListEx")) return;
  Flush(Kind::kEx, l, *list);
}

// The list header inside a driver's list, without a member access on NULL (a
// NULL list is then reported by the routine it was passed to).
template <typename ListType>
GENERAL_LOOKASIDE* Header(ListType* list) {
  return list == nullptr ? nullptr : reinterpret_cast<GENERAL_LOOKASIDE*>(&list->L);
}

}  // namespace

extern "C" {

VOID NTAPI ExInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside,
                                           PALLOCATE_FUNCTION Allocate, PFREE_FUNCTION Free,
                                           ULONG Flags, SIZE_T Size, ULONG Tag, USHORT Depth) {
  (void)Depth;  // reserved; the simulated depth is a setting
  Initialize(Kind::kNPaged, Header(Lookaside), reinterpret_cast<PVOID>(Allocate),
             reinterpret_cast<PVOID>(Free), NonPagedPool, Flags, Size, Tag);
}

PVOID NTAPI ExAllocateFromNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside) {
  return Allocate(Kind::kNPaged, Header(Lookaside), "ExAllocateFromNPagedLookasideList");
}

VOID NTAPI ExFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry) {
  Free(Kind::kNPaged, Header(Lookaside), Entry, "ExFreeToNPagedLookasideList");
}

VOID NTAPI ExDeleteNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside) {
  Delete(Kind::kNPaged, Header(Lookaside), "ExDeleteNPagedLookasideList");
}

VOID NTAPI ExInitializePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside,
                                          PALLOCATE_FUNCTION Allocate, PFREE_FUNCTION Free,
                                          ULONG Flags, SIZE_T Size, ULONG Tag, USHORT Depth) {
  (void)Depth;
  Initialize(Kind::kPaged, Header(Lookaside), reinterpret_cast<PVOID>(Allocate),
             reinterpret_cast<PVOID>(Free), PagedPool, Flags, Size, Tag);
}

PVOID NTAPI ExAllocateFromPagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside) {
  return Allocate(Kind::kPaged, Header(Lookaside), "ExAllocateFromPagedLookasideList");
}

VOID NTAPI ExFreeToPagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry) {
  Free(Kind::kPaged, Header(Lookaside), Entry, "ExFreeToPagedLookasideList");
}

VOID NTAPI ExDeletePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside) {
  Delete(Kind::kPaged, Header(Lookaside), "ExDeletePagedLookasideList");
}

NTSTATUS NTAPI ExInitializeLookasideListEx(PLOOKASIDE_LIST_EX Lookaside,
                                           PALLOCATE_FUNCTION_EX Allocate, PFREE_FUNCTION_EX Free,
                                           POOL_TYPE PoolType, ULONG Flags, SIZE_T Size,
                                           ULONG Tag, USHORT Depth) {
  (void)Depth;
  return Initialize(Kind::kEx, Header(Lookaside), reinterpret_cast<PVOID>(Allocate),
                    reinterpret_cast<PVOID>(Free), PoolType, Flags, Size, Tag);
}

PVOID NTAPI ExAllocateFromLookasideListEx(PLOOKASIDE_LIST_EX Lookaside) {
  return Allocate(Kind::kEx, Header(Lookaside), "ExAllocateFromLookasideListEx");
}

VOID NTAPI ExFreeToLookasideListEx(PLOOKASIDE_LIST_EX Lookaside, PVOID Entry) {
  Free(Kind::kEx, Header(Lookaside), Entry, "ExFreeToLookasideListEx");
}

VOID NTAPI ExFlushLookasideListEx(PLOOKASIDE_LIST_EX Lookaside) { FlushEx(Header(Lookaside)); }

VOID NTAPI ExDeleteLookasideListEx(PLOOKASIDE_LIST_EX Lookaside) {
  Delete(Kind::kEx, Header(Lookaside), "ExDeleteLookasideListEx");
}

}  // extern "C"
