// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/bugcheck_rules.h
// -----------------------------------------------------------------------------
//
// Catalogue table (ksalloc layer): every bug check the kernel-streaming
// allocator simulation raises, one named row each (the row type is
// poolsim/bugcheck_rule.h; the stop codes are poolsim's). Code that raises
// names a row here:
//
//   env.RaiseBugCheck(poolsim::MakeBugCheck(bugcheck_rule::kFrameMisaligned,
//                                           {frame, mask, pin}, "..."), 0);
//
// ksalloc/bugcheck_rules.cc registers the rows; a new row is added in both
// files (then regenerate docs/bugchecks.md). This is one of the files where
// sub-code numbers may be spelled.
//
// The DRIVER_VERIFIER_DETECTED_VIOLATION sub-codes 0xF2001 and up are
// ksalloc's own: Windows documents no stop code for these allocator
// protocol violations, so they sit in a range Windows does not use. 0x81008
// is Windows' DDI-compliance rule KsIrqlPinCallbacks.

#ifndef KSALLOC_BUGCHECK_RULES_H_
#define KSALLOC_BUGCHECK_RULES_H_

#include "poolsim/bugcheck_codes.h"
#include "poolsim/bugcheck_rule.h"

namespace ksalloc {
namespace bugcheck_rule {

using poolsim::BugCheckRule;
namespace stop_code = poolsim::stop_code;

inline constexpr int kP1 = 0;
inline constexpr int kNone = BugCheckRule::kNoSubcode;

// --- frames an allocator returns -------------------------------------------

inline constexpr BugCheckRule kFrameMisaligned{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0xF2001, "ksalloc.frame.misaligned",
    {"0xF2001", "the frame", "the framing's FileAlignment (a mask)", "the pin (0 if none)"},
    "an allocator's Allocate returned a frame not aligned as its KSALLOCATOR_FRAMING's "
    "FileAlignment mask requires",
    "align every frame to FileAlignment + 1 bytes (carve frames at multiples of the alignment, "
    "or allocate FrameSize + FileAlignment bytes and round up)",
    "KSALLOCATOR_DISPATCH.Allocate, KsCreateDefaultAllocatorEx's DefaultAllocate"};
inline constexpr BugCheckRule kFrameTooSmall{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0xF2002, "ksalloc.frame.too_small",
    {"0xF2002", "the frame", "the bytes of the pool block from the frame to its end",
     "the framing's FrameSize"},
    "an allocator's Allocate returned a frame smaller than its framing's FrameSize",
    "allocate at least FrameSize bytes per frame; after KsEdit of the framing, size frames from "
    "the KSALLOCATOR_FRAMING InitializeAllocator received",
    "KSALLOCATOR_DISPATCH.Allocate, KsCreateDefaultAllocatorEx's DefaultAllocate"};
inline constexpr BugCheckRule kFrameWrongPool{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0xF2003, "ksalloc.frame.wrong_pool",
    {"0xF2003", "the frame", "the framing's PoolType",
     "the frame's pool type (0xFFFFFFFF: not pool memory)"},
    "a system-memory allocator returned a frame that is not from its framing's PoolType (paged "
    "frames for a nonpaged framing, or memory outside the pool)",
    "allocate frames from Framing->PoolType (NonPagedPool unless the framing says PagedPool)",
    "KSALLOCATOR_DISPATCH.Allocate, KsCreateDefaultAllocatorEx's DefaultAllocate"};
inline constexpr BugCheckRule kPagedFrameAtDispatch{
    &stop_code::kDriverIrqlNotLessOrEqual, kNone, 0, "ksalloc.frame.paged_at_dispatch",
    {"the frame", "the IRQL (DISPATCH_LEVEL)", "0 (read)", "0"},
    "with the DISPATCH_LEVEL allocator setting, a frame in paged pool: the pipe would touch "
    "pageable memory at DISPATCH_LEVEL",
    "allocate frames from nonpaged pool (KSMEMORY_TYPE_KERNEL_NONPAGED) when the allocator may "
    "be used at DISPATCH_LEVEL",
    "KSALLOCATOR_DISPATCH.Allocate, KsCreateDefaultAllocatorEx"};

// --- Free ---------------------------------------------------------------------

inline constexpr BugCheckRule kFreeNotAllocated{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0xF2004, "ksalloc.free.not_allocated",
    {"0xF2004", "the buffer", "the allocator (its context or file object)", "the pin (0 if none)"},
    "a frame given back to an allocator that never returned it",
    "free each frame to the allocator it came from, with the pointer Allocate returned",
    "KSSTREAMALLOCATOR_FUNCTIONTABLE.FreeFrame, KSMETHOD_STREAMALLOCATOR_FREE, KsSimReturnFrame"};
inline constexpr BugCheckRule kFreeTwice{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0xF2005, "ksalloc.free.twice",
    {"0xF2005", "the buffer", "the allocator (its context or file object)", "the pin (0 if none)"},
    "a frame given back to its allocator a second time",
    "free each frame exactly once; clear the saved pointer when it is freed",
    "KSSTREAMALLOCATOR_FUNCTIONTABLE.FreeFrame, KSMETHOD_STREAMALLOCATOR_FREE, KsSimReturnFrame"};

// --- DeleteAllocator ------------------------------------------------------------

inline constexpr BugCheckRule kFramesOutstandingAtDelete{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0xF2006,
    "ksalloc.delete.frames_outstanding",
    {"0xF2006", "the allocator (its context or file object)", "the frames still outstanding",
     "the pin (0 if none)"},
    "an allocator closed (DeleteAllocator) while frames it returned were still outstanding",
    "give every frame back (FreeFrame) before closing the allocator handle",
    "KsSimCloseAllocator (IRP_MJ_CLOSE of an allocator)"};

// --- user mode ----------------------------------------------------------------

inline constexpr BugCheckRule kKernelFrameToUserMode{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0xF2007, "ksalloc.frame.to_user_mode",
    {"0xF2007", "the frame", "the pin whose user-mode peer received it", "the allocating pin"},
    "a frame from a kernel-mode allocator reached a user-mode endpoint (kernel memory must not "
    "be passed to a user-mode filter)",
    "let the user-mode side supply frames for a user-mode connection; copy data instead of "
    "forwarding kernel frames",
    "KsSimDeliverFrame"};

// --- pin callbacks --------------------------------------------------------------

inline constexpr BugCheckRule kSetDeviceStatePending{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0xF2008,
    "ksalloc.pin.set_device_state_pending",
    {"0xF2008", "the pin", "the state it was moving to", "the state it was in"},
    "a pin's SetDeviceState returned STATUS_PENDING, which AVStream does not allow",
    "finish the transition before returning, or return a failure status",
    "KSPIN_DISPATCH.SetDeviceState"};
inline constexpr BugCheckRule kPinCallbackIrql{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0x81008, "ksalloc.pin.callback_irql",
    {"0x81008 (KsIrqlPinCallbacks)", "the callback", "the IRQL it was called at",
     "the IRQL it returned at"},
    "a pin or allocator callback returned at another IRQL than it was called at",
    "lower the IRQL again (KeLowerIrql, release spin locks) before the callback returns",
    "KSPIN_DISPATCH callbacks, KSALLOCATOR_DISPATCH callbacks"};

// --- IRQL of ks functions ---------------------------------------------------------

inline constexpr BugCheckRule kIrqlTooHigh{
    &stop_code::kIrqlNotLessOrEqual, kNone, 0, "ksalloc.irql",
    {"the object the call names (0 if none)", "the current IRQL", "0", "0"},
    "a kernel-streaming call that requires PASSIVE_LEVEL made at a higher IRQL",
    "call KsEdit, object-bag and allocator-creation functions at PASSIVE_LEVEL (from Create, "
    "SetDataFormat or a work item)",
    "_KsEdit, KsAddItemToObjectBag, KsRemoveItemFromObjectBag, KsCreateDefaultAllocator(Ex), "
    "KsValidateAllocatorCreateRequest, KsCreateAllocator (IKsAllocatorEx::"
    "KsCreateAllocatorAndGetHandle)"};

}  // namespace bugcheck_rule
}  // namespace ksalloc

#endif  // KSALLOC_BUGCHECK_RULES_H_
