// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/internal/dispatcher.h
// -----------------------------------------------------------------------------
//
// The filter stack of one volume (test side, internal to fltctx/io): sends a
// request through the attached instances' pre-operation callbacks (highest
// altitude first, FLT_PREOP_PENDING held until completed), the file system,
// and the post-operation callbacks owed (in reverse); tracks the requests in
// flight so an instance torn down meanwhile gets its post-operation callbacks
// with FLTFL_POST_OPERATION_DRAINING (Drain). A request a filter issues
// itself (FltReadFile, FltCreateFileEx2, FltPerformSynchronousIo, ...) starts
// below the instance that issued it (SendBelow).
//
// Lock order: Dispatcher::mu_ -> nothing. No lock is held while a filter
// callback or the file system runs.

#ifndef FLTCTX_IO_INTERNAL_DISPATCHER_H_
#define FLTCTX_IO_INTERNAL_DISPATCHER_H_

#include <unordered_set>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "fltctx/filter_manager.h"
#include "fltctx/io/internal/request.h"
#include "fltctx/wdk/fltkernel.h"
#include "poolsim/internal/lock.h"

namespace fltctx {
namespace io {
namespace io_internal {

// Dispatcher
//
// Thread-safe: requests may be sent from several threads at once.
class Dispatcher {
 public:
  // Post-operation callbacks run at DISPATCH_LEVEL (but those of
  // IRP_MJ_CREATE and after FLT_PREOP_SYNCHRONIZE) if
  // `post_operation_at_dispatch`.
  Dispatcher(FilterManager& manager, PFLT_VOLUME volume, bool post_operation_at_dispatch);
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Sends `req` through the instances and, unless a filter completes it, the
  // file system (`fs`, which sets IoStatus). Returns the final status.
  NTSTATUS Send(Request& req, absl::FunctionRef<void(Request&)> fs);

  // The same for a request `initiating` issued: only the instances below it
  // (lower in the altitude order; an instance of equal altitude attached
  // after it counts as below) see it, then the file system; never
  // `initiating` itself or the instances above. With `initiating` NULL the
  // request starts at the top of the stack. If `initiating` is not attached
  // to this volume (or is being torn down), nothing is sent and the request
  // fails with STATUS_FLT_DELETING_OBJECT.
  NTSTATUS SendBelow(Request& req, absl::FunctionRef<void(Request&)> fs,
                     PFLT_INSTANCE initiating);

  // Runs, with FLTFL_POST_OPERATION_DRAINING, the post-operation callbacks
  // that requests in flight owe `core` (an instance being torn down); the
  // requests will not call them again. Instances of other volumes are
  // ignored.
  void Drain(Instance* core);

 private:
  struct Post;
  struct InFlight;

  // Sends `req` through `instances` (highest first) and the file system.
  NTSTATUS SendThrough(Request& req, absl::FunctionRef<void(Request&)> fs,
                       const std::vector<Instance*>& instances);

  FilterManager& manager_;
  const PFLT_VOLUME volume_;
  const bool post_operation_at_dispatch_;

  poolsim::poolsim_internal::Mutex mu_;
  poolsim::poolsim_internal::CondVar drained_;  // an InFlight's draining fell
  // Requests with post-operation callbacks owed (each InFlight's posts and
  // draining are guarded by mu_ too).
  std::unordered_set<InFlight*> inflight_ ABSL_GUARDED_BY(mu_);
};

}  // namespace io_internal
}  // namespace io
}  // namespace fltctx

#endif  // FLTCTX_IO_INTERNAL_DISPATCHER_H_
