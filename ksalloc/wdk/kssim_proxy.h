// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/wdk/kssim_proxy.h
// -----------------------------------------------------------------------------
//
// The test side of the proxy's allocator interfaces (ksalloc's WDK surface,
// C++ only): where a test gets the IKsAllocatorEx the proxy would create and
// the IKsPin of a simulated pin.
//
//   IKsAllocatorEx* allocator = nullptr;
//   ASSERT_EQ(KsSimCreateProxyAllocator(&allocator), S_OK);
//   PALLOCATOR_PROPERTIES_EX p = allocator->KsGetProperties();
//   p->cBuffers = 4; p->cbBuffer = 4096; p->cbAlign = 8;
//   HANDLE h = allocator->KsCreateAllocatorAndGetHandle(KsSimGetProxyPin(pin));
//   // h is the allocator object's file object: KsSimGetAllocatorFunctionTable,
//   // KsSimAllocatorAlloc, ... take it as a PFILE_OBJECT.
//   allocator->Release();  // the last reference: h is closed (DeleteAllocator)

#ifndef KSALLOC_WDK_KSSIM_PROXY_H_
#define KSALLOC_WDK_KSSIM_PROXY_H_

#include "ksalloc/wdk/kspin.h"
#include "ksalloc/wdk/ksproxy.h"

// A new proxy allocator object with one reference, in KsAllocatorMode_User,
// its properties zeroed, no handle. S_OK, E_POINTER (NULL Allocator),
// E_OUTOFMEMORY (the pool allocation failed: the fault injector can fail it).
// A reference never released is reported with the stack that took it.
HRESULT KsSimCreateProxyAllocator(IKsAllocatorEx** Allocator);

// The IKsPin a proxy holds for `Pin` (it answers QueryInterface for
// IKsObject, whose KsGetObjectHandle is the PKSPIN). No reference is added;
// valid until the pin is closed. NULL for a pin the simulation does not know.
IKsPin* KsSimGetProxyPin(PKSPIN Pin);

#endif  // KSALLOC_WDK_KSSIM_PROXY_H_
