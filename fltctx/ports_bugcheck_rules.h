// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/ports_bugcheck_rules.h
// -----------------------------------------------------------------------------
//
// Core layer: the catalogue rows of communication ports and extra create
// parameters (fltctx/wdk/ports.h, fltctx/wdk/ecp.h), registered by
// ports_bugcheck_rules.cc. docs/bugchecks.md lists them.

#ifndef FLTCTX_PORTS_BUGCHECK_RULES_H_
#define FLTCTX_PORTS_BUGCHECK_RULES_H_

#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/bugcheck_codes.h"

namespace fltctx {
namespace bugcheck_rule {

inline constexpr poolsim::BugCheckRule kPortIrqlTooHigh{
    &poolsim::stop_code::kIrqlNotLessOrEqual, poolsim::BugCheckRule::kNoSubcode, 0,
    "fltctx.ports.irql",
    {"the port or filter the call names (0 if none)", "the current IRQL", "0", "0"},
    "a communication-port call above the IRQL it allows (PASSIVE_LEVEL; APC_LEVEL for "
    "FltSendMessage): ports are named objects in paged memory and the send waits for the "
    "client",
    "create, close and send on ports at PASSIVE_LEVEL (FltSendMessage also at APC_LEVEL): from "
    "a post-operation callback that may run at DISPATCH_LEVEL, send from a work item",
    "FltBuildDefaultSecurityDescriptor, FltFreeSecurityDescriptor, FltCreateCommunicationPort, "
    "FltCloseCommunicationPort, FltSendMessage, FltCloseClientPort"};

inline constexpr poolsim::BugCheckRule kNotAPort{
    &poolsim::stop_code::kKmodeExceptionNotHandled, 0, 0xC0000005, "fltctx.ports.not_a_port",
    {"0xC0000005 (STATUS_ACCESS_VIOLATION)", "0", "0", "the pointer passed"},
    "a pointer passed as a communication port is not a live one of that kind: never returned, "
    "a client port passed as a server port (or the reverse), or already closed (the filter "
    "manager would read a freed port object)",
    "pass the server port FltCreateCommunicationPort returned to FltCloseCommunicationPort "
    "once, and the client port the connect callback received to FltSendMessage and "
    "FltCloseClientPort; clear saved pointers when closing",
    "FltCloseCommunicationPort, FltSendMessage, FltCloseClientPort"};

inline constexpr poolsim::BugCheckRule kEcpIrqlTooHigh{
    &poolsim::stop_code::kIrqlNotLessOrEqual, poolsim::BugCheckRule::kNoSubcode, 0,
    "fltctx.ecp.irql",
    {"the ECP list, ECP or callback data the call names (0 if none)", "the current IRQL", "0",
     "0"},
    "an extra-create-parameter call above APC_LEVEL: ECP lists and contexts may be paged",
    "work with ECPs in the pre- or post-create callback at PASSIVE_LEVEL or APC_LEVEL",
    "FltAllocateExtraCreateParameterList, FltFreeExtraCreateParameterList, "
    "FltAllocateExtraCreateParameter, FltFreeExtraCreateParameter, "
    "FltInsertExtraCreateParameter, FltRemoveExtraCreateParameter, "
    "FltFindExtraCreateParameter, FltGetNextExtraCreateParameter, FltAcknowledgeEcp, "
    "FltIsEcpAcknowledged, FltIsEcpFromUserMode, FltGetEcpListFromCallbackData, "
    "FltSetEcpListIntoCallbackData"};

inline constexpr poolsim::BugCheckRule kNotAnEcp{
    &poolsim::stop_code::kKmodeExceptionNotHandled, 0, 0xC0000005, "fltctx.ecp.not_an_ecp",
    {"0xC0000005 (STATUS_ACCESS_VIOLATION)", "0", "0", "the pointer passed"},
    "a pointer passed as an ECP list or ECP context is not a live one: never allocated by "
    "FltAllocateExtraCreateParameter(List), already freed, or of the other kind (the routine "
    "would read the ECP header in front of it and fault)",
    "pass only what FltAllocateExtraCreateParameter(List), FltFindExtraCreateParameter, "
    "FltGetNextExtraCreateParameter or FltGetEcpListFromCallbackData returned, while it lives",
    "FltFreeExtraCreateParameterList, FltFreeExtraCreateParameter, "
    "FltInsertExtraCreateParameter, FltRemoveExtraCreateParameter, "
    "FltFindExtraCreateParameter, FltGetNextExtraCreateParameter, FltAcknowledgeEcp, "
    "FltIsEcpAcknowledged, FltIsEcpFromUserMode, FltSetEcpListIntoCallbackData"};

// KERNEL_SECURITY_CHECK_FAILURE (registered by the rtl layer's table).
inline constexpr poolsim::StopCode kSecurityCheckFailure{
    0x139, "KERNEL_SECURITY_CHECK_FAILURE",
    "a kernel component found one of its critical data structures corrupted (parameter 1 "
    "says which kind)"};

inline constexpr poolsim::BugCheckRule kEcpFreedInList{
    &kSecurityCheckFailure, 0, 3, "fltctx.ecp.freed_in_list",
    {"3 (a LIST_ENTRY has been corrupted)", "0 (the trap frame's address; not simulated)",
     "0 (the exception record's address; not simulated)", "the ECP context"},
    "an ECP context freed while it is still in an ECP list: its list entry would point at "
    "freed pool, and Windows fails the next walk of the list (the simulator reports it at the "
    "free, and the ECP stays in its list)",
    "remove the ECP with FltRemoveExtraCreateParameter before FltFreeExtraCreateParameter, "
    "or free the whole list with FltFreeExtraCreateParameterList",
    "FltFreeExtraCreateParameter"};

}  // namespace bugcheck_rule
}  // namespace fltctx

#endif  // FLTCTX_PORTS_BUGCHECK_RULES_H_
