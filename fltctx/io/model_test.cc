// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Model-based test of simulated I/O and stream / stream-handle contexts.
//
// A seeded random walk of opens, writes, renames, deletes, cleanups and
// closes, and FltSet/Get/Delete{Stream,StreamHandle}Context and
// FltReleaseContext calls, is run both on fltctx and on a small reference
// model written from the rules alone (docs/simulated-io.md, the spec's
// sections 5 and 13). After every step the statuses, the contexts whose
// cleanup callback ran, every live context's reference count and whether it
// is attached, and the number of live contexts must agree. The first
// divergence stops the run with the seed, the step number and the operation.
//
// Flags (or environment variables) for longer runs:
//   --seed=N   FLTCTX_MODEL_SEED   first seed (default 1)
//   --seeds=N  FLTCTX_MODEL_SEEDS  how many seeds (default 8)
//   --ops=N    FLTCTX_MODEL_OPS    operations per seed (default 20000)

#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "fltctx/io/scenario.h"
#include "fltctx/wdk/fltkernel.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/progress.h"

namespace {

using ::testing::HasSubstr;

constexpr ULONG kTag = 'ldMT';

uint64_t g_seed = 1;
uint64_t g_seeds = 8;
uint64_t g_ops = 20000;

// --- The filter under test ----------------------------------------------------

// Attaches a stream-handle context in post-create when `attach_on_create`
// is set; records every context whose cleanup callback runs.
struct ModelFilter {
  static inline bool attach_on_create = false;
  static inline std::vector<void*> cleaned;

  static FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(PFLT_CALLBACK_DATA data,
                                                      PCFLT_RELATED_OBJECTS o, PVOID,
                                                      FLT_POST_OPERATION_FLAGS) {
    if (!attach_on_create || !NT_SUCCESS(data->IoStatus.Status)) {
      return FLT_POSTOP_FINISHED_PROCESSING;
    }
    PFLT_CONTEXT c = nullptr;
    if (NT_SUCCESS(FltAllocateContext(o->Filter, FLT_STREAMHANDLE_CONTEXT, 8, NonPagedPoolNx, &c))) {
      FltSetStreamHandleContext(o->Instance, o->FileObject, FLT_SET_CONTEXT_KEEP_IF_EXISTS, c,
                                nullptr);
      FltReleaseContext(c);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
  }
  static VOID FLTAPI Cleanup(PFLT_CONTEXT context, FLT_CONTEXT_TYPE) { cleaned.push_back(context); }

  static inline const FLT_OPERATION_REGISTRATION kOperations[] = {
      {IRP_MJ_CREATE, 0, nullptr, PostCreate, nullptr},
      {IRP_MJ_OPERATION_END, 0, nullptr, nullptr, nullptr}};
  static inline const FLT_CONTEXT_REGISTRATION kContexts[] = {
      {FLT_STREAM_CONTEXT, 0, Cleanup, 8, kTag, nullptr, nullptr, nullptr},
      {FLT_STREAMHANDLE_CONTEXT, 0, Cleanup, 8, kTag, nullptr, nullptr, nullptr},
      {FLT_CONTEXT_END, 0, nullptr, 0, 0, nullptr, nullptr, nullptr}};
};

// --- The reference model ------------------------------------------------------

// Deliberate mistakes, to show that the comparison catches them.
struct ModelFaults {
  bool stream_context_goes_at_cleanup = false;
  bool get_takes_no_reference = false;
};

struct MFile {
  int name = -1;          // index into kNames while linked
  int handles = 0;        // file objects not cleaned up
  int file_objects = 0;   // file objects not closed
  bool delete_pending = false;
  bool linked = true;
  int stream_context = -1;  // model context id, or -1
};

struct MSlot {
  enum Phase { kFree, kOpen, kCleanedUp } phase = kFree;
  std::shared_ptr<MFile> file;
  int handle_context = -1;
};

struct MContext {
  void* ptr = nullptr;  // the real context
  int refs = 0;
  bool attached = false;
};

constexpr int kSlots = 6;
constexpr int kNameCount = 4;
const wchar_t* const kNames[kNameCount] = {L"\\a.txt", L"\\b.txt", L"\\c.txt", L"\\d.txt"};

class ModelRun {
 public:
  ModelRun(uint64_t seed, ModelFaults faults) : seed_(seed), faults_(faults), rng_(seed) {}

  // How often each operation had each status ("open STATUS_DELETE_PENDING").
  const std::map<std::string, int>& coverage() const { return coverage_; }

  // Runs `ops` steps; returns "" or the first divergence.
  std::string Run(uint64_t ops) {
    poolsim::Environment env;
    poolsim::ScopedEnvironment install_env(&env);
    fltctx::FilterManager fm(env);
    fltctx::ScopedFilterManager install_fm(&fm);
    fm_ = &fm;
    ModelFilter::cleaned.clear();
    FLT_REGISTRATION r = {};
    r.Size = sizeof(r);
    r.Version = FLT_REGISTRATION_VERSION;
    r.ContextRegistration = ModelFilter::kContexts;
    r.OperationRegistration = ModelFilter::kOperations;
    if (FltRegisterFilter(nullptr, &r, &filter_) != STATUS_SUCCESS ||
        FltStartFiltering(filter_) != STATUS_SUCCESS) {
      return "the filter did not register";
    }
    std::string error;
    {
      fltctx::io::Volume vol(fm);
      vol_ = &vol;
      instance_ = vol.Attach(filter_, "370030");
      // On a terminal (or with POOLSIM_PROGRESS=1): "fltctx: model test, seed 1 ...".
      poolsim::ProgressLine progress =
          poolsim::ProgressLine::ForStandardError(absl::StrCat("fltctx: model test, seed ", seed_));
      for (step_ = 1; step_ <= ops && error.empty(); ++step_) {
        error = Step();
        progress.Update(step_, ops, "operations");
      }
      // Wind down: release every reference, close every handle.
      while (error.empty() && !held_.empty()) error = Check(ReleaseHeld(0), "release (end)");
      for (int s = 0; s < kSlots && error.empty(); ++s) {
        if (slots_[s].phase != MSlot::kFree) error = Check(Close(s), "close (end)");
      }
      if (error.empty() && fm.LiveContextCount() != 0) {
        error = Divergence("end", absl::StrCat(fm.LiveContextCount(), " contexts still live"));
      }
      slots_real_.clear();
      vol_ = nullptr;
    }
    slots_real_.clear();
    FltUnregisterFilter(filter_);
    fm_ = nullptr;
    return error;
  }

 private:
  struct Outcome {
    std::string op;
    NTSTATUS real = STATUS_SUCCESS;
    NTSTATUS model = STATUS_SUCCESS;
  };

  std::string Divergence(const std::string& op, const std::string& what) const {
    return absl::StrFormat("seed %u, step %u, operation '%s': %s", seed_, step_, op, what);
  }

  int Random(int n) { return static_cast<int>(rng_() % static_cast<uint64_t>(n)); }

  std::vector<int> SlotsIn(std::initializer_list<MSlot::Phase> phases) const {
    std::vector<int> out;
    for (int s = 0; s < kSlots; ++s) {
      for (MSlot::Phase p : phases) {
        if (slots_[s].phase == p) out.push_back(s);
      }
    }
    return out;
  }

  int NewContext(void* ptr, int refs, bool attached) {
    contexts_.push_back(MContext{ptr, refs, attached});
    int id = static_cast<int>(contexts_.size()) - 1;
    live_.insert(id);
    return id;
  }
  void Drop(int id) {
    if (--contexts_[id].refs == 0) {
      expected_cleaned_.push_back(contexts_[id].ptr);
      live_.erase(id);
    }
  }
  void Detach(int id) {
    contexts_[id].attached = false;
    Drop(id);
  }

  // --- one step ---------------------------------------------------------------

  std::string Step() {
    const std::vector<int> free = SlotsIn({MSlot::kFree});
    const std::vector<int> open = SlotsIn({MSlot::kOpen});
    const std::vector<int> alive = SlotsIn({MSlot::kOpen, MSlot::kCleanedUp});
    switch (Random(14)) {
      case 0:
      case 1:
        if (!free.empty()) return Check(Open(free[Random(free.size())]));
        break;
      case 2:
        if (!open.empty()) return Check(Write(open[Random(open.size())]));
        break;
      case 3:
        if (!open.empty()) return Check(Rename(open[Random(open.size())]));
        break;
      case 4:
        if (!open.empty()) return Check(Delete(open[Random(open.size())]));
        break;
      case 5:
        if (!open.empty()) return Check(Cleanup(open[Random(open.size())]));
        break;
      case 6:
        if (!alive.empty()) return Check(Close(alive[Random(alive.size())]));
        break;
      case 7:
      case 8:
        if (!alive.empty()) return Check(SetContext(alive[Random(alive.size())], Random(2) == 0));
        break;
      case 9:
      case 10:
        if (!alive.empty()) return Check(GetContext(alive[Random(alive.size())], Random(2) == 0));
        break;
      case 11:
        if (!alive.empty()) return Check(DeleteContext(alive[Random(alive.size())], Random(2) == 0));
        break;
      default:
        if (!held_.empty()) return Check(ReleaseHeld(Random(held_.size())));
        break;
    }
    return "";
  }

  // Compares one step's outcome and the whole context state.
  std::string Check(const Outcome& o, const char* label = nullptr) {
    const std::string op = label != nullptr ? std::string(label) + ": " + o.op : o.op;
    coverage_[absl::StrCat(o.op.substr(0, o.op.find(' ')), " ", fltctx::io::NtStatusName(o.model))]++;
    if (o.real != o.model) {
      return Divergence(op, absl::StrCat("fltctx returned ", fltctx::io::NtStatusName(o.real),
                                         ", the model ", fltctx::io::NtStatusName(o.model)));
    }
    std::multiset<void*> cleaned(ModelFilter::cleaned.begin(), ModelFilter::cleaned.end());
    ModelFilter::cleaned.clear();
    std::multiset<void*> expected(expected_cleaned_.begin(), expected_cleaned_.end());
    expected_cleaned_.clear();
    if (cleaned != expected) {
      return Divergence(op, absl::StrCat(cleaned.size(), " cleanup callbacks ran, the model expected ",
                                         expected.size()));
    }
    for (int id : live_) {
      const MContext& c = contexts_[id];
      fltctx::ContextInfo info = fm_->Inspect(c.ptr);
      const bool attached = info.state == fltctx::ContextState::kLinked;
      if (info.reference_count != c.refs || attached != c.attached) {
        return Divergence(op, absl::StrFormat(
                                  "context #%d: fltctx has %d references%s, the model %d%s",
                                  id, info.reference_count, attached ? " (attached)" : "",
                                  c.refs, c.attached ? " (attached)" : ""));
      }
    }
    if (fm_->LiveContextCount() != live_.size()) {
      return Divergence(op, absl::StrCat(fm_->LiveContextCount(), " live contexts, the model ",
                                         live_.size()));
    }
    return "";
  }

  // --- operations: each runs on fltctx and on the model -----------------------

  Outcome Open(int s) {
    const int k = Random(kNameCount);
    const int d = Random(3);
    const ULONG disposition = d == 0 ? FILE_OPEN_IF : d == 1 ? FILE_CREATE : FILE_OPEN;
    const bool attach = Random(2) == 0;
    Outcome o;
    o.op = absl::StrFormat("open slot %d name %d %s%s", s, k,
                           d == 0 ? "open-if" : d == 1 ? "create" : "open",
                           attach ? " +handle context" : "");
    ModelFilter::attach_on_create = attach;
    fltctx::io::Handle h = vol_->Create(kNames[k], disposition);
    ModelFilter::attach_on_create = false;
    o.real = h.status();
    if (h.is_open()) slots_real_[s] = std::move(h);

    std::shared_ptr<MFile> file = FileNamed(k);
    if (file != nullptr && file->delete_pending) {
      o.model = STATUS_DELETE_PENDING;
    } else if (file != nullptr && disposition == FILE_CREATE) {
      o.model = STATUS_OBJECT_NAME_COLLISION;
    } else if (file == nullptr && disposition == FILE_OPEN) {
      o.model = STATUS_OBJECT_NAME_NOT_FOUND;
    } else {
      o.model = STATUS_SUCCESS;
      if (file == nullptr) {
        file = std::make_shared<MFile>();
        file->name = k;
        names_[k] = file;
      }
      file->handles++;
      file->file_objects++;
      MSlot& slot = slots_[s];
      slot.phase = MSlot::kOpen;
      slot.file = file;
      slot.handle_context = -1;
      if (attach && slots_real_.count(s) != 0) {
        // The real context is looked up only to learn its address.
        PFLT_CONTEXT c = nullptr;
        if (NT_SUCCESS(FltGetStreamHandleContext(instance_, slots_real_[s].file_object(), &c))) {
          FltReleaseContext(c);
          slot.handle_context = NewContext(c, 1, true);
        } else {
          slot.handle_context = NewContext(nullptr, 1, true);
        }
      }
    }
    return o;
  }

  std::shared_ptr<MFile> FileNamed(int k) {
    return names_[k];
  }

  Outcome Write(int s) {
    Outcome o{absl::StrFormat("write slot %d", s)};
    o.real = slots_real_[s].Write("data");
    o.model = STATUS_SUCCESS;
    return o;
  }

  Outcome Rename(int s) {
    const int k = Random(kNameCount);
    const bool replace = Random(2) == 0;
    Outcome o{absl::StrFormat("rename slot %d to name %d%s", s, k, replace ? " replace" : "")};
    o.real = slots_real_[s].Rename(kNames[k], replace);
    std::shared_ptr<MFile> file = slots_[s].file;
    std::shared_ptr<MFile> target = FileNamed(k);
    if (target != nullptr && target != file && !replace) {
      o.model = STATUS_OBJECT_NAME_COLLISION;
    } else if (target != nullptr && target != file && target->handles > 0) {
      o.model = STATUS_ACCESS_DENIED;
    } else {
      if (target != nullptr && target != file) target->linked = false;
      names_[file->name] = nullptr;
      names_[k] = file;
      file->name = k;
      o.model = STATUS_SUCCESS;
    }
    return o;
  }

  Outcome Delete(int s) {
    Outcome o{absl::StrFormat("delete slot %d", s)};
    o.real = slots_real_[s].SetDeleteOnClose(true);
    slots_[s].file->delete_pending = true;
    o.model = STATUS_SUCCESS;
    return o;
  }

  void ModelCleanup(MSlot& slot) {
    MFile& f = *slot.file;
    if (--f.handles == 0 && f.delete_pending && f.linked) {
      f.linked = false;
      names_[f.name] = nullptr;
    }
    slot.phase = MSlot::kCleanedUp;
    if (faults_.stream_context_goes_at_cleanup && f.handles == 0 && f.stream_context >= 0) {
      Detach(f.stream_context);
      f.stream_context = -1;
    }
  }

  Outcome Cleanup(int s) {
    Outcome o{absl::StrFormat("cleanup slot %d", s)};
    slots_real_[s].Cleanup();
    ModelCleanup(slots_[s]);
    return o;
  }

  Outcome Close(int s) {
    Outcome o{absl::StrFormat("close slot %d", s)};
    slots_real_[s].Close();
    slots_real_.erase(s);
    MSlot& slot = slots_[s];
    if (slot.phase == MSlot::kOpen) ModelCleanup(slot);
    if (slot.handle_context >= 0) Detach(slot.handle_context);
    MFile& f = *slot.file;
    if (--f.file_objects == 0 && f.stream_context >= 0) {
      Detach(f.stream_context);
      f.stream_context = -1;
    }
    slot = MSlot();
    return o;
  }

  int& Attached(int s, bool stream) {
    return stream ? slots_[s].file->stream_context : slots_[s].handle_context;
  }

  Outcome SetContext(int s, bool stream) {
    const bool replace = Random(2) == 0;
    Outcome o{absl::StrFormat("FltSet%sContext slot %d %s", stream ? "Stream" : "StreamHandle", s,
                              replace ? "REPLACE_IF_EXISTS" : "KEEP_IF_EXISTS")};
    PFILE_OBJECT fo = slots_real_[s].file_object();
    const FLT_CONTEXT_TYPE type = stream ? FLT_STREAM_CONTEXT : FLT_STREAMHANDLE_CONTEXT;
    PFLT_CONTEXT c = nullptr;
    o.real = FltAllocateContext(filter_, type, 8, NonPagedPoolNx, &c);
    if (!NT_SUCCESS(o.real)) return o;  // the model expects success
    const FLT_SET_CONTEXT_OPERATION mode =
        replace ? FLT_SET_CONTEXT_REPLACE_IF_EXISTS : FLT_SET_CONTEXT_KEEP_IF_EXISTS;
    o.real = stream ? FltSetStreamContext(instance_, fo, mode, c, nullptr)
                    : FltSetStreamHandleContext(instance_, fo, mode, c, nullptr);
    FltReleaseContext(c);

    int& attached = Attached(s, stream);
    const int id = NewContext(c, 1, false);  // the allocation's reference
    if (attached >= 0 && !replace) {
      o.model = STATUS_FLT_CONTEXT_ALREADY_DEFINED;
    } else {
      o.model = STATUS_SUCCESS;
      if (attached >= 0) Detach(attached);
      contexts_[id].refs++;
      contexts_[id].attached = true;
      attached = id;
    }
    Drop(id);  // FltReleaseContext
    return o;
  }

  Outcome GetContext(int s, bool stream) {
    Outcome o{absl::StrFormat("FltGet%sContext slot %d", stream ? "Stream" : "StreamHandle", s)};
    PFILE_OBJECT fo = slots_real_[s].file_object();
    PFLT_CONTEXT c = nullptr;
    o.real = stream ? FltGetStreamContext(instance_, fo, &c)
                    : FltGetStreamHandleContext(instance_, fo, &c);
    const int attached = Attached(s, stream);
    o.model = attached >= 0 ? STATUS_SUCCESS : STATUS_NOT_FOUND;
    if (NT_SUCCESS(o.real)) held_.push_back(c);
    if (attached >= 0) {
      if (NT_SUCCESS(o.real) && c != contexts_[attached].ptr) {
        o.op += absl::StrFormat(" (returned another context than the model's #%d)", attached);
        o.real = STATUS_UNSUCCESSFUL;
      }
      if (!faults_.get_takes_no_reference) contexts_[attached].refs++;
      held_model_.push_back(attached);
    }
    return o;
  }

  Outcome DeleteContext(int s, bool stream) {
    Outcome o{absl::StrFormat("FltDelete%sContext slot %d", stream ? "Stream" : "StreamHandle", s)};
    PFILE_OBJECT fo = slots_real_[s].file_object();
    o.real = stream ? FltDeleteStreamContext(instance_, fo, nullptr)
                    : FltDeleteStreamHandleContext(instance_, fo, nullptr);
    int& attached = Attached(s, stream);
    o.model = attached >= 0 ? STATUS_SUCCESS : STATUS_NOT_FOUND;
    if (attached >= 0) {
      Detach(attached);
      attached = -1;
    }
    return o;
  }

  Outcome ReleaseHeld(size_t i) {
    Outcome o{absl::StrFormat("FltReleaseContext of held reference %u", i)};
    if (i < held_.size()) {
      FltReleaseContext(held_[i]);
      held_.erase(held_.begin() + static_cast<std::ptrdiff_t>(i));
    }
    if (i < held_model_.size()) {
      const int id = held_model_[i];
      held_model_.erase(held_model_.begin() + static_cast<std::ptrdiff_t>(i));
      if (!faults_.get_takes_no_reference) Drop(id);
    }
    return o;
  }

  const uint64_t seed_;
  const ModelFaults faults_;
  std::mt19937_64 rng_;
  uint64_t step_ = 0;
  fltctx::FilterManager* fm_ = nullptr;
  fltctx::io::Volume* vol_ = nullptr;
  PFLT_FILTER filter_ = nullptr;
  PFLT_INSTANCE instance_ = nullptr;

  std::map<int, fltctx::io::Handle> slots_real_;
  std::vector<PFLT_CONTEXT> held_;

  MSlot slots_[kSlots];
  std::shared_ptr<MFile> names_[kNameCount];  // the namespace
  std::vector<MContext> contexts_;
  std::set<int> live_;
  std::vector<int> held_model_;
  std::vector<void*> expected_cleaned_;
  std::map<std::string, int> coverage_;
};

TEST(ModelBasedTest, FltctxAgreesWithTheReferenceModel) {
  for (uint64_t seed = g_seed; seed < g_seed + g_seeds; ++seed) {
    ModelRun run(seed, {});
    std::string error = run.Run(g_ops);
    ASSERT_EQ(error, "") << "rerun with --seed=" << seed << " --seeds=1 --ops=" << g_ops;
  }
}

// The walk reaches every operation and every status the model predicts.
TEST(ModelBasedTest, TheWalkCoversEveryOperationAndOutcome) {
  ModelRun run(1, {});
  ASSERT_EQ(run.Run(20000), "");
  std::vector<std::string> missing;
  for (const char* key :
       {"open STATUS_SUCCESS", "open STATUS_OBJECT_NAME_COLLISION", "open STATUS_OBJECT_NAME_NOT_FOUND",
        "open STATUS_DELETE_PENDING", "write STATUS_SUCCESS", "rename STATUS_SUCCESS",
        "rename STATUS_OBJECT_NAME_COLLISION", "rename STATUS_ACCESS_DENIED", "delete STATUS_SUCCESS",
        "cleanup STATUS_SUCCESS", "close STATUS_SUCCESS", "FltSetStreamContext STATUS_SUCCESS",
        "FltSetStreamContext STATUS_FLT_CONTEXT_ALREADY_DEFINED", "FltSetStreamHandleContext STATUS_SUCCESS",
        "FltSetStreamHandleContext STATUS_FLT_CONTEXT_ALREADY_DEFINED", "FltGetStreamContext STATUS_SUCCESS",
        "FltGetStreamContext STATUS_NOT_FOUND", "FltGetStreamHandleContext STATUS_SUCCESS",
        "FltGetStreamHandleContext STATUS_NOT_FOUND", "FltDeleteStreamContext STATUS_SUCCESS",
        "FltDeleteStreamContext STATUS_NOT_FOUND", "FltDeleteStreamHandleContext STATUS_SUCCESS",
        "FltDeleteStreamHandleContext STATUS_NOT_FOUND", "FltReleaseContext STATUS_SUCCESS"}) {
    if (run.coverage().count(key) == 0) missing.push_back(key);
  }
  EXPECT_THAT(missing, ::testing::IsEmpty());
}

// The comparison is strict enough to catch a wrong rule in either side.
TEST(ModelBasedTest, AWrongRuleIsCaughtWithSeedStepAndOperation) {
  ModelFaults at_cleanup;
  at_cleanup.stream_context_goes_at_cleanup = true;
  std::string error = ModelRun(7, at_cleanup).Run(5000);
  EXPECT_THAT(error, HasSubstr("seed 7, step "));
  EXPECT_THAT(error, ::testing::ContainsRegex("operation '(cleanup|close) slot [0-9]"));

  ModelFaults no_reference;
  no_reference.get_takes_no_reference = true;
  error = ModelRun(7, no_reference).Run(5000);
  EXPECT_THAT(error, ::testing::ContainsRegex("operation 'FltGet(Stream|StreamHandle)Context slot"));
  EXPECT_THAT(error, HasSubstr("references"));
}

// The same seed gives the same walk.
TEST(ModelBasedTest, RunsAreReproducible) {
  ModelFaults at_cleanup;
  at_cleanup.stream_context_goes_at_cleanup = true;
  EXPECT_EQ(ModelRun(11, at_cleanup).Run(5000), ModelRun(11, at_cleanup).Run(5000));
}

bool ParseFlag(const char* arg, const char* name, uint64_t* out) {
  const std::string prefix = absl::StrCat("--", name, "=");
  if (std::string(arg).rfind(prefix, 0) != 0) return false;
  return absl::SimpleAtoi(arg + prefix.size(), out);
}

void FromEnv(const char* name, uint64_t* out) {
  // An unparsable value leaves the default.
  const char* v = std::getenv(name);
  uint64_t parsed;
  if (v != nullptr && absl::SimpleAtoi(v, &parsed)) *out = parsed;
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  FromEnv("FLTCTX_MODEL_SEED", &g_seed);
  FromEnv("FLTCTX_MODEL_SEEDS", &g_seeds);
  FromEnv("FLTCTX_MODEL_OPS", &g_ops);
  for (int i = 1; i < argc; ++i) {
    if (!ParseFlag(argv[i], "seed", &g_seed) && !ParseFlag(argv[i], "seeds", &g_seeds) &&
        !ParseFlag(argv[i], "ops", &g_ops)) {
      std::fprintf(stderr, "unknown flag %s (expected --seed=N, --seeds=N, --ops=N)\n", argv[i]);
      return 2;
    }
  }
  std::printf("model-based test: seeds %llu..%llu, %llu operations each\n",
              static_cast<unsigned long long>(g_seed),
              static_cast<unsigned long long>(g_seed + g_seeds - 1),
              static_cast<unsigned long long>(g_ops));
  return RUN_ALL_TESTS();
}
