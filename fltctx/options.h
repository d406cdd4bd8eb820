// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/options.h
// -----------------------------------------------------------------------------
//
// The FilterManager's settings (core layer, C++): the places where Windows
// behaviour is undocumented or differs between versions (the spec's section
// 17). Defaults are the strict choices.
//
// IWYU pragma: private, include "fltctx/filter_manager.h"

#ifndef FLTCTX_OPTIONS_H_
#define FLTCTX_OPTIONS_H_

#include <chrono>
#include <cstddef>

namespace fltctx {

// DeferredWork
//
// Who runs cleanup and free after a final release at DISPATCH_LEVEL.
enum class DeferredWork {
  kWorkerThread,  // a simulated system worker thread, at PASSIVE_LEVEL
  kManual,        // nobody until FilterManager::DrainDeferredWork()
};

// VolumeContextDetach
//
// When a filter's volume context leaves a volume besides dismount and
// unregister.
enum class VolumeContextDetach {
  kLastInstance,  // when the filter's last instance on the volume detaches
  kUnloadOnly,    // only at dismount or unregister
};

// Options
struct Options {
  // Filter Verifier checks that Windows makes only with the verifier on:
  // wrong context type or filter in a set call, FltDeleteContext on a
  // section context, a paged volume context. Off: only the status is returned.
  bool filter_verifier = true;
  // Registration: reject structural violations with
  // STATUS_FLT_INVALID_CONTEXT_REGISTRATION (off: ignore offending entries).
  bool reject_invalid_registration = true;
  // Registration: reject PoolTag 0 (off: use the type's default tag "FM" + n).
  bool reject_zero_pool_tag = true;
  // Registration: reject an allocate callback without a free callback or the
  // reverse (off: pool free for a missing free callback).
  bool reject_lone_callback = true;
  // FltAllocateContext: ContextSize 0 is STATUS_INVALID_PARAMETER (off:
  // allowed when a Size 0 definition exists).
  bool reject_zero_size = true;
  // FltAllocateContext: without NO_EXACT_SIZE_MATCH the size must equal a
  // registered size (off: any registered size >= the request fits).
  bool exact_size_match = true;
  // FltAllocateContext: a paged volume context is
  // STATUS_FLT_MUST_BE_NONPAGED_POOL (off: silently made nonpaged).
  bool reject_paged_volume_context = true;
  // FltAllocateContext: zero variable-size contexts (Windows 11); otherwise
  // every new context is filled with the Environment's uninitialized_fill.
  bool zero_variable_size_contexts = false;
  // Setting a context that was attached before and has been detached is
  // STATUS_FLT_CONTEXT_ALREADY_LINKED (off: allowed).
  bool reject_relink_of_detached = true;
  // FltReleaseContexts(Ex) at DISPATCH_LEVEL is legal when every context is
  // nonpaged (the documentation); off follows the header (APC_LEVEL).
  bool release_contexts_at_dispatch = false;
  VolumeContextDetach volume_context_detach = VolumeContextDetach::kLastInstance;
  // FltUnregisterFilter waits up to this long for leaked references to be
  // released (by other threads) before reporting them; zero reports at once.
  std::chrono::milliseconds unload_wait{0};
  DeferredWork deferred_work = DeferredWork::kWorkerThread;
  // Record every reference taken (the call and its stack), so the leak report
  // names the call that never released it. Off: only the count is kept,
  // which makes get/reference/release cheaper.
  bool track_references = true;
  // How many freed contexts are remembered to catch use after free; also how
  // many closed file objects (and their FILE_OBJECTs) stay valid, closed,
  // before they are freed (FilterManager::RetireFileObject).
  size_t quarantine = 4096;
};

}  // namespace fltctx

#endif  // FLTCTX_OPTIONS_H_
