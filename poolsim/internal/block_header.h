// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/block_header.h
// -----------------------------------------------------------------------------
//
// The block header in front of every normal-pool block, its flags, and the
// address-sharded side tables of the slow paths (special-pool blocks, parked
// backend blocks). The live normal blocks are in the lock-free BlockMap
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
#include "poolsim/stack_trace.h"

namespace poolsim {
namespace poolsim_internal {

inline constexpr size_t kPageSize = 4096;
inline constexpr int kShardBits = 6;
inline constexpr int kShards = 1 << kShardBits;
inline constexpr size_t kFreedHistoryPerThread = 1024;

// The record in front of every block, immediately before the caller's
// pointer. Read only while the address is claimed in the BlockMap, so a
// foreign or freed pointer is never dereferenced.
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
static_assert(sizeof(Header) == 32, "the header must keep the user block 16-aligned");

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

inline Header* HeaderOf(const void* p) {
  return reinterpret_cast<Header*>(reinterpret_cast<uintptr_t>(p) - sizeof(Header));
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
