// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/free.cc
// -----------------------------------------------------------------------------
//
// Environment::Free (the free checks: bad address, double free, IRQL, tag,
// live objects inside the block, damaged guard bytes or special-pool
// pattern) and Environment::Lookup. Core layer, private to poolsim.

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include "absl/strings/str_format.h"
#include "poolsim/environment.h"
#include "poolsim/internal/environment_impl.h"
#include "poolsim/internal/misuse_rules.h"

namespace poolsim {

using poolsim_internal::FreedEntry;
using poolsim_internal::Header;
using poolsim_internal::HeaderOf;
using poolsim_internal::MutexLock;
using poolsim_internal::Shard;
using poolsim_internal::ShardOf;
using poolsim_internal::TagCounters;
using poolsim_internal::ToInfo;
using poolsim_internal::AlignmentOf;
using poolsim_internal::kFlagGuarded;
using poolsim_internal::kFlagPaged;
using poolsim_internal::kFlagSpecial;
using poolsim_internal::kFreedHistoryPerShard;
using poolsim_internal::kGuardBytes;
using poolsim_internal::kGuardPattern;

void Environment::Free(void* p, PoolTag tag, bool check_tag, int skip_frames) {
  Impl& s = *impl_;
  const Irql irql = CurrentIrql();
  const uintptr_t address = reinterpret_cast<uintptr_t>(p);
  // Captured before the lock, so the freed-history entry gets it at once.
  const StackId free_stack =
      s.options.capture_stacks ? CaptureStack(skip_frames + 1, s.options.stack_depth) : kNoStack;
  // The allocation a bug check is about, once it is known.
  struct {
    bool has_block = false;
    BlockInfo block;
    StackId block_free_stack = kNoStack;
  } b;
  auto raise = [&](BugCheck made) {
    made.stack = free_stack;
    made.has_block = b.has_block;
    made.block = b.block;
    made.block_free_stack = b.block_free_stack;
    RaiseBugCheck(std::move(made), skip_frames + 2);
  };
  using poolsim_internal::MakeMisuseBugCheck;
  using poolsim_internal::Misuse;
  poolsim_internal::MisuseValues values;
  values.irql = irql;
  values.address = address;

  if (p == nullptr) {
    return raise(MakeMisuseBugCheck(Misuse::kFreeBadAddress, s.options.checks, false, values,
                                    "free of a NULL pointer"));
  }

  Shard& shard = s.shards[ShardOf(address)];
  Header h;
  bool live = false;
  bool freed_before = false;
  FreedEntry previous;
  bool tag_ok = true;
  bool irql_ok = true;
  {
    MutexLock lock(&shard.mu);
    auto it = shard.live.find(address);
    auto special_it = shard.special.end();
    if (it == shard.live.end()) special_it = shard.special.find(address);
    if (it != shard.live.end() || special_it != shard.special.end()) {
      live = true;
      h = it != shard.live.end() ? *HeaderOf(p) : special_it->second;
      const Irql max_irql = (h.flags & kFlagPaged) ? kApcLevel : kDispatchLevel;
      irql_ok = irql <= max_irql;
      const uint32_t stored = h.tag & ~PoolTag::kProtectedBit;
      if (check_tag) {
        tag_ok = stored == (tag.value() & ~PoolTag::kProtectedBit);
      } else {
        // ExFreePool on a block allocated with the protected bit.
        tag_ok = (h.tag & PoolTag::kProtectedBit) == 0;
      }
      if (irql_ok && tag_ok) {
        if (it != shard.live.end()) {
          shard.live.erase(it);
        } else {
          shard.special.erase(special_it);
        }
        FreedEntry& e = shard.freed[shard.freed_next++ % kFreedHistoryPerShard];
        e.address = address;
        e.header = h;
        e.free_stack = free_stack;
      }
    } else {
      for (const FreedEntry& e : shard.freed) {
        if (e.address == address) {
          freed_before = true;
          previous = e;
          // Keep the latest free if the address was reused and freed again.
        }
      }
    }
  }

  if (!live) {
    if (freed_before) {
      b.has_block = true;
      b.block = ToInfo(address, previous.header);
      b.block_free_stack = previous.free_stack;
      values.header_address = address - sizeof(Header);
      values.tag = previous.header.tag;
      return raise(MakeMisuseBugCheck(Misuse::kFreeDouble, s.options.checks, false, values,
                                      "double free: the block was already freed"));
    }
    return raise(MakeMisuseBugCheck(Misuse::kFreeBadAddress, s.options.checks, false, values,
                                    "free of an address that no allocation returned"));
  }

  const int kind = (h.flags & kFlagPaged) ? 1 : 0;
  if (irql_ok && tag_ok && s.live_object_count.load(std::memory_order_relaxed) != 0) {
    // Driver Verifier: the block still holds a live lookaside list.
    uintptr_t inside = 0;
    std::string what;
    {
      MutexLock lock(&s.objects_mu);
      auto it = s.live_objects.lower_bound(address);
      if (it != s.live_objects.end() && it->first < address + (h.bytes == 0 ? 1 : h.bytes)) {
        inside = it->first;
        what = it->second;
      }
    }
    if (inside != 0) {
      {
        // Undo the free: the block stays live, as the bad call has no effect.
        MutexLock lock(&shard.mu);
        if (h.flags & kFlagSpecial) {
          shard.special.emplace(address, h);
        } else {
          shard.live.insert(address);
        }
      }
      b.has_block = true;
      b.block = ToInfo(address, h);
      return raise(MakeBugCheck(
          bugcheck_rule::kFreeHoldsLiveObject, {inside, address, h.bytes},
          absl::StrFormat("free of a block that holds a live %s at 0x%x; delete it first", what,
                          inside)));
    }
  }
  if (!irql_ok) {
    b.has_block = true;
    b.block = ToInfo(address, h);
    const std::string text = absl::StrFormat("%s free at %s; the limit is %s",
                                             kind ? "PagedPool" : "NonPagedPool",
                                             IrqlName(irql),
                                             IrqlName(kind ? kApcLevel : kDispatchLevel));
    values.pool_type = h.pool_type;
    return raise(MakeMisuseBugCheck(kind ? Misuse::kFreeIrqlPaged : Misuse::kFreeIrqlNonPaged,
                                    s.options.checks, (h.flags & kFlagSpecial) != 0, values,
                                    text));
  }
  if (!tag_ok) {
    b.has_block = true;
    b.block = ToInfo(address, h);
    return raise(MakeBugCheck(
        bugcheck_rule::kFreeTagMismatch, {address, h.tag, check_tag ? tag.value() : 0},
        check_tag ? absl::StrFormat("free with tag '%s' of a block tagged '%s'", tag.ToString(),
                                    PoolTag(h.tag).ToString())
                  : absl::StrFormat("ExFreePool of a block tagged '%s' with the "
                                    "protected bit; use ExFreePoolWithTag",
                                    PoolTag(h.tag).ToString())));
  }

  s.frees.fetch_add(1, std::memory_order_relaxed);
  s.current_allocations[kind].fetch_sub(1, std::memory_order_relaxed);
  s.current_bytes[kind].fetch_sub(h.bytes, std::memory_order_relaxed);
  TagCounters& tc = s.CountersFor(h.tag);
  tc.allocations[kind].fetch_sub(1, std::memory_order_relaxed);
  tc.bytes[kind].fetch_sub(h.bytes, std::memory_order_relaxed);
  tc.frees[kind].fetch_add(1, std::memory_order_relaxed);

  const size_t bytes = h.bytes == 0 ? 1 : h.bytes;
  if (h.flags & kFlagSpecial) {
    bool after = false;
    const uintptr_t damaged = poolsim_internal::SpecialCheck(p, &after);
    const uint8_t pattern = poolsim_internal::SpecialPattern(p);
    poolsim_internal::SpecialRelease(p, s.options.special_pool.quarantine_pages);
    if (damaged != 0) {
      b.has_block = true;
      b.block = ToInfo(address, h);
      raise(MakeBugCheck(
          after ? bugcheck_rule::kFreeSpecialPoolAfter : bugcheck_rule::kFreeSpecialPoolBefore,
          {address, damaged, pattern},
          absl::StrFormat("special pool: the %s the %u-byte block was written (first damaged "
                          "byte at offset %d)",
                          after ? "slack after" : "space before", h.bytes,
                          static_cast<long>(damaged - address))));
    }
    return;
  }
  const size_t guard = (h.flags & kFlagGuarded) ? kGuardBytes : 0;
  uintptr_t damaged = 0;
  for (size_t i = 0; i < guard; ++i) {
    if (static_cast<const uint8_t*>(p)[bytes + i] != kGuardPattern) {
      damaged = address + bytes + i;
      break;
    }
  }
  if (s.options.poison_on_free) std::memset(p, s.options.freed_fill, bytes);
  poolsim_internal::BackendFree(s.backend, HeaderOf(p), AlignmentOf(h), sizeof(Header));
  if (damaged != 0) {
    b.has_block = true;
    b.block = ToInfo(address, h);
    raise(MakeBugCheck(
        bugcheck_rule::kFreeGuardOverrun, {address, damaged, bytes},
        absl::StrFormat("the driver wrote past the end of a %u-byte block (found when it was "
                        "freed: byte %d after the end was changed)",
                        h.bytes, static_cast<long>(damaged - address - bytes) + 1)));
  }
}

bool Environment::Lookup(const void* p, BlockInfo* info) const {
  const uintptr_t address = reinterpret_cast<uintptr_t>(p);
  Shard& shard = impl_->shards[ShardOf(address)];
  MutexLock lock(&shard.mu);
  if (shard.live.contains(address)) {
    if (info != nullptr) *info = ToInfo(address, *HeaderOf(p));
    return true;
  }
  auto it = shard.special.find(address);
  if (it == shard.special.end()) return false;
  if (info != nullptr) *info = ToInfo(address, it->second);
  return true;
}

}  // namespace poolsim
