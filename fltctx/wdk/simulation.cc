// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0

#include "fltctx/wdk/simulation.h"

#include <cstring>
#include <string>
#include <type_traits>

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
  delete[] peer->name;
  delete peer;
}

PFILE_OBJECT MakePeer(FilterManager& fm, FileObject* core) {
  auto* peer = new FileObjectPeer;
  std::memset(&peer->object, 0, sizeof(peer->object));
  peer->name = nullptr;
  peer->object.Type = IO_TYPE_FILE;
  peer->object.Size = static_cast<CSHORT>(sizeof(FILE_OBJECT));
  peer->object.FsContext = FilterManager::StreamOf(core);
  peer->object.FsContext2 = core;
  fm.SetPeer(core, peer, &DeletePeer);
  return &peer->object;
}

void SetWideName(PFILE_OBJECT fo, const std::wstring& name) {
  auto* peer = reinterpret_cast<FileObjectPeer*>(fo);
  delete[] peer->name;
  peer->name = new WCHAR[name.size() + 1];
  for (size_t i = 0; i < name.size(); ++i) peer->name[i] = static_cast<WCHAR>(name[i]);
  peer->name[name.size()] = 0;
  fo->FileName.Buffer = peer->name;
  fo->FileName.Length = static_cast<USHORT>(name.size() * sizeof(WCHAR));
  fo->FileName.MaximumLength = fo->FileName.Length;
}

void SetName(PFILE_OBJECT fo, const std::string& name) {
  auto* peer = reinterpret_cast<FileObjectPeer*>(fo);
  delete[] peer->name;
  peer->name = new WCHAR[name.size() + 1];
  for (size_t i = 0; i < name.size(); ++i) peer->name[i] = static_cast<WCHAR>(name[i]);
  peer->name[name.size()] = 0;
  fo->FileName.Buffer = peer->name;
  fo->FileName.Length = static_cast<USHORT>(name.size() * sizeof(WCHAR));
  fo->FileName.MaximumLength = fo->FileName.Length;
}

}  // namespace

PFILE_OBJECT ToWdk(FileObject* fo) {
  return static_cast<PFILE_OBJECT>(FilterManager::PeerOf(fo));
}

FilterManager& ManagerOf(PFLT_FILTER filter) {
  return *FilterManager::ManagerOf(ToCore(filter));
}

PFLT_VOLUME CreateVolume(FilterManager& manager, const VolumeOptions& options) {
  return ToWdk(manager.CreateVolume(options));
}

void DismountVolume(PFLT_VOLUME volume) {
  FilterManager::ManagerOf(ToCore(volume))->DismountVolume(ToCore(volume));
}

PFLT_INSTANCE AttachInstance(PFLT_FILTER filter, PFLT_VOLUME volume,
                             FLT_INSTANCE_SETUP_FLAGS flags) {
  return ToWdk(ManagerOf(filter).AttachInstance(ToCore(filter), ToCore(volume), flags));
}

PFLT_INSTANCE AttachInstanceAt(PFLT_FILTER filter, PFLT_VOLUME volume, const std::string& altitude,
                               FLT_INSTANCE_SETUP_FLAGS flags) {
  return ToWdk(ManagerOf(filter).AttachInstance(ToCore(filter), ToCore(volume), flags, altitude));
}

void DetachInstance(PFLT_INSTANCE instance, FLT_INSTANCE_TEARDOWN_FLAGS reason) {
  FilterManager::ManagerOf(ToCore(instance))->DetachInstance(ToCore(instance), reason);
}

PFILE_OBJECT OpenFile(PFLT_VOLUME volume, const StreamOptions& options) {
  FilterManager& fm = *FilterManager::ManagerOf(ToCore(volume));
  Stream* stream = fm.CreateStream(ToCore(volume), options);
  PFILE_OBJECT fo = MakePeer(fm, fm.OpenFileObject(stream));
  SetName(fo, options.name);
  return fo;
}

PFILE_OBJECT OpenAgain(PFILE_OBJECT file_object) {
  FileObject* core = ToCore(file_object);
  FilterManager& fm = *FilterManager::ManagerOf(core);
  PFILE_OBJECT fo = MakePeer(fm, fm.OpenFileObject(FilterManager::StreamOf(core)));
  std::string name;
  for (USHORT i = 0; i < file_object->FileName.Length / sizeof(WCHAR); ++i) {
    name.push_back(static_cast<char>(file_object->FileName.Buffer[i]));
  }
  SetName(fo, name);
  return fo;
}

PFILE_OBJECT NewFileObject(PFLT_VOLUME volume, const std::wstring& name) {
  FilterManager& fm = *FilterManager::ManagerOf(ToCore(volume));
  PFILE_OBJECT fo = MakePeer(fm, fm.NewFileObject(ToCore(volume)));
  SetWideName(fo, name);
  return fo;
}

void CompleteOpen(PFILE_OBJECT file_object, Stream* stream) {
  FileObject* core = ToCore(file_object);
  FilterManager::ManagerOf(core)->CompleteOpen(core, stream);
  file_object->FsContext = stream;
}

void AbandonOpen(PFILE_OBJECT file_object) {
  FileObject* core = ToCore(file_object);
  FilterManager::ManagerOf(core)->AbandonFileObject(core);
}

Stream* StreamOf(PFILE_OBJECT file_object) { return FilterManager::StreamOf(ToCore(file_object)); }

void CloseFileObject(PFILE_OBJECT file_object) {
  FileObject* core = ToCore(file_object);
  FilterManager::ManagerOf(core)->CloseFileObject(core);
}

PKTRANSACTION CreateTransaction(FilterManager& manager) {
  return ToWdk(manager.CreateTransaction());
}

void CompleteTransaction(PKTRANSACTION transaction, bool commit) {
  FilterManager::ManagerOf(ToCore(transaction))->CompleteTransaction(ToCore(transaction), commit);
}

}  // namespace wdk
}  // namespace fltctx
