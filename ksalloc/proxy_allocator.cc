// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/proxy_allocator.cc
// -----------------------------------------------------------------------------
//
// IKsAllocatorEx and IKsPin over the simulated pipe (ksalloc core).

#include "ksalloc/proxy_allocator.h"

#include <cstring>
#include <memory>
#include <new>
#include <utility>

#include "absl/strings/str_format.h"
#include "ksalloc/internal/kernel.h"
#include "ksalloc/pin.h"
#include "poolsim/stack_trace.h"

namespace ksalloc {
namespace {

using poolsim::poolsim_internal::MutexLock;
using ksalloc_internal::Kernel;

uintptr_t U(const void* p) { return reinterpret_cast<uintptr_t>(p); }

}  // namespace

KSALLOCATOR_FRAMING FramingFromProperties(const ALLOCATOR_PROPERTIES_EX& p) {
  KSALLOCATOR_FRAMING f;
  std::memset(&f, 0, sizeof(f));
  f.OptionsFlags = KSALLOCATOR_OPTIONF_SYSTEM_MEMORY;
  f.PoolType = p.LogicalMemoryType == KS_MemoryTypeKernelPaged ? PagedPool : NonPagedPool;
  f.Frames = p.cBuffers > 0 ? static_cast<ULONG>(p.cBuffers) : 0;
  f.FrameSize = p.cbBuffer > 0 ? static_cast<ULONG>(p.cbBuffer) : 0;
  f.FileAlignment = p.cbAlign > 1 ? static_cast<ULONG>(p.cbAlign - 1) : 0;
  return f;
}

// ---- ProxyPin -------------------------------------------------------------------

HRESULT ProxyPin::QueryInterface(REFIID id, void** object) {
  if (object == nullptr) return E_POINTER;
  *object = nullptr;
  if (IsEqualIID(id, IID_IUnknown) || IsEqualIID(id, IID_IKsPin)) {
    *object = static_cast<IKsPin*>(this);
  } else if (IsEqualIID(id, IID_IKsObject)) {
    *object = static_cast<IKsObject*>(this);
  } else {
    return E_NOINTERFACE;
  }
  AddRef();
  return S_OK;
}

ULONG ProxyPin::AddRef() { return ++references_; }

ULONG ProxyPin::Release() { return references_ > 0 ? --references_ : 0; }

HANDLE ProxyPin::KsGetObjectHandle() { return pin_; }

// ---- ProxyAllocator ---------------------------------------------------------------

ProxyAllocator::ProxyAllocator(poolsim::Environment& env)
    : env_(env),
      created_stack_(env.options().capture_stacks ? poolsim::CaptureStack(3) : poolsim::kNoStack) {
  std::memset(&properties_, 0, sizeof(properties_));
}

ProxyAllocator::~ProxyAllocator() = default;

HRESULT ProxyAllocator::Create(poolsim::Environment& env, IKsAllocatorEx** out) {
  if (out == nullptr) return E_POINTER;
  *out = nullptr;
  void* storage = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(ProxyAllocator), kProxyAllocatorTag);
  if (storage == nullptr) return E_OUTOFMEMORY;
  auto* allocator = new (storage) ProxyAllocator(env);
  allocator->Take("KsSimCreateProxyAllocator", 3);
  Kernel::For(env)->AddProxy(allocator);
  *out = allocator;
  return S_OK;
}

void ProxyAllocator::Take(const char* operation, int skip) {
  poolsim::ObjectReference ref;
  ref.operation = operation;
  ref.stack = env_.options().capture_stacks ? poolsim::CaptureStack(skip) : poolsim::kNoStack;
  MutexLock lock(&mu_);
  ref.sequence = next_sequence_++;
  references_.push_back(std::move(ref));
}

HRESULT ProxyAllocator::QueryInterface(REFIID id, void** object) {
  if (object == nullptr) return E_POINTER;
  *object = nullptr;
  if (!IsEqualIID(id, IID_IUnknown) && !IsEqualIID(id, IID_IKsAllocator) &&
      !IsEqualIID(id, IID_IKsAllocatorEx)) {
    return E_NOINTERFACE;
  }
  *object = static_cast<IKsAllocatorEx*>(this);
  Take("QueryInterface", 2);
  return S_OK;
}

ULONG ProxyAllocator::AddRef() {
  Take("AddRef", 2);
  MutexLock lock(&mu_);
  return static_cast<ULONG>(references_.size());
}

ULONG ProxyAllocator::Release() {
  size_t left;
  {
    MutexLock lock(&mu_);
    // Which reference a Release gives back is unknowable: the newest goes.
    if (!references_.empty()) references_.pop_back();
    left = references_.size();
  }
  if (left != 0) return static_cast<ULONG>(left);
  CloseOwnHandle();
  Kernel::For(env_)->RemoveProxy(this);
  this->~ProxyAllocator();
  ExFreePoolWithTag(this, kProxyAllocatorTag);
  return 0;
}

HANDLE ProxyAllocator::KsGetAllocatorHandle() { return handle_; }

KSALLOCATORMODE ProxyAllocator::KsGetAllocatorMode() { return mode_; }

HRESULT ProxyAllocator::KsGetAllocatorStatus(PKSSTREAMALLOCATOR_STATUS status) {
  if (status == nullptr) return E_POINTER;
  if (handle_ == nullptr) return E_HANDLE;
  Allocator* a = Kernel::For(env_)->FindFileAllocator(handle_);
  if (a == nullptr) return E_HANDLE;
  status->Framing = a->framing();
  status->AllocatedFrames = a->outstanding();
  status->Reserved = 0;
  return S_OK;
}

VOID ProxyAllocator::KsSetAllocatorMode(KSALLOCATORMODE mode) {
  if (mode == KsAllocatorMode_User || mode == KsAllocatorMode_Kernel) mode_ = mode;
}

PALLOCATOR_PROPERTIES_EX ProxyAllocator::KsGetProperties() { return &properties_; }

VOID ProxyAllocator::KsSetProperties(PALLOCATOR_PROPERTIES_EX properties) {
  if (properties != nullptr) properties_ = *properties;
}

VOID ProxyAllocator::KsSetAllocatorHandle(HANDLE handle) {
  handle_ = handle;
  handle_is_own_ = false;
}

void ProxyAllocator::CloseOwnHandle() {
  if (handle_ != nullptr && handle_is_own_) Kernel::For(env_)->CloseFileAllocator(handle_);
  handle_ = nullptr;
  handle_is_own_ = false;
}

HANDLE ProxyAllocator::KsCreateAllocatorAndGetHandle(IKsPin* pin) {
  CloseOwnHandle();
  handle_ = nullptr;
  if (pin == nullptr) return nullptr;
  void* object = nullptr;
  if (FAILED(pin->QueryInterface(IID_IKsObject, &object)) || object == nullptr) return nullptr;
  auto* ks_object = static_cast<IKsObject*>(object);
  auto* ks_pin = static_cast<PKSPIN>(ks_object->KsGetObjectHandle());
  ks_object->Release();
  std::shared_ptr<Kernel> kernel = Kernel::For(env_);
  Pin* p = kernel->FindPin(ks_pin);
  if (p == nullptr) return nullptr;
  void* file = nullptr;
  if (!NT_SUCCESS(p->CreateAllocatorObject(FramingFromProperties(properties_), &file))) {
    return nullptr;
  }
  handle_ = file;
  handle_is_own_ = true;
  return handle_;
}

void ProxyAllocator::AppendLeaks(std::vector<poolsim::LeakedObject>* out) const {
  MutexLock lock(&mu_);
  if (references_.empty()) return;
  poolsim::LeakedObject o;
  o.kind = "KS proxy allocator";
  o.type_name = "IKsAllocatorEx";
  o.owner = "the kernel-streaming proxy";
  o.attached_to = handle_ != nullptr ? absl::StrFormat("allocator handle %p", handle_)
                                     : std::string("(no allocator handle)");
  o.reference_count = static_cast<int64_t>(references_.size());
  o.address = U(this);
  o.block = U(this);
  o.bytes = sizeof(ProxyAllocator);
  o.pool = poolsim::PoolKind::kNonPaged;
  o.tag = poolsim::PoolTag(kProxyAllocatorTag);
  o.stack = created_stack_;
  o.references = references_;
  out->push_back(std::move(o));
}

}  // namespace ksalloc
