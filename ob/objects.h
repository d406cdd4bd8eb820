// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ob/objects.h
// -----------------------------------------------------------------------------
//
// The simulated object manager's core (object-manager layer, C++): object
// types, the object header of every kernel object (its pointer count, the
// references a driver took and the stack of each), and the kernel handle
// table. The WDK names (ObReferenceObject, ZwClose, ...) are thin wrappers in
// ob/wdk/ob.h; other layers use this header to make their objects
// referenceable and to hand out handles to them:
//
//   // once: a type for the layer's objects, with what closing a handle and
//   // dropping the last reference do.
//   static _OBJECT_TYPE kMyType = {"MyObject", 'jbOM', &OnLastHandle, &OnDelete};
//   ob::InsertObject(env, body, &kMyType, "my object \\a");   // kernel reference
//   HANDLE h;
//   ob::CreateHandle(env, body, access, OBJ_KERNEL_HANDLE, "MyCreate", 1, &h);
//   ...
//   ob::RemoveObject(env, body);  // the kernel's reference goes
//
// The state lives per poolsim::Environment and goes with it. Handles never
// closed, and references a driver took and never released, are leaked
// objects of the Environment's leak report (kinds "handle" and "object
// reference"), each with the stack that took it.
//
// Thread-safe: one lock per Environment (a leaf); no type procedure, bug
// check or pool call runs while it is held.

#ifndef OB_OBJECTS_H_
#define OB_OBJECTS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "poolsim/environment.h"
#include "wdkhost/wdk/objects.h"

// _OBJECT_TYPE
//
// One kind of kernel object (what POBJECT_TYPE points to). A layer defines
// its types as objects with static storage duration. Both procedures may be
// null and run with no lock held.
struct _OBJECT_TYPE {
  const char* name;  // "Process", "Key", "File", ...
  ULONG pool_tag;    // the tag Windows gives the type's objects, for reports
  // After a handle to `body` was closed; `handles_left` are still open.
  void (*close_procedure)(void* body, uint64_t handles_left);
  // After the last reference (kernel, handle or driver) to `body` went.
  void (*delete_procedure)(void* body);
};

namespace ob {

// The predefined types (what *PsProcessType, *PsThreadType, *IoFileObjectType
// and *TmTransactionObjectType hold). Their procedures are null: the layer
// that owns such an object frees it. (The registry defines the key type,
// *CmKeyObjectType, in registry/wdk.)
POBJECT_TYPE ProcessType();
POBJECT_TYPE ThreadType();
POBJECT_TYPE FileType();
POBJECT_TYPE TransactionType();

// --- objects --------------------------------------------------------------

// Makes `body` a kernel object of `type` holding one kernel reference (the
// owner's). `description` names it in reports ("process 1234 (scanner.exe)").
// Returns false (and changes nothing) if `body` is already an object.
bool InsertObject(poolsim::Environment& env, void* body, POBJECT_TYPE type,
                  std::string description);

// Drops the kernel reference InsertObject gave. An object the driver still
// references, or that still has handles, stays (and is reported) until they
// go. Returns false if `body` is not an object or its kernel reference went.
bool RemoveObject(poolsim::Environment& env, void* body);

// ReferenceOutcome
enum class ReferenceOutcome {
  kOk,
  kNotAnObject,  // `body` is not a live object
  kBelowZero,    // a dereference the driver holds no reference for
};

// Adds a driver reference to `body`, taken by `operation`, with the caller's
// stack (`skip_frames` frames above the caller left out). Any IRQL (the WDK
// wrapper checks it). *type receives the object's type when not null.
ReferenceOutcome ReferenceObject(poolsim::Environment& env, void* body, const char* operation,
                                 int skip_frames, POBJECT_TYPE* type = nullptr);

// Drops the newest driver reference to `body`; the last reference of all
// runs the type's delete procedure. A driver holding none is kBelowZero and
// nothing changes. *type receives the object's type when not null.
ReferenceOutcome DereferenceObject(poolsim::Environment& env, void* body,
                                   POBJECT_TYPE* type = nullptr);

// ForeignObjects
//
// Objects another layer keeps (the FILE_OBJECTs of FltCreateFile* and of
// simulated I/O), which ObReferenceObject / ObDereferenceObject reach when
// `body` is not an object of this table. `reference` returns false if the
// object is not the layer's; `dereference` returns kNotAnObject for the
// same, kBelowZero if the driver holds no reference. `type` is the objects'
// type (for reports). Each layer sets its own slot once at static
// initialization; slots are asked in order (0 first), so a layer whose
// objects another layer's check would also accept takes the lower slot.
struct ForeignObjects {
  bool (*reference)(void* body, const char* operation) = nullptr;
  ReferenceOutcome (*dereference)(void* body) = nullptr;
  POBJECT_TYPE (*type)() = nullptr;
};
constexpr int kForeignObjectSlots = 4;
constexpr int kIssuedFileObjectSlot = 0;     // FltCreateFile*'s (fltctx/wdk)
constexpr int kSimulatedFileObjectSlot = 1;  // simulated I/O's (fltctx/io)
void SetForeignObjects(const ForeignObjects& objects, int slot);

// ReferenceObject() and DereferenceObject() for objects of this table
// first, then the foreign ones.
ReferenceOutcome ReferenceAnyObject(poolsim::Environment& env, void* body, const char* operation,
                                    int skip_frames, POBJECT_TYPE* type = nullptr);
ReferenceOutcome DereferenceAnyObject(poolsim::Environment& env, void* body,
                                      POBJECT_TYPE* type = nullptr);

// Returns true if `body` is a live object; fills *type when not null.
bool LookupObject(poolsim::Environment& env, const void* body, POBJECT_TYPE* type = nullptr);

// The object's pointer count (kernel reference + handles + driver
// references), or -1 if `body` is not an object.
int64_t PointerCount(poolsim::Environment& env, const void* body);

// --- handles --------------------------------------------------------------

// HandleEntry
//
// What an open handle refers to.
struct HandleEntry {
  void* object = nullptr;
  POBJECT_TYPE type = nullptr;
  ACCESS_MASK granted = 0;
  bool kernel = false;     // OBJ_KERNEL_HANDLE: in the kernel's table
  uint32_t process = 0;    // the process whose table holds a non-kernel handle
};

// HandleOutcome
enum class HandleOutcome {
  kOk,
  kInsufficientResources,  // the fault injector failed the handle-table entry
  kNotAnObject,            // `body` is not a live object
};

// Opens a handle to `body` (one more handle reference), granted `granted`.
// With OBJ_KERNEL_HANDLE in `attributes` it is a kernel handle (values
// 0xFFFFFFFF80000004, ...8, as Windows forms them), else a handle of the
// calling thread's process (4, 8, ...). Values are not reused while the
// Environment lives, so a second close is always detected. `operation` and
// the caller's stack go to the leak report while the handle is open. The
// fault injector can fail it (api `operation`, tag 'Obtb').
HandleOutcome CreateHandle(poolsim::Environment& env, void* body, ACCESS_MASK granted,
                           ULONG attributes, const char* operation, int skip_frames,
                           HANDLE* handle);

// Fills *entry (when not null) and returns true if `handle` is open and the
// calling thread may use it (a kernel handle, or one of its process's).
bool LookupHandle(poolsim::Environment& env, HANDLE handle, HandleEntry* entry);

// CloseOutcome
enum class CloseOutcome {
  kClosed,
  kInvalidHandle,        // not an open handle of the caller
  kInvalidKernelHandle,  // a kernel handle's value that is not open (closed twice)
};

// Closes `handle`: the type's close procedure runs, then the handle's
// reference is dropped (the last one runs the delete procedure).
CloseOutcome CloseHandle(poolsim::Environment& env, HANDLE handle);

// True if `handle` has the form of a kernel handle (top bit set, not a
// pseudo-handle such as NtCurrentProcess()).
bool IsKernelHandleValue(HANDLE handle);

// The handles open in `env` (all processes).
size_t OpenHandleCount(poolsim::Environment& env);

}  // namespace ob

#endif  // OB_OBJECTS_H_
