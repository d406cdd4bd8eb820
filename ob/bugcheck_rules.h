// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ob/bugcheck_rules.h
// -----------------------------------------------------------------------------
//
// Catalogue table (object-manager layer): the stop codes and rows the
// simulated object manager (handles, object references, processes) and the
// registry raise. ob/bugcheck_rules.cc registers them with poolsim's
// catalogue. This is one of the files where stop-code numbers may be
// spelled. REFERENCE_BY_POINTER (0x18) and INVALID_KERNEL_HANDLE (0x93) are
// retail stop codes; parameter 2 of 0x93 is its documented sub-code.

#ifndef OB_BUGCHECK_RULES_H_
#define OB_BUGCHECK_RULES_H_

#include "poolsim/bugcheck_codes.h"
#include "poolsim/bugcheck_rule.h"

namespace ob {

namespace stop_code {
inline constexpr poolsim::StopCode kReferenceByPointer{
    0x18, "REFERENCE_BY_POINTER",
    "an object's reference count went below what its state allows (dereferenced too often)"};
inline constexpr poolsim::StopCode kInvalidKernelHandle{
    0x93, "INVALID_KERNEL_HANDLE",
    "kernel code closed or referenced a kernel handle that is not valid (closed twice)"};
}  // namespace stop_code

namespace bugcheck_rule {

using poolsim::BugCheckRule;
inline constexpr int kNone = BugCheckRule::kNoSubcode;

inline constexpr BugCheckRule kIrqlTooHigh{
    &poolsim::stop_code::kIrqlNotLessOrEqual, kNone, 0, "ob.irql",
    {"the object, handle or key named", "the current IRQL", "the highest IRQL the call allows",
     "0"},
    "an object-manager, process or registry routine called above the IRQL it allows "
    "(PASSIVE_LEVEL for Zw*, handles and the registry, DISPATCH_LEVEL for references)",
    "open, query and close handles and registry keys at PASSIVE_LEVEL only (queue a work "
    "item from higher IRQL)",
    "ZwClose, NtClose, ObReferenceObjectByHandle, ObOpenObjectByPointer, ZwOpenProcess, "
    "ObfReferenceObject, ObfDereferenceObject, ZwOpenKey, ZwCreateKey, ZwQueryValueKey, "
    "ZwSetValueKey, ZwDeleteValueKey, ZwEnumerateValueKey, RtlQueryRegistryValues, "
    "IoOpenDriverRegistryKey"};

inline constexpr BugCheckRule kDereferenceBelowZero{
    &stop_code::kReferenceByPointer, kNone, 0, "ob.reference.below_zero",
    {"the object's type (POBJECT_TYPE)", "the object", "0", "0"},
    "ObDereferenceObject of an object the driver holds no reference to (one dereference "
    "too many: the count would drop below what the kernel and the open handles hold)",
    "pair every ObReferenceObject, ObReferenceObjectByHandle and referencing lookup with "
    "exactly one ObDereferenceObject",
    "ObfDereferenceObject, ObDereferenceObject"};

inline constexpr BugCheckRule kNotAnObject{
    &stop_code::kReferenceByPointer, kNone, 0, "ob.reference.not_an_object",
    {"0 (no object type)", "the address", "0", "0"},
    "ObReferenceObject or ObDereferenceObject of an address that is not a live kernel object "
    "(never one, or deleted after its last reference)",
    "reference only objects the kernel handed out, and only while a reference is held",
    "ObfReferenceObject, ObfDereferenceObject, ObOpenObjectByPointer"};

inline constexpr BugCheckRule kCloseInvalidKernelHandle{
    &stop_code::kInvalidKernelHandle, 1, 1, "ob.handle.close_invalid",
    {"the handle", "1 (an invalid handle was closed)", "0", "0"},
    "ZwClose or NtClose of a kernel handle that is not open (closed twice, or never opened)",
    "close each handle once; clear the variable holding it when it is closed",
    "ZwClose, NtClose"};

}  // namespace bugcheck_rule
}  // namespace ob

#endif  // OB_BUGCHECK_RULES_H_
