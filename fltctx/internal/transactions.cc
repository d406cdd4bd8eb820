// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/transactions.cc
// -----------------------------------------------------------------------------
//
// Transaction enlistment and completion (internal to fltctx, core layer).

#include "fltctx/internal/transactions.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "fltctx/internal/bugchecks.h"
#include "poolsim/irql.h"

namespace fltctx {
namespace fltctx_internal {

using poolsim::poolsim_internal::MutexLock;

namespace {

// KTM notification bits.
constexpr uint32_t kNotifyPrePrepare = 0x1;
constexpr uint32_t kNotifyPrepare = 0x2;
constexpr uint32_t kNotifyCommit = 0x4;
constexpr uint32_t kNotifyRollback = 0x8;
constexpr uint32_t kNotifyCommitFinalize = 0x40000000;
constexpr uint32_t kValidEnlistMask =
    kNotifyPrePrepare | kNotifyPrepare | kNotifyCommit | kNotifyRollback | kNotifyCommitFinalize;

// The notification an enlisted `mask` receives at commit or rollback (0 if
// none).
uint32_t NotificationFor(uint32_t mask, bool commit) {
  if (commit) {
    return (mask & kNotifyCommitFinalize) ? kNotifyCommitFinalize
           : (mask & kNotifyCommit)       ? kNotifyCommit
                                          : 0;
  }
  return (mask & kNotifyRollback) ? kNotifyRollback : 0;
}

}  // namespace

EnlistOutcome Transactions::Enlist(Instance* instance, Transaction* transaction,
                                   void* transaction_context, uint32_t notification_mask) {
  const char* op = "FltEnlistInTransaction";
  if (!CheckIrql(env_, poolsim::kApcLevel, op, transaction_context)) {
    return EnlistOutcome::kInvalidParameter;
  }
  ContextRecord* rec = registry_.LiveOrRaise(transaction_context, op);
  if (rec == nullptr) return EnlistOutcome::kInvalidParameter;
  if (instance == nullptr || transaction == nullptr ||
      !instance->filter->callbacks.transaction_notification ||
      rec->type != ContextType::kTransaction || rec->filter != instance->filter) {
    return EnlistOutcome::kInvalidParameter;
  }
  if (notification_mask == 0 || (notification_mask & ~kValidEnlistMask) != 0) {
    return EnlistOutcome::kInvalidMask;
  }
  MutexLock structure(&tree_.mu);
  if (instance->tearing_down || instance->gone || transaction->completed) {
    return EnlistOutcome::kObjectGone;
  }
  if (transaction->enlisted.contains(instance)) return EnlistOutcome::kAlreadyEnlisted;
  transaction->enlisted.emplace(instance, notification_mask);
  return EnlistOutcome::kEnlisted;
}

void Transactions::Complete(Transaction* transaction, bool commit) {
  struct Notice {
    Instance* instance;
    uint32_t bit;
    ContextRef context;
  };
  std::vector<Notice> notices;
  {
    MutexLock structure(&tree_.mu);
    if (transaction->completed) return;
    transaction->completed = true;
    std::vector<std::pair<Instance*, uint32_t>> enlisted(transaction->enlisted.begin(),
                                                         transaction->enlisted.end());
    std::sort(enlisted.begin(), enlisted.end(),
              [](const auto& a, const auto& b) { return a.first->id < b.first->id; });
    for (auto& [instance, mask] : enlisted) {
      uint32_t bit = NotificationFor(mask, commit);
      if (bit == 0 || instance->gone) continue;
      Notice n{instance, bit, ContextRef()};
      MutexLock sl(&transaction->contexts.mu);
      ContextRecord* rec = transaction->contexts.map.Load(instance);
      if (rec != nullptr && registry_.AddRef(rec, "(transaction notification)", poolsim::kNoStack)) {
        n.context = ContextRef::Adopt(manager_, rec->payload);
      }
      notices.push_back(std::move(n));
    }
  }
  for (Notice& n : notices) {
    Filter* f = n.instance->filter;
    if (f->callbacks.transaction_notification) {
      f->callbacks.transaction_notification(n.instance, transaction, n.context.get(), n.bit);
    }
    n.context.reset();
  }
  tree_.DetachAll(&transaction->contexts);
}

}  // namespace fltctx_internal
}  // namespace fltctx
