// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/bugcheck_rules.h
// -----------------------------------------------------------------------------
//
// Catalogue table (fltctx layer): every bug check the filter manager's core,
// its WDK surface (fltctx/wdk) and the simulated I/O path (fltctx/io) raise,
// one named row each (the row type is poolsim/bugcheck_rule.h). The stop
// codes are poolsim's (poolsim/bugcheck_codes.h); fltctx adds none. Code
// that raises names a row here:
//
//   env.RaiseBugCheck(poolsim::MakeBugCheck(bugcheck_rule::kUseAfterFree,
//                                           {context, block, 0}, "..."), 0);
//
// fltctx/bugcheck_rules.cc registers the rows with the catalogue; a new row
// is added in both files (then regenerate docs/bugchecks.md with
// ./bazelw run //tests/bugchecks:bugcheck_doc). This is one of the files
// where sub-code numbers may be spelled.
//
// The DRIVER_VERIFIER_DETECTED_VIOLATION sub-codes 0xF1001 and up are
// fltctx's own: Windows reports these Filter Verifier findings only as
// debugger messages, so they sit in a range Windows does not use.

#ifndef FLTCTX_BUGCHECK_RULES_H_
#define FLTCTX_BUGCHECK_RULES_H_

#include "poolsim/bugcheck_codes.h"
#include "poolsim/bugcheck_rule.h"

namespace fltctx {
namespace bugcheck_rule {

using poolsim::BugCheckRule;
namespace stop_code = poolsim::stop_code;

inline constexpr int kP1 = 0;
inline constexpr int kNone = BugCheckRule::kNoSubcode;

// --- IRQL (every Flt* call checks its IRQL first) ---------------------------

inline constexpr BugCheckRule kIrqlTooHigh{
    &stop_code::kIrqlNotLessOrEqual, kNone, 0, "fltctx.irql",
    {"the object or context the call names (0 if none)", "the current IRQL", "0", "0"},
    "a filter-manager call above the highest IRQL it allows (APC_LEVEL for most calls, "
    "DISPATCH_LEVEL for FltReferenceContext, FltReleaseContext and FltReleaseContexts of "
    "nonpaged contexts)",
    "make the call at or below its IRQL limit: allocate, set and get contexts before raising "
    "the IRQL or acquiring a spin lock, or hand the work to a work item",
    "FltRegisterFilter, FltStartFiltering, FltUnregisterFilter, FltAllocateContext, "
    "FltSet*Context, FltGet*Context, FltGetContexts(Ex), FltDelete*Context, FltDeleteContext, "
    "FltReferenceContext, FltReleaseContext, FltReleaseContexts, FltSupports*Contexts, "
    "FltRegisterForDataScan, FltCreateSectionForDataScan, FltCloseSectionForDataScan, "
    "FltEnlistInTransaction"};
inline constexpr BugCheckRule kPagedReleaseAtDispatch{
    &stop_code::kIrqlNotLessOrEqual, kNone, 0, "fltctx.release.paged_irql",
    {"the context", "the current IRQL", "0", "0"},
    "a context allocated from paged pool released above APC_LEVEL",
    "release paged contexts at APC_LEVEL or below, or allocate the context from nonpaged pool "
    "if it must be released at DISPATCH_LEVEL",
    "FltReleaseContext, FltReleaseContexts"};

// --- pointers that are not contexts -------------------------------------------

inline constexpr BugCheckRule kNotAContext{
    &stop_code::kKmodeExceptionNotHandled, kP1, 0xC0000005, "fltctx.context.not_a_context",
    {"0xC0000005 (STATUS_ACCESS_VIOLATION)", "0", "0", "the pointer passed"},
    "a pointer passed as a context is not one: never allocated, NULL, or freed long ago (the "
    "filter manager would read a bogus CONTEXT_NODE and fault)",
    "pass only pointers FltAllocateContext or a Get call returned, while a reference to them "
    "is held",
    "FltSet*Context, FltDeleteContext, FltReferenceContext, FltReleaseContext, "
    "FltReleaseContexts, FltCreateSectionForDataScan, FltCloseSectionForDataScan, "
    "FltEnlistInTransaction"};

inline constexpr BugCheckRule kNotALiveHandle{
    &stop_code::kKmodeExceptionNotHandled, kP1, 0xC0000005, "fltctx.handle.not_live",
    {"0xC0000005 (STATUS_ACCESS_VIOLATION)", "0", "0", "the pointer passed"},
    "a pointer passed as a filter, volume, instance, transaction or file object is not a live "
    "one of that kind: never returned by the filter manager, of another kind, or its object "
    "is gone (the filter manager would read through it and fault)",
    "pass only the PFLT_FILTER, PFLT_VOLUME, PFLT_INSTANCE, PKTRANSACTION and PFILE_OBJECT "
    "values the filter manager gave you (registration, FLT_RELATED_OBJECTS, callback data), "
    "while their objects live",
    "every Flt* routine that takes a filter, volume, instance, transaction or file object"};

// --- reference counting (FLTMGR_FILE_SYSTEM) ----------------------------------

inline constexpr BugCheckRule kOverRelease{
    &stop_code::kFltmgrFileSystem, kP1, 0x6D, "fltctx.context.over_release",
    {"0x6D", "the context", "the context's block (the CONTEXT_NODE stand-in)", "0"},
    "a context released more times than it was referenced: its count would reach zero while it "
    "is still attached to an object",
    "release each reference exactly once: one FltReleaseContext per FltAllocateContext, Get "
    "call or FltReferenceContext",
    "FltReleaseContext, FltReleaseContexts"};
inline constexpr BugCheckRule kUseAfterFree{
    &stop_code::kFltmgrFileSystem, kP1, 0x6E, "fltctx.context.use_after_free",
    {"0x6E", "the context", "the context's block (the CONTEXT_NODE stand-in)", "0"},
    "a context used after its last reference was released and it was freed",
    "keep a reference (FltReferenceContext) for as long as the pointer is used; clear saved "
    "pointers when releasing",
    "FltSet*Context, FltDeleteContext, FltReferenceContext, FltReleaseContext, "
    "FltReleaseContexts, FltCreateSectionForDataScan, FltCloseSectionForDataScan, "
    "FltEnlistInTransaction"};

// --- Filter Verifier: contexts (raised only with the filter_verifier option) ---

inline constexpr BugCheckRule kWrongContextType{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0xF1001, "fltctx.verifier.wrong_type",
    {"0xF1001", "the context", "the context's actual type (its FLT_*_CONTEXT bit)", "0"},
    "a set call with a context allocated for another context type (Filter Verifier, the "
    "filter_verifier option; the call also fails with STATUS_INVALID_PARAMETER)",
    "allocate the context with the type of the Set call (FLT_STREAM_CONTEXT for "
    "FltSetStreamContext, ...)",
    "FltSet*Context"};
inline constexpr BugCheckRule kWrongFilter{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0xF1002, "fltctx.verifier.wrong_filter",
    {"0xF1002", "the context", "the instance", "0"},
    "a set call with a context another filter allocated (Filter Verifier, the filter_verifier "
    "option; the call also fails with STATUS_INVALID_PARAMETER)",
    "set only contexts allocated with the filter handle of the instance's own filter",
    "FltSet*Context"};
inline constexpr BugCheckRule kDeleteOfSectionContext{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0xF1003,
    "fltctx.verifier.delete_section_context", {"0xF1003", "the section context", "0", "0"},
    "FltDeleteContext on a section context that FltCreateSectionForDataScan took (Filter "
    "Verifier, the filter_verifier option)",
    "close the section with FltCloseSectionForDataScan instead of deleting its context",
    "FltDeleteContext"};

// --- Filter handles ------------------------------------------------------------

inline constexpr BugCheckRule kFilterUnregisteredTwice{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0xF1004,
    "fltctx.filter.unregistered_twice", {"0xF1004", "the filter", "0", "0"},
    "FltUnregisterFilter on a filter that was already unregistered: the first call freed the "
    "filter object, so Windows would use freed memory (reported always, not only with "
    "filter_verifier; the call does nothing)",
    "unregister a filter once, from its unload callback or from DriverEntry's failure path, "
    "and clear the global that holds the handle",
    "FltUnregisterFilter"};

// --- Filter Verifier: operation callbacks (simulated I/O, fltctx/io) ----------

inline constexpr BugCheckRule kUnsupportedPreopStatus{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0xF1010,
    "fltctx.verifier.preop_status",
    {"0xF1010", "the instance", "the status returned or passed", "the major function"},
    "a pre-operation status the simulated I/O path does not support, or one a pended "
    "operation may not complete with (treated as FLT_PREOP_SUCCESS_NO_CALLBACK)",
    "return FLT_PREOP_SUCCESS_WITH_CALLBACK, ..._NO_CALLBACK, FLT_PREOP_SYNCHRONIZE, "
    "FLT_PREOP_COMPLETE or FLT_PREOP_PENDING; complete a pended operation with "
    "FLT_PREOP_SUCCESS_WITH_CALLBACK, ..._NO_CALLBACK or FLT_PREOP_COMPLETE",
    "a pre-operation callback's return (simulated I/O), FltCompletePendedPreOperation"};
inline constexpr BugCheckRule kCompleteNotPended{
    &stop_code::kDriverVerifierDetectedViolation, kP1, 0xF1011,
    "fltctx.verifier.complete_not_pended",
    {"0xF1011", "the callback data",
     "the status passed (0 when the callback then did not return FLT_PREOP_PENDING)",
     "the major function (0 if unknown)"},
    "FltCompletePendedPreOperation on callback data whose operation is not pended: never "
    "pended, already completed, or completed in a callback that then did not return "
    "FLT_PREOP_PENDING (the completion is ignored)",
    "complete only operations the callback returned FLT_PREOP_PENDING for, once each",
    "FltCompletePendedPreOperation"};

// --- file-name information (fltctx/wdk/file_names.h) -------------------------

inline constexpr BugCheckRule kNameIrqlTooHigh{
    &stop_code::kIrqlNotLessOrEqual, kNone, 0, "fltctx.names.irql",
    {"the name information, volume or callback data the call names (0 if none)",
     "the current IRQL", "0", "0"},
    "a file-name call above the IRQL it allows (APC_LEVEL; PASSIVE_LEVEL for "
    "FltGetVolumeGuidName): name information lives in paged pool and name queries may send I/O "
    "to the file system",
    "query, parse, reference and release names at APC_LEVEL or below: in a post-operation "
    "callback that may run at DISPATCH_LEVEL, use FltDoCompletionProcessingWhenSafe or a work "
    "item, or take the name in the pre-operation callback",
    "FltGetFileNameInformation, FltGetFileNameInformationUnsafe, "
    "FltGetDestinationFileNameInformation, FltGetTunneledName, FltReferenceFileNameInformation, "
    "FltReleaseFileNameInformation, FltParseFileNameInformation, FltGetVolumeName, "
    "FltGetVolumeGuidName"};
inline constexpr BugCheckRule kNotANameInformation{
    &stop_code::kKmodeExceptionNotHandled, kP1, 0xC0000005, "fltctx.names.not_a_name",
    {"0xC0000005 (STATUS_ACCESS_VIOLATION)", "0", "0", "the pointer passed"},
    "a pointer passed as name information is not one: never returned by a name query, NULL, or "
    "already released for the last time (the filter manager would read freed pool)",
    "pass only what FltGetFileNameInformation (or a sibling) returned, and release each "
    "reference once: one FltReleaseFileNameInformation per query and per "
    "FltReferenceFileNameInformation",
    "FltReferenceFileNameInformation, FltReleaseFileNameInformation, "
    "FltParseFileNameInformation, FltGetTunneledName"};

// --- I/O a filter issues itself (fltctx/wdk/issued_io.h) ---------------------

inline constexpr BugCheckRule kIssuedIoIrqlTooHigh{
    &stop_code::kIrqlNotLessOrEqual, kNone, 0, "fltctx.issued_io.irql",
    {"the instance, file object or callback data the call names (0 if none)",
     "the current IRQL", "0", "0"},
    "an I/O call a filter issues itself above the IRQL it allows (PASSIVE_LEVEL for creates, "
    "closes, information, control and flush calls; APC_LEVEL for reads, writes and callback "
    "data): the request waits for the file system and touches paged memory",
    "issue I/O at PASSIVE_LEVEL (or APC_LEVEL where allowed): from a post-operation callback "
    "that may run at DISPATCH_LEVEL, use FltDoCompletionProcessingWhenSafe or a work item",
    "FltQueryInformationFile, FltSetInformationFile, FltReadFile, FltWriteFile, FltCreateFile, "
    "FltCreateFileEx, FltCreateFileEx2, FltClose, FltFsControlFile, FltDeviceIoControlFile, "
    "FltQueryVolumeInformation, FltQueryVolumeInformationFile, FltQueryDirectoryFile, "
    "FltFlushBuffers, FltIsDirectory, FltIsVolumeWritable, FltGetFileSystemType, "
    "FltGetVolumeProperties, FltCancelFileOpen, FltAllocateCallbackData, "
    "FltPerformSynchronousIo, FltFreeCallbackData, FltIsOperationSynchronous"};
inline constexpr BugCheckRule kNotAllocatedCallbackData{
    &stop_code::kKmodeExceptionNotHandled, kP1, 0xC0000005,
    "fltctx.issued_io.not_allocated_callback_data",
    {"0xC0000005 (STATUS_ACCESS_VIOLATION)", "0", "0", "the pointer passed"},
    "callback data passed to FltPerformSynchronousIo or FltFreeCallbackData that "
    "FltAllocateCallbackData did not return, or that was already freed (the filter manager "
    "would use the IRP_CTRL around it and fault)",
    "pass only callback data from FltAllocateCallbackData, and free each exactly once; the "
    "callback data a pre- or post-operation callback receives belongs to the filter manager",
    "FltPerformSynchronousIo, FltFreeCallbackData"};

}  // namespace bugcheck_rule
}  // namespace fltctx

#endif  // FLTCTX_BUGCHECK_RULES_H_
