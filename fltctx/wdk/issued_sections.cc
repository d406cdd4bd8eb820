// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/issued_sections.cc
// -----------------------------------------------------------------------------
//
// ZwMapViewOfSection and ZwUnmapViewOfSection on a data-scan section
// (compat layer): a view is a copy of the stream's data, read through the
// filter stack as the memory manager's paging reads are, in a paged-pool
// block (tag 'MmSt') that ZwUnmapViewOfSection frees; a view never unmapped
// is in the leak report with the stack that mapped it. Rules:
// docs/issued-io.md.

#include <cstring>
#include <map>

#include "absl/base/thread_annotations.h"
#include "fltctx/filter_manager.h"
#include "fltctx/live_handles.h"
#include "fltctx/wdk/internal/data_scan_sections.h"
#include "fltctx/wdk/internal/handles.h"
#include "fltctx/wdk/internal/issued_common.h"
#include "fltctx/wdk/issued_io.h"
#include "poolsim/environment.h"
#include "poolsim/internal/lock.h"

namespace fi = fltctx::fltctx_internal;
using fltctx::FilterManager;
using poolsim::PointerAccess;

namespace {

namespace poolsim_internal = poolsim::poolsim_internal;

constexpr ULONG kViewTag = 0x74536D4D;  // 'MmSt'
constexpr ULONG kPagedPool = 1;
constexpr LONGLONG kAllocationGranularity = 64 * 1024;
constexpr ULONG kPage = 4096;
constexpr ULONG kValidAllocationTypes = MEM_RESERVE | MEM_TOP_DOWN | MEM_LARGE_PAGES;

struct Views {
  poolsim_internal::Mutex mu;
  std::map<PVOID, poolsim::Environment*> views ABSL_GUARDED_BY(mu);
};

Views& TheViews() {
  static Views* views = new Views();
  return *views;
}

// The stream's size as the memory manager learns it: a standard-information
// query from the top of the stack.
NTSTATUS FileSizeFromTheTop(PFLT_INSTANCE instance, PFILE_OBJECT file_object, LONGLONG* size) {
  fi::IssuedPath path = fi::PathOf(instance);
  path.instance = nullptr;
  NTSTATUS status = fi::CheckOpenOn(path, file_object);
  if (!NT_SUCCESS(status)) return status;
  if (path.target == nullptr) return STATUS_INVALID_DEVICE_REQUEST;
  FILE_STANDARD_INFORMATION standard = {};
  FLT_IO_PARAMETER_BLOCK query = {};
  query.MajorFunction = IRP_MJ_QUERY_INFORMATION;
  query.IrpFlags = IRP_SYNCHRONOUS_API;
  query.TargetFileObject = file_object;
  query.Parameters.QueryFileInformation.Length = sizeof(standard);
  query.Parameters.QueryFileInformation.FileInformationClass = FileStandardInformation;
  query.Parameters.QueryFileInformation.InfoBuffer = &standard;
  IO_STATUS_BLOCK iosb;
  status = fi::Issue(path, query, &iosb);
  if (!NT_SUCCESS(status)) return status;
  *size = standard.EndOfFile.QuadPart;
  return STATUS_SUCCESS;
}

const bool kFileSizeQueryRegistered = [] {
  fi::SetDataScanFileSizeQuery(FileSizeFromTheTop);
  return true;
}();

bool IsCurrentProcess(HANDLE process) { return process == ZwCurrentProcess(); }

bool ValidProtection(ULONG protect) {
  switch (protect) {
    case PAGE_READONLY:
    case PAGE_READWRITE:
    case PAGE_WRITECOPY:
    case PAGE_EXECUTE_READ:
      return true;
    default:
      return false;
  }
}

}  // namespace

extern "C" {

NTSTATUS NTAPI ZwMapViewOfSection(HANDLE SectionHandle, HANDLE ProcessHandle, PVOID* BaseAddress,
                                  ULONG_PTR ZeroBits, SIZE_T CommitSize,
                                  PLARGE_INTEGER SectionOffset, PSIZE_T ViewSize,
                                  SECTION_INHERIT InheritDisposition, ULONG AllocationType,
                                  ULONG Win32Protect) {
  constexpr const char* kApi = "ZwMapViewOfSection";
  (void)ZeroBits;
  (void)CommitSize;
  if (!fi::CheckIssuedIrql(kApi, SectionHandle, poolsim::kPassiveLevel) ||
      !fi::CheckArgument(BaseAddress, kApi, "BaseAddress", PointerAccess::kWrite) ||
      !fi::CheckArgument(ViewSize, kApi, "ViewSize", PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  fi::DataScanSection section;
  if (!fi::LookupDataScanSection(SectionHandle, &section)) return STATUS_INVALID_HANDLE;
  if (!IsCurrentProcess(ProcessHandle)) return STATUS_INVALID_HANDLE;
  if (*BaseAddress != nullptr) return STATUS_CONFLICTING_ADDRESSES;
  if (InheritDisposition != ViewShare && InheritDisposition != ViewUnmap) {
    return STATUS_INVALID_PARAMETER_8;
  }
  if ((AllocationType & ~kValidAllocationTypes) != 0) return STATUS_INVALID_PARAMETER_9;
  if (!ValidProtection(Win32Protect)) return STATUS_INVALID_PAGE_PROTECTION;
  const LONGLONG offset = SectionOffset != nullptr ? SectionOffset->QuadPart : 0;
  if (offset < 0 || offset % kAllocationGranularity != 0) return STATUS_MAPPED_ALIGNMENT;
  if (!fltctx::IsLiveHandle(section.instance, fltctx::HandleKind::kInstance) ||
      !fltctx::IsLiveHandle(section.file_object, fltctx::HandleKind::kWdkFileObject)) {
    return STATUS_INVALID_HANDLE;
  }

  // The stream's size and data, from the top of the stack as paging I/O.
  fi::IssuedPath path = fi::PathOf(section.instance);
  path.instance = nullptr;
  LONGLONG size = 0;
  NTSTATUS status = fi::QueryDataScanFileSize(section.instance, section.file_object, &size);
  if (!NT_SUCCESS(status)) return status;
  if (size == 0) return STATUS_MAPPED_FILE_SIZE_ZERO;
  if (offset >= size) return STATUS_INVALID_VIEW_SIZE;
  const LONGLONG rest = size - offset;
  const LONGLONG wanted = *ViewSize == 0 ? rest : static_cast<LONGLONG>(*ViewSize);
  if (wanted > rest || wanted > 0x7FFFFFFF) return STATUS_INVALID_VIEW_SIZE;
  const ULONG bytes = static_cast<ULONG>((wanted + kPage - 1) / kPage * kPage);

  poolsim::Environment& env = path.manager->environment();
  poolsim::AllocateRequest ar;
  ar.bytes = bytes;
  ar.tag = poolsim::PoolTag(kViewTag);
  ar.kind = poolsim::PoolKind::kPaged;
  ar.pool_type = kPagedPool;
  ar.zero = true;
  ar.legacy_tag_rules = false;
  ar.skip_frames = 1;
  void* view = env.Allocate(ar);
  if (view == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
  FLT_IO_PARAMETER_BLOCK read = {};
  read.MajorFunction = IRP_MJ_READ;
  read.IrpFlags = IRP_PAGING_IO | IRP_NOCACHE | IRP_SYNCHRONOUS_PAGING_IO | IRP_READ_OPERATION;
  read.TargetFileObject = section.file_object;
  read.Parameters.Read.Length = static_cast<ULONG>(wanted);
  read.Parameters.Read.ByteOffset.QuadPart = offset;
  read.Parameters.Read.ReadBuffer = view;
  const LARGE_INTEGER saved = section.file_object->CurrentByteOffset;
  IO_STATUS_BLOCK iosb;
  status = fi::Issue(path, read, &iosb);
  section.file_object->CurrentByteOffset = saved;  // paging I/O moves no file pointer
  if (!NT_SUCCESS(status)) {
    env.Free(view, poolsim::PoolTag(kViewTag), true, 0);
    return status;
  }
  {
    Views& v = TheViews();
    poolsim_internal::MutexLock l(&v.mu);
    v.views[view] = &env;
  }
  *BaseAddress = view;
  *ViewSize = static_cast<SIZE_T>(wanted);
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI ZwUnmapViewOfSection(HANDLE ProcessHandle, PVOID BaseAddress) {
  constexpr const char* kApi = "ZwUnmapViewOfSection";
  if (!fi::CheckIssuedIrql(kApi, BaseAddress, poolsim::kPassiveLevel)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (!IsCurrentProcess(ProcessHandle)) return STATUS_INVALID_HANDLE;
  poolsim::Environment* env = nullptr;
  {
    Views& v = TheViews();
    poolsim_internal::MutexLock l(&v.mu);
    auto it = v.views.find(BaseAddress);
    if (it == v.views.end()) return STATUS_NOT_MAPPED_VIEW;
    env = it->second;
    v.views.erase(it);
  }
  env->Free(BaseAddress, poolsim::PoolTag(kViewTag), true, 0);
  return STATUS_SUCCESS;
}

}  // extern "C"
