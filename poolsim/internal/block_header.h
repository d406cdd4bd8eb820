// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/block_header.h
// -----------------------------------------------------------------------------
//
// The block header in front of every normal-pool block (16 bytes, packed;
// the rest of what a block records is its site, site_depot.h), its flags,
// and the address-sharded side tables of the slow paths (special-pool
// blocks, parked backend blocks). The live normal blocks are in the lock-free BlockMap
// (block_map.h); the freed-block history is per thread (thread_state.h).
// Private to poolsim's Environment (core layer).

#ifndef POOLSIM_INTERNAL_BLOCK_HEADER_H_
#define POOLSIM_INTERNAL_BLOCK_HEADER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "poolsim/block_info.h"
#include "poolsim/internal/lock.h"
#include "poolsim/internal/site_depot.h"
#include "poolsim/stack_trace.h"

namespace poolsim {
namespace poolsim_internal {

inline constexpr size_t kPageSize = 4096;
inline constexpr int kShardBits = 6;
inline constexpr int kShards = 1 << kShardBits;
inline constexpr size_t kFreedHistoryPerThread = 1024;

// What poolsim knows of a block: kept whole for special-pool blocks and in
// the freed-block history, packed into a PackedHeader in front of every
// normal-pool block.
struct Header {
  uint64_t bytes;
  uint64_t sequence;
  uint32_t tag;
  uint32_t stack;
  uint32_t thread;
  uint16_t pool_type;
  uint8_t irql;
  uint8_t flags;
};

// The 16 bytes in front of every normal-pool block, immediately before the
// caller's pointer: the size, the flags and the sequence number, and the id
// of the block's site (its tag, stack, thread, pool type and IRQL, interned
// in the site depot, site_depot.h). Read only while the address is claimed
// in the BlockMap, so a foreign or freed pointer is never dereferenced.
struct PackedHeader {
  uint64_t word;          // bytes (bits 0-40), flags (41-45), sequence bits 32-49 (46-63)
  uint32_t site;          // InternSite
  uint32_t sequence_low;  // sequence bits 0-31
};
static_assert(sizeof(PackedHeader) == 16, "the header must keep the user block 16-aligned");
inline constexpr size_t kHeaderBytes = sizeof(PackedHeader);
// The largest request the normal pool makes (1 TiB, beyond any host), and
// the number of sequence numbers an Environment hands out (2^50).
inline constexpr uint64_t kMaxBlockBytes = uint64_t{1} << 40;
inline constexpr uint64_t kSequenceLimit = uint64_t{1} << 50;

inline constexpr uint8_t kFlagPaged = 1;
inline constexpr uint8_t kFlagPageAligned = 2;
inline constexpr uint8_t kFlagSizeAligned = 4;  // aligned to NextPowerOfTwo(bytes)
inline constexpr uint8_t kFlagSpecial = 8;      // special pool; header kept out of band
inline constexpr uint8_t kFlagGuarded = 16;     // kGuardBytes of pattern follow the block
inline constexpr size_t kGuardBytes = 16;
inline constexpr uint8_t kGuardPattern = 0xFB;

inline size_t NextPowerOfTwo(size_t n) {
  size_t p = 16;
  while (p < n) p <<= 1;
  return p;
}

// The alignment a block was allocated with, which the backend needs back.
inline size_t AlignmentOf(const Header& h) {
  if (h.flags & kFlagPageAligned) return kPageSize;
  if (h.flags & kFlagSizeAligned) return NextPowerOfTwo(h.bytes == 0 ? 1 : h.bytes);
  return 16;
}

inline PackedHeader* HeaderOf(const void* p) {
  return reinterpret_cast<PackedHeader*>(reinterpret_cast<uintptr_t>(p) - kHeaderBytes);
}

// Packs `h` (bytes <= kMaxBlockBytes, sequence < kSequenceLimit, flags < 32)
// into `*out`; false only when the site depot cannot take a new site.
inline bool Pack(const Header& h, PackedHeader* out) {
  Site site;
  site.tag = h.tag;
  site.stack = h.stack;
  site.thread = h.thread;
  site.pool_type = h.pool_type;
  site.irql = h.irql;
  uint32_t id;
  if (!InternSite(site, &id)) return false;
  out->word = h.bytes | (uint64_t{h.flags} << 41) | ((h.sequence >> 32) << 46);
  out->site = id;
  out->sequence_low = static_cast<uint32_t>(h.sequence);
  return true;
}

inline Header Unpack(const PackedHeader& p) {
  const Site& site = SiteOf(p.site);
  Header h;
  h.bytes = p.word & ((uint64_t{1} << 41) - 1);
  h.sequence = ((p.word >> 46) << 32) | p.sequence_low;
  h.tag = site.tag;
  h.stack = site.stack;
  h.thread = site.thread;
  h.pool_type = site.pool_type;
  h.irql = site.irql;
  h.flags = static_cast<uint8_t>((p.word >> 41) & 31);
  return h;
}

// 0 for nonpaged, 1 for paged: the index of the per-pool counters.
inline int KindIndex(const Header& h) { return (h.flags & kFlagPaged) ? 1 : 0; }

inline BlockInfo ToInfo(uintptr_t address, const Header& h) {
  BlockInfo info;
  info.address = address;
  info.bytes = h.bytes;
  info.tag = PoolTag(h.tag);
  info.kind = (h.flags & kFlagPaged) ? PoolKind::kPaged : PoolKind::kNonPaged;
  info.pool_type = h.pool_type;
  info.irql = h.irql;
  info.thread = h.thread;
  info.sequence = h.sequence;
  info.stack = h.stack;
  return info;
}

struct FreedEntry {
  uintptr_t address = 0;
  Header header{};
  StackId free_stack = kNoStack;
};

// One shard of the slow-path tables.
struct Shard {
  Mutex mu;
  // Backend blocks set aside because they crossed a page (16-aligned).
  std::vector<void*> parked ABSL_GUARDED_BY(mu);
  // Live special-pool blocks, with their headers.
  absl::flat_hash_map<uintptr_t, Header> special ABSL_GUARDED_BY(mu);
};

inline size_t ShardOf(uintptr_t address) {
  return static_cast<size_t>(((address >> 4) * 0x9E3779B97F4A7C15ull) >> (64 - kShardBits));
}

}  // namespace poolsim_internal
}  // namespace poolsim

#endif  // POOLSIM_INTERNAL_BLOCK_HEADER_H_
