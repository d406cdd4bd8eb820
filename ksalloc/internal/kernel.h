// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/internal/kernel.h
// -----------------------------------------------------------------------------
//
// ksalloc's state per poolsim Environment (ksalloc core, private): the
// settings, the live pins and file-object allocators, and the leak reporter
// that lists what they still hold. The Environment owns it (through the
// reporter it registers), so it goes with the Environment's test.
//
// Thread-safe: the maps are guarded; objects found are used by the one
// thread that drives them.

#ifndef KSALLOC_INTERNAL_KERNEL_H_
#define KSALLOC_INTERNAL_KERNEL_H_

#include <map>
#include <set>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "ksalloc/allocator.h"
#include "ksalloc/pin.h"
#include "ksalloc/proxy_allocator.h"
#include "poolsim/environment.h"
#include "poolsim/internal/lock.h"

namespace ksalloc {
namespace ksalloc_internal {

// A KS 1.0 allocator object bound to a file object (the create IRP's).
struct FileAllocator {
  std::unique_ptr<Allocator> allocator;
};

class Kernel {
 public:
  explicit Kernel(poolsim::Environment& env);
  ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  // The Kernel of `env` (created on first use).
  static std::shared_ptr<Kernel> For(poolsim::Environment& env);

  poolsim::Environment& env() { return env_; }
  Settings settings() const;
  void set_settings(const Settings& settings);

  Pin* AddPin(std::unique_ptr<Pin> pin);
  Pin* FindPin(PKSPIN pin) const;
  // Forgets a closed pin (its leaks, if any, stay reported).
  void RemovePin(PKSPIN pin);
  ObjectBag* FindBag(KSOBJECT_BAG bag) const;
  // The live pin whose allocator holds `frame`, or null.
  Pin* PinHolding(const void* frame) const;

  void AddFileAllocator(const void* file_object, std::unique_ptr<Allocator> allocator);
  Allocator* FindFileAllocator(const void* file_object) const;
  void CloseFileAllocator(const void* file_object);
  // A distinct file-object identity (never dereferenced: a range no host
  // allocation uses). Thread-safe.
  static void* NewFileObjectIdentity();

  // Live proxy allocators (IKsAllocatorEx), for leak reports.
  void AddProxy(const ProxyAllocator* proxy);
  void RemoveProxy(const ProxyAllocator* proxy);

 private:
  void AppendLeaks(std::vector<poolsim::LeakedObject>* out) const;
  // For() without the per-thread cache: the directory.
  static std::shared_ptr<Kernel> Lookup(poolsim::Environment& env);

  poolsim::Environment& env_;
  mutable poolsim::poolsim_internal::Mutex mu_;
  Settings settings_ ABSL_GUARDED_BY(mu_);
  std::map<const void*, std::unique_ptr<Pin>> pins_ ABSL_GUARDED_BY(mu_);
  std::map<const void*, std::unique_ptr<Allocator>> files_ ABSL_GUARDED_BY(mu_);
  // Closed objects that still hold frames (reported as leaks).
  std::vector<std::unique_ptr<Pin>> closed_pins_ ABSL_GUARDED_BY(mu_);
  std::vector<std::unique_ptr<Allocator>> closed_files_ ABSL_GUARDED_BY(mu_);
  std::set<const ProxyAllocator*> proxies_ ABSL_GUARDED_BY(mu_);
  friend struct KernelAccess;
};

}  // namespace ksalloc_internal
}  // namespace ksalloc

#endif  // KSALLOC_INTERNAL_KERNEL_H_
