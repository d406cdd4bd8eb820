// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/scenario.h
// -----------------------------------------------------------------------------
//
// A plain-text scenario format for simulated I/O, and its runner. One
// operation per line, `#` starts a comment, handles have names:
//
//   attach ctx 370030
//   open h1 \a.txt create
//   write h1 hello
//   expect-stream-context h1 present
//   close h1
//   open h2 \a.txt open
//   expect-stream-context h2 absent   # the stream went with h1's close
//   close h2
//   expect-stream-context h2 absent   # after a close: what h2 had then
//   expect-live-contexts stream 0
//
// The file system's features have their words too: create options on
// `open` (directory, delete-on-close, tx=<transaction>, ...), `open-by-id`,
// `dispose` (FileDispositionInformationEx), `link`, `object-id`, `list`,
// `transaction` / `commit` / `rollback`, and `query ... delete-pending|links`.
//
// The whole text is checked before anything runs (verbs, arguments, handle
// names, uses after close, transactions, object-ID labels); a bad line gives an error naming the line and
// what was expected; a UTF-8 byte-order mark at the start is skipped, and
// bytes that are not printable ASCII are shown as \xNN in messages. The
// format is described in docs/simulated-io.md.

#ifndef FLTCTX_IO_SCENARIO_H_
#define FLTCTX_IO_SCENARIO_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "fltctx/wdk/fltkernel.h"

namespace fltctx {
namespace io {

// ScenarioOptions
struct ScenarioOptions {
  // The filters `attach` may name (registered and started by the caller).
  std::map<std::string, PFLT_FILTER> filters;
  // The volume the scenario runs on.
  VolumeSetup volume;
  // Where the text comes from ("examples/scenarios/basic.scn"): the file of
  // the frame each step adds to the stacks captured while it runs, so a
  // report names the scenario line below the driver's frames
  // (poolsim::ScopedStackNote). Empty: "scenario".
  std::string source_name;
};

// ScenarioResult
struct ScenarioResult {
  // Operations and checks run (non-blank, non-comment lines).
  int steps = 0;
  // One line per step: "<line>: <text> -> <STATUS_NAME>" for I/O operations,
  // "<line>: <text> -> ok" for checks.
  std::vector<std::string> trace;
};

// Parses `text` and, if it is well formed, runs it on a new Volume of
// `manager` (destroyed, with any handle left open closed, before returning).
//
// Errors:
//   kInvalidArgument     the text is malformed ("line 3: ..."); nothing ran.
//   kFailedPrecondition  an operation returned a status other than the one
//                        expected, or an `expect-*` check failed
//                        ("line 7: ..."); the steps before it ran.
absl::StatusOr<ScenarioResult> RunScenario(std::string_view text, FilterManager& manager,
                                           const ScenarioOptions& options = {});

// Checks `text` without running it (the kInvalidArgument errors above).
absl::Status ValidateScenario(std::string_view text, const ScenarioOptions& options = {});

// The name of an NTSTATUS the simulated I/O path returns ("STATUS_SUCCESS"),
// or its hexadecimal value ("0xC0000022") if it has no name here.
std::string NtStatusName(NTSTATUS status);

}  // namespace io
}  // namespace fltctx

#endif  // FLTCTX_IO_SCENARIO_H_
