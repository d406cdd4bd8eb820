// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/site_depot.h
// -----------------------------------------------------------------------------
//
// Allocation sites: what a block's 16-byte header does not hold itself (its
// tag, allocating stack, thread, pool type and IRQL), interned once per
// distinct combination in a process-wide depot, so the header carries a
// 32-bit site id (core layer, private to poolsim). Blocks made from one call
// site on one thread share one site, so the depot stays small: 16 bytes per
// distinct site, never freed (ids stay valid for the life of the process,
// as stack ids do).
//
// Cost: InternSite looks in a per-thread cache first (a hit takes no lock,
// allocates nothing and writes only the thread's cache); a miss takes the
// depot's lock. SiteOf reads the depot without a lock.

#ifndef POOLSIM_INTERNAL_SITE_DEPOT_H_
#define POOLSIM_INTERNAL_SITE_DEPOT_H_

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "poolsim/stack_trace.h"

namespace poolsim {
namespace poolsim_internal {

// What blocks from one site share.
struct Site {
  uint32_t tag = 0;
  StackId stack = kNoStack;
  uint32_t thread = 0;
  uint16_t pool_type = 0;
  uint8_t irql = 0;
  uint8_t unused = 0;
  bool operator==(const Site& o) const {
    return tag == o.tag && stack == o.stack && thread == o.thread && pool_type == o.pool_type &&
           irql == o.irql;
  }
};
static_assert(sizeof(Site) == 16, "a site is two words");

// The depot's storage: chunks of sites, created on first use and never
// freed; a chunk's sites are published by its count (release).
struct SiteChunks {
  static constexpr int kChunkBits = 16;
  static constexpr size_t kChunkSize = size_t{1} << kChunkBits;
  static constexpr size_t kChunks = size_t{1} << 16;  // 2^32 sites at most
  std::atomic<Site*> chunks[kChunks];
};
extern SiteChunks g_sites;  // constant-initialized (all null)

// Sets `*id` to the id of `site`, interning it on first use, and returns
// true; returns false only when the host refuses memory for a new chunk (or
// 2^32 distinct sites exist), in which case the caller refuses the
// allocation. Thread-safe.
inline bool InternSite(const Site& site, uint32_t* id);

// The calling thread's recent sites, direct-mapped by a hash of the site:
// trivially destructible and constant-initialized (no TLS wrapper call).
struct SiteCacheEntry {
  uint64_t w0 = 0, w1 = 0;
  uint32_t id = 0;
  bool valid = false;
};
inline constexpr int kSiteCacheBits = 6;
inline thread_local SiteCacheEntry site_cache[1 << kSiteCacheBits];

// InternSite's miss: the depot under its lock; fills `*entry`.
bool InternSiteSlow(const Site& site, uint64_t w0, uint64_t w1, SiteCacheEntry* entry,
                    uint32_t* id);

inline bool InternSite(const Site& site, uint32_t* id) {
  const uint64_t w0 = (uint64_t{site.tag} << 32) | site.stack;
  const uint64_t w1 = (uint64_t{site.thread} << 32) | (uint64_t{site.pool_type} << 8) | site.irql;
  const uint64_t h = (w0 ^ (w1 * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull;
  SiteCacheEntry& e = site_cache[h >> (64 - kSiteCacheBits)];
  if (e.valid && e.w0 == w0 && e.w1 == w1) {
    *id = e.id;
    return true;
  }
  return InternSiteSlow(site, w0, w1, &e, id);
}

// Returns the site of `id`, from InternSite. Thread-safe, lock-free.
inline const Site& SiteOf(uint32_t id) {
  const Site* chunk = g_sites.chunks[id >> SiteChunks::kChunkBits].load(std::memory_order_acquire);
  return chunk[id & (SiteChunks::kChunkSize - 1)];
}

}  // namespace poolsim_internal
}  // namespace poolsim

#endif  // POOLSIM_INTERNAL_SITE_DEPOT_H_
