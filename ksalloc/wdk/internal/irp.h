// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/wdk/internal/irp.h
// -----------------------------------------------------------------------------
//
// What ksalloc's opaque IRP holds (WDK surface, private): the allocator-create
// request's framing and the file object the allocator binds to. A file
// object here is only an identity (no FILE_OBJECT members are simulated).

#ifndef KSALLOC_WDK_INTERNAL_IRP_H_
#define KSALLOC_WDK_INTERNAL_IRP_H_

#include "ksalloc/wdk/kspin.h"

struct _IRP {
  KSALLOCATOR_FRAMING framing;
  PFILE_OBJECT file_object;
};

#endif  // KSALLOC_WDK_INTERNAL_IRP_H_
