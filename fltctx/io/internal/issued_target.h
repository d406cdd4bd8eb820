// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/internal/issued_target.h
// -----------------------------------------------------------------------------
//
// The I/O target of one simulated volume (test side, internal to fltctx/io):
// what the WDK surface's I/O functions (FltReadFile, FltCreateFileEx2,
// FltPerformSynchronousIo, ...) reach through fltctx/wdk/internal/io_target.h.
// A request a filter issues goes through the volume's Dispatcher from below
// the initiating instance (Dispatcher::SendBelow) to the FileSystem, which
// carries out what it implements unchanged; a major function the file system
// does not implement fails as on a real one (STATUS_INVALID_DEVICE_REQUEST).
// Volume information (IRP_MJ_QUERY_VOLUME_INFORMATION) and flushes are
// answered here, from the volume's setup.
//
// Lock order: its own lock (the ECP lists of prepared creates) is a leaf,
// never held while the Dispatcher or the FileSystem runs.

#ifndef FLTCTX_IO_INTERNAL_ISSUED_TARGET_H_
#define FLTCTX_IO_INTERNAL_ISSUED_TARGET_H_

#include <memory>

#include "fltctx/filter_manager.h"
#include "fltctx/io/internal/dispatcher.h"
#include "fltctx/io/internal/file_system.h"
#include "fltctx/wdk/internal/io_target.h"

namespace fltctx {
namespace io {
namespace io_internal {

// What the target says of its volume (FltGetFileSystemType, ...), from the
// volume's options: a volume without stream contexts is a network
// redirector (FLT_FSTYPE_MUP), one without named streams FAT, else NTFS.
wdk::VolumeFacts FactsOf(const VolumeOptions& volume, const FileSystemOptions& fs);

// Returns the target of a volume whose file system and dispatcher are `fs`
// and `dispatcher`. `owner` keeps them alive: once it expires the target
// fails every request with STATUS_VOLUME_DISMOUNTED. Register it with
// wdk::AddIoTarget. Thread-safe.
std::shared_ptr<wdk::IoTarget> MakeIssuedTarget(std::weak_ptr<void> owner,
                                                FilterManager& manager, PFLT_VOLUME volume,
                                                FileSystem& fs, Dispatcher& dispatcher,
                                                wdk::VolumeFacts facts);

}  // namespace io_internal
}  // namespace io
}  // namespace fltctx

#endif  // FLTCTX_IO_INTERNAL_ISSUED_TARGET_H_
