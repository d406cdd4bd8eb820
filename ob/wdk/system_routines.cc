// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ob/wdk/system_routines.cc
// -----------------------------------------------------------------------------
//
// MmGetSystemRoutineAddress (host surface): the table of every provided
// routine (system_routines.inc), sorted by name.

#include "ob/wdk/system_routines.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "dbg/wdk/dbg.h"
#include "fltctx/wdk/ecp.h"
#include "fltctx/wdk/file_names.h"
#include "fltctx/wdk/flt_objects.h"
#include "fltctx/wdk/fltkernel.h"
#include "fltctx/wdk/issued_io.h"
#include "fltctx/wdk/ports.h"
#include "ksalloc/wdk/ks.h"
#include "ob/wdk/internal/checks.h"
#include "ob/wdk/kernel_misc.h"
#include "ob/wdk/ob.h"
#include "poolsim/wdk/wdm.h"
#include "registry/wdk/zw_registry.h"
#include "rtl/wdk/ntstrsafe.h"
#include "rtl/wdk/rtl.h"
#include "sync/wdk/sync.h"
#include "wdkhost/wdk/flt_types.h"
#include "wdkhost/wdk/objects.h"

namespace {

enum class Module { kKernel, kFltMgr, kKs, kHeader };

struct Routine {
  const char* name;
  Module module;
  void* address;  // null for kHeader
};

#define KERNEL_ROUTINE(name) {#name, Module::kKernel, reinterpret_cast<void*>(&name)},
#define FLTMGR_ROUTINE(name) {#name, Module::kFltMgr, reinterpret_cast<void*>(&name)},
#define KS_ROUTINE(name) {#name, Module::kKs, reinterpret_cast<void*>(&name)},
#define HEADER_ROUTINE(name) {#name, Module::kHeader, nullptr},
const Routine kRoutines[] = {
#include "ob/wdk/system_routines.inc"
};
#undef KERNEL_ROUTINE
#undef FLTMGR_ROUTINE
#undef KS_ROUTINE
#undef HEADER_ROUTINE

// The address of `name` if `module` exports it, else null.
void* Find(const std::string& name, Module module) {
  const auto* end = std::end(kRoutines);
  const auto* it = std::lower_bound(
      std::begin(kRoutines), end, name,
      [](const Routine& r, const std::string& n) { return std::strcmp(r.name, n.c_str()) < 0; });
  if (it == end || name != it->name || it->module != module) return nullptr;
  return it->address;
}

}  // namespace

extern "C" PVOID NTAPI MmGetSystemRoutineAddress(PUNICODE_STRING SystemRoutineName) {
  static constexpr char kApi[] = "MmGetSystemRoutineAddress";
  if (!ob::ob_internal::IrqlAtMost(poolsim::kPassiveLevel, SystemRoutineName, kApi) ||
      !ob::ob_internal::NotNull(SystemRoutineName, kApi, "SystemRoutineName",
                                poolsim::PointerAccess::kRead)) {
    return nullptr;
  }
  const size_t chars = SystemRoutineName->Length / sizeof(WCHAR);
  if (chars > 0 && !ob::ob_internal::NotNull(SystemRoutineName->Buffer, kApi,
                                             "SystemRoutineName->Buffer",
                                             poolsim::PointerAccess::kRead)) {
    return nullptr;
  }
  std::string name;
  for (size_t i = 0; i < chars; ++i) {
    const WCHAR c = SystemRoutineName->Buffer[i];
    if (c <= 0 || c >= 0x80) return nullptr;  // export names are ASCII
    name.push_back(static_cast<char>(c));
  }
  return Find(name, Module::kKernel);
}

extern "C" PVOID FLTAPI FltGetRoutineAddress(PCSTR FltMgrRoutineName) {
  static constexpr char kApi[] = "FltGetRoutineAddress";
  if (!ob::ob_internal::IrqlAtMost(poolsim::kPassiveLevel, FltMgrRoutineName, kApi) ||
      !ob::ob_internal::NotNull(FltMgrRoutineName, kApi, "FltMgrRoutineName",
                                poolsim::PointerAccess::kRead)) {
    return nullptr;
  }
  return Find(FltMgrRoutineName, Module::kFltMgr);
}
