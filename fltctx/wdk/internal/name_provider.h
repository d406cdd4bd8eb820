// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/internal/name_provider.h
// -----------------------------------------------------------------------------
//
// The private contract between the file-name functions of the WDK surface
// (fltctx/wdk/file_names.cc) and the simulated file system (fltctx/io): a
// volume's file system answers "what is this file object's name now". The
// simulated I/O path registers one provider per volume it mounts; a volume
// without one (made by fltctx/wdk/simulation.h alone) falls back to the
// FILE_OBJECT's FileName.
//
// IWYU pragma: private, internal to fltctx/wdk and fltctx/io.

#ifndef FLTCTX_WDK_INTERNAL_NAME_PROVIDER_H_
#define FLTCTX_WDK_INTERNAL_NAME_PROVIDER_H_

#include <cstdint>
#include <functional>
#include <string>

#include "fltctx/wdk/fltkernel.h"

namespace fltctx {
namespace wdk {

// FileNames
//
// What the file system says of one file object, each name from the volume
// root ("\\dir\\a.txt:ads").
struct FileNames {
  // The current name: long names, the case stored on disk, after renames,
  // the link the file object was opened by, the stream without ":$DATA".
  // For a file object still being created, the target as the file system
  // would resolve it.
  std::wstring normalized;
  // Identifies this open of the file object (0 while it is being created),
  // so a name cached for an earlier file object at the same address is not
  // found.
  uint64_t open_serial = 0;
  // False if the name cannot be resolved (the file object is unknown).
  bool found = false;
};

// Returns the names of `file_object` (on the provider's volume).
using NameProvider = std::function<FileNames(PFILE_OBJECT file_object)>;

// Registers `provider` for `volume`; returns an id for RemoveNameProvider.
// Thread-safe.
uint64_t AddNameProvider(PFLT_VOLUME volume, NameProvider provider);
void RemoveNameProvider(uint64_t id);

// Asks `volume`'s provider; without one, `found` is false. The provider runs
// with no lock of this registry held. Thread-safe.
FileNames LookupNames(PFLT_VOLUME volume, PFILE_OBJECT file_object);

}  // namespace wdk
}  // namespace fltctx

#endif  // FLTCTX_WDK_INTERNAL_NAME_PROVIDER_H_
