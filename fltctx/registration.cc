// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/registration.cc
// -----------------------------------------------------------------------------
//
// The context registration rules (core layer): entries in, definition chains
// out. Pure.

#include "fltctx/registration.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace fltctx {

namespace {

bool ExactDuplicate(const ContextRegistrationEntry& a, const ContextRegistrationEntry& b) {
  return a.type_bits == b.type_bits && a.flags == b.flags && a.size == b.size &&
         a.pool_tag == b.pool_tag && a.cleanup_id == b.cleanup_id &&
         a.allocate_id == b.allocate_id && a.free_id == b.free_id &&
         a.reserved_nonnull == b.reserved_nonnull;
}

// The rules one entry must meet on its own.
bool EntryValid(const ContextRegistrationEntry& e, const Options& o) {
  ContextType type;
  bool valid = ContextTypeFromBit(e.type_bits, &type) && !e.reserved_nonnull;
  bool has_callbacks = static_cast<bool>(e.allocate) || static_cast<bool>(e.free);
  if (valid && has_callbacks) {
    bool lone = !e.allocate || !e.free;
    if (lone && (o.reject_lone_callback || !e.allocate)) valid = false;
  } else if (valid) {
    if (e.size != ContextRegistrationEntry::kVariableSize && e.size > kMaxContextSize) {
      valid = false;
    }
    if (e.pool_tag == 0 && o.reject_zero_pool_tag) valid = false;
  }
  return valid;
}

}  // namespace

RegisterOutcome ValidateContextRegistration(const std::vector<ContextRegistrationEntry>& entries,
                                            const Options& o, DefinitionChains* chains) {
  std::vector<const ContextRegistrationEntry*> kept;
  for (const ContextRegistrationEntry& e : entries) {
    // Exact duplicates are ignored.
    bool duplicate = std::any_of(kept.begin(), kept.end(), [&e](const ContextRegistrationEntry* k) {
      return ExactDuplicate(*k, e);
    });
    if (duplicate) continue;
    if (!EntryValid(e, o)) {
      if (o.reject_invalid_registration) return RegisterOutcome::kInvalidContextRegistration;
      continue;
    }
    kept.push_back(&e);
  }

  for (int t = 0; t < kContextTypeCount; ++t) {
    const ContextType type = static_cast<ContextType>(t);
    std::vector<ContextDefinition> fixed;
    std::vector<ContextDefinition> variable;
    std::vector<ContextDefinition> callbacks;
    for (const ContextRegistrationEntry* e : kept) {
      if (e->type_bits != ContextTypeBit(type)) continue;
      ContextDefinition d;
      d.type = type;
      d.cleanup = e->cleanup;
      if (e->allocate) {
        d.callbacks = true;
        d.allocate = e->allocate;
        d.free = e->free ? e->free : nullptr;
        callbacks.push_back(std::move(d));
        continue;
      }
      d.tag = e->pool_tag != 0 ? poolsim::PoolTag(e->pool_tag)
                               : poolsim::PoolTag::FromChars(
                                     std::string("FMc").append(1, static_cast<char>('0' + t)).c_str());
      if (e->size == ContextRegistrationEntry::kVariableSize) {
        d.variable = true;
        variable.push_back(std::move(d));
      } else {
        d.size = e->size;
        d.no_exact_size_match = (e->flags & kNoExactSizeMatchFlag) != 0;
        fixed.push_back(std::move(d));
      }
    }
    bool bad = (!callbacks.empty() && (callbacks.size() > 1 || !fixed.empty() || !variable.empty())) ||
               fixed.size() > 3 || variable.size() > 1;
    if (bad) {
      if (o.reject_invalid_registration) return RegisterOutcome::kInvalidContextRegistration;
      if (!callbacks.empty()) {
        fixed.clear();
        variable.clear();
        callbacks.resize(1);
      }
      if (fixed.size() > 3) fixed.resize(3);
      if (variable.size() > 1) variable.resize(1);
    }
    std::stable_sort(fixed.begin(), fixed.end(), [](const ContextDefinition& a,
                                                    const ContextDefinition& b) {
      return a.size < b.size;
    });
    std::vector<ContextDefinition>& chain = (*chains)[t];
    for (auto& d : callbacks) chain.push_back(std::move(d));
    for (auto& d : fixed) chain.push_back(std::move(d));
    for (auto& d : variable) chain.push_back(std::move(d));
  }
  // A free callback can be missing only in lenient mode: pool free is not
  // possible for a callback block, so the block is simply dropped then.
  for (auto& chain : *chains) {
    for (ContextDefinition& d : chain) {
      if (d.callbacks && !d.free) d.free = [](void*, ContextType) {};
    }
  }
  return RegisterOutcome::kRegistered;
}

}  // namespace fltctx
