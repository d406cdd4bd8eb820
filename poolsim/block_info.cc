// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/block_info.cc
// -----------------------------------------------------------------------------
//
// The names of the pools (core layer).

#include "poolsim/block_info.h"

namespace poolsim {

const char* PoolKindName(PoolKind kind) {
  return kind == PoolKind::kPaged ? "PagedPool" : "NonPagedPool";
}

}  // namespace poolsim
