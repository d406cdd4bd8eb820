// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/bugcheck_catalogue.h
// -----------------------------------------------------------------------------
//
// The bug-check catalogue: every stop code and every bug check the libraries
// raise, as rows (poolsim/bugcheck_rule.h). poolsim's rows are always there;
// each higher layer registers its own table once, with one line in a .cc of
// a cc_library marked `alwayslink = True`:
//
//   const poolsim::BugCheckTableRegistrar kRegistrar(
//       "mylayer", {&kMyStopCode}, {&bugcheck_rule::kMyRule, ...});
//
// (or by calling RegisterBugCheckTable() before its first raise). A layer
// then raises a row through the one funnel, Environment::RaiseBugCheck:
//
//   env.RaiseBugCheck(
//       poolsim::MakeBugCheck(bugcheck_rule::kMyRule, {p2, p3, p4}, "what happened"),
//       skip_frames);
//
// The funnel checks that a raised row is registered and that its parameters
// carry the row's sub-code, and aborts with a message otherwise (a library
// bug, never a driver's). BugCheckName(), docs/bugchecks.md and the reports'
// names all come from here.
//
// Thread-safe. The catalogue's lock is a leaf.

#ifndef POOLSIM_BUGCHECK_CATALOGUE_H_
#define POOLSIM_BUGCHECK_CATALOGUE_H_

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "poolsim/bugcheck.h"
#include "poolsim/bugcheck_codes.h"
#include "poolsim/bugcheck_rule.h"
#include "poolsim/bugcheck_rules.h"

namespace poolsim {

// RegisterBugCheckTable()
//
// Adds a layer's stop codes and rows to the catalogue. Registering the same
// layer name again does nothing, so it may be called at every first use.
void RegisterBugCheckTable(const char* layer, std::initializer_list<const StopCode*> stop_codes,
                           std::initializer_list<const BugCheckRule*> rules);

// BugCheckTableRegistrar
//
// Registers a table from a static initializer. The target defining it must
// be `alwayslink = True`, or a static link may drop it.
class BugCheckTableRegistrar {
 public:
  BugCheckTableRegistrar(const char* layer, std::initializer_list<const StopCode*> stop_codes,
                         std::initializer_list<const BugCheckRule*> rules) {
    RegisterBugCheckTable(layer, stop_codes, rules);
  }
};

// CataloguedRule
struct CataloguedRule {
  const char* layer;  // the registering layer ("poolsim", ...)
  const BugCheckRule* rule;
};

// Returns every row, layer by layer in registration order (poolsim first),
// each layer's rows in its table's order.
std::vector<CataloguedRule> AllBugCheckRules();

// Returns every catalogued stop code, by code.
std::vector<const StopCode*> AllStopCodes();

// Returns the stop code `code`, or null if it is not catalogued.
const StopCode* FindStopCode(uint32_t code);

// FindBugCheckRule()
//
// Returns the row of stop code `code` whose sub-code is `subcode`, or, if no
// row has that sub-code, the first row of `code` that has none; null if
// neither exists.
const BugCheckRule* FindBugCheckRule(uint32_t code, uint64_t subcode);

// Returns the row `bug_check` was raised from (its `rule`), or the row
// FindBugCheckRule finds for its code and the parameter rows of that code
// keep their sub-code in.
const BugCheckRule* FindBugCheckRuleFor(const BugCheck& bug_check);

// Returns true if and only if `rule` is a registered row.
bool IsCatalogued(const BugCheckRule& rule);

// MakeBugCheck()
//
// Builds the bug check of `rule`: its stop code, its sub-code in the
// parameter the row keeps it in, and `others` (at most 3, or 4 for a row
// without sub-code) in the remaining parameters, in order; missing ones are
// 0. The stack, IRQL and thread are filled when it is raised.
BugCheck MakeBugCheck(const BugCheckRule& rule, std::initializer_list<uint64_t> others,
                      std::string description);

// MakeDriverBugCheck()
//
// The one bug check raised by value: a stop the driver asked for itself
// (KeBugCheckEx / KeBugCheck), with the driver's own code and parameters,
// which need not be catalogued. It has no `rule`.
BugCheck MakeDriverBugCheck(uint32_t code, const std::array<uint64_t, 4>& parameters,
                            std::string description);

namespace poolsim_internal {
// The funnel's check: aborts with a message if `bug_check.rule` is set but
// not registered, or its code or sub-code parameter disagree with the row.
void CheckCatalogued(const BugCheck& bug_check);
}  // namespace poolsim_internal

}  // namespace poolsim

#endif  // POOLSIM_BUGCHECK_CATALOGUE_H_
