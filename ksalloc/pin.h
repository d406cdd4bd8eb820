// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/pin.h
// -----------------------------------------------------------------------------
//
// A simulated AVStream pin and its pipe (ksalloc core): the KSPIN a driver
// sees, its object bag, the connection and its chosen allocator, the state
// machine (one step per SetDeviceState call) and the pipe's requester, which
// keeps up to Frames frames in circulation. The timings where Microsoft's
// documentation is silent are docs/ksalloc.md's inferred ones.
//
// Not thread-safe: one thread drives a pin at a time, as AVStream serializes
// a pin's control calls under the filter control mutex.

#ifndef KSALLOC_PIN_H_
#define KSALLOC_PIN_H_

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "ksalloc/allocator.h"
#include "ksalloc/internal/object_bag.h"
#include "ksalloc/proxy_allocator.h"
#include "ksalloc/wdk/kspin.h"
#include "ksalloc/wdk/kssim.h"
#include "poolsim/environment.h"

namespace ksalloc {

// Returns the KSALLOCATOR_FRAMING an allocator for a pin with `framing_ex`
// (null: no framing property) is created with.
KSALLOCATOR_FRAMING DeriveFraming(const KSALLOCATOR_FRAMING_EX* framing_ex);

class Pin {
 public:
  Pin(poolsim::Environment& env, const KSPIN_DESCRIPTOR_EX* descriptor, ULONG id,
      const Settings& settings);
  ~Pin();
  Pin(const Pin&) = delete;
  Pin& operator=(const Pin&) = delete;

  PKSPIN ks() { return &ks_; }
  static Pin* FromKs(PKSPIN pin);
  ksalloc_internal::ObjectBag& bag() { return bag_; }

  // The operations of ksalloc/wdk/kssim.h.
  NTSTATUS Create();
  NTSTATUS Connect(KSSIM_PEER peer);
  NTSTATUS SetState(KSSTATE to);
  void* TakeFrame();
  void ReturnFrame(void* frame);
  // True if the frame is one this pin's allocator holds.
  bool Owns(const void* frame) const;
  bool kernel_allocator() const;
  KSSIM_PEER peer() const { return peer_; }
  void Close();
  // KSCREATE_REQUEST_ALLOCATOR on this pin (KsCreateAllocator): an allocator
  // object bound to a new file object, *file_object. The pin's own
  // KSALLOCATOR_DISPATCH when it has all four callbacks (InitializeAllocator
  // runs; its failure fails the create), else the default allocator.
  // STATUS_SUCCESS, STATUS_INVALID_PARAMETER (FrameSize 0, alignment above a
  // page), STATUS_INVALID_DEVICE_STATE (closed), InitializeAllocator's
  // failure, STATUS_INSUFFICIENT_RESOURCES. PASSIVE_LEVEL (0xA above it,
  // then STATUS_INVALID_DEVICE_REQUEST).
  NTSTATUS CreateAllocatorObject(const KSALLOCATOR_FRAMING& framing, void** file_object);
  // The proxy's IKsPin for this pin (no reference added; valid while the pin is).
  IKsPin* proxy();
  void Statistics(KSSIM_PIN_STATISTICS* out) const;
  bool closed() const { return closed_; }
  void AppendLeaks(std::vector<poolsim::LeakedObject>* out) const;
  std::string name() const { return name_; }

 private:
  NTSTATUS Step(KSSTATE to);
  void Fill();
  void Drain();
  const KSPIN_DISPATCH* dispatch() const;

  KSPIN ks_;  // first: PKSPIN <-> Pin
  poolsim::Environment& env_;
  const Settings settings_;
  // The descriptor the pin was created from (Descriptor may be a KsEdit copy).
  const KSPIN_DESCRIPTOR_EX* const original_;
  const std::string name_;
  const poolsim::StackId created_stack_;
  ksalloc_internal::ObjectBag bag_;
  bool connected_ = false;
  bool closed_ = false;
  KSSIM_PEER peer_ = KSSIM_PEER_KERNEL;
  KSSIM_ALLOCATOR_KIND kind_ = KSSIM_ALLOCATOR_NONE;
  std::unique_ptr<Allocator> allocator_;
  std::unique_ptr<ProxyPin> proxy_;
  std::deque<void*> circulating_;
  std::vector<void*> taken_;
  ULONG null_frames_ = 0;
  ULONG initialize_failures_ = 0;
};

}  // namespace ksalloc

#endif  // KSALLOC_PIN_H_
