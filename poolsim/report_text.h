// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/report_text.h
// -----------------------------------------------------------------------------
//
// Renders a LeakReport for people, in LeakSanitizer's vocabulary:
//
//   Direct leak of 64 byte(s) in 2 allocation(s) from NonPagedPool, tag 'Tag1', allocated at:
//       #0 MyFilterCreate filter.c:42
//       #1 ...
//   SUMMARY: poolsim: 64 byte(s) leaked in 2 allocation(s).
//
// docs/poolsim.md describes every line.

#ifndef POOLSIM_REPORT_TEXT_H_
#define POOLSIM_REPORT_TEXT_H_

#include <functional>
#include <string>
#include <vector>

#include "poolsim/bugcheck.h"
#include "poolsim/environment.h"
#include "poolsim/frame_filter.h"
#include "poolsim/leak_report.h"
#include "poolsim/stack_trace.h"

namespace poolsim {

// Turns a stack id into frames. The default is poolsim::Symbolize; tests
// substitute a fake for stable output.
using Symbolizer = std::function<std::vector<SymbolizedFrame>(StackId)>;

// TextOptions
struct TextOptions {
  // Show block and program-counter addresses (they change from run to run).
  bool show_addresses = false;
  // At most this many frames per stack (after trimming), 0 for all.
  int max_frames = 12;
  // Leave out the library's own frames at the top of each stack (functions
  // starting with one of `library_prefixes`, or in one of `library_files`)
  // and the harness's frames at the bottom (GoogleTest's, from the first one
  // in `harness_namespaces` on). The lists below are poolsim's own; layers
  // above it add theirs with RegisterLayerFrames (poolsim/frame_filter.h).
  bool trim_library_frames = true;
  std::vector<std::string> library_prefixes = {"poolsim::Environment::",
                                               "poolsim::poolsim_internal::"};
  std::vector<std::string> harness_namespaces = {"testing::"};
  // Frames in these source files (matched at the end of the path) count as
  // the library's too: the WDK-named wrappers, which have C names.
  std::vector<std::string> library_files = {"poolsim/wdk/ex_pool.cc", "poolsim/wdk/ke_irql.cc",
                                            "poolsim/wdk/lookaside.cc"};
  // Frames of these namespaces between the driver's frames and the test's
  // (a simulated I/O manager calling the driver's callbacks) are left out;
  // the stack goes on below them. Layers add theirs with RegisterLayerFrames.
  std::vector<std::string> dispatch_namespaces;
  // With trim_library_frames, also use every layer's registered frames.
  bool use_registered_layers = true;
  // With trim_library_frames, also leave out the standard library's call
  // forwarding (std::function, std::__invoke) wherever it is in the stack.
  bool trim_call_machinery = true;
  // Empty: poolsim::Symbolize with file:line.
  Symbolizer symbolizer;
};

// Returns the report as text; "" when `report` has nothing to say (no
// group, object or bug check at all).
std::string RenderText(const LeakReport& report, const TextOptions& options = {});

// Returns one bug check as text, with the same stack rendering.
std::string RenderBugCheckText(const BugCheck& bug_check, const TextOptions& options = {});

// Returns the per-tag table the way !poolused shows it: tag, then outstanding
// allocations and bytes for nonpaged and paged pool, plus frees.
std::string RenderTagUsage(const std::vector<TagUsage>& usage);

// Returns the global counters the way !verifier shows them.
std::string RenderCounters(const PoolCounters& counters);

// Returns the frames RenderText would print for `stack`.
std::vector<SymbolizedFrame> RenderedFrames(StackId stack, const TextOptions& options);

// BlameStack()
//
// Returns the stack a leaked object's entry leads with: the oldest
// reference taken and never released, or the allocating stack when no
// outstanding reference was recorded. Failure messages are attributed to its
// first frame.
StackId BlameStack(const LeakedObject& object);

}  // namespace poolsim

#endif  // POOLSIM_REPORT_TEXT_H_
