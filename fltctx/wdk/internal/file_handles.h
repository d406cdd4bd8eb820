// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/internal/file_handles.h
// -----------------------------------------------------------------------------
//
// The file handles FltCreateFile, FltCreateFileEx and FltCreateFileEx2 open
// and FltClose closes, and the references to their FILE_OBJECTs those calls
// hand out (compat layer, C++ only). This is the one place handles of issued
// I/O are made and closed: each handle is a nonpaged-pool block (tag
// 'ObHd', the object manager's handle tag) whose address is the HANDLE
// value, recorded with the stack that opened it. A handle never closed, or a
// file-object reference never dropped, is in the leak report (kinds "file
// handle" and "file object reference") with the stack that took it.
//
// On Windows FltClose is ZwClose of a kernel handle, and the reference is
// dropped with ObDereferenceObject; a generic handle table and the Ob*
// functions can take these records over through this interface.
//
// The records live per poolsim::Environment: they go with it.
//
// IWYU pragma: private, internal to fltctx/wdk.

#ifndef FLTCTX_WDK_INTERNAL_FILE_HANDLES_H_
#define FLTCTX_WDK_INTERNAL_FILE_HANDLES_H_

#include <string>

#include "fltctx/wdk/fltkernel.h"
#include "poolsim/environment.h"

namespace fltctx {
namespace fltctx_internal {

// The pool tag of a file handle ('ObHd').
inline constexpr ULONG kFileHandleTag = 0x6448624F;  // 'ObHd' little-endian

// FileHandleFacts
//
// What a handle stands for.
struct FileHandleFacts {
  PFILE_OBJECT file_object = nullptr;
  PFLT_INSTANCE instance = nullptr;  // the instance the create was sent below (or NULL)
  PFLT_VOLUME volume = nullptr;
};

// Allocates a handle for a create about to be sent (`facts.file_object` is
// set later, by BindFileHandle). Returns NULL with
// STATUS_INSUFFICIENT_RESOURCES in *status when the pool allocation fails
// (the fault injector can fail it). `owner` names the filter for reports;
// `operation` the WDK call. Thread-safe.
HANDLE CreateFileHandle(poolsim::Environment* env, const std::string& owner,
                        const FileHandleFacts& facts, const char* operation, NTSTATUS* status);
// The create succeeded: the handle stands for `file_object` (named `name`).
void BindFileHandle(HANDLE handle, PFILE_OBJECT file_object, const std::wstring& name);
// The create failed: the handle goes without a trace. Thread-safe.
void DiscardFileHandle(HANDLE handle);

// Returns true and fills `*facts` if `handle` is an open file handle.
bool LookupFileHandle(HANDLE handle, FileHandleFacts* facts);

// CloseFileHandle()
//
// Closes `handle` (its block is freed). Returns false if it is not an open
// file handle (nothing changes). `*last` is true when no reference to the
// file object remains: the caller then sends IRP_MJ_CLOSE. Thread-safe.
bool CloseFileHandle(HANDLE handle, FileHandleFacts* facts, bool* last);

// Returns true if `file_object` came from an issued create and is still
// tracked (its handle or a reference is left). Thread-safe.
bool IsIssuedFileObject(PFILE_OBJECT file_object);

// Adds a reference to the file object of an issued create, taken by
// `operation` (FltCreateFileEx, FltCreateFileEx2). Thread-safe.
void ReferenceIssuedFileObject(PFILE_OBJECT file_object, const char* operation);

// DereferenceIssuedFileObject()
//
// Drops the newest reference to `file_object`. Returns false if it holds
// none (nothing changes). `*last` is true when its handle is closed and this
// was the last reference: the caller sends IRP_MJ_CLOSE (`*facts` says
// where). What ObDereferenceObject does for an issued file object.
bool DereferenceIssuedFileObject(PFILE_OBJECT file_object, FileHandleFacts* facts, bool* last);

// ReleaseIssuedFileObject()
//
// What ObDereferenceObject of a FILE_OBJECT from FltCreateFileEx(2) does:
// drops the reference and, if its handle is closed and no reference is
// left, sends IRP_MJ_CLOSE below the instance the create was sent below.
// Returns false if `file_object` holds no such reference (nothing changes).
// PASSIVE_LEVEL (the close may run filter callbacks). Defined with the
// creates (fltctx/wdk/issued_create.cc).
bool ReleaseIssuedFileObject(PFILE_OBJECT file_object);

}  // namespace fltctx_internal
}  // namespace fltctx

#endif  // FLTCTX_WDK_INTERNAL_FILE_HANDLES_H_
