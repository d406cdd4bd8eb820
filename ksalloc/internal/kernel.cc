// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/internal/kernel.cc
// -----------------------------------------------------------------------------
//
// ksalloc's state per poolsim Environment (ksalloc core, private).

#include "ksalloc/internal/kernel.h"

#include <atomic>
#include <utility>

namespace ksalloc {
namespace ksalloc_internal {
namespace {

using poolsim::poolsim_internal::Mutex;
using poolsim::poolsim_internal::MutexLock;

// Environment -> its Kernel. The Environment's reporter holds the owning
// reference; the entry goes when the Kernel does.
struct Directory {
  Mutex mu;
  std::map<const poolsim::Environment*, std::weak_ptr<Kernel>> kernels ABSL_GUARDED_BY(mu);
};

Directory& Dir() {
  static Directory* d = new Directory;
  return *d;
}

}  // namespace

Kernel::Kernel(poolsim::Environment& env) : env_(env) {}

Kernel::~Kernel() {
  Directory& d = Dir();
  MutexLock lock(&d.mu);
  auto it = d.kernels.find(&env_);
  if (it != d.kernels.end() && it->second.expired()) d.kernels.erase(it);
}

std::shared_ptr<Kernel> Kernel::For(poolsim::Environment& env) {
  // The last Environment this thread asked for (a test uses one at a time):
  // no directory lock. An Environment gone takes its Kernel with it, so a
  // new one at the same address finds the entry expired.
  thread_local const poolsim::Environment* cached_env = nullptr;
  thread_local std::weak_ptr<Kernel> cached;
  if (cached_env == &env) {
    if (std::shared_ptr<Kernel> k = cached.lock()) return k;
  }
  std::shared_ptr<Kernel> k = Lookup(env);
  cached_env = &env;
  cached = k;
  return k;
}

std::shared_ptr<Kernel> Kernel::Lookup(poolsim::Environment& env) {
  Directory& d = Dir();
  {
    MutexLock lock(&d.mu);
    auto it = d.kernels.find(&env);
    if (it != d.kernels.end()) {
      if (std::shared_ptr<Kernel> k = it->second.lock()) return k;
    }
  }
  auto kernel = std::make_shared<Kernel>(env);
  {
    MutexLock lock(&d.mu);
    d.kernels[&env] = kernel;
  }
  env.AddObjectReporter([kernel](std::vector<poolsim::LeakedObject>* out) {
    kernel->AppendLeaks(out);
  });
  return kernel;
}

Settings Kernel::settings() const {
  MutexLock lock(&mu_);
  return settings_;
}

void Kernel::set_settings(const Settings& settings) {
  MutexLock lock(&mu_);
  settings_ = settings;
}

Pin* Kernel::AddPin(std::unique_ptr<Pin> pin) {
  Pin* p = pin.get();
  MutexLock lock(&mu_);
  pins_[p->ks()] = std::move(pin);
  return p;
}

Pin* Kernel::FindPin(PKSPIN pin) const {
  MutexLock lock(&mu_);
  auto it = pins_.find(pin);
  return it == pins_.end() ? nullptr : it->second.get();
}

void Kernel::RemovePin(PKSPIN pin) {
  MutexLock lock(&mu_);
  auto it = pins_.find(pin);
  if (it == pins_.end()) return;
  std::vector<poolsim::LeakedObject> leaks;
  it->second->AppendLeaks(&leaks);
  if (!leaks.empty()) closed_pins_.push_back(std::move(it->second));
  pins_.erase(it);
}

ObjectBag* Kernel::FindBag(KSOBJECT_BAG bag) const {
  MutexLock lock(&mu_);
  for (const auto& [key, pin] : pins_) {
    if (&pin->bag() == bag) return &pin->bag();
  }
  return nullptr;
}

Pin* Kernel::PinHolding(const void* frame) const {
  MutexLock lock(&mu_);
  for (const auto& [key, pin] : pins_) {
    if (pin->Owns(frame)) return pin.get();
  }
  return nullptr;
}

void Kernel::AddFileAllocator(const void* file_object, std::unique_ptr<Allocator> allocator) {
  MutexLock lock(&mu_);
  files_[file_object] = std::move(allocator);
}

Allocator* Kernel::FindFileAllocator(const void* file_object) const {
  MutexLock lock(&mu_);
  auto it = files_.find(file_object);
  return it == files_.end() ? nullptr : it->second.get();
}

void Kernel::CloseFileAllocator(const void* file_object) {
  std::unique_ptr<Allocator> allocator;
  {
    MutexLock lock(&mu_);
    auto it = files_.find(file_object);
    if (it == files_.end()) return;
    allocator = std::move(it->second);
    files_.erase(it);
  }
  allocator->Close();  // driver callbacks: no lock held
  if (allocator->outstanding() != 0) {
    MutexLock lock(&mu_);
    closed_files_.push_back(std::move(allocator));
  }
}

void* Kernel::NewFileObjectIdentity() {
  static std::atomic<uintptr_t> next{0};
  return reinterpret_cast<void*>(uintptr_t{0xF11E00000000} + 16 * ++next);
}

void Kernel::AddProxy(const ProxyAllocator* proxy) {
  MutexLock lock(&mu_);
  proxies_.insert(proxy);
}

void Kernel::RemoveProxy(const ProxyAllocator* proxy) {
  MutexLock lock(&mu_);
  proxies_.erase(proxy);
}

void Kernel::AppendLeaks(std::vector<poolsim::LeakedObject>* out) const {
  MutexLock lock(&mu_);
  for (const auto& [key, pin] : pins_) pin->AppendLeaks(out);
  for (const auto& pin : closed_pins_) pin->AppendLeaks(out);
  for (const auto& [key, allocator] : files_) allocator->AppendLeaks(out);
  for (const auto& allocator : closed_files_) allocator->AppendLeaks(out);
  for (const ProxyAllocator* proxy : proxies_) proxy->AppendLeaks(out);
}

}  // namespace ksalloc_internal
}  // namespace ksalloc
