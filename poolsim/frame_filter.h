// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/frame_filter.h
// -----------------------------------------------------------------------------
//
// Which frames of a stack a report shows. A layer built on poolsim (fltctx,
// its simulated I/O, the WDK-named wrappers, allocator libraries) registers
// its own frames here, so poolsim trims them without knowing their names:
//
//   - library frames: the layer's implementation, trimmed from the top of a
//     stack so it starts at the driver's call;
//   - dispatch frames: a layer that calls the driver on behalf of the code
//     under test (a simulated I/O manager delivering a request to a filter's
//     callbacks); left out, and the stack goes on below them to the test
//     line (or scenario step) that issued the request;
//   - harness frames: whatever runs the test itself (a test framework); a
//     stack is cut at the first one.
//
// A layer registers once, before reports are rendered, typically from a
// static LayerFramesRegistration in a small alwayslink library of its own:
//
//   const poolsim::LayerFramesRegistration kFrames({
//       .layer = "mylib",
//       .library_functions = {"mylib::mylib_internal::"},
//   });
//
// Layer: poolsim core; the renderers (report_text, report_json) use it.

#ifndef POOLSIM_FRAME_FILTER_H_
#define POOLSIM_FRAME_FILTER_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "poolsim/stack_trace.h"

namespace poolsim {

// LayerFrames
//
// What one layer calls its own frames.
struct LayerFrames {
  // Names the layer (for diagnostics; registering a name again replaces it).
  std::string layer;
  // Library frames: the function name starts with one of these
  // ("mylayer::mylayer_internal::").
  std::vector<std::string> library_functions;
  // Library frames too: the source file ends with one of these
  // ("mylayer/wdk/wrappers.cc"), for wrappers with C names.
  std::vector<std::string> library_files;
  // Harness frames: the function is in one of these namespaces
  // ("mylayer::harness::"), also after a return type.
  std::vector<std::string> harness_functions;
  // Dispatch frames: the function is in one of these namespaces
  // ("mylayer::io::"), also after a return type.
  std::vector<std::string> dispatch_functions;
};

// RegisterLayerFrames()
//
// Adds (or, for a layer name seen before, replaces) a layer's frames.
// Thread-safe; takes effect for reports rendered afterwards.
void RegisterLayerFrames(LayerFrames frames);

// RegisteredLayerFrames()
//
// Returns every registered layer, in order of registration. Thread-safe.
std::vector<LayerFrames> RegisteredLayerFrames();

// LayerFramesRegistration
//
// Registers a layer's frames on construction; meant for a namespace-scope
// constant in the layer's registration file.
class LayerFramesRegistration {
 public:
  explicit LayerFramesRegistration(LayerFrames frames);
};

// IsCallMachineryFrame()
//
// Returns true if and only if `function` is the standard library's call
// forwarding (std::function's operator(), std::_Function_handler,
// std::__invoke and friends), which says nothing about who called whom.
bool IsCallMachineryFrame(absl::string_view function);

// FunctionInNamespace()
//
// Returns true if and only if the demangled `function` starts with `prefix`,
// directly or after a return type ("void testing::Test::Run()" is in
// "testing::").
bool FunctionInNamespace(absl::string_view function, absl::string_view prefix);

}  // namespace poolsim

#endif  // POOLSIM_FRAME_FILTER_H_
