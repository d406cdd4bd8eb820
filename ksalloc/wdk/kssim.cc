// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/wdk/kssim.cc
// -----------------------------------------------------------------------------
//
// The test side of ksalloc's simulation (ksalloc/wdk/kssim.h): what AVStream
// and the graph do to a pin and to allocator objects. Each call checks its
// arguments, then calls the core once.

#include "ksalloc/wdk/kssim.h"

#include <cstdint>
#include <cstring>
#include <memory>

#include "absl/strings/str_format.h"
#include "ksalloc/allocator.h"
#include "ksalloc/bugcheck_rules.h"
#include "ksalloc/internal/kernel.h"
#include "ksalloc/pin.h"
#include "ksalloc/wdk/internal/irp.h"
#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/environment.h"

namespace {

using ksalloc::Pin;
using ksalloc::ksalloc_internal::Kernel;

std::shared_ptr<Kernel> K() { return Kernel::For(poolsim::Ambient()); }

NTSTATUS GetAllocateFrame(PFILE_OBJECT FileObject, PVOID* Frame) {
  if (Frame == nullptr) return STATUS_INVALID_PARAMETER;
  *Frame = nullptr;
  ksalloc::Allocator* a = K()->FindFileAllocator(FileObject);
  if (a == nullptr) return STATUS_INVALID_PARAMETER;
  *Frame = a->Allocate(/*enforce_limit=*/true);
  return *Frame != nullptr ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

VOID GetFreeFrame(PFILE_OBJECT FileObject, PVOID Frame) {
  ksalloc::Allocator* a = K()->FindFileAllocator(FileObject);
  if (a != nullptr) a->Free(Frame, nullptr);
}

}  // namespace

extern "C" {

VOID KsSimGetSettings(PKSSIM_SETTINGS Settings) {
  if (Settings == nullptr) return;
  const ksalloc::Settings s = K()->settings();
  Settings->AllocatorIrql = s.allocator_irql;
  Settings->CheckFrames = s.check_frames ? TRUE : FALSE;
}

VOID KsSimSetSettings(const KSSIM_SETTINGS* Settings) {
  if (Settings == nullptr) return;
  ksalloc::Settings s;
  s.allocator_irql = Settings->AllocatorIrql >= DISPATCH_LEVEL ? poolsim::kDispatchLevel
                                                               : poolsim::kPassiveLevel;
  s.check_frames = Settings->CheckFrames != FALSE;
  K()->set_settings(s);
}

NTSTATUS KsSimCreatePin(const KSPIN_DESCRIPTOR_EX* Descriptor, ULONG PinId, PKSPIN* Pin) {
  if (Pin == nullptr) return STATUS_INVALID_PARAMETER;
  *Pin = nullptr;
  if (Descriptor == nullptr) return STATUS_INVALID_PARAMETER;
  std::shared_ptr<Kernel> k = K();
  ksalloc::Pin* pin =
      k->AddPin(std::make_unique<ksalloc::Pin>(k->env(), Descriptor, PinId, k->settings()));
  const NTSTATUS status = pin->Create();
  if (!NT_SUCCESS(status)) {
    pin->Close();
    k->RemovePin(pin->ks());
    return status;
  }
  *Pin = pin->ks();
  return STATUS_SUCCESS;
}

NTSTATUS KsSimConnectPin(PKSPIN Pin, KSSIM_PEER Peer) {
  ksalloc::Pin* p = K()->FindPin(Pin);
  if (p == nullptr || (Peer != KSSIM_PEER_KERNEL && Peer != KSSIM_PEER_USER)) {
    return STATUS_INVALID_PARAMETER;
  }
  return p->Connect(Peer);
}

NTSTATUS KsSimSetPinState(PKSPIN Pin, KSSTATE To) {
  ksalloc::Pin* p = K()->FindPin(Pin);
  if (p == nullptr) return STATUS_INVALID_PARAMETER;
  return p->SetState(To);
}

PVOID KsSimTakeFrame(PKSPIN Pin) {
  ksalloc::Pin* p = K()->FindPin(Pin);
  return p == nullptr ? nullptr : p->TakeFrame();
}

VOID KsSimReturnFrame(PKSPIN Pin, PVOID Frame) {
  ksalloc::Pin* p = K()->FindPin(Pin);
  if (p != nullptr && Frame != nullptr) p->ReturnFrame(Frame);
}

VOID KsSimDeliverFrame(PKSPIN Pin, PVOID Frame) {
  std::shared_ptr<Kernel> k = K();
  ksalloc::Pin* p = k->FindPin(Pin);
  if (p == nullptr || Frame == nullptr) return;
  if (p->peer() == KSSIM_PEER_USER) {
    ksalloc::Pin* source = k->PinHolding(Frame);
    if (source != nullptr && source->kernel_allocator()) {
      k->env().RaiseBugCheck(
          poolsim::MakeBugCheck(ksalloc::bugcheck_rule::kKernelFrameToUserMode,
                                {reinterpret_cast<uintptr_t>(Frame),
                                 reinterpret_cast<uintptr_t>(Pin),
                                 reinterpret_cast<uintptr_t>(source->ks())},
                                absl::StrFormat("a frame of %s's kernel allocator reached the "
                                                "user-mode peer of %s",
                                                source->name(), p->name())),
          1);
      return;
    }
  }
  if (p->Owns(Frame)) p->ReturnFrame(Frame);
}

VOID KsSimClosePin(PKSPIN Pin) {
  std::shared_ptr<Kernel> k = K();
  ksalloc::Pin* p = k->FindPin(Pin);
  if (p == nullptr) return;
  p->Close();
  k->RemovePin(Pin);
}

VOID KsSimGetPinStatistics(PKSPIN Pin, PKSSIM_PIN_STATISTICS Statistics) {
  if (Statistics == nullptr) return;
  std::memset(Statistics, 0, sizeof(*Statistics));
  ksalloc::Pin* p = K()->FindPin(Pin);
  if (p != nullptr) p->Statistics(Statistics);
}

NTSTATUS KsSimBuildAllocatorCreateIrp(const KSALLOCATOR_FRAMING* Framing, PIRP* Irp) {
  if (Framing == nullptr || Irp == nullptr) return STATUS_INVALID_PARAMETER;
  auto* irp = new IRP;
  irp->framing = *Framing;
  irp->file_object = static_cast<PFILE_OBJECT>(Kernel::NewFileObjectIdentity());
  *Irp = irp;
  return STATUS_SUCCESS;
}

PFILE_OBJECT KsSimIrpFileObject(PIRP Irp) { return Irp == nullptr ? nullptr : Irp->file_object; }

VOID KsSimFreeIrp(PIRP Irp) {
  delete Irp;  // an allocator bound to its file object stays
}

VOID KsSimCloseAllocator(PFILE_OBJECT FileObject) {
  std::shared_ptr<Kernel> k = K();
  if (k->FindFileAllocator(FileObject) == nullptr) return;
  k->CloseFileAllocator(FileObject);
}

NTSTATUS KsSimGetAllocatorFunctionTable(PFILE_OBJECT FileObject,
                                        PKSSTREAMALLOCATOR_FUNCTIONTABLE Table) {
  if (Table == nullptr) return STATUS_INVALID_PARAMETER;
  if (K()->FindFileAllocator(FileObject) == nullptr) return STATUS_INVALID_PARAMETER;
  Table->AllocateFrame = &GetAllocateFrame;
  Table->FreeFrame = &GetFreeFrame;
  return STATUS_SUCCESS;
}

NTSTATUS KsSimGetAllocatorStatus(PFILE_OBJECT FileObject, PKSSTREAMALLOCATOR_STATUS Status) {
  if (Status == nullptr) return STATUS_INVALID_PARAMETER;
  ksalloc::Allocator* a = K()->FindFileAllocator(FileObject);
  if (a == nullptr) return STATUS_INVALID_PARAMETER;
  Status->Framing = a->framing();
  Status->AllocatedFrames = a->outstanding();
  Status->Reserved = 0;
  return STATUS_SUCCESS;
}

NTSTATUS KsSimAllocatorAlloc(PFILE_OBJECT FileObject, PKSSIM_ALLOCATOR_REQUEST Request) {
  if (Request == nullptr) return STATUS_INVALID_PARAMETER;
  ksalloc::Allocator* a = K()->FindFileAllocator(FileObject);
  if (a == nullptr) return STATUS_INVALID_PARAMETER;
  return a->Request(Request);
}

NTSTATUS KsSimAllocatorFree(PFILE_OBJECT FileObject, PVOID Frame) {
  ksalloc::Allocator* a = K()->FindFileAllocator(FileObject);
  if (a == nullptr || Frame == nullptr) return STATUS_INVALID_PARAMETER;
  return a->Free(Frame, nullptr) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

}  // extern "C"
