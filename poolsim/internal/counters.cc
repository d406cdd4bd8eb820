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
#include <vector>

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
  impl_->attempted.fetch_add(1, std::memory_order_relaxed);
  impl_->failed.fetch_add(1, std::memory_order_relaxed);
}

std::vector<BlockInfo> Environment::LiveBlocksSince(uint64_t after) const {
  std::vector<BlockInfo> out;
  for (Shard& shard : impl_->shards) {
    MutexLock lock(&shard.mu);
    for (uintptr_t address : shard.live) {
      const Header& h = *HeaderOf(reinterpret_cast<void*>(address));
      if (h.sequence > after) out.push_back(ToInfo(address, h));
    }
    for (const auto& [address, h] : shard.special) {
      if (h.sequence > after) out.push_back(ToInfo(address, h));
    }
  }
  std::sort(out.begin(), out.end(),
            [](const BlockInfo& a, const BlockInfo& b) { return a.sequence < b.sequence; });
  return out;
}

std::vector<BlockInfo> Environment::LiveBlocks() const { return LiveBlocksSince(0); }

uint64_t Environment::LastSequence() const {
  return impl_->sequence.load(std::memory_order_relaxed);
}

PoolCounters Environment::Counters() const {
  const Impl& s = *impl_;
  auto get = [](const std::atomic<uint64_t>& a) { return a.load(std::memory_order_relaxed); };
  PoolCounters c;
  c.allocations_attempted = get(s.attempted);
  c.allocations_succeeded = get(s.succeeded);
  c.allocations_failed = get(s.failed);
  c.allocations_with_no_tag = get(s.no_tag);
  c.allocations_special_pool = get(s.special);
  c.frees = get(s.frees);
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
  std::vector<TagUsage> out;
  {
    MutexLock lock(&impl_->tags_mu);
    for (const auto& [tag, c] : impl_->tags) {
      TagUsage u;
      u.tag = PoolTag(tag);
      u.nonpaged_allocations = c->allocations[0].load(std::memory_order_relaxed);
      u.nonpaged_bytes = c->bytes[0].load(std::memory_order_relaxed);
      u.nonpaged_frees = c->frees[0].load(std::memory_order_relaxed);
      u.nonpaged_peak_bytes = c->peak_bytes[0].load(std::memory_order_relaxed);
      u.paged_allocations = c->allocations[1].load(std::memory_order_relaxed);
      u.paged_bytes = c->bytes[1].load(std::memory_order_relaxed);
      u.paged_frees = c->frees[1].load(std::memory_order_relaxed);
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
