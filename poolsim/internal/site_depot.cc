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

// The depot's index and its next free id. Never destroyed (blocks and
// freed-block histories refer to sites until the process ends).
//
// Thread-safe.
class SiteIndex {
 public:
  bool Intern(const Site& site, uint32_t* id) {
    MutexLock lock(&mu_);
    const Key key{(uint64_t{site.tag} << 32) | site.stack,
                  (uint64_t{site.thread} << 32) | (uint64_t{site.pool_type} << 8) | site.irql};
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

}  // namespace

bool InternSiteSlow(const Site& site, uint64_t w0, uint64_t w1, SiteCacheEntry* entry,
                    uint32_t* id) {
  if (!Index().Intern(site, id)) return false;
  *entry = SiteCacheEntry{w0, w1, *id, true};
  return true;
}

}  // namespace poolsim_internal
}  // namespace poolsim
