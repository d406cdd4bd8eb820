// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/leaked_object.h
// -----------------------------------------------------------------------------
//
// A reference-counted object (a filter context) still referenced when a
// report is built, and the references to it that were never released. fltctx
// supplies these through Environment::AddObjectReporter; poolsim only reports
// them.

#ifndef POOLSIM_LEAKED_OBJECT_H_
#define POOLSIM_LEAKED_OBJECT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "poolsim/block_info.h"
#include "poolsim/pool_tag.h"
#include "poolsim/stack_trace.h"

namespace poolsim {

// ObjectReference
//
// One reference to a leaked object that was taken and never released.
struct ObjectReference {
  std::string operation;  // "FltAllocateContext", "FltGetStreamContext", ...
  StackId stack = kNoStack;
  uint64_t sequence = 0;  // order in which references were taken
};

// LeakedObject
//
// A reference-counted object (a filter context) still referenced when the
// report was built.
struct LeakedObject {
  std::string kind;         // "context"
  std::string type_name;    // "FLT_STREAM_CONTEXT"
  std::string owner;        // the filter
  std::string attached_to;  // "stream \\vol\\a.txt", or "(not attached)"
  int64_t reference_count = 0;
  uintptr_t address = 0;    // what the driver holds (PFLT_CONTEXT)
  uintptr_t block = 0;      // the pool block holding it, 0 if not pool
  size_t bytes = 0;
  PoolKind pool = PoolKind::kNonPaged;
  PoolTag tag;
  StackId stack = kNoStack;                 // allocating stack
  std::vector<ObjectReference> references;  // outstanding, oldest first
};

}  // namespace poolsim

#endif  // POOLSIM_LEAKED_OBJECT_H_
