// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/environment.h
// -----------------------------------------------------------------------------
//
// The simulated executive pool. An Environment owns the paged and nonpaged
// pools, the per-tag and global counters, the checks and the record of every
// live allocation (with its allocating stack), and it reports misuse as bug
// checks. It is the core (C++) layer: the WDK-named functions in
// poolsim/wdk/wdm.h are thin wrappers that call the *ambient* Environment,
// which a test installs with ScopedEnvironment (poolsim's GoogleTest
// integration does this for every test).
//
//   poolsim::Environment env;
//   poolsim::ScopedEnvironment install(&env);
//   void* p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, 'gaTm');
//   ...
//   poolsim::LeakReport report = poolsim::BuildLeakReport(env);

#ifndef POOLSIM_ENVIRONMENT_H_
#define POOLSIM_ENVIRONMENT_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "poolsim/block_info.h"
#include "poolsim/bugcheck.h"
#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/irql.h"
#include "poolsim/leaked_object.h"
#include "poolsim/pool_tag.h"

namespace poolsim {


// CheckMode
//
// Which stop codes misuse produces.
enum class CheckMode {
  // The checks every kernel makes, with retail stop codes: BAD_POOL_CALLER
  // (0xC2) for pool misuse; IRQL_NOT_GREATER_OR_EQUAL / IRQL_NOT_LESS_OR_EQUAL
  // (0x9 / 0xA) for KeRaiseIrql / KeLowerIrql misuse (a checked HAL's codes).
  kRetail,
  // Driver Verifier's standard and automatic checks: the 0xC4
  // DRIVER_VERIFIER_DETECTED_VIOLATION forms, plus zero-size allocations.
  kVerifier,
};

// Backend
//
// Where pool memory comes from.
enum class Backend {
  kDefault,   // mimalloc, or the system allocator under a sanitizer
  kMimalloc,  // mi_malloc_aligned / mi_free
  kSystem,    // posix_memalign / free: sanitizers see every block
};

// FaultMode
//
// Low-resources simulation: which injectable calls (pool allocations, and
// whatever else in the simulated kernel can fail) are made to fail.
enum class FaultMode {
  kOff,
  // Each call fails with probability `probability` / 10,000 (Driver
  // Verifier's randomized low-resources simulation), reproducibly from `seed`.
  kRandom,
  // The first call from each unique calling stack fails; later calls from
  // the same stack pass (Driver Verifier's systematic simulation).
  kSystematic,
  // As kSystematic, but only records the stacks that would fail.
  kSystematicRecordOnly,
  // Fails the first call from each stack in `fail_stacks` (and records every
  // stack seen); the unique-stack error-path sweep is built on it.
  kListedStacks,
};

// FaultInjectionOptions
struct FaultInjectionOptions {
  FaultMode mode = FaultMode::kOff;
  uint32_t probability = 600;     // kRandom: chances out of 10,000
  uint64_t seed = 1;              // kRandom
  // Only calls whose pool tag matches one of these patterns ('*', '?', as
  // debuggers show tags) are injectable; empty means all.
  std::vector<std::string> tags;
  // This many injectable calls pass before injection starts.
  uint64_t warmup = 0;
  // Fail exactly the Nth injectable call (1-based) and no other, whatever
  // the mode; 0 turns this off. The error-path sweep uses it.
  uint64_t fail_nth = 0;
  // kSystematic: stacks with a frame whose function matches one of these
  // patterns are never failed.
  std::vector<std::string> excluded_functions;
  // kListedStacks: the stacks to fail, each at its first call.
  std::vector<StackId> fail_stacks;
};

// SpecialPoolOptions
//
// Which allocations go to special pool (each on its own page between guard
// pages). A block is eligible if it is at most a page minus 16 bytes (4080);
// larger ones silently use the normal pool, as on Windows.
struct SpecialPoolOptions {
  enum class Placement {
    kVerifyEnd,    // block against the page's end: overruns fault at once
    kVerifyStart,  // block at the page's start: underruns fault at once
  };
  bool all = false;               // every eligible allocation
  std::vector<std::string> tags;  // or those whose tag matches ('*', '?')
  size_t min_bytes = 0;           // or those with min_bytes <= size <= max_bytes
  size_t max_bytes = 0;           // (0: no size selection)
  Placement placement = Placement::kVerifyEnd;
  // Freed special-pool pages kept inaccessible, to catch uses after free.
  size_t quarantine_pages = 256;
};

// FaultStatistics
struct FaultStatistics {
  uint64_t injectable_calls = 0;
  uint64_t faults_injected = 0;
  // The most recent injected faults, oldest first (at most 16).
  struct Fault {
    std::string api;
    PoolTag tag;
    StackId stack = kNoStack;
    uint64_t call = 0;  // which injectable call, from 1
  };
  std::vector<Fault> recent;
  // kSystematic / kSystematicRecordOnly: the unique stacks seen so far.
  std::vector<StackId> systematic_stacks;
};

// Options
//
// Settings of an Environment. Options::FromEnv() reads them from environment
// variables (docs/poolsim.md lists them).
struct Options {
  CheckMode checks = CheckMode::kRetail;
  Backend backend = Backend::kDefault;
  // Capture the allocating stack of every block (and the stack of every bug
  // check). Off makes allocation cheaper; reports then group by tag only.
  bool capture_stacks = true;
  int stack_depth = 16;
  // Keep the whole freeing stack (stack_depth frames) of every freed block,
  // for double-free reports; false keeps only the return address into the
  // code that called the free (a bug check raised by a free always has its
  // whole stack). docs/performance.md has the cost.
  bool full_free_stacks = false;
  // Byte written over memory the caller did not ask to be zeroed, so reads of
  // uninitialized pool show up.
  uint8_t uninitialized_fill = 0xCD;
  // Write `freed_fill` over a block when it is freed.
  bool poison_on_free = true;
  uint8_t freed_fill = 0xDD;
  // Name used in unload reports (0xC4/0x62).
  std::string driver_name = "driver.sys";
  // Pool budgets in bytes (0: unlimited). An allocation that would take a
  // pool past its budget fails as insufficient resources.
  size_t paged_budget = 0;
  size_t nonpaged_budget = 0;
  // What the test host can give both pools together, in bytes: a request
  // that would take the outstanding bytes past it fails as insufficient
  // resources (NULL, as Windows fails a request it cannot satisfy) instead
  // of exhausting the host. 0: half of the host's physical memory.
  size_t host_limit = 0;
  FaultInjectionOptions faults;
  SpecialPoolOptions special_pool;
  // Guard bytes after every normal-pool block, filled with a pattern and
  // checked when the block is freed: a write past the end is then reported
  // as 0xC4/0x51. 0 turns them off; any other value means 16 bytes. Each
  // block keeps the choice made when it was allocated.
  size_t guard_bytes = 16;
  // Entries a lookaside list keeps for reuse before it frees to the pool.
  // 0 sends every allocate and free straight to the pool, which is best for
  // finding leaks and uses after free.
  int lookaside_depth = 4;
  // How long a spin-lock acquisition waits for a lock held elsewhere before
  // it reports DPC_WATCHDOG_VIOLATION (0x133/0x1) and returns without the
  // lock, so a lock never initialized or never released cannot hang the
  // test. 0: wait forever.
  uint32_t spin_timeout_ms = 10000;
  // How long a blocking wait of the synchronization surface (//sync/wdk:
  // KeWaitFor*, ERESOURCE, fast mutex and push-lock acquisitions) may block
  // before it is reported as a deadlock (0xC4/0x1001) and returns (the wait
  // with STATUS_TIMEOUT, an acquisition without the lock), so a wait that can
  // never complete cannot hang the test. A wait whose own timeout is shorter
  // is not affected. 0: wait forever.
  uint32_t wait_timeout_ms = 30000;

  // Returns the defaults overridden by POOLSIM_* environment variables.
  static Options FromEnv();
};

// AllocateRequest
//
// One allocation, already decoded from WDK arguments by the caller.
struct AllocateRequest {
  size_t bytes = 0;
  PoolTag tag;
  PoolKind kind = PoolKind::kNonPaged;
  uint32_t pool_type = 0;  // WDK POOL_TYPE value, shown in reports
  bool zero = false;       // zero the block; otherwise fill it
  bool must_succeed = false;
  // The legacy APIs bug-check on tag 0, "BIG " and tags without letters or
  // digits; ExAllocatePool2/3 instead fail (return null) on tag 0.
  bool legacy_tag_rules = true;
  // The block was allocated without a tag (ExAllocatePool): counted as such.
  bool untagged = false;
  // Special pool for this call (POOL_FLAG_SPECIAL_POOL), whatever the
  // settings select.
  bool special = false;
  // The placement when the block goes to special pool: -1 the setting's,
  // 0 verify end, 1 verify start (the ...SpecialPoolOverrun/Underrun
  // priorities).
  int special_placement = -1;
  // Frames between the driver's call and Environment::Allocate, left out of
  // the recorded stack (1 for a WDK wrapper).
  int skip_frames = 0;
};

// AllocateFailure
//
// Why Allocate returned null.
enum class AllocateFailure {
  kNone,
  kBugCheck,               // misuse; a bug check was raised
  kInvalidParameter,       // e.g. tag 0 for ExAllocatePool2
  kInsufficientResources,  // the pool (or the host) is out of memory
};

// PoolCounters
//
// Global counters, as !verifier shows them.
struct PoolCounters {
  uint64_t allocations_attempted = 0;
  uint64_t allocations_succeeded = 0;
  uint64_t allocations_failed = 0;
  uint64_t allocations_with_no_tag = 0;
  uint64_t allocations_special_pool = 0;
  uint64_t frees = 0;
  uint64_t current_paged_allocations = 0;
  uint64_t current_paged_bytes = 0;
  uint64_t current_nonpaged_allocations = 0;
  uint64_t current_nonpaged_bytes = 0;
  uint64_t peak_paged_allocations = 0;
  uint64_t peak_paged_bytes = 0;
  uint64_t peak_nonpaged_allocations = 0;
  uint64_t peak_nonpaged_bytes = 0;
  uint64_t raise_irqls = 0;
  uint64_t acquire_spin_locks = 0;
  uint64_t bug_checks = 0;
};

// TagUsage
//
// Per-tag accounting, as !poolused shows it: outstanding allocations and
// bytes per pool, plus frees and peaks.
struct TagUsage {
  PoolTag tag;
  uint64_t nonpaged_allocations = 0;  // outstanding
  uint64_t nonpaged_bytes = 0;
  uint64_t nonpaged_frees = 0;
  uint64_t nonpaged_peak_bytes = 0;
  uint64_t paged_allocations = 0;
  uint64_t paged_bytes = 0;
  uint64_t paged_frees = 0;
  uint64_t paged_peak_bytes = 0;
};

// ObjectReporter
//
// A source of leaked reference-counted objects (fltctx registers one for
// contexts), asked when a leak report is built.
using ObjectReporter = std::function<void(std::vector<LeakedObject>*)>;

// Environment
//
// Thread-safe. Allocation and free take one of 64 address-sharded locks; no
// lock is held while a bug-check handler or reporter runs.
class Environment {
 public:
  explicit Environment(Options options = Options::FromEnv());
  // Frees every block still live. Build any report before destruction.
  ~Environment();
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

  const Options& options() const;

  // Replaces the settings. Call it only while no other thread uses this
  // Environment (test set-up): the settings are read without a lock.
  // Blocks already allocated keep the layout they were allocated with.
  void Reconfigure(const Options& options);

  // Allocate()
  //
  // Returns a block of at least `request.bytes` bytes, 16-byte aligned and
  // page-aligned from 4096 bytes up, or null if the request fails. Misuse
  // (wrong IRQL, must-succeed, bad tag, zero size in verifier mode) raises a
  // bug check and returns null. `failure`, if not null, receives the reason.
  void* Allocate(const AllocateRequest& request, AllocateFailure* failure = nullptr);

  // Free()
  //
  // Frees a block. With `check_tag` the block's tag must equal `tag` (the
  // protected bit aside). Misuse (null, foreign or already-freed pointer,
  // wrong IRQL, tag mismatch) raises a bug check and leaves the block as it
  // was. `skip_frames` as in AllocateRequest.
  void Free(void* address, PoolTag tag, bool check_tag, int skip_frames = 0);

  // Returns true if and only if `address` is the start of a live block; fills
  // `*info` when it is and `info` is not null.
  bool Lookup(const void* address, BlockInfo* info = nullptr) const;

  // RaiseIrql() / LowerIrql()
  //
  // Change the calling thread's IRQL with the KeRaiseIrql / KeLowerIrql
  // checks. RaiseIrql returns the previous IRQL; on misuse it raises a bug
  // check and leaves the IRQL unchanged. LowerIrql is also the restore step
  // of a spin-lock release; `api` names the call in the report.
  Irql RaiseIrql(Irql new_irql, int skip_frames = 0);
  void LowerIrql(Irql new_irql, int skip_frames = 0, const char* api = "KeLowerIrql");

  // Counts a spin-lock acquisition (the Ke layer does the locking).
  void CountSpinLockAcquire();
  // Counts an allocation the WDK layer refused before reaching Allocate
  // (invalid POOL_FLAGS or extended parameters) as attempted and failed.
  void CountRefusedAllocation();

  // ShouldInjectFault()
  //
  // The low-resources simulation's decision for one injectable call: returns
  // true if and only if the call named `api` must fail now. Every simulated
  // kernel service that can fail asks here (pool allocation does itself).
  // `stack` is the caller's stack; kNoStack lets this function capture it
  // (leaving out `skip_frames` frames above its caller) when needed.
  bool ShouldInjectFault(const char* api, PoolTag tag, StackId stack = kNoStack,
                         int skip_frames = 0);
  FaultStatistics Faults() const;

  // RaiseBugCheck()
  //
  // The one bug-check funnel. Records `bug_check` and hands it to the
  // handler. Fills the stack (leaving out `skip_frames` frames above the
  // caller), IRQL and thread if unset. Build `bug_check` from a catalogue row
  // with MakeBugCheck (poolsim/bugcheck_catalogue.h); a row that is not
  // registered, or whose sub-code parameter was changed, aborts the process
  // with a message (a library bug). Only a driver-requested stop
  // (KeBugCheckEx, MakeDriverBugCheck) has no row.
  void RaiseBugCheck(BugCheck bug_check, int skip_frames = 0);

  // Sets this Environment's handler and returns the previous one; an empty
  // handler falls back to the process default (SetDefaultBugCheckHandler).
  BugCheckHandler SetBugCheckHandler(BugCheckHandler handler);

  // Returns every bug check raised so far, oldest first.
  std::vector<BugCheck> BugChecks() const;

  // Returns a snapshot of the live blocks, in allocation order.
  std::vector<BlockInfo> LiveBlocks() const;
  // Returns the live blocks allocated after sequence number `after`.
  std::vector<BlockInfo> LiveBlocksSince(uint64_t after) const;
  // Returns the sequence number of the latest allocation (0 before any).
  uint64_t LastSequence() const;

  PoolCounters Counters() const;
  // Returns the per-tag accounting, ordered by tag display string.
  std::vector<TagUsage> TagUsages() const;

  // Registers a source of leaked objects for reports; returns a handle for
  // RemoveObjectReporter.
  int AddObjectReporter(ObjectReporter reporter);
  void RemoveObjectReporter(int handle);
  // Returns the objects every registered reporter lists.
  std::vector<LeakedObject> LeakedObjects() const;

  // Live objects: driver-owned kernel objects (lookaside lists) that must be
  // deleted before the pool holding them is freed and before unload.
  // Registering an address that is already live returns false.
  bool RegisterLiveObject(const void* address, const std::string& kind);
  // Returns false if `address` was not live.
  bool UnregisterLiveObject(const void* address);
  bool IsLiveObject(const void* address) const;
  // Returns "a <kind> at 0x<address>" for every live object.
  std::vector<std::string> LiveObjectDescriptions() const;

  // CheckUnload()
  //
  // The Driver Verifier unload checks: a live object (a lookaside list never
  // deleted) raises 0xCE DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS
  // (P1 = its address); blocks still live raise
  // DRIVER_VERIFIER_DETECTED_VIOLATION 0xC4/0x62 (P4 = their number).
  // Returns true if and only if neither happened.
  bool CheckUnload();

  // Frees every live block without any check or report and forgets bug
  // checks. Counters are kept.
  void Reset();

 private:
  struct Impl;
  // Returns true if the IRQL change is legal; otherwise raises the bug check.
  bool CheckIrqlChange(bool raise, Irql current, Irql new_irql, int skip_frames,
                       const char* api);
  std::unique_ptr<Impl> impl_;
};

// Ambient()
//
// Returns the Environment the WDK-named functions use: the innermost one
// installed by a live ScopedEnvironment, or a process-wide default.
// Thread-safe.
Environment& Ambient();

// ScopedEnvironment
//
// Makes `env` the ambient Environment (for all threads) for the object's
// lifetime and restores the previous one on destruction. Scopes nest.
class ScopedEnvironment {
 public:
  explicit ScopedEnvironment(Environment* env);
  ~ScopedEnvironment();
  ScopedEnvironment(const ScopedEnvironment&) = delete;
  ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

 private:
  Environment* const previous_;
};

}  // namespace poolsim

#endif  // POOLSIM_ENVIRONMENT_H_
