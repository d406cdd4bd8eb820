// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Lock order: State::mu and Shared::mu are leaves.

#include "poolsim/testing/leak_check.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "poolsim/environment_lifetime.h"
#include "poolsim/fault_sweep.h"
#include "poolsim/internal/lock.h"
#include "poolsim/report_json.h"
#include "poolsim/report_text.h"
#include "poolsim/testing/test_observer.h"

namespace poolsim {
namespace testing {
namespace {

using poolsim_internal::Mutex;
using poolsim_internal::MutexLock;

// A file name for `test` that is unique within the binary and safe on disk.
std::string ReportName(const ::testing::TestInfo& test) {
  std::string name = absl::StrCat(test.test_suite_name(), ".", test.name());
  for (char& c : name) {
    if (c == '/' || c == '\\' || c == ' ' || c == ':') c = '_';
  }
  return name;
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// Returns the suppressions named by POOLSIM_SUPPRESSIONS; a bad file fails
// the test that reads it rather than being ignored.
Suppressions LoadSuppressions(std::string* error) {
  const char* path = std::getenv("POOLSIM_SUPPRESSIONS");
  if (path == nullptr || *path == '\0') return {};
  std::ifstream in(path);
  if (!in) {
    *error = absl::StrCat("POOLSIM_SUPPRESSIONS: cannot read '", path, "'");
    return {};
  }
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<Suppressions> parsed = Suppressions::Parse(text.str());
  if (!parsed.ok()) {
    *error = absl::StrCat("POOLSIM_SUPPRESSIONS: ", parsed.status().message());
    return {};
  }
  return *std::move(parsed);
}

// Where to attribute a failure: the innermost frame of `stack` with a source
// location, as the report renders it; this file when there is none.
struct SourceLocation {
  std::string file;
  int line;
};
SourceLocation TopFrame(StackId stack) {
  for (const SymbolizedFrame& f : RenderedFrames(stack, TextOptions())) {
    if (!f.file.empty() && f.line > 0) {
      constexpr absl::string_view kCwd = "/proc/self/cwd/";
      std::string file = f.file;
      if (file.compare(0, kCwd.size(), kCwd.data(), kCwd.size()) == 0) file.erase(0, kCwd.size());
      return {file, f.line};
    }
  }
  return {__FILE__, __LINE__};
}

}  // namespace

struct LeakCheckListener::State {
  std::unique_ptr<Environment> env;
  std::unique_ptr<ScopedEnvironment> scope;
  BugCheckHandler previous_default;
  Mutex mu;
  std::vector<BugCheck> unexpected ABSL_GUARDED_BY(mu);
  // Environments the test created itself, still alive.
  absl::flat_hash_set<Environment*> created ABSL_GUARDED_BY(mu);
};

namespace {

// An Environment the test created is going away: what it still holds must
// have been looked at, or a leak in it would pass silently.
void CheckDestroyedEnvironment(Environment& env) {
  if (EnvironmentInspectedSinceLastChange(env)) return;
  const LeakReport report = BuildLeakReport(env);
  if (report.leaked_blocks() == 0 && report.objects.empty()) return;
  ADD_FAILURE() << "poolsim: an Environment this test created was destroyed with "
                << report.leaked_blocks() << " pool block(s) and " << report.objects.size()
                << " object(s) still outstanding, and nothing checked its report: the leak "
                << "would pass silently. Use the test's ambient Environment "
                << "(poolsim::Ambient(), which //:leak_check_main checks), or check "
                << "poolsim::BuildLeakReport(env) before destroying your own.\n"
                << RenderText(report);
}

}  // namespace

LeakCheckListener::LeakCheckListener() : state_(std::make_unique<State>()) {}
LeakCheckListener::~LeakCheckListener() = default;

void LeakCheckListener::OnTestStart(const ::testing::TestInfo&) {
  SetCurrentIrql(kPassiveLevel);
  state_->env = std::make_unique<Environment>(Options::FromEnv());
  state_->scope = std::make_unique<ScopedEnvironment>(state_->env.get());
  State* state = state_.get();
  BugCheckHandler fail_test = [state](const BugCheck& b) {
    {
      MutexLock lock(&state->mu);
      state->unexpected.push_back(b);
    }
    const SourceLocation where = TopFrame(b.stack);
    ADD_FAILURE_AT(where.file.c_str(), where.line)
        << "poolsim: the kernel would have crashed here.\n"
        << RenderBugCheckText(b);
  };
  state_->env->SetBugCheckHandler(fail_test);
  // Environments a test creates itself report to the test too, instead of
  // ending the process.
  state_->previous_default = SetDefaultBugCheckHandler(fail_test);
  for (const NamedTestObserver& o : TestObservers()) {
    if (o.observer.on_start) o.observer.on_start(*state_->env);
  }
  EnvironmentLifetimeObserver lifetime;
  lifetime.created = [state](Environment& env) {
    MutexLock lock(&state->mu);
    state->created.insert(&env);
  };
  lifetime.destroying = [state](Environment& env) {
    {
      MutexLock lock(&state->mu);
      if (state->created.erase(&env) == 0) return;
    }
    CheckDestroyedEnvironment(env);
  };
  SetEnvironmentLifetimeObserver(std::move(lifetime));
}

void LeakCheckListener::OnTestEnd(const ::testing::TestInfo& test) {
  State& s = *state_;
  if (s.env == nullptr) return;
  SetEnvironmentLifetimeObserver({});
  {
    MutexLock lock(&s.mu);
    for (Environment* env : s.created) {
      ADD_FAILURE() << "poolsim: " << test.test_suite_name() << "." << test.name()
                    << " created an Environment that is still alive at its end ("
                    << static_cast<const void*>(env) << "): nothing will check what it "
                    << "leaks. Destroy it in the test (after checking its report), or use "
                    << "the test's ambient Environment.";
    }
    s.created.clear();
  }
  SetDefaultBugCheckHandler(std::move(s.previous_default));
  // A test (like a dispatch routine) must return at the IRQL it started at.
  if (CurrentIrql() != kPassiveLevel) {
    ADD_FAILURE() << "poolsim: " << test.test_suite_name() << "." << test.name() << " ended at "
                  << IrqlName(CurrentIrql()) << "; it started at PASSIVE_LEVEL (a KeRaiseIrql "
                  << "or spin-lock acquire without its release?)";
    SetCurrentIrql(kPassiveLevel);
  }
  for (const std::string& object : s.env->LiveObjectDescriptions()) {
    ADD_FAILURE() << "poolsim: " << test.test_suite_name() << "." << test.name()
                  << " ended with " << object << " never deleted";
  }
  std::string error;
  ReportOptions options;
  options.suppressions = LoadSuppressions(&error);
  std::vector<BugCheck> unexpected;
  {
    MutexLock lock(&s.mu);
    unexpected.swap(s.unexpected);
  }
  LeakReport report = BuildLeakReport(s.env->LiveBlocks(), s.env->LeakedObjects(),
                                      std::move(unexpected), options);
  if (!error.empty()) ADD_FAILURE() << error;
  if (!report.clean()) {
    const std::string text = RenderText(report);
    if (const char* dir = std::getenv("TEST_UNDECLARED_OUTPUTS_DIR")) {
      const std::string folder = absl::StrCat(dir, "/poolsim");
      if (mkdir(folder.c_str(), 0755) == 0 || errno == EEXIST) {
        const std::string base = absl::StrCat(folder, "/", ReportName(test));
        WriteFile(base + ".txt", text);
        WriteFile(base + ".json", RenderJson(report));
      }
    }
    // Bug checks already failed the test when they happened; fail here for
    // what only the end of the test can see.
    if (report.leaked_blocks() > 0 || !report.objects.empty()) {
      StackId first = kNoStack;
      if (!report.objects.empty()) {
        first = BlameStack(report.objects[0]);
      } else {
        for (const LeakGroup& g : report.groups) {
          if (!g.suppressed) {
            first = g.stack;
            break;
          }
        }
      }
      const SourceLocation where = TopFrame(first);
      ADD_FAILURE_AT(where.file.c_str(), where.line) << "poolsim: " << test.test_suite_name() << "." << test.name()
                    << " ended with pool or contexts not released.\n"
                    << text;
    }
  }
  const std::vector<NamedTestObserver> observers = TestObservers();
  for (const NamedTestObserver& o : observers) {
    if (!o.observer.end_violations) continue;
    for (const std::string& violation : o.observer.end_violations(*s.env)) {
      ADD_FAILURE() << o.name << ": " << violation;
    }
  }
  // Notes (the driver's debug output, ...) come last, after every failure
  // of the test, so they are read with them.
  if (test.result() != nullptr && test.result()->Failed()) {
    for (const NamedTestObserver& o : observers) {
      if (!o.observer.failure_notes) continue;
      const std::string notes = o.observer.failure_notes(*s.env);
      if (notes.empty()) continue;
      std::fprintf(stdout, "---- %s notes for %s.%s ----\n%s%s---- end of %s notes ----\n",
                   o.name.c_str(), test.test_suite_name(), test.name(), notes.c_str(),
                   notes.back() == '\n' ? "" : "\n", o.name.c_str());
      std::fflush(stdout);
    }
  }
  for (const NamedTestObserver& o : observers) {
    if (o.observer.on_end) o.observer.on_end(*s.env);
  }
  s.scope.reset();
  s.env.reset();  // frees whatever leaked, so the next test starts clean
}

void InstallLeakCheckListener() {
  ::testing::UnitTest::GetInstance()->listeners().Append(new LeakCheckListener());
}

struct BugCheckCapture::Shared {
  Mutex mu;
  std::vector<BugCheck> seen ABSL_GUARDED_BY(mu);
};

BugCheckCapture::BugCheckCapture(Environment& env)
    : env_(env), shared_(std::make_shared<Shared>()) {
  std::shared_ptr<Shared> shared = shared_;
  previous_ = env_.SetBugCheckHandler([shared](const BugCheck& b) {
    MutexLock lock(&shared->mu);
    shared->seen.push_back(b);
  });
}

BugCheckCapture::~BugCheckCapture() { env_.SetBugCheckHandler(std::move(previous_)); }

std::vector<BugCheck> BugCheckCapture::bug_checks() const {
  MutexLock lock(&shared_->mu);
  return shared_->seen;
}

ScopedLeakCheck::ScopedLeakCheck(Environment& env) : env_(env), start_(env.LastSequence()) {}

ScopedLeakCheck::~ScopedLeakCheck() {
  const LeakReport report = Check();
  if (!report.clean()) {
    ADD_FAILURE() << "poolsim: pool allocated in this scope was not freed.\n"
                  << RenderText(report);
  }
}

LeakReport ScopedLeakCheck::Check() const {
  ReportOptions options;
  options.since_sequence = start_;
  options.pool_only = true;
  return BuildLeakReport(env_, options);
}

namespace {

// The sweeps RegisterStatementSweep added, in order.
struct StatementSweepList {
  poolsim_internal::Mutex mu;
  std::vector<StatementSweep> sweeps ABSL_GUARDED_BY(mu);
};

StatementSweepList& TheStatementSweeps() {
  static StatementSweepList* const list = new StatementSweepList();
  return *list;
}

std::vector<StatementSweep> StatementSweeps() {
  StatementSweepList& list = TheStatementSweeps();
  poolsim_internal::MutexLock l(&list.mu);
  return list.sweeps;
}

}  // namespace

void RegisterStatementSweep(StatementSweep sweep) {
  StatementSweepList& list = TheStatementSweeps();
  poolsim_internal::MutexLock l(&list.mu);
  list.sweeps.push_back(sweep);
}

namespace testing_internal {

namespace {
std::string Describe(const std::vector<BugCheck>& seen) {
  if (seen.empty()) return "no bug check";
  std::string out;
  for (const BugCheck& b : seen) {
    absl::StrAppendFormat(&out, "\n  0x%X %s (0x%X, 0x%X, 0x%X, 0x%X): %s", b.code,
                          BugCheckName(b.code), b.parameters[0], b.parameters[1],
                          b.parameters[2], b.parameters[3], b.description);
  }
  return out;
}
}  // namespace

::testing::AssertionResult HasBugCheck(const char* statement_text, const char* code_text,
                                       const std::vector<BugCheck>& seen, uint32_t code) {
  for (const BugCheck& b : seen) {
    if (b.code == code) return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "Expected: " << statement_text << " raises bug check " << code_text << " ("
         << BugCheckName(code) << ")\n  Actual: " << Describe(seen);
}

::testing::AssertionResult HasBugCheckWithSubcode(const char* statement_text,
                                                  const char* code_text,
                                                  const char* subcode_text,
                                                  const std::vector<BugCheck>& seen,
                                                  uint32_t code, uint64_t subcode) {
  for (const BugCheck& b : seen) {
    if (BugCheckMatches(b, code, subcode)) return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "Expected: " << statement_text << " raises bug check " << code_text << " ("
         << BugCheckName(code) << ") with first parameter " << subcode_text
         << "\n  Actual: " << Describe(seen);
}

::testing::AssertionResult ErrorPathsClean(const char* statement_text,
                                           const std::function<void()>& body,
                                           bool by_unique_stack) {
  SweepOptions options;
  if (by_unique_stack) options.mode = SweepOptions::Mode::kEachUniqueStack;
  const SweepResult sweep = SweepFaults(body, options);
  if (sweep.clean()) {
    for (StatementSweep other : StatementSweeps()) {
      ::testing::AssertionResult r = other(statement_text, body);
      if (!r) return r;
    }
    return ::testing::AssertionSuccess();
  }
  ::testing::AssertionResult failure = ::testing::AssertionFailure();
  failure << "Error-path sweep of: " << statement_text << "\n  " << sweep.injection_points
          << " injection point(s), " << sweep.runs << " run(s), " << sweep.failures.size()
          << " not clean.\n";
  for (const SweepRun& run : sweep.failures) {
    if (run.injection == 0) {
      failure << "\nWithout any injected failure:\n";
    } else {
      failure << "\nWhen " << (by_unique_stack ? "the call in run #" : "injectable call #")
              << run.injection << " (" << run.fault.api
              << ", tag '" << run.fault.tag.ToString() << "') failed, at:\n";
      for (const SymbolizedFrame& f : RenderedFrames(run.fault.stack, TextOptions())) {
        failure << "    " << (f.function.empty() ? "<unknown>" : f.function);
        if (!f.file.empty()) failure << " " << f.file << ":" << f.line;
        failure << "\n";
      }
      failure << "the run ended with:\n";
    }
    failure << RenderText(run.report);
  }
  return failure;
}

}  // namespace testing_internal
}  // namespace testing
}  // namespace poolsim
