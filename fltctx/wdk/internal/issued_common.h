// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/internal/issued_common.h
// -----------------------------------------------------------------------------
//
// What the I/O functions of the WDK surface (fltctx/wdk/issued_io.h) share
// (compat layer, C++ only): their argument and IRQL checks, where a request
// of an instance goes (its volume's I/O target, fltctx/wdk/internal/
// io_target.h), the callback data each request travels in (nonpaged pool,
// tag 'FMic', so the fault injector can fail it), and the record of the
// callback data FltAllocateCallbackData handed out.
//
// IWYU pragma: private, internal to fltctx/wdk.

#ifndef FLTCTX_WDK_INTERNAL_ISSUED_COMMON_H_
#define FLTCTX_WDK_INTERNAL_ISSUED_COMMON_H_

#include <memory>

#include "fltctx/filter_manager.h"
#include "fltctx/wdk/fltkernel.h"
#include "fltctx/wdk/internal/io_target.h"
#include "poolsim/irql.h"
#include "poolsim/pointer_check.h"
#include "wdkhost/wdk/flt_types.h"

namespace fltctx {
namespace fltctx_internal {

// The pool tag of callback data ('FMic', the filter manager's IRP_CTRL tag).
inline constexpr ULONG kCallbackDataTag = 0x63694D46;  // 'FMic' little-endian

// Raises fltctx.issued_io.irql (0x0A) above `max`: returns false after
// raising. `object` is P1.
bool CheckIssuedIrql(const char* api, const void* object, poolsim::Irql max);

// poolsim::CheckPointerArgument on the ambient environment, the stack
// starting at the WDK call.
bool CheckArgument(const void* pointer, const char* api, const char* parameter,
                   poolsim::PointerAccess access);

// CheckInstanceArgument()
//
// A required instance: NULL is the access violation, a pointer that is not a
// live instance fltctx.handle.not_live. Returns false after raising.
bool CheckInstanceArgument(PFLT_INSTANCE instance, const char* api, const char* parameter);
// A required file object, the same way.
bool CheckFileObjectArgument(PFILE_OBJECT file_object, const char* api, const char* parameter);

// IssuedPath
//
// Where a request of an instance goes.
struct IssuedPath {
  PFLT_INSTANCE instance = nullptr;  // NULL: the top of the stack
  PFLT_VOLUME volume = nullptr;
  FilterManager* manager = nullptr;
  std::shared_ptr<wdk::IoTarget> target;  // null: no file system (simulation.h volume)
};

// The path of a live `instance`.
IssuedPath PathOf(PFLT_INSTANCE instance);

// STATUS_SUCCESS if `file_object` is open on `path`'s volume;
// STATUS_FILE_CLOSED if it is not open (not yet, or no longer);
// STATUS_INVALID_PARAMETER if it is open on another volume.
NTSTATUS CheckOpenOn(const IssuedPath& path, PFILE_OBJECT file_object);

// Issue()
//
// Sends a request with the parameters of `iopb` (major and minor function,
// flags, TargetFileObject, Parameters) along `path`, in newly allocated
// callback data: STATUS_INSUFFICIENT_RESOURCES if the pool fails it;
// STATUS_INVALID_DEVICE_REQUEST without a file system. `*iosb` receives the
// outcome. With `callback`, it is called with the completed callback data
// and `context` before the callback data is freed.
NTSTATUS Issue(const IssuedPath& path, const FLT_IO_PARAMETER_BLOCK& iopb, IO_STATUS_BLOCK* iosb,
               PFLT_COMPLETED_ASYNC_IO_CALLBACK callback = nullptr, PVOID context = nullptr);

// Callback data for a request of `instance` on `file_object` (either may be
// NULL): Flags IRP operation and generated I/O, RequestorMode KernelMode,
// Iopb in the same block. `tracked`: FltAllocateCallbackData's, recorded
// until FreeCallbackDataBlock. NULL if the pool allocation fails.
PFLT_CALLBACK_DATA AllocateCallbackDataBlock(poolsim::Environment& env, PFLT_INSTANCE instance,
                                             PFILE_OBJECT file_object, bool tracked);
void FreeCallbackDataBlock(poolsim::Environment& env, PFLT_CALLBACK_DATA data);
// True if FltAllocateCallbackData returned `data` and it is not freed;
// `*instance` receives its initiating instance.
bool LookupAllocatedCallbackData(PFLT_CALLBACK_DATA data, PFLT_INSTANCE* instance,
                                 poolsim::Environment** env);
// Forgets `data` as allocated (FltFreeCallbackData). Returns false if it was not.
bool ForgetAllocatedCallbackData(PFLT_CALLBACK_DATA data);

// KMODE_EXCEPTION_NOT_HANDLED: `data` is not callback data
// FltAllocateCallbackData returned (or it was freed).
void RaiseNotAllocatedCallbackData(const void* data, const char* api);

}  // namespace fltctx_internal
}  // namespace fltctx

#endif  // FLTCTX_WDK_INTERNAL_ISSUED_COMMON_H_
