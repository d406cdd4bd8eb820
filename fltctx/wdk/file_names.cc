// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/file_names.cc
// -----------------------------------------------------------------------------
//
// The WDK-named file-name functions (compat layer): argument checks, the
// name from the volume's provider (the simulated file system), the name
// object from internal/name_objects.h. The rules are in docs/file-names.md.

#include "fltctx/wdk/file_names.h"

#include <cstdint>
#include <cstdio>
#include <cwctype>
#include <string>

#include "fltctx/file_names.h"
#include "fltctx/filter_manager.h"
#include "fltctx/wdk/internal/bugchecks.h"
#include "fltctx/wdk/internal/handles.h"
#include "fltctx/wdk/internal/name_objects.h"
#include "fltctx/wdk/internal/name_provider.h"
#include "poolsim/environment.h"

namespace fltctx {
namespace fltctx_internal {
namespace {

using wdk::ToCore;
using wdk::ToWdk;

std::wstring Widen(const std::string& s) { return std::wstring(s.begin(), s.end()); }

std::wstring Lower(std::wstring s) {
  for (wchar_t& c : s) c = static_cast<wchar_t>(std::towlower(static_cast<wint_t>(c)));
  return s;
}

bool StartsWithNoCase(const std::wstring& s, const std::wstring& prefix) {
  return s.size() >= prefix.size() && Lower(s.substr(0, prefix.size())) == Lower(prefix);
}

// "\\a.txt::$DATA" -> "\\a.txt", "\\a.txt:ads:$DATA" -> "\\a.txt:ads".
std::wstring WithoutDataType(std::wstring name) {
  const size_t colon = name.find(L':');
  if (colon == std::wstring::npos) return name;
  const size_t type = name.find(L':', colon + 1);
  if (type != std::wstring::npos && Lower(name.substr(type)) == L":$data") name.resize(type);
  if (name.size() == colon + 1) name.resize(colon);  // "\\a.txt:" (the unnamed stream)
  return name;
}

// The volume a name query addresses.
struct Where {
  FilterManager* manager = nullptr;
  Volume* volume = nullptr;
  std::string owner = "(unknown)";
};

bool Locate(PFLT_INSTANCE instance, PFILE_OBJECT file_object, Where* w) {
  if (instance != nullptr) {
    Instance* core = ToCore(instance);
    w->manager = FilterManager::ManagerOf(core);
    w->volume = FilterManager::VolumeOf(core);
    w->owner = FilterManager::NameOf(FilterManager::FilterOf(core));
    return w->manager != nullptr && w->volume != nullptr;
  }
  FileObject* fo = ToCore(file_object);
  if (fo == nullptr) return false;
  Stream* stream = FilterManager::StreamOf(fo);
  if (stream == nullptr) return false;
  w->manager = FilterManager::ManagerOf(fo);
  w->volume = FilterManager::VolumeOf(stream);
  return w->manager != nullptr && w->volume != nullptr;
}

std::wstring VolumeNameOf(const Volume* volume) {
  return Widen(FilterManager::OptionsOf(volume).name);
}

bool IsNetwork(const std::wstring& volume_name) {
  return StartsWithNoCase(volume_name, L"\\Device\\Mup") ||
         StartsWithNoCase(volume_name, L"\\Device\\LanmanRedirector");
}

bool ValidOptions(FLT_FILE_NAME_OPTIONS options, bool allow_short) {
  const ULONG format = FltGetFileNameFormat(options);
  const ULONG method = FltGetFileNameQueryMethod(options);
  const ULONG other = options & ~(FLT_VALID_FILE_NAME_FORMATS | FLT_VALID_FILE_NAME_QUERY_METHODS |
                                  FLT_VALID_FILE_NAME_FLAGS);
  if (other != 0) return false;
  if (format != FLT_FILE_NAME_NORMALIZED && format != FLT_FILE_NAME_OPENED &&
      !(allow_short && format == FLT_FILE_NAME_SHORT)) {
    return false;
  }
  return method == FLT_FILE_NAME_QUERY_DEFAULT || method == FLT_FILE_NAME_QUERY_CACHE_ONLY ||
         method == FLT_FILE_NAME_QUERY_FILESYSTEM_ONLY ||
         method == FLT_FILE_NAME_QUERY_ALWAYS_ALLOW_CACHE_LOOKUP;
}

// The name of `fo` from the volume root in `format` ("\\dir\\a.txt:ads"), or,
// for FLT_FILE_NAME_SHORT, the 8.3 final component.
std::wstring PathOf(Volume* volume, PFILE_OBJECT fo, ULONG format, uint64_t* serial = nullptr) {
  const std::wstring opened(fo->FileName.Buffer, fo->FileName.Length / sizeof(WCHAR));
  wdk::FileNames names = wdk::LookupNames(ToWdk(volume), fo);
  if (serial != nullptr) *serial = names.open_serial;
  if (format == FLT_FILE_NAME_OPENED) return opened;
  const std::wstring normalized = names.found ? names.normalized : WithoutDataType(opened);
  if (format == FLT_FILE_NAME_NORMALIZED) return normalized;
  std::wstring final_component = normalized.substr(normalized.rfind(L'\\') + 1);
  final_component.resize(std::min(final_component.size(), final_component.find(L':')));
  return ShortNameOf(final_component);
}

PFLT_FILE_NAME_INFORMATION Make(const Where& w, const std::wstring& path, ULONG format,
                                const char* op, NTSTATUS* status) {
  NameRequest request;
  request.env = &w.manager->environment();
  request.owner = w.owner;
  request.format = format;
  request.operation = op;
  if (format == FLT_FILE_NAME_SHORT) {
    request.name = path;
  } else {
    const std::wstring volume = VolumeNameOf(w.volume);
    request.name = volume + path;
    request.volume_chars = volume.size();
    request.network = IsNetwork(volume);
  }
  return CreateNameInformation(request, status);
}

// The query shared by FltGetFileNameInformation(Unsafe). `target_directory`:
// a pre-create with SL_OPEN_TARGET_DIRECTORY (the parent's name).
NTSTATUS Query(const Where& w, PFILE_OBJECT fo, FLT_FILE_NAME_OPTIONS options, bool cacheable,
               bool target_directory, const char* op, PFLT_FILE_NAME_INFORMATION* out) {
  const ULONG format = FltGetFileNameFormat(options);
  const ULONG method = FltGetFileNameQueryMethod(options);
  poolsim::Environment* env = &w.manager->environment();
  uint64_t serial = 0;
  std::wstring path = PathOf(w.volume, fo, format, &serial);
  if (target_directory) {
    const size_t last = path.rfind(L'\\');
    path.resize(last == 0 || last == std::wstring::npos ? 1 : last);
  }
  const bool cached = cacheable && IsNameCached(env, fo, serial, format, path);
  if (method == FLT_FILE_NAME_QUERY_CACHE_ONLY && !cached) return STATUS_FLT_NAME_CACHE_MISS;
  NTSTATUS status = STATUS_SUCCESS;
  *out = Make(w, path, format, op, &status);
  if (*out != nullptr && cacheable && method != FLT_FILE_NAME_QUERY_FILESYSTEM_ONLY &&
      (options & FLT_FILE_NAME_DO_NOT_CACHE) == 0) {
    CacheName(env, fo, serial, format, path);
  }
  return status;
}

// 64-bit FNV-1a of `s` from `seed`.
uint64_t Fnv(const std::wstring& s, uint64_t seed) {
  uint64_t h = seed;
  for (wchar_t c : s) {
    h ^= static_cast<uint64_t>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

std::wstring GuidNameOf(const std::wstring& volume_name) {
  const std::wstring key = Lower(volume_name);
  const uint64_t a = Fnv(key, 14695981039346656037ULL);
  const uint64_t b = Fnv(key, a ^ 0x9e3779b97f4a7c15ULL);
  char text[64];
  std::snprintf(text, sizeof(text), "\\??\\Volume{%08x-%04x-%04x-%04x-%012llx}",
                static_cast<unsigned>(a >> 32), static_cast<unsigned>((a >> 16) & 0xFFFF),
                static_cast<unsigned>(a & 0xFFFF), static_cast<unsigned>(b >> 48),
                static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFULL));
  return Widen(text);
}

// The size-query protocol of FltGetVolumeName / FltGetVolumeGuidName.
NTSTATUS CopyOut(const std::wstring& name, PUNICODE_STRING out, PULONG size_needed) {
  const ULONG bytes = static_cast<ULONG>(name.size() * sizeof(WCHAR));
  if (size_needed != nullptr) *size_needed = bytes;
  if (out == nullptr || out->MaximumLength < bytes || (bytes > 0 && out->Buffer == nullptr)) {
    return STATUS_BUFFER_TOO_SMALL;
  }
  for (size_t i = 0; i < name.size(); ++i) out->Buffer[i] = name[i];
  out->Length = static_cast<USHORT>(bytes);
  return STATUS_SUCCESS;
}

poolsim::Environment& EnvOf(PFLT_VOLUME volume) {
  FilterManager* fm = volume == nullptr ? nullptr : FilterManager::ManagerOf(ToCore(volume));
  return fm != nullptr ? fm->environment() : poolsim::Ambient();
}

}  // namespace
}  // namespace fltctx_internal
}  // namespace fltctx

using fltctx::FilterManager;
using fltctx::fltctx_internal::CheckNameIrql;
using fltctx::fltctx_internal::Where;
using fltctx::wdk::ToCore;
namespace fi = fltctx::fltctx_internal;

extern "C" {

NTSTATUS FLTAPI FltGetFileNameInformation(PFLT_CALLBACK_DATA CallbackData,
                                          FLT_FILE_NAME_OPTIONS NameOptions,
                                          PFLT_FILE_NAME_INFORMATION* FileNameInformation) {
  if (FileNameInformation != nullptr) *FileNameInformation = nullptr;
  if (!CheckNameIrql(poolsim::Ambient(), "FltGetFileNameInformation", CallbackData)) {
    return STATUS_FLT_INVALID_NAME_REQUEST;
  }
  if (CallbackData == nullptr || CallbackData->Iopb == nullptr || FileNameInformation == nullptr ||
      CallbackData->Iopb->TargetFileObject == nullptr || !fi::ValidOptions(NameOptions, true)) {
    return STATUS_INVALID_PARAMETER;
  }
  PFLT_IO_PARAMETER_BLOCK iopb = CallbackData->Iopb;
  PFILE_OBJECT fo = iopb->TargetFileObject;
  if (!fltctx::fltctx_internal::CheckLiveHandle(fo, fltctx::HandleKind::kWdkFileObject,
                                                "FltGetFileNameInformation",
                                                "CallbackData->Iopb->TargetFileObject") ||
      !fltctx::fltctx_internal::CheckLiveHandle(iopb->TargetInstance,
                                                fltctx::HandleKind::kInstance,
                                                "FltGetFileNameInformation",
                                                "CallbackData->Iopb->TargetInstance")) {
    return STATUS_INVALID_PARAMETER;
  }
  Where w;
  if (!fi::Locate(iopb->TargetInstance, fo, &w)) return STATUS_INVALID_PARAMETER;
  if ((iopb->IrpFlags & IRP_PAGING_IO) != 0) return STATUS_FLT_INVALID_NAME_REQUEST;
  const bool post = (CallbackData->Flags & FLTFL_CALLBACK_DATA_POST_OPERATION) != 0;
  if (iopb->MajorFunction == IRP_MJ_CLOSE && post) return STATUS_FLT_INVALID_NAME_REQUEST;
  const bool open = FilterManager::IsOpen(ToCore(fo));
  // Not open and not being created: closed (post-close, or a stale object).
  if (!open && fo->FsContext != nullptr) return STATUS_FLT_INVALID_NAME_REQUEST;
  if (!open && FltGetFileNameFormat(NameOptions) == FLT_FILE_NAME_SHORT) {
    return STATUS_FLT_INVALID_NAME_REQUEST;  // no short name in the pre-create path
  }
  const bool target_directory = !open && iopb->MajorFunction == IRP_MJ_CREATE &&
                                (iopb->OperationFlags & SL_OPEN_TARGET_DIRECTORY) != 0;
  return fi::Query(w, fo, NameOptions, /*cacheable=*/open, target_directory,
                   "FltGetFileNameInformation", FileNameInformation);
}

NTSTATUS FLTAPI FltGetFileNameInformationUnsafe(PFILE_OBJECT FileObject, PFLT_INSTANCE Instance,
                                                FLT_FILE_NAME_OPTIONS NameOptions,
                                                PFLT_FILE_NAME_INFORMATION* FileNameInformation) {
  if (!fltctx::fltctx_internal::CheckLiveHandle(FileObject, fltctx::HandleKind::kWdkFileObject,
                                                "FltGetFileNameInformationUnsafe",
                                                "FileObject") ||
      !fltctx::fltctx_internal::CheckLiveHandle(Instance, fltctx::HandleKind::kInstance,
                                                "FltGetFileNameInformationUnsafe", "Instance")) {
    if (FileNameInformation != nullptr) *FileNameInformation = nullptr;
    return STATUS_INVALID_PARAMETER;
  }
  if (FileNameInformation != nullptr) *FileNameInformation = nullptr;
  if (!CheckNameIrql(poolsim::Ambient(), "FltGetFileNameInformationUnsafe", FileObject)) {
    return STATUS_FLT_INVALID_NAME_REQUEST;
  }
  if (FileObject == nullptr || FileNameInformation == nullptr ||
      !fi::ValidOptions(NameOptions, true)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (!FilterManager::IsOpen(ToCore(FileObject))) return STATUS_FLT_INVALID_NAME_REQUEST;
  Where w;
  if (!fi::Locate(Instance, FileObject, &w)) return STATUS_INVALID_PARAMETER;
  return fi::Query(w, FileObject, NameOptions, /*cacheable=*/true, /*target_directory=*/false,
                   "FltGetFileNameInformationUnsafe", FileNameInformation);
}

NTSTATUS FLTAPI FltGetDestinationFileNameInformation(
    PFLT_INSTANCE Instance, PFILE_OBJECT FileObject, HANDLE RootDirectory, PWSTR FileName,
    ULONG FileNameLength, FLT_FILE_NAME_OPTIONS NameOptions,
    PFLT_FILE_NAME_INFORMATION* RetFileNameInformation) {
  if (!fltctx::fltctx_internal::CheckLiveHandle(Instance, fltctx::HandleKind::kInstance,
                                                "FltGetDestinationFileNameInformation",
                                                "Instance") ||
      !fltctx::fltctx_internal::CheckLiveHandle(FileObject, fltctx::HandleKind::kWdkFileObject,
                                                "FltGetDestinationFileNameInformation",
                                                "FileObject")) {
    if (RetFileNameInformation != nullptr) *RetFileNameInformation = nullptr;
    return STATUS_INVALID_PARAMETER;
  }
  if (RetFileNameInformation != nullptr) *RetFileNameInformation = nullptr;
  if (!CheckNameIrql(poolsim::Ambient(), "FltGetDestinationFileNameInformation", FileObject)) {
    return STATUS_FLT_INVALID_NAME_REQUEST;
  }
  if (Instance == nullptr || FileObject == nullptr || FileName == nullptr ||
      RetFileNameInformation == nullptr || FileNameLength < sizeof(WCHAR) ||
      !fi::ValidOptions(NameOptions, false)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (RootDirectory != nullptr) return STATUS_NOT_SUPPORTED;
  if (!FilterManager::IsOpen(ToCore(FileObject))) return STATUS_FLT_INVALID_NAME_REQUEST;
  Where w;
  if (!fi::Locate(Instance, FileObject, &w)) return STATUS_INVALID_PARAMETER;
  const ULONG format = FltGetFileNameFormat(NameOptions);
  const std::wstring target(FileName, FileNameLength / sizeof(WCHAR));
  const std::wstring volume = fi::VolumeNameOf(w.volume);
  std::wstring path;
  if (fi::StartsWithNoCase(target, volume + L"\\")) {
    path = target.substr(volume.size());
  } else if (target[0] == L'\\') {
    path = target;
  } else {
    // Relative to the file's own directory.
    const std::wstring current = fi::PathOf(w.volume, FileObject, format);
    path = current.substr(0, current.rfind(L'\\') + 1) + target;
  }
  NTSTATUS status = STATUS_SUCCESS;
  *RetFileNameInformation =
      fi::Make(w, path, format, "FltGetDestinationFileNameInformation", &status);
  return status;
}

NTSTATUS FLTAPI FltGetTunneledName(PFLT_CALLBACK_DATA CallbackData,
                                   PFLT_FILE_NAME_INFORMATION FileNameInformation,
                                   PFLT_FILE_NAME_INFORMATION* RetTunneledFileNameInformation) {
  if (RetTunneledFileNameInformation != nullptr) *RetTunneledFileNameInformation = nullptr;
  poolsim::Environment& env = poolsim::Ambient();
  if (!CheckNameIrql(env, "FltGetTunneledName", FileNameInformation)) {
    return STATUS_FLT_INVALID_NAME_REQUEST;
  }
  if (CallbackData == nullptr || RetTunneledFileNameInformation == nullptr) {
    return STATUS_INVALID_PARAMETER;
  }
  if (!fi::LookupNameInformation(FileNameInformation, nullptr)) {
    fi::RaiseNotAName(env, FileNameInformation, "FltGetTunneledName");
    return STATUS_INVALID_PARAMETER;
  }
  return STATUS_SUCCESS;  // no tunnel cache: no tunnelled name
}

VOID FLTAPI FltReferenceFileNameInformation(PFLT_FILE_NAME_INFORMATION FileNameInformation) {
  poolsim::Environment& env = poolsim::Ambient();
  if (!CheckNameIrql(env, "FltReferenceFileNameInformation", FileNameInformation)) return;
  if (!fi::ReferenceNameInformation(FileNameInformation, "FltReferenceFileNameInformation")) {
    fi::RaiseNotAName(env, FileNameInformation, "FltReferenceFileNameInformation");
  }
}

VOID FLTAPI FltReleaseFileNameInformation(PFLT_FILE_NAME_INFORMATION FileNameInformation) {
  poolsim::Environment& env = poolsim::Ambient();
  if (!CheckNameIrql(env, "FltReleaseFileNameInformation", FileNameInformation)) return;
  if (!fi::ReleaseNameInformation(FileNameInformation)) {
    fi::RaiseNotAName(env, FileNameInformation, "FltReleaseFileNameInformation");
  }
}

NTSTATUS FLTAPI FltParseFileNameInformation(PFLT_FILE_NAME_INFORMATION FileNameInformation) {
  poolsim::Environment& env = poolsim::Ambient();
  if (!CheckNameIrql(env, "FltParseFileNameInformation", FileNameInformation)) {
    return STATUS_INVALID_PARAMETER;
  }
  fi::NameFacts facts;
  if (!fi::LookupNameInformation(FileNameInformation, &facts)) {
    fi::RaiseNotAName(env, FileNameInformation, "FltParseFileNameInformation");
    return STATUS_INVALID_PARAMETER;
  }
  PFLT_FILE_NAME_INFORMATION info = FileNameInformation;
  const std::wstring_view name(info->Name.Buffer, info->Name.Length / sizeof(WCHAR));
  const fltctx::NameParts parts = fltctx::ParseFileName(
      name, facts.volume_chars, facts.network, static_cast<fltctx::NameFormat>(facts.format));
  auto fill = [info](const fltctx::NameRange& range, UNICODE_STRING* out) {
    *out = UNICODE_STRING{};
    if (!range.present || range.length == 0) return;
    out->Buffer = info->Name.Buffer + range.offset;
    out->Length = static_cast<USHORT>(range.length * sizeof(WCHAR));
    out->MaximumLength = out->Length;
  };
  fill(parts.extension, &info->Extension);
  fill(parts.stream, &info->Stream);
  fill(parts.final_component, &info->FinalComponent);
  fill(parts.parent_dir, &info->ParentDir);
  info->NamesParsed = FLTFL_FILE_NAME_PARSED_FINAL_COMPONENT | FLTFL_FILE_NAME_PARSED_EXTENSION |
                      FLTFL_FILE_NAME_PARSED_STREAM | FLTFL_FILE_NAME_PARSED_PARENT_DIR;
  return STATUS_SUCCESS;
}

NTSTATUS FLTAPI FltGetVolumeName(PFLT_VOLUME Volume, PUNICODE_STRING VolumeName,
                                 PULONG BufferSizeNeeded) {
  if (!fltctx::fltctx_internal::CheckLiveHandle(Volume, fltctx::HandleKind::kVolume,
                                                "FltGetVolumeName", "Volume")) {
    return STATUS_INVALID_PARAMETER;
  }
  if (!CheckNameIrql(fi::EnvOf(Volume), "FltGetVolumeName", Volume)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (Volume == nullptr || (VolumeName == nullptr && BufferSizeNeeded == nullptr)) {
    return STATUS_INVALID_PARAMETER;
  }
  return fi::CopyOut(fi::VolumeNameOf(ToCore(Volume)), VolumeName, BufferSizeNeeded);
}

NTSTATUS FLTAPI FltGetVolumeGuidName(PFLT_VOLUME Volume, PUNICODE_STRING VolumeGuidName,
                                     PULONG BufferSizeNeeded) {
  if (!fltctx::fltctx_internal::CheckLiveHandle(Volume, fltctx::HandleKind::kVolume,
                                                "FltGetVolumeGuidName", "Volume")) {
    return STATUS_INVALID_PARAMETER;
  }
  poolsim::Environment& env = fi::EnvOf(Volume);
  if (!CheckNameIrql(env, "FltGetVolumeGuidName", Volume, poolsim::kPassiveLevel)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (Volume == nullptr || (VolumeGuidName == nullptr && BufferSizeNeeded == nullptr)) {
    return STATUS_INVALID_PARAMETER;
  }
  const std::wstring volume = fi::VolumeNameOf(ToCore(Volume));
  if (fi::IsNetwork(volume)) return STATUS_INVALID_DEVICE_REQUEST;
  // The mount manager query allocates: the fault injector may fail it.
  if (env.ShouldInjectFault("FltGetVolumeGuidName",
                            poolsim::PoolTag(fi::kNameInformationTag))) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  return fi::CopyOut(fi::GuidNameOf(volume), VolumeGuidName, BufferSizeNeeded);
}

}  // extern "C"
