// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: race/schedule.cc
// -----------------------------------------------------------------------------
//
// Schedule exploration (schedule.h): the strategies (random, replay,
// bounded-preemption enumeration), one run per schedule on a fresh
// Environment, the reports, and SimThread.

#include "race/schedule.h"

#include <random>
#include <thread>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "poolsim/report_text.h"
#include "race/schedule_defaults.h"
#include "race/schedule_runtime.h"

namespace race {
namespace {

using schedule_internal::Chooser;
using schedule_internal::Decision;
using schedule_internal::ScheduleRuntime;

// Random: each choice from a seeded 64-bit Mersenne Twister (the standard
// fixes its sequence), reduced modulo the candidates, so a seed is the same
// schedule on every host.
class RandomChooser : public Chooser {
 public:
  explicit RandomChooser(uint64_t seed) : rng_(seed) {}
  size_t Choose(const std::vector<int>& candidates, size_t) override {
    return static_cast<size_t>(rng_() % candidates.size());
  }

 private:
  std::mt19937_64 rng_;
};

// Systematic: the given indices, then always the first candidate (go on
// with the current thread: no preemption).
class PrefixChooser : public Chooser {
 public:
  explicit PrefixChooser(std::vector<size_t> prefix) : prefix_(std::move(prefix)) {}
  size_t Choose(const std::vector<int>&, size_t index) override {
    return index < prefix_.size() ? prefix_[index] : 0;
  }

 private:
  const std::vector<size_t> prefix_;
};

// Replay: the given thread ids.
class ReplayChooser : public Chooser {
 public:
  explicit ReplayChooser(std::vector<int> threads) : threads_(std::move(threads)) {}
  size_t Choose(const std::vector<int>& candidates, size_t index) override {
    used_ = index + 1;
    if (index >= threads_.size()) {
      if (divergence_.empty()) {
        divergence_ = absl::StrFormat(
            "the body made more decisions than the replayed schedule's %d; the rest ran "
            "without preemption",
            threads_.size());
      }
      return 0;
    }
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (candidates[i] == threads_[index]) return i;
    }
    if (divergence_.empty()) {
      divergence_ = absl::StrFormat(
          "decision %d of the replayed schedule chose thread %d, which could not run there "
          "(runnable: %s): the body no longer makes the same calls",
          index, threads_[index], absl::StrJoin(candidates, ","));
    }
    return 0;
  }
  std::string divergence() const override {
    if (!divergence_.empty() || used_ >= threads_.size()) return divergence_;
    return absl::StrFormat("the body made %d decisions; the replayed schedule has %d", used_,
                           threads_.size());
  }

 private:
  const std::vector<int> threads_;
  size_t used_ = 0;
  std::string divergence_;
};

uint64_t EnvNumber(const char* name, uint64_t fallback, bool* set = nullptr) {
  const char* v = std::getenv(name);
  uint64_t n = 0;
  if (v == nullptr || !absl::SimpleAtoi(v, &n)) return fallback;
  if (set != nullptr) *set = true;
  return n;
}

}  // namespace

ScheduleOptions ScheduleOptions::FromEnv() {
  ScheduleOptions o = schedule_internal::ControlDefaults();
  if (const char* v = std::getenv("FLTCTX_SCHEDULE_STRATEGY")) {
    const std::string s = v;
    if (s == "random") o.strategy = ScheduleStrategy::kRandom;
    if (s == "systematic") o.strategy = ScheduleStrategy::kSystematic;
  }
  o.runs = EnvNumber("FLTCTX_SCHEDULE_RUNS", o.runs);
  o.first_seed = EnvNumber("FLTCTX_SCHEDULE_FIRST_SEED", o.first_seed);
  o.max_preemptions =
      static_cast<uint32_t>(EnvNumber("FLTCTX_SCHEDULE_PREEMPTIONS", o.max_preemptions));
  bool seed_set = false;
  const uint64_t seed = EnvNumber("FLTCTX_SCHEDULE_SEED", 0, &seed_set);
  if (seed_set) {
    o.replay_seed_set = true;
    o.replay_seed = seed;
  }
  if (const char* v = std::getenv("FLTCTX_SCHEDULE")) o.replay_choices = v;
  return o;
}

std::string FormatChoices(const std::vector<int>& choices) { return absl::StrJoin(choices, ","); }

bool ParseChoices(const std::string& text, std::vector<int>* choices) {
  choices->clear();
  if (text.empty()) return true;
  for (absl::string_view part : absl::StrSplit(text, ',')) {
    int n = 0;
    if (!absl::SimpleAtoi(part, &n) || n < 0) return false;
    choices->push_back(n);
  }
  return true;
}

ScheduleResult ExploreSchedules(const std::function<void()>& body,
                                const ScheduleOptions& options,
                                const std::function<void(std::vector<std::string>*)>& after_run) {
  ScheduleResult result;
  // A block that only a thread outside the schedule can end waits this long
  // for it before the run is called deadlocked.
  const uint32_t idle_ms =
      options.base.wait_timeout_ms != 0 ? options.base.wait_timeout_ms : 30000;
  std::vector<Decision> last;
  // Runs one schedule; false to stop exploring.
  auto run_one = [&](Chooser* chooser, bool seeded, uint64_t seed) {
    poolsim::Environment env(options.base);
    env.SetBugCheckHandler([](const poolsim::BugCheck&) {});  // kept in the report
    ScheduleRuntime runtime(chooser, idle_ms);
    {
      poolsim::ScopedEnvironment install(&env);
      runtime.Run(body);
    }
    ScheduleRun run;
    run.number = result.schedules++;
    run.seeded = seeded;
    run.seed = seed;
    last = runtime.decisions();
    for (const Decision& d : last) {
      const int chosen = d.candidates[d.chosen];
      run.choices.push_back(chosen);
      run.trace.push_back(absl::StrFormat("%s -> T%d%s", d.where, chosen,
                                          d.current_runnable && d.chosen != 0 ? " (preempts)"
                                                                              : ""));
    }
    result.all_choices.push_back(run.choices);
    run.preemptions = runtime.preemptions();
    run.deadlock = runtime.deadlocks();
    run.divergence = chooser->divergence();
    if (after_run) after_run(&run.test_failures);
    run.report = poolsim::BuildLeakReport(env);
    const bool clean = run.clean();
    if (!clean) result.failures.push_back(std::move(run));
    return clean || !options.stop_at_first_failure;
  };

  if (!options.replay_choices.empty()) {
    std::vector<int> threads;
    if (!ParseChoices(options.replay_choices, &threads)) {
      ScheduleRun bad;
      bad.divergence = absl::StrCat("the schedule \"", options.replay_choices,
                                    "\" is not a comma-separated list of thread ids");
      result.failures.push_back(std::move(bad));
      return result;
    }
    ReplayChooser replay(std::move(threads));
    run_one(&replay, false, 0);
    return result;
  }
  if (options.replay_seed_set) {
    RandomChooser random(options.replay_seed);
    run_one(&random, true, options.replay_seed);
    return result;
  }
  if (options.strategy == ScheduleStrategy::kRandom) {
    for (uint64_t i = 0; i < options.runs; ++i) {
      if (result.schedules >= options.max_schedules) {
        result.truncated = true;
        break;
      }
      RandomChooser random(options.first_seed + i);
      if (!run_one(&random, true, options.first_seed + i)) break;
    }
    return result;
  }
  // Bounded preemption, depth first: each run follows `prefix` and then
  // never preempts; the next prefix changes the deepest decision that still
  // has an untried candidate within the bound.
  std::vector<size_t> prefix;
  for (;;) {
    if (result.schedules >= options.max_schedules) {
      result.truncated = true;
      return result;
    }
    PrefixChooser chooser(prefix);
    if (!run_one(&chooser, false, 0)) return result;
    bool next = false;
    for (size_t i = last.size(); i-- > 0 && !next;) {
      const Decision& d = last[i];
      for (size_t j = d.chosen + 1; j < d.candidates.size(); ++j) {
        const uint32_t cost = d.current_runnable && j != 0 ? 1 : 0;
        if (d.preemptions_before + cost > options.max_preemptions) continue;
        prefix.clear();
        for (size_t k = 0; k < i; ++k) prefix.push_back(last[k].chosen);
        prefix.push_back(j);
        next = true;
        break;
      }
    }
    if (!next) {
      result.exhaustive = true;
      return result;
    }
  }
}

std::string DescribeScheduleRun(const ScheduleRun& run) {
  std::string text;
  if (run.seeded) {
    absl::StrAppendFormat(&text, "schedule %d, seed %d (replay: FLTCTX_SCHEDULE_SEED=%d)\n",
                          run.number, run.seed, run.seed);
  } else {
    absl::StrAppendFormat(&text, "schedule %d\n", run.number);
  }
  absl::StrAppendFormat(&text, "choices (replay: FLTCTX_SCHEDULE=%s), %d preemption%s:\n",
                        FormatChoices(run.choices), run.preemptions,
                        run.preemptions == 1 ? "" : "s");
  for (const std::string& step : run.trace) absl::StrAppend(&text, "  ", step, "\n");
  if (!run.divergence.empty()) absl::StrAppend(&text, "replay diverged: ", run.divergence, "\n");
  absl::StrAppend(&text, run.deadlock);
  for (const std::string& failure : run.test_failures) absl::StrAppend(&text, failure, "\n");
  if (!run.report.clean()) absl::StrAppend(&text, poolsim::RenderText(run.report));
  return text;
}

bool InSchedule() { return ScheduleRuntime::Current() != nullptr; }

struct SimThread::State {
  ScheduleRuntime* runtime = nullptr;
  int id = 0;
  std::thread host;  // outside schedule mode
  bool joined = false;
};

SimThread::SimThread(std::function<void()> routine) : state_(std::make_unique<State>()) {
  state_->runtime = ScheduleRuntime::Current();
  if (state_->runtime != nullptr) {
    state_->id = state_->runtime->Start(std::move(routine));
  } else {
    state_->host = std::thread(std::move(routine));
  }
}

SimThread::~SimThread() { Join(); }

void SimThread::Join() {
  if (state_->joined) return;
  state_->joined = true;
  if (state_->runtime != nullptr) {
    state_->runtime->Join(state_->id);
  } else if (state_->host.joinable()) {
    state_->host.join();
  }
}

}  // namespace race
