// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: examples/avstream_ring/ring_pin.h
// -----------------------------------------------------------------------------
//
// A sample AVStream capture pin with its own ring-buffer allocator: it
// declares simple framing (2 frames of 1 KiB), edits it at pin create for
// the format it streams (RingPinFormat: frames and frame size), and serves
// its frames from a RingAllocator through KSALLOCATOR_DISPATCH.

#ifndef EXAMPLES_AVSTREAM_RING_RING_PIN_H_
#define EXAMPLES_AVSTREAM_RING_RING_PIN_H_

#include <ks.h>

namespace ring {

// What the pin's Create edits the framing to (a test may change it first).
struct RingPinFormat {
  ULONG frames = 4;
  ULONG frame_size = 4096;
};
extern RingPinFormat g_format;

// The pin, as a filter descriptor would list it.
extern const KSPIN_DESCRIPTOR_EX kRingPinDescriptor;

// Allocator objects alive (created by InitializeAllocator, not yet deleted).
extern ULONG g_live_allocators;

}  // namespace ring

#endif  // EXAMPLES_AVSTREAM_RING_RING_PIN_H_
