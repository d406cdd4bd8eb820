// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/internal/file_object_refs.cc
// -----------------------------------------------------------------------------
//
// Driver references to simulated FILE_OBJECTs (test side): what
// ObReferenceObject / ObDereferenceObject reach through ob's foreign-object
// slot, and the close they hold back.

#include "fltctx/io/internal/file_object_refs.h"

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "fltctx/filter_manager.h"
#include "fltctx/live_handles.h"
#include "fltctx/wdk/internal/handles.h"
#include "ob/objects.h"
#include "poolsim/environment.h"
#include "poolsim/internal/lock.h"
#include "poolsim/irql.h"
#include "poolsim/leaked_object.h"
#include "poolsim/stack_trace.h"

namespace fltctx {
namespace io {
namespace io_internal {
namespace {

namespace poolsim_internal = poolsim::poolsim_internal;

// The per-Environment part: owned by the Environment's object reporter, so
// records of a dead Environment are recognised and never reported again.
struct EnvState {
  poolsim::Environment* env = nullptr;
};

struct Record {
  std::weak_ptr<EnvState> state;
  std::string name;
  std::vector<poolsim::ObjectReference> references;  // outstanding, oldest first
  std::function<void()> close;                       // set once the last handle closed
};

struct Registry {
  poolsim_internal::Mutex mu;
  std::map<PFILE_OBJECT, Record> records ABSL_GUARDED_BY(mu);
  std::map<poolsim::Environment*, std::weak_ptr<EnvState>> envs ABSL_GUARDED_BY(mu);
  std::vector<std::thread> workers ABSL_GUARDED_BY(mu);
  uint64_t sequence ABSL_GUARDED_BY(mu) = 0;
};

Registry& TheRegistry() {
  static Registry* registry = new Registry();
  return *registry;
}

std::string NameOf(PFILE_OBJECT fo) {
  std::string out;
  const USHORT chars = fo->FileName.Buffer == nullptr ? 0 : fo->FileName.Length / sizeof(WCHAR);
  for (USHORT i = 0; i < chars; ++i) {
    const WCHAR c = fo->FileName.Buffer[i];
    out.push_back(c > 0 && c < 0x80 ? static_cast<char>(c) : '?');
  }
  return out;
}

void Report(const std::shared_ptr<EnvState>& state, std::vector<poolsim::LeakedObject>* out) {
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  for (const auto& [fo, rec] : r.records) {
    if (rec.references.empty() || rec.state.lock() != state) continue;
    poolsim::LeakedObject o;
    o.kind = "file object reference";
    o.type_name = "FILE_OBJECT";
    o.owner = "ObReferenceObject";
    o.attached_to = "file " + rec.name;
    o.reference_count = static_cast<int64_t>(rec.references.size());
    o.address = reinterpret_cast<uintptr_t>(fo);
    o.stack = rec.references.front().stack;
    o.references = rec.references;
    out->push_back(std::move(o));
  }
}

// The Environment's state, made (and its reporter added) on first use.
std::shared_ptr<EnvState> StateOf(poolsim::Environment* env) {
  Registry& r = TheRegistry();
  {
    poolsim_internal::MutexLock l(&r.mu);
    auto it = r.envs.find(env);
    if (it != r.envs.end()) {
      if (std::shared_ptr<EnvState> s = it->second.lock()) return s;
    }
    // A new Environment (perhaps at a dead one's address): drop the records
    // of Environments that are gone.
    for (auto rit = r.records.begin(); rit != r.records.end();) {
      rit = rit->second.state.expired() ? r.records.erase(rit) : std::next(rit);
    }
  }
  auto state = std::make_shared<EnvState>();
  state->env = env;
  {
    poolsim_internal::MutexLock l(&r.mu);
    r.envs[env] = state;
  }
  env->AddObjectReporter(
      [state](std::vector<poolsim::LeakedObject>* out) { Report(state, out); });
  return state;
}

// An open FILE_OBJECT of simulated I/O (issued creates' are claimed by the
// lower slot first).
bool IsOpenFileObject(PFILE_OBJECT fo) {
  if (!IsLiveHandle(fo, HandleKind::kWdkFileObject)) return false;
  FileObject* core = wdk::ToCore(fo);
  return core != nullptr && FilterManager::IsOpen(core);
}

bool Reference(void* body, const char* operation) {
  auto* fo = static_cast<PFILE_OBJECT>(body);
  if (!IsOpenFileObject(fo)) return false;
  FilterManager* fm = FilterManager::ManagerOf(wdk::ToCore(fo));
  if (fm == nullptr) return false;
  const poolsim::StackId stack = poolsim::CaptureStack(2);
  std::shared_ptr<EnvState> state = StateOf(&fm->environment());
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  Record& rec = r.records[fo];
  if (rec.state.lock() != state) rec = Record{state, NameOf(fo), {}, nullptr};
  rec.references.push_back(poolsim::ObjectReference{operation, stack, ++r.sequence});
  return true;
}

ob::ReferenceOutcome Dereference(void* body) {
  auto* fo = static_cast<PFILE_OBJECT>(body);
  std::function<void()> close;
  {
    Registry& r = TheRegistry();
    poolsim_internal::MutexLock l(&r.mu);
    auto it = r.records.find(fo);
    if (it == r.records.end() || it->second.state.expired()) {
      // Not referenced: a simulated file object still open is one
      // dereference too many; anything else is not ours.
      return IsOpenFileObject(fo) ? ob::ReferenceOutcome::kBelowZero
                                  : ob::ReferenceOutcome::kNotAnObject;
    }
    it->second.references.pop_back();
    if (!it->second.references.empty()) return ob::ReferenceOutcome::kOk;
    close = std::move(it->second.close);
    r.records.erase(it);
    if (close != nullptr && poolsim::CurrentIrql() > poolsim::kApcLevel) {
      // The object manager defers the deletion to a worker thread.
      r.workers.emplace_back(std::move(close));
      return ob::ReferenceOutcome::kOk;
    }
  }
  if (close != nullptr) close();
  return ob::ReferenceOutcome::kOk;
}

const bool kRegistered = [] {
  ob::ForeignObjects objects;
  objects.reference = Reference;
  objects.dereference = Dereference;
  objects.type = ob::FileType;
  ob::SetForeignObjects(objects, ob::kSimulatedFileObjectSlot);
  return true;
}();

}  // namespace

bool DeferCloseWhileReferenced(PFILE_OBJECT fo, std::function<void()> send_close) {
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  auto it = r.records.find(fo);
  if (it == r.records.end() || it->second.state.expired() || it->second.references.empty()) {
    return false;
  }
  it->second.close = std::move(send_close);
  return true;
}

void WaitForDeferredCloses() {
  std::vector<std::thread> workers;
  {
    Registry& r = TheRegistry();
    poolsim_internal::MutexLock l(&r.mu);
    workers.swap(r.workers);
  }
  for (std::thread& t : workers) {
    if (t.joinable()) t.join();
  }
}

size_t DriverReferences(PFILE_OBJECT fo) {
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  auto it = r.records.find(fo);
  return it == r.records.end() || it->second.state.expired() ? 0 : it->second.references.size();
}

}  // namespace io_internal
}  // namespace io
}  // namespace fltctx
