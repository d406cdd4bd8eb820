/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: ksalloc/wdk/kspin.h
 * -----------------------------------------------------------------------------
 *
 * AVStream pins and their allocators (ksalloc's WDK surface): KSSTATE, KSPIN,
 * KSPIN_DISPATCH, KSPIN_DESCRIPTOR(_EX), KSALLOCATOR_DISPATCH and its four
 * callback prototypes, KsEdit / _KsEdit and the object bag, the default
 * allocator (KsCreateDefaultAllocator(Ex), KsValidateAllocatorCreateRequest),
 * KSSTREAMALLOCATOR_STATUS(_EX) and the DISPATCH_LEVEL function table. Member
 * order follows the WDK's structures; docs/ksalloc.md says which members the
 * simulation acts on. C11 and C++17; drivers reach it through <ks.h>. */

#ifndef KSALLOC_WDK_KSPIN_H_
#define KSALLOC_WDK_KSPIN_H_

#include "ksalloc/wdk/ksframing.h"
#include "poolsim/wdk/ntdef.h"
#include "poolsim/wdk/wdm.h"

POOLSIM_BEGIN_EXTERN_C

/* Opaque here: the simulation hands out IRPs and file objects it owns and
 * never lets a driver look inside them. */
typedef struct _IRP IRP, *PIRP;
typedef struct _FILE_OBJECT* PFILE_OBJECT;

#ifndef STATUS_CANCELLED
#define STATUS_CANCELLED ((NTSTATUS)0xC0000120L)
#endif
#ifndef STATUS_INVALID_DEVICE_STATE
#define STATUS_INVALID_DEVICE_STATE ((NTSTATUS)0xC0000184L)
#endif
#ifndef STATUS_NOT_FOUND
#define STATUS_NOT_FOUND ((NTSTATUS)0xC0000225L)
#endif

/* ---- identifiers, formats ------------------------------------------------ */
typedef struct {
  union {
    struct {
      GUID Set;
      ULONG Id;
      ULONG Flags;
    };
    LONGLONG Alignment;
  };
} KSIDENTIFIER, *PKSIDENTIFIER;
typedef KSIDENTIFIER KSPIN_INTERFACE, *PKSPIN_INTERFACE;
typedef KSIDENTIFIER KSPIN_MEDIUM, *PKSPIN_MEDIUM;

typedef struct {
  ULONG PriorityClass;
  ULONG PrioritySubClass;
} KSPRIORITY, *PKSPRIORITY;

typedef union {
  struct {
    ULONG FormatSize;
    ULONG Flags;
    ULONG SampleSize;
    ULONG Reserved;
    GUID MajorFormat;
    GUID SubFormat;
    GUID Specifier;
  };
  LONGLONG Alignment;
} KSDATAFORMAT, *PKSDATAFORMAT, KSDATARANGE, *PKSDATARANGE;

typedef struct {
  ULONG Size;
  ULONG Count;
} KSMULTIPLE_ITEM, *PKSMULTIPLE_ITEM;
typedef KSMULTIPLE_ITEM KSATTRIBUTE_LIST, *PKSATTRIBUTE_LIST;

typedef enum {
  KSSTATE_STOP = 0,
  KSSTATE_ACQUIRE = 1,
  KSSTATE_PAUSE = 2,
  KSSTATE_RUN = 3
} KSSTATE, *PKSSTATE;

typedef enum { KSRESET_BEGIN = 0, KSRESET_END = 1 } KSRESET;

typedef enum { KSPIN_DATAFLOW_IN = 1, KSPIN_DATAFLOW_OUT = 2 } KSPIN_DATAFLOW, *PKSPIN_DATAFLOW;

typedef enum {
  KSPIN_COMMUNICATION_NONE = 0,
  KSPIN_COMMUNICATION_SINK = 1,
  KSPIN_COMMUNICATION_SOURCE = 2,
  KSPIN_COMMUNICATION_BOTH = 3,
  KSPIN_COMMUNICATION_BRIDGE = 4
} KSPIN_COMMUNICATION, *PKSPIN_COMMUNICATION;

typedef PVOID KSOBJECT_BAG;

/* ---- the pin ------------------------------------------------------------- */
struct _KSPIN_DESCRIPTOR_EX;

typedef struct _KSPIN {
  const struct _KSPIN_DESCRIPTOR_EX* Descriptor;
  KSOBJECT_BAG Bag;
  PVOID Context;
  ULONG Id;
  KSPIN_COMMUNICATION Communication;
  BOOLEAN ConnectionIsExternal;
  KSPIN_INTERFACE ConnectionInterface;
  KSPIN_MEDIUM ConnectionMedium;
  KSPRIORITY ConnectionPriority;
  PKSDATAFORMAT ConnectionFormat;
  PKSMULTIPLE_ITEM AttributeList;
  ULONG StreamHeaderSize;
  KSPIN_DATAFLOW DataFlow;
  KSSTATE DeviceState;
  KSRESET ResetState;
  KSSTATE ClientState;
} KSPIN, *PKSPIN;

/* ---- allocator callbacks ------------------------------------------------- */
typedef NTSTATUS (*PFNKSPININITIALIZEALLOCATOR)(PKSPIN Pin, PKSALLOCATOR_FRAMING AllocatorFraming,
                                                PVOID* Context);
typedef NTSTATUS (*PFNKSINITIALIZEALLOCATOR)(PVOID InitialContext,
                                             PKSALLOCATOR_FRAMING AllocatorFraming,
                                             PVOID* Context);
typedef VOID (*PFNKSDELETEALLOCATOR)(PVOID Context);
typedef PVOID (*PFNKSDEFAULTALLOCATE)(PVOID Context);
typedef VOID (*PFNKSDEFAULTFREE)(PVOID Context, PVOID Buffer);

typedef struct {
  PFNKSPININITIALIZEALLOCATOR InitializeAllocator;
  PFNKSDELETEALLOCATOR DeleteAllocator;
  PFNKSDEFAULTALLOCATE Allocate;
  PFNKSDEFAULTFREE Free;
} KSALLOCATOR_DISPATCH, *PKSALLOCATOR_DISPATCH;

/* ---- pin dispatch -------------------------------------------------------- */
typedef NTSTATUS (*PFNKSPINIRP)(PKSPIN Pin, PIRP Irp);
typedef NTSTATUS (*PFNKSPIN)(PKSPIN Pin);
typedef VOID (*PFNKSPINVOID)(PKSPIN Pin);
typedef NTSTATUS (*PFNKSPINSETDATAFORMAT)(PKSPIN Pin, PKSDATAFORMAT OldFormat,
                                          PKSMULTIPLE_ITEM OldAttributeList,
                                          const KSDATARANGE* DataRange,
                                          const KSATTRIBUTE_LIST* AttributeRange);
typedef NTSTATUS (*PFNKSPINSETDEVICESTATE)(PKSPIN Pin, KSSTATE ToState, KSSTATE FromState);
typedef struct _KSCLOCK_DISPATCH KSCLOCK_DISPATCH, *PKSCLOCK_DISPATCH;
typedef struct _KSAUTOMATION_TABLE KSAUTOMATION_TABLE, *PKSAUTOMATION_TABLE;
typedef NTSTATUS (*PFNKSINTERSECTHANDLEREX)(PVOID Context, PIRP Irp, PVOID Pin,
                                            PKSDATARANGE DataRange, PKSDATARANGE MatchingDataRange,
                                            ULONG DataBufferSize, PVOID Data, PULONG DataSize);

typedef struct {
  PFNKSPINIRP Create;
  PFNKSPINIRP Close;
  PFNKSPIN Process;
  PFNKSPINVOID Reset;
  PFNKSPINSETDATAFORMAT SetDataFormat;
  PFNKSPINSETDEVICESTATE SetDeviceState;
  PFNKSPINVOID Connect;
  PFNKSPINVOID Disconnect;
  const KSCLOCK_DISPATCH* Clock;
  const KSALLOCATOR_DISPATCH* Allocator;
} KSPIN_DISPATCH, *PKSPIN_DISPATCH;

typedef struct {
  ULONG InterfacesCount;
  const KSPIN_INTERFACE* Interfaces;
  ULONG MediumsCount;
  const KSPIN_MEDIUM* Mediums;
  ULONG DataRangesCount;
  const PKSDATARANGE* DataRanges;
  KSPIN_DATAFLOW DataFlow;
  KSPIN_COMMUNICATION Communication;
  const GUID* Category;
  const GUID* Name;
  union {
    LONGLONG Reserved;
    struct {
      ULONG ConstrainedDataRangesCount;
      PKSDATARANGE* ConstrainedDataRanges;
    };
  };
} KSPIN_DESCRIPTOR, *PKSPIN_DESCRIPTOR;

typedef struct _KSPIN_DESCRIPTOR_EX {
  const KSPIN_DISPATCH* Dispatch;
  const KSAUTOMATION_TABLE* AutomationTable;
  KSPIN_DESCRIPTOR PinDescriptor;
  ULONG Flags;
  ULONG InstancesPossible;
  ULONG InstancesNecessary;
  const KSALLOCATOR_FRAMING_EX* AllocatorFraming;
  PFNKSINTERSECTHANDLEREX IntersectHandler;
} KSPIN_DESCRIPTOR_EX, *PKSPIN_DESCRIPTOR_EX;

/* ---- object bags and KsEdit ---------------------------------------------- */
/* Replaces *PointerToPointerToItem with a pool copy (NewSize bytes, the first
 * OldSize copied, the rest zeroed, tagged Tag) that the bag frees when its
 * object closes. An item already in the bag is resized only if NewSize is
 * larger. STATUS_SUCCESS, STATUS_INSUFFICIENT_RESOURCES (the fault injector
 * can fail it), STATUS_INVALID_PARAMETER for a NULL argument.
 * PASSIVE_LEVEL (0xA above it). */
NTSTATUS _KsEdit(KSOBJECT_BAG ObjectBag, PVOID* PointerToPointerToItem, ULONG NewSize,
                 ULONG OldSize, ULONG Tag);
#define KsEdit(Object, PointerToPointer, Tag)                                          \
  _KsEdit((Object)->Bag, (PVOID*)(PointerToPointer), sizeof(**(PointerToPointer)), \
          sizeof(**(PointerToPointer)), (Tag))
#define KsEditSized(Object, PointerToPointer, NewSize, OldSize, Tag) \
  _KsEdit((Object)->Bag, (PVOID*)(PointerToPointer), (NewSize), (OldSize), (Tag))

/* Adds Item to the bag; the bag calls Free(Item) (ExFreePool if Free is NULL)
 * when its object closes. STATUS_SUCCESS or STATUS_INVALID_PARAMETER. */
typedef VOID (*PFNKSFREE)(PVOID Data);
NTSTATUS KsAddItemToObjectBag(KSOBJECT_BAG ObjectBag, PVOID Item, PFNKSFREE Free);
/* Removes Item; frees it first when Free is TRUE. Returns the number of
 * references the bag held to it (0 if it was not there). */
ULONG KsRemoveItemFromObjectBag(KSOBJECT_BAG ObjectBag, PVOID Item, BOOLEAN Free);

/* ---- the default allocator ----------------------------------------------- */
/* KsValidateAllocatorCreateRequest: points *AllocatorFraming at the framing
 * in an allocator-create IRP. STATUS_INVALID_PARAMETER for FrameSize 0,
 * OptionsFlags outside the requirement bits or a nonzero Reserved.
 * PASSIVE_LEVEL. */
NTSTATUS KsValidateAllocatorCreateRequest(PIRP Irp, PKSALLOCATOR_FRAMING* AllocatorFraming);
/* KsCreateDefaultAllocator(Ex): validates the create request and binds a
 * default allocator to the IRP's file object (frames from a lookaside list
 * of FrameSize bytes in PoolType, or from the replacement callbacks).
 * All four callbacks NULL, or DefaultAllocate and DefaultFree both set.
 * Does not complete the IRP. STATUS_SUCCESS, STATUS_INVALID_PARAMETER,
 * STATUS_INSUFFICIENT_RESOURCES, or InitializeAllocator's failure.
 * PASSIVE_LEVEL. */
NTSTATUS KsCreateDefaultAllocator(PIRP Irp);
NTSTATUS KsCreateDefaultAllocatorEx(PIRP Irp, PVOID InitializeContext,
                                    PFNKSDEFAULTALLOCATE DefaultAllocate,
                                    PFNKSDEFAULTFREE DefaultFree,
                                    PFNKSINITIALIZEALLOCATOR InitializeAllocator,
                                    PFNKSDELETEALLOCATOR DeleteAllocator);

/* KSPROPERTY_STREAMALLOCATOR_STATUS(_EX). */
typedef struct {
  KSALLOCATOR_FRAMING Framing;
  ULONG AllocatedFrames;
  ULONG Reserved;
} KSSTREAMALLOCATOR_STATUS, *PKSSTREAMALLOCATOR_STATUS;
typedef struct {
  KSALLOCATOR_FRAMING_EX Framing;
  ULONG AllocatedFrames;
  ULONG Reserved;
} KSSTREAMALLOCATOR_STATUS_EX, *PKSSTREAMALLOCATOR_STATUS_EX;

/* KSPROPERTY_STREAMALLOCATOR_FUNCTIONTABLE: callable at <= DISPATCH_LEVEL;
 * AllocateFrame sets *Frame to NULL at once when no frame is free. */
typedef NTSTATUS (*PFNALLOCATOR_ALLOCATEFRAME)(PFILE_OBJECT FileObject, PVOID* Frame);
typedef VOID (*PFNALLOCATOR_FREEFRAME)(PFILE_OBJECT FileObject, PVOID Frame);
typedef struct {
  PFNALLOCATOR_ALLOCATEFRAME AllocateFrame;
  PFNALLOCATOR_FREEFRAME FreeFrame;
} KSSTREAMALLOCATOR_FUNCTIONTABLE, *PKSSTREAMALLOCATOR_FUNCTIONTABLE;


POOLSIM_END_EXTERN_C

#endif /* KSALLOC_WDK_KSPIN_H_ */
