// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/objects.h
// -----------------------------------------------------------------------------
//
// The simulated objects contexts attach to, as the core API names them (core
// layer, C++): the opaque handles, the options a volume or stream is created
// with, and the ContextTarget a set, get or delete call addresses.
//
// IWYU pragma: private, include "fltctx/filter_manager.h"

#ifndef FLTCTX_OBJECTS_H_
#define FLTCTX_OBJECTS_H_

#include <cstdint>
#include <string>

#include "fltctx/context_type.h"

namespace fltctx {

class FilterManager;

// Opaque simulated objects. Their addresses are the WDK handles (PFLT_FILTER,
// PFLT_VOLUME, PFLT_INSTANCE, PKTRANSACTION); they stay valid until the
// FilterManager is destroyed, even after teardown.
struct Filter;
struct Volume;
struct Instance;
struct Stream;
struct FileObject;
struct Transaction;

// VolumeOptions
//
// A simulated volume and what its file system supports.
struct VolumeOptions {
  std::string name = "\\Device\\HarddiskVolume1";
  bool supports_stream_contexts = true;         // advanced FCB header
  bool supports_stream_handle_contexts = true;
  bool supports_file_contexts = true;           // the file system's own support
  bool filter_manager_file_contexts = true;     // emulated on stream contexts
  bool supports_data_scan = true;
};

// StreamOptions
struct StreamOptions {
  std::string name = "\\file.txt";
  // Another stream of the same file (an alternate data stream); null makes a
  // new file.
  Stream* same_file_as = nullptr;
  bool paging_file = false;  // contexts are not supported on it
  uint64_t size = 4096;      // 0 makes FltCreateSectionForDataScan fail (EOF)
};

enum class SetMode { kReplaceIfExists, kKeepIfExists };

// ContextTarget
//
// The object (and key) a set, get or delete call addresses.
struct ContextTarget {
  ContextType type = ContextType::kStream;
  Filter* filter = nullptr;  // volume contexts: get/delete
  Volume* volume = nullptr;  // volume contexts
  Instance* instance = nullptr;
  FileObject* file_object = nullptr;
  Transaction* transaction = nullptr;

  static ContextTarget VolumeOf(Filter* f, Volume* v) {
    ContextTarget t;
    t.type = ContextType::kVolume;
    t.filter = f;
    t.volume = v;
    return t;
  }
  static ContextTarget InstanceOf(Instance* i) {
    ContextTarget t;
    t.type = ContextType::kInstance;
    t.instance = i;
    return t;
  }
  static ContextTarget OnFileObject(ContextType type, Instance* i, FileObject* fo) {
    ContextTarget t;
    t.type = type;
    t.instance = i;
    t.file_object = fo;
    return t;
  }
  static ContextTarget TransactionOf(Instance* i, Transaction* tx) {
    ContextTarget t;
    t.type = ContextType::kTransaction;
    t.instance = i;
    t.transaction = tx;
    return t;
  }
};

}  // namespace fltctx

#endif  // FLTCTX_OBJECTS_H_
