// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/bugcheck.h
// -----------------------------------------------------------------------------
//
// A bug check is how poolsim reports a misuse the real kernel would crash on:
// the Windows stop code, its four parameters, a one-line meaning, the stack of
// the offending call and, when an allocation is involved, its record.
//
// A bug check never unwinds and never returns an error code to the caller:
// the Environment hands it to a handler (see Environment::SetBugCheckHandler)
// and the offending call then returns as harmlessly as it can, with the
// simulator's own state unchanged by the bad call.

#ifndef POOLSIM_BUGCHECK_H_
#define POOLSIM_BUGCHECK_H_

#include <array>
#include <cstdint>
#include <functional>
#include <string>

#include "poolsim/block_info.h"
#include "poolsim/bugcheck_codes.h"  // IWYU pragma: export
#include "poolsim/bugcheck_rule.h"
#include "poolsim/irql.h"
#include "poolsim/stack_trace.h"

namespace poolsim {


// Returns the symbolic name of a stop code ("BAD_POOL_CALLER") from the
// bug-check catalogue (poolsim/bugcheck_catalogue.h), or "UNKNOWN_BUGCHECK".
const char* BugCheckName(uint32_t code);

// BugCheck
//
// One detected misuse.
struct BugCheck {
  uint32_t code = 0;
  std::array<uint64_t, 4> parameters{};
  std::string description;   // one line: what the parameters mean here
  StackId stack = kNoStack;  // the offending call
  Irql irql = 0;             // IRQL of the offending call
  uint32_t thread = 0;       // poolsim's ordinal of the offending thread

  // The allocation involved, if any (double free, tag mismatch, ...).
  bool has_block = false;
  BlockInfo block;
  StackId block_free_stack = kNoStack;  // the earlier free, for a double free

  // The catalogue row it was raised from (poolsim/bugcheck_catalogue.h);
  // null for a stop the driver requested by value (KeBugCheckEx).
  const BugCheckRule* rule = nullptr;
};

// Returns true if and only if `b` has stop code `code` and, when
// `subcode` is not ~0, first parameter `subcode`.
inline bool BugCheckMatches(const BugCheck& b, uint32_t code,
                            uint64_t subcode = ~uint64_t{0}) {
  return b.code == code && (subcode == ~uint64_t{0} || b.parameters[0] == subcode);
}

// BugCheckHandler
//
// Receives every bug check. It runs on the offending thread with no poolsim
// lock held. If it returns, the offending call returns harmlessly.
using BugCheckHandler = std::function<void(const BugCheck&)>;

// Sets the handler used by Environments that have none of their own, and
// returns the previous one. An empty handler restores the built-in default,
// which prints the report to stderr and aborts the process. Thread-safe.
BugCheckHandler SetDefaultBugCheckHandler(BugCheckHandler handler);

// FormatBugCheck()
//
// Returns the report of one bug check as text: the stop code and its name,
// the four parameters, the meaning, the symbolized stack of the offending
// call and, if an allocation is involved, its record and allocating stack.
std::string FormatBugCheck(const BugCheck& bug_check);

// Returns this thread's simulated thread ordinal (1, 2, ... in the order
// threads first touch poolsim).
uint32_t CurrentThreadOrdinal();

}  // namespace poolsim

#endif  // POOLSIM_BUGCHECK_H_
