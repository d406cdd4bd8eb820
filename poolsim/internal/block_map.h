// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/block_map.h
// -----------------------------------------------------------------------------
//
// The live-block registry of one Environment's normal pool: one state byte
// per 16-byte granule of the address space, in a three-level radix map whose
// levels are created on first use and never removed (core layer, private to
// poolsim). It takes no lock: an allocation stores kLive, a free claims the
// byte with one compare-and-swap (kLive -> kFreeing), so of two frees of one
// block racing on two threads exactly one wins and the other sees the block
// as being freed or freed. A pointer that is not 16-aligned, beyond the
// 47-bit user address space, or not the start of a block the map knows is
// never dereferenced.
//
// Memory: 1 byte per 16 bytes of the address range the pool's blocks span
// (a leaf of 1 MiB covers 16 MiB and is committed by the OS page by page as
// it is written), plus 32 KiB per 64 GiB range touched.

#ifndef POOLSIM_INTERNAL_BLOCK_MAP_H_
#define POOLSIM_INTERNAL_BLOCK_MAP_H_

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace poolsim {
namespace poolsim_internal {

// BlockMap
//
// The state of every 16-byte granule's start address: kEmpty (no block
// starts here), kLive, or kFreeing (claimed by a free, or by a reader that
// copies the header; it goes back to kLive or on to kEmpty shortly).
//
// Thread-safe; no method blocks except Claim, which waits (yielding) while
// another thread holds the same granule claimed.
class BlockMap {
 public:
  static constexpr uint8_t kEmpty = 0;
  static constexpr uint8_t kLive = 1;
  static constexpr uint8_t kFreeing = 2;

  BlockMap() = default;
  ~BlockMap();
  BlockMap(const BlockMap&) = delete;
  BlockMap& operator=(const BlockMap&) = delete;

  // Returns true if and only if `address` can be a block start at all
  // (16-aligned, below 2^47, not null).
  static bool Addressable(uintptr_t address) {
    return address != 0 && (address & 15) == 0 && (address >> kAddressBits) == 0;
  }

  // Records a new live block at `address` (Addressable). Returns false only
  // when the host refuses memory for the map, in which case the block is
  // not recorded and the caller must not hand it out.
  bool MarkLive(uintptr_t address) {
    Leaf* leaf = LeafOf(address, /*create=*/true);
    if (leaf == nullptr) return false;
    const size_t g = GranuleOf(address);
    // Mark the run touched (once: a load in the common case), before the
    // state byte, so a scan that sees the byte also sees the run.
    std::atomic<uint64_t>& word = leaf->touched[(g >> kRunBits) / 64];
    const uint64_t bit = uint64_t{1} << ((g >> kRunBits) % 64);
    if ((word.load(std::memory_order_relaxed) & bit) == 0) {
      word.fetch_or(bit, std::memory_order_release);
    }
    leaf->state[g].store(kLive, std::memory_order_release);
    return true;
  }

  // Claims the live block at `address`: returns true (state kFreeing, the
  // caller owns the header until Restore or Release) if and only if it was
  // live. Waits while another thread holds it claimed.
  bool Claim(uintptr_t address);

  // Claim for the owner of the Environment inside its update window
  // (owner_gate.h), when no other thread writes the map: the same outcome
  // with a plain load and store. A block the owner itself holds claimed is
  // not live to it.
  bool ClaimOwned(uintptr_t address) {
    if (!Addressable(address)) return false;
    std::atomic<uint8_t>* slot = Slot(address, /*create=*/false);
    if (slot == nullptr || slot->load(std::memory_order_relaxed) != kLive) return false;
    slot->store(kFreeing, std::memory_order_relaxed);
    return true;
  }

  // Ends a claim: the block is live again.
  void Restore(uintptr_t address) {
    Slot(address, /*create=*/false)->store(kLive, std::memory_order_release);
  }
  // Ends a claim: the block is gone.
  void Release(uintptr_t address) {
    Slot(address, /*create=*/false)->store(kEmpty, std::memory_order_release);
  }

  // Calls f(address) for every live block, each claimed while f runs (f must
  // not free it), in address order.
  template <typename F>
  void ForEachLive(F&& f);

  // Forgets every block (the caller frees their memory). Not concurrent
  // with any other method.
  void Clear();

 private:
  static constexpr int kAddressBits = 47;
  static constexpr int kLeafBits = 20;  // granules per leaf: 16 MiB of addresses
  static constexpr int kMidBits = 12;
  static constexpr int kTopBits = kAddressBits - 4 - kLeafBits - kMidBits;  // 11
  static constexpr size_t kLeafSize = size_t{1} << kLeafBits;
  static constexpr size_t kMidSize = size_t{1} << kMidBits;
  static constexpr size_t kTopSize = size_t{1} << kTopBits;

  // A leaf: which of its 4 KiB runs of state bytes were ever written (so
  // scans skip the rest), then the state bytes.
  static constexpr size_t kRunBits = 12;
  static constexpr size_t kRuns = kLeafSize >> kRunBits;  // 256
  struct Leaf {
    std::atomic<uint64_t> touched[kRuns / 64];
    std::atomic<uint8_t> state[kLeafSize];
  };
  struct Mid {
    std::atomic<Leaf*> leaves[kMidSize];
  };

  // Returns the leaf holding `address`, creating the levels on the way
  // with `create`; null when absent (and not created).
  Leaf* LeafOf(uintptr_t address, bool create) {
    const size_t granule = address >> 4;
    Mid* mid = top_[granule >> (kLeafBits + kMidBits)].load(std::memory_order_acquire);
    if (mid != nullptr) {
      Leaf* leaf = mid->leaves[(granule >> kLeafBits) & (kMidSize - 1)].load(
          std::memory_order_acquire);
      if (leaf != nullptr || !create) return leaf;
    } else if (!create) {
      return nullptr;
    }
    return CreateLeaf(address);
  }
  // LeafOf's slow path: creates the missing levels (null if the host
  // refuses the memory).
  Leaf* CreateLeaf(uintptr_t address);
  static size_t GranuleOf(uintptr_t address) { return (address >> 4) & (kLeafSize - 1); }
  std::atomic<uint8_t>* Slot(uintptr_t address, bool create) {
    Leaf* leaf = LeafOf(address, create);
    return leaf == nullptr ? nullptr : &leaf->state[GranuleOf(address)];
  }

  std::atomic<Mid*> top_[kTopSize] = {};
};

template <typename F>
void BlockMap::ForEachLive(F&& f) {
  for (size_t t = 0; t < kTopSize; ++t) {
    Mid* mid = top_[t].load(std::memory_order_acquire);
    if (mid == nullptr) continue;
    for (size_t m = 0; m < kMidSize; ++m) {
      Leaf* leaf = mid->leaves[m].load(std::memory_order_acquire);
      if (leaf == nullptr) continue;
      for (size_t run = 0; run < kRuns; ++run) {
        if ((leaf->touched[run / 64].load(std::memory_order_acquire) & (uint64_t{1} << (run % 64))) ==
            0) {
          continue;
        }
        for (size_t g = run << kRunBits; g < (run + 1) << kRunBits; ++g) {
          if (leaf->state[g].load(std::memory_order_relaxed) == kEmpty) continue;
          const uintptr_t address =
              ((((static_cast<uintptr_t>(t) << kMidBits) | m) << kLeafBits) | g) << 4;
          if (!Claim(address)) continue;
          f(address);
          Restore(address);
        }
      }
    }
  }
}

}  // namespace poolsim_internal
}  // namespace poolsim

#endif  // POOLSIM_INTERNAL_BLOCK_MAP_H_
