/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: ksalloc/wdk/ksproxy.h
 * -----------------------------------------------------------------------------
 *
 * The kernel-streaming proxy's allocator interfaces (ksalloc's WDK surface,
 * the user-mode side): IKsAllocator and IKsAllocatorEx with their methods in
 * the header's vtable order after IUnknown, ALLOCATOR_PROPERTIES_EX and the
 * pipe enumerations it uses, KSALLOCATORMODE, the HRESULT values the
 * methods return. C++17 only: the interfaces are abstract classes, with no
 * COM runtime behind them (QueryInterface, AddRef and Release follow COM's
 * rules; nothing is registered, nothing is marshalled).
 *
 * The simulation's objects come from the test side (kssim.h):
 *
 *   IKsAllocatorEx* allocator = nullptr;
 *   KsSimCreateProxyAllocator(&allocator);           // one reference
 *   allocator->KsGetProperties()->cBuffers = 4;      // ... cbBuffer, cbAlign
 *   HANDLE h = allocator->KsCreateAllocatorAndGetHandle(KsSimGetProxyPin(pin));
 *   ...                                              // frames through h
 *   allocator->Release();                            // closes h
 *
 * Drivers and proxies reach it through <ksproxy.h> (//:wdk_headers). */

#ifndef KSALLOC_WDK_KSPROXY_H_
#define KSALLOC_WDK_KSPROXY_H_

#ifndef __cplusplus
#error "ksproxy.h declares C++ interfaces (IKsAllocator, IKsAllocatorEx): compile as C++"
#endif

#include "ksalloc/wdk/ksframing.h"
#include "ksalloc/wdk/kspin.h"
#include "poolsim/wdk/ntdef.h"
#include "wdkhost/wdk/guid.h"  // IID, REFIID, IsEqualGUID, IsEqualIID

/* ---- HRESULT ---------------------------------------------------------------- */
#ifndef S_OK
typedef LONG HRESULT;
#define S_OK ((HRESULT)0L)
#define S_FALSE ((HRESULT)1L)
#define E_NOINTERFACE ((HRESULT)0x80004002L)
#define E_POINTER ((HRESULT)0x80004003L)
#define E_FAIL ((HRESULT)0x80004005L)
#define E_HANDLE ((HRESULT)0x80070006L)
#define E_OUTOFMEMORY ((HRESULT)0x8007000EL)
#define E_INVALIDARG ((HRESULT)0x80070057L)
#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)
#define FAILED(hr) (((HRESULT)(hr)) < 0)
#endif


/* Interface identifiers (the values ksproxy.h and unknwn.h give them). */
static const IID IID_IUnknown = {
    0x00000000, 0x0000, 0x0000, {0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
static const IID IID_IKsAllocator = {
    0x8da64899, 0xc0d9, 0x11d0, {0x84, 0x13, 0x00, 0x00, 0xf8, 0x22, 0xfe, 0x8a}};
static const IID IID_IKsAllocatorEx = {
    0x091bb63a, 0x603f, 0x11d1, {0xb0, 0x67, 0x00, 0xa0, 0xc9, 0x06, 0x28, 0x02}};
static const IID IID_IKsObject = {
    0x423c13a2, 0x2070, 0x11d0, {0x9e, 0xf7, 0x00, 0xaa, 0x00, 0xa2, 0x16, 0xa1}};
static const IID IID_IKsPin = {
    0xb61178d1, 0xa2d9, 0x11cf, {0x9e, 0x53, 0x00, 0xaa, 0x00, 0xa2, 0x16, 0xa1}};


/* ---- IUnknown ------------------------------------------------------------- */
/* QueryInterface: S_OK and a new reference in *Object; E_NOINTERFACE with
 * *Object NULL for an interface the object does not have; E_POINTER for a
 * NULL Object. AddRef / Release return the new count; the object goes when
 * it reaches 0. */
struct IUnknown {
  virtual HRESULT QueryInterface(REFIID InterfaceId, void** Object) = 0;
  virtual ULONG AddRef() = 0;
  virtual ULONG Release() = 0;

 protected:
  ~IUnknown() = default;
};

/* IKsObject: the kernel object (a file handle) behind a proxy object. */
struct IKsObject : public IUnknown {
  virtual HANDLE KsGetObjectHandle() = 0;

 protected:
  ~IKsObject() = default;
};

/* IKsPin: a proxy's pin. Its own methods (mediums, interfaces, sink pin
 * handles, ...) are not simulated and not declared; the simulation's pins
 * (KsSimGetProxyPin) answer QueryInterface for IKsObject, whose handle is the
 * kernel pin. */
struct IKsPin : public IUnknown {
 protected:
  ~IKsPin() = default;
};

/* ---- ALLOCATOR_PROPERTIES_EX and the pipe enumerations ---------------------- */
typedef enum {
  KsAllocatorMode_User = 0,
  KsAllocatorMode_Kernel = 1
} KSALLOCATORMODE;

typedef enum {
  PipeState_DontCare = 0,
  PipeState_RangeNotFixed = 1,
  PipeState_RangeFixed = 2,
  PipeState_CompressionUnknown = 3,
  PipeState_Finalized = 4
} PIPE_STATE;

typedef struct _PIPE_DIMENSIONS {
  KS_COMPRESSION AllocatorPin;
  KS_COMPRESSION MaxExpansionPin;
  KS_COMPRESSION EndPin;
} PIPE_DIMENSIONS, *PPIPE_DIMENSIONS;

typedef enum {
  Pipe_Allocator_None = 0,
  Pipe_Allocator_FirstPin = 1,
  Pipe_Allocator_LastPin = 2,
  Pipe_Allocator_MiddlePin = 3
} PIPE_ALLOCATOR_PLACE;

typedef enum {
  KS_MemoryTypeDontCare = 0,
  KS_MemoryTypeKernelPaged = 1,
  KS_MemoryTypeKernelNonPaged = 2,
  KS_MemoryTypeDeviceHostMapped = 3,
  KS_MemoryTypeDeviceSpecific = 4,
  KS_MemoryTypeUser = 5,
  KS_MemoryTypeAnyHost = 6
} KS_LogicalMemoryType;

typedef struct _PIPE_TERMINATION {
  ULONG Flags;
  ULONG OutsideFactors;
  ULONG Weigth; /* sic: the header's spelling */
  KS_FRAMING_RANGE PhysicalRange;
  KS_FRAMING_RANGE_WEIGHTED OptimalRange;
  KS_COMPRESSION Compression;
} PIPE_TERMINATION;

/* Strategy bits. */
enum {
  AllocatorStrategy_DontCare = 0,
  AllocatorStrategy_MinimizeNumberOfFrames = 0x00000001,
  AllocatorStrategy_MinimizeFrameSize = 0x00000002,
  AllocatorStrategy_MinimizeNumberOfAllocators = 0x00000004,
  AllocatorStrategy_MaximizeSpeed = 0x00000008
};

/* InsideFactors bits. */
enum {
  PipeFactor_None = 0,
  PipeFactor_UserModeUpstream = 0x00000001,
  PipeFactor_UserModeDownstream = 0x00000002,
  PipeFactor_MemoryTypes = 0x00000004,
  PipeFactor_Flags = 0x00000008,
  PipeFactor_PhysicalRanges = 0x00000010,
  PipeFactor_OptimalRanges = 0x00000020,
  PipeFactor_FixedCompression = 0x00000040,
  PipeFactor_UnknownCompression = 0x00000080,
  PipeFactor_Buffers = 0x00000100,
  PipeFactor_Align = 0x00000200,
  PipeFactor_PhysicalEnd = 0x00000400,
  PipeFactor_LogicalEnd = 0x00000800
};

struct IKsAllocatorEx;

typedef struct _ALLOCATOR_PROPERTIES_EX {
  long cBuffers; /* frames */
  long cbBuffer; /* bytes per frame */
  long cbAlign;  /* alignment in bytes (not a mask) */
  long cbPrefix;
  GUID MemoryType;
  GUID BusType;
  PIPE_STATE State;
  PIPE_TERMINATION Input;
  PIPE_TERMINATION Output;
  ULONG Strategy;
  ULONG Flags;
  ULONG Weight;
  KS_LogicalMemoryType LogicalMemoryType;
  PIPE_ALLOCATOR_PLACE AllocatorPlace;
  PIPE_DIMENSIONS Dimensions;
  KS_FRAMING_RANGE PhysicalRange;
  IKsAllocatorEx* PrevSegment;
  ULONG CountNextSegments;
  IKsAllocatorEx** NextSegments;
  ULONG InsideFactors;
  ULONG NumberPins;
} ALLOCATOR_PROPERTIES_EX, *PALLOCATOR_PROPERTIES_EX;

/* ---- IKsAllocator / IKsAllocatorEx ------------------------------------------ */
/* The methods' return types are the header's (HANDLE, KSALLOCATORMODE, a
 * pointer), where the reference pages say "S_OK". */
struct IKsAllocator : public IUnknown {
  /* The kernel allocator's handle, or NULL if there is none. */
  virtual HANDLE KsGetAllocatorHandle() = 0;
  /* The mode the allocator allocates in; a new proxy allocator is in
   * KsAllocatorMode_User. */
  virtual KSALLOCATORMODE KsGetAllocatorMode() = 0;
  /* KSPROPERTY_STREAMALLOCATOR_STATUS of the kernel allocator: S_OK,
   * E_POINTER for a NULL AllocatorStatus, E_HANDLE without a kernel
   * allocator handle. */
  virtual HRESULT KsGetAllocatorStatus(PKSSTREAMALLOCATOR_STATUS AllocatorStatus) = 0;
  virtual VOID KsSetAllocatorMode(KSALLOCATORMODE Mode) = 0;

 protected:
  ~IKsAllocator() = default;
};

struct IKsAllocatorEx : public IKsAllocator {
  /* The allocator's own properties (not a copy): valid while the object is. */
  virtual PALLOCATOR_PROPERTIES_EX KsGetProperties() = 0;
  /* Copies the whole structure (a NULL pointer is ignored). */
  virtual VOID KsSetProperties(PALLOCATOR_PROPERTIES_EX Properties) = 0;
  /* Replaces the handle (the one held before is not closed). */
  virtual VOID KsSetAllocatorHandle(HANDLE AllocatorHandle) = 0;
  /* Closes the handle the object holds, then creates a kernel allocator on
   * the pin from the properties (KsCreateAllocator: Frames = cBuffers,
   * FrameSize = cbBuffer, FileAlignment = cbAlign - 1, system memory, paged
   * pool for KS_MemoryTypeKernelPaged) and returns its handle; NULL on any
   * failure. */
  virtual HANDLE KsCreateAllocatorAndGetHandle(IKsPin* KsPin) = 0;

 protected:
  ~IKsAllocatorEx() = default;
};

#endif /* KSALLOC_WDK_KSPROXY_H_ */
