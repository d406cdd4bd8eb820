// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/flt_objects.cc
// -----------------------------------------------------------------------------
//
// The filter manager's object queries (compat layer): check every argument,
// ask the object manager (ob/processes.h), map the outcome.

#include "fltctx/wdk/flt_objects.h"

#include <cstdint>

#include "ob/processes.h"
#include "poolsim/environment.h"
#include "poolsim/pointer_check.h"

namespace {

// The process of the thread that issued `data`'s operation, or null; a NULL
// `data` is reported for `api`.
PEPROCESS RequestorOf(PFLT_CALLBACK_DATA data, const char* api) {
  poolsim::Environment& env = poolsim::Ambient();
  if (!poolsim::CheckPointerArgument(env, data, api, "CallbackData",
                                     poolsim::PointerAccess::kRead, 2)) {
    return nullptr;
  }
  if (data->Thread == nullptr) return nullptr;
  return ob::ProcessOfThread(env, data->Thread);
}

}  // namespace

extern "C" {

ULONG FLTAPI FltGetRequestorProcessId(PFLT_CALLBACK_DATA CallbackData) {
  PEPROCESS process = RequestorOf(CallbackData, "FltGetRequestorProcessId");
  return process == nullptr ? 0 : ob::ProcessIdOf(process);
}

HANDLE FLTAPI FltGetRequestorProcessIdEx(PFLT_CALLBACK_DATA CallbackData) {
  PEPROCESS process = RequestorOf(CallbackData, "FltGetRequestorProcessIdEx");
  return reinterpret_cast<HANDLE>(
      static_cast<uintptr_t>(process == nullptr ? 0 : ob::ProcessIdOf(process)));
}

PEPROCESS FLTAPI FltGetRequestorProcess(PFLT_CALLBACK_DATA CallbackData) {
  return RequestorOf(CallbackData, "FltGetRequestorProcess");
}

}  // extern "C"
