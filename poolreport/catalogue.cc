// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/catalogue.cc: bug-check explanations from the catalogue.

#include "poolreport/catalogue.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "poolsim/bugcheck.h"
#include "poolsim/bugcheck_catalogue.h"

namespace poolreport {

BugCheckMeaning ExplainBugCheck(const BugCheckEntry& entry) {
  BugCheckMeaning out;
  out.name = entry.name;
  poolsim::BugCheck b;
  b.code = entry.code;
  for (size_t i = 0; i < std::min<size_t>(4, entry.parameters.size()); ++i) {
    b.parameters[i] = entry.parameters[i];
  }
  if (const poolsim::BugCheckRule* rule = poolsim::FindBugCheckRuleFor(b)) {
    out.catalogued = true;
    out.name = rule->stop->name;
    out.meaning = rule->meaning;
    out.fix = rule->fix;
    out.rule_id = rule->id;
    for (size_t i = 0; i < 4; ++i) out.parameters[i] = rule->parameters[i];
    if (rule->has_subcode()) {
      out.subcode_parameter = rule->subcode_parameter;
      out.parameters[static_cast<size_t>(rule->subcode_parameter)] =
          std::string("the sub-code (") + rule->id + ")";
    }
    return out;
  }
  if (const poolsim::StopCode* stop = poolsim::FindStopCode(entry.code)) {
    out.catalogued = true;
    out.name = stop->name;
    out.meaning = stop->meaning;
    return out;
  }
  out.meaning = "not in this build's catalogue (a stop code the driver raised itself)";
  return out;
}

std::string StopCodeText(uint32_t code) { return absl::StrFormat("0x%X", code); }

std::string HexText(uint64_t value) { return absl::StrFormat("0x%x", value); }

}  // namespace poolreport
