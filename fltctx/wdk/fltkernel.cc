// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/fltkernel.cc
// -----------------------------------------------------------------------------
//
// The WDK-named context functions: argument conversion, one core call, and
// the outcome mapped to NTSTATUS by ntstatus_map.cc. No policy lives here.

#include "fltctx/wdk/fltkernel.h"

#include <cstddef>
#include <memory>
#include <utility>

#include "absl/base/attributes.h"
#include "fltctx/filter_manager.h"
#include "fltctx/ports.h"
#include "fltctx/live_handles.h"
#include "fltctx/race_point.h"
#include "fltctx/wdk/internal/data_scan_sections.h"
#include "fltctx/wdk/internal/bugchecks.h"
#include "fltctx/wdk/internal/handles.h"
#include "fltctx/wdk/internal/operations.h"
#include "fltctx/wdk/ntstatus_map.h"
#include "poolsim/environment.h"
#include "poolsim/pointer_check.h"

using fltctx::ContextTarget;
using fltctx::ContextType;
using fltctx::FilterManager;
using fltctx::fltctx_internal::ToNtStatus;
using fltctx::wdk::RelatedObjects;
using fltctx::wdk::ToCore;
using fltctx::wdk::ToWdk;

// The helpers live in fltctx_internal so reports, which drop the library's own
// frames, start stacks at the Flt* function the driver called.
namespace fltctx {
namespace fltctx_internal {
namespace {

constexpr int kMaxContextRegistrations = 1024;
constexpr int kMaxOperationRegistrations = 1024;

// The FLT_REGISTRATION size each version ends at.
size_t RegistrationSizeFor(USHORT version) {
  switch (version) {
    case FLT_REGISTRATION_VERSION_0200:
      return offsetof(FLT_REGISTRATION, TransactionNotificationCallback);
    case FLT_REGISTRATION_VERSION_0201:
      return offsetof(FLT_REGISTRATION, NormalizeNameComponentExCallback);
    case FLT_REGISTRATION_VERSION_0202:
      return offsetof(FLT_REGISTRATION, SectionNotificationCallback);
    case FLT_REGISTRATION_VERSION_0203:
      return sizeof(FLT_REGISTRATION);
    default:
      return 0;
  }
}

fltctx::FilterRegistration Convert(const FLT_REGISTRATION& r, const std::string& name) {
  fltctx::FilterRegistration out;
  out.name = name;
  if (r.ContextRegistration != nullptr) {
    for (int i = 0; i < kMaxContextRegistrations; ++i) {
      const FLT_CONTEXT_REGISTRATION& c = r.ContextRegistration[i];
      if (c.ContextType == FLT_CONTEXT_END) break;
      fltctx::ContextRegistrationEntry e;
      e.type_bits = c.ContextType;
      e.flags = c.Flags;
      e.size = c.Size;
      e.pool_tag = c.PoolTag;
      e.reserved_nonnull = c.Reserved1 != nullptr;
      if (PFLT_CONTEXT_CLEANUP_CALLBACK cb = c.ContextCleanupCallback) {
        e.cleanup = [cb](void* ctx, ContextType t) { cb(ctx, fltctx::ContextTypeBit(t)); };
        e.cleanup_id = reinterpret_cast<const void*>(cb);
      }
      if (PFLT_CONTEXT_ALLOCATE_CALLBACK cb = c.ContextAllocateCallback) {
        e.allocate = [cb](uint32_t pool_type, size_t bytes, ContextType t) {
          return cb(static_cast<POOL_TYPE>(pool_type), bytes, fltctx::ContextTypeBit(t));
        };
        e.allocate_id = reinterpret_cast<const void*>(cb);
      }
      if (PFLT_CONTEXT_FREE_CALLBACK cb = c.ContextFreeCallback) {
        e.free = [cb](void* block, ContextType t) { cb(block, fltctx::ContextTypeBit(t)); };
        e.free_id = reinterpret_cast<const void*>(cb);
      }
      out.contexts.push_back(std::move(e));
    }
  }
  if (r.OperationRegistration != nullptr) {
    out.operations =
        fltctx::wdk::DecodeOperations(r.OperationRegistration, kMaxOperationRegistrations);
  }
  if (PFLT_INSTANCE_SETUP_CALLBACK cb = r.InstanceSetupCallback) {
    out.callbacks.instance_setup = [cb](fltctx::Instance* i, uint32_t flags) {
      FLT_RELATED_OBJECTS o = RelatedObjects(i, nullptr);
      return NT_SUCCESS(cb(&o, flags, FILE_DEVICE_DISK_FILE_SYSTEM, FLT_FSTYPE_NTFS));
    };
  }
  if (PFLT_INSTANCE_TEARDOWN_CALLBACK cb = r.InstanceTeardownStartCallback) {
    out.callbacks.instance_teardown_start = [cb](fltctx::Instance* i, uint32_t reason) {
      FLT_RELATED_OBJECTS o = RelatedObjects(i, nullptr);
      cb(&o, reason);
    };
  }
  if (PFLT_INSTANCE_TEARDOWN_CALLBACK cb = r.InstanceTeardownCompleteCallback) {
    out.callbacks.instance_teardown_complete = [cb](fltctx::Instance* i, uint32_t reason) {
      FLT_RELATED_OBJECTS o = RelatedObjects(i, nullptr);
      cb(&o, reason);
    };
  }
  if (r.Version >= FLT_REGISTRATION_VERSION_0201) {
    if (PFLT_TRANSACTION_NOTIFICATION_CALLBACK cb = r.TransactionNotificationCallback) {
      out.callbacks.transaction_notification = [cb](fltctx::Instance* i, fltctx::Transaction* tx,
                                                    void* ctx, uint32_t bit) {
        FLT_RELATED_OBJECTS o = RelatedObjects(i, tx);
        cb(&o, ctx, bit);
      };
    }
  }
  return out;
}

poolsim::PoolKind KindOf(POOL_TYPE pool_type) {
  return (static_cast<unsigned>(pool_type) & 1u) ? poolsim::PoolKind::kPaged
                                                 : poolsim::PoolKind::kNonPaged;
}

FilterManager* Manager() { return fltctx::AmbientFilterManager(); }

constexpr poolsim::PointerAccess kRead = poolsim::PointerAccess::kRead;
constexpr poolsim::PointerAccess kWrite = poolsim::PointerAccess::kWrite;

// A NULL pointer the routine dereferences is the access violation Windows
// takes (poolsim/pointer_check.h): reported with the call and the parameter
// named, and the routine returns without touching anything. `depth` is the
// number of library frames between the driver's call and this helper.
ABSL_ATTRIBUTE_NOINLINE bool Present(const void* pointer, const char* api, const char* parameter,
                                     poolsim::PointerAccess access, int depth = 1) {
  return poolsim::CheckPointerArgument(poolsim::Ambient(), pointer, api, parameter, access,
                                       depth + 1);
}

// A handle the routine reads through must be a live object of its kind:
// otherwise the report, and the routine returns (wdk/internal/bugchecks.h).
bool Live(const void* handle, fltctx::HandleKind kind, const char* api, const char* parameter) {
  return CheckLiveHandle(handle, kind, api, parameter, 2);
}

// Another thread's action may land just before the call takes effect:
// announced for the race sweep (fltctx/race_point.h).
void Announce(fltctx::RaceCall call, const char* api, FilterManager* fm,
              const ContextTarget& target, void* context = nullptr) {
  fltctx::RacePoint point;
  point.call = call;
  point.api = api;
  point.manager = fm;
  point.target = target;
  point.context = context;
  fltctx::AnnounceRacyCall(point);
}

NTSTATUS SetOn(const ContextTarget& target, FilterManager* fm, FLT_SET_CONTEXT_OPERATION op,
               PFLT_CONTEXT new_context, PFLT_CONTEXT* old_context, const char* api) {
  if (old_context != nullptr) *old_context = NULL_CONTEXT;
  if (fm == nullptr || (op != FLT_SET_CONTEXT_REPLACE_IF_EXISTS &&
                        op != FLT_SET_CONTEXT_KEEP_IF_EXISTS)) {
    return ToNtStatus(fltctx::SetOutcome::kInvalidParameter);
  }
  Announce(fltctx::RaceCall::kSetContext, api, fm, target, new_context);
  fltctx::SetResult r =
      fm->Set(target, new_context,
              op == FLT_SET_CONTEXT_KEEP_IF_EXISTS ? fltctx::SetMode::kKeepIfExists
                                                   : fltctx::SetMode::kReplaceIfExists,
              old_context != nullptr);
  if (old_context != nullptr) *old_context = r.previous.TransferToCaller();
  return ToNtStatus(r.outcome);
}

NTSTATUS GetOn(const ContextTarget& target, FilterManager* fm, PFLT_CONTEXT* context,
               const char* api) {
  if (!Present(context, api, "Context", kWrite, 2)) return STATUS_INVALID_PARAMETER;
  *context = NULL_CONTEXT;
  if (fm == nullptr) return ToNtStatus(fltctx::GetOutcome::kNotFound);
  Announce(fltctx::RaceCall::kGetContext, api, fm, target);
  fltctx::GetResult r = fm->Get(target);
  if (r.context) Announce(fltctx::RaceCall::kContextReturned, api, fm, target, r.context.get());
  *context = r.context.TransferToCaller();
  return ToNtStatus(r.outcome);
}

NTSTATUS DeleteOn(const ContextTarget& target, FilterManager* fm, PFLT_CONTEXT* old_context,
                  const char* api) {
  if (old_context != nullptr) *old_context = NULL_CONTEXT;
  if (fm == nullptr) return ToNtStatus(fltctx::DeleteOutcome::kNotFound);
  Announce(fltctx::RaceCall::kDeleteContext, api, fm, target);
  fltctx::DeleteResult r = fm->Delete(target, old_context != nullptr);
  if (old_context != nullptr) *old_context = r.previous.TransferToCaller();
  return ToNtStatus(r.outcome);
}

FilterManager* ManagerOfInstance(PFLT_INSTANCE instance) {
  return instance == nullptr ? nullptr : FilterManager::ManagerOf(ToCore(instance));
}

}  // namespace
}  // namespace fltctx_internal
}  // namespace fltctx

using fltctx::fltctx_internal::Announce;
using fltctx::fltctx_internal::Convert;
using fltctx::fltctx_internal::DeleteOn;
using fltctx::fltctx_internal::GetOn;
using fltctx::fltctx_internal::KindOf;
using fltctx::fltctx_internal::Manager;
using fltctx::fltctx_internal::ManagerOfInstance;
using fltctx::fltctx_internal::Live;
using fltctx::fltctx_internal::Present;
using fltctx::fltctx_internal::kRead;
using fltctx::fltctx_internal::kWrite;
using fltctx::fltctx_internal::RegistrationSizeFor;
using fltctx::fltctx_internal::SetOn;

extern "C" {

NTSTATUS FLTAPI FltRegisterFilter(PDRIVER_OBJECT Driver, const FLT_REGISTRATION* Registration,
                                  PFLT_FILTER* RetFilter) {
  if (RetFilter != nullptr) *RetFilter = nullptr;
  FilterManager* fm = Manager();
  if (fm == nullptr) return ToNtStatus(fltctx::RegisterOutcome::kNotInitialized);
  if (Registration == nullptr || RetFilter == nullptr) {
    return ToNtStatus(fltctx::RegisterOutcome::kInvalidParameter);
  }
  size_t expected = RegistrationSizeFor(Registration->Version);
  if (expected == 0 || Registration->Size < expected) {
    return ToNtStatus(fltctx::RegisterOutcome::kInvalidParameter);
  }
  (void)Driver;
  fltctx::Filter* filter = nullptr;
  fltctx::RegisterOutcome outcome =
      fm->RegisterFilter(Convert(*Registration, fm->environment().options().driver_name), &filter);
  *RetFilter = filter == nullptr ? nullptr : ToWdk(filter);
  return ToNtStatus(outcome);
}

NTSTATUS FLTAPI FltStartFiltering(PFLT_FILTER Filter) {
  if (!Live(Filter, fltctx::HandleKind::kFilter, "FltStartFiltering", "Filter")) {
    return STATUS_INVALID_PARAMETER;
  }
  if (Filter == nullptr) return ToNtStatus(fltctx::StartOutcome::kInvalidParameter);
  return ToNtStatus(fltctx::wdk::ManagerOf(Filter).StartFiltering(ToCore(Filter)));
}

VOID FLTAPI FltUnregisterFilter(PFLT_FILTER Filter) {
  if (!Live(Filter, fltctx::HandleKind::kFilter, "FltUnregisterFilter", "Filter")) {
    return;
  }
  if (Filter == nullptr) return;
  // The filter manager disconnects the filter's clients first (ports.h).
  fltctx::ports::FilterUnloading(Filter);
  fltctx::wdk::ManagerOf(Filter).UnregisterFilter(ToCore(Filter));
}

NTSTATUS FLTAPI FltAllocateContext(PFLT_FILTER Filter, FLT_CONTEXT_TYPE ContextType,
                                   SIZE_T ContextSize, POOL_TYPE PoolType,
                                   PFLT_CONTEXT* ReturnedContext) {
  if (!Live(Filter, fltctx::HandleKind::kFilter, "FltAllocateContext", "Filter")) {
    return STATUS_INVALID_PARAMETER;
  }
  if (!Present(ReturnedContext, "FltAllocateContext", "ReturnedContext", kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  *ReturnedContext = NULL_CONTEXT;
  if (Filter == nullptr) return ToNtStatus(fltctx::AllocateOutcome::kFilterDeleting);
  fltctx::AllocateResult r = fltctx::wdk::ManagerOf(Filter).AllocateRaw(
      ToCore(Filter), ContextType, ContextSize, KindOf(PoolType),
      static_cast<uint32_t>(PoolType));
  *ReturnedContext = r.context.TransferToCaller();
  return ToNtStatus(r.outcome);
}

NTSTATUS FLTAPI FltSetVolumeContext(PFLT_VOLUME Volume, FLT_SET_CONTEXT_OPERATION Operation,
                                    PFLT_CONTEXT NewContext, PFLT_CONTEXT* OldContext) {
  if (!Live(Volume, fltctx::HandleKind::kVolume, "FltSetVolumeContext", "Volume")) {
    return STATUS_INVALID_PARAMETER;
  }
  FilterManager* fm = Volume == nullptr ? nullptr : FilterManager::ManagerOf(ToCore(Volume));
  return SetOn(ContextTarget::VolumeOf(nullptr, ToCore(Volume)), fm, Operation, NewContext,
               OldContext,
               "FltSetVolumeContext");
}

NTSTATUS FLTAPI FltSetInstanceContext(PFLT_INSTANCE Instance,
                                      FLT_SET_CONTEXT_OPERATION Operation,
                                      PFLT_CONTEXT NewContext, PFLT_CONTEXT* OldContext) {
  if (!Live(Instance, fltctx::HandleKind::kInstance, "FltSetInstanceContext", "Instance")) {
    return STATUS_INVALID_PARAMETER;
  }
  return SetOn(ContextTarget::InstanceOf(ToCore(Instance)), ManagerOfInstance(Instance),
               Operation, NewContext, OldContext,
               "FltSetInstanceContext");
}

NTSTATUS FLTAPI FltSetFileContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                  FLT_SET_CONTEXT_OPERATION Operation,
                                  PFLT_CONTEXT NewContext, PFLT_CONTEXT* OldContext) {
  if (!Live(Instance, fltctx::HandleKind::kInstance, "FltSetFileContext", "Instance") ||
      !Live(FileObject, fltctx::HandleKind::kWdkFileObject, "FltSetFileContext", "FileObject")) {
    return STATUS_INVALID_PARAMETER;
  }
  return SetOn(ContextTarget::OnFileObject(ContextType::kFile, ToCore(Instance), ToCore(FileObject)),
               ManagerOfInstance(Instance), Operation, NewContext, OldContext,
               "FltSetFileContext");
}

NTSTATUS FLTAPI FltSetStreamContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                    FLT_SET_CONTEXT_OPERATION Operation,
                                    PFLT_CONTEXT NewContext, PFLT_CONTEXT* OldContext) {
  if (!Live(Instance, fltctx::HandleKind::kInstance, "FltSetStreamContext", "Instance") ||
      !Live(FileObject, fltctx::HandleKind::kWdkFileObject, "FltSetStreamContext", "FileObject")) {
    return STATUS_INVALID_PARAMETER;
  }
  return SetOn(
      ContextTarget::OnFileObject(ContextType::kStream, ToCore(Instance), ToCore(FileObject)),
      ManagerOfInstance(Instance), Operation, NewContext, OldContext,
               "FltSetStreamContext");
}

NTSTATUS FLTAPI FltSetStreamHandleContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                          FLT_SET_CONTEXT_OPERATION Operation,
                                          PFLT_CONTEXT NewContext,
                                          PFLT_CONTEXT* OldContext) {
  if (!Live(Instance, fltctx::HandleKind::kInstance, "FltSetStreamHandleContext", "Instance") ||
      !Live(FileObject, fltctx::HandleKind::kWdkFileObject, "FltSetStreamHandleContext", "FileObject")) {
    return STATUS_INVALID_PARAMETER;
  }
  return SetOn(
      ContextTarget::OnFileObject(ContextType::kStreamHandle, ToCore(Instance), ToCore(FileObject)),
      ManagerOfInstance(Instance), Operation, NewContext, OldContext,
               "FltSetStreamHandleContext");
}

NTSTATUS FLTAPI FltSetTransactionContext(PFLT_INSTANCE Instance, PKTRANSACTION Transaction,
                                         FLT_SET_CONTEXT_OPERATION Operation,
                                         PFLT_CONTEXT NewContext, PFLT_CONTEXT* OldContext) {
  if (!Live(Instance, fltctx::HandleKind::kInstance, "FltSetTransactionContext", "Instance") ||
      !Live(Transaction, fltctx::HandleKind::kTransaction, "FltSetTransactionContext", "Transaction")) {
    return STATUS_INVALID_PARAMETER;
  }
  return SetOn(ContextTarget::TransactionOf(ToCore(Instance), ToCore(Transaction)),
               ManagerOfInstance(Instance), Operation, NewContext, OldContext,
               "FltSetTransactionContext");
}

NTSTATUS FLTAPI FltGetVolumeContext(PFLT_FILTER Filter, PFLT_VOLUME Volume,
                                    PFLT_CONTEXT* Context) {
  if (!Live(Filter, fltctx::HandleKind::kFilter, "FltGetVolumeContext", "Filter") ||
      !Live(Volume, fltctx::HandleKind::kVolume, "FltGetVolumeContext", "Volume")) {
    return STATUS_INVALID_PARAMETER;
  }
  FilterManager* fm = Filter == nullptr ? nullptr : &fltctx::wdk::ManagerOf(Filter);
  return GetOn(ContextTarget::VolumeOf(ToCore(Filter), ToCore(Volume)), fm, Context,
               "FltGetVolumeContext");
}

NTSTATUS FLTAPI FltGetInstanceContext(PFLT_INSTANCE Instance, PFLT_CONTEXT* Context) {
  if (!Live(Instance, fltctx::HandleKind::kInstance, "FltGetInstanceContext", "Instance")) {
    return STATUS_INVALID_PARAMETER;
  }
  return GetOn(ContextTarget::InstanceOf(ToCore(Instance)), ManagerOfInstance(Instance), Context,
               "FltGetInstanceContext");
}

NTSTATUS FLTAPI FltGetFileContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                  PFLT_CONTEXT* Context) {
  if (!Live(Instance, fltctx::HandleKind::kInstance, "FltGetFileContext", "Instance") ||
      !Live(FileObject, fltctx::HandleKind::kWdkFileObject, "FltGetFileContext", "FileObject")) {
    return STATUS_INVALID_PARAMETER;
  }
  return GetOn(ContextTarget::OnFileObject(ContextType::kFile, ToCore(Instance), ToCore(FileObject)),
               ManagerOfInstance(Instance), Context,
               "FltGetFileContext");
}

NTSTATUS FLTAPI FltGetStreamContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                    PFLT_CONTEXT* Context) {
  if (!Live(Instance, fltctx::HandleKind::kInstance, "FltGetStreamContext", "Instance") ||
      !Live(FileObject, fltctx::HandleKind::kWdkFileObject, "FltGetStreamContext", "FileObject")) {
    return STATUS_INVALID_PARAMETER;
  }
  return GetOn(
      ContextTarget::OnFileObject(ContextType::kStream, ToCore(Instance), ToCore(FileObject)),
      ManagerOfInstance(Instance), Context,
               "FltGetStreamContext");
}

NTSTATUS FLTAPI FltGetStreamHandleContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                          PFLT_CONTEXT* Context) {
  if (!Live(Instance, fltctx::HandleKind::kInstance, "FltGetStreamHandleContext", "Instance") ||
      !Live(FileObject, fltctx::HandleKind::kWdkFileObject, "FltGetStreamHandleContext", "FileObject")) {
    return STATUS_INVALID_PARAMETER;
  }
  return GetOn(
      ContextTarget::OnFileObject(ContextType::kStreamHandle, ToCore(Instance), ToCore(FileObject)),
      ManagerOfInstance(Instance), Context,
               "FltGetStreamHandleContext");
}

NTSTATUS FLTAPI FltGetTransactionContext(PFLT_INSTANCE Instance, PKTRANSACTION Transaction,
                                         PFLT_CONTEXT* Context) {
  if (!Live(Instance, fltctx::HandleKind::kInstance, "FltGetTransactionContext", "Instance") ||
      !Live(Transaction, fltctx::HandleKind::kTransaction, "FltGetTransactionContext", "Transaction")) {
    return STATUS_INVALID_PARAMETER;
  }
  return GetOn(ContextTarget::TransactionOf(ToCore(Instance), ToCore(Transaction)),
               ManagerOfInstance(Instance), Context,
               "FltGetTransactionContext");
}

NTSTATUS FLTAPI FltGetSectionContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                     PFLT_CONTEXT* Context) {
  if (!Live(Instance, fltctx::HandleKind::kInstance, "FltGetSectionContext", "Instance") ||
      !Live(FileObject, fltctx::HandleKind::kWdkFileObject, "FltGetSectionContext", "FileObject")) {
    return STATUS_INVALID_PARAMETER;
  }
  return GetOn(
      ContextTarget::OnFileObject(ContextType::kSection, ToCore(Instance), ToCore(FileObject)),
      ManagerOfInstance(Instance), Context,
               "FltGetSectionContext");
}

NTSTATUS FLTAPI FltDeleteVolumeContext(PFLT_FILTER Filter, PFLT_VOLUME Volume,
                                       PFLT_CONTEXT* OldContext) {
  if (!Live(Filter, fltctx::HandleKind::kFilter, "FltDeleteVolumeContext", "Filter") ||
      !Live(Volume, fltctx::HandleKind::kVolume, "FltDeleteVolumeContext", "Volume")) {
    return STATUS_INVALID_PARAMETER;
  }
  FilterManager* fm = Filter == nullptr ? nullptr : &fltctx::wdk::ManagerOf(Filter);
  return DeleteOn(ContextTarget::VolumeOf(ToCore(Filter), ToCore(Volume)), fm, OldContext,
               "FltDeleteInstanceContext");
}

NTSTATUS FLTAPI FltDeleteInstanceContext(PFLT_INSTANCE Instance, PFLT_CONTEXT* OldContext) {
  if (!Live(Instance, fltctx::HandleKind::kInstance, "FltDeleteInstanceContext", "Instance")) {
    return STATUS_INVALID_PARAMETER;
  }
  return DeleteOn(ContextTarget::InstanceOf(ToCore(Instance)), ManagerOfInstance(Instance),
                  OldContext,
               "FltDeleteFileContext");
}

NTSTATUS FLTAPI FltDeleteFileContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                     PFLT_CONTEXT* OldContext) {
  if (!Live(Instance, fltctx::HandleKind::kInstance, "FltDeleteFileContext", "Instance") ||
      !Live(FileObject, fltctx::HandleKind::kWdkFileObject, "FltDeleteFileContext", "FileObject")) {
    return STATUS_INVALID_PARAMETER;
  }
  return DeleteOn(
      ContextTarget::OnFileObject(ContextType::kFile, ToCore(Instance), ToCore(FileObject)),
      ManagerOfInstance(Instance), OldContext,
               "FltDeleteStreamContext");
}

NTSTATUS FLTAPI FltDeleteStreamContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                       PFLT_CONTEXT* OldContext) {
  if (!Live(Instance, fltctx::HandleKind::kInstance, "FltDeleteStreamContext", "Instance") ||
      !Live(FileObject, fltctx::HandleKind::kWdkFileObject, "FltDeleteStreamContext", "FileObject")) {
    return STATUS_INVALID_PARAMETER;
  }
  return DeleteOn(
      ContextTarget::OnFileObject(ContextType::kStream, ToCore(Instance), ToCore(FileObject)),
      ManagerOfInstance(Instance), OldContext,
               "FltDeleteStreamHandleContext");
}

NTSTATUS FLTAPI FltDeleteStreamHandleContext(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                             PFLT_CONTEXT* OldContext) {
  if (!Live(Instance, fltctx::HandleKind::kInstance, "FltDeleteStreamHandleContext", "Instance") ||
      !Live(FileObject, fltctx::HandleKind::kWdkFileObject, "FltDeleteStreamHandleContext", "FileObject")) {
    return STATUS_INVALID_PARAMETER;
  }
  return DeleteOn(
      ContextTarget::OnFileObject(ContextType::kStreamHandle, ToCore(Instance), ToCore(FileObject)),
      ManagerOfInstance(Instance), OldContext,
               "FltDeleteTransactionContext");
}

NTSTATUS FLTAPI FltDeleteTransactionContext(PFLT_INSTANCE Instance, PKTRANSACTION Transaction,
                                            PFLT_CONTEXT* OldContext) {
  if (!Live(Instance, fltctx::HandleKind::kInstance, "FltDeleteTransactionContext", "Instance") ||
      !Live(Transaction, fltctx::HandleKind::kTransaction, "FltDeleteTransactionContext", "Transaction")) {
    return STATUS_INVALID_PARAMETER;
  }
  return DeleteOn(ContextTarget::TransactionOf(ToCore(Instance), ToCore(Transaction)),
                  ManagerOfInstance(Instance), OldContext,
               "FltDeleteContext");
}

VOID FLTAPI FltDeleteContext(PFLT_CONTEXT Context) {
  FilterManager* fm = Manager();
  if (fm == nullptr) return;
  Announce(fltctx::RaceCall::kDeleteByPointer, "FltDeleteContext", fm, {}, Context);
  fm->DeleteContext(Context);
}

VOID FLTAPI FltReferenceContext(PFLT_CONTEXT Context) {
  FilterManager* fm = Manager();
  if (fm == nullptr) return;
  Announce(fltctx::RaceCall::kReferenceContext, "FltReferenceContext", fm, {}, Context);
  fm->Reference(Context);
}

VOID FLTAPI FltReleaseContext(PFLT_CONTEXT Context) {
  FilterManager* fm = Manager();
  if (fm == nullptr) return;
  Announce(fltctx::RaceCall::kReleaseContext, "FltReleaseContext", fm, {}, Context);
  fm->Release(Context);
}

VOID FLTAPI FltGetContexts(PCFLT_RELATED_OBJECTS FltObjects, FLT_CONTEXT_TYPE DesiredContexts,
                           PFLT_RELATED_CONTEXTS Contexts) {
  if (!Present(FltObjects, "FltGetContexts", "FltObjects", kRead) ||
      !Present(Contexts, "FltGetContexts", "Contexts", kWrite)) {
    return;
  }
  if (!Live(FltObjects->Filter, fltctx::HandleKind::kFilter, "FltGetContexts", "FltObjects->Filter") ||
      !Live(FltObjects->Volume, fltctx::HandleKind::kVolume, "FltGetContexts", "FltObjects->Volume") ||
      !Live(FltObjects->Instance, fltctx::HandleKind::kInstance, "FltGetContexts", "FltObjects->Instance") ||
      !Live(FltObjects->FileObject, fltctx::HandleKind::kWdkFileObject, "FltGetContexts",
            "FltObjects->FileObject") ||
      !Live(FltObjects->Transaction, fltctx::HandleKind::kTransaction, "FltGetContexts",
            "FltObjects->Transaction")) {
    return;
  }
  void* out[fltctx::kContextTypeCount] = {};
  FilterManager* fm = FltObjects->Instance != nullptr ? ManagerOfInstance(FltObjects->Instance)
                      : FltObjects->Filter != nullptr
                          ? &fltctx::wdk::ManagerOf(FltObjects->Filter)
                          : nullptr;
  if (fm != nullptr) {
    fm->GetContexts(ToCore(FltObjects->Filter), ToCore(FltObjects->Volume),
                    ToCore(FltObjects->Instance), ToCore(FltObjects->FileObject),
                    ToCore(FltObjects->Transaction), DesiredContexts,
                    /*include_section=*/false, out);
  }
  Contexts->VolumeContext = out[0];
  Contexts->InstanceContext = out[1];
  Contexts->FileContext = out[2];
  Contexts->StreamContext = out[3];
  Contexts->StreamHandleContext = out[4];
  Contexts->TransactionContext = out[5];
}

NTSTATUS FLTAPI FltGetContextsEx(PCFLT_RELATED_OBJECTS FltObjects,
                                 FLT_CONTEXT_TYPE DesiredContexts, SIZE_T ContextsSize,
                                 PFLT_RELATED_CONTEXTS_EX Contexts) {
  if (!Present(FltObjects, "FltGetContextsEx", "FltObjects", kRead) ||
      !Present(Contexts, "FltGetContextsEx", "Contexts", kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (!Live(FltObjects->Filter, fltctx::HandleKind::kFilter, "FltGetContextsEx", "FltObjects->Filter") ||
      !Live(FltObjects->Volume, fltctx::HandleKind::kVolume, "FltGetContextsEx", "FltObjects->Volume") ||
      !Live(FltObjects->Instance, fltctx::HandleKind::kInstance, "FltGetContextsEx", "FltObjects->Instance") ||
      !Live(FltObjects->FileObject, fltctx::HandleKind::kWdkFileObject, "FltGetContextsEx",
            "FltObjects->FileObject") ||
      !Live(FltObjects->Transaction, fltctx::HandleKind::kTransaction, "FltGetContextsEx",
            "FltObjects->Transaction")) {
    return STATUS_INVALID_PARAMETER;
  }
  if (ContextsSize < sizeof(FLT_RELATED_CONTEXTS_EX)) {
    return ToNtStatus(fltctx::GetContextsOutcome::kInvalidParameter);
  }
  void* out[fltctx::kContextTypeCount] = {};
  FilterManager* fm = FltObjects->Instance != nullptr ? ManagerOfInstance(FltObjects->Instance)
                      : FltObjects->Filter != nullptr
                          ? &fltctx::wdk::ManagerOf(FltObjects->Filter)
                          : nullptr;
  fltctx::GetContextsOutcome outcome = fltctx::GetContextsOutcome::kOk;
  if (fm != nullptr) {
    outcome = fm->GetContexts(ToCore(FltObjects->Filter), ToCore(FltObjects->Volume),
                              ToCore(FltObjects->Instance), ToCore(FltObjects->FileObject),
                              ToCore(FltObjects->Transaction), DesiredContexts,
                              /*include_section=*/true, out);
  }
  Contexts->VolumeContext = out[0];
  Contexts->InstanceContext = out[1];
  Contexts->FileContext = out[2];
  Contexts->StreamContext = out[3];
  Contexts->StreamHandleContext = out[4];
  Contexts->TransactionContext = out[5];
  Contexts->SectionContext = out[6];
  return ToNtStatus(outcome);
}

VOID FLTAPI FltReleaseContexts(PFLT_RELATED_CONTEXTS Contexts) {
  if (!Present(Contexts, "FltReleaseContexts", "Contexts", kWrite)) return;
  void* all[6] = {Contexts->VolumeContext,       Contexts->InstanceContext,
                  Contexts->FileContext,         Contexts->StreamContext,
                  Contexts->StreamHandleContext, Contexts->TransactionContext};
  if (FilterManager* fm = Manager()) fm->ReleaseContexts(all, 6);
  Contexts->VolumeContext = all[0];
  Contexts->InstanceContext = all[1];
  Contexts->FileContext = all[2];
  Contexts->StreamContext = all[3];
  Contexts->StreamHandleContext = all[4];
  Contexts->TransactionContext = all[5];
}

VOID FLTAPI FltReleaseContextsEx(SIZE_T ContextsSize, PFLT_RELATED_CONTEXTS_EX Contexts) {
  if (!Present(Contexts, "FltReleaseContextsEx", "Contexts", kWrite)) return;
  if (ContextsSize < sizeof(FLT_RELATED_CONTEXTS_EX)) return;
  void* all[7] = {Contexts->VolumeContext,       Contexts->InstanceContext,
                  Contexts->FileContext,         Contexts->StreamContext,
                  Contexts->StreamHandleContext, Contexts->TransactionContext,
                  Contexts->SectionContext};
  if (FilterManager* fm = Manager()) fm->ReleaseContexts(all, 7);
  Contexts->VolumeContext = all[0];
  Contexts->InstanceContext = all[1];
  Contexts->FileContext = all[2];
  Contexts->StreamContext = all[3];
  Contexts->StreamHandleContext = all[4];
  Contexts->TransactionContext = all[5];
  Contexts->SectionContext = all[6];
}

BOOLEAN FLTAPI FltSupportsStreamContexts(PFILE_OBJECT FileObject) {
  if (!Live(FileObject, fltctx::HandleKind::kWdkFileObject, "FltSupportsStreamContexts", "FileObject")) {
    return FALSE;
  }
  if (FileObject == nullptr) return FALSE;
  fltctx::FileObject* fo = ToCore(FileObject);
  return FilterManager::ManagerOf(fo)->SupportsStreamContexts(fo) ? TRUE : FALSE;
}

BOOLEAN FLTAPI FltSupportsStreamHandleContexts(PFILE_OBJECT FileObject) {
  if (!Live(FileObject, fltctx::HandleKind::kWdkFileObject, "FltSupportsStreamHandleContexts", "FileObject")) {
    return FALSE;
  }
  if (FileObject == nullptr) return FALSE;
  fltctx::FileObject* fo = ToCore(FileObject);
  return FilterManager::ManagerOf(fo)->SupportsStreamHandleContexts(fo) ? TRUE : FALSE;
}

BOOLEAN FLTAPI FltSupportsFileContexts(PFILE_OBJECT FileObject) {
  if (!Live(FileObject, fltctx::HandleKind::kWdkFileObject, "FltSupportsFileContexts", "FileObject")) {
    return FALSE;
  }
  if (FileObject == nullptr) return FALSE;
  fltctx::FileObject* fo = ToCore(FileObject);
  return FilterManager::ManagerOf(fo)->SupportsFileContexts(fo) ? TRUE : FALSE;
}

BOOLEAN FLTAPI FltSupportsFileContextsEx(PFILE_OBJECT FileObject, PFLT_INSTANCE Instance) {
  if (!Live(FileObject, fltctx::HandleKind::kWdkFileObject, "FltSupportsFileContextsEx", "FileObject") ||
      !Live(Instance, fltctx::HandleKind::kInstance, "FltSupportsFileContextsEx", "Instance")) {
    return FALSE;
  }
  if (FileObject == nullptr) return FALSE;
  fltctx::FileObject* fo = ToCore(FileObject);
  return FilterManager::ManagerOf(fo)->SupportsFileContextsEx(fo, ToCore(Instance)) ? TRUE
                                                                                      : FALSE;
}

NTSTATUS FLTAPI FltRegisterForDataScan(PFLT_INSTANCE Instance) {
  if (!Live(Instance, fltctx::HandleKind::kInstance, "FltRegisterForDataScan", "Instance")) {
    return STATUS_INVALID_PARAMETER;
  }
  if (Instance == nullptr) return ToNtStatus(fltctx::DataScanOutcome::kNotSupported);
  return ToNtStatus(ManagerOfInstance(Instance)->RegisterForDataScan(ToCore(Instance)));
}

NTSTATUS FLTAPI FltCreateSectionForDataScan(
    PFLT_INSTANCE Instance, PFILE_OBJECT FileObject, PFLT_CONTEXT SectionContext,
    ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
    PLARGE_INTEGER MaximumSize, ULONG SectionPageProtection, ULONG AllocationAttributes,
    ULONG Flags, PHANDLE SectionHandle, PVOID* SectionObject, PLARGE_INTEGER SectionFileSize) {
  if (!Live(Instance, fltctx::HandleKind::kInstance, "FltCreateSectionForDataScan", "Instance") ||
      !Live(FileObject, fltctx::HandleKind::kWdkFileObject, "FltCreateSectionForDataScan", "FileObject")) {
    return STATUS_INVALID_PARAMETER;
  }
  (void)DesiredAccess;
  (void)ObjectAttributes;
  (void)MaximumSize;
  (void)SectionPageProtection;
  (void)AllocationAttributes;
  (void)Flags;
  if (SectionHandle != nullptr) *SectionHandle = nullptr;
  if (SectionObject != nullptr) *SectionObject = nullptr;
  if (Instance == nullptr) return ToNtStatus(fltctx::CreateSectionOutcome::kInvalidParameter);
  // The file's size now, as the file system reports it; a simulation-only
  // volume (no file system) keeps the stream's configured size.
  LONGLONG file_size = -1;
  if (poolsim::CurrentIrql() <= poolsim::kApcLevel &&
      fltctx::fltctx_internal::QueryDataScanFileSize(Instance, FileObject, &file_size) !=
          STATUS_SUCCESS) {
    file_size = -1;
  }
  uint64_t token = 0;
  fltctx::CreateSectionOutcome outcome = ManagerOfInstance(Instance)->CreateSectionForDataScan(
      ToCore(Instance), ToCore(FileObject), SectionContext, &token, file_size);
  if (outcome == fltctx::CreateSectionOutcome::kCreated) {
    // Simulated: unique, non-null tokens, not real handles or objects.
    if (SectionHandle != nullptr) *SectionHandle = reinterpret_cast<HANDLE>(token * 4);
    // What ZwMapViewOfSection maps (fltctx/wdk/issued_sections.cc).
    fltctx::fltctx_internal::RecordDataScanSection(reinterpret_cast<HANDLE>(token * 4),
                                                   {Instance, FileObject, SectionContext});
    if (SectionObject != nullptr) *SectionObject = reinterpret_cast<PVOID>(token * 16);
    if (SectionFileSize != nullptr) SectionFileSize->QuadPart = file_size < 0 ? 0 : file_size;
  }
  return ToNtStatus(outcome);
}

NTSTATUS FLTAPI FltCloseSectionForDataScan(PFLT_CONTEXT SectionContext) {
  FilterManager* fm = Manager();
  if (fm == nullptr) return ToNtStatus(fltctx::CloseSectionOutcome::kNeverCreated);
  const fltctx::CloseSectionOutcome outcome = fm->CloseSectionForDataScan(SectionContext);
  if (outcome == fltctx::CloseSectionOutcome::kClosed) {
    fltctx::fltctx_internal::ForgetDataScanSection(SectionContext);
  }
  return ToNtStatus(outcome);
}

NTSTATUS FLTAPI FltEnlistInTransaction(PFLT_INSTANCE Instance, PKTRANSACTION Transaction,
                                       PFLT_CONTEXT TransactionContext,
                                       ULONG NotificationMask) {
  if (!Live(Instance, fltctx::HandleKind::kInstance, "FltEnlistInTransaction", "Instance") ||
      !Live(Transaction, fltctx::HandleKind::kTransaction, "FltEnlistInTransaction", "Transaction")) {
    return STATUS_INVALID_PARAMETER;
  }
  if (Instance == nullptr) return ToNtStatus(fltctx::EnlistOutcome::kInvalidParameter);
  return ToNtStatus(ManagerOfInstance(Instance)->EnlistInTransaction(
      ToCore(Instance), ToCore(Transaction), TransactionContext, NotificationMask));
}

VOID FLTAPI FltSetCallbackDataDirty(PFLT_CALLBACK_DATA Data) {
  if (!Present(Data, "FltSetCallbackDataDirty", "Data", kWrite)) return;
  Data->Flags |= FLTFL_CALLBACK_DATA_DIRTY;
}

VOID FLTAPI FltClearCallbackDataDirty(PFLT_CALLBACK_DATA Data) {
  if (!Present(Data, "FltClearCallbackDataDirty", "Data", kWrite)) return;
  Data->Flags &= ~static_cast<FLT_CALLBACK_DATA_FLAGS>(FLTFL_CALLBACK_DATA_DIRTY);
}

BOOLEAN FLTAPI FltIsCallbackDataDirty(PFLT_CALLBACK_DATA Data) {
  if (!Present(Data, "FltIsCallbackDataDirty", "Data", kRead)) return FALSE;
  return (Data->Flags & FLTFL_CALLBACK_DATA_DIRTY) != 0 ? TRUE : FALSE;
}

VOID FLTAPI FltCompletePendedPreOperation(PFLT_CALLBACK_DATA CallbackData,
                                          FLT_PREOP_CALLBACK_STATUS CallbackStatus,
                                          PVOID Context) {
  if (!Present(CallbackData, "FltCompletePendedPreOperation", "CallbackData", kRead)) return;
  if (fltctx::wdk::CompletePended(CallbackData, CallbackStatus, Context)) return;
  fltctx::FilterManager* fm = fltctx::AmbientFilterManager();
  if (fm == nullptr) return;
  fltctx::fltctx_internal::RaiseCompleteNotPended(
      *fm, CallbackData, static_cast<uint64_t>(CallbackStatus), 0,
      "FltCompletePendedPreOperation on callback data whose operation is not pended (never "
      "pended, or already completed); ignored");
}

}  // extern "C"
