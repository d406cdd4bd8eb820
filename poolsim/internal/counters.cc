// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/counters.cc
// -----------------------------------------------------------------------------
//
// The global and per-tag counters (!verifier, !poolused) and the live-block
// lists the leak report is built from. Core layer, private to poolsim.

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "poolsim/environment.h"
#include "poolsim/internal/environment_impl.h"

namespace poolsim {

using poolsim_internal::Header;
using poolsim_internal::HeaderOf;
using poolsim_internal::MutexLock;
using poolsim_internal::Shard;
using poolsim_internal::TagCounters;
using poolsim_internal::ToInfo;

TagCounters& Environment::Impl::CountersFor(uint32_t tag) {
  // One-entry per-thread cache: most code allocates with few tags.
  struct Cache {
    uint64_t env = 0;
    uint32_t tag = 0;
    TagCounters* counters = nullptr;
  };
  thread_local Cache cache;
  if (cache.env == id && cache.tag == tag) return *cache.counters;
  TagCounters* counters;
  {
    MutexLock lock(&tags_mu);
    auto& slot = tags[tag];
    if (slot == nullptr) slot = std::make_unique<TagCounters>();
    counters = slot.get();
  }
  cache = Cache{id, tag, counters};
  return *counters;
}

void Environment::CountRefusedAllocation() {
  poolsim_internal::ThreadState& ts = impl_->threads.Mine();
  ts.attempted.Add(1);
  ts.failed.Add(1);
}

void Environment::Impl::FreeAllBlocks() {
  Impl& s = *this;
  auto forget = [&](const Header& h) {
    const int kind = (h.flags & poolsim_internal::kFlagPaged) ? 1 : 0;
    s.current_allocations[kind].fetch_sub(1, std::memory_order_relaxed);
    s.current_bytes[kind].fetch_sub(h.bytes, std::memory_order_relaxed);
    s.threads.Mine().tags.For(h.tag).allocations[kind].Add(~uint64_t{0});  // minus one
    s.CountersFor(h.tag).bytes[kind].fetch_sub(h.bytes, std::memory_order_relaxed);
  };
  std::vector<uintptr_t> live;
  s.blocks.ForEachLive([&](uintptr_t address) { live.push_back(address); });
  s.blocks.Clear();
  s.threads.ClearFreedHistories();  // as before: Reset forgets earlier frees
  for (uintptr_t address : live) {
    void* p = reinterpret_cast<void*>(address);
    const Header h = poolsim_internal::Unpack(*HeaderOf(p));
    forget(h);
    poolsim_internal::BackendFree(s.backend, HeaderOf(p), poolsim_internal::AlignmentOf(h),
                                  poolsim_internal::kHeaderBytes);
  }
  for (Shard& shard : s.shards) {
    std::vector<void*> parked;
    std::vector<std::pair<uintptr_t, Header>> special;
    {
      MutexLock lock(&shard.mu);
      special.assign(shard.special.begin(), shard.special.end());
      shard.special.clear();
      parked.swap(shard.parked);
    }
    for (void* block : parked) poolsim_internal::BackendFree(s.backend, block, 16,
                                                                 poolsim_internal::kHeaderBytes);
    for (const auto& [address, h] : special) {
      forget(h);
      poolsim_internal::SpecialUnmap(reinterpret_cast<void*>(address));
    }
  }
}

std::vector<BlockInfo> Environment::LiveBlocksSince(uint64_t after) const {
  std::vector<BlockInfo> out;
  impl_->gate.ShareUnlessOwner(&impl_->threads.Mine());  // claims with a CAS
  impl_->blocks.ForEachLive([&](uintptr_t address) {
    const Header h = poolsim_internal::Unpack(*HeaderOf(reinterpret_cast<void*>(address)));
    if (h.sequence > after) out.push_back(ToInfo(address, h));
  });
  for (Shard& shard : impl_->shards) {
    MutexLock lock(&shard.mu);
    for (const auto& [address, h] : shard.special) {
      if (h.sequence > after) out.push_back(ToInfo(address, h));
    }
  }
  std::sort(out.begin(), out.end(),
            [](const BlockInfo& a, const BlockInfo& b) { return a.sequence < b.sequence; });
  return out;
}

std::vector<BlockInfo> Environment::LiveBlocks() const { return LiveBlocksSince(0); }

uint64_t Environment::LastSequence() const { return impl_->threads.Last(); }

PoolCounters Environment::Counters() const {
  const Impl& s = *impl_;
  auto get = [](const std::atomic<uint64_t>& a) { return a.load(std::memory_order_relaxed); };
  PoolCounters c;
  s.threads.ForEach([&](const poolsim_internal::ThreadState& t) {
    c.allocations_attempted += t.attempted.Get();
    c.allocations_succeeded += t.succeeded.Get();
    c.allocations_failed += t.failed.Get();
    c.allocations_with_no_tag += t.no_tag.Get();
    c.allocations_special_pool += t.special.Get();
    c.frees += t.frees.Get();
  });
  c.current_nonpaged_allocations = get(s.current_allocations[0]);
  c.current_nonpaged_bytes = get(s.current_bytes[0]);
  c.current_paged_allocations = get(s.current_allocations[1]);
  c.current_paged_bytes = get(s.current_bytes[1]);
  c.peak_nonpaged_allocations = get(s.peak_allocations[0]);
  c.peak_nonpaged_bytes = get(s.peak_bytes[0]);
  c.peak_paged_allocations = get(s.peak_allocations[1]);
  c.peak_paged_bytes = get(s.peak_bytes[1]);
  c.raise_irqls = get(s.raise_irqls);
  c.acquire_spin_locks = get(s.acquire_spin_locks);
  c.bug_checks = get(s.bug_check_count);
  return c;
}

std::vector<TagUsage> Environment::TagUsages() const {
  // Outstanding allocations and frees per tag: the threads' shares, summed.
  struct Counts {
    uint64_t allocations[2] = {};
    uint64_t frees[2] = {};
  };
  absl::flat_hash_map<uint32_t, Counts> counts;
  impl_->threads.ForEach([&](const poolsim_internal::ThreadState& t) {
    t.tags.ForEach([&](const poolsim_internal::ThreadTagCounts::Entry& e) {
      Counts& c = counts[e.tag.load(std::memory_order_relaxed)];
      for (int k = 0; k < 2; ++k) {
        c.allocations[k] += e.allocations[k].Get();
        c.frees[k] += e.frees[k].Get();
      }
    });
  });
  std::vector<TagUsage> out;
  {
    MutexLock lock(&impl_->tags_mu);
    for (const auto& [tag, c] : impl_->tags) {
      TagUsage u;
      u.tag = PoolTag(tag);
      const Counts& n = counts[tag];
      u.nonpaged_allocations = n.allocations[0];
      u.nonpaged_bytes = c->bytes[0].load(std::memory_order_relaxed);
      u.nonpaged_frees = n.frees[0];
      u.nonpaged_peak_bytes = c->peak_bytes[0].load(std::memory_order_relaxed);
      u.paged_allocations = n.allocations[1];
      u.paged_bytes = c->bytes[1].load(std::memory_order_relaxed);
      u.paged_frees = n.frees[1];
      u.paged_peak_bytes = c->peak_bytes[1].load(std::memory_order_relaxed);
      out.push_back(u);
    }
  }
  std::sort(out.begin(), out.end(), [](const TagUsage& a, const TagUsage& b) {
    return a.tag.ToString() < b.tag.ToString();
  });
  return out;
}

}  // namespace poolsim
