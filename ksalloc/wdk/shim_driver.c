/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: ksalloc/wdk/shim_driver.c
 * -----------------------------------------------------------------------------
 *
 * A small AVStream pin written in C11 against <ks.h> as a driver includes it
 * (through //:wdk_headers): framing declared with DECLARE_SIMPLE_FRAMING_EX,
 * edited at pin create with KsEdit, and its own KSALLOCATOR_DISPATCH whose
 * frames come from nonpaged pool. shim_test.cc drives it. */

#include <ks.h>

#include "ksalloc/wdk/shim_driver.h"

#define SHIM_CONTEXT_TAG 'cSmS'
#define SHIM_FRAME_TAG 'fSmS'

typedef struct {
  ULONG FrameSize;
  ULONG Live;
} SHIM_ALLOCATOR;

ULONG ShimLiveFrames = 0;

static NTSTATUS ShimInitialize(PKSPIN Pin, PKSALLOCATOR_FRAMING Framing, PVOID* Context) {
  SHIM_ALLOCATOR* a;
  UNREFERENCED_PARAMETER(Pin);
  a = (SHIM_ALLOCATOR*)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(SHIM_ALLOCATOR),
                                       SHIM_CONTEXT_TAG);
  if (a == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  a->FrameSize = Framing->FrameSize;
  a->Live = 0;
  *Context = a;
  return STATUS_SUCCESS;
}

static PVOID ShimAllocate(PVOID Context) {
  SHIM_ALLOCATOR* a = (SHIM_ALLOCATOR*)Context;
  PVOID frame = ExAllocatePool2(POOL_FLAG_NON_PAGED, a->FrameSize, SHIM_FRAME_TAG);
  if (frame != NULL) ++ShimLiveFrames;
  return frame;
}

static VOID ShimFree(PVOID Context, PVOID Buffer) {
  UNREFERENCED_PARAMETER(Context);
  --ShimLiveFrames;
  ExFreePoolWithTag(Buffer, SHIM_FRAME_TAG);
}

static VOID ShimDelete(PVOID Context) { ExFreePoolWithTag(Context, SHIM_CONTEXT_TAG); }

static const KSALLOCATOR_DISPATCH ShimAllocatorDispatch = {ShimInitialize, ShimDelete,
                                                           ShimAllocate, ShimFree};

DECLARE_SIMPLE_FRAMING_EX(ShimFraming, STATICGUIDOF(KSMEMORY_TYPE_KERNEL_NONPAGED),
                          KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY, 2, FILE_OCTA_ALIGNMENT, 256,
                          256);

/* Once the format is known the pin wants five 1 KiB frames. */
static NTSTATUS ShimCreate(PKSPIN Pin, PIRP Irp) {
  NTSTATUS status;
  PKSALLOCATOR_FRAMING_EX framing;
  UNREFERENCED_PARAMETER(Irp);
  status = KsEdit(Pin, &Pin->Descriptor, 'dSmS');
  if (!NT_SUCCESS(status)) return status;
  status = KsEdit(Pin, &((PKSPIN_DESCRIPTOR_EX)Pin->Descriptor)->AllocatorFraming, 'fSmS');
  if (!NT_SUCCESS(status)) return status;
  framing = (PKSALLOCATOR_FRAMING_EX)Pin->Descriptor->AllocatorFraming;
  framing->FramingItem[0].Frames = 5;
  framing->FramingItem[0].FramingRange.Range.MinFrameSize = 1024;
  framing->FramingItem[0].FramingRange.Range.MaxFrameSize = 1024;
  return STATUS_SUCCESS;
}

static const KSPIN_DISPATCH ShimPinDispatch = {
    ShimCreate, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, &ShimAllocatorDispatch};

const KSPIN_DESCRIPTOR_EX ShimPinDescriptor = {
    &ShimPinDispatch,
    NULL,
    {0, NULL, 0, NULL, 0, NULL, KSPIN_DATAFLOW_OUT, KSPIN_COMMUNICATION_BOTH, NULL, NULL, {0}},
    0,
    1,
    0,
    &ShimFraming,
    NULL};
