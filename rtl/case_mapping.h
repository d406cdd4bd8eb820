// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/case_mapping.h
// -----------------------------------------------------------------------------
//
// Core layer of the run-time library: the simple (one character to one
// character) case mapping the Rtl string routines use, standing in for the
// kernel's NLS upcase table. It covers ASCII, Latin-1, Latin Extended-A,
// basic Greek, basic Cyrillic and the fullwidth Latin letters; every other
// character maps to itself (docs/rtl.md). The mapping is the host's own, not
// the host locale's, so results are the same on every machine.
//
// Thread-safe (pure functions).

#ifndef RTL_CASE_MAPPING_H_
#define RTL_CASE_MAPPING_H_

#include <cstdint>

namespace rtl {

// Returns the upper-case form of `c`, or `c` if it has none in the table.
uint32_t UpcaseChar(uint32_t c);

// Returns the lower-case form of `c`, or `c` if it has none in the table.
uint32_t DowncaseChar(uint32_t c);

}  // namespace rtl

#endif  // RTL_CASE_MAPPING_H_
