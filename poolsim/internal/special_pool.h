// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/special_pool.h
// -----------------------------------------------------------------------------
//
// Special pool: each block gets its own page between two inaccessible guard
// pages, placed against the page's end (verify end: an overrun faults at
// once) or start (verify start: an underrun faults at once). The rest of the
// page is filled with a pattern that is checked when the block is freed.
// Freed pages stay inaccessible for a while (quarantine), so a use after
// free faults too.
//
// A fault on a guard or quarantined page is turned into the matching bug
// check (0xD6 / 0xD5), whose report is printed before the process ends: a
// page fault cannot be returned from.
//
// Private to poolsim (//poolsim/internal).

#ifndef POOLSIM_INTERNAL_SPECIAL_POOL_H_
#define POOLSIM_INTERNAL_SPECIAL_POOL_H_

#include <cstddef>
#include <cstdint>

#include "poolsim/block_info.h"

namespace poolsim {
namespace poolsim_internal {

// The largest request special pool takes; larger ones use the normal pool.
inline constexpr size_t kSpecialPoolMaxBytes = 4096 - 16;

// Maps a special-pool block of `bytes` (1..kSpecialPoolMaxBytes) and returns
// the caller's pointer, 16-aligned, or null if the host refuses the mapping.
// `pattern` fills the rest of the page.
void* SpecialAllocate(size_t bytes, bool verify_start, uint8_t pattern, bool zero,
                      uint8_t uninitialized_fill);

// Records what the fault handler reports for the block at `user`.
void SpecialSetInfo(const void* user, const BlockInfo& info);

// Checks the pattern around the block. Returns 0 when intact; otherwise the
// first damaged byte's address, with `*after` true if it lies after the
// block (0x24) and false if before it (0x23).
uintptr_t SpecialCheck(const void* user, bool* after);

// Makes the block's page inaccessible and keeps it in quarantine; the oldest
// quarantined pages beyond `quarantine_pages` are unmapped.
void SpecialRelease(const void* user, size_t quarantine_pages);

// Unmaps the block at once (environment teardown).
void SpecialUnmap(const void* user);

// Returns the pattern byte of the block at `user`.
uint8_t SpecialPattern(const void* user);

}  // namespace poolsim_internal
}  // namespace poolsim

#endif  // POOLSIM_INTERNAL_SPECIAL_POOL_H_
