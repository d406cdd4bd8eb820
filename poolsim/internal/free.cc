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
using poolsim_internal::ToInfo;
using poolsim_internal::AlignmentOf;
using poolsim_internal::kFlagGuarded;
using poolsim_internal::kFlagPaged;
using poolsim_internal::kFlagSpecial;
using poolsim_internal::kGuardBytes;
using poolsim_internal::kGuardPattern;

void Environment::Free(void* p, PoolTag tag, bool check_tag, int skip_frames) {
  Impl& s = *impl_;
  const Irql irql = CurrentIrql();
  const uintptr_t address = reinterpret_cast<uintptr_t>(p);
  // The freeing stack the freed-block history keeps: by default only the
  // return address into the caller's code (one frame), the whole stack with
  // full_free_stacks. A bug check raised here captures its whole stack.
  const StackId free_stack =
      s.options.capture_stacks
          ? CaptureStack(skip_frames + 1, s.options.full_free_stacks ? s.options.stack_depth : 1)
          : kNoStack;
  // The allocation a bug check is about, once it is known.
  struct {
    bool has_block = false;
    BlockInfo block;
    StackId block_free_stack = kNoStack;
  } b;
  // Not inlined: the skip count below counts this frame and Free's, in every
  // build (an optimized build would otherwise fold it into Free and lose the
  // driver's frame from the report).
  auto raise = [&](BugCheck made) __attribute__((noinline)) {
    // made.stack stays unset: RaiseBugCheck captures the whole stack.
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

  poolsim_internal::ThreadState& ts = s.threads.Mine();
  Shard& shard = s.shards[ShardOf(address)];
  Header h;
  bool live = false;
  bool normal = false;  // claimed in the BlockMap (not special pool)
  bool freed_before = false;
  FreedEntry previous;
  bool tag_ok = true;
  bool irql_ok = true;
  auto check = [&] {
    const Irql max_irql = (h.flags & kFlagPaged) ? kApcLevel : kDispatchLevel;
    irql_ok = irql <= max_irql;
    const uint32_t stored = h.tag & ~PoolTag::kProtectedBit;
    if (check_tag) {
      tag_ok = stored == (tag.value() & ~PoolTag::kProtectedBit);
    } else {
      // ExFreePool on a block allocated with the protected bit.
      tag_ok = (h.tag & PoolTag::kProtectedBit) == 0;
    }
  };
  // The claim: the owner's plain load and store inside its window, or one
  // compare-and-swap in shared mode.
  bool claimed;
  if (s.gate.Enter(&ts)) {
    claimed = s.blocks.ClaimOwned(address);
    s.gate.Leave();
  } else {
    claimed = s.blocks.Claim(address);
  }
  if (claimed) {
    // The block is ours until Restore or Release: no other free can take it.
    live = normal = true;
    const poolsim_internal::PackedHeader packed = *HeaderOf(p);
    h = poolsim_internal::Unpack(packed);
    check();
    if (irql_ok && tag_ok) {
      ts.freed.Record(address, packed, free_stack);
      s.blocks.Release(address);
    } else {
      s.blocks.Restore(address);  // the bad call has no effect
    }
  } else {
    MutexLock lock(&shard.mu);
    auto special_it = shard.special.find(address);
    if (special_it != shard.special.end()) {
      live = true;
      h = special_it->second;
      check();
      if (irql_ok && tag_ok) {
        shard.special.erase(special_it);
        // The history keeps packed headers; without room for the site (the
        // host out of memory) the free goes unrecorded.
        poolsim_internal::PackedHeader packed;
        if (poolsim_internal::Pack(h, &packed)) ts.freed.Record(address, packed, free_stack);
      }
    }
  }
  if (!live) {
    // Freed before? Every thread's history, newest free of this address.
    s.threads.ForEach([&](const poolsim_internal::ThreadState& t) {
      FreedEntry e;
      if (t.freed.Find(address, &e) &&
          (!freed_before || e.header.sequence > previous.header.sequence)) {
        previous = e;
        freed_before = true;
      }
    });
  }

  if (!live) {
    if (freed_before) {
      b.has_block = true;
      b.block = ToInfo(address, previous.header);
      b.block_free_stack = previous.free_stack;
      values.header_address = address - poolsim_internal::kHeaderBytes;
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
      // Undo the free: the block stays live, as the bad call has no effect.
      if (normal) {
        s.blocks.MarkLive(address);  // its level exists: cannot fail
      } else {
        MutexLock lock(&shard.mu);
        shard.special.emplace(address, h);
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

  ts.frees.Add(1);
  poolsim_internal::ThreadTagCounts::Entry& tag_counts = ts.tags.For(h.tag);
  tag_counts.allocations[kind].Add(~uint64_t{0});  // minus one; sums wrap back
  tag_counts.frees[kind].Add(1);
  poolsim_internal::TagCounters& tc = s.CountersFor(tag_counts);
  {
    using poolsim_internal::AddExact;
    const uint64_t minus_bytes = ~uint64_t{h.bytes} + 1;
    const bool plain = s.gate.Enter(&ts);
    AddExact(s.current_allocations[kind], ~uint64_t{0}, plain);  // minus one
    AddExact(s.current_bytes[kind], minus_bytes, plain);
    AddExact(tc.bytes[kind], minus_bytes, plain);
    if (plain) s.gate.Leave();
  }

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
  if (guard != 0) {
    // Eight bytes at a time; the first changed byte only when one is.
    static_assert(kGuardBytes % 8 == 0, "the guard is whole words");
    constexpr uint64_t kPatternWord = 0x0101010101010101ull * kGuardPattern;
    const uint8_t* after = static_cast<const uint8_t*>(p) + bytes;
    for (size_t i = 0; i < guard; i += 8) {
      uint64_t word;
      std::memcpy(&word, after + i, sizeof(word));
      if (word == kPatternWord) continue;
      size_t k = 0;
      while (after[i + k] == kGuardPattern) ++k;
      damaged = address + bytes + i + k;
      break;
    }
  }
  if (s.options.poison_on_free) std::memset(p, s.options.freed_fill, bytes);
  poolsim_internal::BackendFree(s.backend, HeaderOf(p), AlignmentOf(h),
                                poolsim_internal::kHeaderBytes);
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
  impl_->gate.ShareUnlessOwner(&impl_->threads.Mine());  // claims with a CAS
  if (impl_->blocks.Claim(address)) {
    // Claimed, the header cannot be freed while it is copied.
    if (info != nullptr) *info = ToInfo(address, poolsim_internal::Unpack(*HeaderOf(p)));
    impl_->blocks.Restore(address);
    return true;
  }
  Shard& shard = impl_->shards[ShardOf(address)];
  MutexLock lock(&shard.mu);
  auto it = shard.special.find(address);
  if (it == shard.special.end()) return false;
  if (info != nullptr) *info = ToInfo(address, it->second);
  return true;
}

}  // namespace poolsim
