// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/bugcheck_rules.h
// -----------------------------------------------------------------------------
//
// Catalogue table (run-time library layer): every bug check the Rtl surface
// (//rtl/wdk) raises, one named row each, and the one stop code it adds
// (KERNEL_SECURITY_CHECK_FAILURE, 0x139). rtl/bugcheck_rules.cc registers
// them with poolsim's catalogue. This is one of the files where stop-code and
// sub-code numbers may be spelled. A new row is added in both files (then
// regenerate docs/bugchecks.md with ./bazelw run //tests/bugchecks:bugcheck_doc).

#ifndef RTL_BUGCHECK_RULES_H_
#define RTL_BUGCHECK_RULES_H_

#include "poolsim/bugcheck_codes.h"
#include "poolsim/bugcheck_rule.h"

namespace rtl {

namespace stop_code {
inline constexpr poolsim::StopCode kKernelSecurityCheckFailure{
    0x139, "KERNEL_SECURITY_CHECK_FAILURE",
    "a kernel component found one of its critical data structures corrupted (parameter 1 "
    "says which kind)"};
}  // namespace stop_code

namespace bugcheck_rule {

using poolsim::BugCheckRule;
inline constexpr int kP1 = 0;
inline constexpr int kNone = BugCheckRule::kNoSubcode;

// --- IRQL ------------------------------------------------------------------------

inline constexpr BugCheckRule kIrqlTooHigh{
    &poolsim::stop_code::kIrqlNotLessOrEqual, kNone, 0, "rtl.irql",
    {"the first argument's address", "the current IRQL", "the highest IRQL the routine allows",
     "0"},
    "an Rtl string, conversion or table routine called above the IRQL it allows (most string "
    "routines run from pageable code: PASSIVE_LEVEL or APC_LEVEL; the initialization, copy "
    "and append routines and the generic tables allow DISPATCH_LEVEL for resident memory)",
    "call the routine at the IRQL its documentation names; at DISPATCH_LEVEL prepare the "
    "strings beforehand or defer the work to a work item",
    "RtlCompareUnicodeString, RtlEqualUnicodeString, RtlPrefixUnicodeString, "
    "RtlUpcaseUnicodeString, RtlUnicodeStringToInteger, RtlIntegerToUnicodeString, "
    "RtlUnicodeStringToAnsiString, RtlFreeUnicodeString, ntstrsafe, Rtl*GenericTable*, ..."};

inline constexpr BugCheckRule kPagedBufferAtDispatch{
    &poolsim::stop_code::kDriverIrqlNotLessOrEqual, kNone, 0, "rtl.paged_at_dispatch",
    {"the buffer's address", "the current IRQL", "0 for a read, 1 for a write", "0"},
    "an Rtl routine allowed at DISPATCH_LEVEL only for resident memory was given a "
    "paged-pool buffer (or table) at DISPATCH_LEVEL or above: Windows faults when the page "
    "is not resident, and Driver Verifier makes it never resident at raised IRQL",
    "keep strings and tables used at DISPATCH_LEVEL in nonpaged pool, or do the work at "
    "PASSIVE_LEVEL",
    "RtlInitUnicodeString, RtlCopyUnicodeString, RtlAppendUnicode*ToString, ntstrsafe, "
    "Rtl*GenericTable*"};

// --- counted strings ----------------------------------------------------------------

inline constexpr BugCheckRule kMalformedString{
    &poolsim::stop_code::kKmodeExceptionNotHandled, kNone, 0, "rtl.string.malformed",
    {"0xC0000005 (STATUS_ACCESS_VIOLATION)", "0 (the faulting instruction is not simulated)",
     "0 for a read, 1 for a write", "the counted string's address"},
    "a UNICODE_STRING or ANSI_STRING whose Length exceeds its MaximumLength, whose Length "
    "is not whole characters, whose Buffer is NULL with bytes to touch, or whose lengths "
    "exceed the pool block its Buffer points at, or an ntstrsafe destination size larger than "
    "its pool block where the result reaches beyond it: the routine would read or write "
    "beyond the buffer (on Windows an overrun that corrupts memory or faults; the simulator "
    "always reports it)",
    "keep Length <= MaximumLength, both multiples of sizeof(WCHAR), and initialize strings "
    "with RtlInitUnicodeString, RTL_CONSTANT_STRING or RtlUnicodeStringInit; pass ntstrsafe "
    "Cch functions a count of characters (RTL_NUMBER_OF) and Cb functions a count of bytes",
    "RtlCopyUnicodeString, RtlAppendUnicode*ToString, RtlCompareUnicodeString, "
    "RtlEqualUnicodeString, RtlUpcaseUnicodeString, RtlUnicodeStringToInteger, "
    "RtlStringCch* / RtlStringCb* (a size beyond the pool block), ..."};

// --- lists -----------------------------------------------------------------------------

inline constexpr BugCheckRule kListEntryCorrupted{
    &stop_code::kKernelSecurityCheckFailure, kP1, 3, "rtl.list.corrupted",
    {"3 (a LIST_ENTRY has been corrupted)",
     "0 (the trap frame's address; not simulated)",
     "0 (the exception record's address; not simulated)", "0 (reserved)"},
    "a list insertion or removal found a neighbour whose link does not point back at the "
    "entry (a double remove, an entry never inserted or already freed, a list head never "
    "initialized, or memory overwritten); the report names the entry",
    "remove each entry once, initialize list heads with InitializeListHead, do not free an "
    "entry still on a list, and protect a list shared between threads with one lock",
    "InsertHeadList, InsertTailList, RemoveHeadList, RemoveTailList, RemoveEntryList, "
    "AppendTailList, ExInterlocked*List"};

}  // namespace bugcheck_rule
}  // namespace rtl

#endif  // RTL_BUGCHECK_RULES_H_
