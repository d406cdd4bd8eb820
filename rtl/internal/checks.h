// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/internal/checks.h
// -----------------------------------------------------------------------------
//
// The run-time library layer's bug-check funnel: the checks every Rtl
// wrapper shares (IRQL limits, resident buffers at DISPATCH_LEVEL, NULL
// pointers, malformed counted strings, list corruption). Each check raises
// through the ambient Environment with a catalogue row (rtl/bugcheck_rules.h)
// and returns false after a report; the caller then returns without acting
// (a bug check never unwinds, poolsim/bugcheck.h).
//
// Stacks: the reports' stacks are captured from here, and the layer's own
// frames (this funnel by namespace, the WDK wrappers by file) are trimmed by
// the frame filter (rtl/report_frames.cc). The funnel does not count frames
// to skip: the wrappers' helpers may be inlined or not depending on the
// build, and skipping one frame too many would hide the driver's call.
//
// Thread-safe (no state of its own).

#ifndef RTL_INTERNAL_CHECKS_H_
#define RTL_INTERNAL_CHECKS_H_

#include <cstddef>
#include <cstdint>

#include "poolsim/irql.h"

namespace rtl {
namespace rtl_internal {

// Returns true if the IRQL is at most `max`; otherwise raises
// IRQL_NOT_LESS_OR_EQUAL (rtl.irql) naming `api`.
bool IrqlAtMost(poolsim::Irql max, const void* first_argument, const char* api);

// Returns true unless the IRQL is DISPATCH_LEVEL or above and `buffer` is a
// live paged-pool block, which raises DRIVER_IRQL_NOT_LESS_OR_EQUAL
// (rtl.paged_at_dispatch) naming `api` and `what`. Only the start of a
// block is recognised (a pointer into the middle of one passes).
bool ResidentAtIrql(const void* buffer, bool write, const char* api, const char* what);

// Returns true if `pointer` is not null; otherwise raises the access
// violation of poolsim/pointer_check.h naming `api` and `parameter`.
bool NotNull(const void* pointer, bool write, const char* api, const char* parameter);

// A counted string as the checks see it (UNICODE_STRING or ANSI_STRING).
struct CountedView {
  const void* string;  // the structure, for the report
  uint16_t length;
  uint16_t maximum_length;
  const void* buffer;
  size_t char_size;  // sizeof(WCHAR) or 1
};

// Returns true if `view` is well formed: Length <= MaximumLength, Length a
// whole number of characters, and a non-NULL Buffer when the routine touches it (`needs`
// bytes: Length for a source, MaximumLength for a destination), and, when
// Buffer is the start of a live pool block, no more bytes than the block
// holds (an overrun Windows would not check but that corrupts the pool or
// faults under special pool). Otherwise
// raises rtl.string.malformed (or the NULL-buffer access violation) naming
// `api` and `parameter`. Also applies ResidentAtIrql to the buffer.
bool WellFormed(const CountedView& view, bool write, size_t needs, const char* api,
                const char* parameter);

// Returns true unless `buffer` is the start of a live pool block smaller
// than the `bytes` the routine is about to touch there, which raises
// rtl.string.malformed naming `api` and `what` (the size passed for the
// buffer is larger than the buffer: an overrun). Buffers that are not pool
// blocks (stack, globals) cannot be checked and pass.
bool WithinBlock(const void* buffer, size_t bytes, bool write, const char* api, const char* what);

// Returns true if `buffer` is the start of a live pool block, with its size
// in `*bytes`.
bool PoolBlockBytes(const void* buffer, size_t* bytes);

// Raises KERNEL_SECURITY_CHECK_FAILURE / 3 (rtl.list.corrupted) for `entry`,
// with `detail` saying which link was wrong.
void ReportListCorruption(const void* entry, const char* api, const char* detail);

// AllocateStringBuffer() / FreeStringBuffer()
//
// The pool behind the routines that allocate a destination string: paged
// pool, tag "Strg" (kStringTag), not zeroed, so the leak report, the budgets
// and the fault injector cover them. Allocate returns null on failure (an
// injected fault included). Free does not compare tags (RtlFreeUnicodeString frees any
// pool block); a pointer that is not a live block bug-checks in poolsim.
inline constexpr uint32_t kStringTag = 0x67727453;  // 'grtS': "Strg"
void* AllocateStringBuffer(size_t bytes);
void FreeStringBuffer(void* buffer);

}  // namespace rtl_internal
}  // namespace rtl

#endif  // RTL_INTERNAL_CHECKS_H_
