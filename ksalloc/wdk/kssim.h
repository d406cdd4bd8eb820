/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: ksalloc/wdk/kssim.h
 * -----------------------------------------------------------------------------
 *
 * The test side of ksalloc's simulation (C and C++): what AVStream and the
 * graph would do to a driver's pin. A test creates a pin from its
 * KSPIN_DESCRIPTOR_EX (the Create dispatch runs), connects it to a kernel- or
 * user-mode peer (the allocator is chosen and created), steps its state
 * (SetDeviceState runs), moves frames around the circuit and closes it.
 * Every call is at PASSIVE_LEVEL, like the IRPs it stands for.
 *
 *   PKSPIN pin;
 *   KsSimCreatePin(&MyPinDescriptor, 0, &pin);
 *   KsSimConnectPin(pin, KSSIM_PEER_KERNEL);
 *   KsSimSetPinState(pin, KSSTATE_ACQUIRE);   // Allocate() x Frames
 *   PVOID frame = KsSimTakeFrame(pin);        // data flows ...
 *   KsSimReturnFrame(pin, frame);             // ... and the frame recycles
 *   KsSimSetPinState(pin, KSSTATE_STOP);      // Free() for every frame
 *   KsSimClosePin(pin);                       // DeleteAllocator(), Close */

#ifndef KSALLOC_WDK_KSSIM_H_
#define KSALLOC_WDK_KSSIM_H_

#include "ksalloc/wdk/kspin.h"

POOLSIM_BEGIN_EXTERN_C

typedef enum {
  KSSIM_PEER_KERNEL = 0, /* a kernel-mode filter: the pin's allocator may be chosen */
  KSSIM_PEER_USER = 1    /* a user-mode (proxy) peer: never the pin's allocator */
} KSSIM_PEER;

/* Which allocator the connection uses. */
typedef enum {
  KSSIM_ALLOCATOR_NONE = 0,    /* not connected */
  KSSIM_ALLOCATOR_PIN = 1,     /* the pin's KSALLOCATOR_DISPATCH */
  KSSIM_ALLOCATOR_DEFAULT = 2, /* AVStream's default allocator (lookaside list) */
  KSSIM_ALLOCATOR_USER = 3     /* the user-mode peer's (host memory) */
} KSSIM_ALLOCATOR_KIND;

typedef struct {
  KSSIM_ALLOCATOR_KIND Allocator;
  KSALLOCATOR_FRAMING Framing;  /* what the allocator was created with */
  ULONG FramesOutstanding;      /* allocated and not yet freed */
  ULONG FramesInCirculation;    /* outstanding and not taken by the test */
  ULONG FramesTaken;            /* handed out by KsSimTakeFrame */
  ULONG NullFrames;             /* Allocate returned NULL (one frame fewer) */
  ULONG InitializeFailures;     /* InitializeAllocator failed: fell back */
  ULONG AllocateCalls;
  ULONG FreeCalls;
} KSSIM_PIN_STATISTICS, *PKSSIM_PIN_STATISTICS;

/* Settings for the whole simulated kernel (the ambient Environment). */
typedef struct {
  /* IRQL of Allocate / Free calls: PASSIVE_LEVEL (default) or
   * DISPATCH_LEVEL (catches paged frames and paged pool in the callbacks). */
  KIRQL AllocatorIrql;
  /* Check every frame Allocate returns (alignment, size, pool); default TRUE. */
  BOOLEAN CheckFrames;
} KSSIM_SETTINGS, *PKSSIM_SETTINGS;

VOID KsSimGetSettings(PKSSIM_SETTINGS Settings);
VOID KsSimSetSettings(const KSSIM_SETTINGS* Settings);

/* Creates pin `PinId` of a filter from its descriptor: allocates the KSPIN
 * and its bag, runs Dispatch->Create (which may KsEdit the descriptor and
 * framing). STATUS_SUCCESS, Create's failure (the pin is gone),
 * STATUS_INSUFFICIENT_RESOURCES, STATUS_INVALID_PARAMETER. */
NTSTATUS KsSimCreatePin(const KSPIN_DESCRIPTOR_EX* Descriptor, ULONG PinId, PKSPIN* Pin);

/* Connects the pin: derives the KSALLOCATOR_FRAMING from the pin's
 * KSALLOCATOR_FRAMING_EX, chooses the allocator (the pin's own only for a
 * kernel peer whose requirements it meets) and creates it
 * (InitializeAllocator; its failure falls back to the default allocator).
 * Runs Dispatch->Connect. STATUS_SUCCESS, STATUS_INVALID_DEVICE_STATE
 * (already connected), STATUS_INSUFFICIENT_RESOURCES. */
NTSTATUS KsSimConnectPin(PKSPIN Pin, KSSIM_PEER Peer);

/* Moves the pin one state up or down towards `To` per call of
 * SetDeviceState; returns SetDeviceState's failure (the state stays), or
 * STATUS_SUCCESS once the pin is in `To`. Entering ACQUIRE fills the
 * circuit (Allocate up to Frames); returning to STOP frees every frame. */
NTSTATUS KsSimSetPinState(PKSPIN Pin, KSSTATE To);

/* Takes a frame from the circuit (data flows through it), allocating a new
 * one while fewer than Frames are outstanding. NULL if none is available. */
PVOID KsSimTakeFrame(PKSPIN Pin);
/* Gives a taken frame back to the circuit (it is recycled, not freed). */
VOID KsSimReturnFrame(PKSPIN Pin, PVOID Frame);
/* Delivers a taken frame to the connection's peer and back into the
 * circuit. A frame from a kernel allocator reaching a user-mode peer is a
 * violation (0xC4/0xF2007). */
VOID KsSimDeliverFrame(PKSPIN Pin, PVOID Frame);

/* Disconnects (back to STOP, every frame freed, DeleteAllocator, then
 * Dispatch->Disconnect) and closes (Dispatch->Close, the bag freed) the pin. */
VOID KsSimClosePin(PKSPIN Pin);

VOID KsSimGetPinStatistics(PKSPIN Pin, PKSSIM_PIN_STATISTICS Statistics);

/* ---- allocator objects, as a KS 1.0 driver or a client sees them --------- */
/* Builds an IRP_MJ_CREATE of type KSCREATE_REQUEST_ALLOCATOR carrying a copy
 * of `Framing`. STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES. */
NTSTATUS KsSimBuildAllocatorCreateIrp(const KSALLOCATOR_FRAMING* Framing, PIRP* Irp);
/* The file object the allocator (KsCreateDefaultAllocator(Ex)) binds to. */
PFILE_OBJECT KsSimIrpFileObject(PIRP Irp);
/* Frees the IRP; an allocator bound to its file object stays until
 * KsSimCloseAllocator. */
VOID KsSimFreeIrp(PIRP Irp);
/* IRP_MJ_CLOSE of the allocator: completes pending requests with
 * STATUS_CANCELLED, frees frames still in the allocator's free list, runs
 * DeleteAllocator. A frame still outstanding is a violation (0xC4/0xF2006). */
VOID KsSimCloseAllocator(PFILE_OBJECT FileObject);

/* KSPROPERTY_STREAMALLOCATOR_FUNCTIONTABLE / _STATUS. */
NTSTATUS KsSimGetAllocatorFunctionTable(PFILE_OBJECT FileObject,
                                        PKSSTREAMALLOCATOR_FUNCTIONTABLE Table);
NTSTATUS KsSimGetAllocatorStatus(PFILE_OBJECT FileObject, PKSSTREAMALLOCATOR_STATUS Status);

/* KSMETHOD_STREAMALLOCATOR_ALLOC and _FREE. A request the Frames limit
 * holds returns STATUS_PENDING and is completed by a later FREE
 * (Request->Status and Request->Frame set, Completed TRUE). */
typedef struct {
  NTSTATUS Status;
  PVOID Frame;
  BOOLEAN Completed;
} KSSIM_ALLOCATOR_REQUEST, *PKSSIM_ALLOCATOR_REQUEST;
NTSTATUS KsSimAllocatorAlloc(PFILE_OBJECT FileObject, PKSSIM_ALLOCATOR_REQUEST Request);
NTSTATUS KsSimAllocatorFree(PFILE_OBJECT FileObject, PVOID Frame);

POOLSIM_END_EXTERN_C

#endif /* KSALLOC_WDK_KSSIM_H_ */
