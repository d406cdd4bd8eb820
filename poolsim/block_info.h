// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/block_info.h
// -----------------------------------------------------------------------------
//
// What poolsim records about one pool allocation, as reports show it.

#ifndef POOLSIM_BLOCK_INFO_H_
#define POOLSIM_BLOCK_INFO_H_

#include <cstddef>
#include <cstdint>

#include "poolsim/irql.h"
#include "poolsim/pool_tag.h"
#include "poolsim/stack_trace.h"

namespace poolsim {

// PoolKind
//
// The two pools a block can come from. Paged blocks may be touched and freed
// only at IRQL <= APC_LEVEL.
enum class PoolKind : uint8_t {
  kNonPaged = 0,
  kPaged = 1,
};

// Returns "NonPagedPool" or "PagedPool".
const char* PoolKindName(PoolKind kind);

// BlockInfo
//
// One allocation, live or just freed.
struct BlockInfo {
  uintptr_t address = 0;   // the pointer the caller got
  size_t bytes = 0;        // requested size
  PoolTag tag;             // as passed (protected bit included)
  PoolKind kind = PoolKind::kNonPaged;
  uint32_t pool_type = 0;  // the WDK POOL_TYPE value the block was charged as
  Irql irql = 0;           // IRQL at allocation
  uint32_t thread = 0;     // poolsim's ordinal of the allocating thread
  uint64_t sequence = 0;   // allocation order within the Environment, from 1
  StackId stack = kNoStack;  // allocating stack
};

}  // namespace poolsim

#endif  // POOLSIM_BLOCK_INFO_H_
