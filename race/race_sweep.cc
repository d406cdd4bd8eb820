// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: race/race_sweep.cc
// -----------------------------------------------------------------------------
//
// The race-path sweep and its racers (race_sweep.h).

#include "race/race_sweep.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "fltctx/context_type.h"
#include "fltctx/filter_manager.h"
#include "fltctx/race_point.h"
#include "poolsim/glob.h"
#include "poolsim/internal/lock.h"
#include "poolsim/report_text.h"

namespace race {
namespace {

constexpr const char* kMajorFunctionNames[] = {
    "IRP_MJ_CREATE",
    "IRP_MJ_CREATE_NAMED_PIPE",
    "IRP_MJ_CLOSE",
    "IRP_MJ_READ",
    "IRP_MJ_WRITE",
    "IRP_MJ_QUERY_INFORMATION",
    "IRP_MJ_SET_INFORMATION",
    "IRP_MJ_QUERY_EA",
    "IRP_MJ_SET_EA",
    "IRP_MJ_FLUSH_BUFFERS",
    "IRP_MJ_QUERY_VOLUME_INFORMATION",
    "IRP_MJ_SET_VOLUME_INFORMATION",
    "IRP_MJ_DIRECTORY_CONTROL",
    "IRP_MJ_FILE_SYSTEM_CONTROL",
    "IRP_MJ_DEVICE_CONTROL",
    "IRP_MJ_INTERNAL_DEVICE_CONTROL",
    "IRP_MJ_SHUTDOWN",
    "IRP_MJ_LOCK_CONTROL",
    "IRP_MJ_CLEANUP",
    "IRP_MJ_CREATE_MAILSLOT",
    "IRP_MJ_QUERY_SECURITY",
    "IRP_MJ_SET_SECURITY",
    "IRP_MJ_POWER",
    "IRP_MJ_SYSTEM_CONTROL",
    "IRP_MJ_DEVICE_CHANGE",
    "IRP_MJ_QUERY_QUOTA",
    "IRP_MJ_SET_QUOTA",
    "IRP_MJ_PNP",
};

std::string MajorFunctionName(unsigned char major) {
  if (major < sizeof(kMajorFunctionNames) / sizeof(kMajorFunctionNames[0])) {
    return kMajorFunctionNames[major];
  }
  return absl::StrFormat("major function 0x%02x", major);
}

// One run's state. A body may announce from several threads; the racer's
// own thread announces while the driver's thread waits for it.
struct RunState {
  const RaceSweepOptions* options = nullptr;
  uint64_t racer_at = 0;  // 0: count only
  poolsim::poolsim_internal::Mutex mu;
  uint64_t seen ABSL_GUARDED_BY(mu) = 0;
  bool acted ABSL_GUARDED_BY(mu) = false;
  bool racing ABSL_GUARDED_BY(mu) = false;  // the racer is at work
  // The counting run: each point's name.
  std::vector<std::string>* names ABSL_GUARDED_BY(mu) = nullptr;
  Racer racer ABSL_GUARDED_BY(mu);
};

// Another thread sets a context of the same type first.
bool SetFirst(const fltctx::RacePoint& p, std::string* action) {
  if (p.context == nullptr || p.manager == nullptr) return false;
  const fltctx::ContextInfo info = p.manager->Inspect(p.context);
  if (info.state == fltctx::ContextState::kUnknown || info.bytes == 0) return false;
  fltctx::Filter* filter = p.target.filter;
  if (filter == nullptr && p.target.instance != nullptr) {
    filter = fltctx::FilterManager::FilterOf(p.target.instance);
  }
  if (filter == nullptr) return false;
  fltctx::AllocateResult mine =
      p.manager->Allocate(filter, p.target.type, info.bytes, info.pool, info.pool_type);
  if (mine.outcome != fltctx::AllocateOutcome::kAllocated) return false;
  std::memset(mine.context.get(), 0, info.bytes);
  const fltctx::SetResult r =
      p.manager->Set(p.target, mine.context.get(), fltctx::SetMode::kKeepIfExists, false);
  // The racer's own reference goes with `mine`; the attachment keeps one.
  if (r.outcome != fltctx::SetOutcome::kInserted) return false;
  *action = absl::StrCat("another thread set a ", fltctx::ContextTypeName(p.target.type),
                         " (zero-filled, ", info.bytes, " bytes) on the same object first");
  return true;
}

// Another thread deletes the object's context of that type first.
bool DeleteFirst(const fltctx::RacePoint& p, std::string* action) {
  if (p.manager == nullptr) return false;
  const fltctx::DeleteResult r = p.manager->Delete(p.target, false);
  if (r.outcome != fltctx::DeleteOutcome::kDeleted) return false;
  *action = absl::StrCat("another thread deleted the object's ",
                         fltctx::ContextTypeName(p.target.type), " first");
  return true;
}

// Runs `fn` on a thread of its own, at PASSIVE_LEVEL with no lock held, and
// waits for it: the other thread of the race, whatever the driver's thread
// holds.
void OnAnotherThread(const std::function<void()>& fn) { std::thread(fn).join(); }

// Another thread, holding a reference of its own, deletes the context the
// driver names (FltDeleteContext) first: the attachment's reference goes, so
// the driver's own reference, if it holds one, is now the last.
bool DeleteByPointerFirst(const fltctx::RacePoint& p, std::string* action) {
  if (p.manager == nullptr || p.context == nullptr) return false;
  const fltctx::ContextInfo info = p.manager->Inspect(p.context);
  if (info.state != fltctx::ContextState::kLinked) return false;
  if (info.type == fltctx::ContextType::kSection) return false;  // closed, not deleted
  // A release with no reference but the attachment's is the over-release the
  // report names without any race: leave it to that report.
  if (p.call == fltctx::RaceCall::kReleaseContext && info.reference_count < 2) return false;
  OnAnotherThread([&] { p.manager->DeleteContext(p.context); });
  *action = absl::StrCat("another thread deleted the ", fltctx::ContextTypeName(info.type),
                         " (FltDeleteContext) first");
  return true;
}

// The volume is dismounted first: every instance on it is torn down
// (InstanceTeardownStart, the post-operation callbacks in flight called with
// FLTFL_POST_OPERATION_DRAINING, InstanceTeardownComplete) on another thread.
bool DismountFirst(const fltctx::RacePoint& p, std::string* action) {
  fltctx::Instance* instance = p.target.instance;
  if (p.manager == nullptr || instance == nullptr) return false;
  fltctx::Volume* volume = fltctx::FilterManager::VolumeOf(instance);
  const std::vector<fltctx::Instance*> live = p.manager->InstancesByAltitude(volume);
  if (std::find(live.begin(), live.end(), instance) == live.end()) return false;
  OnAnotherThread([&] { p.manager->DismountVolume(volume); });
  *action =
      "the volume was dismounted first (its instances torn down: InstanceTeardownStart, "
      "operations in flight drained, InstanceTeardownComplete)";
  if (p.acted != nullptr) *p.acted = true;
  return true;
}

bool Act(const fltctx::RacePoint& p, std::string* action) {
  switch (p.call) {
    case fltctx::RaceCall::kSetContext:
      return SetFirst(p, action);
    case fltctx::RaceCall::kGetContext:
    case fltctx::RaceCall::kDeleteContext:
      return DeleteFirst(p, action);
    case fltctx::RaceCall::kContextReturned:
    case fltctx::RaceCall::kReleaseContext:
    case fltctx::RaceCall::kReferenceContext:
    case fltctx::RaceCall::kDeleteByPointer:
      return DeleteByPointerFirst(p, action);
    case fltctx::RaceCall::kPreOperation:
    case fltctx::RaceCall::kPostOperation:
      return DismountFirst(p, action);
  }
  return false;
}

// The point's name in reports: the WDK call, or the callback and operation.
std::string PointName(const fltctx::RacePoint& p) {
  if (p.call == fltctx::RaceCall::kPreOperation || p.call == fltctx::RaceCall::kPostOperation) {
    return absl::StrCat(p.api, " of ", MajorFunctionName(p.major));
  }
  if (p.call == fltctx::RaceCall::kContextReturned) {
    return absl::StrCat("the use of the context ", p.api, " returned");
  }
  return p.api;
}

// The racer kind (RaceSweepOptions::racers bit) a point's racer is.
uint32_t RacerKindOf(fltctx::RaceCall call) {
  switch (call) {
    case fltctx::RaceCall::kSetContext:
      return kRacerSetFirst;
    case fltctx::RaceCall::kGetContext:
    case fltctx::RaceCall::kDeleteContext:
      return kRacerDeleteFirst;
    case fltctx::RaceCall::kContextReturned:
    case fltctx::RaceCall::kReleaseContext:
    case fltctx::RaceCall::kReferenceContext:
    case fltctx::RaceCall::kDeleteByPointer:
      return kRacerDeleteInUse;
    case fltctx::RaceCall::kPreOperation:
    case fltctx::RaceCall::kPostOperation:
      return kRacerTeardown;
  }
  return 0;
}

bool MatchesAny(const std::vector<std::string>& patterns, const std::string& name) {
  for (const std::string& pattern : patterns) {
    if (poolsim::GlobMatch(pattern, name)) return true;
  }
  return false;
}

void Observe(const fltctx::RacePoint& p, void* cookie) {
  RunState& s = *static_cast<RunState*>(cookie);
  if ((s.options->racers & RacerKindOf(p.call)) == 0) return;
  std::string name = PointName(p);
  if (!s.options->points.empty() && !MatchesAny(s.options->points, name)) return;
  uint64_t point = 0;
  {
    poolsim::poolsim_internal::MutexLock l(&s.mu);
    // What the racer's own work announces (the post-operations a dismount
    // drains, ...) is not a point: one racer per run, numbered as without it.
    if (s.racing) return;
    point = ++s.seen;
    if (s.names != nullptr) s.names->push_back(name);
    if (point != s.racer_at || s.acted) return;
    s.racing = true;
  }
  // The racer runs with no lock of the sweep held: its thread announces too.
  std::string action;
  const bool acted = Act(p, &action);
  const poolsim::StackId stack = acted ? poolsim::CaptureStack(2) : poolsim::kNoStack;
  poolsim::poolsim_internal::MutexLock l(&s.mu);
  s.racing = false;
  if (!acted) return;
  s.acted = true;
  s.racer.point = point;
  s.racer.api = std::move(name);
  s.racer.action = std::move(action);
  s.racer.stack = stack;  // from the WDK function's caller
  s.racer.operation_boundary =
      p.call == fltctx::RaceCall::kPreOperation || p.call == fltctx::RaceCall::kPostOperation;
}

// How a racer's stack is shown: from the driver's call (or, at a callback
// boundary, the test's call that issued the I/O) down to the sweep.
poolsim::TextOptions RacerFrames(const Racer& racer) {
  poolsim::TextOptions options;
  options.harness_namespaces.push_back("race::");
  if (racer.operation_boundary) {
    // The simulated I/O path is the library here, not the harness.
    options.use_registered_layers = false;
    options.library_prefixes.push_back("fltctx::");
  }
  return options;
}

class ScopedObserver {
 public:
  explicit ScopedObserver(RunState* state)
      : previous_(fltctx::SetRaceObserver(&Observe, state)) {}
  ~ScopedObserver() { fltctx::SetRaceObserver(previous_, nullptr); }

 private:
  fltctx::RaceObserver previous_;
};

}  // namespace

RaceSweepResult SweepRaces(
    const std::function<void()>& body, const RaceSweepOptions& options,
    const std::function<void(uint64_t, std::vector<std::string>*)>& after_run) {
  RaceSweepResult result;
  for (uint64_t k = 0;; ++k) {
    if (result.runs >= options.max_runs) {
      result.truncated = true;
      break;
    }
    RunState state;
    state.options = &options;
    state.racer_at = k;
    std::vector<std::string> names;
    {
      poolsim::poolsim_internal::MutexLock l(&state.mu);
      if (k == 0) state.names = &names;
    }
    poolsim::Environment env(options.base);
    env.SetBugCheckHandler([](const poolsim::BugCheck&) {});  // kept in the report
    {
      poolsim::ScopedEnvironment install(&env);
      ScopedObserver observe(&state);
      body();
    }
    ++result.runs;
    Racer racer;
    bool acted = false;
    {
      poolsim::poolsim_internal::MutexLock l(&state.mu);
      if (k == 0) result.race_points = state.seen;
      acted = state.acted;
      racer = state.racer;
    }
    if (k == 0) result.points = std::move(names);
    if (acted) ++result.raced;
    std::vector<std::string> test_failures;
    if (after_run) after_run(k, &test_failures);
    poolsim::LeakReport report = poolsim::BuildLeakReport(env);
    if (!report.clean() || !test_failures.empty()) {
      RaceRun run;
      run.racer = std::move(racer);
      if (k != 0 && !acted) run.racer.action = "no racer (none applied here)";
      run.report = std::move(report);
      run.test_failures = std::move(test_failures);
      result.failures.push_back(std::move(run));
    }
    if (k >= result.race_points) break;
  }
  return result;
}

std::string DescribeRaceRun(const RaceRun& run) {
  std::string text;
  if (run.racer.point == 0) {
    absl::StrAppend(&text, "the run without a racer was not clean:\n");
  } else {
    absl::StrAppendFormat(&text, "racer at racy call %d: %s, just before %s, called from:\n",
                          run.racer.point, run.racer.action, run.racer.api);
    for (const poolsim::SymbolizedFrame& f :
         poolsim::RenderedFrames(run.racer.stack, RacerFrames(run.racer))) {
      absl::StrAppendFormat(&text, "    %s %s:%d\n", f.function, f.file, f.line);
    }
  }
  for (const std::string& failure : run.test_failures) absl::StrAppend(&text, failure, "\n");
  if (!run.report.clean()) absl::StrAppend(&text, poolsim::RenderText(run.report));
  return text;
}

}  // namespace race
