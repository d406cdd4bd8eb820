// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/environment_impl.h
// -----------------------------------------------------------------------------
//
// The state of one Environment (Environment::Impl), shared by the files that
// implement it (core layer, private to poolsim):
//
//   poolsim/environment.cc                 construction, the bug-check funnel,
//                                          Reset, the ambient Environment
//   poolsim/internal/options_from_env.cc   Options::FromEnv
//   poolsim/internal/allocate.cc           Environment::Allocate
//   poolsim/internal/free.cc               Environment::Free, Lookup
//   poolsim/internal/misuse_rules.h        retail / verifier / special rows
//   poolsim/internal/irql_checks.cc        RaiseIrql, LowerIrql
//   poolsim/internal/fault_injection.cc    ShouldInjectFault, Faults
//   poolsim/internal/counters.cc           counters, tags, live-block lists
//   poolsim/internal/live_objects.cc       object reporters, live objects, unload
//   poolsim/internal/block_map.{h,cc}      the lock-free live-block registry
//   poolsim/internal/thread_state.{h,cc}   per-thread counters, sequence
//                                          numbers, freed-block history
//   poolsim/internal/owner_gate.{h,cc}     owner mode and shared mode of the
//                                          exact shared state
//
// The normal pool's hot path takes no lock: the counters that belong to one
// thread are that thread's ThreadState; the state that must be exact across
// threads at every instant (outstanding allocations and bytes per pool and
// bytes per tag, whose peaks and budgets depend on the running total, and
// the live-block registry's bytes) is written with plain stores while one
// thread owns the Environment and with atomic read-modify-writes once a
// second thread has used it (`gate`, owner_gate.h). See docs/performance.md.
//
// Lock order: Shard::mu, tags_mu, faults_mu, objects_mu, ThreadStates' lock (which the
// process-wide list of live ThreadStates, in thread_state.cc, may precede),
// the gate's lock and mu are never held together, except that the site
// depot's lock (site_depot.cc) may be taken under Shard::mu; no lock is held
// while a bug-check handler or an object reporter runs.

#ifndef POOLSIM_INTERNAL_ENVIRONMENT_IMPL_H_
#define POOLSIM_INTERNAL_ENVIRONMENT_IMPL_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "poolsim/environment.h"
#include "poolsim/internal/backend.h"
#include "poolsim/internal/block_header.h"
#include "poolsim/internal/block_map.h"
#include "poolsim/internal/lock.h"
#include "poolsim/internal/owner_gate.h"
#include "poolsim/internal/special_pool.h"
#include "poolsim/internal/thread_state.h"

namespace poolsim {
namespace poolsim_internal {

// Runs the process default handler, or prints and aborts without one
// (poolsim/bugcheck.cc).
void RunDefaultBugCheckHandler(const BugCheck& bug_check);

// Returns a new Environment's identifier, unique in the process.
uint64_t NextEnvironmentId();

// The shared per-tag counters: outstanding bytes and their peak, by
// PoolKind. (Outstanding allocations and frees per tag are per thread:
// ThreadTagCounts.)
struct TagCounters {
  std::atomic<uint64_t> bytes[2] = {};
  std::atomic<uint64_t> peak_bytes[2] = {};
};

}  // namespace poolsim_internal

struct Environment::Impl {
  explicit Impl(Options o)
      : options(std::move(o)),
        backend(options.backend == Backend::kMimalloc ? poolsim_internal::BackendKind::kMimalloc
                : options.backend == Backend::kSystem ? poolsim_internal::BackendKind::kSystem
                                                      : poolsim_internal::DefaultBackend()),
        id(poolsim_internal::NextEnvironmentId()),
        threads(id) {
    OptionsChanged();
  }

  // Recomputes what the hot path derives from `options`
  // (poolsim/internal/allocate.cc). Called whenever `options` changes.
  void OptionsChanged();

  Options options;  // changed only by Reconfigure, with no other user
  // From `options` (OptionsChanged): whether any setting sends blocks to
  // special pool, and the host limit in force.
  bool special_configured = false;
  uint64_t host_limit = 0;
  const poolsim_internal::BackendKind backend;
  const uint64_t id;

  // The live normal-pool blocks.
  poolsim_internal::BlockMap blocks;
  // Special-pool blocks and parked backend blocks.
  std::array<poolsim_internal::Shard, poolsim_internal::kShards> shards;
  // Per-thread counters, sequence numbers and freed-block history.
  poolsim_internal::ThreadStates threads;

  // Owner mode or shared mode for the exact shared state below and the
  // bytes of `blocks`.
  poolsim_internal::OwnerGate gate;
  // Exact shared counters (by PoolKind).
  std::atomic<uint64_t> current_allocations[2] = {}, current_bytes[2] = {};
  std::atomic<uint64_t> peak_allocations[2] = {}, peak_bytes[2] = {};
  std::atomic<uint64_t> raise_irqls{0}, acquire_spin_locks{0}, bug_check_count{0};

  poolsim_internal::Mutex tags_mu;
  absl::flat_hash_map<uint32_t, std::unique_ptr<poolsim_internal::TagCounters>> tags
      ABSL_GUARDED_BY(tags_mu);

  poolsim_internal::Mutex faults_mu;
  uint64_t injectable_calls ABSL_GUARDED_BY(faults_mu) = 0;
  uint64_t faults_injected ABSL_GUARDED_BY(faults_mu) = 0;
  std::deque<FaultStatistics::Fault> recent_faults ABSL_GUARDED_BY(faults_mu);
  absl::flat_hash_map<StackId, bool> systematic ABSL_GUARDED_BY(faults_mu);  // -> excluded
  std::vector<StackId> systematic_order ABSL_GUARDED_BY(faults_mu);

  bool faults_enabled() const {
    return options.faults.mode != FaultMode::kOff || options.faults.fail_nth != 0;
  }

  poolsim_internal::Mutex objects_mu;
  std::map<uintptr_t, std::string> live_objects ABSL_GUARDED_BY(objects_mu);
  std::atomic<size_t> live_object_count{0};

  poolsim_internal::Mutex mu;  // bug checks, handler and reporters
  std::vector<BugCheck> bug_checks ABSL_GUARDED_BY(mu);
  BugCheckHandler handler ABSL_GUARDED_BY(mu);
  std::vector<std::pair<int, ObjectReporter>> reporters ABSL_GUARDED_BY(mu);
  int next_reporter ABSL_GUARDED_BY(mu) = 1;

  // Returns the counters of `tag`, creating them at first use
  // (poolsim/internal/counters.cc).
  poolsim_internal::TagCounters& CountersFor(uint32_t tag);
  // The same through the calling thread's entry for the tag, which keeps
  // the answer.
  poolsim_internal::TagCounters& CountersFor(poolsim_internal::ThreadTagCounts::Entry& entry) {
    if (entry.shared == nullptr) entry.shared = &CountersFor(entry.tag.load(std::memory_order_relaxed));
    return *entry.shared;
  }

  // Counts a new block (`h`, already registered) made by `ts`'s thread
  // (poolsim/internal/allocate.cc); the pool's bytes were reserved by
  // Allocate, which left the pool's total at `pool_bytes_after`.
  void CountAllocation(poolsim_internal::ThreadState& ts, const poolsim_internal::Header& h,
                       bool untagged, uint64_t pool_bytes_after);

  bool verifier() const { return options.checks == CheckMode::kVerifier; }

  // Frees every live block without checks and forgets them, for Reset and
  // destruction (poolsim/internal/counters.cc). Not concurrent with any
  // other use of the Environment.
  void FreeAllBlocks();

  // Returns true if and only if settings or the request send it to special
  // pool (the rules: WantsSpecialByRules, poolsim/internal/allocate.cc).
  bool WantsSpecial(const AllocateRequest& r) const {
    return (r.special || special_configured) && WantsSpecialByRules(r);
  }
  bool WantsSpecialByRules(const AllocateRequest& r) const;
};

}  // namespace poolsim

#endif  // POOLSIM_INTERNAL_ENVIRONMENT_IMPL_H_
