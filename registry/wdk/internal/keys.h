// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: registry/wdk/internal/keys.h
// -----------------------------------------------------------------------------
//
// Key objects and handles, names and value layouts of the registry surface
// (compat layer, C++ only). A key handle refers to a key object of the key
// type (one per open, as Windows makes one per open), which names the key's
// canonical path; the object goes with its last handle or reference.
//
// IWYU pragma: private.

#ifndef REGISTRY_WDK_INTERNAL_KEYS_H_
#define REGISTRY_WDK_INTERNAL_KEYS_H_

#include <string>

#include "poolsim/environment.h"
#include "registry/registry.h"
#include "wdkhost/wdk/objects.h"
#include "wdkhost/wdk/registry.h"

namespace registry {
namespace registry_internal {

// The key object type (*CmKeyObjectType).
POBJECT_TYPE KeyType();

// Maps generic rights and MAXIMUM_ALLOWED to key rights.
ACCESS_MASK MapKeyAccess(ACCESS_MASK desired);

// Opens a handle to a new key object for canonical `path` (which exists).
// STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.
NTSTATUS OpenKeyHandle(poolsim::Environment& env, const std::wstring& path,
                       ACCESS_MASK desired, ULONG attributes, const char* api, HANDLE* handle);

// The canonical path of key handle `handle`, checked for `needed` access:
// STATUS_SUCCESS, STATUS_INVALID_HANDLE, STATUS_OBJECT_TYPE_MISMATCH or
// STATUS_ACCESS_DENIED.
NTSTATUS KeyOfHandle(poolsim::Environment& env, HANDLE handle, ACCESS_MASK needed,
                     std::wstring* path);

// The full name ObjectAttributes give (its RootDirectory's path joined with
// its ObjectName), after checking the structure and the name's counted
// string (a bad pointer is reported for `api`). STATUS_SUCCESS or the
// documented failure (see zw_registry.h).
NTSTATUS ResolveName(poolsim::Environment& env, POBJECT_ATTRIBUTES attributes, const char* api,
                     std::wstring* path);

// The counted string `s` (checked: a NULL pointer is reported for `api`) as
// a wide string; false after a report or for a malformed string.
bool ReadCounted(PCUNICODE_STRING s, const char* api, const char* parameter,
                 std::wstring* out);

// Writes `value` in the layout of `info_class` into `buffer` (`length`
// bytes) and the needed size into *result, with the STATUS_BUFFER_OVERFLOW /
// STATUS_BUFFER_TOO_SMALL rules of ZwQueryValueKey.
NTSTATUS WriteValueInformation(const Value& value, KEY_VALUE_INFORMATION_CLASS info_class,
                               void* buffer, ULONG length, ULONG* result);

}  // namespace registry_internal
}  // namespace registry

#endif  // REGISTRY_WDK_INTERNAL_KEYS_H_
