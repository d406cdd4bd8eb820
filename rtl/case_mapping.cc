// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/case_mapping.cc
// -----------------------------------------------------------------------------
//
// Core layer of the run-time library: the simple case mapping
// (rtl/case_mapping.h), as ranges of lower-case letters and the distance to
// their capitals.

#include "rtl/case_mapping.h"

namespace rtl {
namespace {

// Lower-case letters first..last (every `step`-th one when step is 2: the
// alternating upper/lower pairs of Latin Extended-A) map to c - delta.
struct CaseRange {
  uint32_t first;
  uint32_t last;
  uint32_t step;
  uint32_t delta;
};

constexpr CaseRange kRanges[] = {
    {0x0061, 0x007A, 1, 0x20},  // a..z
    {0x00E0, 0x00F6, 1, 0x20},  // Latin-1 (0xF7, the division sign, is not a letter)
    {0x00F8, 0x00FE, 1, 0x20},
    {0x0101, 0x0137, 2, 1},     // Latin Extended-A pairs
    {0x013A, 0x0148, 2, 1},
    {0x014B, 0x0177, 2, 1},
    {0x017A, 0x017E, 2, 1},
    {0x03B1, 0x03C1, 1, 0x20},  // Greek
    {0x03C3, 0x03CB, 1, 0x20},
    {0x03AD, 0x03AF, 1, 0x25},
    {0x03CD, 0x03CE, 1, 0x3F},
    {0x0430, 0x044F, 1, 0x20},  // Cyrillic
    {0x0450, 0x045F, 1, 0x50},
    {0xFF41, 0xFF5A, 1, 0x20},  // fullwidth a..z
};

// Single letters whose capital is not at a regular distance.
struct CasePair {
  uint32_t lower;
  uint32_t upper;
};

constexpr CasePair kPairs[] = {
    {0x00FF, 0x0178},  // y with diaeresis
    {0x03AC, 0x0386},  // Greek alpha with tonos
    {0x03CC, 0x038C},  // Greek omicron with tonos
};

}  // namespace

uint32_t UpcaseChar(uint32_t c) {
  for (const CaseRange& r : kRanges) {
    if (c >= r.first && c <= r.last && (c - r.first) % r.step == 0) return c - r.delta;
  }
  for (const CasePair& p : kPairs) {
    if (c == p.lower) return p.upper;
  }
  if (c == 0x03C2) return 0x03A3;  // final sigma
  return c;
}

uint32_t DowncaseChar(uint32_t c) {
  for (const CaseRange& r : kRanges) {
    if (c >= r.first - r.delta && c <= r.last - r.delta && (c + r.delta - r.first) % r.step == 0) {
      return c + r.delta;
    }
  }
  for (const CasePair& p : kPairs) {
    if (c == p.upper) return p.lower;
  }
  return c;
}

}  // namespace rtl
