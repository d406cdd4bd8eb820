// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/internal/name_objects.cc
// -----------------------------------------------------------------------------
//
// Name objects, their references and the name cache (compat layer).
//
// Lock order: the registry's mutex and an Environment's cache mutex are
// never held together. Pool calls (allocate, free) and bug checks run with
// both released.

#include "fltctx/wdk/internal/name_objects.h"

#include <atomic>
#include <cstring>
#include <map>
#include <tuple>
#include <memory>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "fltctx/bugcheck_rules.h"
#include "fltctx/file_names.h"
#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/irql.h"
#include "poolsim/leaked_object.h"
#include "poolsim/internal/lock.h"
#include "poolsim/stack_trace.h"

namespace fltctx {
namespace fltctx_internal {
namespace {

namespace poolsim_internal = poolsim::poolsim_internal;

constexpr ULONG kPagedPool = 1;

// The per-Environment part: owned by the Environment's object reporter, so
// it goes when the Environment does.
struct EnvState {
  poolsim::Environment* env = nullptr;
  poolsim_internal::Mutex mu;  // after Registry::mu
  std::map<std::tuple<PFILE_OBJECT, uint64_t, ULONG>, std::wstring> cache ABSL_GUARDED_BY(mu);
};

struct Record {
  std::weak_ptr<EnvState> state;
  void* block = nullptr;
  size_t bytes = 0;
  std::string owner;
  std::string name;  // narrowed, for reports
  NameFacts facts;
  poolsim::StackId stack = poolsim::kNoStack;
  std::vector<poolsim::ObjectReference> references;  // outstanding, oldest first
};

struct Registry {
  poolsim_internal::Mutex mu;
  std::map<const void*, Record> records ABSL_GUARDED_BY(mu);
  std::map<poolsim::Environment*, std::weak_ptr<EnvState>> envs ABSL_GUARDED_BY(mu);
  std::atomic<uint64_t> sequence{0};
};

Registry& TheRegistry() {
  static Registry* registry = new Registry();
  return *registry;
}

std::string Narrow(const std::wstring& s) {
  std::string out;
  out.reserve(s.size());
  for (wchar_t c : s) out.push_back(c > 0 && c < 0x80 ? static_cast<char>(c) : '?');
  return out;
}

std::string Hex(const void* p) {
  return absl::StrCat("0x", absl::Hex(reinterpret_cast<uintptr_t>(p)));
}

// Lists the live name objects of `state` (its object reporter).
void Report(const std::shared_ptr<EnvState>& state, std::vector<poolsim::LeakedObject>* out) {
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  for (const auto& [address, rec] : r.records) {
    if (rec.state.lock() != state) continue;
    poolsim::LeakedObject o;
    o.kind = "name information";
    o.type_name = "FLT_FILE_NAME_INFORMATION";
    o.owner = rec.owner;
    o.attached_to = rec.name;
    o.reference_count = static_cast<int64_t>(rec.references.size());
    o.address = reinterpret_cast<uintptr_t>(address);
    o.block = reinterpret_cast<uintptr_t>(rec.block);
    o.bytes = rec.bytes;
    o.pool = poolsim::PoolKind::kPaged;
    o.tag = poolsim::PoolTag(kNameInformationTag);
    o.stack = rec.stack;
    o.references = rec.references;
    out->push_back(std::move(o));
  }
}

// The state of `env`, made (with its reporter) on first use.
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
      rit = rit->second.state.expired() ? r.records.erase(rit) : std::next(rit);
    }
  }
  auto state = std::make_shared<EnvState>();
  state->env = env;
  {
    poolsim_internal::MutexLock l(&r.mu);
    r.envs[env] = state;
  }
  // The reporter holds the only strong reference.
  env->AddObjectReporter(
      [state](std::vector<poolsim::LeakedObject>* out) { Report(state, out); });
  return state;
}

void Raise(poolsim::Environment& env, const poolsim::BugCheckRule& rule,
           std::initializer_list<uint64_t> params, std::string description) {
  env.RaiseBugCheck(poolsim::MakeBugCheck(rule, params, std::move(description)), 1);
}

}  // namespace

PFLT_FILE_NAME_INFORMATION CreateNameInformation(const NameRequest& request, NTSTATUS* status) {
  std::shared_ptr<EnvState> state = StateOf(request.env);
  const size_t chars = request.name.size();
  const size_t bytes = sizeof(FLT_FILE_NAME_INFORMATION) + chars * sizeof(WCHAR);
  if (chars * sizeof(WCHAR) > 0xFFFF) {
    *status = STATUS_NAME_TOO_LONG;
    return nullptr;
  }
  poolsim::AllocateRequest ar;
  ar.bytes = bytes;
  ar.tag = poolsim::PoolTag(kNameInformationTag);
  ar.kind = poolsim::PoolKind::kPaged;
  ar.pool_type = kPagedPool;
  ar.zero = true;
  ar.legacy_tag_rules = false;
  ar.skip_frames = 2;
  void* block = request.env->Allocate(ar);
  if (block == nullptr) {
    *status = STATUS_INSUFFICIENT_RESOURCES;
    return nullptr;
  }
  auto* info = static_cast<PFLT_FILE_NAME_INFORMATION>(block);
  auto* text = reinterpret_cast<PWCH>(info + 1);
  if (chars > 0) std::memcpy(text, request.name.data(), chars * sizeof(WCHAR));
  info->Size = sizeof(FLT_FILE_NAME_INFORMATION);
  info->NamesParsed = 0;
  info->Format = request.format;
  info->Name.Buffer = text;
  info->Name.Length = static_cast<USHORT>(chars * sizeof(WCHAR));
  info->Name.MaximumLength = info->Name.Length;
  // Volume and Share come parsed (NamesParsed has no flag for them).
  const NameFormat format = static_cast<NameFormat>(request.format);
  const NameParts parts =
      ParseFileName(request.name, request.volume_chars, request.network, format);
  auto fill = [text](const NameRange& range, UNICODE_STRING* out) {
    if (!range.present || range.length == 0) return;
    out->Buffer = text + range.offset;
    out->Length = static_cast<USHORT>(range.length * sizeof(WCHAR));
    out->MaximumLength = out->Length;
  };
  fill(parts.volume, &info->Volume);
  fill(parts.share, &info->Share);

  Record rec;
  rec.state = state;
  rec.block = block;
  rec.bytes = bytes;
  rec.owner = request.owner;
  rec.name = Narrow(request.name);
  rec.facts.volume_chars = request.volume_chars;
  rec.facts.network = request.network;
  rec.facts.format = request.format;
  rec.stack = poolsim::CaptureStack(1);
  Registry& r = TheRegistry();
  rec.references.push_back(poolsim::ObjectReference{request.operation, rec.stack, ++r.sequence});
  {
    poolsim_internal::MutexLock l(&r.mu);
    r.records[info] = std::move(rec);
  }
  *status = STATUS_SUCCESS;
  return info;
}

bool ReferenceNameInformation(PFLT_FILE_NAME_INFORMATION info, const char* operation) {
  const poolsim::StackId stack = poolsim::CaptureStack(1);
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  auto it = r.records.find(info);
  if (it == r.records.end() || it->second.state.expired()) return false;
  it->second.references.push_back(poolsim::ObjectReference{operation, stack, ++r.sequence});
  return true;
}

bool ReleaseNameInformation(PFLT_FILE_NAME_INFORMATION info) {
  void* block = nullptr;
  poolsim::Environment* env = nullptr;
  {
    Registry& r = TheRegistry();
    poolsim_internal::MutexLock l(&r.mu);
    auto it = r.records.find(info);
    if (it == r.records.end()) return false;
    std::shared_ptr<EnvState> state = it->second.state.lock();
    if (state == nullptr) return false;
    it->second.references.pop_back();
    if (!it->second.references.empty()) return true;
    block = it->second.block;
    env = state->env;
    r.records.erase(it);
  }
  env->Free(block, poolsim::PoolTag(kNameInformationTag), /*check_tag=*/true, 2);
  return true;
}

bool LookupNameInformation(PFLT_FILE_NAME_INFORMATION info, NameFacts* facts) {
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&r.mu);
  auto it = r.records.find(info);
  if (it == r.records.end() || it->second.state.expired()) return false;
  if (facts != nullptr) *facts = it->second.facts;
  return true;
}

void CacheName(poolsim::Environment* env, PFILE_OBJECT file_object, uint64_t serial,
               FLT_FILE_NAME_OPTIONS format, const std::wstring& name) {
  std::shared_ptr<EnvState> state = StateOf(env);
  poolsim_internal::MutexLock l(&state->mu);
  state->cache[{file_object, serial, format}] = name;
}

bool IsNameCached(poolsim::Environment* env, PFILE_OBJECT file_object, uint64_t serial,
                  FLT_FILE_NAME_OPTIONS format, const std::wstring& current) {
  std::shared_ptr<EnvState> state = StateOf(env);
  poolsim_internal::MutexLock l(&state->mu);
  auto it = state->cache.find({file_object, serial, format});
  if (it == state->cache.end()) return false;
  if (it->second == current) return true;
  state->cache.erase(it);  // renamed since: the entry was invalidated
  return false;
}

bool CheckNameIrql(poolsim::Environment& env, const char* op, const void* object,
                   poolsim::Irql max) {
  const poolsim::Irql irql = poolsim::CurrentIrql();
  if (irql <= max) return true;
  Raise(env, bugcheck_rule::kNameIrqlTooHigh, {reinterpret_cast<uintptr_t>(object), irql, 0, 0},
        absl::StrCat(op, " called at ", poolsim::IrqlName(irql), "; it requires IRQL <= ",
                     poolsim::IrqlName(max)));
  return false;
}

void RaiseNotAName(poolsim::Environment& env, const void* p, const char* op) {
  Raise(env, bugcheck_rule::kNotANameInformation, {0, 0, reinterpret_cast<uintptr_t>(p)},
        absl::StrCat(op, ": ", Hex(p),
                     " is not name information (never returned by a name query, or released "
                     "for the last time)"));
}

}  // namespace fltctx_internal
}  // namespace fltctx
