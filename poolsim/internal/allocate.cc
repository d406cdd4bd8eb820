// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/allocate.cc
// -----------------------------------------------------------------------------
//
// Environment::Allocate: the allocation checks (IRQL, must-succeed, tags,
// zero size), budgets and the low-resources simulation, then the special or
// normal pool. Core layer, private to poolsim.

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include <unistd.h>

#include "absl/strings/str_format.h"
#include "poolsim/environment.h"
#include "poolsim/internal/environment_impl.h"
#include "poolsim/internal/misuse_rules.h"

namespace poolsim {

using poolsim_internal::Header;
using poolsim_internal::HeaderOf;
using poolsim_internal::MutexLock;
using poolsim_internal::Shard;
using poolsim_internal::ShardOf;
using poolsim_internal::TagCounters;
using poolsim_internal::ToInfo;
using poolsim_internal::kFlagGuarded;
using poolsim_internal::kFlagPageAligned;
using poolsim_internal::kFlagPaged;
using poolsim_internal::kFlagSizeAligned;
using poolsim_internal::kFlagSpecial;
using poolsim_internal::kGuardBytes;
using poolsim_internal::kGuardPattern;
using poolsim_internal::kHeaderBytes;
using poolsim_internal::kPageSize;
using poolsim_internal::NextPowerOfTwo;
using poolsim_internal::AddExact;
using poolsim_internal::MaxExact;

namespace {

// Returns true if and only if `bytes` more fit under `limit` with
// `outstanding` already taken; no request size overflows the comparison.
bool Fits(uint64_t bytes, uint64_t outstanding, uint64_t limit) {
  return outstanding <= limit && bytes <= limit - outstanding;
}

// Returns the host limit in force: the setting, or half of the host's
// physical memory (4 GiB if the host does not say).
uint64_t HostLimit(const Options& options) {
  if (options.host_limit != 0) return options.host_limit;
  static const uint64_t derived = [] {
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long page_size = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page_size <= 0) return uint64_t{1} << 32;
    return static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_size) / 2;
  }();
  return derived;
}

}  // namespace

void Environment::Impl::OptionsChanged() {
  const SpecialPoolOptions& sp = options.special_pool;
  special_configured = sp.all || sp.max_bytes != 0 || !sp.tags.empty();
  host_limit = HostLimit(options);
}

// Returns true if and only if settings or the request send it to special
// pool.
bool Environment::Impl::WantsSpecialByRules(const AllocateRequest& r) const {
  const size_t bytes = r.bytes == 0 ? 1 : r.bytes;
  if (bytes > poolsim_internal::kSpecialPoolMaxBytes) return false;
  const SpecialPoolOptions& sp = options.special_pool;
  if (r.special || sp.all) return true;
  if (sp.max_bytes != 0 && bytes >= sp.min_bytes && bytes <= sp.max_bytes) return true;
  for (const std::string& pattern : sp.tags) {
    if (r.tag.Matches(pattern)) return true;
  }
  return false;
}

// Inlined into Allocate, its only caller.
[[gnu::always_inline]] inline void Environment::Impl::CountAllocation(poolsim_internal::ThreadState& ts, const Header& h,
                                        bool untagged, uint64_t pool_bytes_after) {
  const int kind = (h.flags & kFlagPaged) ? 1 : 0;
  ts.succeeded.Add(1);
  if (untagged) ts.no_tag.Add(1);
  poolsim_internal::ThreadTagCounts::Entry& tag_counts = ts.tags.For(h.tag);
  tag_counts.allocations[kind].Add(1);
  TagCounters& tc = CountersFor(tag_counts);
  // The pool's bytes were reserved by Allocate; their total then was
  // `pool_bytes_after`.
  const bool plain = gate.Enter(&ts);
  MaxExact(peak_bytes[kind], pool_bytes_after, plain);
  MaxExact(peak_allocations[kind], AddExact(current_allocations[kind], 1, plain), plain);
  MaxExact(tc.peak_bytes[kind], AddExact(tc.bytes[kind], h.bytes, plain), plain);
  if (plain) gate.Leave();
}

void* Environment::Allocate(const AllocateRequest& r, AllocateFailure* failure) {
  Impl& s = *impl_;
  AllocateFailure ignored;
  AllocateFailure& why = failure != nullptr ? *failure : ignored;
  why = AllocateFailure::kNone;
  poolsim_internal::ThreadState& ts = s.threads.Mine();
  ts.attempted.Add(1);
  const int kind = static_cast<int>(r.kind);
  const Irql irql = CurrentIrql();
  // Not inlined: the skip count counts this frame (see free.cc).
  auto raise = [&](BugCheck b) __attribute__((noinline)) {
    ts.failed.Add(1);
    why = AllocateFailure::kBugCheck;
    RaiseBugCheck(std::move(b), r.skip_frames + 2);
    return nullptr;
  };
  poolsim_internal::MisuseValues values;
  values.irql = irql;
  values.pool_type = r.pool_type;
  values.bytes = r.bytes;

  // 1. IRQL, before anything else.
  const Irql max_irql = r.kind == PoolKind::kPaged ? kApcLevel : kDispatchLevel;
  const bool special = s.WantsSpecial(r);
  if (irql > max_irql) {
    const std::string text = absl::StrFormat(
        "%s allocation of %u byte(s) at %s; the limit is %s", PoolKindName(r.kind), r.bytes,
        IrqlName(irql), IrqlName(max_irql));
    return raise(poolsim_internal::MakeMisuseBugCheck(
        r.kind == PoolKind::kPaged ? poolsim_internal::Misuse::kAllocateIrqlPaged
                                   : poolsim_internal::Misuse::kAllocateIrqlNonPaged,
        s.options.checks, special, values, text));
  }
  // 2. Must-succeed pool is never allowed for drivers.
  if (r.must_succeed) {
    return raise(MakeBugCheck(bugcheck_rule::kAllocateMustSucceed,
                              {r.pool_type, r.bytes, r.tag.value()},
                              "must-succeed pool requested; drivers may not use it"));
  }
  // 3. Tag rules.
  const PoolTag plain_tag = r.tag.WithoutProtectedBit();
  if (r.legacy_tag_rules) {
    if (r.tag.value() == 0) {
      return raise(MakeBugCheck(bugcheck_rule::kAllocateTagZero, {r.pool_type, r.bytes, 0},
                                "allocation with a tag of 0"));
    }
    if (plain_tag == kBigTag) {
      return raise(MakeBugCheck(bugcheck_rule::kAllocateTagBig, {r.pool_type, r.bytes, 0},
                                "allocation with the reserved tag 'BIG '"));
    }
    if (!plain_tag.HasAlphanumeric()) {
      return raise(MakeBugCheck(
          bugcheck_rule::kAllocateTagNotAlphanumeric, {r.tag.value(), r.pool_type, 0},
          absl::StrFormat("tag '%s' has no letter or digit", r.tag.ToString())));
    }
  } else if (r.tag.value() == 0) {
    ts.failed.Add(1);
    why = AllocateFailure::kInvalidParameter;
    return nullptr;  // ExAllocatePool2/3: tag 0 is an invalid argument.
  }
  // 4. Zero-size requests: the verifier stops; the retail pool hands out a
  // minimum-size block.
  if (r.bytes == 0 &&
      poolsim_internal::MisuseRaises(poolsim_internal::Misuse::kAllocateZeroBytes,
                                     s.options.checks, special)) {
    return raise(poolsim_internal::MakeMisuseBugCheck(poolsim_internal::Misuse::kAllocateZeroBytes,
                                                      s.options.checks, special, values,
                                                      "zero-byte allocation"));
  }

  const size_t bytes = r.bytes == 0 ? 1 : r.bytes;
  const StackId stack =
      s.options.capture_stacks || s.faults_enabled()
          ? CaptureStack(r.skip_frames + 1, s.options.stack_depth)
          : kNoStack;
  // 5. The host limit and the budgets, then the low-resources simulation.
  // The request's bytes are reserved in the pool's outstanding total in the
  // same step as the check (by the owner with plain stores inside its
  // window, else with a compare-and-swap), so the budget holds exactly
  // however many threads allocate at once. (The host limit, which spans both pools, is checked against the
  // other pool's total as read.)
  const size_t budget = r.kind == PoolKind::kPaged ? s.options.paged_budget
                                                   : s.options.nonpaged_budget;
  const uint64_t host_limit = s.host_limit;
  std::atomic<uint64_t>& pool_bytes = s.current_bytes[kind];
  const bool plain = s.gate.Enter(&ts);
  uint64_t outstanding = pool_bytes.load(std::memory_order_relaxed);
  for (;;) {
    const uint64_t all_outstanding =
        outstanding + s.current_bytes[1 - kind].load(std::memory_order_relaxed);
    if (!Fits(r.bytes, all_outstanding, host_limit) ||
        (budget != 0 && !Fits(r.bytes, outstanding, budget))) {
      if (plain) s.gate.Leave();
      ts.failed.Add(1);
      why = AllocateFailure::kInsufficientResources;
      return nullptr;
    }
    if (plain) {
      pool_bytes.store(outstanding + r.bytes, std::memory_order_relaxed);
      break;
    }
    if (pool_bytes.compare_exchange_weak(outstanding, outstanding + r.bytes,
                                         std::memory_order_relaxed)) {
      break;
    }
  }
  if (plain) s.gate.Leave();
  // The pool's total just after the reservation: its peak is raised when
  // the block is made (a refused request leaves the peak alone).
  const uint64_t bytes_after = outstanding + r.bytes;
  auto refuse = [&] {
    const bool owner = s.gate.Enter(&ts);
    AddExact(pool_bytes, ~uint64_t{r.bytes} + 1, owner);  // minus r.bytes
    if (owner) s.gate.Leave();
    ts.failed.Add(1);
    why = AllocateFailure::kInsufficientResources;
    return nullptr;
  };
  if (s.faults_enabled() && ShouldInjectFault("pool allocation", r.tag, stack)) return refuse();
  if (special) {
    const bool verify_start =
        r.special_placement == 1 ||
        (r.special_placement == -1 &&
         s.options.special_pool.placement == SpecialPoolOptions::Placement::kVerifyStart);
    const uint64_t sequence = s.threads.NextSequence(ts);
    const uint8_t pattern = static_cast<uint8_t>(0x80 | (sequence & 0x7F));
    void* user = poolsim_internal::SpecialAllocate(bytes, verify_start, pattern, r.zero,
                                                   s.options.uninitialized_fill);
    if (user != nullptr) {
      Header h;
      h.bytes = r.bytes;
      h.sequence = sequence;
      h.tag = r.tag.value();
      h.stack = s.options.capture_stacks ? stack : kNoStack;
      h.thread = CurrentThreadOrdinal();
      h.pool_type = static_cast<uint16_t>(r.pool_type);
      h.irql = irql;
      h.flags = static_cast<uint8_t>((r.kind == PoolKind::kPaged ? kFlagPaged : 0) | kFlagSpecial);
      const uintptr_t address = reinterpret_cast<uintptr_t>(user);
      poolsim_internal::SpecialSetInfo(user, ToInfo(address, h));
      {
        Shard& shard = s.shards[ShardOf(address)];
        MutexLock lock(&shard.mu);
        shard.special.emplace(address, h);
      }
      ts.special.Add(1);
      s.CountAllocation(ts, h, r.untagged, bytes_after);
      return user;
    }
    // Special pool refused the mapping: fall back to the normal pool.
  }
  const size_t guard = s.options.guard_bytes != 0 ? kGuardBytes : 0;
  const bool page_aligned = bytes >= kPageSize;
  const size_t alignment = page_aligned ? kPageSize : 16;
  if (bytes > poolsim_internal::kMaxBlockBytes) return refuse();  // beyond any host
  void* start = poolsim_internal::BackendAllocate(s.backend, bytes + guard + kHeaderBytes,
                                                  alignment, kHeaderBytes);
  uint8_t extra_flags = 0;
  if (start != nullptr && !page_aligned) {
    // A request below one page never crosses a page boundary. When the
    // backend's block does, take one aligned to a power of two at least its
    // size, which cannot cross.
    const uintptr_t first = reinterpret_cast<uintptr_t>(start) + kHeaderBytes;
    if (first / kPageSize != (first + bytes - 1) / kPageSize) {
      // Set the crossing block aside rather than freeing it: freed, the
      // backend would hand it straight back to the next request. At most one
      // block per page crosses, so little is parked.
      {
        Shard& parking = s.shards[ShardOf(first)];
        MutexLock lock(&parking.mu);
        parking.parked.push_back(start);
      }
      start = poolsim_internal::BackendAllocate(s.backend, bytes + guard + kHeaderBytes,
                                                NextPowerOfTwo(bytes), kHeaderBytes);
      extra_flags = kFlagSizeAligned;
    }
  }
  if (start == nullptr) return refuse();
  void* user = static_cast<char*>(start) + kHeaderBytes;
  std::memset(user, r.zero ? 0 : s.options.uninitialized_fill, bytes);
  if (guard != 0) std::memset(static_cast<char*>(user) + bytes, kGuardPattern, guard);

  Header h;
  h.bytes = r.bytes;
  h.sequence = s.threads.NextSequence(ts);
  h.tag = r.tag.value();
  h.stack = s.options.capture_stacks ? stack : kNoStack;
  h.thread = CurrentThreadOrdinal();
  h.pool_type = static_cast<uint16_t>(r.pool_type);
  h.irql = irql;
  h.flags = static_cast<uint8_t>((r.kind == PoolKind::kPaged ? kFlagPaged : 0) |
                                 (page_aligned ? kFlagPageAligned : 0) | extra_flags |
                                 (guard != 0 ? kFlagGuarded : 0));

  const uintptr_t address = reinterpret_cast<uintptr_t>(user);
  // Refused when the host has no memory for a new site or for the registry,
  // or (after 2^50 allocations) when the Environment's numbers run out.
  if (h.sequence >= poolsim_internal::kSequenceLimit ||
      !poolsim_internal::Pack(h, HeaderOf(user)) || !s.blocks.MarkLive(address)) {
    poolsim_internal::BackendFree(s.backend, start, poolsim_internal::AlignmentOf(h),
                                  kHeaderBytes);
    return refuse();
  }

  s.CountAllocation(ts, h, r.untagged, bytes_after);
  return user;
}

}  // namespace poolsim
