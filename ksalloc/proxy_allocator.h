// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/proxy_allocator.h
// -----------------------------------------------------------------------------
//
// The kernel-streaming proxy's side of an allocator (ksalloc core): a
// ProxyAllocator implements IKsAllocatorEx over the simulated pipe (its
// handle is a KS allocator object created on a simulated pin, whose frames,
// status and close go through the same ledger as every other allocator), and
// a ProxyPin is the IKsPin / IKsObject a proxy holds for a simulated pin.
//
// A ProxyAllocator lives in pool memory (tag 'KsPx'), so the fault injector
// can fail its creation and a leaked one is a pool leak too; each reference
// taken (creation, AddRef, QueryInterface) keeps the stack that took it, and
// one never released is reported like a context reference. As in COM, a
// Release after the last one is undefined.
//
// Not thread-safe: one thread uses a proxy object at a time (the proxy
// serializes its allocator calls); the reference ledger is guarded so leak
// reports may be built from another thread.

#ifndef KSALLOC_PROXY_ALLOCATOR_H_
#define KSALLOC_PROXY_ALLOCATOR_H_

#include <cstdint>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "ksalloc/wdk/kspin.h"
#include "ksalloc/wdk/ksproxy.h"
#include "poolsim/environment.h"
#include "poolsim/internal/lock.h"
#include "poolsim/leaked_object.h"

namespace ksalloc {

// The pool tag of proxy allocator objects ("KsPx" as debuggers show it).
inline constexpr ULONG kProxyAllocatorTag = 0x7850734B;

// Returns the KSALLOCATOR_FRAMING KsCreateAllocatorAndGetHandle asks for
// with `properties`: Frames = cBuffers, FrameSize = cbBuffer,
// FileAlignment = cbAlign - 1 (0 for cbAlign <= 1), system memory, PagedPool
// for KS_MemoryTypeKernelPaged and NonPagedPool otherwise.
KSALLOCATOR_FRAMING FramingFromProperties(const ALLOCATOR_PROPERTIES_EX& properties);

// ProxyPin: the IKsPin (and IKsObject) of one simulated pin. Its lifetime is
// the pin's; AddRef and Release count but never free it. Any IRQL (the proxy
// is user mode). Not thread-safe.
class ProxyPin final : public IKsPin, public IKsObject {
 public:
  explicit ProxyPin(PKSPIN pin) : pin_(pin) {}
  virtual ~ProxyPin() = default;
  ProxyPin(const ProxyPin&) = delete;
  ProxyPin& operator=(const ProxyPin&) = delete;

  // IUnknown (both bases forward here): IUnknown, IKsPin, IKsObject.
  HRESULT QueryInterface(REFIID id, void** object) override;
  ULONG AddRef() override;
  ULONG Release() override;
  // IKsObject: the kernel pin (a PKSPIN) as the object handle.
  HANDLE KsGetObjectHandle() override;

  ULONG references() const { return references_; }

 private:
  const PKSPIN pin_;
  ULONG references_ = 0;
};

// ProxyAllocator: IKsAllocatorEx over the simulated pipe (see the file
// comment). Methods run at PASSIVE_LEVEL, as the user-mode proxy does;
// KsCreateAllocatorAndGetHandle above it is 0xA. Not thread-safe, except
// that AppendLeaks may run on another thread.
class ProxyAllocator final : public IKsAllocatorEx {
 public:
  // Creates one in pool memory with one reference (taken at the caller's
  // stack). S_OK, E_POINTER for a NULL `out`, E_OUTOFMEMORY when the pool
  // allocation fails (the fault injector can fail it).
  static HRESULT Create(poolsim::Environment& env, IKsAllocatorEx** out);

  // IUnknown.
  HRESULT QueryInterface(REFIID id, void** object) override;
  ULONG AddRef() override;
  ULONG Release() override;
  // IKsAllocator.
  HANDLE KsGetAllocatorHandle() override;
  KSALLOCATORMODE KsGetAllocatorMode() override;
  HRESULT KsGetAllocatorStatus(PKSSTREAMALLOCATOR_STATUS status) override;
  VOID KsSetAllocatorMode(KSALLOCATORMODE mode) override;
  // IKsAllocatorEx.
  PALLOCATOR_PROPERTIES_EX KsGetProperties() override;
  VOID KsSetProperties(PALLOCATOR_PROPERTIES_EX properties) override;
  VOID KsSetAllocatorHandle(HANDLE handle) override;
  HANDLE KsCreateAllocatorAndGetHandle(IKsPin* pin) override;

  // The object, with its outstanding references, for leak reports.
  void AppendLeaks(std::vector<poolsim::LeakedObject>* out) const;

 private:
  explicit ProxyAllocator(poolsim::Environment& env);
  virtual ~ProxyAllocator();
  void Take(const char* operation, int skip);
  // Closes the handle this object created, if it still holds it.
  void CloseOwnHandle();

  poolsim::Environment& env_;
  const poolsim::StackId created_stack_;
  ALLOCATOR_PROPERTIES_EX properties_;
  KSALLOCATORMODE mode_ = KsAllocatorMode_User;
  HANDLE handle_ = nullptr;
  bool handle_is_own_ = false;

  mutable poolsim::poolsim_internal::Mutex mu_;
  std::vector<poolsim::ObjectReference> references_ ABSL_GUARDED_BY(mu_);
  uint64_t next_sequence_ ABSL_GUARDED_BY(mu_) = 1;
};

}  // namespace ksalloc

#endif  // KSALLOC_PROXY_ALLOCATOR_H_
