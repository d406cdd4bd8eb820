/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: registry/wdk/zw_registry.h
 * -----------------------------------------------------------------------------
 *
 * The WDK-named registry surface (registry layer): key handles (ZwOpenKey,
 * ZwCreateKey, IoOpenDriverRegistryKey; closed with ZwClose), values
 * (ZwQueryValueKey, ZwSetValueKey, ZwDeleteValueKey, ZwEnumerateValueKey)
 * and RtlQueryRegistryValues, over the test-side registry the test seeds
 * (registry/registry.h). Types and constants: wdkhost/wdk/registry.h. Reached
 * through <wdm.h>, <ntddk.h>, <ntifs.h> and <fltKernel.h>. C and C++.
 *
 * Every routine here runs at PASSIVE_LEVEL (IRQL_NOT_LESS_OR_EQUAL, 0xA,
 * above it); a NULL pointer the routine would read or write is the access
 * violation Windows takes (0x1E); a handle that is not an open key handle of
 * the caller is STATUS_INVALID_HANDLE (another object's handle
 * STATUS_OBJECT_TYPE_MISMATCH). Key handles come from the object manager's
 * table (ob/objects.h): one never closed is in the leak report with the stack
 * that opened it. */

#ifndef REGISTRY_WDK_ZW_REGISTRY_H_
#define REGISTRY_WDK_ZW_REGISTRY_H_

#include "poolsim/wdk/ntdef.h"
#include "wdkhost/wdk/objects.h"
#include "wdkhost/wdk/registry.h"

POOLSIM_BEGIN_EXTERN_C

#ifndef STATUS_KEY_DELETED
#define STATUS_KEY_DELETED ((NTSTATUS)0xC000017CL)
#endif

/* Extra RtlQueryRegistryValues flags and the DIRECT type-check values. */
#ifndef RTL_QUERY_REGISTRY_NOSTRING
#define RTL_QUERY_REGISTRY_NOSTRING 0x00000080
#endif
#define REG_OPTION_CREATE_LINK 0x00000002L
#define REG_OPTION_BACKUP_RESTORE 0x00000004L
#define REG_OPTION_OPEN_LINK 0x00000008L
#define REG_OPTION_DONT_VIRTUALIZE 0x00000010L

/* The key object type (ObReferenceObjectByHandle on a key handle). */
extern POBJECT_TYPE* CmKeyObjectType;

/* Opens the key ObjectAttributes names (absolute, or relative to its
 * RootDirectory key handle). STATUS_SUCCESS; STATUS_OBJECT_NAME_NOT_FOUND (no
 * such key, or a name outside \Registry); STATUS_OBJECT_PATH_SYNTAX_BAD (a
 * relative name without RootDirectory); STATUS_INVALID_PARAMETER (a bad
 * Length, undefined attributes, or a malformed name);
 * STATUS_INSUFFICIENT_RESOURCES (the fault injector). */
NTSYSAPI NTSTATUS NTAPI ZwOpenKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                                  POBJECT_ATTRIBUTES ObjectAttributes);

/* Opens the key, or creates it when its parent exists (only the last
 * component is created, as Windows does). *Disposition (optional) receives
 * REG_CREATED_NEW_KEY or REG_OPENED_EXISTING_KEY. As ZwOpenKey, and
 * STATUS_INVALID_PARAMETER for undefined CreateOptions. TitleIndex and Class
 * are ignored. */
NTSYSAPI NTSTATUS NTAPI ZwCreateKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                                    POBJECT_ATTRIBUTES ObjectAttributes, ULONG TitleIndex,
                                    PUNICODE_STRING Class, ULONG CreateOptions,
                                    PULONG Disposition);

/* Returns value ValueName of the key in KeyValueInformationClass's layout
 * (basic, full, partial, and their Align64 forms). *ResultLength receives the
 * size the whole answer needs. STATUS_SUCCESS; STATUS_BUFFER_OVERFLOW (Length
 * holds the fixed part, which is written, but not the rest);
 * STATUS_BUFFER_TOO_SMALL (Length does not hold the fixed part; nothing
 * written); STATUS_OBJECT_NAME_NOT_FOUND (no such value);
 * STATUS_INVALID_PARAMETER (an undefined or layered-key class);
 * STATUS_ACCESS_DENIED (the handle lacks KEY_QUERY_VALUE). */
NTSYSAPI NTSTATUS NTAPI ZwQueryValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName,
                                        KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
                                        PVOID KeyValueInformation, ULONG Length,
                                        PULONG ResultLength);

/* Returns the value at Index (creation order) as ZwQueryValueKey does;
 * STATUS_NO_MORE_ENTRIES past the last. */
NTSYSAPI NTSTATUS NTAPI ZwEnumerateValueKey(HANDLE KeyHandle, ULONG Index,
                                            KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
                                            PVOID KeyValueInformation, ULONG Length,
                                            PULONG ResultLength);

/* Creates or replaces value ValueName. STATUS_SUCCESS; STATUS_ACCESS_DENIED
 * (no KEY_SET_VALUE). TitleIndex is ignored. */
NTSYSAPI NTSTATUS NTAPI ZwSetValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName,
                                      ULONG TitleIndex, ULONG Type, PVOID Data, ULONG DataSize);

/* Deletes value ValueName. STATUS_SUCCESS; STATUS_OBJECT_NAME_NOT_FOUND;
 * STATUS_ACCESS_DENIED (no KEY_SET_VALUE). */
NTSYSAPI NTSTATUS NTAPI ZwDeleteValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName);

/* Runs QueryTable against the key RelativeTo and Path name (see
 * docs/objects-and-registry.md for the flags: SUBKEY, TOPKEY, REQUIRED,
 * NOVALUE, NOEXPAND, DIRECT, DELETE, TYPECHECK, and defaults).
 * STATUS_SUCCESS; STATUS_OBJECT_NAME_NOT_FOUND (the key, or a REQUIRED value,
 * is missing; the key is not with RTL_REGISTRY_OPTIONAL);
 * STATUS_BUFFER_TOO_SMALL (a DIRECT buffer is too small);
 * STATUS_OBJECT_TYPE_MISMATCH (TYPECHECK); STATUS_INVALID_PARAMETER (an
 * undefined RelativeTo or flag); STATUS_INSUFFICIENT_RESOURCES (a DIRECT
 * string buffer could not be allocated); or what a QueryRoutine returned.
 * A DIRECT string whose Buffer is NULL is allocated from paged pool: the
 * driver frees it with RtlFreeUnicodeString. Environment is ignored. */
NTSYSAPI NTSTATUS NTAPI RtlQueryRegistryValues(ULONG RelativeTo, PCWSTR Path,
                                               PRTL_QUERY_REGISTRY_TABLE QueryTable,
                                               PVOID Context, PVOID Environment);

/* Opens (creating it if missing) the driver's Parameters key (the service
 * key's Parameters subkey), or its persistent-state keys ("State" and
 * "SharedState" subkeys: the documentation does not say where these live).
 * The service is the DriverObject's DriverExtension->ServiceKeyName, else the
 * last component of its DriverName. STATUS_SUCCESS; STATUS_INVALID_PARAMETER
 * (Flags not 0, an undefined RegKeyType, a driver object without a name);
 * STATUS_INSUFFICIENT_RESOURCES (the fault injector). */
NTSTATUS NTAPI IoOpenDriverRegistryKey(PDRIVER_OBJECT DriverObject,
                                       DRIVER_REGKEY_TYPE RegKeyType, ACCESS_MASK DesiredAccess,
                                       ULONG Flags, PHANDLE DriverRegKey);

POOLSIM_END_EXTERN_C

#endif /* REGISTRY_WDK_ZW_REGISTRY_H_ */
