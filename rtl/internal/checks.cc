// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/internal/checks.cc
// -----------------------------------------------------------------------------
//
// The run-time library layer's bug-check funnel (rtl/internal/checks.h).

#include "rtl/internal/checks.h"

#include <string>
#include <utility>

#include "absl/strings/str_format.h"
#include "poolsim/block_info.h"
#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/environment.h"
#include "poolsim/pointer_check.h"
#include "rtl/bugcheck_rules.h"

namespace rtl {
namespace rtl_internal {

namespace {

constexpr uint64_t kStatusAccessViolation = 0xC0000005;

uint64_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

void Raise(const poolsim::BugCheckRule& rule, std::initializer_list<uint64_t> parameters,
           std::string text) {
  poolsim::Ambient().RaiseBugCheck(poolsim::MakeBugCheck(rule, parameters, std::move(text)));
}

}  // namespace

bool IrqlAtMost(poolsim::Irql max, const void* first_argument, const char* api) {
  const poolsim::Irql irql = poolsim::CurrentIrql();
  if (irql <= max) return true;
  Raise(bugcheck_rule::kIrqlTooHigh, {Address(first_argument), irql, max, 0},
        absl::StrFormat("%s at %s; the routine allows at most %s", api, poolsim::IrqlName(irql),
                        poolsim::IrqlName(max)));
  return false;
}

bool ResidentAtIrql(const void* buffer, bool write, const char* api, const char* what) {
  const poolsim::Irql irql = poolsim::CurrentIrql();
  if (irql < poolsim::kDispatchLevel || buffer == nullptr) return true;
  poolsim::BlockInfo info;
  if (!poolsim::Ambient().Lookup(buffer, &info) || info.kind != poolsim::PoolKind::kPaged) {
    return true;
  }
  Raise(bugcheck_rule::kPagedBufferAtDispatch, {Address(buffer), irql, write ? 1u : 0u, 0},
        absl::StrFormat("%s at %s: %s is in paged pool (tag %s)", api, poolsim::IrqlName(irql),
                        what, info.tag.ToString()));
  return false;
}

bool NotNull(const void* pointer, bool write, const char* api, const char* parameter) {
  return poolsim::CheckPointerArgument(
      poolsim::Ambient(), pointer, api, parameter,
      write ? poolsim::PointerAccess::kWrite : poolsim::PointerAccess::kRead);
}

bool WellFormed(const CountedView& view, bool write, size_t needs, const char* api,
                const char* parameter) {
  std::string problem;
  if (view.length > view.maximum_length) {
    problem = absl::StrFormat("Length %u exceeds MaximumLength %u", view.length,
                              view.maximum_length);
  } else if (view.length % view.char_size != 0) {
    problem = absl::StrFormat("Length %u is not a whole number of %u-byte characters",
                              view.length, view.char_size);
  } else if (view.buffer == nullptr && needs > 0) {
    problem = absl::StrFormat("Buffer is NULL with %u bytes to %s", needs,
                              write ? "write" : "read");
  }
  poolsim::BlockInfo block;
  if (problem.empty() && needs > 0 && poolsim::Ambient().Lookup(view.buffer, &block) &&
      needs > block.bytes) {
    problem = absl::StrFormat("the routine would %s %u bytes of a %u-byte pool block (tag %s)",
                              write ? "write" : "read", needs, block.bytes, block.tag.ToString());
  }
  if (!problem.empty()) {
    Raise(bugcheck_rule::kMalformedString,
          {kStatusAccessViolation, 0, write ? 1u : 0u, Address(view.string)},
          absl::StrFormat("%s: %s is malformed: %s", api, parameter, problem));
    return false;
  }
  return needs == 0 || ResidentAtIrql(view.buffer, write, api, parameter);
}

bool WithinBlock(const void* buffer, size_t bytes, bool write, const char* api, const char* what) {
  poolsim::BlockInfo block;
  if (bytes == 0 || !poolsim::Ambient().Lookup(buffer, &block) || bytes <= block.bytes) {
    return true;
  }
  Raise(bugcheck_rule::kMalformedString, {kStatusAccessViolation, 0, write ? 1u : 0u,
                                          Address(buffer)},
        absl::StrFormat("%s: the routine would %s %u bytes of %s, a %u-byte pool block (tag %s): "
                        "the size passed is larger than the buffer",
                        api, write ? "write" : "read", bytes, what, block.bytes,
                        block.tag.ToString()));
  return false;
}

bool PoolBlockBytes(const void* buffer, size_t* bytes) {
  poolsim::BlockInfo block;
  if (buffer == nullptr || !poolsim::Ambient().Lookup(buffer, &block)) return false;
  *bytes = block.bytes;
  return true;
}

void ReportListCorruption(const void* entry, const char* api, const char* detail) {
  Raise(bugcheck_rule::kListEntryCorrupted, {0, 0, 0},
        absl::StrFormat("%s: the LIST_ENTRY at 0x%x is corrupted: %s", api, Address(entry),
                        detail));
}

void* AllocateStringBuffer(size_t bytes) {
  poolsim::AllocateRequest request;
  request.bytes = bytes;
  request.tag = poolsim::PoolTag(kStringTag);
  request.kind = poolsim::PoolKind::kPaged;
  request.pool_type = 1;  // PagedPool
  request.zero = false;
  request.legacy_tag_rules = true;
  request.skip_frames = 0;  // see the header: the frame filter trims this layer
  return poolsim::Ambient().Allocate(request);
}

void FreeStringBuffer(void* buffer) {
  poolsim::Ambient().Free(buffer, poolsim::PoolTag(kStringTag), /*check_tag=*/false);
}

}  // namespace rtl_internal
}  // namespace rtl
