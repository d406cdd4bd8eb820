// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolreport/catalogue.h
// -----------------------------------------------------------------------------
//
// What a reported bug check means, from the bug-check catalogue
// (poolsim/bugcheck_catalogue.h) with every layer's table linked in: the
// row the stop code and sub-code select, its meaning, what each parameter
// holds and the usual fix. A report carries only numbers and the stop
// code's name; the explanation comes from the catalogue of this build.
//
// Thread-safe (the catalogue is).

#ifndef POOLREPORT_CATALOGUE_H_
#define POOLREPORT_CATALOGUE_H_

#include <array>
#include <string>

#include "poolreport/report.h"

namespace poolreport {

// BugCheckMeaning
struct BugCheckMeaning {
  bool catalogued = false;  // a row (or at least the stop code) is known
  std::string name;         // the stop code's name; the report's when unknown
  std::string meaning;      // the row's, else the stop code's, else a note
  std::string fix;          // "" without a row
  std::string rule_id;      // "pool.free.double.retail", "" without a row
  std::array<std::string, 4> parameters;  // what each holds, "" unknown
  int subcode_parameter = -1;  // the parameter (0..3) holding the row's sub-code
};

// Returns the catalogue's explanation of `bug_check`.
BugCheckMeaning ExplainBugCheck(const BugCheckEntry& bug_check);

// "0xC2", the way Windows spells a stop code.
std::string StopCodeText(uint32_t code);

// "0x7", a parameter value.
std::string HexText(uint64_t value);

}  // namespace poolreport

#endif  // POOLREPORT_CATALOGUE_H_
