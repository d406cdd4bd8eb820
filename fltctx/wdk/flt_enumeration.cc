// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/flt_enumeration.cc
// -----------------------------------------------------------------------------
//
// References to filter-manager objects and their enumeration (compat
// layer). A reference a driver takes to a filter, volume or instance is an
// object-manager reference (ob/objects.h) on an object header made while the
// driver holds one, so an unreleased one is in the leak report with its
// stack. Instance names live here (the core's instances have none).
//
// Lock order: g_names_mu is a leaf; no core call is made with it held.

#include <algorithm>
#include <cstring>
#include <cwctype>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "fltctx/filter_manager.h"
#include "fltctx/live_handles.h"
#include "fltctx/wdk/flt_objects.h"
#include "fltctx/wdk/internal/bugchecks.h"
#include "fltctx/wdk/internal/handles.h"
#include "ob/bugcheck_rules.h"
#include "ob/objects.h"
#include "ob/wdk/internal/checks.h"
#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/environment.h"
#include "poolsim/internal/lock.h"
#include "poolsim/irql.h"
#include "poolsim/pointer_check.h"
#include "registry/registry.h"

namespace {

using fltctx::FilterManager;
using fltctx::HandleKind;
using fltctx::wdk::ToCore;
using fltctx::wdk::ToWdk;
namespace psi = poolsim::poolsim_internal;

constexpr ULONG kSetupManualAttachment = 0x00000002;  // FLTFL_INSTANCE_SETUP_MANUAL_ATTACHMENT
constexpr uint32_t kTeardownManual = 0x00000001;      // FLTFL_INSTANCE_TEARDOWN_MANUAL

// The filter manager's tags ("FMfl", "FMvo", "FMis").
_OBJECT_TYPE kFilterType = {"FLT_FILTER", 0x6c664d46, nullptr, nullptr};
_OBJECT_TYPE kVolumeType = {"FLT_VOLUME", 0x6f764d46, nullptr, nullptr};
_OBJECT_TYPE kInstanceType = {"FLT_INSTANCE", 0x73694d46, nullptr, nullptr};

psi::Mutex g_names_mu;
std::map<const void*, std::wstring> g_names ABSL_GUARDED_BY(g_names_mu);

std::string Narrow(const std::wstring& s) {
  std::string out;
  for (wchar_t c : s) out.push_back(c > 0 && c < 0x80 ? static_cast<char>(c) : '?');
  return out;
}
std::wstring Widen(const std::string& s) { return std::wstring(s.begin(), s.end()); }
std::wstring Upper(std::wstring s) {
  for (wchar_t& c : s) c = static_cast<wchar_t>(std::towupper(c));
  return s;
}

using ob::ob_internal::IrqlAtMost;
using ob::ob_internal::NotNull;
using poolsim::PointerAccess;

// What a PVOID filter-manager object is.
enum class Kind { kNone, kFilter, kVolume, kInstance };

Kind KindOf(const void* object) {
  if (fltctx::IsLiveHandle(object, HandleKind::kFilter)) return Kind::kFilter;
  if (fltctx::IsLiveHandle(object, HandleKind::kVolume)) return Kind::kVolume;
  if (fltctx::IsLiveHandle(object, HandleKind::kInstance)) return Kind::kInstance;
  return Kind::kNone;
}

std::wstring DefaultInstanceName(fltctx::Filter* filter) {
  return Widen(FilterManager::NameOf(filter)) + L" Instance";
}

std::wstring NameOfInstance(fltctx::Instance* instance) {
  {
    psi::MutexLock l(&g_names_mu);
    auto it = g_names.find(instance);
    if (it != g_names.end()) return it->second;
  }
  return DefaultInstanceName(FilterManager::FilterOf(instance));
}

bool Contains(const std::vector<fltctx::Instance*>& v, fltctx::Instance* i) {
  return std::find(v.begin(), v.end(), i) != v.end();
}

// True if `object` (of `kind`) is being torn down.
bool Deleting(void* object, Kind kind) {
  switch (kind) {
    case Kind::kFilter: {
      auto* f = static_cast<fltctx::Filter*>(object);
      const std::vector<fltctx::Filter*> live = FilterManager::ManagerOf(f)->RegisteredFilters();
      return std::find(live.begin(), live.end(), f) == live.end();
    }
    case Kind::kVolume: {
      auto* v = static_cast<fltctx::Volume*>(object);
      const std::vector<fltctx::Volume*> live = FilterManager::ManagerOf(v)->MountedVolumes();
      return std::find(live.begin(), live.end(), v) == live.end();
    }
    case Kind::kInstance: {
      auto* i = static_cast<fltctx::Instance*>(object);
      return !Contains(FilterManager::ManagerOf(i)->InstancesByAltitude(FilterManager::VolumeOf(i)),
                       i);
    }
    case Kind::kNone:
      break;
  }
  return true;
}

std::string Describe(void* object, Kind kind) {
  switch (kind) {
    case Kind::kFilter:
      return "filter " + FilterManager::NameOf(static_cast<fltctx::Filter*>(object));
    case Kind::kVolume:
      return "volume " + FilterManager::OptionsOf(static_cast<fltctx::Volume*>(object)).name;
    case Kind::kInstance:
      return "instance " + Narrow(NameOfInstance(static_cast<fltctx::Instance*>(object)));
    case Kind::kNone:
      break;
  }
  return "(object)";
}

// Takes a driver reference on `object` (a live object of `kind`).
void Take(void* object, Kind kind, const char* operation) {
  poolsim::Environment& env = poolsim::Ambient();
  POBJECT_TYPE type = kind == Kind::kFilter   ? &kFilterType
                      : kind == Kind::kVolume ? &kVolumeType
                                              : &kInstanceType;
  if (!ob::LookupObject(env, object)) ob::InsertObject(env, object, type, Describe(object, kind));
  ob::ReferenceObject(env, object, operation, 2);
}

// Drops a driver reference; false (after the report) if there was none.
bool Drop(void* object, const char* api) {
  poolsim::Environment& env = poolsim::Ambient();
  POBJECT_TYPE type = nullptr;
  if (ob::DereferenceObject(env, object, &type) != ob::ReferenceOutcome::kOk) {
    env.RaiseBugCheck(
        poolsim::MakeBugCheck(ob::bugcheck_rule::kDereferenceBelowZero,
                              {reinterpret_cast<uintptr_t>(type),
                               reinterpret_cast<uintptr_t>(object), 0, 0},
                              absl::StrCat(api, ": the driver holds no reference to this object")),
        2);
    return false;
  }
  if (ob::PointerCount(env, object) == 1) ob::RemoveObject(env, object);  // only the header's own
  return true;
}

bool Live(const void* handle, HandleKind kind, const char* api, const char* parameter) {
  return fltctx::fltctx_internal::CheckLiveHandle(handle, kind, api, parameter, 2);
}

// Fills `list` with referenced `objects`, or says how many there are.
template <typename Wdk, typename Core>
NTSTATUS FillList(const std::vector<Core*>& objects, Kind kind, Wdk* list, ULONG size,
                  PULONG returned, const char* api) {
  *returned = static_cast<ULONG>(objects.size());
  if (size < objects.size()) return STATUS_BUFFER_TOO_SMALL;
  if (!objects.empty() && !NotNull(list, api, "List", PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  for (size_t i = 0; i < objects.size(); ++i) {
    Take(objects[i], kind, api);
    list[i] = ToWdk(objects[i]);
  }
  return STATUS_SUCCESS;
}

std::optional<std::wstring> ReadName(PCUNICODE_STRING name, const char* api,
                                     const char* parameter) {
  if (!NotNull(name, api, parameter, PointerAccess::kRead)) return std::nullopt;
  if (name->Length % sizeof(WCHAR) != 0 || name->Length > name->MaximumLength) {
    return std::wstring(1, L'\0');  // malformed: matches nothing
  }
  if (name->Length > 0 && !NotNull(name->Buffer, api, parameter, PointerAccess::kRead)) {
    return std::nullopt;
  }
  return std::wstring(name->Buffer, name->Buffer + name->Length / sizeof(WCHAR));
}

// The instance of `filter` on `volume` named `name` (empty: the highest).
fltctx::Instance* FindInstance(fltctx::Filter* filter, fltctx::Volume* volume,
                               const std::wstring& name) {
  for (fltctx::Instance* i : FilterManager::ManagerOf(volume)->InstancesByAltitude(volume)) {
    if (FilterManager::FilterOf(i) != filter) continue;
    if (name.empty() || Upper(NameOfInstance(i)) == Upper(name)) return i;
  }
  return nullptr;
}

}  // namespace

extern "C" {

NTSTATUS FLTAPI FltObjectReference(PVOID FltObject) {
  static constexpr char kApi[] = "FltObjectReference";
  if (!IrqlAtMost(poolsim::kApcLevel, FltObject, kApi) ||
      !NotNull(FltObject, kApi, "FltObject", PointerAccess::kRead)) {
    return STATUS_INVALID_PARAMETER;
  }
  const Kind kind = KindOf(FltObject);
  if (kind == Kind::kNone) {
    Live(FltObject, HandleKind::kInstance, kApi, "FltObject");
    return STATUS_INVALID_PARAMETER;
  }
  if (Deleting(FltObject, kind)) return STATUS_FLT_DELETING_OBJECT;
  Take(FltObject, kind, kApi);
  return STATUS_SUCCESS;
}

VOID FLTAPI FltObjectDereference(PVOID FltObject) {
  static constexpr char kApi[] = "FltObjectDereference";
  if (!IrqlAtMost(poolsim::kDispatchLevel, FltObject, kApi) ||
      !NotNull(FltObject, kApi, "FltObject", PointerAccess::kRead)) {
    return;
  }
  Drop(FltObject, kApi);
}

NTSTATUS FLTAPI FltEnumerateFilters(PFLT_FILTER* FilterList, ULONG FilterListSize,
                                    PULONG NumberFiltersReturned) {
  static constexpr char kApi[] = "FltEnumerateFilters";
  if (!IrqlAtMost(poolsim::kApcLevel, FilterList, kApi) ||
      !NotNull(NumberFiltersReturned, kApi, "NumberFiltersReturned", PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  FilterManager* manager = fltctx::AmbientFilterManager();
  const std::vector<fltctx::Filter*> filters =
      manager == nullptr ? std::vector<fltctx::Filter*>() : manager->RegisteredFilters();
  return FillList(filters, Kind::kFilter, FilterList, FilterListSize, NumberFiltersReturned,
                  kApi);
}

NTSTATUS FLTAPI FltEnumerateVolumes(PFLT_FILTER Filter, PFLT_VOLUME* VolumeList,
                                    ULONG VolumeListSize, PULONG NumberVolumesReturned) {
  static constexpr char kApi[] = "FltEnumerateVolumes";
  if (!IrqlAtMost(poolsim::kApcLevel, Filter, kApi) ||
      !NotNull(Filter, kApi, "Filter", PointerAccess::kRead) ||
      !Live(Filter, HandleKind::kFilter, kApi, "Filter") ||
      !NotNull(NumberVolumesReturned, kApi, "NumberVolumesReturned", PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  return FillList(fltctx::wdk::ManagerOf(Filter).MountedVolumes(), Kind::kVolume, VolumeList,
                  VolumeListSize, NumberVolumesReturned, kApi);
}

NTSTATUS FLTAPI FltEnumerateInstances(PFLT_VOLUME Volume, PFLT_FILTER Filter,
                                      PFLT_INSTANCE* InstanceList, ULONG InstanceListSize,
                                      PULONG NumberInstancesReturned) {
  static constexpr char kApi[] = "FltEnumerateInstances";
  if (!IrqlAtMost(poolsim::kApcLevel, Volume, kApi) ||
      !Live(Volume, HandleKind::kVolume, kApi, "Volume") ||
      !Live(Filter, HandleKind::kFilter, kApi, "Filter") ||
      !NotNull(NumberInstancesReturned, kApi, "NumberInstancesReturned",
               PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  FilterManager* manager = Volume != nullptr   ? FilterManager::ManagerOf(ToCore(Volume))
                           : Filter != nullptr ? FilterManager::ManagerOf(ToCore(Filter))
                                               : fltctx::AmbientFilterManager();
  std::vector<fltctx::Instance*> found;
  if (manager != nullptr) {
    std::vector<fltctx::Volume*> volumes;
    if (Volume != nullptr) {
      volumes.push_back(ToCore(Volume));
    } else {
      volumes = manager->MountedVolumes();
    }
    for (fltctx::Volume* v : volumes) {
      for (fltctx::Instance* i : manager->InstancesByAltitude(v)) {
        if (Filter == nullptr || FilterManager::FilterOf(i) == ToCore(Filter)) found.push_back(i);
      }
    }
  }
  return FillList(found, Kind::kInstance, InstanceList, InstanceListSize,
                  NumberInstancesReturned, kApi);
}

NTSTATUS FLTAPI FltGetVolumeFromInstance(PFLT_INSTANCE Instance, PFLT_VOLUME* RetVolume) {
  static constexpr char kApi[] = "FltGetVolumeFromInstance";
  if (!IrqlAtMost(poolsim::kApcLevel, Instance, kApi) ||
      !NotNull(RetVolume, kApi, "RetVolume", PointerAccess::kWrite) ||
      !NotNull(Instance, kApi, "Instance", PointerAccess::kRead) ||
      !Live(Instance, HandleKind::kInstance, kApi, "Instance")) {
    return STATUS_INVALID_PARAMETER;
  }
  *RetVolume = nullptr;
  fltctx::Volume* volume = FilterManager::VolumeOf(ToCore(Instance));
  if (Deleting(ToCore(Instance), Kind::kInstance) || Deleting(volume, Kind::kVolume)) {
    return STATUS_FLT_DELETING_OBJECT;
  }
  Take(volume, Kind::kVolume, kApi);
  *RetVolume = ToWdk(volume);
  return STATUS_SUCCESS;
}

NTSTATUS FLTAPI FltGetFilterFromInstance(PFLT_INSTANCE Instance, PFLT_FILTER* RetFilter) {
  static constexpr char kApi[] = "FltGetFilterFromInstance";
  if (!IrqlAtMost(poolsim::kApcLevel, Instance, kApi) ||
      !NotNull(RetFilter, kApi, "RetFilter", PointerAccess::kWrite) ||
      !NotNull(Instance, kApi, "Instance", PointerAccess::kRead) ||
      !Live(Instance, HandleKind::kInstance, kApi, "Instance")) {
    return STATUS_INVALID_PARAMETER;
  }
  *RetFilter = nullptr;
  fltctx::Filter* filter = FilterManager::FilterOf(ToCore(Instance));
  if (Deleting(ToCore(Instance), Kind::kInstance) || Deleting(filter, Kind::kFilter)) {
    return STATUS_FLT_DELETING_OBJECT;
  }
  Take(filter, Kind::kFilter, kApi);
  *RetFilter = ToWdk(filter);
  return STATUS_SUCCESS;
}

NTSTATUS FLTAPI FltGetVolumeFromFileObject(PFLT_FILTER Filter, PFILE_OBJECT FileObject,
                                           PFLT_VOLUME* RetVolume) {
  static constexpr char kApi[] = "FltGetVolumeFromFileObject";
  if (!IrqlAtMost(poolsim::kApcLevel, FileObject, kApi) ||
      !NotNull(RetVolume, kApi, "RetVolume", PointerAccess::kWrite) ||
      !NotNull(Filter, kApi, "Filter", PointerAccess::kRead) ||
      !Live(Filter, HandleKind::kFilter, kApi, "Filter") ||
      !NotNull(FileObject, kApi, "FileObject", PointerAccess::kRead) ||
      !Live(FileObject, HandleKind::kWdkFileObject, kApi, "FileObject")) {
    return STATUS_INVALID_PARAMETER;
  }
  *RetVolume = nullptr;
  fltctx::FileObject* core = ToCore(FileObject);
  fltctx::Stream* stream = core == nullptr ? nullptr : FilterManager::StreamOf(core);
  if (stream == nullptr) return STATUS_INVALID_PARAMETER;
  fltctx::Volume* volume = FilterManager::VolumeOf(stream);
  if (Deleting(volume, Kind::kVolume)) return STATUS_FLT_DELETING_OBJECT;
  Take(volume, Kind::kVolume, kApi);
  *RetVolume = ToWdk(volume);
  return STATUS_SUCCESS;
}

NTSTATUS FLTAPI FltGetVolumeFromName(PFLT_FILTER Filter, PCUNICODE_STRING VolumeName,
                                     PFLT_VOLUME* RetVolume) {
  static constexpr char kApi[] = "FltGetVolumeFromName";
  if (!IrqlAtMost(poolsim::kApcLevel, Filter, kApi) ||
      !NotNull(RetVolume, kApi, "RetVolume", PointerAccess::kWrite) ||
      !NotNull(Filter, kApi, "Filter", PointerAccess::kRead) ||
      !Live(Filter, HandleKind::kFilter, kApi, "Filter")) {
    return STATUS_INVALID_PARAMETER;
  }
  *RetVolume = nullptr;
  std::optional<std::wstring> name = ReadName(VolumeName, kApi, "VolumeName");
  if (!name.has_value()) return STATUS_INVALID_PARAMETER;
  if (name->empty() || name->find(L'\0') != std::wstring::npos) return STATUS_INVALID_PARAMETER;
  if (name->size() > 1 && name->back() == L'\\') name->pop_back();
  for (fltctx::Volume* v : fltctx::wdk::ManagerOf(Filter).MountedVolumes()) {
    if (Upper(Widen(FilterManager::OptionsOf(v).name)) == Upper(*name)) {
      Take(v, Kind::kVolume, kApi);
      *RetVolume = ToWdk(v);
      return STATUS_SUCCESS;
    }
  }
  return STATUS_FLT_VOLUME_NOT_FOUND;
}

NTSTATUS FLTAPI FltGetVolumeInstanceFromName(PFLT_FILTER Filter, PFLT_VOLUME Volume,
                                             PCUNICODE_STRING InstanceName,
                                             PFLT_INSTANCE* RetInstance) {
  static constexpr char kApi[] = "FltGetVolumeInstanceFromName";
  if (!IrqlAtMost(poolsim::kApcLevel, Volume, kApi) ||
      !NotNull(RetInstance, kApi, "RetInstance", PointerAccess::kWrite) ||
      !NotNull(Volume, kApi, "Volume", PointerAccess::kRead) ||
      !Live(Volume, HandleKind::kVolume, kApi, "Volume") ||
      !Live(Filter, HandleKind::kFilter, kApi, "Filter")) {
    return STATUS_INVALID_PARAMETER;
  }
  *RetInstance = nullptr;
  std::wstring name;
  if (InstanceName != nullptr) {
    std::optional<std::wstring> read = ReadName(InstanceName, kApi, "InstanceName");
    if (!read.has_value()) return STATUS_INVALID_PARAMETER;
    name = *read;
  }
  for (fltctx::Instance* i :
       FilterManager::ManagerOf(ToCore(Volume))->InstancesByAltitude(ToCore(Volume))) {
    if (Filter != nullptr && FilterManager::FilterOf(i) != ToCore(Filter)) continue;
    if (!name.empty() && Upper(NameOfInstance(i)) != Upper(name)) continue;
    Take(i, Kind::kInstance, kApi);
    *RetInstance = ToWdk(i);
    return STATUS_SUCCESS;
  }
  return STATUS_FLT_INSTANCE_NOT_FOUND;
}

NTSTATUS FLTAPI FltAttachVolume(PFLT_FILTER Filter, PFLT_VOLUME Volume,
                                PCUNICODE_STRING InstanceName, PFLT_INSTANCE* RetInstance) {
  static constexpr char kApi[] = "FltAttachVolume";
  if (RetInstance != nullptr &&
      !NotNull(RetInstance, kApi, "RetInstance", PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (!IrqlAtMost(poolsim::kPassiveLevel, Volume, kApi) ||
      !NotNull(Filter, kApi, "Filter", PointerAccess::kRead) ||
      !Live(Filter, HandleKind::kFilter, kApi, "Filter") ||
      !NotNull(Volume, kApi, "Volume", PointerAccess::kRead) ||
      !Live(Volume, HandleKind::kVolume, kApi, "Volume")) {
    return STATUS_INVALID_PARAMETER;
  }
  if (RetInstance != nullptr) *RetInstance = nullptr;
  fltctx::Filter* filter = ToCore(Filter);
  fltctx::Volume* volume = ToCore(Volume);
  if (Deleting(filter, Kind::kFilter) || Deleting(volume, Kind::kVolume)) {
    return STATUS_FLT_DELETING_OBJECT;
  }
  std::wstring name = DefaultInstanceName(filter);
  if (InstanceName != nullptr) {
    std::optional<std::wstring> read = ReadName(InstanceName, kApi, "InstanceName");
    if (!read.has_value()) return STATUS_INVALID_PARAMETER;
    if (!read->empty()) name = *read;
  }
  if (FindInstance(filter, volume, name) != nullptr) return STATUS_FLT_INSTANCE_NAME_COLLISION;
  const std::wstring key = registry::ServiceKeyPath(Widen(FilterManager::NameOf(filter))) +
                           L"\\Instances\\" + name;
  std::string altitude = "0";
  if (std::optional<registry::Value> v = registry::GetValue(key, L"Altitude")) {
    if (v->type == REG_SZ && v->data.size() >= sizeof(WCHAR)) {
      altitude = Narrow(std::wstring(reinterpret_cast<const wchar_t*>(v->data.data()),
                                     v->data.size() / sizeof(WCHAR) - 1));
    }
  }
  fltctx::Instance* instance = fltctx::wdk::ManagerOf(Filter).AttachInstance(
      filter, volume, kSetupManualAttachment, altitude);
  if (instance == nullptr) return STATUS_FLT_DO_NOT_ATTACH;
  {
    psi::MutexLock l(&g_names_mu);
    g_names[instance] = name;
  }
  if (RetInstance != nullptr) {
    Take(instance, Kind::kInstance, kApi);
    *RetInstance = ToWdk(instance);
  }
  return STATUS_SUCCESS;
}

NTSTATUS FLTAPI FltDetachVolume(PFLT_FILTER Filter, PFLT_VOLUME Volume,
                                PCUNICODE_STRING InstanceName) {
  static constexpr char kApi[] = "FltDetachVolume";
  if (!IrqlAtMost(poolsim::kPassiveLevel, Volume, kApi) ||
      !NotNull(Filter, kApi, "Filter", PointerAccess::kRead) ||
      !Live(Filter, HandleKind::kFilter, kApi, "Filter") ||
      !NotNull(Volume, kApi, "Volume", PointerAccess::kRead) ||
      !Live(Volume, HandleKind::kVolume, kApi, "Volume")) {
    return STATUS_INVALID_PARAMETER;
  }
  std::wstring name = DefaultInstanceName(ToCore(Filter));
  if (InstanceName != nullptr) {
    std::optional<std::wstring> read = ReadName(InstanceName, kApi, "InstanceName");
    if (!read.has_value()) return STATUS_INVALID_PARAMETER;
    if (!read->empty()) name = *read;
  }
  fltctx::Instance* instance = FindInstance(ToCore(Filter), ToCore(Volume), name);
  if (instance == nullptr) return STATUS_FLT_INSTANCE_NOT_FOUND;
  fltctx::wdk::ManagerOf(Filter).DetachInstance(instance, kTeardownManual);
  psi::MutexLock l(&g_names_mu);
  g_names.erase(instance);
  return STATUS_SUCCESS;
}

NTSTATUS FLTAPI FltGetInstanceInformation(PFLT_INSTANCE Instance,
                                          INSTANCE_INFORMATION_CLASS InformationClass,
                                          PVOID Buffer, ULONG BufferSize, PULONG BytesReturned) {
  static constexpr char kApi[] = "FltGetInstanceInformation";
  if (!IrqlAtMost(poolsim::kApcLevel, Instance, kApi) ||
      !NotNull(Instance, kApi, "Instance", PointerAccess::kRead) ||
      !Live(Instance, HandleKind::kInstance, kApi, "Instance") ||
      !NotNull(BytesReturned, kApi, "BytesReturned", PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  fltctx::Instance* instance = ToCore(Instance);
  const std::wstring strings[4] = {
      NameOfInstance(instance), Widen(FilterManager::AltitudeOf(instance)),
      Widen(FilterManager::OptionsOf(FilterManager::VolumeOf(instance)).name),
      Widen(FilterManager::NameOf(FilterManager::FilterOf(instance)))};
  size_t fixed = 0;
  int count = 0;
  switch (InformationClass) {
    case InstanceBasicInformation:
      fixed = sizeof(INSTANCE_BASIC_INFORMATION);
      count = 1;
      break;
    case InstancePartialInformation:
      fixed = sizeof(INSTANCE_PARTIAL_INFORMATION);
      count = 2;
      break;
    case InstanceFullInformation:
      fixed = sizeof(INSTANCE_FULL_INFORMATION);
      count = 4;
      break;
    default:
      return STATUS_INVALID_PARAMETER;
  }
  std::vector<uint8_t> out(fixed, 0);
  // The length and offset pairs follow NextEntryOffset (a ULONG), in order.
  for (int k = 0; k < count; ++k) {
    const USHORT length = static_cast<USHORT>(strings[k].size() * sizeof(WCHAR));
    const USHORT offset = static_cast<USHORT>(out.size());
    std::memcpy(out.data() + sizeof(ULONG) + k * 2 * sizeof(USHORT), &length, sizeof(USHORT));
    std::memcpy(out.data() + sizeof(ULONG) + (k * 2 + 1) * sizeof(USHORT), &offset,
                sizeof(USHORT));
    const auto* p = reinterpret_cast<const uint8_t*>(strings[k].data());
    out.insert(out.end(), p, p + length);
  }
  *BytesReturned = static_cast<ULONG>(out.size());
  if (BufferSize < out.size()) return STATUS_BUFFER_TOO_SMALL;
  if (!NotNull(Buffer, kApi, "Buffer", PointerAccess::kWrite)) return STATUS_INVALID_PARAMETER;
  std::memcpy(Buffer, out.data(), out.size());
  return STATUS_SUCCESS;
}

}  // extern "C"
