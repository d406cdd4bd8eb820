// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/pin.cc
// -----------------------------------------------------------------------------
//
// A simulated AVStream pin and its pipe (ksalloc core).

#include "ksalloc/pin.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/strings/str_format.h"
#include "ksalloc/bugcheck_rules.h"
#include "ksalloc/internal/kernel.h"
#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/irql.h"
#include "poolsim/stack_trace.h"

namespace ksalloc {
namespace {

uint64_t U(const void* p) { return reinterpret_cast<uintptr_t>(p); }

bool SameGuid(const GUID& a, const GUID& b) { return std::memcmp(&a, &b, sizeof(GUID)) == 0; }

// Frames when the framing asks for none (docs: use at least 3).
constexpr ULONG kDefaultFrames = 3;

}  // namespace

KSALLOCATOR_FRAMING DeriveFraming(const KSALLOCATOR_FRAMING_EX* framing_ex) {
  KSALLOCATOR_FRAMING f;
  std::memset(&f, 0, sizeof(f));
  f.OptionsFlags = KSALLOCATOR_OPTIONF_SYSTEM_MEMORY;
  f.PoolType = NonPagedPool;
  f.Frames = kDefaultFrames;
  f.FrameSize = PAGE_SIZE;
  f.FileAlignment = FILE_LONG_ALIGNMENT;
  if (framing_ex == nullptr || framing_ex->CountItems == 0) return f;
  const KS_FRAMING_ITEM& item = framing_ex->FramingItem[0];
  const bool paged = SameGuid(item.MemoryType, KSMEMORY_TYPE_KERNEL_PAGED);
  const bool system = paged || SameGuid(item.MemoryType, KSMEMORY_TYPE_KERNEL_NONPAGED) ||
                      SameGuid(item.MemoryType, KSMEMORY_TYPE_SYSTEM) ||
                      SameGuid(item.MemoryType, KSMEMORY_TYPE_DONT_CARE);
  f.OptionsFlags = (system ? KSALLOCATOR_OPTIONF_SYSTEM_MEMORY : 0) |
                   ((item.Flags & KSALLOCATOR_REQUIREMENTF_INPLACE_MODIFIER) != 0
                        ? KSALLOCATOR_OPTIONF_COMPATIBLE
                        : 0);
  f.PoolType = paged ? PagedPool : NonPagedPool;
  f.Frames = item.Frames != 0 ? item.Frames : kDefaultFrames;
  const KS_FRAMING_RANGE& range = item.FramingRange.Range;
  // The largest size the range allows, unless it is open-ended.
  f.FrameSize = (range.MaxFrameSize != 0 && range.MaxFrameSize != 0xFFFFFFFFu &&
                 range.MaxFrameSize >= range.MinFrameSize)
                    ? range.MaxFrameSize
                    : range.MinFrameSize;
  f.FileAlignment = item.FileAlignment;
  return f;
}

Pin::Pin(poolsim::Environment& env, const KSPIN_DESCRIPTOR_EX* descriptor, ULONG id,
         const Settings& settings)
    : env_(env),
      settings_(settings),
      original_(descriptor),
      name_(absl::StrFormat("pin %u (%p)", id, static_cast<const void*>(&ks_))),
      created_stack_(env.options().capture_stacks ? poolsim::CaptureStack(2) : poolsim::kNoStack) {
  std::memset(&ks_, 0, sizeof(ks_));
  ks_.Descriptor = descriptor;
  ks_.Bag = &bag_;
  ks_.Id = id;
  ks_.Communication = descriptor->PinDescriptor.Communication;
  ks_.DataFlow = descriptor->PinDescriptor.DataFlow;
  ks_.DeviceState = KSSTATE_STOP;
  ks_.ClientState = KSSTATE_STOP;
  ks_.ResetState = KSRESET_END;
  ks_.StreamHeaderSize = 0;
}

Pin::~Pin() = default;

Pin* Pin::FromKs(PKSPIN pin) { return reinterpret_cast<Pin*>(pin); }

const KSPIN_DISPATCH* Pin::dispatch() const { return ks_.Descriptor->Dispatch; }

NTSTATUS Pin::Create() {
  const KSPIN_DISPATCH* d = dispatch();
  if (d == nullptr || d->Create == nullptr) return STATUS_SUCCESS;
  const NTSTATUS status = d->Create(&ks_, nullptr);
  CheckCallbackIrql(env_, reinterpret_cast<const void*>(d->Create), poolsim::kPassiveLevel);
  if (!NT_SUCCESS(status)) {
    bag_.Clear();  // copies KsEdit made are gone
    ks_.Descriptor = original_;
  }
  return status;
}

NTSTATUS Pin::Connect(KSSIM_PEER peer) {
  if (connected_ || closed_) return STATUS_INVALID_DEVICE_STATE;
  peer_ = peer;
  ks_.ConnectionIsExternal = peer == KSSIM_PEER_USER ? TRUE : FALSE;
  KSALLOCATOR_FRAMING framing = DeriveFraming(ks_.Descriptor->AllocatorFraming);
  const KSPIN_DISPATCH* d = dispatch();
  const KSALLOCATOR_DISPATCH* a = d != nullptr ? d->Allocator : nullptr;
  if (peer == KSSIM_PEER_USER) {
    allocator_ = std::make_unique<Allocator>(env_, AllocatorKind::kUser, framing, settings_, &ks_,
                                             name_);
    kind_ = KSSIM_ALLOCATOR_USER;
  } else {
    const bool usable = a != nullptr && a->InitializeAllocator != nullptr &&
                        a->DeleteAllocator != nullptr && a->Allocate != nullptr &&
                        a->Free != nullptr;
    if (usable) {
      // The allocator-create IRP: InitializeAllocator at PASSIVE_LEVEL with
      // a framing it may read (a copy: the create request's).
      KSALLOCATOR_FRAMING request = framing;
      PVOID context = nullptr;
      const NTSTATUS status = a->InitializeAllocator(&ks_, &request, &context);
      CheckCallbackIrql(env_, reinterpret_cast<const void*>(a->InitializeAllocator),
                        poolsim::kPassiveLevel);
      if (NT_SUCCESS(status)) {
        allocator_ = std::make_unique<Allocator>(env_, AllocatorKind::kPin, framing, settings_,
                                                 &ks_, name_);
        AllocatorCallbacks callbacks;
        callbacks.allocate = a->Allocate;
        callbacks.free = a->Free;
        callbacks.delete_allocator = a->DeleteAllocator;
        callbacks.context = context;
        allocator_->SetCallbacks(callbacks);
        kind_ = KSSIM_ALLOCATOR_PIN;
      } else {
        ++initialize_failures_;
      }
    }
    if (allocator_ == nullptr) {
      auto fallback = std::make_unique<Allocator>(env_, AllocatorKind::kDefault, framing,
                                                  settings_, &ks_, name_);
      const NTSTATUS status = fallback->InitLookaside();
      if (!NT_SUCCESS(status)) {
        fallback->Close();
        return status;
      }
      allocator_ = std::move(fallback);
      kind_ = KSSIM_ALLOCATOR_DEFAULT;
    }
  }
  connected_ = true;
  if (d != nullptr && d->Connect != nullptr) {
    d->Connect(&ks_);
    CheckCallbackIrql(env_, reinterpret_cast<const void*>(d->Connect), poolsim::kPassiveLevel);
  }
  return STATUS_SUCCESS;
}

void Pin::Fill() {
  if (allocator_ == nullptr) return;
  const ULONG limit = allocator_->framing().Frames;
  ULONG attempts = limit > allocator_->outstanding() ? limit - allocator_->outstanding() : 0;
  while (attempts-- > 0) {
    void* frame = allocator_->Allocate(/*enforce_limit=*/true);
    if (frame == nullptr) {
      ++null_frames_;  // one frame fewer; the next refill retries
      continue;
    }
    circulating_.push_back(frame);
  }
}

void Pin::Drain() {
  if (allocator_ == nullptr) return;
  std::vector<void*> frames(circulating_.begin(), circulating_.end());
  frames.insert(frames.end(), taken_.begin(), taken_.end());
  circulating_.clear();
  taken_.clear();
  for (void* frame : frames) allocator_->Free(frame, &ks_);
}

NTSTATUS Pin::Step(KSSTATE to) {
  const KSSTATE from = ks_.DeviceState;
  const KSPIN_DISPATCH* d = dispatch();
  if (d != nullptr && d->SetDeviceState != nullptr) {
    const NTSTATUS status = d->SetDeviceState(&ks_, to, from);
    CheckCallbackIrql(env_, reinterpret_cast<const void*>(d->SetDeviceState),
                      poolsim::kPassiveLevel);
    if (status == STATUS_PENDING) {
      env_.RaiseBugCheck(poolsim::MakeBugCheck(bugcheck_rule::kSetDeviceStatePending,
                                               {U(&ks_), static_cast<uint64_t>(to),
                                                static_cast<uint64_t>(from)},
                                               absl::StrFormat("%s: SetDeviceState returned "
                                                               "STATUS_PENDING",
                                                               name_)),
                         1);
      return STATUS_INVALID_DEVICE_STATE;
    }
    if (!NT_SUCCESS(status)) return status;
  }
  ks_.DeviceState = to;
  ks_.ClientState = to;
  if (from == KSSTATE_STOP && to == KSSTATE_ACQUIRE) Fill();
  if (to == KSSTATE_STOP) Drain();
  return STATUS_SUCCESS;
}

NTSTATUS Pin::SetState(KSSTATE to) {
  if (!connected_ || closed_) return STATUS_INVALID_DEVICE_STATE;
  if (to < KSSTATE_STOP || to > KSSTATE_RUN) return STATUS_INVALID_PARAMETER;
  while (ks_.DeviceState != to) {
    const KSSTATE next =
        static_cast<KSSTATE>(ks_.DeviceState + (to > ks_.DeviceState ? 1 : -1));
    const NTSTATUS status = Step(next);
    if (!NT_SUCCESS(status)) return status;
  }
  return STATUS_SUCCESS;
}

void* Pin::TakeFrame() {
  if (!connected_ || ks_.DeviceState == KSSTATE_STOP) return nullptr;
  if (circulating_.empty()) Fill();
  if (circulating_.empty()) return nullptr;
  void* frame = circulating_.front();
  circulating_.pop_front();
  taken_.push_back(frame);
  return frame;
}

void Pin::ReturnFrame(void* frame) {
  auto it = std::find(taken_.begin(), taken_.end(), frame);
  if (it == taken_.end()) {
    // Not a frame the test holds: the allocator tells a double free from a
    // foreign pointer.
    if (allocator_ != nullptr) allocator_->Free(frame, &ks_);
    return;
  }
  taken_.erase(it);
  circulating_.push_back(frame);
}

bool Pin::Owns(const void* frame) const {
  return allocator_ != nullptr && allocator_->Holds(frame);
}

bool Pin::kernel_allocator() const {
  return kind_ == KSSIM_ALLOCATOR_PIN || kind_ == KSSIM_ALLOCATOR_DEFAULT;
}

void Pin::Close() {
  if (closed_) return;
  if (connected_) {
    SetState(KSSTATE_STOP);
    Drain();
    if (allocator_ != nullptr) allocator_->Close();
    const KSPIN_DISPATCH* d = dispatch();
    if (d != nullptr && d->Disconnect != nullptr) {
      d->Disconnect(&ks_);
      CheckCallbackIrql(env_, reinterpret_cast<const void*>(d->Disconnect),
                        poolsim::kPassiveLevel);
    }
  }
  const KSPIN_DISPATCH* d = dispatch();
  if (d != nullptr && d->Close != nullptr) {
    d->Close(&ks_, nullptr);
    CheckCallbackIrql(env_, reinterpret_cast<const void*>(d->Close), poolsim::kPassiveLevel);
  }
  bag_.Clear();
  ks_.Descriptor = original_;
  closed_ = true;
}

NTSTATUS Pin::CreateAllocatorObject(const KSALLOCATOR_FRAMING& framing, void** file_object) {
  *file_object = nullptr;
  const poolsim::Irql irql = poolsim::CurrentIrql();
  if (irql != poolsim::kPassiveLevel) {
    // KsCreateAllocator is PASSIVE_LEVEL only.
    env_.RaiseBugCheck(poolsim::MakeBugCheck(bugcheck_rule::kIrqlTooHigh, {U(&ks_), irql, 0, 0},
                                             absl::StrFormat("KsCreateAllocator on %s at %s; it "
                                                             "requires PASSIVE_LEVEL",
                                                             name_, poolsim::IrqlName(irql))),
                       3);
    return STATUS_INVALID_DEVICE_REQUEST;
  }
  if (closed_) return STATUS_INVALID_DEVICE_STATE;
  if (framing.FrameSize == 0 || framing.FileAlignment > PAGE_SIZE - 1) {
    return STATUS_INVALID_PARAMETER;
  }
  const std::string owner = absl::StrFormat("allocator object on %s", name_);
  const KSPIN_DISPATCH* d = dispatch();
  const KSALLOCATOR_DISPATCH* a = d != nullptr ? d->Allocator : nullptr;
  std::unique_ptr<Allocator> allocator;
  if (a != nullptr && a->InitializeAllocator != nullptr && a->DeleteAllocator != nullptr &&
      a->Allocate != nullptr && a->Free != nullptr) {
    KSALLOCATOR_FRAMING request = framing;
    PVOID context = nullptr;
    const NTSTATUS status = a->InitializeAllocator(&ks_, &request, &context);
    CheckCallbackIrql(env_, reinterpret_cast<const void*>(a->InitializeAllocator),
                      poolsim::kPassiveLevel);
    if (!NT_SUCCESS(status)) return status;
    allocator = std::make_unique<Allocator>(env_, AllocatorKind::kPin, framing, settings_, &ks_,
                                            owner);
    AllocatorCallbacks callbacks;
    callbacks.allocate = a->Allocate;
    callbacks.free = a->Free;
    callbacks.delete_allocator = a->DeleteAllocator;
    callbacks.context = context;
    allocator->SetCallbacks(callbacks);
  } else {
    allocator = std::make_unique<Allocator>(env_, AllocatorKind::kDefault, framing, settings_,
                                            &ks_, owner);
    const NTSTATUS status = allocator->InitLookaside();
    if (!NT_SUCCESS(status)) {
      allocator->Close();
      return status;
    }
  }
  void* file = ksalloc_internal::Kernel::NewFileObjectIdentity();
  ksalloc_internal::Kernel::For(env_)->AddFileAllocator(file, std::move(allocator));
  *file_object = file;
  return STATUS_SUCCESS;
}

IKsPin* Pin::proxy() {
  if (proxy_ == nullptr) proxy_ = std::make_unique<ProxyPin>(&ks_);
  return proxy_.get();
}

void Pin::Statistics(KSSIM_PIN_STATISTICS* out) const {
  std::memset(out, 0, sizeof(*out));
  out->Allocator = kind_;
  if (allocator_ != nullptr) {
    out->Framing = allocator_->framing();
    out->FramesOutstanding = allocator_->outstanding();
    out->AllocateCalls = static_cast<ULONG>(allocator_->allocate_calls());
    out->FreeCalls = static_cast<ULONG>(allocator_->free_calls());
  }
  out->FramesInCirculation = static_cast<ULONG>(circulating_.size());
  out->FramesTaken = static_cast<ULONG>(taken_.size());
  out->NullFrames = null_frames_;
  out->InitializeFailures = initialize_failures_;
}

void Pin::AppendLeaks(std::vector<poolsim::LeakedObject>* out) const {
  if (!closed_) {
    poolsim::LeakedObject o;
    o.kind = "KS pin";
    o.type_name = "KSPIN";
    o.owner = name_;
    o.attached_to = "(never closed)";
    o.address = U(&ks_);
    o.stack = created_stack_;
    out->push_back(std::move(o));
  }
  if (allocator_ != nullptr) allocator_->AppendLeaks(out);
}

}  // namespace ksalloc
