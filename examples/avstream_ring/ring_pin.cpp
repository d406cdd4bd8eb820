// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: examples/avstream_ring/ring_pin.cpp
// -----------------------------------------------------------------------------
//
// The sample capture pin: framing, KsEdit at create, the allocator dispatch
// over RingAllocator.

#include "examples/avstream_ring/ring_pin.h"

#include "examples/avstream_ring/ring_allocator.h"

namespace ring {

RingPinFormat g_format;
ULONG g_live_allocators = 0;

namespace {

NTSTATUS InitializeAllocator(PKSPIN Pin, PKSALLOCATOR_FRAMING Framing, PVOID* Context) {
  UNREFERENCED_PARAMETER(Pin);
  RingAllocator* allocator = RingAllocator::Create(*Framing);
  if (allocator == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
  ++g_live_allocators;
  *Context = allocator;
  return STATUS_SUCCESS;
}

VOID DeleteAllocator(PVOID Context) {
  delete static_cast<RingAllocator*>(Context);
  --g_live_allocators;
}

PVOID Allocate(PVOID Context) { return static_cast<RingAllocator*>(Context)->Take(); }

VOID Free(PVOID Context, PVOID Buffer) { static_cast<RingAllocator*>(Context)->Give(Buffer); }

const KSALLOCATOR_DISPATCH kAllocatorDispatch = {InitializeAllocator, DeleteAllocator, Allocate,
                                                 Free};

DECLARE_SIMPLE_FRAMING_EX(kFraming, STATICGUIDOF(KSMEMORY_TYPE_KERNEL_NONPAGED),
                          KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY, 2, FILE_64_BYTE_ALIGNMENT,
                          1024, 1024);

// The format is known at create: the pin's own copy of the descriptor and
// framing says how many frames of what size it streams.
NTSTATUS Create(PKSPIN Pin, PIRP Irp) {
  UNREFERENCED_PARAMETER(Irp);
  NTSTATUS status = KsEdit(Pin, &Pin->Descriptor, 'dPgR');
  if (!NT_SUCCESS(status)) return status;
  status = KsEdit(Pin, &const_cast<KSPIN_DESCRIPTOR_EX*>(Pin->Descriptor)->AllocatorFraming,
                  'fPgR');
  if (!NT_SUCCESS(status)) return status;
  auto* framing = const_cast<KSALLOCATOR_FRAMING_EX*>(Pin->Descriptor->AllocatorFraming);
  framing->FramingItem[0].Frames = g_format.frames;
  framing->FramingItem[0].FramingRange.Range.MinFrameSize = g_format.frame_size;
  framing->FramingItem[0].FramingRange.Range.MaxFrameSize = g_format.frame_size;
  return STATUS_SUCCESS;
}

NTSTATUS SetDeviceState(PKSPIN Pin, KSSTATE To, KSSTATE From) {
  UNREFERENCED_PARAMETER(Pin);
  UNREFERENCED_PARAMETER(To);
  UNREFERENCED_PARAMETER(From);
  return STATUS_SUCCESS;
}

const KSPIN_DISPATCH kPinDispatch = {Create,  nullptr, nullptr, nullptr, nullptr,
                                     SetDeviceState, nullptr, nullptr, nullptr,
                                     &kAllocatorDispatch};

KSPIN_DESCRIPTOR_EX MakeDescriptor() {
  KSPIN_DESCRIPTOR_EX d = {};
  d.Dispatch = &kPinDispatch;
  d.PinDescriptor.DataFlow = KSPIN_DATAFLOW_OUT;
  d.PinDescriptor.Communication = KSPIN_COMMUNICATION_BOTH;
  d.InstancesPossible = 1;
  d.InstancesNecessary = 1;
  d.AllocatorFraming = &kFraming;
  return d;
}

}  // namespace

const KSPIN_DESCRIPTOR_EX kRingPinDescriptor = MakeDescriptor();

}  // namespace ring
