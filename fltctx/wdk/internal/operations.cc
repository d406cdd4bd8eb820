// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/internal/operations.cc
// -----------------------------------------------------------------------------
//
// The operation-callback table and the pended-completion hook (compat layer).

#include "fltctx/wdk/internal/operations.h"

#include <atomic>
#include <utility>

#include "fltctx/filter_manager.h"
#include "fltctx/wdk/internal/handles.h"

namespace fltctx {
namespace wdk {
namespace {

std::atomic<PendedCompletionHandler> g_pended_completion{nullptr};

}  // namespace

std::shared_ptr<const OperationTable> DecodeOperations(const FLT_OPERATION_REGISTRATION* entries,
                                                       int max_entries) {
  auto table = std::make_shared<OperationTable>();
  for (int i = 0; i < max_entries; ++i) {
    const FLT_OPERATION_REGISTRATION& op = entries[i];
    if (op.MajorFunction == IRP_MJ_OPERATION_END) break;
    if (table->registered[op.MajorFunction]) continue;
    table->registered[op.MajorFunction] = true;
    table->pre[op.MajorFunction] = op.PreOperation;
    table->post[op.MajorFunction] = op.PostOperation;
    table->flags[op.MajorFunction] = op.Flags;
  }
  return table;
}

const OperationTable* OperationsOf(PFLT_FILTER filter) {
  return filter == nullptr
             ? nullptr
             : static_cast<const OperationTable*>(FilterManager::OperationsOf(ToCore(filter)));
}

void SetPendedCompletionHandler(PendedCompletionHandler handler) {
  g_pended_completion.store(handler, std::memory_order_release);
}

bool CompletePended(PFLT_CALLBACK_DATA data, FLT_PREOP_CALLBACK_STATUS status, PVOID context) {
  PendedCompletionHandler handler = g_pended_completion.load(std::memory_order_acquire);
  return handler != nullptr && handler(data, status, context);
}

}  // namespace wdk
}  // namespace fltctx
