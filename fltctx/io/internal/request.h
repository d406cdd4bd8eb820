// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/internal/request.h
// -----------------------------------------------------------------------------
//
// One simulated I/O request (test side, internal to fltctx/io): the
// FLT_CALLBACK_DATA and FLT_IO_PARAMETER_BLOCK the filters see, built by the
// Volume/Handle API, sent down the stack by the Dispatcher and carried out by
// the FileSystem.

#ifndef FLTCTX_IO_INTERNAL_REQUEST_H_
#define FLTCTX_IO_INTERNAL_REQUEST_H_

#include <cstring>

#include "fltctx/wdk/fltkernel.h"
#include "ob/processes.h"

namespace fltctx {
namespace io {
namespace io_internal {

constexpr ULONG kIrpSynchronousApi = 0x00000004;

// Request
//
// One request on its way down and up the stack. Lives on the issuing
// thread's stack; not copyable (data.Iopb points into it).
struct Request {
  FLT_IO_PARAMETER_BLOCK iopb;
  FLT_CALLBACK_DATA data;
  Request(UCHAR major, PFILE_OBJECT fo) {
    std::memset(&iopb, 0, sizeof(iopb));
    std::memset(&data, 0, sizeof(data));
    iopb.MajorFunction = major;
    iopb.IrpFlags = kIrpSynchronousApi;
    iopb.TargetFileObject = fo;
    data.Flags = FLTFL_CALLBACK_DATA_IRP_OPERATION;
    data.Iopb = &iopb;
    data.RequestorMode = UserMode;
    data.Thread = ob::CurrentThread(poolsim::Ambient());  // the issuing thread
  }
  Request(const Request&) = delete;
  Request& operator=(const Request&) = delete;
};

}  // namespace io_internal
}  // namespace io
}  // namespace fltctx

#endif  // FLTCTX_IO_INTERNAL_REQUEST_H_
