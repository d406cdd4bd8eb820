// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/object_tree.h
// -----------------------------------------------------------------------------
//
// The object tree (internal to fltctx, core layer): the filters, volumes,
// instances, files, streams, file objects and transactions a FilterManager
// owns, the structure lock that guards their links, their creation and
// teardown, and the detaching of the contexts attached to them.
//
// IWYU pragma: private, internal to fltctx.

#ifndef FLTCTX_INTERNAL_OBJECT_TREE_H_
#define FLTCTX_INTERNAL_OBJECT_TREE_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "fltctx/internal/context_registry.h"
#include "fltctx/internal/object_model.h"
#include "fltctx/objects.h"
#include "fltctx/options.h"
#include "fltctx/outcomes.h"
#include "poolsim/environment.h"
#include "poolsim/internal/lock.h"
#include "poolsim/stack_trace.h"

namespace fltctx {
namespace fltctx_internal {

// ObjectTree
//
// Thread-safe. Methods named *Locked need `mu` held; the others take it
// themselves and call no filter callback while holding it.
class ObjectTree {
 public:
  ObjectTree(FilterManager* manager, poolsim::Environment& env, const Options& options,
             ContextRegistry& registry);
  ObjectTree(const ObjectTree&) = delete;
  ObjectTree& operator=(const ObjectTree&) = delete;

  // The structure lock: object links and states, attachment-table writes.
  poolsim::poolsim_internal::Mutex mu;

  // --- Filters ---------------------------------------------------------------

  // Takes ownership of a registered filter and gives it its id.
  Filter* AddFilter(std::unique_ptr<Filter> filter) ABSL_LOCKS_EXCLUDED(mu);
  StartOutcome StartFiltering(Filter* filter) ABSL_LOCKS_EXCLUDED(mu);
  // Marks `filter` unloading (false if it already is, or is null) and sets
  // `*instances` to its instances.
  bool BeginUnload(Filter* filter, std::vector<Instance*>* instances) ABSL_LOCKS_EXCLUDED(mu);
  // Detaches the volume contexts `filter` set; returns how many.
  size_t DetachVolumeContextsOf(Filter* filter) ABSL_LOCKS_EXCLUDED(mu);
  // Returns the filters not yet unloading.
  std::vector<Filter*> RegisteredFilters() ABSL_LOCKS_EXCLUDED(mu);
  // Returns the volumes not dismounted, in creation order.
  std::vector<Volume*> MountedVolumes() ABSL_LOCKS_EXCLUDED(mu);
  // Runs the compat layer's file-object deleters (the manager's end).
  void DeletePeers() ABSL_LOCKS_EXCLUDED(mu);

  // --- Objects ---------------------------------------------------------------

  Volume* CreateVolume(const VolumeOptions& options) ABSL_LOCKS_EXCLUDED(mu);
  void DismountVolume(Volume* volume) ABSL_LOCKS_EXCLUDED(mu);
  Instance* AttachInstance(Filter* filter, Volume* volume, uint32_t setup_flags,
                           const std::string& altitude) ABSL_LOCKS_EXCLUDED(mu);
  std::vector<Instance*> InstancesByAltitude(const Volume* volume) ABSL_LOCKS_EXCLUDED(mu);
  // Tears down `instance` (`notify` runs the teardown callbacks); returns how
  // many contexts it detached.
  size_t TeardownInstance(Instance* instance, uint32_t reason, bool notify)
      ABSL_LOCKS_EXCLUDED(mu);
  uint64_t AddTeardownObserver(std::function<void(Instance*)> observer)
      ABSL_LOCKS_EXCLUDED(observers_mu_);
  void RemoveTeardownObserver(uint64_t id) ABSL_LOCKS_EXCLUDED(observers_mu_);

  Stream* CreateStream(Volume* volume, const StreamOptions& options) ABSL_LOCKS_EXCLUDED(mu);
  FileObject* NewFileObject(Volume* volume) ABSL_LOCKS_EXCLUDED(mu);
  void CompleteOpen(FileObject* file_object, Stream* stream) ABSL_LOCKS_EXCLUDED(mu);
  void AbandonFileObject(FileObject* file_object) ABSL_LOCKS_EXCLUDED(mu);
  static bool IsOpen(const FileObject* file_object);
  void CloseFileObject(FileObject* file_object) ABSL_LOCKS_EXCLUDED(mu);
  // Moves a closed file object to the quarantine of retired ones; frees
  // (through the epoch scheme) the oldest beyond Options::quarantine, with
  // its compat-layer peer.
  void RetireFileObject(FileObject* file_object) ABSL_LOCKS_EXCLUDED(mu);
  Transaction* CreateTransaction() ABSL_LOCKS_EXCLUDED(mu);

  bool SupportsStreamContexts(const FileObject* file_object);
  bool SupportsStreamHandleContexts(const FileObject* file_object);
  bool SupportsFileContexts(const FileObject* file_object);
  bool SupportsFileContextsEx(const FileObject* file_object, const Instance* instance);

  // --- Attachments -------------------------------------------------------------

  // Returns true if the target object (or its instance) is being torn down.
  bool TargetGoneLocked(const ContextTarget& t, Filter* owner) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu);
  // Detaches `rec` from its object (whose slot entry the caller has removed);
  // see ContextRegistry::Unlink.
  bool UnlinkLocked(ContextRecord* rec, bool to_caller, const char* op, poolsim::StackId stack)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu);
  // The slot-detach block: if `rec` is attached, removes it from its
  // attachment table, drops the attachment's reference (appending `rec` to
  // `*dead` if that was the last) and returns true; otherwise false.
  bool DetachLocked(ContextRecord* rec, std::vector<ContextRecord*>* dead)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu);
  // Detaches every context in `slots`, oldest first; appends the ones to
  // finalize.
  void DetachAllLocked(Slots* slots, std::vector<ContextRecord*>* dead)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu);
  // Detaches the context in `slots` under `key`, if any.
  void DetachKeyLocked(Slots* slots, const void* key, std::vector<ContextRecord*>* dead)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu);
  // DetachAllLocked with the lock taken, then the final releases.
  void DetachAll(Slots* slots) ABSL_LOCKS_EXCLUDED(mu);

 private:
  // Gives `object` the next object id and keeps it in `owned`; returns it.
  template <typename T>
  T* KeepLocked(std::vector<std::unique_ptr<T>>* owned, std::unique_ptr<T> object)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    object->id = next_object_id_++;
    T* raw = object.get();
    owned->push_back(std::move(object));
    return raw;
  }
  // Drops `volume`'s cached altitude order (an instance came or is going).
  void InvalidateOrderLocked(Volume* volume) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    volume->order.store(nullptr, std::memory_order_release);
  }
  bool FileObjectSupports(const FileObject* file_object, const char* op,
                          bool VolumeOptions::*capability);

  FilterManager* const manager_;
  poolsim::Environment& env_;
  const Options& options_;
  ContextRegistry& registry_;

  std::vector<std::unique_ptr<Filter>> filters_ ABSL_GUARDED_BY(mu);
  std::vector<std::unique_ptr<Volume>> volumes_ ABSL_GUARDED_BY(mu);
  std::vector<std::unique_ptr<Instance>> instances_ ABSL_GUARDED_BY(mu);
  std::vector<std::unique_ptr<File>> files_ ABSL_GUARDED_BY(mu);
  std::vector<std::unique_ptr<Stream>> streams_ ABSL_GUARDED_BY(mu);
  // Every file object not yet freed; the retired ones also in `retired_`,
  // oldest first.
  absl::flat_hash_map<FileObject*, std::unique_ptr<FileObject>> file_objects_ ABSL_GUARDED_BY(mu);
  std::deque<FileObject*> retired_ ABSL_GUARDED_BY(mu);
  std::vector<std::unique_ptr<Transaction>> transactions_ ABSL_GUARDED_BY(mu);
  uint64_t next_object_id_ ABSL_GUARDED_BY(mu) = 1;

  poolsim::poolsim_internal::Mutex observers_mu_;
  std::vector<std::pair<uint64_t, std::function<void(Instance*)>>> teardown_observers_
      ABSL_GUARDED_BY(observers_mu_);
  uint64_t next_observer_ ABSL_GUARDED_BY(observers_mu_) = 1;
};

}  // namespace fltctx_internal
}  // namespace fltctx

#endif  // FLTCTX_INTERNAL_OBJECT_TREE_H_
