// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: examples/avstream_ring/ring_allocator.cpp
// -----------------------------------------------------------------------------
//
// The sample driver's ring-buffer frame allocator.

#include "examples/avstream_ring/ring_allocator.h"

#include <new>

namespace ring {

RingAllocator* RingAllocator::Create(const KSALLOCATOR_FRAMING& framing) {
  if (framing.Frames == 0 || framing.FrameSize == 0) return nullptr;
  RingAllocator* r = new (std::nothrow) RingAllocator();
  if (r == nullptr) return nullptr;
  const ULONG alignment = framing.FileAlignment + 1;
  r->frames_ = framing.Frames;
  r->stride_ = (framing.FrameSize + alignment - 1) / alignment * alignment;
  r->pool_flags_ = (framing.PoolType & 1) != 0 ? POOL_FLAG_PAGED : POOL_FLAG_NON_PAGED;
  r->block_ = static_cast<char*>(ExAllocatePool2(
      r->pool_flags_, static_cast<SIZE_T>(r->frames_) * r->stride_ + alignment, kFrameBlockTag));
  r->ring_ = new (std::nothrow) ULONG[r->frames_];
  if (r->block_ == nullptr || r->ring_ == nullptr) {
    delete r;
    return nullptr;
  }
  const ULONG_PTR start = reinterpret_cast<ULONG_PTR>(r->block_);
  r->first_ = reinterpret_cast<char*>((start + alignment - 1) / alignment * alignment);
  for (ULONG i = 0; i < r->frames_; ++i) r->ring_[i] = i;
  r->free_count_ = r->frames_;
  return r;
}

RingAllocator::~RingAllocator() {
  if (block_ != nullptr) ExFreePoolWithTag(block_, kFrameBlockTag);
  delete[] ring_;
}

PVOID RingAllocator::Take() {
  if (free_count_ == 0) return nullptr;
  const ULONG slot = ring_[head_];
  head_ = (head_ + 1) % frames_;
  --free_count_;
  return first_ + static_cast<SIZE_T>(slot) * stride_;
}

bool RingAllocator::Contains(const void* p) const {
  const char* c = static_cast<const char*>(p);
  return c >= first_ && c < first_ + static_cast<SIZE_T>(frames_) * stride_ &&
         (c - first_) % stride_ == 0;
}

void RingAllocator::Give(PVOID frame) {
  if (!Contains(frame) || free_count_ == frames_) {
    ++foreign_gives_;
    return;
  }
  const ULONG slot = static_cast<ULONG>((static_cast<char*>(frame) - first_) / stride_);
  ring_[(head_ + free_count_) % frames_] = slot;
  ++free_count_;
}

}  // namespace ring
