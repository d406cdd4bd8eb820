// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/internal/file_object_refs.h
// -----------------------------------------------------------------------------
//
// The references drivers take with ObReferenceObject to the FILE_OBJECTs of
// simulated creates (test side, internal to fltctx/io), and the IRP_MJ_CLOSE
// they hold back. As on Windows, the last handle's close sends
// IRP_MJ_CLEANUP at once, and IRP_MJ_CLOSE comes when the last reference
// goes: on the dereferencing thread at PASSIVE_LEVEL or APC_LEVEL, on a
// worker thread when the last ObDereferenceObject runs at DISPATCH_LEVEL
// (the object manager defers the deletion to a system worker there).
// References never released are in the leak report ("file object
// reference", with the stack that took each). A reference to a file object
// that is not open (before its create completes, or after its close) is not
// an object reference at all: ObReferenceObject raises 0x18 as for any
// pointer that is not an object.
//
// Thread-safe. Lock order: the registry's mutex takes no other; a close
// runs with it released.
//
// IWYU pragma: private, internal to fltctx/io.

#ifndef FLTCTX_IO_INTERNAL_FILE_OBJECT_REFS_H_
#define FLTCTX_IO_INTERNAL_FILE_OBJECT_REFS_H_

#include <functional>

#include "fltctx/wdk/fltkernel.h"

namespace fltctx {
namespace io {
namespace io_internal {

// DeferCloseWhileReferenced()
//
// Called when the test closes the last handle of `fo`, after the cleanup.
// Returns true if drivers hold references to `fo`: `send_close` is kept and
// runs when the last of them goes. Returns false (nothing kept) if none is
// held: the caller sends IRP_MJ_CLOSE now.
bool DeferCloseWhileReferenced(PFILE_OBJECT fo, std::function<void()> send_close);

// WaitForDeferredCloses()
//
// Waits for the worker threads that ran closes released at DISPATCH_LEVEL.
// Called by a volume before it goes.
void WaitForDeferredCloses();

// DriverReferences()
//
// The references drivers hold to `fo` now (for tests).
size_t DriverReferences(PFILE_OBJECT fo);

}  // namespace io_internal
}  // namespace io
}  // namespace fltctx

#endif  // FLTCTX_IO_INTERNAL_FILE_OBJECT_REFS_H_
