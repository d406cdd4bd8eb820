// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/wdk/ks.cc
// -----------------------------------------------------------------------------
//
// The WDK-named kernel-streaming functions a driver calls (ksalloc's WDK
// surface): _KsEdit and the object bag, KsValidateAllocatorCreateRequest,
// KsCreateDefaultAllocator(Ex). Each validates its arguments and IRQL, then
// calls the core once.

#include <cstring>
#include <memory>

#include "absl/strings/str_format.h"
#include "ksalloc/allocator.h"
#include "ksalloc/bugcheck_rules.h"
#include "ksalloc/internal/kernel.h"
#include "ksalloc/wdk/internal/irp.h"
#include "ksalloc/wdk/kspin.h"
#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/environment.h"
#include "poolsim/irql.h"

namespace {

using ksalloc::ksalloc_internal::Kernel;

// PASSIVE_LEVEL or IRQL_NOT_LESS_OR_EQUAL (0xA).
bool AtPassive(poolsim::Environment& env, const void* object, const char* api) {
  const poolsim::Irql irql = poolsim::CurrentIrql();
  if (irql == poolsim::kPassiveLevel) return true;
  env.RaiseBugCheck(poolsim::MakeBugCheck(ksalloc::bugcheck_rule::kIrqlTooHigh,
                                          {reinterpret_cast<uintptr_t>(object), irql, 0, 0},
                                          absl::StrFormat("%s at %s; it requires PASSIVE_LEVEL",
                                                          api, poolsim::IrqlName(irql))),
                    2);
  return false;
}

bool ValidFraming(const KSALLOCATOR_FRAMING& f) {
  const ULONG known = KSALLOCATOR_REQUIREMENTF_INPLACE_MODIFIER |
                      KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY |
                      KSALLOCATOR_REQUIREMENTF_FRAME_INTEGRITY |
                      KSALLOCATOR_REQUIREMENTF_MUST_ALLOCATE;
  return f.FrameSize != 0 && (f.OptionsFlags & ~known) == 0 && f.Reserved == 0;
}

}  // namespace

extern "C" {

NTSTATUS _KsEdit(KSOBJECT_BAG ObjectBag, PVOID* PointerToPointerToItem, ULONG NewSize,
                 ULONG OldSize, ULONG Tag) {
  poolsim::Environment& env = poolsim::Ambient();
  if (!AtPassive(env, ObjectBag, "KsEdit")) return STATUS_INVALID_DEVICE_REQUEST;
  if (ObjectBag == nullptr || PointerToPointerToItem == nullptr || NewSize == 0) {
    return STATUS_INVALID_PARAMETER;
  }
  ksalloc::ksalloc_internal::ObjectBag* bag = Kernel::For(env)->FindBag(ObjectBag);
  if (bag == nullptr) return STATUS_INVALID_PARAMETER;
  return bag->Edit(PointerToPointerToItem, NewSize, OldSize, Tag);
}

NTSTATUS KsAddItemToObjectBag(KSOBJECT_BAG ObjectBag, PVOID Item, PFNKSFREE Free) {
  poolsim::Environment& env = poolsim::Ambient();
  if (!AtPassive(env, ObjectBag, "KsAddItemToObjectBag")) return STATUS_INVALID_DEVICE_REQUEST;
  if (ObjectBag == nullptr || Item == nullptr) return STATUS_INVALID_PARAMETER;
  ksalloc::ksalloc_internal::ObjectBag* bag = Kernel::For(env)->FindBag(ObjectBag);
  if (bag == nullptr) return STATUS_INVALID_PARAMETER;
  return bag->Add(Item, Free);
}

ULONG KsRemoveItemFromObjectBag(KSOBJECT_BAG ObjectBag, PVOID Item, BOOLEAN Free) {
  poolsim::Environment& env = poolsim::Ambient();
  if (!AtPassive(env, ObjectBag, "KsRemoveItemFromObjectBag")) return 0;
  if (ObjectBag == nullptr || Item == nullptr) return 0;
  ksalloc::ksalloc_internal::ObjectBag* bag = Kernel::For(env)->FindBag(ObjectBag);
  return bag == nullptr ? 0 : bag->Remove(Item, Free != FALSE);
}

NTSTATUS KsValidateAllocatorCreateRequest(PIRP Irp, PKSALLOCATOR_FRAMING* AllocatorFraming) {
  poolsim::Environment& env = poolsim::Ambient();
  if (!AtPassive(env, Irp, "KsValidateAllocatorCreateRequest")) {
    return STATUS_INVALID_DEVICE_REQUEST;
  }
  if (Irp == nullptr || AllocatorFraming == nullptr) return STATUS_INVALID_PARAMETER;
  *AllocatorFraming = nullptr;
  if (!ValidFraming(Irp->framing)) return STATUS_INVALID_PARAMETER;
  *AllocatorFraming = &Irp->framing;
  return STATUS_SUCCESS;
}

NTSTATUS KsCreateDefaultAllocatorEx(PIRP Irp, PVOID InitializeContext,
                                    PFNKSDEFAULTALLOCATE DefaultAllocate,
                                    PFNKSDEFAULTFREE DefaultFree,
                                    PFNKSINITIALIZEALLOCATOR InitializeAllocator,
                                    PFNKSDELETEALLOCATOR DeleteAllocator) {
  poolsim::Environment& env = poolsim::Ambient();
  if (!AtPassive(env, Irp, "KsCreateDefaultAllocatorEx")) return STATUS_INVALID_DEVICE_REQUEST;
  if (Irp == nullptr) return STATUS_INVALID_PARAMETER;
  const bool any = DefaultAllocate != nullptr || DefaultFree != nullptr ||
                   InitializeAllocator != nullptr || DeleteAllocator != nullptr;
  if (any && (DefaultAllocate == nullptr || DefaultFree == nullptr)) {
    return STATUS_INVALID_PARAMETER;
  }
  PKSALLOCATOR_FRAMING framing = nullptr;
  NTSTATUS status = KsValidateAllocatorCreateRequest(Irp, &framing);
  if (!NT_SUCCESS(status)) return status;
  if (framing->FileAlignment > PAGE_SIZE - 1) return STATUS_INVALID_PARAMETER;
  std::shared_ptr<Kernel> kernel = Kernel::For(env);
  if (kernel->FindFileAllocator(Irp->file_object) != nullptr) return STATUS_INVALID_DEVICE_REQUEST;
  if (env.ShouldInjectFault("KsCreateDefaultAllocatorEx",
                            poolsim::PoolTag(ksalloc::kDefaultAllocatorTag))) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  auto allocator = std::make_unique<ksalloc::Allocator>(
      env, ksalloc::AllocatorKind::kDefault, *framing, kernel->settings(), nullptr,
      absl::StrFormat("file object %p",
                      static_cast<const void*>(Irp->file_object)));
  if (any) {
    ksalloc::AllocatorCallbacks callbacks;
    callbacks.allocate = DefaultAllocate;
    callbacks.free = DefaultFree;
    callbacks.delete_allocator = DeleteAllocator;
    callbacks.context = InitializeContext;
    if (InitializeAllocator != nullptr) {
      PVOID context = nullptr;
      KSALLOCATOR_FRAMING copy = *framing;
      status = InitializeAllocator(InitializeContext, &copy, &context);
      ksalloc::CheckCallbackIrql(env, reinterpret_cast<const void*>(InitializeAllocator),
                                 poolsim::kPassiveLevel);
      if (!NT_SUCCESS(status)) return status;
      callbacks.context = context;
    }
    allocator->SetCallbacks(callbacks);
  } else {
    status = allocator->InitLookaside();
    if (!NT_SUCCESS(status)) {
      allocator->Close();
      return status;
    }
  }
  kernel->AddFileAllocator(Irp->file_object, std::move(allocator));
  return STATUS_SUCCESS;
}

NTSTATUS KsCreateDefaultAllocator(PIRP Irp) {
  return KsCreateDefaultAllocatorEx(Irp, nullptr, nullptr, nullptr, nullptr, nullptr);
}

}  // extern "C"
