// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/internal/bugchecks.cc
// -----------------------------------------------------------------------------
//
// The simulated I/O path's bug checks, each raising its catalogue row
// (fltctx/bugcheck_rules.h) (test side, internal to fltctx/io).

#include "fltctx/io/internal/bugchecks.h"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/str_format.h"
#include "fltctx/bugcheck_rules.h"
#include "poolsim/bugcheck_catalogue.h"

namespace fltctx {
namespace io {
namespace io_internal {
namespace {

namespace rule = ::fltctx::bugcheck_rule;

// Raises `row` (a Filter Verifier row, 0xC4) with parameters 2..4 `others`
// for misuse of the I/O path.
void Raise(FilterManager& manager, const poolsim::BugCheckRule& row,
           std::initializer_list<uint64_t> others, std::string text) {
  manager.environment().RaiseBugCheck(poolsim::MakeBugCheck(row, others, std::move(text)), 0);
}

// kUnsupportedPreopStatus: P2 the instance, P3 the status, P4 the major
// function.
void RaiseStatusViolation(FilterManager& manager, PFLT_INSTANCE instance, int status, UCHAR major,
                          std::string text) {
  Raise(manager, rule::kUnsupportedPreopStatus,
        {reinterpret_cast<uintptr_t>(instance), static_cast<uint64_t>(status), major},
        std::move(text));
}

}  // namespace

void RaiseUnsupportedPreopStatus(FilterManager& manager, PFLT_INSTANCE instance, int status,
                                 UCHAR major) {
  RaiseStatusViolation(
      manager, instance, status, major,
      absl::StrFormat("pre-operation callback of major function %#x returned %d, which the "
                      "simulated I/O path does not support (or is not a "
                      "FLT_PREOP_CALLBACK_STATUS); treated as FLT_PREOP_SUCCESS_NO_CALLBACK",
                      major, status));
}

void RaiseBadPendedCompletion(FilterManager& manager, PFLT_INSTANCE instance, int status,
                              UCHAR major) {
  RaiseStatusViolation(
      manager, instance, status, major,
      absl::StrFormat("FltCompletePendedPreOperation for major function %#x passed %d; only "
                      "FLT_PREOP_SUCCESS_WITH_CALLBACK, FLT_PREOP_SUCCESS_NO_CALLBACK and "
                      "FLT_PREOP_COMPLETE are allowed; treated as FLT_PREOP_SUCCESS_NO_CALLBACK",
                      major, status));
}

void RaiseCompletedNotPended(FilterManager& manager, PFLT_CALLBACK_DATA data, UCHAR major) {
  Raise(manager, rule::kCompleteNotPended, {reinterpret_cast<uintptr_t>(data), 0, major},
        absl::StrFormat("FltCompletePendedPreOperation during a pre-operation callback of major "
                        "function %#x that did not return FLT_PREOP_PENDING; the completion is "
                        "ignored",
                        major));
}

}  // namespace io_internal
}  // namespace io
}  // namespace fltctx
