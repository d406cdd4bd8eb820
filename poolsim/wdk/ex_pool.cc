// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The Ex* pool functions: decode the WDK arguments, call the ambient
// Environment. Every exported function calls exactly one noinline helper, so
// the recorded stacks start at the driver's own frame (kSkip).

#include <cstring>

#include "absl/base/attributes.h"
#include "poolsim/environment.h"
#include "poolsim/schedule_point.h"
#include "poolsim/wdk/wdm.h"

namespace {

using poolsim::AllocateRequest;
using poolsim::PoolKind;
using poolsim::PoolTag;

// Frames between the driver and Environment::Allocate/Free: the exported
// function and its helper.
constexpr int kSkip = 2;

constexpr ULONG kModifierBits = POOL_QUOTA_FAIL_INSTEAD_OF_RAISE |
                                POOL_RAISE_IF_ALLOCATION_FAILURE | POOL_COLD_ALLOCATION |
                                POOL_NX_ALLOCATION | POOL_ZERO_ALLOCATION;
constexpr ULONG kSessionBit = 32;
constexpr ULONG kMustSucceedBit = 2;
constexpr ULONG kPagedBit = 1;

enum class OnFailure { kReturnNull, kRaise };

// Legacy entry points: POOL_TYPE plus modifier bits.
ABSL_ATTRIBUTE_NOINLINE PVOID AllocateLegacy(ULONG pool_type, SIZE_T bytes, ULONG tag,
                                             bool zero, bool quota, bool untagged,
                                             int special_placement = -1) {
  poolsim::SchedulePoint(poolsim::SwitchKind::kAllocate, "ExAllocatePool*");
  const ULONG base = pool_type & ~kModifierBits & ~kSessionBit;
  // Defined base types are 0-2 and 4-6; 3 and 7 are the WDK's "do not use"
  // values and anything above is undefined. Windows documents no answer for
  // them; the simulated pool refuses the request (NULL) rather than guess a
  // pool, so a garbage type cannot turn into must-succeed or paged pool.
  if (base > 6 || base == 3) return nullptr;
  AllocateRequest r;
  r.bytes = bytes;
  r.tag = PoolTag(tag);
  r.kind = (base & kPagedBit) ? PoolKind::kPaged : PoolKind::kNonPaged;
  r.pool_type = pool_type & 0xFFFF & ~(POOL_QUOTA_FAIL_INSTEAD_OF_RAISE |
                                       POOL_RAISE_IF_ALLOCATION_FAILURE | POOL_ZERO_ALLOCATION);
  r.zero = zero || (pool_type & POOL_ZERO_ALLOCATION) != 0;
  r.must_succeed = (base & kMustSucceedBit) != 0;
  r.legacy_tag_rules = true;
  r.untagged = untagged;
  r.special_placement = special_placement;
  r.skip_frames = kSkip;
  poolsim::AllocateFailure failure;
  PVOID p = poolsim::Ambient().Allocate(r, &failure);
  if (failure == poolsim::AllocateFailure::kInsufficientResources) {
    // Quota allocations raise unless told not to; the others only when asked.
    const bool raise = quota ? (pool_type & POOL_QUOTA_FAIL_INSTEAD_OF_RAISE) == 0
                             : (pool_type & POOL_RAISE_IF_ALLOCATION_FAILURE) != 0;
    if (raise) ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
  }
  return p;
}

constexpr POOL_FLAGS kKnownRequired = POOL_FLAG_USE_QUOTA | POOL_FLAG_UNINITIALIZED |
                                      POOL_FLAG_CACHE_ALIGNED | POOL_FLAG_RAISE_ON_FAILURE |
                                      POOL_FLAG_NON_PAGED | POOL_FLAG_NON_PAGED_EXECUTE |
                                      POOL_FLAG_PAGED;

// Returns true if and only if the required half of `flags` is valid: only
// known driver flags, and exactly one pool.
bool ValidPoolFlags(POOL_FLAGS flags) {
  const POOL_FLAGS required = flags & 0xFFFFFFFFull;
  if ((required & ~kKnownRequired) != 0) return false;
  const POOL_FLAGS pools =
      required & (POOL_FLAG_NON_PAGED | POOL_FLAG_NON_PAGED_EXECUTE | POOL_FLAG_PAGED);
  return pools == POOL_FLAG_NON_PAGED || pools == POOL_FLAG_NON_PAGED_EXECUTE ||
         pools == POOL_FLAG_PAGED;
}

// Returns true if and only if the extended parameters can be honoured.
bool ValidExtendedParameters(POOL_FLAGS flags, PCPOOL_EXTENDED_PARAMETER params, ULONG count) {
  if (count != 0 && params == nullptr) return false;
  for (ULONG i = 0; i < count; ++i) {
    const POOL_EXTENDED_PARAMETER& p = params[i];
    bool usable;
    switch (p.Type) {
      case PoolExtendedParameterPriority:
        usable = true;
        break;
      case PoolExtendedParameterNumaNode:
        usable = (flags & POOL_FLAG_NON_PAGED) != 0;
        break;
      case PoolExtendedParameterSecurePool:  // no secure pool on the host
      default:
        usable = false;
        break;
    }
    if (!usable && !p.Optional) return false;
  }
  return true;
}

ABSL_ATTRIBUTE_NOINLINE PVOID AllocateFlags(POOL_FLAGS flags, SIZE_T bytes, ULONG tag,
                                            PCPOOL_EXTENDED_PARAMETER params, ULONG count) {
  poolsim::SchedulePoint(poolsim::SwitchKind::kAllocate, "ExAllocatePool2 or ExAllocatePool3");
  const bool raise = (flags & POOL_FLAG_RAISE_ON_FAILURE) != 0;
  poolsim::Environment& env = poolsim::Ambient();
  if (!ValidPoolFlags(flags) || !ValidExtendedParameters(flags, params, count)) {
    env.CountRefusedAllocation();
    if (raise) ExRaiseStatus(STATUS_INVALID_PARAMETER);
    return nullptr;
  }
  AllocateRequest r;
  r.bytes = bytes;
  r.tag = PoolTag(tag);
  r.kind = (flags & POOL_FLAG_PAGED) ? PoolKind::kPaged : PoolKind::kNonPaged;
  ULONG type = (flags & POOL_FLAG_PAGED)              ? PagedPool
               : (flags & POOL_FLAG_NON_PAGED_EXECUTE) ? NonPagedPoolExecute
                                                       : NonPagedPoolNx;
  if (flags & POOL_FLAG_CACHE_ALIGNED) type |= 4;
  r.pool_type = type;
  r.zero = (flags & POOL_FLAG_UNINITIALIZED) == 0;
  r.legacy_tag_rules = false;
  r.special = (flags & POOL_FLAG_SPECIAL_POOL) != 0;
  r.skip_frames = kSkip;
  poolsim::AllocateFailure failure;
  PVOID p = env.Allocate(r, &failure);
  if (raise && failure == poolsim::AllocateFailure::kInsufficientResources) {
    ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
  } else if (raise && failure == poolsim::AllocateFailure::kInvalidParameter) {
    ExRaiseStatus(STATUS_INVALID_PARAMETER);
  }
  return p;
}

ABSL_ATTRIBUTE_NOINLINE VOID FreeCommon(PVOID p, ULONG tag, bool check_tag) {
  poolsim::SchedulePoint(poolsim::SwitchKind::kFree, "ExFreePool*");
  poolsim::Ambient().Free(p, PoolTag(tag), check_tag, kSkip);
}

}  // namespace

extern "C" {

PVOID NTAPI ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag) {
  return AllocateFlags(Flags, NumberOfBytes, Tag, nullptr, 0);
}

PVOID NTAPI ExAllocatePool3(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag,
                            PCPOOL_EXTENDED_PARAMETER ExtendedParameters,
                            ULONG ExtendedParametersCount) {
  return AllocateFlags(Flags, NumberOfBytes, Tag, ExtendedParameters, ExtendedParametersCount);
}

PVOID NTAPI ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
  return AllocateLegacy(PoolType, NumberOfBytes, Tag, false, false, false);
}

// The ...SpecialPoolOverrun (8 + n) / ...Underrun (9 + n) priorities choose
// the placement when the block goes to special pool; they do not select it.
static int PlacementOf(EX_POOL_PRIORITY priority) {
  switch (priority & 0xF) {
    case 8:
      return 0;
    case 9:
      return 1;
    default:
      return -1;
  }
}

PVOID NTAPI ExAllocatePoolWithTagPriority(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag,
                                          EX_POOL_PRIORITY Priority) {
  return AllocateLegacy(PoolType, NumberOfBytes, Tag, false, false, false, PlacementOf(Priority));
}

PVOID NTAPI ExAllocatePoolWithQuotaTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
  return AllocateLegacy(PoolType, NumberOfBytes, Tag, false, true, false);
}

PVOID NTAPI ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes) {
  return AllocateLegacy(PoolType, NumberOfBytes, poolsim::kNoTag.value(), false, false, true);
}

PVOID NTAPI ExAllocatePoolWithQuota(POOL_TYPE PoolType, SIZE_T NumberOfBytes) {
  return AllocateLegacy(PoolType, NumberOfBytes, poolsim::kNoTag.value(), false, true, true);
}

PVOID NTAPI ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
  return AllocateLegacy(PoolType, NumberOfBytes, Tag, true, false, false);
}

PVOID NTAPI ExAllocatePoolUninitialized(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
  return AllocateLegacy(PoolType, NumberOfBytes, Tag, false, false, false);
}

PVOID NTAPI ExAllocatePoolQuotaZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
  return AllocateLegacy(PoolType, NumberOfBytes, Tag, true, true, false);
}

PVOID NTAPI ExAllocatePoolQuotaUninitialized(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                             ULONG Tag) {
  return AllocateLegacy(PoolType, NumberOfBytes, Tag, false, true, false);
}

PVOID NTAPI ExAllocatePoolPriorityZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag,
                                       EX_POOL_PRIORITY Priority) {
  return AllocateLegacy(PoolType, NumberOfBytes, Tag, true, false, false, PlacementOf(Priority));
}

PVOID NTAPI ExAllocatePoolPriorityUninitialized(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                                ULONG Tag, EX_POOL_PRIORITY Priority) {
  return AllocateLegacy(PoolType, NumberOfBytes, Tag, false, false, false, PlacementOf(Priority));
}

VOID NTAPI ExFreePoolWithTag(PVOID P, ULONG Tag) { FreeCommon(P, Tag, true); }

VOID NTAPI ExFreePool(PVOID P) { FreeCommon(P, 0, false); }

VOID NTAPI ExFreePool2(PVOID P, ULONG Tag, PCPOOL_EXTENDED_PARAMETER ExtendedParameters,
                       ULONG ExtendedParametersCount) {
  (void)ExtendedParameters;
  (void)ExtendedParametersCount;
  FreeCommon(P, Tag, true);
}

SIZE_T NTAPI poolsim_RtlCompareMemory(const VOID* Source1, const VOID* Source2, SIZE_T Length) {
  const auto* a = static_cast<const unsigned char*>(Source1);
  const auto* b = static_cast<const unsigned char*>(Source2);
  SIZE_T i = 0;
  while (i < Length && a[i] == b[i]) ++i;
  return i;
}

}  // extern "C"
