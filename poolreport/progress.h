// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolreport/progress.h
// -----------------------------------------------------------------------------
//
// A one-line progress counter for long reads ("poolreport: read 120/4000
// report(s)"), redrawn in place on a terminal and silent otherwise (a CI log,
// a pipe, a file), so output that is saved or compared holds no progress
// lines; POOLSIM_PROGRESS=1 / =0 forces it on / off (poolsim/progress.h,
// which draws it). Redraws at most once per `interval`, and always for the
// last item.
//
// Thread-compatible: one thread drives it.

#ifndef POOLREPORT_PROGRESS_H_
#define POOLREPORT_PROGRESS_H_

#include <cstddef>
#include <functional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "poolsim/progress.h"

namespace poolreport {

class Progress {
 public:
  using Sink = std::function<void(absl::string_view)>;
  using Clock = std::function<absl::Time()>;

  // `sink` receives what would be written to the terminal; `terminal` says
  // whether it is one (else nothing is ever written).
  Progress(Sink sink, bool terminal, absl::Duration interval = absl::Milliseconds(100),
           Clock clock = absl::Now);
  // The same with the style given (kLines: whole lines, for a forced
  // progress where there is no terminal).
  Progress(Sink sink, poolsim::ProgressStyle style,
           absl::Duration interval = absl::Milliseconds(100), Clock clock = absl::Now);

  // The progress for standard error: shown when it is a terminal, or as
  // POOLSIM_PROGRESS forces.
  static Progress ForStandardError();

  // Reports `done` of `total` items.
  void Update(size_t done, size_t total);
  // Clears the line if anything was drawn. Also called on destruction.
  void Finish();

  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

 private:
  poolsim::ProgressLine line_;
};

}  // namespace poolreport

#endif  // POOLREPORT_PROGRESS_H_
