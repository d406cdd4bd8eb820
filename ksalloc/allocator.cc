// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/allocator.cc
// -----------------------------------------------------------------------------
//
// One kernel-streaming allocator object (ksalloc core): callback calls at the
// configured IRQL, frame checks, the outstanding-frame ledger, pending
// requests, close.

#include "ksalloc/allocator.h"

#include <cstdlib>
#include <cstring>
#include <utility>

#include "absl/strings/str_format.h"
#include "ksalloc/bugcheck_rules.h"
#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/irql.h"
#include "poolsim/stack_trace.h"

namespace ksalloc {
namespace {

using poolsim_internal_lock = poolsim::poolsim_internal::MutexLock;

constexpr size_t kFreedHistory = 4096;

uint64_t U(const void* p) { return reinterpret_cast<uintptr_t>(p); }

bool IsPaged(POOL_TYPE type) { return (static_cast<int>(type) & 1) != 0; }

}  // namespace

void CheckCallbackIrql(poolsim::Environment& env, const void* callback,
                       poolsim::Irql called_at) {
  const poolsim::Irql now = poolsim::CurrentIrql();
  if (now == called_at) return;
  env.RaiseBugCheck(
      poolsim::MakeBugCheck(bugcheck_rule::kPinCallbackIrql, {U(callback), called_at, now},
                            absl::StrFormat("a kernel-streaming callback was called at %s and "
                                            "returned at %s",
                                            poolsim::IrqlName(called_at),
                                            poolsim::IrqlName(now))),
      1);
  poolsim::SetCurrentIrql(called_at);
}

Allocator::Allocator(poolsim::Environment& env, AllocatorKind kind,
                     const KSALLOCATOR_FRAMING& framing, const Settings& settings, PKSPIN pin,
                     std::string owner)
    : env_(env),
      kind_(kind),
      framing_(framing),
      settings_(settings),
      pin_(pin),
      owner_(std::move(owner)),
      created_stack_(env.options().capture_stacks ? poolsim::CaptureStack(2) : poolsim::kNoStack) {}

Allocator::~Allocator() {
  // Host memory of a user-mode allocator is ours; pool memory stays with the
  // Environment (and its leak report).
  if (kind_ == AllocatorKind::kUser) {
    poolsim_internal_lock lock(&mu_);
    for (const auto& [address, frame] : frames_) std::free(reinterpret_cast<void*>(address));
  }
}

void Allocator::SetCallbacks(const AllocatorCallbacks& callbacks) { callbacks_ = callbacks; }

NTSTATUS Allocator::InitLookaside() {
  auto* list = static_cast<PLOOKASIDE_LIST_EX>(
      ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(LOOKASIDE_LIST_EX), kDefaultAllocatorTag));
  if (list == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
  const POOL_TYPE type = IsPaged(framing_.PoolType) ? PagedPool : NonPagedPool;
  const NTSTATUS status = ExInitializeLookasideListEx(list, nullptr, nullptr, type, 0,
                                                      framing_.FrameSize, kDefaultAllocatorTag, 0);
  if (!NT_SUCCESS(status)) {
    ExFreePoolWithTag(list, kDefaultAllocatorTag);
    return status;
  }
  lookaside_ = list;
  return STATUS_SUCCESS;
}

const void* Allocator::Identity() const {
  return callbacks_.context != nullptr ? callbacks_.context : static_cast<const void*>(this);
}

void* Allocator::CallAllocate() {
  if (kind_ == AllocatorKind::kUser) {
    const size_t align = std::max<size_t>(framing_.FileAlignment + 1, sizeof(void*));
    const size_t bytes = (std::max<size_t>(framing_.FrameSize, 1) + align - 1) / align * align;
    return std::aligned_alloc(align, bytes);
  }
  if (callbacks_.allocate == nullptr) {
    return lookaside_ != nullptr ? ExAllocateFromLookasideListEx(lookaside_) : nullptr;
  }
  const poolsim::Irql irql = settings_.allocator_irql;
  void* frame;
  {
    poolsim::ScopedIrql at(irql);
    frame = callbacks_.allocate(callbacks_.context);
    CheckCallbackIrql(env_, reinterpret_cast<const void*>(callbacks_.allocate), irql);
  }
  return frame;
}

void Allocator::CallFree(void* frame) {
  if (kind_ == AllocatorKind::kUser) {
    std::free(frame);
    return;
  }
  if (callbacks_.free == nullptr) {
    if (lookaside_ != nullptr) ExFreeToLookasideListEx(lookaside_, frame);
    return;
  }
  const poolsim::Irql irql = settings_.allocator_irql;
  poolsim::ScopedIrql at(irql);
  callbacks_.free(callbacks_.context, frame);
  CheckCallbackIrql(env_, reinterpret_cast<const void*>(callbacks_.free), irql);
}

void Allocator::CheckFrame(void* frame, Frame* record) {
  const uintptr_t address = U(frame);
  poolsim::BlockInfo block;
  bool in_pool = env_.Lookup(frame, &block);
  if (!in_pool) {
    poolsim::BlockInfo cached;
    {
      poolsim_internal_lock lock(&mu_);
      cached = last_block_;
    }
    poolsim::BlockInfo again;
    if (cached.address != 0 && address >= cached.address &&
        address < cached.address + cached.bytes && env_.Lookup(reinterpret_cast<void*>(cached.address), &again) &&
        again.sequence == cached.sequence) {
      block = cached;
      in_pool = true;
    } else {
      for (const poolsim::BlockInfo& b : env_.LiveBlocks()) {
        if (address >= b.address && address < b.address + b.bytes) {
          block = b;
          in_pool = true;
          poolsim_internal_lock lock(&mu_);
          last_block_ = b;
          break;
        }
      }
    }
  }
  if (in_pool) {
    record->block = block.address;
    record->tag = block.tag;
    record->pool = block.kind;
  } else {
    record->tag = poolsim::PoolTag(kind_ == AllocatorKind::kDefault ? kDefaultAllocatorTag : 0);
  }
  if (kind_ == AllocatorKind::kUser || !settings_.check_frames) return;
  const uint64_t pin = U(pin_);
  if (in_pool && block.kind == poolsim::PoolKind::kPaged &&
      settings_.allocator_irql >= poolsim::kDispatchLevel) {
    env_.RaiseBugCheck(
        poolsim::MakeBugCheck(bugcheck_rule::kPagedFrameAtDispatch,
                              {address, settings_.allocator_irql, 0, 0},
                              absl::StrFormat("%s: frame %p is in paged pool and the allocator "
                                              "runs at DISPATCH_LEVEL",
                                              owner_, frame)),
        2);
  }
  if ((address & framing_.FileAlignment) != 0) {
    env_.RaiseBugCheck(
        poolsim::MakeBugCheck(bugcheck_rule::kFrameMisaligned, {address, framing_.FileAlignment, pin},
                              absl::StrFormat("%s: frame %p is not aligned to %u bytes", owner_,
                                              frame, framing_.FileAlignment + 1)),
        2);
  }
  if (in_pool) {
    const uint64_t available = block.address + block.bytes - address;
    if (available < framing_.FrameSize) {
      env_.RaiseBugCheck(
          poolsim::MakeBugCheck(bugcheck_rule::kFrameTooSmall,
                                {address, available, framing_.FrameSize},
                                absl::StrFormat("%s: frame %p has %u bytes; FrameSize is %u",
                                                owner_, frame, available, framing_.FrameSize)),
          2);
    }
  }
  if ((framing_.OptionsFlags & KSALLOCATOR_OPTIONF_SYSTEM_MEMORY) != 0) {
    const bool want_paged = IsPaged(framing_.PoolType);
    if (!in_pool || (block.kind == poolsim::PoolKind::kPaged) != want_paged) {
      const uint64_t actual = in_pool ? block.pool_type : 0xFFFFFFFFu;
      env_.RaiseBugCheck(
          poolsim::MakeBugCheck(bugcheck_rule::kFrameWrongPool,
                                {address, static_cast<uint64_t>(framing_.PoolType), actual},
                                absl::StrFormat("%s: frame %p is %s; the framing asks for %s",
                                                owner_, frame,
                                                in_pool ? poolsim::PoolKindName(block.kind)
                                                        : "not pool memory",
                                                want_paged ? "paged pool" : "nonpaged pool")),
          2);
    }
  }
}

void* Allocator::Allocate(bool enforce_limit) {
  {
    poolsim_internal_lock lock(&mu_);
    if (closed_) return nullptr;
    if (enforce_limit && framing_.Frames != 0 && frames_.size() >= framing_.Frames) return nullptr;
    ++allocate_calls_;
  }
  void* frame = CallAllocate();
  if (frame == nullptr) return nullptr;
  Frame record;
  record.stack = env_.options().capture_stacks ? poolsim::CaptureStack(1) : poolsim::kNoStack;
  CheckFrame(frame, &record);
  poolsim_internal_lock lock(&mu_);
  frames_[U(frame)] = record;
  if (freed_.erase(U(frame)) != 0) {
    // Reused: it is live again, so a later double free is told apart.
  }
  return frame;
}

bool Allocator::Free(void* frame, const void* reported_pin) {
  bool twice = false;
  bool held = false;
  // A free completes the oldest pending request (after the frame is freed).
  KSSIM_ALLOCATOR_REQUEST* waiting = nullptr;
  {
    poolsim_internal_lock lock(&mu_);
    auto it = frames_.find(U(frame));
    if (it != frames_.end() && !closed_) {
      frames_.erase(it);
      held = true;
      ++free_calls_;
      if (!pending_.empty()) {
        waiting = pending_.front();
        pending_.pop_front();
      }
      if (freed_.insert(U(frame)).second) {
        freed_order_.push_back(U(frame));
        if (freed_order_.size() > kFreedHistory) {
          freed_.erase(freed_order_.front());
          freed_order_.pop_front();
        }
      }
    } else {
      twice = freed_.count(U(frame)) != 0;
    }
  }
  if (!held) {
    const poolsim::BugCheckRule& row =
        twice ? bugcheck_rule::kFreeTwice : bugcheck_rule::kFreeNotAllocated;
    env_.RaiseBugCheck(
        poolsim::MakeBugCheck(row, {U(frame), U(Identity()), U(reported_pin)},
                              absl::StrFormat("%s: frame %p %s", owner_, frame,
                                              twice ? "freed twice"
                                                    : "was never returned by this allocator")),
        2);
    return false;
  }
  CallFree(frame);
  if (waiting != nullptr) {
    void* next = Allocate(/*enforce_limit=*/true);
    waiting->Frame = next;
    waiting->Status = next != nullptr ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
    waiting->Completed = TRUE;
  }
  return true;
}

NTSTATUS Allocator::Request(KSSIM_ALLOCATOR_REQUEST* request) {
  request->Completed = FALSE;
  request->Frame = nullptr;
  void* frame = Allocate(/*enforce_limit=*/true);
  if (frame != nullptr) {
    request->Frame = frame;
    request->Status = STATUS_SUCCESS;
    request->Completed = TRUE;
    return STATUS_SUCCESS;
  }
  poolsim_internal_lock lock(&mu_);
  if (!closed_ && framing_.Frames != 0 && frames_.size() >= framing_.Frames) {
    request->Status = STATUS_PENDING;
    pending_.push_back(request);
    return STATUS_PENDING;
  }
  request->Status = STATUS_INSUFFICIENT_RESOURCES;
  request->Completed = TRUE;
  return STATUS_INSUFFICIENT_RESOURCES;
}

void Allocator::Close() {
  std::deque<KSSIM_ALLOCATOR_REQUEST*> cancelled;
  size_t outstanding;
  {
    poolsim_internal_lock lock(&mu_);
    if (closed_) return;
    closed_ = true;
    cancelled.swap(pending_);
    outstanding = frames_.size();
  }
  for (KSSIM_ALLOCATOR_REQUEST* r : cancelled) {
    r->Status = STATUS_CANCELLED;
    r->Completed = TRUE;
  }
  if (outstanding != 0) {
    env_.RaiseBugCheck(
        poolsim::MakeBugCheck(bugcheck_rule::kFramesOutstandingAtDelete,
                              {U(Identity()), outstanding, U(pin_)},
                              absl::StrFormat("%s closed with %u frames outstanding", owner_,
                                              outstanding)),
        2);
  }
  if (lookaside_ != nullptr) {
    ExDeleteLookasideListEx(lookaside_);
    ExFreePoolWithTag(lookaside_, kDefaultAllocatorTag);
    lookaside_ = nullptr;
  }
  if (callbacks_.delete_allocator != nullptr) {
    callbacks_.delete_allocator(callbacks_.context);
    CheckCallbackIrql(env_, reinterpret_cast<const void*>(callbacks_.delete_allocator),
                      poolsim::kPassiveLevel);
  }
}

bool Allocator::Holds(const void* frame) const {
  poolsim_internal_lock lock(&mu_);
  return frames_.count(U(frame)) != 0;
}

uint32_t Allocator::outstanding() const {
  poolsim_internal_lock lock(&mu_);
  return static_cast<uint32_t>(frames_.size());
}

bool Allocator::closed() const {
  poolsim_internal_lock lock(&mu_);
  return closed_;
}

uint64_t Allocator::allocate_calls() const {
  poolsim_internal_lock lock(&mu_);
  return allocate_calls_;
}

uint64_t Allocator::free_calls() const {
  poolsim_internal_lock lock(&mu_);
  return free_calls_;
}

void Allocator::AppendLeaks(std::vector<poolsim::LeakedObject>* out) const {
  if (kind_ == AllocatorKind::kUser) return;
  poolsim_internal_lock lock(&mu_);
  const char* kind_name = kind_ == AllocatorKind::kPin ? "the pin's KSALLOCATOR_DISPATCH"
                                                       : "the default allocator";
  if (!closed_) {
    poolsim::LeakedObject o;
    o.kind = "KS allocator";
    o.type_name = kind_name;
    o.owner = owner_;
    o.attached_to = "(never deleted: DeleteAllocator not called)";
    o.address = U(Identity());
    o.tag = poolsim::PoolTag(kind_ == AllocatorKind::kDefault ? kDefaultAllocatorTag : 0);
    o.stack = created_stack_;
    out->push_back(std::move(o));
  }
  for (const auto& [address, frame] : frames_) {
    poolsim::LeakedObject o;
    o.kind = "KS frame";
    o.type_name = absl::StrFormat("frame of %s", kind_name);
    o.owner = owner_;
    o.attached_to = absl::StrFormat("allocator %p", Identity());
    o.address = address;
    o.block = frame.block;
    o.bytes = framing_.FrameSize;
    o.pool = frame.pool;
    o.tag = frame.tag;
    o.stack = frame.stack;
    out->push_back(std::move(o));
  }
}

}  // namespace ksalloc
