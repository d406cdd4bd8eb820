// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/ports.cc
// -----------------------------------------------------------------------------
//
// The WDK-named communication-port functions (compat layer): argument checks
// in the documented order, one core call (fltctx/ports.h), the outcome
// mapped to its NTSTATUS. The rules are in docs/ports-and-ecps.md.

#include "fltctx/wdk/ports.h"

#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>

#include "absl/strings/str_format.h"
#include "fltctx/filter_manager.h"
#include "fltctx/live_handles.h"
#include "fltctx/ports.h"
#include "fltctx/ports_bugcheck_rules.h"
#include "fltctx/wdk/internal/bugchecks.h"
#include "fltctx/wdk/internal/handles.h"
#include "poolsim/environment.h"
#include "poolsim/irql.h"
#include "poolsim/pointer_check.h"

namespace fltctx {
namespace fltctx_internal {
namespace {

// 'FMsd': the security descriptors FltBuildDefaultSecurityDescriptor makes.
constexpr uint32_t kSecurityDescriptorTag = 0x64734d46;
constexpr size_t kSecurityDescriptorBytes = 20;  // a self-relative header, no ACLs
constexpr int64_t kEpoch1601To1970 = 116444736000000000LL;  // 100 ns units

poolsim::Environment& EnvOf(PFLT_FILTER filter) {
  FilterManager* fm = filter == nullptr ? nullptr : FilterManager::ManagerOf(wdk::ToCore(filter));
  return fm != nullptr ? fm->environment() : poolsim::Ambient();
}

// IRQL_NOT_LESS_OR_EQUAL above `max`; returns false after raising.
bool CheckPortIrql(poolsim::Environment& env, const char* api, const void* object,
                   poolsim::Irql max) {
  const poolsim::Irql irql = poolsim::CurrentIrql();
  if (irql <= max) return true;
  env.RaiseBugCheck(
      poolsim::MakeBugCheck(bugcheck_rule::kPortIrqlTooHigh,
                            {reinterpret_cast<uintptr_t>(object), irql, 0, 0},
                            absl::StrFormat("%s called at IRQL %d (the highest it allows is %d)",
                                            api, irql, max)),
      2);
  return false;
}

// fltctx.ports.not_a_port: `port` is not a live port of the kind `api` takes.
void RaiseNotAPort(poolsim::Environment& env, const void* port, const char* api,
                   const char* parameter, const char* kind) {
  env.RaiseBugCheck(
      poolsim::MakeBugCheck(
          bugcheck_rule::kNotAPort, {0, 0, reinterpret_cast<uintptr_t>(port)},
          absl::StrFormat("%s: %s %p is not a live %s port (never returned, of the other kind, "
                          "or already closed)",
                          api, parameter, port, kind)),
      2);
}

bool Present(poolsim::Environment& env, const void* p, const char* api, const char* parameter,
             poolsim::PointerAccess access) {
  return poolsim::CheckPointerArgument(env, p, api, parameter, access, 2);
}

NTSTATUS ToNtStatus(PortOutcome outcome) {
  switch (outcome) {
    case PortOutcome::kSuccess:
      return STATUS_SUCCESS;
    case PortOutcome::kInsufficientResources:
      return STATUS_INSUFFICIENT_RESOURCES;
    case PortOutcome::kNameCollision:
      return STATUS_OBJECT_NAME_COLLISION;
    case PortOutcome::kNameNotFound:
      return STATUS_OBJECT_NAME_NOT_FOUND;
    case PortOutcome::kRefused:
      return STATUS_CONNECTION_REFUSED;
    case PortOutcome::kTooManyConnections:
      return STATUS_CONNECTION_COUNT_LIMIT;
    case PortOutcome::kDisconnected:
      return STATUS_PORT_DISCONNECTED;
    case PortOutcome::kTimeout:
      return STATUS_TIMEOUT;
    case PortOutcome::kBufferOverflow:
      return STATUS_BUFFER_OVERFLOW;
    case PortOutcome::kUnknownMessage:
    case PortOutcome::kNoMessageCallback:
    case PortOutcome::kNotAPort:
      return STATUS_INVALID_PARAMETER;
  }
  return STATUS_INVALID_PARAMETER;
}

// The wait a Timeout asks for: NULL indefinite, negative relative, positive
// absolute (since 1601), zero none.
PortWait WaitOf(const LARGE_INTEGER* timeout) {
  if (timeout == nullptr) return PortWait::Forever();
  int64_t relative = timeout->QuadPart;
  if (relative > 0) {
    const auto since_1970 = std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    const int64_t now = since_1970.count() / 100 + kEpoch1601To1970;
    relative = now - timeout->QuadPart;  // negative while the deadline is ahead
    if (relative > 0) relative = 0;
  }
  return PortWait::For(std::chrono::nanoseconds(-relative * 100));
}

}  // namespace
}  // namespace fltctx_internal
}  // namespace fltctx

namespace fi = fltctx::fltctx_internal;
using fltctx::wdk::ToCore;

extern "C" {

NTSTATUS FLTAPI FltBuildDefaultSecurityDescriptor(PSECURITY_DESCRIPTOR* SecurityDescriptor,
                                                  ACCESS_MASK DesiredAccess) {
  poolsim::Environment& env = poolsim::Ambient();
  if (!fi::CheckPortIrql(env, "FltBuildDefaultSecurityDescriptor", SecurityDescriptor,
                         poolsim::kPassiveLevel) ||
      !fi::Present(env, SecurityDescriptor, "FltBuildDefaultSecurityDescriptor",
                   "SecurityDescriptor", poolsim::PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  (void)DesiredAccess;  // any mask: it is granted to the system and administrators
  *SecurityDescriptor = nullptr;
  poolsim::AllocateRequest ar;
  ar.bytes = fi::kSecurityDescriptorBytes;
  ar.tag = poolsim::PoolTag(fi::kSecurityDescriptorTag);
  ar.kind = poolsim::PoolKind::kPaged;
  ar.pool_type = 1;  // PagedPool
  ar.zero = true;
  ar.legacy_tag_rules = false;
  ar.skip_frames = 1;
  auto* sd = static_cast<UCHAR*>(env.Allocate(ar));
  if (sd == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
  sd[0] = 1;       // SECURITY_DESCRIPTOR_REVISION
  sd[2] = 0x04;    // SE_DACL_PRESENT
  sd[3] = 0x80;    // SE_SELF_RELATIVE
  *SecurityDescriptor = sd;
  return STATUS_SUCCESS;
}

VOID FLTAPI FltFreeSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor) {
  poolsim::Environment& env = poolsim::Ambient();
  if (!fi::CheckPortIrql(env, "FltFreeSecurityDescriptor", SecurityDescriptor,
                         poolsim::kPassiveLevel) ||
      !fi::Present(env, SecurityDescriptor, "FltFreeSecurityDescriptor", "SecurityDescriptor",
                   poolsim::PointerAccess::kRead)) {
    return;
  }
  // A pointer FltBuildDefaultSecurityDescriptor did not return is the pool's
  // bad-free (or wrong-tag) report.
  env.Free(SecurityDescriptor, poolsim::PoolTag(fi::kSecurityDescriptorTag), true, 1);
}

NTSTATUS FLTAPI FltCreateCommunicationPort(PFLT_FILTER Filter, PFLT_PORT* ServerPort,
                                           POBJECT_ATTRIBUTES ObjectAttributes,
                                           PVOID ServerPortCookie,
                                           PFLT_CONNECT_NOTIFY ConnectNotifyCallback,
                                           PFLT_DISCONNECT_NOTIFY DisconnectNotifyCallback,
                                           PFLT_MESSAGE_NOTIFY MessageNotifyCallback,
                                           LONG MaxConnections) {
  constexpr const char* kApi = "FltCreateCommunicationPort";
  if (!fltctx::fltctx_internal::CheckLiveHandle(Filter, fltctx::HandleKind::kFilter, kApi,
                                                "Filter")) {
    return STATUS_INVALID_PARAMETER;
  }
  poolsim::Environment& env = fi::EnvOf(Filter);
  if (!fi::CheckPortIrql(env, kApi, Filter, poolsim::kPassiveLevel) ||
      !fi::Present(env, ServerPort, kApi, "ServerPort", poolsim::PointerAccess::kWrite) ||
      !fi::Present(env, ObjectAttributes, kApi, "ObjectAttributes",
                   poolsim::PointerAccess::kRead)) {
    return STATUS_INVALID_PARAMETER;
  }
  *ServerPort = nullptr;
  if (Filter == nullptr || ConnectNotifyCallback == nullptr ||
      DisconnectNotifyCallback == nullptr || MaxConnections <= 0 ||
      ObjectAttributes->Length != sizeof(OBJECT_ATTRIBUTES) ||
      ObjectAttributes->RootDirectory != nullptr ||
      (ObjectAttributes->Attributes & ~OBJ_VALID_ATTRIBUTES) != 0 ||
      (ObjectAttributes->Attributes & OBJ_KERNEL_HANDLE) == 0) {
    return STATUS_INVALID_PARAMETER;
  }
  const UNICODE_STRING* name = ObjectAttributes->ObjectName;
  if (name == nullptr || name->Length == 0 || name->Buffer == nullptr ||
      name->Length % sizeof(WCHAR) != 0 || name->Length > name->MaximumLength) {
    return STATUS_OBJECT_NAME_INVALID;
  }
  if (name->Buffer[0] != L'\\') return STATUS_OBJECT_PATH_SYNTAX_BAD;
  fltctx::ServerPortSpec spec;
  spec.name.assign(name->Buffer, name->Length / sizeof(WCHAR));
  spec.case_insensitive = (ObjectAttributes->Attributes & OBJ_CASE_INSENSITIVE) != 0;
  spec.filter = Filter;
  spec.owner = fltctx::FilterManager::NameOf(ToCore(Filter));
  spec.max_connections = MaxConnections;
  spec.callbacks.connect = [ConnectNotifyCallback, ServerPortCookie](
                               void* client_port, void* context, uint32_t size,
                               void** cookie) -> int32_t {
    return ConnectNotifyCallback(static_cast<PFLT_PORT>(client_port), ServerPortCookie, context,
                                 size, cookie);
  };
  spec.callbacks.disconnect = [DisconnectNotifyCallback](void* cookie) {
    DisconnectNotifyCallback(cookie);
  };
  if (MessageNotifyCallback != nullptr) {
    spec.callbacks.message = [MessageNotifyCallback](void* cookie, void* in, uint32_t in_length,
                                                     void* out, uint32_t out_length,
                                                     uint32_t* returned) -> int32_t {
      ULONG n = 0;
      const NTSTATUS s = MessageNotifyCallback(cookie, in, in_length, out, out_length, &n);
      *returned = n;
      return s;
    };
  }
  void* port = nullptr;
  const fltctx::PortOutcome outcome =
      fltctx::ports::CreateServerPort(env, std::move(spec), &port, 1);
  *ServerPort = static_cast<PFLT_PORT>(port);
  return fi::ToNtStatus(outcome);
}

VOID FLTAPI FltCloseCommunicationPort(PFLT_PORT ServerPort) {
  constexpr const char* kApi = "FltCloseCommunicationPort";
  poolsim::Environment& env = poolsim::Ambient();
  if (!fi::CheckPortIrql(env, kApi, ServerPort, poolsim::kPassiveLevel) ||
      !fi::Present(env, ServerPort, kApi, "ServerPort", poolsim::PointerAccess::kRead)) {
    return;
  }
  if (!fltctx::ports::CloseServerPort(ServerPort)) {
    fi::RaiseNotAPort(env, ServerPort, kApi, "ServerPort", "server");
  }
}

NTSTATUS FLTAPI FltSendMessage(PFLT_FILTER Filter, PFLT_PORT* ClientPort, PVOID SenderBuffer,
                               ULONG SenderBufferLength, PVOID ReplyBuffer, PULONG ReplyLength,
                               PLARGE_INTEGER Timeout) {
  constexpr const char* kApi = "FltSendMessage";
  if (!fltctx::fltctx_internal::CheckLiveHandle(Filter, fltctx::HandleKind::kFilter, kApi,
                                                "Filter")) {
    return STATUS_INVALID_PARAMETER;
  }
  poolsim::Environment& env = fi::EnvOf(Filter);
  if (!fi::CheckPortIrql(env, kApi, ClientPort, poolsim::kApcLevel) ||
      !fi::Present(env, ClientPort, kApi, "ClientPort", poolsim::PointerAccess::kRead) ||
      !fi::Present(env, SenderBuffer, kApi, "SenderBuffer", poolsim::PointerAccess::kRead) ||
      (ReplyBuffer != nullptr &&
       !fi::Present(env, ReplyLength, kApi, "ReplyLength", poolsim::PointerAccess::kWrite))) {
    return STATUS_INVALID_PARAMETER;
  }
  if (Filter == nullptr) return STATUS_INVALID_PARAMETER;
  // FltCloseClientPort NULLs the variable: a send racing the close fails.
  PFLT_PORT port = __atomic_load_n(ClientPort, __ATOMIC_ACQUIRE);
  if (port == nullptr) return STATUS_PORT_DISCONNECTED;
  if (!fltctx::ports::IsClientPort(port)) {
    fi::RaiseNotAPort(env, port, kApi, "*ClientPort", "client");
    return STATUS_INVALID_PARAMETER;
  }
  if (fltctx::ports::FilterOfPort(port) != Filter) return STATUS_INVALID_PARAMETER;
  uint32_t reply_length = ReplyBuffer != nullptr ? *ReplyLength : 0;
  const fltctx::PortOutcome outcome = fltctx::ports::SendToClient(
      port, SenderBuffer, SenderBufferLength, ReplyBuffer,
      ReplyBuffer != nullptr ? &reply_length : nullptr, fi::WaitOf(Timeout));
  if (ReplyBuffer != nullptr &&
      (outcome == fltctx::PortOutcome::kSuccess ||
       outcome == fltctx::PortOutcome::kBufferOverflow)) {
    *ReplyLength = reply_length;
  }
  if (outcome == fltctx::PortOutcome::kNotAPort) return STATUS_PORT_DISCONNECTED;  // closed meanwhile
  return fi::ToNtStatus(outcome);
}

VOID FLTAPI FltCloseClientPort(PFLT_FILTER Filter, PFLT_PORT* ClientPort) {
  constexpr const char* kApi = "FltCloseClientPort";
  if (!fltctx::fltctx_internal::CheckLiveHandle(Filter, fltctx::HandleKind::kFilter, kApi,
                                                "Filter")) {
    return;
  }
  poolsim::Environment& env = fi::EnvOf(Filter);
  if (!fi::CheckPortIrql(env, kApi, ClientPort, poolsim::kPassiveLevel) ||
      !fi::Present(env, ClientPort, kApi, "ClientPort", poolsim::PointerAccess::kWrite)) {
    return;
  }
  // Cleared first, so that a send racing the close sees NULL.
  PFLT_PORT port = __atomic_exchange_n(ClientPort, nullptr, __ATOMIC_ACQ_REL);
  if (port == nullptr) return;  // already closed: the variable says so
  if (!fltctx::ports::CloseClientPort(port)) {
    __atomic_store_n(ClientPort, port, __ATOMIC_RELEASE);  // left as it was
    fi::RaiseNotAPort(env, port, kApi, "*ClientPort", "client");
  }
}

}  // extern "C"
