// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/internal/bugchecks.cc
// -----------------------------------------------------------------------------
//
// The simulated I/O path's bug checks and their one funnel (test side,
// internal to fltctx/io).

#include "fltctx/io/internal/bugchecks.h"

#include <string>
#include <utility>

#include "absl/strings/str_format.h"
#include "fltctx/wdk/internal/bugchecks.h"
#include "poolsim/bugcheck.h"

namespace fltctx {
namespace io {
namespace io_internal {
namespace {

// Raises a Filter Verifier bug check (0xC4) for misuse of the I/O path.
void RaiseVerifier(FilterManager& manager, uint64_t subcode, uint64_t p2, uint64_t p3,
                   uint64_t p4, std::string text) {
  poolsim::BugCheck b;
  b.code = poolsim::bugcheck::kDriverVerifierDetectedViolation;
  b.parameters = {subcode, p2, p3, p4};
  b.description = std::move(text);
  manager.environment().RaiseBugCheck(std::move(b), 0);
}

// kVerifierUnsupportedPreopStatus: P2 the instance, P3 the status, P4 the
// major function.
void RaiseStatusViolation(FilterManager& manager, PFLT_INSTANCE instance, int status, UCHAR major,
                          std::string text) {
  RaiseVerifier(manager, kVerifierUnsupportedPreopStatus, reinterpret_cast<uintptr_t>(instance),
                static_cast<uint64_t>(status), major, std::move(text));
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
  RaiseVerifier(manager, fltctx_internal::kVerifierCompleteNotPended,
                reinterpret_cast<uintptr_t>(data), 0, major,
                absl::StrFormat("FltCompletePendedPreOperation during a pre-operation callback "
                                "of major function %#x that did not return FLT_PREOP_PENDING; "
                                "the completion is ignored",
                                major));
}

}  // namespace io_internal
}  // namespace io
}  // namespace fltctx
