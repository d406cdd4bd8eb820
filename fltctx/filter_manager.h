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

#ifndef FLTCTX_FILTER_MANAGER_H_
#define FLTCTX_FILTER_MANAGER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fltctx/context_type.h"
#include "poolsim/block_info.h"
#include "poolsim/environment.h"
#include "poolsim/leaked_object.h"
#include "poolsim/pool_tag.h"

namespace fltctx {

class FilterManager;
namespace fltctx_internal {
class ManagerImpl;
}  // namespace fltctx_internal

// Opaque simulated objects. Their addresses are the WDK handles (PFLT_FILTER,
// PFLT_VOLUME, PFLT_INSTANCE, PKTRANSACTION); they stay valid until the
// FilterManager is destroyed, even after teardown.
struct Filter;
struct Volume;
struct Instance;
struct Stream;
struct FileObject;
struct Transaction;

// -----------------------------------------------------------------------------
// Settings for the places where Windows behaviour is undocumented or differs
// between versions (the spec's section 17). Defaults are the strict choices.
// -----------------------------------------------------------------------------

// DeferredWork
//
// Who runs cleanup and free after a final release at DISPATCH_LEVEL.
enum class DeferredWork {
  kWorkerThread,  // a simulated system worker thread, at PASSIVE_LEVEL
  kManual,        // nobody until FilterManager::DrainDeferredWork()
};

// VolumeContextDetach
//
// When a filter's volume context leaves a volume besides dismount and
// unregister.
enum class VolumeContextDetach {
  kLastInstance,  // when the filter's last instance on the volume detaches
  kUnloadOnly,    // only at dismount or unregister
};

// Options
struct Options {
  // Filter Verifier checks that Windows makes only with the verifier on:
  // wrong context type or filter in a set call, FltDeleteContext on a
  // section context, a paged volume context. Off: only the status is returned.
  bool filter_verifier = true;
  // Registration: reject structural violations with
  // STATUS_FLT_INVALID_CONTEXT_REGISTRATION (off: ignore offending entries).
  bool reject_invalid_registration = true;
  // Registration: reject PoolTag 0 (off: use the type's default tag "FM" + n).
  bool reject_zero_pool_tag = true;
  // Registration: reject an allocate callback without a free callback or the
  // reverse (off: pool free for a missing free callback).
  bool reject_lone_callback = true;
  // FltAllocateContext: ContextSize 0 is STATUS_INVALID_PARAMETER (off:
  // allowed when a Size 0 definition exists).
  bool reject_zero_size = true;
  // FltAllocateContext: without NO_EXACT_SIZE_MATCH the size must equal a
  // registered size (off: any registered size >= the request fits).
  bool exact_size_match = true;
  // FltAllocateContext: a paged volume context is
  // STATUS_FLT_MUST_BE_NONPAGED_POOL (off: silently made nonpaged).
  bool reject_paged_volume_context = true;
  // FltAllocateContext: zero variable-size contexts (Windows 11); otherwise
  // every new context is filled with the Environment's uninitialized_fill.
  bool zero_variable_size_contexts = false;
  // Setting a context that was attached before and has been detached is
  // STATUS_FLT_CONTEXT_ALREADY_LINKED (off: allowed).
  bool reject_relink_of_detached = true;
  // FltReleaseContexts(Ex) at DISPATCH_LEVEL is legal when every context is
  // nonpaged (the documentation); off follows the header (APC_LEVEL).
  bool release_contexts_at_dispatch = false;
  VolumeContextDetach volume_context_detach = VolumeContextDetach::kLastInstance;
  // FltUnregisterFilter waits up to this long for leaked references to be
  // released (by other threads) before reporting them; zero reports at once.
  std::chrono::milliseconds unload_wait{0};
  DeferredWork deferred_work = DeferredWork::kWorkerThread;
  // Record every reference taken (the call and its stack), so the leak report
  // names the call that never released it. Off: only the count is kept,
  // which makes get/reference/release cheaper.
  bool track_references = true;
  // How many freed contexts are remembered to catch use after free.
  size_t quarantine = 4096;
};

// -----------------------------------------------------------------------------
// Registration
// -----------------------------------------------------------------------------

// ContextRegistrationEntry
//
// One FLT_CONTEXT_REGISTRATION element, decoded. The callback addresses in
// `*_id` identify the callbacks for the exact-duplicate rule.
struct ContextRegistrationEntry {
  static constexpr size_t kVariableSize = ~size_t{0};

  uint16_t type_bits = 0;  // FLT_*_CONTEXT; validated at registration
  uint16_t flags = 0;      // FLTFL_CONTEXT_REGISTRATION_*
  size_t size = 0;         // payload bytes, or kVariableSize
  uint32_t pool_tag = 0;
  // Called with the payload when the count reaches zero, before the free.
  std::function<void(void* context, ContextType type)> cleanup;
  // Returns a block of `bytes` (header + payload) or null.
  std::function<void*(uint32_t pool_type, size_t bytes, ContextType type)> allocate;
  // Receives the block `allocate` returned.
  std::function<void(void* block, ContextType type)> free;
  const void* cleanup_id = nullptr;
  const void* allocate_id = nullptr;
  const void* free_id = nullptr;
  bool reserved_nonnull = false;  // Reserved1 was not NULL
};

inline constexpr uint16_t kNoExactSizeMatchFlag = 0x0001;

// FilterCallbacks
//
// The filter's own callbacks that the object model calls. Each runs with no
// fltctx lock held, at PASSIVE_LEVEL.
struct FilterCallbacks {
  // Returns false to refuse the attachment.
  std::function<bool(Instance* instance, uint32_t setup_flags)> instance_setup;
  std::function<void(Instance* instance, uint32_t reason)> instance_teardown_start;
  std::function<void(Instance* instance, uint32_t reason)> instance_teardown_complete;
  std::function<void(Instance* instance, Transaction* transaction, void* context,
                     uint32_t notification)>
      transaction_notification;
};

// FilterRegistration
struct FilterRegistration {
  std::string name = "filter";
  std::vector<ContextRegistrationEntry> contexts;
  FilterCallbacks callbacks;
  // The operation callbacks, in the compat layer's own form (opaque to the
  // core; the simulated I/O path reads them back with OperationsOf).
  std::shared_ptr<const void> operations;
};

enum class RegisterOutcome {
  kRegistered,
  kInvalidParameter,            // bad FLT_REGISTRATION Size/Version, null args
  kInvalidContextRegistration,  // the context registration rules
  kNotInitialized,              // no filter manager to register with
};

enum class StartOutcome { kStarted, kInvalidParameter };

// UnloadResult
//
// What FltUnregisterFilter found.
struct UnloadResult {
  size_t contexts_detached = 0;
  size_t instances_torn_down = 0;
  // Contexts of the filter still referenced after the wait: listed in the
  // leak report with the stacks of their outstanding references.
  size_t leaked_contexts = 0;
};

// -----------------------------------------------------------------------------
// Contexts
// -----------------------------------------------------------------------------

// ContextRef
//
// Owns one reference to a context and releases it on destruction (as
// FltReleaseContext). Move-only.
//
// Thread-compatible.
class ContextRef {
 public:
  ContextRef() = default;
  ContextRef(ContextRef&& other) noexcept : manager_(other.manager_), context_(other.context_) {
    other.context_ = nullptr;
  }
  ContextRef& operator=(ContextRef&& other) noexcept {
    if (this != &other) {
      reset();
      manager_ = other.manager_;
      context_ = other.context_;
      other.context_ = nullptr;
    }
    return *this;
  }
  ContextRef(const ContextRef&) = delete;
  ContextRef& operator=(const ContextRef&) = delete;
  ~ContextRef() { reset(); }

  // Returns a ContextRef that owns one reference the caller already holds.
  static ContextRef Adopt(FilterManager* manager, void* context) {
    ContextRef r;
    r.manager_ = manager;
    r.context_ = context;
    return r;
  }

  void* get() const { return context_; }
  template <typename T>
  T* as() const {
    return static_cast<T*>(context_);
  }
  explicit operator bool() const { return context_ != nullptr; }

  // Releases the reference (if any) and becomes empty.
  void reset();

  // Gives the reference to the caller, who must release it later; returns the
  // context (null if empty) and becomes empty.
  void* TransferToCaller() {
    void* c = context_;
    context_ = nullptr;
    return c;
  }

 private:
  FilterManager* manager_ = nullptr;
  void* context_ = nullptr;
};

enum class SetMode { kReplaceIfExists, kKeepIfExists };

enum class AllocateOutcome {
  kAllocated,
  kInvalidType,           // not exactly one context type
  kInvalidSize,           // zero
  kSizeTooLarge,          // > MAXUSHORT
  kFilterDeleting,        // unregister in progress or done
  kDefinitionNotFound,    // no registration, or no size fits
  kMustBeNonPaged,        // paged volume context (strict)
  kInsufficientResources  // pool or allocate callback failed
};

struct AllocateResult {
  AllocateOutcome outcome = AllocateOutcome::kDefinitionNotFound;
  ContextRef context;  // the allocation reference, on success
};

enum class SetOutcome {
  kInserted,          // nothing was attached; NewContext is now attached
  kReplaced,          // REPLACE: `previous` was detached
  kKeptExisting,      // KEEP: something was attached; `previous` is it
  kObjectGone,        // the object or instance is being torn down
  kAlreadyLinked,     // NewContext is (or was) attached somewhere
  kInvalidParameter,  // not a live context of the right type and filter
  kNotSupported,      // the file object cannot carry this kind of context
};

struct SetResult {
  SetOutcome outcome = SetOutcome::kInvalidParameter;
  // kReplaced / kKeptExisting with want_previous: the other context, with one
  // reference for the caller.
  ContextRef previous;
};

enum class GetOutcome { kFound, kNotFound, kNotSupported };

struct GetResult {
  GetOutcome outcome = GetOutcome::kNotFound;
  ContextRef context;
};

enum class DeleteOutcome { kDeleted, kNotFound, kNotSupported, kObjectGone };

struct DeleteResult {
  DeleteOutcome outcome = DeleteOutcome::kNotFound;
  ContextRef previous;  // with want_previous: the detached context's reference
};

enum class GetContextsOutcome { kOk, kInvalidParameter };

enum class DataScanOutcome { kRegistered, kNotSupported, kObjectGone };

enum class CreateSectionOutcome {
  kCreated,
  kAlreadyDefined,    // a section context is already open for the stream
  kInvalidParameter,  // not registered for data scan; not a section context
  kNotSupported,      // the volume or file object cannot carry sections
  kEndOfFile,         // empty stream
  kObjectGone,
  kAlreadyLinked,
};

enum class CloseSectionOutcome { kClosed, kNeverCreated, kAlreadyClosed };

enum class EnlistOutcome {
  kEnlisted,
  kAlreadyEnlisted,
  kInvalidParameter,  // no notification callback; not this instance's context
  kInvalidMask,
  kObjectGone,
};

// ContextTarget
//
// The object (and key) a set, get or delete call addresses.
struct ContextTarget {
  ContextType type = ContextType::kStream;
  Filter* filter = nullptr;  // volume contexts: get/delete
  Volume* volume = nullptr;  // volume contexts
  Instance* instance = nullptr;
  FileObject* file_object = nullptr;
  Transaction* transaction = nullptr;

  static ContextTarget VolumeOf(Filter* f, Volume* v) {
    ContextTarget t;
    t.type = ContextType::kVolume;
    t.filter = f;
    t.volume = v;
    return t;
  }
  static ContextTarget InstanceOf(Instance* i) {
    ContextTarget t;
    t.type = ContextType::kInstance;
    t.instance = i;
    return t;
  }
  static ContextTarget OnFileObject(ContextType type, Instance* i, FileObject* fo) {
    ContextTarget t;
    t.type = type;
    t.instance = i;
    t.file_object = fo;
    return t;
  }
  static ContextTarget TransactionOf(Instance* i, Transaction* tx) {
    ContextTarget t;
    t.type = ContextType::kTransaction;
    t.instance = i;
    t.transaction = tx;
    return t;
  }
};

// ContextState
//
// Where a context is in its life.
enum class ContextState {
  kUnknown,   // not a context (or forgotten after the quarantine)
  kUnlinked,  // allocated, never attached
  kLinked,    // attached to an object
  kDetached,  // was attached, is not any more
  kFreeing,   // count reached zero; cleanup queued or running
  kFreed,     // freed (kept in quarantine)
};

// ContextInfo
//
// A snapshot of one context, for tests.
struct ContextInfo {
  ContextState state = ContextState::kUnknown;
  ContextType type = ContextType::kStream;
  int64_t reference_count = 0;  // including the attachment's own reference
  size_t bytes = 0;             // usable payload bytes
  poolsim::PoolKind pool = poolsim::PoolKind::kNonPaged;
  uint32_t pool_type = 0;
  poolsim::PoolTag tag;
  void* block = nullptr;  // the pool (or allocate-callback) block
  bool from_callback = false;
};

// -----------------------------------------------------------------------------
// Object model
// -----------------------------------------------------------------------------

// VolumeOptions
//
// A simulated volume and what its file system supports.
struct VolumeOptions {
  std::string name = "\\Device\\HarddiskVolume1";
  bool supports_stream_contexts = true;         // advanced FCB header
  bool supports_stream_handle_contexts = true;
  bool supports_file_contexts = true;           // the file system's own support
  bool filter_manager_file_contexts = true;     // emulated on stream contexts
  bool supports_data_scan = true;
};

// StreamOptions
struct StreamOptions {
  std::string name = "\\file.txt";
  // Another stream of the same file (an alternate data stream); null makes a
  // new file.
  Stream* same_file_as = nullptr;
  bool paging_file = false;  // contexts are not supported on it
  uint64_t size = 4096;      // 0 makes FltCreateSectionForDataScan fail (EOF)
};

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
  CreateSectionOutcome CreateSectionForDataScan(Instance* instance, FileObject* file_object,
                                                void* section_context, uint64_t* section_token);
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
