// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0

#include "fltctx/context_type.h"

namespace fltctx {
namespace {

struct Traits {
  const char* name;
  const char* get;
  const char* set;
  const char* del;
};

constexpr Traits kTraits[kContextTypeCount] = {
    {"FLT_VOLUME_CONTEXT", "FltGetVolumeContext", "FltSetVolumeContext",
     "FltDeleteVolumeContext"},
    {"FLT_INSTANCE_CONTEXT", "FltGetInstanceContext", "FltSetInstanceContext",
     "FltDeleteInstanceContext"},
    {"FLT_FILE_CONTEXT", "FltGetFileContext", "FltSetFileContext", "FltDeleteFileContext"},
    {"FLT_STREAM_CONTEXT", "FltGetStreamContext", "FltSetStreamContext",
     "FltDeleteStreamContext"},
    {"FLT_STREAMHANDLE_CONTEXT", "FltGetStreamHandleContext", "FltSetStreamHandleContext",
     "FltDeleteStreamHandleContext"},
    {"FLT_TRANSACTION_CONTEXT", "FltGetTransactionContext", "FltSetTransactionContext",
     "FltDeleteTransactionContext"},
    {"FLT_SECTION_CONTEXT", "FltGetSectionContext", "FltCreateSectionForDataScan",
     "FltCloseSectionForDataScan"},
};

}  // namespace

bool ContextTypeFromBit(uint16_t bits, ContextType* type) {
  for (int i = 0; i < kContextTypeCount; ++i) {
    if (bits == (1u << i)) {
      *type = static_cast<ContextType>(i);
      return true;
    }
  }
  return false;
}

const char* ContextTypeName(ContextType type) { return kTraits[ContextTypeIndex(type)].name; }
const char* GetFunctionName(ContextType type) { return kTraits[ContextTypeIndex(type)].get; }
const char* SetFunctionName(ContextType type) { return kTraits[ContextTypeIndex(type)].set; }
const char* DeleteFunctionName(ContextType type) { return kTraits[ContextTypeIndex(type)].del; }

}  // namespace fltctx
