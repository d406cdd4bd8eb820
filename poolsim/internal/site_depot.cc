// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/site_depot.cc
// -----------------------------------------------------------------------------
//
// The process-wide allocation-site depot and its per-thread cache (core
// layer, private to poolsim).
//
// Lock order: the depot's mutex, then nothing.

#include "poolsim/internal/site_depot.h"

#include <sys/mman.h>

#include <cstring>

#include "absl/container/flat_hash_map.h"
#include "poolsim/internal/lock.h"

namespace poolsim {
namespace poolsim_internal {

SiteChunks g_sites;

namespace {

uint64_t KeyWord0(const Site& s) { return (uint64_t{s.tag} << 32) | s.stack; }
uint64_t KeyWord1(const Site& s) {
  return (uint64_t{s.thread} << 32) | (uint64_t{s.pool_type} << 8) | s.irql;
}

// The depot's index and its next free id. Never destroyed (blocks and
// freed-block histories refer to sites until the process ends).
//
// Thread-safe.
class SiteIndex {
 public:
  bool Intern(const Site& site, uint32_t* id) {
    MutexLock lock(&mu_);
    const Key key{KeyWord0(site), KeyWord1(site)};
    auto it = ids_.find(key);
    if (it != ids_.end()) {
      *id = it->second;
      return true;
    }
    if (next_ == (uint64_t{1} << 32)) return false;
    const size_t chunk_index = static_cast<size_t>(next_ >> SiteChunks::kChunkBits);
    Site* chunk = g_sites.chunks[chunk_index].load(std::memory_order_relaxed);
    if (chunk == nullptr) {
      // Committed page by page as sites are written.
      void* p = mmap(nullptr, SiteChunks::kChunkSize * sizeof(Site), PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (p == MAP_FAILED) return false;
      chunk = static_cast<Site*>(p);
      g_sites.chunks[chunk_index].store(chunk, std::memory_order_release);
    }
    const uint32_t fresh = static_cast<uint32_t>(next_++);
    chunk[fresh & (SiteChunks::kChunkSize - 1)] = site;
    // A reader that gets the id through a block header (published by the
    // registry's release store) sees the site.
    std::atomic_thread_fence(std::memory_order_release);
    ids_.emplace(key, fresh);
    *id = fresh;
    return true;
  }

 private:
  struct Key {
    uint64_t w0, w1;
    bool operator==(const Key& o) const { return w0 == o.w0 && w1 == o.w1; }
    template <typename H>
    friend H AbslHashValue(H h, const Key& k) {
      return H::combine(std::move(h), k.w0, k.w1);
    }
  };
  Mutex mu_;
  absl::flat_hash_map<Key, uint32_t> ids_ ABSL_GUARDED_BY(mu_);
  uint64_t next_ ABSL_GUARDED_BY(mu_) = 0;
};

SiteIndex& Index() {
  static SiteIndex* index = new SiteIndex();
  return *index;
}

// The calling thread's recent sites: direct-mapped by a hash of the key.
// Trivially destructible and constant-initialized (no TLS wrapper call).
struct CacheEntry {
  uint64_t w0 = 0, w1 = 0;
  uint32_t id = 0;
  bool valid = false;
};
constexpr size_t kCacheEntries = 64;
thread_local CacheEntry site_cache[kCacheEntries];

}  // namespace

bool InternSite(const Site& site, uint32_t* id) {
  const uint64_t w0 = KeyWord0(site), w1 = KeyWord1(site);
  const uint64_t h = (w0 ^ (w1 * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull;
  CacheEntry& e = site_cache[h >> (64 - 6)];
  static_assert(kCacheEntries == 64, "the index takes the hash's top 6 bits");
  if (e.valid && e.w0 == w0 && e.w1 == w1) {
    *id = e.id;
    return true;
  }
  if (!Index().Intern(site, id)) return false;
  e.w0 = w0;
  e.w1 = w1;
  e.id = *id;
  e.valid = true;
  return true;
}

}  // namespace poolsim_internal
}  // namespace poolsim
