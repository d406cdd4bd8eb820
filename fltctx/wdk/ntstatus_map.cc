// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Every switch lists every enumerator and has no default, so a new outcome
// that is not mapped fails the build (-Werror=switch).

#include "fltctx/wdk/ntstatus_map.h"

#pragma GCC diagnostic error "-Wswitch"

namespace fltctx {
namespace fltctx_internal {

NTSTATUS ToNtStatus(RegisterOutcome outcome) {
  switch (outcome) {
    case RegisterOutcome::kRegistered:
      return STATUS_SUCCESS;
    case RegisterOutcome::kInvalidParameter:
      return STATUS_INVALID_PARAMETER;
    case RegisterOutcome::kInvalidContextRegistration:
      return STATUS_FLT_INVALID_CONTEXT_REGISTRATION;
    case RegisterOutcome::kNotInitialized:
      return STATUS_FLT_NOT_INITIALIZED;
  }
  return STATUS_INVALID_PARAMETER;
}

NTSTATUS ToNtStatus(StartOutcome outcome) {
  switch (outcome) {
    case StartOutcome::kStarted:
      return STATUS_SUCCESS;
    case StartOutcome::kInvalidParameter:
      return STATUS_INVALID_PARAMETER;
  }
  return STATUS_INVALID_PARAMETER;
}

NTSTATUS ToNtStatus(AllocateOutcome outcome) {
  switch (outcome) {
    case AllocateOutcome::kAllocated:
      return STATUS_SUCCESS;
    case AllocateOutcome::kInvalidType:
    case AllocateOutcome::kInvalidSize:
      return STATUS_INVALID_PARAMETER;
    case AllocateOutcome::kSizeTooLarge:
      return STATUS_INVALID_BUFFER_SIZE;
    case AllocateOutcome::kFilterDeleting:
      return STATUS_FLT_DELETING_OBJECT;
    case AllocateOutcome::kDefinitionNotFound:
      return STATUS_FLT_CONTEXT_ALLOCATION_NOT_FOUND;
    case AllocateOutcome::kMustBeNonPaged:
      return STATUS_FLT_MUST_BE_NONPAGED_POOL;
    case AllocateOutcome::kInvalidPoolType:
      return STATUS_INVALID_PARAMETER;
    case AllocateOutcome::kInsufficientResources:
      return STATUS_INSUFFICIENT_RESOURCES;
  }
  return STATUS_INVALID_PARAMETER;
}

NTSTATUS ToNtStatus(SetOutcome outcome) {
  switch (outcome) {
    case SetOutcome::kInserted:
    case SetOutcome::kReplaced:
      return STATUS_SUCCESS;
    case SetOutcome::kKeptExisting:
      return STATUS_FLT_CONTEXT_ALREADY_DEFINED;
    case SetOutcome::kObjectGone:
      return STATUS_FLT_DELETING_OBJECT;
    case SetOutcome::kAlreadyLinked:
      return STATUS_FLT_CONTEXT_ALREADY_LINKED;
    case SetOutcome::kInvalidParameter:
      return STATUS_INVALID_PARAMETER;
    case SetOutcome::kNotSupported:
      return STATUS_NOT_SUPPORTED;
  }
  return STATUS_INVALID_PARAMETER;
}

NTSTATUS ToNtStatus(GetOutcome outcome) {
  switch (outcome) {
    case GetOutcome::kFound:
      return STATUS_SUCCESS;
    case GetOutcome::kNotFound:
      return STATUS_NOT_FOUND;
    case GetOutcome::kNotSupported:
      return STATUS_NOT_SUPPORTED;
  }
  return STATUS_INVALID_PARAMETER;
}

NTSTATUS ToNtStatus(DeleteOutcome outcome) {
  switch (outcome) {
    case DeleteOutcome::kDeleted:
      return STATUS_SUCCESS;
    case DeleteOutcome::kNotFound:
      return STATUS_NOT_FOUND;
    case DeleteOutcome::kNotSupported:
      return STATUS_NOT_SUPPORTED;
    case DeleteOutcome::kObjectGone:
      return STATUS_FLT_DELETING_OBJECT;
  }
  return STATUS_INVALID_PARAMETER;
}

NTSTATUS ToNtStatus(GetContextsOutcome outcome) {
  switch (outcome) {
    case GetContextsOutcome::kOk:
      return STATUS_SUCCESS;
    case GetContextsOutcome::kInvalidParameter:
      return STATUS_INVALID_PARAMETER;
  }
  return STATUS_INVALID_PARAMETER;
}

NTSTATUS ToNtStatus(DataScanOutcome outcome) {
  switch (outcome) {
    case DataScanOutcome::kRegistered:
      return STATUS_SUCCESS;
    case DataScanOutcome::kNotSupported:
      return STATUS_NOT_SUPPORTED;
    case DataScanOutcome::kObjectGone:
      return STATUS_FLT_DELETING_OBJECT;
  }
  return STATUS_INVALID_PARAMETER;
}

NTSTATUS ToNtStatus(CreateSectionOutcome outcome) {
  switch (outcome) {
    case CreateSectionOutcome::kCreated:
      return STATUS_SUCCESS;
    case CreateSectionOutcome::kAlreadyDefined:
      return STATUS_FLT_CONTEXT_ALREADY_DEFINED;
    case CreateSectionOutcome::kInvalidParameter:
      return STATUS_INVALID_PARAMETER;
    case CreateSectionOutcome::kNotSupported:
      return STATUS_NOT_SUPPORTED;
    case CreateSectionOutcome::kEndOfFile:
      return STATUS_END_OF_FILE;
    case CreateSectionOutcome::kObjectGone:
      return STATUS_FLT_DELETING_OBJECT;
    case CreateSectionOutcome::kAlreadyLinked:
      return STATUS_FLT_CONTEXT_ALREADY_LINKED;
  }
  return STATUS_INVALID_PARAMETER;
}

NTSTATUS ToNtStatus(CloseSectionOutcome outcome) {
  switch (outcome) {
    case CloseSectionOutcome::kClosed:
      return STATUS_SUCCESS;
    case CloseSectionOutcome::kNeverCreated:
      return STATUS_INVALID_PARAMETER;
    case CloseSectionOutcome::kAlreadyClosed:
      return STATUS_NOT_FOUND;
  }
  return STATUS_INVALID_PARAMETER;
}

NTSTATUS ToNtStatus(EnlistOutcome outcome) {
  switch (outcome) {
    case EnlistOutcome::kEnlisted:
      return STATUS_SUCCESS;
    case EnlistOutcome::kAlreadyEnlisted:
      return STATUS_FLT_ALREADY_ENLISTED;
    case EnlistOutcome::kInvalidParameter:
      return STATUS_INVALID_PARAMETER;
    case EnlistOutcome::kInvalidMask:
      return STATUS_INVALID_PARAMETER_4;
    case EnlistOutcome::kObjectGone:
      return STATUS_FLT_DELETING_OBJECT;
  }
  return STATUS_INVALID_PARAMETER;
}

}  // namespace fltctx_internal
}  // namespace fltctx
