/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: ksalloc/wdk/ksframing.h
 * -----------------------------------------------------------------------------
 *
 * Kernel-streaming allocator framing (ksalloc's WDK surface): the
 * KSALLOCATOR_FRAMING an allocator is created with, the AVStream
 * KSALLOCATOR_FRAMING_EX a pin declares (KS_FRAMING_ITEM and its ranges),
 * DECLARE_SIMPLE_FRAMING_EX, the requirement / option / allocator flags,
 * the memory-type GUIDs and the FILE_*_ALIGNMENT masks, with the WDK's names
 * and values. C11 and C++17; drivers reach it through <ks.h>. */

#ifndef KSALLOC_WDK_KSFRAMING_H_
#define KSALLOC_WDK_KSFRAMING_H_

#include "poolsim/wdk/ntdef.h"
#include "poolsim/wdk/wdm.h"

POOLSIM_BEGIN_EXTERN_C

/* ---- alignment masks (value + 1 is the alignment) ------------------------ */
#ifndef FILE_BYTE_ALIGNMENT
#define FILE_BYTE_ALIGNMENT 0x00000000
#define FILE_WORD_ALIGNMENT 0x00000001
#define FILE_LONG_ALIGNMENT 0x00000003
#define FILE_QUAD_ALIGNMENT 0x00000007
#define FILE_OCTA_ALIGNMENT 0x0000000f
#define FILE_32_BYTE_ALIGNMENT 0x0000001f
#define FILE_64_BYTE_ALIGNMENT 0x0000003f
#define FILE_128_BYTE_ALIGNMENT 0x0000007f
#define FILE_256_BYTE_ALIGNMENT 0x000000ff
#define FILE_512_BYTE_ALIGNMENT 0x000001ff
#endif

/* ---- requirement, option and allocator flags ----------------------------- */
#define KSALLOCATOR_REQUIREMENTF_INPLACE_MODIFIER 0x00000001
#define KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY 0x00000002
#define KSALLOCATOR_REQUIREMENTF_FRAME_INTEGRITY 0x00000004
#define KSALLOCATOR_REQUIREMENTF_MUST_ALLOCATE 0x00000008
#define KSALLOCATOR_REQUIREMENTF_PREFERENCES_ONLY 0x80000000

#define KSALLOCATOR_OPTIONF_COMPATIBLE 0x00000001
#define KSALLOCATOR_OPTIONF_SYSTEM_MEMORY 0x00000002
#define KSALLOCATOR_OPTIONF_VALID 0x00000003

#define KSALLOCATOR_FLAG_PARTIAL_READ_SUPPORT 0x00000010
#define KSALLOCATOR_FLAG_DEVICE_SPECIFIC 0x00000020
#define KSALLOCATOR_FLAG_CAN_ALLOCATE 0x00000040
#define KSALLOCATOR_FLAG_INSIST_ON_FRAMESIZE_RATIO 0x00000080
#define KSALLOCATOR_FLAG_NO_FRAME_INTEGRITY 0x00000100
#define KSALLOCATOR_FLAG_MULTIPLE_OUTPUT 0x00000200
#define KSALLOCATOR_FLAG_CYCLE 0x00000400
#define KSALLOCATOR_FLAG_ALLOCATOR_EXISTS 0x00000800
#define KSALLOCATOR_FLAG_INDEPENDENT_RANGES 0x00001000
#define KSALLOCATOR_FLAG_ATTENTION_STEPPING 0x00002000
#define KSALLOCATOR_FLAG_ENABLE_CACHED_MDL 0x00004000
#define KSALLOCATOR_FLAG_2D_BUFFER_REQUIRED 0x00008000

/* ---- memory types -------------------------------------------------------- */
/* STATIC_<name> is the GUID's initializer list, STATICGUIDOF(<name>) picks it
 * (for DECLARE_SIMPLE_FRAMING_EX); <name> itself is a `const GUID` with
 * internal linkage in every translation unit. */
#ifndef STATICGUIDOF
#define STATICGUIDOF(guid) STATIC_##guid
#endif
#define STATIC_KSMEMORY_TYPE_SYSTEM \
  0x091bb638, 0x603f, 0x11d1, {0xb0, 0x67, 0x00, 0xa0, 0xc9, 0x06, 0x28, 0x02}
#define STATIC_KSMEMORY_TYPE_USER \
  0x8cb0fc28, 0x7893, 0x11d1, {0xb0, 0x69, 0x00, 0xa0, 0xc9, 0x06, 0x28, 0x02}
#define STATIC_KSMEMORY_TYPE_KERNEL_PAGED \
  0xd833f8f8, 0x7894, 0x11d1, {0xb0, 0x69, 0x00, 0xa0, 0xc9, 0x06, 0x28, 0x02}
#define STATIC_KSMEMORY_TYPE_KERNEL_NONPAGED \
  0x4a6d5fc4, 0x7895, 0x11d1, {0xb0, 0x69, 0x00, 0xa0, 0xc9, 0x06, 0x28, 0x02}
#define STATIC_KSMEMORY_TYPE_DEVICE_UNKNOWN \
  0x091bb639, 0x603f, 0x11d1, {0xb0, 0x67, 0x00, 0xa0, 0xc9, 0x06, 0x28, 0x02}
#define STATIC_KSMEMORY_TYPE_DONT_CARE 0, 0, 0, {0, 0, 0, 0, 0, 0, 0, 0}
#define STATIC_KSMEMORY_TYPE_WILDCARD STATIC_KSMEMORY_TYPE_DONT_CARE
#define STATIC_KSBUSTYPE_DONT_CARE 0, 0, 0, {0, 0, 0, 0, 0, 0, 0, 0}

static const GUID KSMEMORY_TYPE_SYSTEM = {STATIC_KSMEMORY_TYPE_SYSTEM};
static const GUID KSMEMORY_TYPE_USER = {STATIC_KSMEMORY_TYPE_USER};
static const GUID KSMEMORY_TYPE_KERNEL_PAGED = {STATIC_KSMEMORY_TYPE_KERNEL_PAGED};
static const GUID KSMEMORY_TYPE_KERNEL_NONPAGED = {STATIC_KSMEMORY_TYPE_KERNEL_NONPAGED};
static const GUID KSMEMORY_TYPE_DEVICE_UNKNOWN = {STATIC_KSMEMORY_TYPE_DEVICE_UNKNOWN};
static const GUID KSMEMORY_TYPE_DONT_CARE = {STATIC_KSMEMORY_TYPE_DONT_CARE};
#define KSMEMORY_TYPE_WILDCARD KSMEMORY_TYPE_DONT_CARE
static const GUID KSBUSTYPE_DONT_CARE = {STATIC_KSBUSTYPE_DONT_CARE};

/* ---- KSALLOCATOR_FRAMING: what an allocator is created with -------------- */
typedef struct {
  union {
    ULONG OptionsFlags;      /* when creating an allocator */
    ULONG RequirementsFlags; /* when querying a pin */
  };
  POOL_TYPE PoolType;
  ULONG Frames;    /* outstanding frames at most; 0 = no requirement */
  ULONG FrameSize; /* bytes, prefix and postfix included; 0 = no requirement */
  union {
    ULONG FileAlignment; /* a mask: FILE_*_ALIGNMENT */
    LONG FramePitch;
  };
  ULONG Reserved; /* 0 */
} KSALLOCATOR_FRAMING, *PKSALLOCATOR_FRAMING;

/* ---- KSALLOCATOR_FRAMING_EX: what an AVStream pin declares --------------- */
typedef struct {
  ULONG MinFrameSize;
  ULONG MaxFrameSize;
  ULONG Stepping;
} KS_FRAMING_RANGE, *PKS_FRAMING_RANGE;

typedef struct {
  KS_FRAMING_RANGE Range;
  ULONG InPlaceWeight;
  ULONG NotInPlaceWeight;
} KS_FRAMING_RANGE_WEIGHTED, *PKS_FRAMING_RANGE_WEIGHTED;

typedef struct {
  ULONG RatioNumerator;
  ULONG RatioDenominator;
  ULONG RatioConstantMargin;
} KS_COMPRESSION, *PKS_COMPRESSION;

typedef struct {
  GUID MemoryType;
  GUID BusType;
  ULONG MemoryFlags;
  ULONG BusFlags;
  ULONG Flags;
  ULONG Frames;
  union {
    ULONG FileAlignment;
    LONG FramePitch;
  };
  ULONG MemoryTypeWeight;
  KS_FRAMING_RANGE PhysicalRange;
  KS_FRAMING_RANGE_WEIGHTED FramingRange;
} KS_FRAMING_ITEM, *PKS_FRAMING_ITEM;

typedef struct {
  ULONG CountItems;
  ULONG PinFlags;
  KS_COMPRESSION OutputCompression;
  ULONG PinWeight;
  KS_FRAMING_ITEM FramingItem[1]; /* CountItems entries */
} KSALLOCATOR_FRAMING_EX, *PKSALLOCATOR_FRAMING_EX;

/* One framing item with the simple form's defaults: compression 1/1/0,
 * physical range {0, 0xFFFFFFFF, 1}, framing range {{Min, Max, 1}, 0, 0},
 * bus type don't-care. */
#define DECLARE_SIMPLE_FRAMING_EX(FramingExName, MemoryType, Flags, Frames, Alignment,  \
                                  MinFrameSize, MaxFrameSize)                          \
  const KSALLOCATOR_FRAMING_EX FramingExName = {                                       \
      1,                                                                               \
      0,                                                                               \
      {1, 1, 0},                                                                       \
      0,                                                                               \
      {{{MemoryType},                                                                  \
        {STATIC_KSBUSTYPE_DONT_CARE},                                                  \
        KSALLOCATOR_REQUIREMENTF_MUST_ALLOCATE,                                        \
        0,                                                                             \
        (Flags),                                                                       \
        (Frames),                                                                      \
        {(Alignment)},                                                                 \
        0,                                                                             \
        {0, (ULONG)0xFFFFFFFF, 1},                                                     \
        {{(MinFrameSize), (MaxFrameSize), 1}, 0, 0}}}}

/* The same values written into an existing (for example KsEdit-ed) framing. */
#define INITIALIZE_SIMPLE_FRAMING_EX(FramingExPointer, P_MemoryType, P_Flags, P_Frames,   \
                                     P_Alignment, P_MinFrameSize, P_MaxFrameSize)        \
  do {                                                                                   \
    (FramingExPointer)->CountItems = 1;                                                  \
    (FramingExPointer)->PinFlags = 0;                                                    \
    (FramingExPointer)->OutputCompression.RatioNumerator = 1;                            \
    (FramingExPointer)->OutputCompression.RatioDenominator = 1;                          \
    (FramingExPointer)->OutputCompression.RatioConstantMargin = 0;                       \
    (FramingExPointer)->PinWeight = 0;                                                   \
    (FramingExPointer)->FramingItem[0].MemoryType = (P_MemoryType);                      \
    (FramingExPointer)->FramingItem[0].BusType = KSBUSTYPE_DONT_CARE;                    \
    (FramingExPointer)->FramingItem[0].MemoryFlags = KSALLOCATOR_REQUIREMENTF_MUST_ALLOCATE; \
    (FramingExPointer)->FramingItem[0].BusFlags = 0;                                     \
    (FramingExPointer)->FramingItem[0].Flags = (P_Flags);                                \
    (FramingExPointer)->FramingItem[0].Frames = (P_Frames);                              \
    (FramingExPointer)->FramingItem[0].FileAlignment = (P_Alignment);                    \
    (FramingExPointer)->FramingItem[0].MemoryTypeWeight = 0;                             \
    (FramingExPointer)->FramingItem[0].PhysicalRange.MinFrameSize = 0;                   \
    (FramingExPointer)->FramingItem[0].PhysicalRange.MaxFrameSize = (ULONG)0xFFFFFFFF;   \
    (FramingExPointer)->FramingItem[0].PhysicalRange.Stepping = 1;                       \
    (FramingExPointer)->FramingItem[0].FramingRange.Range.MinFrameSize = (P_MinFrameSize); \
    (FramingExPointer)->FramingItem[0].FramingRange.Range.MaxFrameSize = (P_MaxFrameSize); \
    (FramingExPointer)->FramingItem[0].FramingRange.Range.Stepping = 1;                  \
    (FramingExPointer)->FramingItem[0].FramingRange.InPlaceWeight = 0;                   \
    (FramingExPointer)->FramingItem[0].FramingRange.NotInPlaceWeight = 0;                \
  } while (0)

POOLSIM_END_EXTERN_C

#endif /* KSALLOC_WDK_KSFRAMING_H_ */
