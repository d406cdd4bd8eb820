// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/internal/file_handles.cc
// -----------------------------------------------------------------------------
//
// File handles of issued creates and their file-object references (compat
// layer).
//
// Lock order: the registry's mutex takes no other. Pool calls (allocate,
// free) run with it released.

#include "fltctx/wdk/internal/file_handles.h"

#include <atomic>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "poolsim/leaked_object.h"
#include "poolsim/internal/lock.h"
#include "poolsim/stack_trace.h"

namespace fltctx {
namespace fltctx_internal {
namespace {

namespace poolsim_internal = poolsim::poolsim_internal;

constexpr ULONG kNonPagedPool = 0;
constexpr size_t kHandleBytes = 16;

// The per-Environment part: owned by the Environment's object reporter, so
// it goes when the Environment does.
struct EnvState {
  poolsim::Environment* env = nullptr;
};

struct Record {
  std::weak_ptr<EnvState> state;
  void* block = nullptr;  // the handle; null once closed
  std::string owner;
  std::string name;
  FileHandleFacts facts;
  poolsim::StackId stack = poolsim::kNoStack;  // the create's
  std::vector<poolsim::ObjectReference> references;  // outstanding, oldest first
};

struct Registry {
  poolsim_internal::Mutex mu;
  uint64_t next_id ABSL_GUARDED_BY(mu) = 1;
  std::map<uint64_t, Record> records ABSL_GUARDED_BY(mu);
  std::map<const void*, uint64_t> by_handle ABSL_GUARDED_BY(mu);  // open handles
  std::map<PFILE_OBJECT, uint64_t> by_file_object ABSL_GUARDED_BY(mu);
  std::map<poolsim::Environment*, std::weak_ptr<EnvState>> envs ABSL_GUARDED_BY(mu);
  std::atomic<uint64_t> sequence{0};
};

Registry& TheRegistry() {
  static Registry* registry = new Registry();
  return *registry;
}

std::string Narrow(const std::wstring& s) {
  std::string out;
  for (wchar_t c : s) out.push_back(c > 0 && c < 0x80 ? static_cast<char>(c) : '?');
  return out;
}

void Report(const std::shared_ptr<EnvState>& state, std::vector<poolsim::LeakedObject>* out) {
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  for (const auto& [id, rec] : r.records) {
    if (rec.state.lock() != state) continue;
    if (rec.block != nullptr) {
      poolsim::LeakedObject o;
      o.kind = "file handle";
      o.type_name = "HANDLE";
      o.owner = rec.owner;
      o.attached_to = rec.name.empty() ? "(create in progress)" : "file " + rec.name;
      o.reference_count = 1;
      o.address = reinterpret_cast<uintptr_t>(rec.block);
      o.block = reinterpret_cast<uintptr_t>(rec.block);
      o.bytes = kHandleBytes;
      o.pool = poolsim::PoolKind::kNonPaged;
      o.tag = poolsim::PoolTag(kFileHandleTag);
      o.stack = rec.stack;
      out->push_back(std::move(o));
    }
    if (!rec.references.empty()) {
      poolsim::LeakedObject o;
      o.kind = "file object reference";
      o.type_name = "FILE_OBJECT";
      o.owner = rec.owner;
      o.attached_to = "file " + rec.name;
      o.reference_count = static_cast<int64_t>(rec.references.size());
      o.address = reinterpret_cast<uintptr_t>(rec.facts.file_object);
      o.stack = rec.references.front().stack;
      o.references = rec.references;
      out->push_back(std::move(o));
    }
  }
}

std::shared_ptr<EnvState> StateOf(poolsim::Environment* env) {
  Registry& r = TheRegistry();
  {
    poolsim_internal::MutexLock l(&r.mu);
    auto it = r.envs.find(env);
    if (it != r.envs.end()) {
      if (std::shared_ptr<EnvState> s = it->second.lock()) return s;
    }
    // A new Environment (perhaps at a dead one's address): forget the
    // records of Environments that are gone.
    for (auto rit = r.records.begin(); rit != r.records.end();) {
      if (!rit->second.state.expired()) {
        ++rit;
        continue;
      }
      r.by_handle.erase(rit->second.block);
      r.by_file_object.erase(rit->second.facts.file_object);
      rit = r.records.erase(rit);
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

// Erases `it` if nothing of it is left (handle closed, no reference).
void ForgetIfDoneLocked(Registry& r, std::map<uint64_t, Record>::iterator it)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(r.mu) {
  if (it->second.block != nullptr || !it->second.references.empty()) return;
  auto fit = r.by_file_object.find(it->second.facts.file_object);
  if (fit != r.by_file_object.end() && fit->second == it->first) r.by_file_object.erase(fit);
  r.records.erase(it);
}

}  // namespace

HANDLE CreateFileHandle(poolsim::Environment* env, const std::string& owner,
                        const FileHandleFacts& facts, const char* operation, NTSTATUS* status) {
  (void)operation;
  std::shared_ptr<EnvState> state = StateOf(env);
  poolsim::AllocateRequest ar;
  ar.bytes = kHandleBytes;
  ar.tag = poolsim::PoolTag(kFileHandleTag);
  ar.kind = poolsim::PoolKind::kNonPaged;
  ar.pool_type = kNonPagedPool;
  ar.zero = true;
  ar.legacy_tag_rules = false;
  ar.skip_frames = 2;
  void* block = env->Allocate(ar);
  if (block == nullptr) {
    *status = STATUS_INSUFFICIENT_RESOURCES;
    return nullptr;
  }
  Record rec;
  rec.state = state;
  rec.block = block;
  rec.owner = owner;
  rec.facts = facts;
  rec.stack = poolsim::CaptureStack(1);
  Registry& r = TheRegistry();
  {
    poolsim_internal::MutexLock l(&r.mu);
    const uint64_t id = r.next_id++;
    r.records.emplace(id, std::move(rec));
    r.by_handle[block] = id;
  }
  *status = STATUS_SUCCESS;
  return static_cast<HANDLE>(block);
}

void BindFileHandle(HANDLE handle, PFILE_OBJECT file_object, const std::wstring& name) {
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  auto hit = r.by_handle.find(handle);
  if (hit == r.by_handle.end()) return;
  Record& rec = r.records.at(hit->second);
  rec.facts.file_object = file_object;
  rec.name = Narrow(name);
  r.by_file_object[file_object] = hit->second;
}

void DiscardFileHandle(HANDLE handle) {
  FileHandleFacts facts;
  bool last = false;
  CloseFileHandle(handle, &facts, &last);
}

bool LookupFileHandle(HANDLE handle, FileHandleFacts* facts) {
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  auto hit = r.by_handle.find(handle);
  if (hit == r.by_handle.end()) return false;
  const Record& rec = r.records.at(hit->second);
  if (rec.state.expired() || rec.facts.file_object == nullptr) return false;
  if (facts != nullptr) *facts = rec.facts;
  return true;
}

bool CloseFileHandle(HANDLE handle, FileHandleFacts* facts, bool* last) {
  void* block = nullptr;
  std::shared_ptr<EnvState> state;
  {
    Registry& r = TheRegistry();
    poolsim_internal::MutexLock l(&r.mu);
    auto hit = r.by_handle.find(handle);
    if (hit == r.by_handle.end()) return false;
    auto it = r.records.find(hit->second);
    state = it->second.state.lock();
    if (state == nullptr) return false;
    r.by_handle.erase(hit);
    block = it->second.block;
    it->second.block = nullptr;
    *facts = it->second.facts;
    *last = it->second.references.empty();
    ForgetIfDoneLocked(r, it);
  }
  state->env->Free(block, poolsim::PoolTag(kFileHandleTag), /*check_tag=*/true, 2);
  return true;
}

bool IsIssuedFileObject(PFILE_OBJECT file_object) {
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  return r.by_file_object.find(file_object) != r.by_file_object.end();
}

void ReferenceIssuedFileObject(PFILE_OBJECT file_object, const char* operation) {
  const poolsim::StackId stack = poolsim::CaptureStack(1);
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  auto fit = r.by_file_object.find(file_object);
  if (fit == r.by_file_object.end()) return;
  r.records.at(fit->second)
      .references.push_back(poolsim::ObjectReference{operation, stack, ++r.sequence});
}

bool DereferenceIssuedFileObject(PFILE_OBJECT file_object, FileHandleFacts* facts, bool* last) {
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  auto fit = r.by_file_object.find(file_object);
  if (fit == r.by_file_object.end()) return false;
  auto it = r.records.find(fit->second);
  if (it->second.references.empty() || it->second.state.expired()) return false;
  it->second.references.pop_back();
  *facts = it->second.facts;
  *last = it->second.references.empty() && it->second.block == nullptr;
  ForgetIfDoneLocked(r, it);
  return true;
}

}  // namespace fltctx_internal
}  // namespace fltctx
