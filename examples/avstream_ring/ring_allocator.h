// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: examples/avstream_ring/ring_allocator.h
// -----------------------------------------------------------------------------
//
// A sample AVStream driver's frame allocator: one pool block carved into
// Frames frames of FrameSize bytes, each aligned as the framing asks, handed
// out and taken back through a ring of free slots. Driver code: it uses the
// driver's own operator new (new_delete.cpp) and the pool, nothing else.
//
// Not thread-safe by itself: AVStream serializes a pin's allocator calls in
// this sample's use (the simulation calls them from one thread).

#ifndef EXAMPLES_AVSTREAM_RING_RING_ALLOCATOR_H_
#define EXAMPLES_AVSTREAM_RING_RING_ALLOCATOR_H_

#include <ks.h>

namespace ring {

// Pool tag of the frame block ("Ring" in reports).
constexpr ULONG kFrameBlockTag = 'gniR';

class RingAllocator {
 public:
  // Allocates the frame block and the ring for `framing`. Returns NULL when
  // the pool cannot supply them (the caller fails InitializeAllocator).
  static RingAllocator* Create(const KSALLOCATOR_FRAMING& framing);
  ~RingAllocator();
  RingAllocator(const RingAllocator&) = delete;
  RingAllocator& operator=(const RingAllocator&) = delete;

  // The next free frame, or NULL when all Frames are out.
  PVOID Take();
  // Gives a frame back; a pointer that is not one of this ring's frames is
  // ignored (and counted).
  void Give(PVOID frame);

  ULONG frames() const { return frames_; }
  ULONG stride() const { return stride_; }
  ULONG outstanding() const { return frames_ - free_count_; }
  ULONG foreign_gives() const { return foreign_gives_; }
  bool Contains(const void* p) const;

 private:
  RingAllocator() = default;

  POOL_FLAGS pool_flags_ = POOL_FLAG_NON_PAGED;
  char* block_ = nullptr;  // what the pool returned
  char* first_ = nullptr;  // the first frame (aligned)
  ULONG frames_ = 0;
  ULONG stride_ = 0;
  ULONG* ring_ = nullptr;  // free slot indexes, FIFO
  ULONG head_ = 0;
  ULONG free_count_ = 0;
  ULONG foreign_gives_ = 0;
};

}  // namespace ring

#endif  // EXAMPLES_AVSTREAM_RING_RING_ALLOCATOR_H_
