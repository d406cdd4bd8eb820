// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolsim/progress.cc: the progress line for long runs, and where it
// may be shown.

#include "poolsim/progress.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace poolsim {

ProgressStyle ChooseProgressStyle(const char* forced, bool terminal) {
  if (forced != nullptr) {
    const std::string value = absl::AsciiStrToLower(forced);
    if (value == "1" || value == "on" || value == "true") {
      return terminal ? ProgressStyle::kTerminal : ProgressStyle::kLines;
    }
    if (value == "0" || value == "off" || value == "false") return ProgressStyle::kOff;
  }
  return terminal ? ProgressStyle::kTerminal : ProgressStyle::kOff;
}

ProgressStyle ProgressStyleForStandardError() {
  return ChooseProgressStyle(std::getenv("POOLSIM_PROGRESS"), isatty(STDERR_FILENO) == 1);
}

ProgressLine::ProgressLine(std::string label, ProgressStyle style, Sink sink,
                           absl::Duration interval, Clock clock)
    : label_(std::move(label)),
      style_(style),
      sink_(std::move(sink)),
      interval_(interval),
      clock_(std::move(clock)) {}

ProgressLine::ProgressLine(ProgressLine&& other) noexcept
    : label_(std::move(other.label_)),
      style_(other.style_),
      sink_(std::move(other.sink_)),
      interval_(other.interval_),
      clock_(std::move(other.clock_)),
      drawn_(other.drawn_),
      last_(other.last_) {
  other.style_ = ProgressStyle::kOff;
  other.drawn_ = false;
}

ProgressLine ProgressLine::ForStandardError(std::string label) {
  return ProgressLine(std::move(label), ProgressStyleForStandardError(),
                      [](absl::string_view text) {
                        std::fwrite(text.data(), 1, text.size(), stderr);
                        std::fflush(stderr);
                      });
}

void ProgressLine::Update(uint64_t done, uint64_t total, absl::string_view unit) {
  if (style_ == ProgressStyle::kOff) return;
  const absl::Time now = clock_();
  if (done != total && now - last_ < interval_) return;
  last_ = now;
  const std::string line = absl::StrCat(label_, " ", done, "/", total, " ", unit);
  if (style_ == ProgressStyle::kTerminal) {
    drawn_ = true;
    sink_(absl::StrCat("\r", line, "\x1b[K"));
  } else {
    sink_(absl::StrCat(line, "\n"));
  }
}

void ProgressLine::Finish() {
  if (!drawn_) return;
  drawn_ = false;
  sink_("\r\x1b[K");
}

ProgressLine::~ProgressLine() { Finish(); }

}  // namespace poolsim
