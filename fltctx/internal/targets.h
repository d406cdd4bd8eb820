// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/targets.h
// -----------------------------------------------------------------------------
//
// Where a set, get or delete call's ContextTarget points (internal to
// fltctx, core layer): the object's attachment table, the key in it, and
// whether the object can carry that kind of context at all.
//
// IWYU pragma: private, internal to fltctx.

#ifndef FLTCTX_INTERNAL_TARGETS_H_
#define FLTCTX_INTERNAL_TARGETS_H_

#include <string>

#include "fltctx/internal/object_model.h"
#include "fltctx/objects.h"

namespace fltctx {
namespace fltctx_internal {

enum class Resolve { kOk, kInvalid, kNotSupported, kGone };

// Resolved
//
// An attachment table and key.
struct Resolved {
  Slots* slots = nullptr;
  const void* key = nullptr;
  Instance* instance = nullptr;  // the instance the attachment belongs to
  std::string where;             // for_set: the object, as reports name it
};

// ResolveTarget()
//
// Maps `t` to its slot table (volume contexts are keyed by `volume_owner`).
// Reads only immutable fields, so it needs no lock; `for_set` adds the
// description of the object.
Resolve ResolveTarget(const ContextTarget& t, Filter* volume_owner, bool for_set, Resolved* r);

}  // namespace fltctx_internal
}  // namespace fltctx

#endif  // FLTCTX_INTERNAL_TARGETS_H_
