// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/internal/issued_common.cc
// -----------------------------------------------------------------------------
//
// The shared part of the I/O functions (compat layer).
//
// Lock order: the allocated-callback-data registry's mutex takes no other;
// pool calls and requests run with it released.

#include "fltctx/wdk/internal/issued_common.h"

#include <cstring>
#include <map>

#include "absl/base/attributes.h"
#include "absl/base/thread_annotations.h"
#include "absl/strings/str_format.h"
#include "fltctx/bugcheck_rules.h"
#include "fltctx/live_handles.h"
#include "fltctx/wdk/internal/bugchecks.h"
#include "fltctx/wdk/internal/handles.h"
#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/internal/lock.h"

namespace fltctx {
namespace fltctx_internal {
namespace {

namespace poolsim_internal = poolsim::poolsim_internal;

constexpr ULONG kNonPagedPool = 0;

// Callback data and its parameter block, as the filter manager keeps them
// together (in its IRP_CTRL).
struct CallbackDataBlock {
  FLT_CALLBACK_DATA data;
  FLT_IO_PARAMETER_BLOCK iopb;
};

struct Allocated {
  PFLT_INSTANCE instance = nullptr;
  poolsim::Environment* env = nullptr;
};

struct Registry {
  poolsim_internal::Mutex mu;
  std::map<PFLT_CALLBACK_DATA, Allocated> allocated ABSL_GUARDED_BY(mu);
};

Registry& TheRegistry() {
  static Registry* registry = new Registry();
  return *registry;
}

}  // namespace

ABSL_ATTRIBUTE_NOINLINE bool CheckIssuedIrql(const char* api, const void* object,
                                             poolsim::Irql max) {
  const poolsim::Irql irql = poolsim::CurrentIrql();
  if (irql <= max) return true;
  poolsim::Ambient().RaiseBugCheck(
      poolsim::MakeBugCheck(bugcheck_rule::kIssuedIoIrqlTooHigh,
                            {reinterpret_cast<uintptr_t>(object), irql, 0, 0},
                            absl::StrFormat("%s called at %s; it requires IRQL <= %s", api,
                                            poolsim::IrqlName(irql), poolsim::IrqlName(max))),
      1);
  return false;
}

ABSL_ATTRIBUTE_NOINLINE bool CheckArgument(const void* pointer, const char* api,
                                           const char* parameter,
                                           poolsim::PointerAccess access) {
  return poolsim::CheckPointerArgument(poolsim::Ambient(), pointer, api, parameter, access, 1);
}

bool CheckInstanceArgument(PFLT_INSTANCE instance, const char* api, const char* parameter) {
  return CheckArgument(instance, api, parameter, poolsim::PointerAccess::kRead) &&
         CheckLiveHandle(instance, HandleKind::kInstance, api, parameter, 2);
}

bool CheckFileObjectArgument(PFILE_OBJECT file_object, const char* api, const char* parameter) {
  return CheckArgument(file_object, api, parameter, poolsim::PointerAccess::kRead) &&
         CheckLiveHandle(file_object, HandleKind::kWdkFileObject, api, parameter, 2);
}

IssuedPath PathOf(PFLT_INSTANCE instance) {
  IssuedPath path;
  path.instance = instance;
  Instance* core = wdk::ToCore(instance);
  path.manager = FilterManager::ManagerOf(core);
  path.volume = wdk::ToWdk(FilterManager::VolumeOf(core));
  path.target = wdk::IoTargetOf(path.volume);
  return path;
}

NTSTATUS CheckOpenOn(const IssuedPath& path, PFILE_OBJECT file_object) {
  FileObject* core = wdk::ToCore(file_object);
  if (core == nullptr || !FilterManager::IsOpen(core)) return STATUS_FILE_CLOSED;
  Stream* stream = FilterManager::StreamOf(core);
  if (stream == nullptr) return STATUS_FILE_CLOSED;
  if (wdk::ToWdk(FilterManager::VolumeOf(stream)) != path.volume) return STATUS_INVALID_PARAMETER;
  return STATUS_SUCCESS;
}

PFLT_CALLBACK_DATA AllocateCallbackDataBlock(poolsim::Environment& env, PFLT_INSTANCE instance,
                                             PFILE_OBJECT file_object, bool tracked) {
  poolsim::AllocateRequest ar;
  ar.bytes = sizeof(CallbackDataBlock);
  ar.tag = poolsim::PoolTag(kCallbackDataTag);
  ar.kind = poolsim::PoolKind::kNonPaged;
  ar.pool_type = kNonPagedPool;
  ar.zero = true;
  ar.legacy_tag_rules = false;
  ar.skip_frames = 2;
  auto* block = static_cast<CallbackDataBlock*>(env.Allocate(ar));
  if (block == nullptr) return nullptr;
  block->data.Flags = FLTFL_CALLBACK_DATA_IRP_OPERATION | FLTFL_CALLBACK_DATA_GENERATED_IO;
  block->data.Iopb = &block->iopb;
  block->data.RequestorMode = KernelMode;
  block->iopb.TargetInstance = instance;
  block->iopb.TargetFileObject = file_object;
  if (tracked) {
    Registry& r = TheRegistry();
    poolsim_internal::MutexLock l(&r.mu);
    r.allocated[&block->data] = Allocated{instance, &env};
  }
  return &block->data;
}

void FreeCallbackDataBlock(poolsim::Environment& env, PFLT_CALLBACK_DATA data) {
  env.Free(data, poolsim::PoolTag(kCallbackDataTag), /*check_tag=*/true, 2);
}

bool LookupAllocatedCallbackData(PFLT_CALLBACK_DATA data, PFLT_INSTANCE* instance,
                                 poolsim::Environment** env) {
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  auto it = r.allocated.find(data);
  if (it == r.allocated.end()) return false;
  if (instance != nullptr) *instance = it->second.instance;
  if (env != nullptr) *env = it->second.env;
  return true;
}

bool ForgetAllocatedCallbackData(PFLT_CALLBACK_DATA data) {
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  return r.allocated.erase(data) != 0;
}

NTSTATUS Issue(const IssuedPath& path, const FLT_IO_PARAMETER_BLOCK& iopb, IO_STATUS_BLOCK* iosb,
               PFLT_COMPLETED_ASYNC_IO_CALLBACK callback, PVOID context) {
  iosb->Status = STATUS_SUCCESS;
  iosb->Information = 0;
  if (path.target == nullptr) {
    iosb->Status = STATUS_INVALID_DEVICE_REQUEST;
    return iosb->Status;
  }
  poolsim::Environment& env = path.manager->environment();
  PFLT_CALLBACK_DATA data =
      AllocateCallbackDataBlock(env, path.instance, iopb.TargetFileObject, /*tracked=*/false);
  if (data == nullptr) {
    iosb->Status = STATUS_INSUFFICIENT_RESOURCES;
    return iosb->Status;
  }
  PFLT_IO_PARAMETER_BLOCK own = data->Iopb;
  own->IrpFlags = iopb.IrpFlags;
  own->MajorFunction = iopb.MajorFunction;
  own->MinorFunction = iopb.MinorFunction;
  own->OperationFlags = iopb.OperationFlags;
  own->TargetFileObject = iopb.TargetFileObject;
  own->Parameters = iopb.Parameters;
  path.target->Send(data, path.instance);
  iosb->Status = data->IoStatus.Status;
  iosb->Information = data->IoStatus.Information;
  if (callback != nullptr) callback(data, context);
  FreeCallbackDataBlock(env, data);
  return iosb->Status;
}

void RaiseNotAllocatedCallbackData(const void* data, const char* api) {
  poolsim::Ambient().RaiseBugCheck(
      poolsim::MakeBugCheck(bugcheck_rule::kNotAllocatedCallbackData,
                            {0, 0, reinterpret_cast<uintptr_t>(data)},
                            absl::StrFormat("%s: %p is not callback data FltAllocateCallbackData "
                                            "returned (or it was already freed)",
                                            api, data)),
      1);
}

}  // namespace fltctx_internal
}  // namespace fltctx
