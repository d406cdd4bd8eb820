// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/outcomes.h
// -----------------------------------------------------------------------------
//
// What the FilterManager's calls report (core layer, C++): one outcome enum
// per call family (fltctx/wdk/ntstatus_map.h maps each to NTSTATUS with an
// exhaustive switch), the result structs that carry references back, and the
// context snapshot Inspect returns.
//
// IWYU pragma: private, include "fltctx/filter_manager.h"

#ifndef FLTCTX_OUTCOMES_H_
#define FLTCTX_OUTCOMES_H_

#include <cstddef>
#include <cstdint>

#include "fltctx/context_ref.h"
#include "fltctx/context_type.h"
#include "poolsim/block_info.h"
#include "poolsim/pool_tag.h"

namespace fltctx {

enum class RegisterOutcome {
  kRegistered,
  kInvalidParameter,            // bad FLT_REGISTRATION Size/Version, null args
  kInvalidContextRegistration,  // the context registration rules
  kNotInitialized,              // no filter manager to register with
};

enum class StartOutcome { kStarted, kInvalidParameter };

// UnloadResult
//
// What FltUnregisterFilter found.
struct UnloadResult {
  size_t contexts_detached = 0;
  size_t instances_torn_down = 0;
  // Contexts of the filter still referenced after the wait: listed in the
  // leak report with the stacks of their outstanding references.
  size_t leaked_contexts = 0;
};

enum class AllocateOutcome {
  kAllocated,
  kInvalidType,           // not exactly one context type
  kInvalidSize,           // zero
  kSizeTooLarge,          // > MAXUSHORT
  kFilterDeleting,        // unregister in progress or done
  kDefinitionNotFound,    // no registration, or no size fits
  kMustBeNonPaged,        // paged volume context (strict)
  kInvalidPoolType,       // not a pool type a context can come from
  kInsufficientResources  // pool or allocate callback failed
};

struct AllocateResult {
  AllocateOutcome outcome = AllocateOutcome::kDefinitionNotFound;
  ContextRef context;  // the allocation reference, on success
};

enum class SetOutcome {
  kInserted,          // nothing was attached; NewContext is now attached
  kReplaced,          // REPLACE: `previous` was detached
  kKeptExisting,      // KEEP: something was attached; `previous` is it
  kObjectGone,        // the object or instance is being torn down
  kAlreadyLinked,     // NewContext is (or was) attached somewhere
  kInvalidParameter,  // not a live context of the right type and filter
  kNotSupported,      // the file object cannot carry this kind of context
};

struct SetResult {
  SetOutcome outcome = SetOutcome::kInvalidParameter;
  // kReplaced / kKeptExisting with want_previous: the other context, with one
  // reference for the caller.
  ContextRef previous;
};

enum class GetOutcome { kFound, kNotFound, kNotSupported };

struct GetResult {
  GetOutcome outcome = GetOutcome::kNotFound;
  ContextRef context;
};

enum class DeleteOutcome { kDeleted, kNotFound, kNotSupported, kObjectGone };

struct DeleteResult {
  DeleteOutcome outcome = DeleteOutcome::kNotFound;
  ContextRef previous;  // with want_previous: the detached context's reference
};

enum class GetContextsOutcome { kOk, kInvalidParameter };

enum class DataScanOutcome { kRegistered, kNotSupported, kObjectGone };

enum class CreateSectionOutcome {
  kCreated,
  kAlreadyDefined,    // a section context is already open for the stream
  kInvalidParameter,  // not registered for data scan; not a section context
  kNotSupported,      // the volume or file object cannot carry sections
  kEndOfFile,         // empty stream
  kObjectGone,
  kAlreadyLinked,
};

enum class CloseSectionOutcome { kClosed, kNeverCreated, kAlreadyClosed };

enum class EnlistOutcome {
  kEnlisted,
  kAlreadyEnlisted,
  kInvalidParameter,  // no notification callback; not this instance's context
  kInvalidMask,
  kObjectGone,
};

// ContextState
//
// Where a context is in its life.
enum class ContextState {
  kUnknown,   // not a context (or forgotten after the quarantine)
  kUnlinked,  // allocated, never attached
  kLinked,    // attached to an object
  kDetached,  // was attached, is not any more
  kFreeing,   // count reached zero; cleanup queued or running
  kFreed,     // freed (kept in quarantine)
};

// ContextInfo
//
// A snapshot of one context, for tests.
struct ContextInfo {
  ContextState state = ContextState::kUnknown;
  ContextType type = ContextType::kStream;
  int64_t reference_count = 0;  // including the attachment's own reference
  size_t bytes = 0;             // usable payload bytes
  poolsim::PoolKind pool = poolsim::PoolKind::kNonPaged;
  uint32_t pool_type = 0;
  poolsim::PoolTag tag;
  void* block = nullptr;  // the pool (or allocate-callback) block
  bool from_callback = false;
};

}  // namespace fltctx

#endif  // FLTCTX_OUTCOMES_H_
