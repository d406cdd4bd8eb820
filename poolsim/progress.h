// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/progress.h
// -----------------------------------------------------------------------------
//
// A one-line progress counter for long runs (the error-path sweep, the
// report viewer over many files): "poolsim: error-path sweep 120/4000 runs".
// poolsim (a host-side utility, not a simulated kernel part).
//
// Where it goes is decided once, by ProgressStyleForStandardError():
//   - standard error is a terminal: the line is redrawn in place and erased
//     when done;
//   - it is not (a `bazel test` log, a pipe, a file): nothing is written, so
//     saved or compared output holds no progress;
//   - POOLSIM_PROGRESS=1 forces progress on (where standard error is no
//     terminal, as whole lines, at most one per interval, so a CI log stays
//     readable); POOLSIM_PROGRESS=0 forces it off everywhere.
// A line is written at most once per `interval`, and always for the last
// item, so a fast loop pays one clock read per update.
//
// Thread-compatible: one thread drives a ProgressLine.

#ifndef POOLSIM_PROGRESS_H_
#define POOLSIM_PROGRESS_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace poolsim {

enum class ProgressStyle {
  kOff,       // nothing is written
  kTerminal,  // "\r<line>\x1b[K", redrawn in place; erased by Finish()
  kLines,     // "<line>\n", one per interval (forced on, not a terminal)
};

// The style for standard error: POOLSIM_PROGRESS ("1"/"on"/"true" forces
// kTerminal on a terminal and kLines elsewhere; "0"/"off"/"false" kOff),
// else kTerminal on a terminal and kOff elsewhere. Reads the environment
// on every call.
ProgressStyle ProgressStyleForStandardError();

// The same, from given facts (for tests): `forced` is POOLSIM_PROGRESS's
// value or null when unset. An unrecognized value is ignored (as if unset).
ProgressStyle ChooseProgressStyle(const char* forced, bool terminal);

class ProgressLine {
 public:
  using Sink = std::function<void(absl::string_view)>;
  using Clock = std::function<absl::Time()>;

  // `label` starts every line ("poolsim: error-path sweep"); `sink` gets
  // what is written.
  ProgressLine(std::string label, ProgressStyle style, Sink sink,
               absl::Duration interval = absl::Milliseconds(100), Clock clock = absl::Now);

  // Writes to standard error in the style ProgressStyleForStandardError()
  // chooses.
  static ProgressLine ForStandardError(std::string label);

  // Reports `done` of `total` `unit` ("runs"); `total` may grow between
  // calls. The line is "<label> <done>/<total> <unit>".
  void Update(uint64_t done, uint64_t total, absl::string_view unit);
  // Erases the terminal line if one was drawn. Also called on destruction.
  void Finish();

  ProgressStyle style() const { return style_; }

  ~ProgressLine();
  ProgressLine(ProgressLine&& other) noexcept;
  ProgressLine& operator=(ProgressLine&&) = delete;
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

 private:
  std::string label_;
  ProgressStyle style_;
  Sink sink_;
  absl::Duration interval_;
  Clock clock_;
  bool drawn_ = false;
  absl::Time last_ = absl::InfinitePast();
};

}  // namespace poolsim

#endif  // POOLSIM_PROGRESS_H_
