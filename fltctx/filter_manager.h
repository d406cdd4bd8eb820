// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/filter_manager.h
// -----------------------------------------------------------------------------
//
// The simulated filter manager's context subsystem (core layer, C++). A
// FilterManager owns the filters registered with it, a minimal object model
// for contexts to attach to (volumes, instances, files and their streams, file
// objects, transactions), and every context: its pool block (from the
// poolsim::Environment, with the registration's pool tag, or from the
// registration's allocate callback), its reference count and the stack of
// every call that took a reference still outstanding.
//
// The WDK-named functions (fltctx/wdk/fltkernel.h) are thin wrappers over this
// class; C++ tests may use it directly with typed outcomes and ContextRef:
//
//   poolsim::Environment env;
//   fltctx::FilterManager fm(env);
//   fltctx::Filter* filter = ...;  // fm.RegisterFilter(...)
//   fltctx::ContextRef ctx = fm.Allocate(filter, ContextType::kStream, 64,
//                                        PoolKind::kPaged, 1).context;
//   fltctx::SetResult r = fm.Set(fltctx::ContextTarget::Stream(instance, fo),
//                                ctx.get(), SetMode::kKeepIfExists);
//
// Misuse the real filter manager crashes on raises a bug check through the
// Environment (docs/fltctx.md lists them); the call then returns without
// changing any state.
//
// This header is the facade: the settings are in fltctx/options.h, the
// objects and call targets in fltctx/objects.h, registration in
// fltctx/registration.h, the outcomes in fltctx/outcomes.h (all included
// here). The work is done by the parts under fltctx/internal/.

#ifndef FLTCTX_FILTER_MANAGER_H_
#define FLTCTX_FILTER_MANAGER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fltctx/context_ref.h"
#include "fltctx/context_type.h"
#include "fltctx/objects.h"
#include "fltctx/options.h"
#include "fltctx/outcomes.h"
#include "fltctx/registration.h"
#include "poolsim/block_info.h"
#include "poolsim/environment.h"
#include "poolsim/leaked_object.h"
#include "poolsim/pool_tag.h"

namespace fltctx {

namespace fltctx_internal {
class ManagerImpl;
}  // namespace fltctx_internal

// FilterManager
//
// Thread-safe. Context set/get/release race from many threads as on Windows.
// No fltctx lock is held while a filter callback (cleanup, allocate, free,
// instance, transaction) or a bug-check handler runs.
class FilterManager {
 public:
  explicit FilterManager(poolsim::Environment& env, Options options = {});
  // Unregisters every filter still registered, runs deferred work, and leaves
  // contexts that are still referenced in the Environment's leak report (their
  // pool blocks stay live, as leaked).
  ~FilterManager();
  FilterManager(const FilterManager&) = delete;
  FilterManager& operator=(const FilterManager&) = delete;

  poolsim::Environment& environment() const;
  const Options& options() const;

  // --- Filters ---------------------------------------------------------------

  // Registers a filter. IRQL <= APC_LEVEL. On failure `*filter` is null.
  RegisterOutcome RegisterFilter(FilterRegistration registration, Filter** filter);
  StartOutcome StartFiltering(Filter* filter);
  // Tears down every instance, detaches every context the filter set, runs
  // cleanups as counts reach zero, waits up to Options::unload_wait, and
  // leaves contexts still referenced in the leak report.
  UnloadResult UnregisterFilter(Filter* filter);

  // --- Objects (the simulated I/O side) --------------------------------------

  Volume* CreateVolume(const VolumeOptions& options = {});
  // Tears down every instance on the volume (reason: volume dismount) and
  // detaches every context attached to it.
  void DismountVolume(Volume* volume);
  // Attaches an instance of `filter` (calls its instance setup callback).
  // Returns null if the filter is not started or is unloading, the volume is
  // dismounted, or the setup callback refused.
  Instance* AttachInstance(Filter* filter, Volume* volume, uint32_t setup_flags = 1);
  // The same, at `altitude` (a decimal string such as "370030" or
  // "385100.5"; operations reach higher altitudes first). The default
  // altitude is "0".
  Instance* AttachInstance(Filter* filter, Volume* volume, uint32_t setup_flags,
                           const std::string& altitude);
  // Returns the volume's instances that are not torn down, highest altitude
  // first (equal altitudes in attach order).
  std::vector<Instance*> InstancesByAltitude(const Volume* volume) const;
  // Returns the filters registered and not unloading, in registration order,
  // and the volumes not dismounted, in creation order (enumeration).
  std::vector<Filter*> RegisteredFilters() const;
  std::vector<Volume*> MountedVolumes() const;
  // Tears down `instance`: teardown-start callback, detach its file-object,
  // stream, file, section and transaction contexts, teardown-complete callback,
  // then its instance context (and the filter's volume context per
  // Options::volume_context_detach).
  void DetachInstance(Instance* instance, uint32_t reason = 1);

  // Registers `observer`, called during every instance teardown on the
  // tearing-down thread, after the teardown-start callback and before the
  // instance's contexts are detached (the simulated I/O path drains
  // post-operation callbacks there). No lock is held while it runs. Returns
  // an id for RemoveTeardownObserver. Thread-safe.
  uint64_t AddTeardownObserver(std::function<void(Instance* instance)> observer);
  void RemoveTeardownObserver(uint64_t id);

  Stream* CreateStream(Volume* volume, const StreamOptions& options = {});
  // Opens a file object on `stream` (a successful IRP_MJ_CREATE).
  FileObject* OpenFileObject(Stream* stream);
  // A file object for an IRP_MJ_CREATE in progress: not yet opened, so
  // file-object contexts are kNotSupported on it (pre-create). Then either
  // CompleteOpen (the file system opened `stream`) or AbandonFileObject (the
  // create failed; the file object never carries contexts).
  FileObject* NewFileObject(Volume* volume);
  void CompleteOpen(FileObject* file_object, Stream* stream);
  void AbandonFileObject(FileObject* file_object);
  // True between CompleteOpen and CloseFileObject. Before and after (pre-create,
  // post-close), file-object contexts are kNotSupported.
  static bool IsOpen(const FileObject* file_object);
  // IRP_MJ_CLOSE of `file_object`: its stream-handle contexts are detached;
  // when it was the stream's last file object, the stream's stream and section
  // contexts too; when that was the file's last stream, its file contexts.
  void CloseFileObject(FileObject* file_object);
  // The I/O of a closed (or abandoned) file object is over: IRP_MJ_CLOSE and
  // its post-operation callbacks have run. The file object and its
  // FILE_OBJECT stay valid (closed) while among the last
  // Options::quarantine retired ones, so a driver's use after close is seen
  // for what it is; then both are freed (through the epoch scheme) and stop
  // being live handles, so memory stays flat. Ignored if not closed yet.
  void RetireFileObject(FileObject* file_object);

  Transaction* CreateTransaction();
  // Sends the commit-finalize (or rollback) notification to every enlisted
  // transaction context, then detaches every context on the transaction.
  void CompleteTransaction(Transaction* transaction, bool commit);

  // Accessors (immutable after creation).
  static Filter* FilterOf(const Instance* instance);
  static Volume* VolumeOf(const Instance* instance);
  static Stream* StreamOf(const FileObject* file_object);
  static Volume* VolumeOf(const Stream* stream);
  static FilterManager* ManagerOf(const Filter* filter);
  static FilterManager* ManagerOf(const Volume* volume);
  static FilterManager* ManagerOf(const Instance* instance);
  static FilterManager* ManagerOf(const FileObject* file_object);
  static FilterManager* ManagerOf(const Transaction* transaction);
  static const std::string& NameOf(const Filter* filter);
  static const std::string& AltitudeOf(const Instance* instance);
  // The options the volume was created with (its device name, ...).
  static const VolumeOptions& OptionsOf(const Volume* volume);
  // FilterRegistration::operations of the filter (null if none).
  static const void* OperationsOf(const Filter* filter);

  // Per-file-object support (FltSupports*).
  bool SupportsStreamContexts(const FileObject* file_object) const;
  bool SupportsStreamHandleContexts(const FileObject* file_object) const;
  bool SupportsFileContexts(const FileObject* file_object) const;
  bool SupportsFileContextsEx(const FileObject* file_object, const Instance* instance) const;

  // Lets the compat layer hang its FILE_OBJECT off the core file object; the
  // deleter runs when the FilterManager is destroyed.
  void SetPeer(FileObject* file_object, void* peer, void (*deleter)(void*));
  static void* PeerOf(const FileObject* file_object);

  // --- Contexts ---------------------------------------------------------------

  // Allocate()
  //
  // FltAllocateContext. Returns the new context with one reference (the
  // caller's, released with ContextRef or Release) and contents poisoned.
  // `pool_type` is the WDK POOL_TYPE value (reports show it; allocate
  // callbacks receive it). IRQL <= APC_LEVEL; above it raises
  // IRQL_NOT_LESS_OR_EQUAL and fails with kInsufficientResources.
  AllocateResult Allocate(Filter* filter, ContextType type, size_t size,
                          poolsim::PoolKind pool, uint32_t pool_type);
  // Variant for a raw type value that may be invalid.
  AllocateResult AllocateRaw(Filter* filter, uint16_t type_bits, size_t size,
                             poolsim::PoolKind pool, uint32_t pool_type);

  // Set()
  //
  // FltSet*Context. On success the attachment takes one reference of its own;
  // the caller keeps (and must still release) its reference to `context`.
  // With `want_previous`, a replaced or kept existing context comes back in
  // SetResult::previous with one reference for the caller. IRQL <=
  // APC_LEVEL. Misuse (a freed or foreign pointer; with Options::
  // filter_verifier, a wrong type or filter) raises a bug check and returns
  // kInvalidParameter.
  SetResult Set(const ContextTarget& target, void* context, SetMode mode,
                bool want_previous = true);
  // Get()
  //
  // FltGet*Context. On kFound adds one reference that the caller must
  // release. IRQL <= APC_LEVEL.
  GetResult Get(const ContextTarget& target);
  // Delete()
  //
  // FltDelete*Context. Detaches the context; with `want_previous` the
  // attachment's reference moves to the caller, otherwise it is dropped
  // (which may run cleanup now). IRQL <= APC_LEVEL.
  DeleteResult Delete(const ContextTarget& target, bool want_previous = true);

  // DeleteContext()
  //
  // FltDeleteContext: detaches `context` if attached and drops the
  // attachment's reference; idempotent. The caller's own reference is
  // untouched. IRQL <= APC_LEVEL.
  void DeleteContext(void* context);
  // Reference()
  //
  // FltReferenceContext: adds one reference the caller must release. IRQL <=
  // DISPATCH_LEVEL. A freed context raises 0xF5/0x6E.
  void Reference(void* context);
  // Release()
  //
  // FltReleaseContext: drops one reference; at zero runs cleanup and frees
  // (deferred to PASSIVE_LEVEL when called at DISPATCH_LEVEL). IRQL <=
  // DISPATCH_LEVEL for nonpaged contexts, <= APC_LEVEL for paged ones.
  // Dropping the attachment's own reference raises 0xF5/0x6D and changes
  // nothing.
  void Release(void* context);

  // FltGetContexts(Ex): one Get per bit of `type_bits`; results in type
  // order, null where nothing was found.
  GetContextsOutcome GetContexts(Filter* filter, Volume* volume, Instance* instance,
                                 FileObject* file_object, Transaction* transaction,
                                 uint16_t type_bits, bool include_section,
                                 void* out[kContextTypeCount]);
  // FltReleaseContexts(Ex): releases each non-null entry (IRQL checked once
  // for the whole set) and nulls it. `count` entries.
  void ReleaseContexts(void** contexts, int count);

  // Section contexts.
  DataScanOutcome RegisterForDataScan(Instance* instance);
  // `file_size` is the stream's size as the file system reports it (0:
  // kEndOfFile); a negative value uses the size the stream was created with
  // (StreamOptions::size).
  CreateSectionOutcome CreateSectionForDataScan(Instance* instance, FileObject* file_object,
                                                void* section_context, uint64_t* section_token,
                                                int64_t file_size = -1);
  CloseSectionOutcome CloseSectionForDataScan(void* section_context);

  // Transactions.
  EnlistOutcome EnlistInTransaction(Instance* instance, Transaction* transaction,
                                    void* transaction_context, uint32_t notification_mask);

  // --- Inspection and deferred work -----------------------------------------

  // Returns a snapshot of `context` (state kUnknown for a pointer that is not
  // a context).
  ContextInfo Inspect(const void* context) const;
  // Returns the number of contexts not yet freed.
  size_t LiveContextCount() const;
  // Returns the number of contexts of `type` not yet freed.
  size_t LiveContextCount(ContextType type) const;
  // Returns every context with references other than its attachment's, as
  // the leak report lists them.
  std::vector<poolsim::LeakedObject> ReferencedContexts() const;
  // Runs every deferred final release now, on the calling thread at
  // PASSIVE_LEVEL, and waits for the worker's in-flight one. Returns how many
  // this call ran.
  size_t DrainDeferredWork();
  // Returns the number of deferred final releases not yet run.
  size_t PendingDeferredWork() const;

 private:
  std::unique_ptr<fltctx_internal::ManagerImpl> impl_;
};

// AmbientFilterManager()
//
// Returns the FilterManager the WDK functions that get no filter-manager
// object (FltRegisterFilter, FltReleaseContext, FltReferenceContext, ...) use:
// the innermost one installed by a live ScopedFilterManager, else the most
// recently constructed one still alive, else null.
FilterManager* AmbientFilterManager();

// ScopedFilterManager
//
// Makes `manager` the ambient FilterManager (for all threads) for the object's
// lifetime. Scopes nest.
class ScopedFilterManager {
 public:
  explicit ScopedFilterManager(FilterManager* manager);
  ~ScopedFilterManager();
  ScopedFilterManager(const ScopedFilterManager&) = delete;
  ScopedFilterManager& operator=(const ScopedFilterManager&) = delete;

 private:
  FilterManager* const previous_;
};

}  // namespace fltctx

#endif  // FLTCTX_FILTER_MANAGER_H_
