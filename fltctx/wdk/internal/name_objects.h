// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/internal/name_objects.h
// -----------------------------------------------------------------------------
//
// The FLT_FILE_NAME_INFORMATION objects the name queries return (compat
// layer, C++ only): each is one paged-pool block (tag 'FMfn') holding the
// structure and the name's characters, with a reference count and the stack
// of every reference still held. References never released appear in the
// leak report as leaked objects (kind "name information"), like context
// references. Also the filter manager's name cache (what
// FLT_FILE_NAME_QUERY_CACHE_ONLY finds).
//
// The records live per poolsim::Environment: they go with it.
//
// IWYU pragma: private, internal to fltctx/wdk.

#ifndef FLTCTX_WDK_INTERNAL_NAME_OBJECTS_H_
#define FLTCTX_WDK_INTERNAL_NAME_OBJECTS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "fltctx/wdk/fltkernel.h"
#include "poolsim/environment.h"
#include "poolsim/irql.h"

namespace fltctx {
namespace fltctx_internal {

// The pool tag of name information ('FMfn', the filter manager's file-name
// tag).
inline constexpr ULONG kNameInformationTag = 0x6e664d46;  // 'FMfn' little-endian

// NameRequest
//
// One name object to make.
struct NameRequest {
  poolsim::Environment* env = nullptr;
  std::string owner;             // the filter that asked ("(unknown)" if none)
  std::wstring name;             // the full name (volume included)
  FLT_FILE_NAME_OPTIONS format = 0;  // FLT_FILE_NAME_NORMALIZED, _OPENED, _SHORT
  size_t volume_chars = 0;       // the volume's length in `name` (0 for a short name)
  bool network = false;          // the volume is a network redirector (shares)
  const char* operation = "";    // the WDK call, for the report
};

// NameFacts
//
// What a live name object remembers beyond its structure.
struct NameFacts {
  size_t volume_chars = 0;
  bool network = false;
  FLT_FILE_NAME_OPTIONS format = 0;
};

// Makes a name object with one reference (taken by `request.operation`),
// Volume and Share already parsed. Returns NULL with
// STATUS_INSUFFICIENT_RESOURCES in *status when the pool allocation fails
// (the fault injector can fail it), else STATUS_SUCCESS. Thread-safe.
PFLT_FILE_NAME_INFORMATION CreateNameInformation(const NameRequest& request, NTSTATUS* status);

// Adds a reference (taken by `operation`). Returns false if `info` is not a
// live name object (nothing changes). Thread-safe.
bool ReferenceNameInformation(PFLT_FILE_NAME_INFORMATION info, const char* operation);

// Drops the newest reference; the last one frees the block. Returns false if
// `info` is not a live name object. Thread-safe.
bool ReleaseNameInformation(PFLT_FILE_NAME_INFORMATION info);

// Fills `*facts` and returns true if `info` is a live name object.
bool LookupNameInformation(PFLT_FILE_NAME_INFORMATION info, NameFacts* facts);

// The name cache of `env`: the name a successful query of `file_object` in
// `format` found (with caching allowed). Lookup returns false when there is
// no entry or the entry no longer equals `current` (a rename invalidated it).
// `serial` tells apart opens of file objects at the same address.
void CacheName(poolsim::Environment* env, PFILE_OBJECT file_object, uint64_t serial,
               FLT_FILE_NAME_OPTIONS format, const std::wstring& name);
bool IsNameCached(poolsim::Environment* env, PFILE_OBJECT file_object, uint64_t serial,
                  FLT_FILE_NAME_OPTIONS format, const std::wstring& current);

// The bug checks of the name functions (rows of fltctx/bugcheck_rules.h).
// IRQL_NOT_LESS_OR_EQUAL above `max` (APC_LEVEL for most name calls,
// PASSIVE_LEVEL for FltGetVolumeGuidName): returns false after raising.
bool CheckNameIrql(poolsim::Environment& env, const char* op, const void* object,
                   poolsim::Irql max = poolsim::kApcLevel);
// KMODE_EXCEPTION_NOT_HANDLED: `p` is not a live name object.
void RaiseNotAName(poolsim::Environment& env, const void* p, const char* op);

}  // namespace fltctx_internal
}  // namespace fltctx

#endif  // FLTCTX_WDK_INTERNAL_NAME_OBJECTS_H_
