// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/progress.cc: the read counter, on poolsim's progress line.

#include "poolreport/progress.h"

#include <cstdio>
#include <utility>

namespace poolreport {

namespace {
constexpr char kLabel[] = "poolreport: read";
}  // namespace

Progress::Progress(Sink sink, bool terminal, absl::Duration interval, Clock clock)
    : Progress(std::move(sink),
               terminal ? poolsim::ProgressStyle::kTerminal : poolsim::ProgressStyle::kOff,
               interval, std::move(clock)) {}

Progress::Progress(Sink sink, poolsim::ProgressStyle style, absl::Duration interval, Clock clock)
    : line_(kLabel, style, std::move(sink), interval, std::move(clock)) {}

Progress Progress::ForStandardError() {
  return Progress(
      [](absl::string_view text) {
        std::fwrite(text.data(), 1, text.size(), stderr);
        std::fflush(stderr);
      },
      poolsim::ProgressStyleForStandardError());
}

void Progress::Update(size_t done, size_t total) { line_.Update(done, total, "report(s)"); }

void Progress::Finish() { line_.Finish(); }

Progress::~Progress() = default;

}  // namespace poolreport
