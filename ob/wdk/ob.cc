// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ob/wdk/ob.cc
// -----------------------------------------------------------------------------
//
// The WDK-named object-manager surface (object-manager layer): check every
// argument, make one core call (ob/objects.h, ob/processes.h), map the
// outcome.

#include "ob/wdk/ob.h"

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ob/bugcheck_rules.h"
#include "ob/objects.h"
#include "ob/processes.h"
#include "ob/wdk/internal/checks.h"
#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/environment.h"
#include "poolsim/pointer_check.h"

namespace {

using ob::ob_internal::IrqlAtMost;
using ob::ob_internal::NotNull;

constexpr uint64_t kCurrentProcess = ~uint64_t{0};      // NtCurrentProcess()
constexpr uint64_t kCurrentThread = ~uint64_t{0} - 1;   // NtCurrentThread()

POBJECT_TYPE g_process_type = ob::ProcessType();
POBJECT_TYPE g_thread_type = ob::ThreadType();
POBJECT_TYPE g_file_type = ob::FileType();
POBJECT_TYPE g_transaction_type = ob::TransactionType();

void RaiseNotAnObject(const void* object, const char* api) {
  poolsim::Ambient().RaiseBugCheck(
      poolsim::MakeBugCheck(ob::bugcheck_rule::kNotAnObject,
                            {0, reinterpret_cast<uintptr_t>(object), 0, 0},
                            absl::StrCat(api, ": ", absl::StrFormat("%p", object),
                                         " is not a live kernel object")),
      2);
}

bool ValidMode(KPROCESSOR_MODE mode) { return mode == KernelMode || mode == UserMode; }

// The object a pseudo-handle names, or null.
void* PseudoObject(HANDLE handle) {
  const uint64_t value = reinterpret_cast<uintptr_t>(handle);
  if (value == kCurrentProcess) return ob::CurrentProcess(poolsim::Ambient());
  if (value == kCurrentThread) return ob::CurrentThread(poolsim::Ambient());
  return nullptr;
}

NTSTATUS Close(HANDLE Handle, const char* api) {
  if (!IrqlAtMost(poolsim::kPassiveLevel, Handle, api)) return STATUS_INVALID_HANDLE;
  poolsim::Environment& env = poolsim::Ambient();
  switch (ob::CloseHandle(env, Handle)) {
    case ob::CloseOutcome::kClosed:
      return STATUS_SUCCESS;
    case ob::CloseOutcome::kInvalidHandle:
      return STATUS_INVALID_HANDLE;
    case ob::CloseOutcome::kInvalidKernelHandle:
      env.RaiseBugCheck(
          poolsim::MakeBugCheck(ob::bugcheck_rule::kCloseInvalidKernelHandle,
                                {reinterpret_cast<uintptr_t>(Handle), 0, 0},
                                absl::StrCat(api, ": kernel handle ",
                                             absl::StrFormat("%p", Handle),
                                             " is not open (closed twice, or never opened)")),
          2);
      return STATUS_INVALID_HANDLE;
  }
  return STATUS_INVALID_HANDLE;
}

}  // namespace

extern "C" {

POBJECT_TYPE* PsProcessType = &g_process_type;
POBJECT_TYPE* PsThreadType = &g_thread_type;
POBJECT_TYPE* IoFileObjectType = &g_file_type;
POBJECT_TYPE* TmTransactionObjectType = &g_transaction_type;

LONG_PTR FASTCALL ObfReferenceObject(PVOID Object) {
  static constexpr char kApi[] = "ObfReferenceObject";
  if (!IrqlAtMost(poolsim::kDispatchLevel, Object, kApi) ||
      !NotNull(Object, kApi, "Object", poolsim::PointerAccess::kWrite)) {
    return 0;
  }
  poolsim::Environment& env = poolsim::Ambient();
  if (ob::ReferenceAnyObject(env, Object, "ObReferenceObject", 1) != ob::ReferenceOutcome::kOk) {
    RaiseNotAnObject(Object, kApi);
    return 0;
  }
  return static_cast<LONG_PTR>(ob::PointerCount(env, Object));
}

LONG_PTR FASTCALL ObfDereferenceObject(PVOID Object) {
  static constexpr char kApi[] = "ObfDereferenceObject";
  if (!IrqlAtMost(poolsim::kDispatchLevel, Object, kApi) ||
      !NotNull(Object, kApi, "Object", poolsim::PointerAccess::kWrite)) {
    return 0;
  }
  poolsim::Environment& env = poolsim::Ambient();
  POBJECT_TYPE type = nullptr;
  switch (ob::DereferenceAnyObject(env, Object, &type)) {
    case ob::ReferenceOutcome::kOk: {
      const int64_t count = ob::PointerCount(env, Object);
      return count < 0 ? 0 : static_cast<LONG_PTR>(count);
    }
    case ob::ReferenceOutcome::kNotAnObject:
      RaiseNotAnObject(Object, kApi);
      return 0;
    case ob::ReferenceOutcome::kBelowZero:
      env.RaiseBugCheck(
          poolsim::MakeBugCheck(
              ob::bugcheck_rule::kDereferenceBelowZero,
              {reinterpret_cast<uintptr_t>(type), reinterpret_cast<uintptr_t>(Object), 0, 0},
              absl::StrCat(kApi, ": the driver holds no reference to ",
                           absl::StrFormat("%p", Object), " (", type->name,
                           "); one dereference too many")),
          1);
      return static_cast<LONG_PTR>(ob::PointerCount(env, Object));
  }
  return 0;
}

NTSTATUS NTAPI ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess,
                                         POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                         PVOID* Object,
                                         POBJECT_HANDLE_INFORMATION HandleInformation) {
  static constexpr char kApi[] = "ObReferenceObjectByHandle";
  if (!IrqlAtMost(poolsim::kPassiveLevel, Handle, kApi) ||
      !NotNull(Object, kApi, "Object", poolsim::PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (!ValidMode(AccessMode)) return STATUS_INVALID_PARAMETER;
  poolsim::Environment& env = poolsim::Ambient();
  ob::HandleEntry entry;
  if (void* pseudo = PseudoObject(Handle)) {
    entry.object = pseudo;
    ob::LookupObject(env, pseudo, &entry.type);
    entry.granted = 0x001FFFFF;  // the pseudo-handles grant every access
    entry.kernel = false;
  } else if (!ob::LookupHandle(env, Handle, &entry)) {
    return STATUS_INVALID_HANDLE;
  }
  if (AccessMode == UserMode && entry.kernel) return STATUS_INVALID_HANDLE;
  if (ObjectType != nullptr && ObjectType != entry.type) return STATUS_OBJECT_TYPE_MISMATCH;
  if (AccessMode == UserMode && (DesiredAccess & ~entry.granted) != 0) {
    return STATUS_ACCESS_DENIED;
  }
  if (ob::ReferenceObject(env, entry.object, kApi, 1) != ob::ReferenceOutcome::kOk) {
    return STATUS_INVALID_HANDLE;  // closed meanwhile by another thread
  }
  *Object = entry.object;
  if (HandleInformation != nullptr &&
      poolsim::CheckPointerArgument(env, HandleInformation, kApi, "HandleInformation",
                                    poolsim::PointerAccess::kWrite, 1)) {
    HandleInformation->HandleAttributes = entry.kernel ? OBJ_KERNEL_HANDLE : 0;
    HandleInformation->GrantedAccess = entry.granted;
  }
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI ObOpenObjectByPointer(PVOID Object, ULONG HandleAttributes,
                                     PACCESS_STATE PassedAccessState, ACCESS_MASK DesiredAccess,
                                     POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                     PHANDLE Handle) {
  static constexpr char kApi[] = "ObOpenObjectByPointer";
  (void)PassedAccessState;
  if (!IrqlAtMost(poolsim::kPassiveLevel, Object, kApi) ||
      !NotNull(Object, kApi, "Object", poolsim::PointerAccess::kRead) ||
      !NotNull(Handle, kApi, "Handle", poolsim::PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (!ValidMode(AccessMode) || (HandleAttributes & ~OBJ_VALID_ATTRIBUTES) != 0) {
    return STATUS_INVALID_PARAMETER;
  }
  poolsim::Environment& env = poolsim::Ambient();
  POBJECT_TYPE type = nullptr;
  if (!ob::LookupObject(env, Object, &type)) {
    RaiseNotAnObject(Object, kApi);
    return STATUS_INVALID_PARAMETER;
  }
  if (ObjectType != nullptr && ObjectType != type) return STATUS_OBJECT_TYPE_MISMATCH;
  const ACCESS_MASK granted = DesiredAccess == MAXIMUM_ALLOWED ? 0x001FFFFF : DesiredAccess;
  switch (ob::CreateHandle(env, Object, granted, HandleAttributes, kApi, 1, Handle)) {
    case ob::HandleOutcome::kOk:
      return STATUS_SUCCESS;
    case ob::HandleOutcome::kInsufficientResources:
      return STATUS_INSUFFICIENT_RESOURCES;
    case ob::HandleOutcome::kNotAnObject:
      return STATUS_INVALID_PARAMETER;
  }
  return STATUS_INVALID_PARAMETER;
}

NTSTATUS NTAPI ZwClose(HANDLE Handle) { return Close(Handle, "ZwClose"); }
NTSTATUS NTAPI NtClose(HANDLE Handle) { return Close(Handle, "NtClose"); }

HANDLE NTAPI PsGetCurrentProcessId(void) {
  return reinterpret_cast<HANDLE>(static_cast<uintptr_t>(ob::CurrentProcessId()));
}

HANDLE NTAPI PsGetCurrentThreadId(void) {
  return reinterpret_cast<HANDLE>(static_cast<uintptr_t>(ob::CurrentThreadId()));
}

PEPROCESS NTAPI IoGetCurrentProcess(void) { return ob::CurrentProcess(poolsim::Ambient()); }

PETHREAD NTAPI PsGetCurrentThread(void) { return ob::CurrentThread(poolsim::Ambient()); }

PKTHREAD NTAPI KeGetCurrentThread(void) {
  return reinterpret_cast<PKTHREAD>(ob::CurrentThread(poolsim::Ambient()));
}

HANDLE NTAPI PsGetProcessId(PEPROCESS Process) {
  if (!NotNull(Process, "PsGetProcessId", "Process", poolsim::PointerAccess::kRead)) {
    return nullptr;
  }
  POBJECT_TYPE type = nullptr;
  if (!ob::LookupObject(poolsim::Ambient(), Process, &type) || type != ob::ProcessType()) {
    return nullptr;
  }
  return reinterpret_cast<HANDLE>(static_cast<uintptr_t>(ob::ProcessIdOf(Process)));
}

HANDLE NTAPI PsGetThreadId(PETHREAD Thread) {
  if (!NotNull(Thread, "PsGetThreadId", "Thread", poolsim::PointerAccess::kRead)) {
    return nullptr;
  }
  if (ob::ProcessOfThread(poolsim::Ambient(), Thread) == nullptr) return nullptr;
  return reinterpret_cast<HANDLE>(static_cast<uintptr_t>(ob::ThreadIdOf(Thread)));
}

HANDLE NTAPI PsGetThreadProcessId(PETHREAD Thread) {
  if (!NotNull(Thread, "PsGetThreadProcessId", "Thread", poolsim::PointerAccess::kRead)) {
    return nullptr;
  }
  PEPROCESS process = ob::ProcessOfThread(poolsim::Ambient(), Thread);
  if (process == nullptr) return nullptr;
  return reinterpret_cast<HANDLE>(static_cast<uintptr_t>(ob::ProcessIdOf(process)));
}

NTSTATUS NTAPI ZwOpenProcess(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes, PCLIENT_ID ClientId) {
  static constexpr char kApi[] = "ZwOpenProcess";
  if (!IrqlAtMost(poolsim::kPassiveLevel, ProcessHandle, kApi) ||
      !NotNull(ProcessHandle, kApi, "ProcessHandle", poolsim::PointerAccess::kWrite) ||
      !NotNull(ObjectAttributes, kApi, "ObjectAttributes", poolsim::PointerAccess::kRead)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (ObjectAttributes->Length != sizeof(OBJECT_ATTRIBUTES) ||
      (ObjectAttributes->Attributes & ~OBJ_VALID_ATTRIBUTES) != 0) {
    return STATUS_INVALID_PARAMETER;
  }
  const bool named = ObjectAttributes->ObjectName != nullptr;
  if (named == (ClientId != nullptr)) return STATUS_INVALID_PARAMETER_MIX;
  poolsim::Environment& env = poolsim::Ambient();
  if (!poolsim::CheckPointerArgument(env, ClientId, kApi, "ClientId",
                                     poolsim::PointerAccess::kRead, 1)) {
    return STATUS_INVALID_PARAMETER;
  }
  const uint64_t id = reinterpret_cast<uintptr_t>(ClientId->UniqueProcess);
  PEPROCESS process = nullptr;
  if (id == ob::CurrentProcessId()) {
    process = ob::CurrentProcess(env);
  } else if (id <= 0xFFFFFFFFu) {
    process = ob::FindProcess(env, static_cast<uint32_t>(id));
  }
  if (process == nullptr) return STATUS_INVALID_CID;
  const ACCESS_MASK granted = DesiredAccess == MAXIMUM_ALLOWED ? PROCESS_ALL_ACCESS : DesiredAccess;
  switch (ob::CreateHandle(env, process, granted, ObjectAttributes->Attributes, kApi, 1,
                           ProcessHandle)) {
    case ob::HandleOutcome::kOk:
      return STATUS_SUCCESS;
    case ob::HandleOutcome::kInsufficientResources:
      return STATUS_INSUFFICIENT_RESOURCES;
    case ob::HandleOutcome::kNotAnObject:
      break;
  }
  return STATUS_INVALID_CID;
}

}  // extern "C"
