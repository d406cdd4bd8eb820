// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/wdk/ksproxy.cc
// -----------------------------------------------------------------------------
//
// The test side of the proxy's allocator interfaces (ksalloc/wdk/kssim_proxy.h):
// each call checks its arguments, then calls the core once.

#include <memory>

#include "ksalloc/internal/kernel.h"
#include "ksalloc/pin.h"
#include "ksalloc/proxy_allocator.h"
#include "ksalloc/wdk/kssim_proxy.h"
#include "poolsim/environment.h"

HRESULT KsSimCreateProxyAllocator(IKsAllocatorEx** Allocator) {
  if (Allocator == nullptr) return E_POINTER;
  return ksalloc::ProxyAllocator::Create(poolsim::Ambient(), Allocator);
}

IKsPin* KsSimGetProxyPin(PKSPIN Pin) {
  std::shared_ptr<ksalloc::ksalloc_internal::Kernel> kernel =
      ksalloc::ksalloc_internal::Kernel::For(poolsim::Ambient());
  ksalloc::Pin* p = kernel->FindPin(Pin);
  return p == nullptr ? nullptr : p->proxy();
}
