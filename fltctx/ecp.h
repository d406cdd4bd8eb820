// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/ecp.h
// -----------------------------------------------------------------------------
//
// Core layer: extra create parameters (ECPs). An ECP list is a paged pool
// block (tag 'FSel'); an ECP context is the caller's bytes in a pool block of
// the caller's tag (paged, or nonpaged on request) behind a 32-byte header,
// its type a GUID. Freeing a list frees the ECPs in it, running each one's
// cleanup callback first, as freeing a single ECP does. The ECP list of a
// create travels with the create's callback data: whoever builds the create
// (the simulated I/O, or a test) attaches it with SetCreateEcpList and clears
// it when the create is over. Every leaked list or context is a pool block in
// the leak report with the stack that allocated it.
//
// The WDK-named surface is fltctx/wdk/ecp.h; the rules are in
// docs/ports-and-ecps.md. Thread-safe: one registry lock, released while a
// cleanup callback or the pool runs.

#ifndef FLTCTX_ECP_H_
#define FLTCTX_ECP_H_

#include <array>
#include <cstdint>
#include <functional>

#include "poolsim/environment.h"

namespace fltctx {

// 'FSel': the pool tag of ECP lists.
inline constexpr uint32_t kEcpListTag = 0x6c655346;
// Bytes of the header in front of each ECP context.
inline constexpr size_t kEcpHeaderBytes = 32;

using EcpType = std::array<uint8_t, 16>;  // a GUID's bytes

// EcpOutcome
enum class EcpOutcome : uint8_t {
  kSuccess,
  kInsufficientResources,  // the pool allocation failed (or the fault injector)
  kInvalidTag,             // the pool refused the tag (0)
  kNotFound,               // no ECP of that type / no next ECP
  kDuplicate,              // insert: an ECP of that type is in the list
  kInAList,                // insert or free: the ECP is in a list
  kNotInThisList,          // next: the current ECP is not in this list
  kNotAList,               // the handle is not a live list
  kNotAnEcp,               // the handle is not a live ECP context
};

// What an ECP context carries besides its bytes.
struct EcpFacts {
  EcpType type{};
  uint32_t size = 0;
  bool acknowledged = false;
  bool from_user_mode = false;
  const void* list = nullptr;  // the list it is in, if any
};

namespace ecp {

using Cleanup = std::function<void(void* context, const EcpType& type)>;

// Allocation. `skip_frames`: frames between the driver's call and this one.
EcpOutcome AllocateList(poolsim::Environment& env, void** list, int skip_frames);
EcpOutcome AllocateEcp(poolsim::Environment& env, const EcpType& type, uint32_t size,
                       bool nonpaged, Cleanup cleanup, uint32_t tag, void** context,
                       int skip_frames);
// Frees `list` and every ECP in it (cleanups first, in list order).
// kNotAList.
EcpOutcome FreeList(void* list);
// Frees an ECP not in a list (its cleanup first). kNotAnEcp, kInAList.
EcpOutcome FreeEcp(void* context);

bool IsList(const void* list);
bool IsEcp(const void* context);
// Fills `*facts` and returns true if `context` is a live ECP.
bool Lookup(const void* context, EcpFacts* facts);

// List operations. kNotAList / kNotAnEcp for dead handles.
EcpOutcome Insert(void* list, void* context);
EcpOutcome Find(const void* list, const EcpType& type, void** context, uint32_t* size);
EcpOutcome Remove(void* list, const EcpType& type, void** context, uint32_t* size);
// The ECP after `current` (null: the first), in insertion order.
EcpOutcome Next(const void* list, const void* current, EcpType* type, void** context,
                uint32_t* size);

// Per-ECP marks.
EcpOutcome Acknowledge(void* context);
// The I/O manager's mark on ECPs a user-mode create passed (tests set it on
// what they attach to a simulated create).
EcpOutcome MarkFromUserMode(void* context, bool from_user_mode);

// --- The ECP list of a create (side table keyed by the callback data) -------

// Attaches `list` to the create whose callback data is `callback_data`
// (FltSetEcpListIntoCallbackData, and the simulated create for a list the
// test built). Returns false, changing nothing, if it already has one.
bool SetCreateEcpList(const void* callback_data, void* list);
// The list attached to `callback_data`, or null.
void* CreateEcpList(const void* callback_data);
// Detaches it (the create is over; the list's owner still frees it).
void ClearCreateEcpList(const void* callback_data);

}  // namespace ecp
}  // namespace fltctx

#endif  // FLTCTX_ECP_H_
