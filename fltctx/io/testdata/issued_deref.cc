// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/testdata/issued_deref.cc
// -----------------------------------------------------------------------------
//
// Test data of fltctx/io: IssuedDereferenceFileObject.

#include "fltctx/io/testdata/issued_deref.h"

#include "fltctx/wdk/internal/file_handles.h"

extern "C" BOOLEAN IssuedDereferenceFileObject(PFILE_OBJECT FileObject) {
  return fltctx::fltctx_internal::ReleaseIssuedFileObject(FileObject) ? TRUE : FALSE;
}
