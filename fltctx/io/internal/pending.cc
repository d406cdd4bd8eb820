// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/internal/pending.cc
// -----------------------------------------------------------------------------
//
// The registry of pended operations (test side, internal to fltctx/io).

#include "fltctx/io/internal/pending.h"

#include <unordered_map>

#include "fltctx/wdk/internal/operations.h"

namespace fltctx {
namespace io {
namespace io_internal {

namespace poolsim_internal = poolsim::poolsim_internal;

namespace {

// Operations whose pre-operation callback returned (or is about to return)
// FLT_PREOP_PENDING, by callback data, until FltCompletePendedPreOperation.
poolsim_internal::Mutex g_pended_mu;
std::unordered_map<PFLT_CALLBACK_DATA, ScopedPended*>* g_pended ABSL_GUARDED_BY(g_pended_mu) =
    nullptr;

// The handler FltCompletePendedPreOperation calls.
bool CompletePended(PFLT_CALLBACK_DATA data, FLT_PREOP_CALLBACK_STATUS status, PVOID context) {
  poolsim_internal::MutexLock l(&g_pended_mu);
  if (g_pended == nullptr) return false;
  auto it = g_pended->find(data);
  if (it == g_pended->end()) return false;
  return it->second->Complete(status, context);
}

}  // namespace

ScopedPended::ScopedPended(PFLT_CALLBACK_DATA data) : data_(data) {
  poolsim_internal::MutexLock l(&g_pended_mu);
  if (g_pended == nullptr) {
    g_pended = new std::unordered_map<PFLT_CALLBACK_DATA, ScopedPended*>();
    wdk::SetPendedCompletionHandler(&CompletePended);
  }
  (*g_pended)[data_] = this;
}

bool ScopedPended::Complete(FLT_PREOP_CALLBACK_STATUS status, PVOID context) {
  poolsim_internal::MutexLock l(&mu_);
  if (completed_) return false;
  completed_ = true;
  status_ = status;
  context_ = context;
  cv_.NotifyAll();
  return true;
}

bool ScopedPended::Unregister() {
  {
    poolsim_internal::MutexLock l(&g_pended_mu);
    if (registered_) g_pended->erase(data_);
    registered_ = false;
  }
  poolsim_internal::MutexLock l(&mu_);
  return completed_;
}

void ScopedPended::Wait(FLT_PREOP_CALLBACK_STATUS* status, PVOID* context) {
  poolsim_internal::MutexLock l(&mu_);
  while (!completed_) cv_.Wait(&mu_);
  *status = status_;
  *context = context_;
}

}  // namespace io_internal
}  // namespace io
}  // namespace fltctx
