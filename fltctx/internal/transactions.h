// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/transactions.h
// -----------------------------------------------------------------------------
//
// Transactions (internal to fltctx, core layer): FltEnlistInTransaction and
// the commit or rollback that notifies the enlisted transaction contexts and
// detaches every context on the transaction.
//
// IWYU pragma: private, internal to fltctx.

#ifndef FLTCTX_INTERNAL_TRANSACTIONS_H_
#define FLTCTX_INTERNAL_TRANSACTIONS_H_

#include <cstdint>

#include "fltctx/internal/context_registry.h"
#include "fltctx/internal/object_tree.h"
#include "fltctx/objects.h"
#include "fltctx/outcomes.h"
#include "poolsim/environment.h"

namespace fltctx {
namespace fltctx_internal {

// Transactions
//
// Thread-safe; see FilterManager for each call's contract.
class Transactions {
 public:
  Transactions(FilterManager* manager, poolsim::Environment& env, ContextRegistry& registry,
               ObjectTree& tree)
      : manager_(manager), env_(env), registry_(registry), tree_(tree) {}
  Transactions(const Transactions&) = delete;
  Transactions& operator=(const Transactions&) = delete;

  EnlistOutcome Enlist(Instance* instance, Transaction* transaction, void* transaction_context,
                       uint32_t notification_mask);
  // Calls the enlisted filters' transaction notification callbacks with no
  // lock held, then detaches the transaction's contexts.
  void Complete(Transaction* transaction, bool commit);

 private:
  FilterManager* const manager_;
  poolsim::Environment& env_;
  ContextRegistry& registry_;
  ObjectTree& tree_;
};

}  // namespace fltctx_internal
}  // namespace fltctx

#endif  // FLTCTX_INTERNAL_TRANSACTIONS_H_
