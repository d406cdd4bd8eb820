// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/internal/handles.cc
// -----------------------------------------------------------------------------
//
// The FILE_OBJECT peers of core file objects (compat layer).

#include "fltctx/wdk/internal/handles.h"

#include "fltctx/live_handles.h"

#include <cstring>
#include <string>
#include <type_traits>

#include "fltctx/live_handles.h"

namespace fltctx {
namespace wdk {
namespace {

// A FILE_OBJECT and the storage of its name (standard layout: a
// PFILE_OBJECT converts to its peer).
struct FileObjectPeer {
  FILE_OBJECT object;
  WCHAR* name;
};

static_assert(std::is_standard_layout<FileObjectPeer>::value, "FILE_OBJECT must be first");

void DeletePeer(void* p) {
  auto* peer = static_cast<FileObjectPeer*>(p);
  fltctx_internal::UnregisterHandle(&peer->object);
  delete[] peer->name;
  delete peer;
}

}  // namespace

PFILE_OBJECT MakeFileObject(FilterManager& manager, FileObject* core, const std::wstring& name) {
  auto* peer = new FileObjectPeer;
  std::memset(&peer->object, 0, sizeof(peer->object));
  peer->object.Type = IO_TYPE_FILE;
  peer->object.Size = static_cast<CSHORT>(sizeof(FILE_OBJECT));
  peer->object.FsContext = FilterManager::StreamOf(core);
  peer->object.FsContext2 = core;
  peer->name = new WCHAR[name.size() + 1];
  for (size_t i = 0; i < name.size(); ++i) peer->name[i] = static_cast<WCHAR>(name[i]);
  peer->name[name.size()] = 0;
  PFILE_OBJECT fo = &peer->object;
  fo->FileName.Buffer = peer->name;
  fo->FileName.Length = static_cast<USHORT>(name.size() * sizeof(WCHAR));
  fo->FileName.MaximumLength = fo->FileName.Length;
  manager.SetPeer(core, peer, &DeletePeer);
  fltctx_internal::RegisterHandle(fo, HandleKind::kWdkFileObject);
  return fo;
}

void CompleteFileObjectOpen(PFILE_OBJECT file_object, Stream* stream) {
  FileObject* core = ToCore(file_object);
  FilterManager::ManagerOf(core)->CompleteOpen(core, stream);
  file_object->FsContext = stream;
}

}  // namespace wdk
}  // namespace fltctx
