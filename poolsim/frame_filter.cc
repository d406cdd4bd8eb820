// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/frame_filter.cc
// -----------------------------------------------------------------------------
//
// The registry of layers' frames and the standard library's call machinery.
//
// Lock order: FrameRegistry::mu_, then nothing.

#include "poolsim/frame_filter.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "poolsim/internal/lock.h"

namespace poolsim {
namespace {

using poolsim_internal::Mutex;
using poolsim_internal::MutexLock;

// Registered layers. Never destroyed: registrations run during static
// initialization and reports may render during static destruction.
//
// Thread-safe.
class FrameRegistry {
 public:
  void Add(LayerFrames frames) {
    MutexLock lock(&mu_);
    auto it = std::find_if(layers_.begin(), layers_.end(),
                           [&](const LayerFrames& l) { return l.layer == frames.layer; });
    if (it != layers_.end()) {
      *it = std::move(frames);
    } else {
      layers_.push_back(std::move(frames));
    }
  }

  std::vector<LayerFrames> All() {
    MutexLock lock(&mu_);
    return layers_;
  }

 private:
  Mutex mu_;
  std::vector<LayerFrames> layers_ ABSL_GUARDED_BY(mu_);
};

FrameRegistry& Registry() {
  static FrameRegistry* registry = new FrameRegistry();
  return *registry;
}

// Where std::function and std::invoke forward a call (libstdc++, libc++).
constexpr absl::string_view kCallMachinery[] = {
    "std::function<",
    "std::_Function_handler<",
    "std::__invoke",  // __invoke, __invoke_impl, __invoke_r
    "std::__1::function<",
    "std::__1::__function::",
    "std::__1::__invoke",
};

// Returns true if and only if `prefix` starts the qualified name of
// `function`: at its start or after a return type, never inside a template
// argument or parameter list.
bool QualifiedNameStartsWith(absl::string_view function, absl::string_view prefix) {
  int depth = 0;
  for (size_t i = 0; i < function.size(); ++i) {
    const char c = function[i];
    if (depth == 0 && (i == 0 || function[i - 1] == ' ') &&
        absl::StartsWith(function.substr(i), prefix)) {
      return true;
    }
    if (c == '<' || c == '(' || c == '[') {
      ++depth;
    } else if ((c == '>' || c == ')' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return false;
}

}  // namespace

void RegisterLayerFrames(LayerFrames frames) { Registry().Add(std::move(frames)); }

std::vector<LayerFrames> RegisteredLayerFrames() { return Registry().All(); }

LayerFramesRegistration::LayerFramesRegistration(LayerFrames frames) {
  RegisterLayerFrames(std::move(frames));
}

bool IsCallMachineryFrame(absl::string_view function) {
  return std::any_of(std::begin(kCallMachinery), std::end(kCallMachinery),
                     [&](absl::string_view p) { return QualifiedNameStartsWith(function, p); });
}

bool FunctionInNamespace(absl::string_view function, absl::string_view prefix) {
  // Demangled names may start with a return type: match whole qualifiers.
  return absl::StartsWith(function, prefix) ||
         absl::StrContains(function, absl::StrCat(" ", prefix));
}

}  // namespace poolsim
