// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/simulation.cc
// -----------------------------------------------------------------------------
//
// The test side of the WDK surface (compat layer): object creation and
// teardown as the I/O manager and the file system drive them.

#include "fltctx/wdk/simulation.h"

#include <string>

namespace fltctx {
namespace wdk {
namespace {

// The name of a file object made from a narrow name (each char widened).
std::wstring Widen(const std::string& name) { return std::wstring(name.begin(), name.end()); }

}  // namespace

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
  return MakeFileObject(fm, fm.OpenFileObject(stream), Widen(options.name));
}

PFILE_OBJECT OpenAgain(PFILE_OBJECT file_object) {
  FileObject* core = ToCore(file_object);
  FilterManager& fm = *FilterManager::ManagerOf(core);
  std::string name;
  for (USHORT i = 0; i < file_object->FileName.Length / sizeof(WCHAR); ++i) {
    name.push_back(static_cast<char>(file_object->FileName.Buffer[i]));
  }
  return MakeFileObject(fm, fm.OpenFileObject(FilterManager::StreamOf(core)), Widen(name));
}

PFILE_OBJECT NewFileObject(PFLT_VOLUME volume, const std::wstring& name) {
  FilterManager& fm = *FilterManager::ManagerOf(ToCore(volume));
  return MakeFileObject(fm, fm.NewFileObject(ToCore(volume)), name);
}

void CompleteOpen(PFILE_OBJECT file_object, Stream* stream) {
  CompleteFileObjectOpen(file_object, stream);
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
