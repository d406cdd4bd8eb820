// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/progress.cc: the terminal-only progress line.

#include "poolreport/progress.h"

#include <unistd.h>

#include <cstdio>
#include <utility>

#include "absl/strings/str_cat.h"

namespace poolreport {

Progress::Progress(Sink sink, bool terminal, absl::Duration interval, Clock clock)
    : sink_(std::move(sink)), terminal_(terminal), interval_(interval), clock_(std::move(clock)) {}

Progress Progress::ForStandardError() {
  return Progress(
      [](absl::string_view text) {
        std::fwrite(text.data(), 1, text.size(), stderr);
        std::fflush(stderr);
      },
      isatty(STDERR_FILENO) == 1);
}

void Progress::Update(size_t done, size_t total) {
  if (!terminal_) return;
  const absl::Time now = clock_();
  if (done != total && now - last_ < interval_) return;
  last_ = now;
  drawn_ = true;
  sink_(absl::StrCat("\rpoolreport: read ", done, "/", total, " report(s)\x1b[K"));
}

void Progress::Finish() {
  if (!drawn_) return;
  drawn_ = false;
  sink_("\r\x1b[K");
}

Progress::~Progress() { Finish(); }

}  // namespace poolreport
