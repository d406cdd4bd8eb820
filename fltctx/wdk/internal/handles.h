// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/internal/handles.h
// -----------------------------------------------------------------------------
//
// Conversions between WDK handles and core objects, and the FILE_OBJECT that
// stands for a core file object (compat layer, C++ only). Shared by the WDK
// surface (fltkernel.cc), its test side (simulation.cc) and the simulated
// I/O path (fltctx/io); the public simulation.h re-exports the conversions.
//
// IWYU pragma: private, include "fltctx/wdk/simulation.h".

#ifndef FLTCTX_WDK_INTERNAL_HANDLES_H_
#define FLTCTX_WDK_INTERNAL_HANDLES_H_

#include <string>

#include "fltctx/filter_manager.h"
#include "fltctx/wdk/fltkernel.h"

namespace fltctx {
namespace wdk {

// Conversions between WDK handles and core objects.
inline Filter* ToCore(PFLT_FILTER f) { return reinterpret_cast<Filter*>(f); }
inline Volume* ToCore(PFLT_VOLUME v) { return reinterpret_cast<Volume*>(v); }
inline Instance* ToCore(PFLT_INSTANCE i) { return reinterpret_cast<Instance*>(i); }
inline Transaction* ToCore(PKTRANSACTION t) { return reinterpret_cast<Transaction*>(t); }
inline FileObject* ToCore(PFILE_OBJECT fo) {
  return fo == nullptr ? nullptr : static_cast<FileObject*>(fo->FsContext2);
}
inline PFLT_FILTER ToWdk(Filter* f) { return reinterpret_cast<PFLT_FILTER>(f); }
inline PFLT_VOLUME ToWdk(Volume* v) { return reinterpret_cast<PFLT_VOLUME>(v); }
inline PFLT_INSTANCE ToWdk(Instance* i) { return reinterpret_cast<PFLT_INSTANCE>(i); }
inline PKTRANSACTION ToWdk(Transaction* t) { return reinterpret_cast<PKTRANSACTION>(t); }
// Returns the FILE_OBJECT of a core file object made by MakeFileObject.
inline PFILE_OBJECT ToWdk(FileObject* fo) {
  return static_cast<PFILE_OBJECT>(FilterManager::PeerOf(fo));
}

// Returns the FilterManager `filter` is registered with.
inline FilterManager& ManagerOf(PFLT_FILTER filter) {
  return *FilterManager::ManagerOf(ToCore(filter));
}

// The FLT_RELATED_OBJECTS a callback of `instance` receives: its filter,
// volume and instance, and `tx` and `file_object` (either may be null).
inline FLT_RELATED_OBJECTS RelatedObjects(Instance* instance, Transaction* tx,
                                          PFILE_OBJECT file_object = nullptr) {
  FLT_RELATED_OBJECTS o = {};
  o.Size = sizeof(FLT_RELATED_OBJECTS);
  o.Filter = ToWdk(FilterManager::FilterOf(instance));
  o.Volume = ToWdk(FilterManager::VolumeOf(instance));
  o.Instance = ToWdk(instance);
  o.FileObject = file_object;
  o.Transaction = tx == nullptr ? nullptr : ToWdk(tx);
  // A file object opened inside a transaction names it (its
  // TXN_PARAMETER_BLOCK, fltctx/io).
  if (o.Transaction == nullptr && file_object != nullptr &&
      file_object->FileObjectExtension != nullptr) {
    o.Transaction = static_cast<PKTRANSACTION>(
        static_cast<PTXN_PARAMETER_BLOCK>(file_object->FileObjectExtension)->TransactionObject);
  }
  return o;
}

// Makes the FILE_OBJECT of `core` (a file object of `manager`), named `name`:
// FsContext is the core stream (null before the open completes), FsContext2
// the core file object. The manager frees it with the core file object.
PFILE_OBJECT MakeFileObject(FilterManager& manager, FileObject* core, const std::wstring& name);

// The file system opened `stream` on `file_object` (the core's CompleteOpen,
// and FsContext set to the stream).
void CompleteFileObjectOpen(PFILE_OBJECT file_object, Stream* stream);

}  // namespace wdk
}  // namespace fltctx

#endif  // FLTCTX_WDK_INTERNAL_HANDLES_H_
