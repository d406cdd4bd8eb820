// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/internal/dispatcher.cc
// -----------------------------------------------------------------------------
//
// The filter stack of one volume (test side, internal to fltctx/io).

#include "fltctx/io/internal/dispatcher.h"

#include <algorithm>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "fltctx/io/internal/bugchecks.h"
#include "fltctx/io/internal/pending.h"
#include "fltctx/race_point.h"
#include "fltctx/wdk/internal/handles.h"
#include "fltctx/wdk/internal/operations.h"
#include "poolsim/irql.h"

namespace fltctx {
namespace io {
namespace io_internal {

namespace poolsim_internal = poolsim::poolsim_internal;

// A post-operation callback owed to a filter by a request in flight.
struct Dispatcher::Post {
  PFLT_INSTANCE instance = nullptr;
  PFLT_POST_OPERATION_CALLBACK callback = nullptr;
  PVOID completion_context = nullptr;
  bool synchronized = false;
  bool claimed = false;  // run (or being run) by the request, or drained
};

// A request with post-operation callbacks owed, from its first one until it
// returns. Lives on the dispatching thread's stack.
struct Dispatcher::InFlight {
  explicit InFlight(Request* r) : request(r) {}
  Request* const request;
  absl::InlinedVector<Post, 4> posts;  // guarded by Dispatcher::mu_
  int draining = 0;                    // guarded by Dispatcher::mu_
};

namespace {

FLT_RELATED_OBJECTS Related(PFLT_INSTANCE instance, PFILE_OBJECT fo) {
  return wdk::RelatedObjects(wdk::ToCore(instance), nullptr, fo);
}

}  // namespace

Dispatcher::Dispatcher(FilterManager& manager, PFLT_VOLUME volume,
                       bool post_operation_at_dispatch)
    : manager_(manager), volume_(volume), post_operation_at_dispatch_(post_operation_at_dispatch) {}

void Dispatcher::Drain(Instance* core) {
  if (FilterManager::VolumeOf(core) != wdk::ToCore(volume_)) return;
  PFLT_INSTANCE instance = wdk::ToWdk(core);
  struct Owed {
    InFlight* op;
    PFLT_POST_OPERATION_CALLBACK callback;
    PVOID completion_context;
  };
  std::vector<Owed> owed;
  {
    poolsim_internal::MutexLock l(&mu_);
    for (InFlight* op : inflight_) {
      for (Post& p : op->posts) {
        if (p.instance != instance || p.claimed) continue;
        p.claimed = true;
        op->draining++;
        owed.push_back(Owed{op, p.callback, p.completion_context});
      }
    }
  }
  for (const Owed& o : owed) {
    FLT_RELATED_OBJECTS objects = Related(instance, o.op->request->iopb.TargetFileObject);
    o.callback(&o.op->request->data, &objects, o.completion_context,
               FLTFL_POST_OPERATION_DRAINING);
    poolsim_internal::MutexLock l(&mu_);
    o.op->draining--;
    drained_.NotifyAll();
  }
}

NTSTATUS Dispatcher::Send(Request& req, absl::FunctionRef<void(Request&)> fs) {
  return SendThrough(req, fs, manager_.InstancesByAltitude(wdk::ToCore(volume_)));
}

NTSTATUS Dispatcher::SendBelow(Request& req, absl::FunctionRef<void(Request&)> fs,
                               PFLT_INSTANCE initiating) {
  std::vector<Instance*> instances = manager_.InstancesByAltitude(wdk::ToCore(volume_));
  if (initiating != nullptr) {
    auto it = std::find(instances.begin(), instances.end(), wdk::ToCore(initiating));
    if (it == instances.end()) {
      req.data.IoStatus.Status = STATUS_FLT_DELETING_OBJECT;
      req.data.IoStatus.Information = 0;
      return STATUS_FLT_DELETING_OBJECT;
    }
    instances.erase(instances.begin(), it + 1);
  }
  return SendThrough(req, fs, instances);
}

NTSTATUS Dispatcher::SendThrough(Request& req, absl::FunctionRef<void(Request&)> fs,
                                 const std::vector<Instance*>& instances) {
  const UCHAR major = req.iopb.MajorFunction;
  PFILE_OBJECT fo = req.iopb.TargetFileObject;
  InFlight op(&req);
  bool registered = false;
  bool completed = false;
  for (Instance* core : instances) {
    PFLT_INSTANCE instance = wdk::ToWdk(core);
    const wdk::OperationTable* table =
        wdk::OperationsOf(wdk::ToWdk(FilterManager::FilterOf(core)));
    if (table == nullptr || !table->registered[major]) continue;
    FLT_RELATED_OBJECTS objects = Related(instance, fo);
    req.iopb.TargetInstance = instance;
    PVOID completion_context = nullptr;
    FLT_PREOP_CALLBACK_STATUS status = FLT_PREOP_SUCCESS_WITH_CALLBACK;
    if (table->pre[major] != nullptr) {
      // The race sweep may dismount the volume first: no instance is left.
      if (AnnounceOperationBoundary(RaceCall::kPreOperation, &manager_, core, major)) break;
      ScopedPended pended(&req.data);
      status = table->pre[major](&req.data, &objects, &completion_context);
      if (status == FLT_PREOP_PENDING) {
        // Held until the filter completes it, from any thread (possibly
        // before its callback returned). The rest of the request then
        // continues here, on the issuing thread.
        pended.Wait(&status, &completion_context);
        pended.Unregister();
        if (status != FLT_PREOP_SUCCESS_WITH_CALLBACK && status != FLT_PREOP_SUCCESS_NO_CALLBACK &&
            status != FLT_PREOP_COMPLETE) {
          RaiseBadPendedCompletion(manager_, instance, static_cast<int>(status), major);
          status = FLT_PREOP_SUCCESS_NO_CALLBACK;
        }
      } else if (pended.Unregister()) {
        RaiseCompletedNotPended(manager_, &req.data, major);
      }
    }
    switch (status) {
      case FLT_PREOP_SUCCESS_WITH_CALLBACK:
      case FLT_PREOP_SYNCHRONIZE:
        if (table->post[major] != nullptr) {
          poolsim_internal::MutexLock l(&mu_);
          if (!registered) {
            inflight_.insert(&op);
            registered = true;
          }
          Post post;
          post.instance = instance;
          post.callback = table->post[major];
          post.completion_context = completion_context;
          post.synchronized = status == FLT_PREOP_SYNCHRONIZE;
          op.posts.push_back(post);
        }
        break;
      case FLT_PREOP_SUCCESS_NO_CALLBACK:
        break;
      case FLT_PREOP_COMPLETE:
        completed = true;
        break;
      default:
        RaiseUnsupportedPreopStatus(manager_, instance, static_cast<int>(status), major);
        break;
    }
    if (completed) break;
  }
  if (!completed) fs(req);
  req.data.Flags |= FLTFL_CALLBACK_DATA_POST_OPERATION;
  const bool dispatch_level = post_operation_at_dispatch_ && major != IRP_MJ_CREATE;
  if (registered) {
    for (size_t i = op.posts.size(); i-- > 0;) {
      // A racer's dismount drains the posts owed (they are then claimed).
      AnnounceOperationBoundary(RaceCall::kPostOperation, &manager_,
                                wdk::ToCore(op.posts[i].instance), major);
      Post post;
      {
        poolsim_internal::MutexLock l(&mu_);
        if (op.posts[i].claimed) continue;  // drained at the instance's teardown
        op.posts[i].claimed = true;
        post = op.posts[i];
      }
      FLT_RELATED_OBJECTS objects = Related(post.instance, fo);
      req.iopb.TargetInstance = post.instance;
      poolsim::ScopedIrql irql(dispatch_level && !post.synchronized ? poolsim::kDispatchLevel
                                                                    : poolsim::CurrentIrql());
      post.callback(&req.data, &objects, post.completion_context, 0);
    }
    poolsim_internal::MutexLock l(&mu_);
    while (op.draining != 0) drained_.Wait(&mu_);
    inflight_.erase(&op);
  }
  return req.data.IoStatus.Status;
}

}  // namespace io_internal
}  // namespace io
}  // namespace fltctx
