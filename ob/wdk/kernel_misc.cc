// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ob/wdk/kernel_misc.cc
// -----------------------------------------------------------------------------
//
// ExUuidCreate, IoGetStackLimits, FsRtlIsNtstatusExpected and the security
// descriptor routines (host surface).

#include "ob/wdk/kernel_misc.h"

#include <pthread.h>

#include <cstdint>
#include <cstring>
#include <mutex>
#include <random>

#include "ob/wdk/internal/checks.h"

namespace {

using ob::ob_internal::IrqlAtMost;
using ob::ob_internal::NotNull;
using poolsim::PointerAccess;

// The calling thread's stack bounds, from the host.
void HostStack(uintptr_t* low, uintptr_t* high) {
  pthread_attr_t attr;
  void* base = nullptr;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstack(&attr, &base, &size);
    pthread_attr_destroy(&attr);
  }
  *low = reinterpret_cast<uintptr_t>(base);
  *high = *low + size;
}

}  // namespace

extern "C" {

NTSTATUS NTAPI ExUuidCreate(UUID* Uuid) {
  static constexpr char kApi[] = "ExUuidCreate";
  if (!IrqlAtMost(poolsim::kPassiveLevel, Uuid, kApi) ||
      !NotNull(Uuid, kApi, "Uuid", PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  static std::mutex mu;
  static std::mt19937_64 random{std::random_device{}()};
  uint64_t words[2];
  {
    std::lock_guard<std::mutex> lock(mu);
    words[0] = random();
    words[1] = random();
  }
  unsigned char bytes[16];
  std::memcpy(bytes, words, sizeof(bytes));
  UUID out;
  std::memcpy(&out.Data1, bytes, 4);
  std::memcpy(&out.Data2, bytes + 4, 2);
  std::memcpy(&out.Data3, bytes + 6, 2);
  std::memcpy(out.Data4, bytes + 8, 8);
  out.Data3 = static_cast<USHORT>((out.Data3 & 0x0FFF) | 0x4000);            // version 4
  out.Data4[0] = static_cast<UCHAR>((out.Data4[0] & 0x3F) | 0x80);            // RFC 4122 variant
  *Uuid = out;
  return STATUS_SUCCESS;
}

VOID NTAPI IoGetStackLimits(PULONG_PTR LowLimit, PULONG_PTR HighLimit) {
  static constexpr char kApi[] = "IoGetStackLimits";
  if (!NotNull(LowLimit, kApi, "LowLimit", PointerAccess::kWrite) ||
      !NotNull(HighLimit, kApi, "HighLimit", PointerAccess::kWrite)) {
    return;
  }
  uintptr_t low = 0, high = 0;
  HostStack(&low, &high);
  *LowLimit = low;
  *HighLimit = high;
}

BOOLEAN NTAPI FsRtlIsNtstatusExpected(NTSTATUS Exception) {
  switch (Exception) {
    case STATUS_DATATYPE_MISALIGNMENT:
    case STATUS_ACCESS_VIOLATION:
    case STATUS_ILLEGAL_INSTRUCTION:
    case STATUS_INSTRUCTION_MISALIGNMENT:
      return FALSE;
    default:
      return TRUE;
  }
}

NTSTATUS NTAPI RtlCreateSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor,
                                           ULONG Revision) {
  static constexpr char kApi[] = "RtlCreateSecurityDescriptor";
  if (!IrqlAtMost(poolsim::kPassiveLevel, SecurityDescriptor, kApi) ||
      !NotNull(SecurityDescriptor, kApi, "SecurityDescriptor", PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (Revision != SECURITY_DESCRIPTOR_REVISION) return STATUS_UNKNOWN_REVISION;
  auto* sd = static_cast<PISECURITY_DESCRIPTOR>(SecurityDescriptor);
  std::memset(sd, 0, sizeof(*sd));
  sd->Revision = SECURITY_DESCRIPTOR_REVISION;
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlSetDaclSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor,
                                            BOOLEAN DaclPresent, PACL Dacl,
                                            BOOLEAN DaclDefaulted) {
  static constexpr char kApi[] = "RtlSetDaclSecurityDescriptor";
  if (!IrqlAtMost(poolsim::kPassiveLevel, SecurityDescriptor, kApi) ||
      !NotNull(SecurityDescriptor, kApi, "SecurityDescriptor", PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  auto* sd = static_cast<PISECURITY_DESCRIPTOR>(SecurityDescriptor);
  if (sd->Revision != SECURITY_DESCRIPTOR_REVISION) return STATUS_UNKNOWN_REVISION;
  if ((sd->Control & SE_SELF_RELATIVE) != 0) return STATUS_INVALID_SECURITY_DESCR;
  if (!DaclPresent) {
    sd->Control = static_cast<USHORT>(sd->Control & ~SE_DACL_PRESENT);
    return STATUS_SUCCESS;
  }
  sd->Control = static_cast<USHORT>(sd->Control | SE_DACL_PRESENT);
  sd->Dacl = Dacl;
  sd->Control = static_cast<USHORT>(DaclDefaulted ? (sd->Control | SE_DACL_DEFAULTED)
                                                  : (sd->Control & ~SE_DACL_DEFAULTED));
  return STATUS_SUCCESS;
}

}  // extern "C"
