// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/ecp.cc
// -----------------------------------------------------------------------------
//
// The WDK-named extra-create-parameter functions (compat layer): argument
// checks in the documented order, one core call (fltctx/ecp.h), the outcome
// mapped to its NTSTATUS. The rules are in docs/ports-and-ecps.md.

#include "fltctx/wdk/ecp.h"

#include <cstdint>
#include <cstring>

#include "absl/strings/str_format.h"
#include "fltctx/ecp.h"
#include "fltctx/filter_manager.h"
#include "fltctx/live_handles.h"
#include "fltctx/ports_bugcheck_rules.h"
#include "fltctx/wdk/internal/bugchecks.h"
#include "fltctx/wdk/internal/handles.h"
#include "poolsim/environment.h"
#include "poolsim/irql.h"
#include "poolsim/pointer_check.h"

namespace fltctx {
namespace fltctx_internal {
namespace {

constexpr ULONG kListFlags = FSRTL_ALLOCATE_ECPLIST_FLAG_CHARGE_QUOTA;
constexpr ULONG kEcpFlags =
    FSRTL_ALLOCATE_ECP_FLAG_CHARGE_QUOTA | FSRTL_ALLOCATE_ECP_FLAG_NONPAGED_POOL;

poolsim::Environment& EnvOf(PFLT_FILTER filter) {
  FilterManager* fm = filter == nullptr ? nullptr : FilterManager::ManagerOf(wdk::ToCore(filter));
  return fm != nullptr ? fm->environment() : poolsim::Ambient();
}

EcpType TypeOf(const GUID* guid) {
  EcpType t{};
  std::memcpy(t.data(), guid, sizeof(GUID));
  return t;
}

// The checks every ECP routine makes first: a live filter (NULL passes: each
// routine has its rule), the IRQL, then each pointer it reads or writes.
bool CheckCall(PFLT_FILTER filter, const char* api, const void* object) {
  if (!CheckLiveHandle(filter, HandleKind::kFilter, api, "Filter", 2)) return false;
  const poolsim::Irql irql = poolsim::CurrentIrql();
  if (irql <= poolsim::kApcLevel) return true;
  EnvOf(filter).RaiseBugCheck(
      poolsim::MakeBugCheck(bugcheck_rule::kEcpIrqlTooHigh,
                            {reinterpret_cast<uintptr_t>(object), irql, 0, 0},
                            absl::StrFormat("%s called at IRQL %d (the highest it allows is "
                                            "APC_LEVEL)",
                                            api, irql)),
      2);
  return false;
}

bool Present(PFLT_FILTER filter, const void* p, const char* api, const char* parameter,
             poolsim::PointerAccess access) {
  return poolsim::CheckPointerArgument(EnvOf(filter), p, api, parameter, access, 2);
}

// fltctx.ecp.not_an_ecp for `p`, passed as `parameter` (a list or a context).
void RaiseNotAnEcp(PFLT_FILTER filter, const void* p, const char* api, const char* parameter,
                   const char* kind) {
  EnvOf(filter).RaiseBugCheck(
      poolsim::MakeBugCheck(bugcheck_rule::kNotAnEcp, {0, 0, reinterpret_cast<uintptr_t>(p)},
                            absl::StrFormat("%s: %s %p is not a live %s (never allocated, "
                                            "already freed, or of the other kind)",
                                            api, parameter, p, kind)),
      2);
}

// Checks a list or context handle; false after the report.
bool LiveList(PFLT_FILTER filter, const void* list, const char* api) {
  if (!Present(filter, list, api, "EcpList", poolsim::PointerAccess::kRead)) return false;
  if (ecp::IsList(list)) return true;
  RaiseNotAnEcp(filter, list, api, "EcpList", "ECP list");
  return false;
}
bool LiveEcp(PFLT_FILTER filter, const void* context, const char* api, const char* parameter) {
  if (!Present(filter, context, api, parameter, poolsim::PointerAccess::kRead)) return false;
  if (ecp::IsEcp(context)) return true;
  RaiseNotAnEcp(filter, context, api, parameter, "ECP context");
  return false;
}

bool IsIrpCreate(PFLT_CALLBACK_DATA data) {
  return data->Iopb != nullptr && data->Iopb->MajorFunction == IRP_MJ_CREATE &&
         (data->Flags & FLTFL_CALLBACK_DATA_IRP_OPERATION) != 0;
}

NTSTATUS ToNtStatus(EcpOutcome outcome) {
  switch (outcome) {
    case EcpOutcome::kSuccess:
      return STATUS_SUCCESS;
    case EcpOutcome::kInsufficientResources:
      return STATUS_INSUFFICIENT_RESOURCES;
    case EcpOutcome::kNotFound:
      return STATUS_NOT_FOUND;
    case EcpOutcome::kInvalidTag:
    case EcpOutcome::kDuplicate:
    case EcpOutcome::kInAList:
    case EcpOutcome::kNotInThisList:
    case EcpOutcome::kNotAList:
    case EcpOutcome::kNotAnEcp:
      return STATUS_INVALID_PARAMETER;
  }
  return STATUS_INVALID_PARAMETER;
}

}  // namespace
}  // namespace fltctx_internal
}  // namespace fltctx

namespace fi = fltctx::fltctx_internal;
namespace ecp = fltctx::ecp;
using fltctx::EcpOutcome;

extern "C" {

NTSTATUS FLTAPI FltAllocateExtraCreateParameterList(PFLT_FILTER Filter,
                                                    FSRTL_ALLOCATE_ECPLIST_FLAGS Flags,
                                                    PECP_LIST* EcpList) {
  constexpr const char* kApi = "FltAllocateExtraCreateParameterList";
  if (!fi::CheckCall(Filter, kApi, Filter) ||
      !fi::Present(Filter, EcpList, kApi, "EcpList", poolsim::PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  *EcpList = nullptr;
  if (Filter == nullptr || (Flags & ~fi::kListFlags) != 0) return STATUS_INVALID_PARAMETER;
  void* list = nullptr;
  const EcpOutcome outcome = ecp::AllocateList(fi::EnvOf(Filter), &list, 1);
  *EcpList = static_cast<PECP_LIST>(list);
  return fi::ToNtStatus(outcome);
}

VOID FLTAPI FltFreeExtraCreateParameterList(PFLT_FILTER Filter, PECP_LIST EcpList) {
  constexpr const char* kApi = "FltFreeExtraCreateParameterList";
  if (!fi::CheckCall(Filter, kApi, EcpList) || !fi::LiveList(Filter, EcpList, kApi)) return;
  ecp::FreeList(EcpList);
}

NTSTATUS FLTAPI FltAllocateExtraCreateParameter(
    PFLT_FILTER Filter, LPCGUID EcpType, ULONG SizeOfContext, FSRTL_ALLOCATE_ECP_FLAGS Flags,
    PFSRTL_EXTRA_CREATE_PARAMETER_CLEANUP_CALLBACK CleanupCallback, ULONG PoolTag,
    PVOID* EcpContext) {
  constexpr const char* kApi = "FltAllocateExtraCreateParameter";
  if (!fi::CheckCall(Filter, kApi, Filter) ||
      !fi::Present(Filter, EcpType, kApi, "EcpType", poolsim::PointerAccess::kRead) ||
      !fi::Present(Filter, EcpContext, kApi, "EcpContext", poolsim::PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  *EcpContext = nullptr;
  if (Filter == nullptr || SizeOfContext == 0 || (Flags & ~fi::kEcpFlags) != 0) {
    return STATUS_INVALID_PARAMETER;
  }
  ecp::Cleanup cleanup;
  if (CleanupCallback != nullptr) {
    cleanup = [CleanupCallback](void* context, const fltctx::EcpType& type) {
      GUID guid;
      std::memcpy(&guid, type.data(), sizeof(guid));
      CleanupCallback(context, &guid);
    };
  }
  void* context = nullptr;
  const EcpOutcome outcome = ecp::AllocateEcp(
      fi::EnvOf(Filter), fi::TypeOf(EcpType), SizeOfContext,
      (Flags & FSRTL_ALLOCATE_ECP_FLAG_NONPAGED_POOL) != 0, std::move(cleanup), PoolTag,
      &context, 1);
  *EcpContext = context;
  return fi::ToNtStatus(outcome);
}

VOID FLTAPI FltFreeExtraCreateParameter(PFLT_FILTER Filter, PVOID EcpContext) {
  constexpr const char* kApi = "FltFreeExtraCreateParameter";
  if (!fi::CheckCall(Filter, kApi, EcpContext) ||
      !fi::LiveEcp(Filter, EcpContext, kApi, "EcpContext")) {
    return;
  }
  if (ecp::FreeEcp(EcpContext) == EcpOutcome::kInAList) {
    fi::EnvOf(Filter).RaiseBugCheck(
        poolsim::MakeBugCheck(
            fltctx::bugcheck_rule::kEcpFreedInList, {0, 0, reinterpret_cast<uintptr_t>(EcpContext)},
            absl::StrFormat("%s: ECP context %p is still in an ECP list (remove it first)", kApi,
                            EcpContext)),
        1);
  }
}

NTSTATUS FLTAPI FltInsertExtraCreateParameter(PFLT_FILTER Filter, PECP_LIST EcpList,
                                              PVOID EcpContext) {
  constexpr const char* kApi = "FltInsertExtraCreateParameter";
  if (!fi::CheckCall(Filter, kApi, EcpList) || !fi::LiveList(Filter, EcpList, kApi) ||
      !fi::LiveEcp(Filter, EcpContext, kApi, "EcpContext")) {
    return STATUS_INVALID_PARAMETER;
  }
  return fi::ToNtStatus(ecp::Insert(EcpList, EcpContext));
}

NTSTATUS FLTAPI FltRemoveExtraCreateParameter(PFLT_FILTER Filter, PECP_LIST EcpList,
                                              LPCGUID EcpType, PVOID* EcpContext,
                                              ULONG* EcpContextSize) {
  constexpr const char* kApi = "FltRemoveExtraCreateParameter";
  if (!fi::CheckCall(Filter, kApi, EcpList) || !fi::LiveList(Filter, EcpList, kApi) ||
      !fi::Present(Filter, EcpType, kApi, "EcpType", poolsim::PointerAccess::kRead) ||
      !fi::Present(Filter, EcpContext, kApi, "EcpContext", poolsim::PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  *EcpContext = nullptr;
  uint32_t size = 0;
  const EcpOutcome outcome = ecp::Remove(EcpList, fi::TypeOf(EcpType), EcpContext, &size);
  if (EcpContextSize != nullptr && outcome == EcpOutcome::kSuccess) *EcpContextSize = size;
  return fi::ToNtStatus(outcome);
}

NTSTATUS FLTAPI FltFindExtraCreateParameter(PFLT_FILTER Filter, PECP_LIST EcpList,
                                            LPCGUID EcpType, PVOID* EcpContext,
                                            ULONG* EcpContextSize) {
  constexpr const char* kApi = "FltFindExtraCreateParameter";
  if (!fi::CheckCall(Filter, kApi, EcpList) || !fi::LiveList(Filter, EcpList, kApi) ||
      !fi::Present(Filter, EcpType, kApi, "EcpType", poolsim::PointerAccess::kRead)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (EcpContext != nullptr) *EcpContext = nullptr;
  void* context = nullptr;
  uint32_t size = 0;
  const EcpOutcome outcome = ecp::Find(EcpList, fi::TypeOf(EcpType), &context, &size);
  if (outcome == EcpOutcome::kSuccess) {
    if (EcpContext != nullptr) *EcpContext = context;
    if (EcpContextSize != nullptr) *EcpContextSize = size;
  }
  return fi::ToNtStatus(outcome);
}

NTSTATUS FLTAPI FltGetNextExtraCreateParameter(PFLT_FILTER Filter, PECP_LIST EcpList,
                                               PVOID CurrentEcpContext, LPGUID NextEcpType,
                                               PVOID* NextEcpContext,
                                               PULONG NextEcpContextSize) {
  constexpr const char* kApi = "FltGetNextExtraCreateParameter";
  if (!fi::CheckCall(Filter, kApi, EcpList) || !fi::LiveList(Filter, EcpList, kApi) ||
      (CurrentEcpContext != nullptr &&
       !fi::LiveEcp(Filter, CurrentEcpContext, kApi, "CurrentEcpContext"))) {
    return STATUS_INVALID_PARAMETER;
  }
  if (NextEcpContext != nullptr) *NextEcpContext = nullptr;
  fltctx::EcpType type{};
  void* context = nullptr;
  uint32_t size = 0;
  const EcpOutcome outcome = ecp::Next(EcpList, CurrentEcpContext, &type, &context, &size);
  if (outcome == EcpOutcome::kSuccess) {
    if (NextEcpType != nullptr) std::memcpy(NextEcpType, type.data(), sizeof(GUID));
    if (NextEcpContext != nullptr) *NextEcpContext = context;
    if (NextEcpContextSize != nullptr) *NextEcpContextSize = size;
  }
  return fi::ToNtStatus(outcome);
}

VOID FLTAPI FltAcknowledgeEcp(PFLT_FILTER Filter, PVOID EcpContext) {
  constexpr const char* kApi = "FltAcknowledgeEcp";
  if (!fi::CheckCall(Filter, kApi, EcpContext) ||
      !fi::LiveEcp(Filter, EcpContext, kApi, "EcpContext")) {
    return;
  }
  ecp::Acknowledge(EcpContext);
}

BOOLEAN FLTAPI FltIsEcpAcknowledged(PFLT_FILTER Filter, PVOID EcpContext) {
  constexpr const char* kApi = "FltIsEcpAcknowledged";
  fltctx::EcpFacts facts;
  if (!fi::CheckCall(Filter, kApi, EcpContext) ||
      !fi::LiveEcp(Filter, EcpContext, kApi, "EcpContext") ||
      !ecp::Lookup(EcpContext, &facts)) {
    return FALSE;
  }
  return facts.acknowledged ? TRUE : FALSE;
}

BOOLEAN FLTAPI FltIsEcpFromUserMode(PFLT_FILTER Filter, PVOID EcpContext) {
  constexpr const char* kApi = "FltIsEcpFromUserMode";
  fltctx::EcpFacts facts;
  if (!fi::CheckCall(Filter, kApi, EcpContext) ||
      !fi::LiveEcp(Filter, EcpContext, kApi, "EcpContext") ||
      !ecp::Lookup(EcpContext, &facts)) {
    return FALSE;
  }
  return facts.from_user_mode ? TRUE : FALSE;
}

NTSTATUS FLTAPI FltGetEcpListFromCallbackData(PFLT_FILTER Filter,
                                              PFLT_CALLBACK_DATA CallbackData,
                                              PECP_LIST* EcpList) {
  constexpr const char* kApi = "FltGetEcpListFromCallbackData";
  if (!fi::CheckCall(Filter, kApi, CallbackData) ||
      !fi::Present(Filter, CallbackData, kApi, "CallbackData", poolsim::PointerAccess::kRead) ||
      !fi::Present(Filter, EcpList, kApi, "EcpList", poolsim::PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (Filter == nullptr || !fi::IsIrpCreate(CallbackData)) return STATUS_INVALID_PARAMETER;
  *EcpList = static_cast<PECP_LIST>(ecp::CreateEcpList(CallbackData));
  return STATUS_SUCCESS;
}

NTSTATUS FLTAPI FltSetEcpListIntoCallbackData(PFLT_FILTER Filter,
                                              PFLT_CALLBACK_DATA CallbackData,
                                              PECP_LIST EcpList) {
  constexpr const char* kApi = "FltSetEcpListIntoCallbackData";
  if (!fi::CheckCall(Filter, kApi, CallbackData) ||
      !fi::Present(Filter, CallbackData, kApi, "CallbackData", poolsim::PointerAccess::kRead) ||
      !fi::LiveList(Filter, EcpList, kApi)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (Filter == nullptr) return STATUS_INVALID_PARAMETER;
  if (!fi::IsIrpCreate(CallbackData)) return STATUS_INVALID_PARAMETER_2;
  if (!ecp::SetCreateEcpList(CallbackData, EcpList)) return STATUS_INVALID_PARAMETER_3;
  return STATUS_SUCCESS;
}

}  // extern "C"
