// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: race/race_sweep_options.cc
// -----------------------------------------------------------------------------
//
// The race sweep's settings: RaceSweepOptions::Defaults() from the
// FLTCTX_RACE_SWEEP_* environment variables and the C controls' overrides.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "poolsim/internal/lock.h"
#include "race/race_sweep.h"

namespace race {
namespace {

using poolsim::poolsim_internal::Mutex;
using poolsim::poolsim_internal::MutexLock;

struct Overrides {
  bool has_max_runs = false;
  uint64_t max_runs = 0;
  bool has_racers = false;
  uint32_t racers = 0;
  bool has_points = false;
  std::vector<std::string> points;
};

// The C controls' settings, process-wide.
struct Settings {
  Mutex mu;
  Overrides overrides ABSL_GUARDED_BY(mu);
};

Settings& TheSettings() {
  static Settings* const settings = new Settings();
  return *settings;
}

void Malformed(const char* name, const char* value) {
  std::fprintf(stderr, "fltctx: ignoring %s=%s (malformed; docs/concurrency.md)\n", name, value);
}

}  // namespace

bool ParseRaceSweepRacers(const std::string& text, uint32_t* racers) {
  uint32_t bits = 0;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    const std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(part));
    if (name == "set") {
      bits |= kRacerSetFirst;
    } else if (name == "delete") {
      bits |= kRacerDeleteFirst;
    } else if (name == "use") {
      bits |= kRacerDeleteInUse;
    } else if (name == "teardown") {
      bits |= kRacerTeardown;
    } else if (name == "all") {
      bits |= kAllRacers;
    } else {
      return false;
    }
  }
  *racers = bits;
  return true;
}

std::vector<std::string> ParseRaceSweepPoints(const std::string& text) {
  std::vector<std::string> patterns;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    patterns.emplace_back(absl::StripAsciiWhitespace(part));
  }
  return patterns;
}

RaceSweepOptions RaceSweepOptions::Defaults() {
  RaceSweepOptions o;
  if (const char* v = std::getenv("FLTCTX_RACE_SWEEP_MAX_RUNS"); v != nullptr && *v != '\0') {
    uint64_t n = 0;
    if (absl::SimpleAtoi(v, &n) && n > 0) {
      o.max_runs = n;
    } else {
      Malformed("FLTCTX_RACE_SWEEP_MAX_RUNS", v);
    }
  }
  if (const char* v = std::getenv("FLTCTX_RACE_SWEEP_RACERS"); v != nullptr && *v != '\0') {
    if (!ParseRaceSweepRacers(v, &o.racers)) Malformed("FLTCTX_RACE_SWEEP_RACERS", v);
  }
  if (const char* v = std::getenv("FLTCTX_RACE_SWEEP_POINTS"); v != nullptr && *v != '\0') {
    o.points = ParseRaceSweepPoints(v);
  }
  Settings& s = TheSettings();
  MutexLock l(&s.mu);
  if (s.overrides.has_max_runs) o.max_runs = s.overrides.max_runs;
  if (s.overrides.has_racers) o.racers = s.overrides.racers;
  if (s.overrides.has_points) o.points = s.overrides.points;
  return o;
}

void OverrideRaceSweepMaxRuns(uint64_t max_runs) {
  Settings& s = TheSettings();
  MutexLock l(&s.mu);
  s.overrides.has_max_runs = true;
  s.overrides.max_runs = max_runs;
}

void OverrideRaceSweepRacers(uint32_t racers) {
  Settings& s = TheSettings();
  MutexLock l(&s.mu);
  s.overrides.has_racers = true;
  s.overrides.racers = racers;
}

void OverrideRaceSweepPoints(std::vector<std::string> patterns) {
  Settings& s = TheSettings();
  MutexLock l(&s.mu);
  s.overrides.has_points = true;
  s.overrides.points = std::move(patterns);
}

void ClearRaceSweepOverrides() {
  Settings& s = TheSettings();
  MutexLock l(&s.mu);
  s.overrides = Overrides();
}

}  // namespace race
