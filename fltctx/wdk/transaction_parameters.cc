// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/transaction_parameters.cc
// -----------------------------------------------------------------------------
//
// IoGetTransactionParameterBlock (compat layer): the transaction parameter
// block of a file object whose create named a transaction. The simulated
// I/O (fltctx/io) keeps that block for the file object, from its create
// until its IRP_MJ_CLOSE, and points the FILE_OBJECT's FileObjectExtension
// at it.

#include "absl/base/attributes.h"
#include "fltctx/live_handles.h"
#include "fltctx/wdk/fltkernel.h"
#include "fltctx/wdk/internal/bugchecks.h"
#include "poolsim/environment.h"
#include "poolsim/pointer_check.h"

extern "C" ABSL_ATTRIBUTE_NOINLINE PTXN_PARAMETER_BLOCK NTAPI
IoGetTransactionParameterBlock(PFILE_OBJECT FileObject) {
  // Any IRQL. A NULL file object is the access violation Windows takes; one
  // that is not a live file object, the not-a-live-handle report.
  if (!poolsim::CheckPointerArgument(poolsim::Ambient(), FileObject,
                                     "IoGetTransactionParameterBlock", "FileObject",
                                     poolsim::PointerAccess::kRead, 1) ||
      !fltctx::fltctx_internal::CheckLiveHandle(FileObject, fltctx::HandleKind::kWdkFileObject,
                                                "IoGetTransactionParameterBlock",
                                                "FileObject")) {
    return nullptr;
  }
  return static_cast<PTXN_PARAMETER_BLOCK>(FileObject->FileObjectExtension);
}
