// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/registration.h
// -----------------------------------------------------------------------------
//
// Filter registration (core layer, C++): the decoded FLT_REGISTRATION the
// FilterManager takes, and the pure validation of its context registration
// (FLT_CONTEXT_REGISTRATION) into the definitions FltAllocateContext chooses
// from. No state, no locks: table-tested on its own (registration_test.cc).
//
// IWYU pragma: private, include "fltctx/filter_manager.h"

#ifndef FLTCTX_REGISTRATION_H_
#define FLTCTX_REGISTRATION_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fltctx/context_type.h"
#include "fltctx/objects.h"
#include "fltctx/options.h"
#include "fltctx/outcomes.h"
#include "poolsim/pool_tag.h"

namespace fltctx {

// The largest fixed context size and allocation request (MAXUSHORT).
inline constexpr size_t kMaxContextSize = 0xFFFF;

// ContextRegistrationEntry
//
// One FLT_CONTEXT_REGISTRATION element, decoded. The callback addresses in
// `*_id` identify the callbacks for the exact-duplicate rule.
struct ContextRegistrationEntry {
  static constexpr size_t kVariableSize = ~size_t{0};

  uint16_t type_bits = 0;  // FLT_*_CONTEXT; validated at registration
  uint16_t flags = 0;      // FLTFL_CONTEXT_REGISTRATION_*
  size_t size = 0;         // payload bytes, or kVariableSize
  uint32_t pool_tag = 0;
  // Called with the payload when the count reaches zero, before the free.
  std::function<void(void* context, ContextType type)> cleanup;
  // Returns a block of `bytes` (header + payload) or null.
  std::function<void*(uint32_t pool_type, size_t bytes, ContextType type)> allocate;
  // Receives the block `allocate` returned.
  std::function<void(void* block, ContextType type)> free;
  const void* cleanup_id = nullptr;
  const void* allocate_id = nullptr;
  const void* free_id = nullptr;
  bool reserved_nonnull = false;  // Reserved1 was not NULL
};

inline constexpr uint16_t kNoExactSizeMatchFlag = 0x0001;

// FilterCallbacks
//
// The filter's own callbacks that the object model calls. Each runs with no
// fltctx lock held, at PASSIVE_LEVEL.
struct FilterCallbacks {
  // Returns false to refuse the attachment.
  std::function<bool(Instance* instance, uint32_t setup_flags)> instance_setup;
  std::function<void(Instance* instance, uint32_t reason)> instance_teardown_start;
  std::function<void(Instance* instance, uint32_t reason)> instance_teardown_complete;
  std::function<void(Instance* instance, Transaction* transaction, void* context,
                     uint32_t notification)>
      transaction_notification;
};

// FilterRegistration
struct FilterRegistration {
  std::string name = "filter";
  std::vector<ContextRegistrationEntry> contexts;
  FilterCallbacks callbacks;
  // The operation callbacks, in the compat layer's own form (opaque to the
  // core; the simulated I/O path reads them back with OperationsOf).
  std::shared_ptr<const void> operations;
};

// ContextDefinition
//
// One accepted context registration entry.
struct ContextDefinition {
  ContextType type = ContextType::kStream;
  bool callbacks = false;  // allocate/free callbacks
  bool variable = false;
  bool no_exact_size_match = false;
  size_t size = 0;
  poolsim::PoolTag tag;
  std::function<void(void*, ContextType)> cleanup;
  std::function<void*(uint32_t, size_t, ContextType)> allocate;
  std::function<void(void*, ContextType)> free;
};

// DefinitionChains
//
// Per context type (index ContextTypeIndex): the callback definition, or the
// fixed sizes ascending then the variable one.
using DefinitionChains = std::array<std::vector<ContextDefinition>, kContextTypeCount>;

// ValidateContextRegistration()
//
// Applies the context registration rules to `entries` under `options`:
// exact duplicates are ignored; an entry with an invalid type, Reserved1
// set, a size above kMaxContextSize, pool tag 0 (with reject_zero_pool_tag)
// or a lone callback (with reject_lone_callback; a lone free callback
// always) is invalid; per type at most one callback entry and nothing else,
// or up to three fixed sizes and one variable size. With
// reject_invalid_registration any violation returns
// kInvalidContextRegistration (`*chains` is then unspecified); otherwise
// offending entries are dropped. On kRegistered `*chains` holds the
// definitions, pool tag 0 defaulted to "FMc" + the type index.
//
// Pure; thread-compatible.
RegisterOutcome ValidateContextRegistration(const std::vector<ContextRegistrationEntry>& entries,
                                            const Options& options, DefinitionChains* chains);

}  // namespace fltctx

#endif  // FLTCTX_REGISTRATION_H_
