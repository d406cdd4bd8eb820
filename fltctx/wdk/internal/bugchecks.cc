// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/internal/bugchecks.cc
// -----------------------------------------------------------------------------
//
// The WDK surface's bug checks, each raising its catalogue row (compat
// layer).

#include "fltctx/wdk/internal/bugchecks.h"

#include <cstdint>
#include <utility>

#include "absl/base/attributes.h"
#include "absl/strings/str_format.h"
#include "fltctx/bugcheck_rules.h"
#include "poolsim/environment.h"
#include "poolsim/bugcheck_catalogue.h"

namespace fltctx {
namespace fltctx_internal {
namespace {

const char* KindName(HandleKind kind) {
  switch (kind) {
    case HandleKind::kFilter:
      return "filter (PFLT_FILTER)";
    case HandleKind::kVolume:
      return "volume (PFLT_VOLUME)";
    case HandleKind::kInstance:
      return "instance (PFLT_INSTANCE)";
    case HandleKind::kTransaction:
      return "transaction (PKTRANSACTION)";
    case HandleKind::kWdkFileObject:
      return "file object (PFILE_OBJECT)";
    case HandleKind::kFileObject:
      break;
  }
  return "object";
}

}  // namespace

ABSL_ATTRIBUTE_NOINLINE bool CheckLiveHandle(const void* handle, HandleKind kind,
                                             const char* api, const char* parameter,
                                             int skip_frames) {
  if (handle == nullptr || IsLiveHandle(handle, kind)) return true;
  poolsim::Ambient().RaiseBugCheck(
      poolsim::MakeBugCheck(
          bugcheck_rule::kNotALiveHandle, {0, 0, reinterpret_cast<uintptr_t>(handle)},
          absl::StrFormat("%s: %s %p is not a live %s (never given out by the filter manager, "
                          "of another kind, or its object is gone)",
                          api, parameter, handle, KindName(kind))),
      skip_frames + 1);
  return false;
}

void RaiseCompleteNotPended(FilterManager& manager, const void* callback_data, uint64_t status,
                            uint64_t major, std::string description) {
  manager.environment().RaiseBugCheck(
      poolsim::MakeBugCheck(bugcheck_rule::kCompleteNotPended,
                            {reinterpret_cast<uintptr_t>(callback_data), status, major},
                            std::move(description)),
      0);
}

}  // namespace fltctx_internal
}  // namespace fltctx
