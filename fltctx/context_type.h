// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/context_type.h
// -----------------------------------------------------------------------------
//
// The seven filter-manager context types (core layer) and their traits: the
// WDK bit value of each, its name, and the WDK function names used when a
// report says which call took a reference.

#ifndef FLTCTX_CONTEXT_TYPE_H_
#define FLTCTX_CONTEXT_TYPE_H_

#include <cstdint>

namespace fltctx {

// ContextType
//
// What a context is attached to. The order is the order of the WDK bit values
// (volume 0x1 ... section 0x40).
enum class ContextType : uint8_t {
  kVolume = 0,
  kInstance = 1,
  kFile = 2,
  kStream = 3,
  kStreamHandle = 4,
  kTransaction = 5,
  kSection = 6,
};

inline constexpr int kContextTypeCount = 7;

// Returns the index of `type` (0..6).
constexpr int ContextTypeIndex(ContextType type) { return static_cast<int>(type); }

// Returns the WDK FLT_*_CONTEXT bit of `type` (FLT_STREAM_CONTEXT is 0x8).
constexpr uint16_t ContextTypeBit(ContextType type) {
  return static_cast<uint16_t>(1u << static_cast<unsigned>(type));
}

// Every valid type bit ORed together (the WDK's FLT_ALL_CONTEXTS).
inline constexpr uint16_t kAllContextTypeBits = 0x7F;

// Returns true if and only if `bits` names exactly one context type; stores it
// in `*type` then.
bool ContextTypeFromBit(uint16_t bits, ContextType* type);

// Returns "FLT_STREAM_CONTEXT" and so on.
const char* ContextTypeName(ContextType type);

// Returns the WDK name of the get, set and delete function of `type`
// ("FltGetStreamContext", ...). Section contexts have no set or delete
// function; their names are FltCreateSectionForDataScan and
// FltCloseSectionForDataScan.
const char* GetFunctionName(ContextType type);
const char* SetFunctionName(ContextType type);
const char* DeleteFunctionName(ContextType type);

}  // namespace fltctx

#endif  // FLTCTX_CONTEXT_TYPE_H_
