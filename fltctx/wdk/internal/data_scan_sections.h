// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/internal/data_scan_sections.h
// -----------------------------------------------------------------------------
//
// The section handles FltCreateSectionForDataScan hands out, and what each
// stands for (compat layer, C++ only), so that ZwMapViewOfSection
// (fltctx/wdk/issued_sections.cc) can map a copy of the stream's data. A
// handle is recorded when the section is created and forgotten when
// FltCloseSectionForDataScan closes it.
//
// IWYU pragma: private, internal to fltctx/wdk.

#ifndef FLTCTX_WDK_INTERNAL_DATA_SCAN_SECTIONS_H_
#define FLTCTX_WDK_INTERNAL_DATA_SCAN_SECTIONS_H_

#include "fltctx/wdk/fltkernel.h"

namespace fltctx {
namespace fltctx_internal {

// DataScanSection
struct DataScanSection {
  PFLT_INSTANCE instance = nullptr;
  PFILE_OBJECT file_object = nullptr;
  PFLT_CONTEXT section_context = nullptr;
};

// Records / forgets the section `handle` stands for. Thread-safe.
void RecordDataScanSection(HANDLE handle, const DataScanSection& section);
void ForgetDataScanSection(PFLT_CONTEXT section_context);
// True and `*section` if `handle` is a live data-scan section handle.
bool LookupDataScanSection(HANDLE handle, DataScanSection* section);

// The size of the stream `file_object` (open on `instance`'s volume) as the
// file system reports it, asked from the top of the filter stack as the
// memory manager asks (FileStandardInformation). STATUS_FILE_CLOSED or
// STATUS_INVALID_PARAMETER when it is not open there (CheckOpenOn),
// STATUS_INVALID_DEVICE_REQUEST when the volume has no file system (a
// simulation-only volume); otherwise the query's status.
// The query is the issued-I/O layer's (fltctx/wdk/issued_sections.cc),
// registered at static initialization; without it every volume is
// simulation-only.
NTSTATUS QueryDataScanFileSize(PFLT_INSTANCE instance, PFILE_OBJECT file_object,
                               LONGLONG* size);
using DataScanFileSizeQuery = NTSTATUS (*)(PFLT_INSTANCE, PFILE_OBJECT, LONGLONG*);
void SetDataScanFileSizeQuery(DataScanFileSizeQuery query);

}  // namespace fltctx_internal
}  // namespace fltctx

#endif  // FLTCTX_WDK_INTERNAL_DATA_SCAN_SECTIONS_H_
