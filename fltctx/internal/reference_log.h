// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/reference_log.h
// -----------------------------------------------------------------------------
//
// The per-thread reference logs (internal to fltctx, core layer): with
// reference tracking on, every caller reference a context gains (allocate,
// get, reference, a detach handed to the caller) is one entry of the log of
// the thread that took it, and a release drops one entry: the newest the
// releasing thread took, else the newest any thread took. A leak report
// reads every log. A thread touches only its own log on the hot path, so
// threads working on different contexts share no lock and no cache line.
//
// IWYU pragma: private, internal to fltctx.

#ifndef FLTCTX_INTERNAL_REFERENCE_LOG_H_
#define FLTCTX_INTERNAL_REFERENCE_LOG_H_

#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "poolsim/stack_trace.h"

namespace fltctx {
namespace fltctx_internal {

struct ContextRecord;

// One outstanding caller reference and the call that took it.
struct LoggedReference {
  const ContextRecord* record;
  const void* owner;  // the ContextRegistry of the record
  const char* operation;
  poolsim::StackId stack;
  uint64_t sequence;  // per record, in the order references were taken
  uint32_t thread;    // poolsim::CurrentThreadOrdinal() of the taker
};

// Appends a reference of `record` (owned by `owner`) to the calling
// thread's log, numbered with the record's next reference sequence.
// Thread-safe; takes the calling thread's log lock (uncontended but by a
// leak report).
void LogReference(ContextRecord* record, const void* owner, const char* operation,
                  poolsim::StackId stack);
// The same with a given sequence (the allocation's reference is number 1).
void LogReferenceNumbered(ContextRecord* record, const void* owner, const char* operation,
                          poolsim::StackId stack, uint64_t sequence);

// Drops one logged reference of `record`: the newest the calling thread
// took, else the newest of all. Thread-safe; the second case takes each
// thread's log lock in turn.
void DropReference(ContextRecord* record);

// Drops every logged reference of `record` (a record that is being freed
// with entries still logged). Thread-safe.
void ForgetReferences(ContextRecord* record);
// Drops every logged reference of records owned by `owner` (its end).
void ForgetReferencesOf(const void* owner);

// The outstanding references of each record of `owner`, oldest first.
// Thread-safe; takes each thread's log lock in turn.
absl::flat_hash_map<const ContextRecord*, std::vector<LoggedReference>> ReferencesOf(
    const void* owner);

}  // namespace fltctx_internal
}  // namespace fltctx

#endif  // FLTCTX_INTERNAL_REFERENCE_LOG_H_
