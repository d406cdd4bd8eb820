// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ob/processes.cc
// -----------------------------------------------------------------------------
//
// Simulated processes and threads (object-manager layer): the identity each
// host thread acts for, and the per-Environment process and thread objects.

#include "ob/processes.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ob/internal/state.h"
#include "ob/objects.h"

namespace ob {
namespace {

namespace psi = poolsim::poolsim_internal;
using ob_internal::EnvState;
using ob_internal::ObjectRecord;

struct Identity {
  uint32_t process = kSystemProcessId;
  std::wstring image = L"System";
};

Identity& ThisThread() {
  thread_local Identity identity;
  return identity;
}

// Thread IDs: multiples of 4 from 0x104, one per host thread.
uint32_t NewThreadId() {
  static std::atomic<uint32_t> next{0x41};
  return next.fetch_add(1) * 4;
}

std::string Narrow(const std::wstring& s) {
  std::string out;
  for (wchar_t c : s) out.push_back(c > 0 && c < 0x80 ? static_cast<char>(c) : '?');
  return out;
}

// The process object `id` of `s`, made on first use (the kernel holds its
// reference for the Environment's life).
PEPROCESS ProcessLocked(EnvState& s, uint32_t id, const std::wstring& image)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(s.mu) {
  auto it = s.processes.find(id);
  if (it != s.processes.end()) return it->second.get();
  auto body = std::make_unique<_EPROCESS>();
  body->magic = ob_internal::kProcessMagic;
  body->id = id;
  body->image_name = image;
  PEPROCESS p = body.get();
  ObjectRecord rec;
  rec.type = ProcessType();
  rec.description = absl::StrCat("process ", id, " (", Narrow(image), ")");
  s.objects.emplace(p, std::move(rec));
  s.processes.emplace(id, std::move(body));
  return p;
}

}  // namespace

ScopedProcess::ScopedProcess(uint32_t id, std::wstring image_name)
    : previous_id_(ThisThread().process), previous_image_(ThisThread().image) {
  if (id == 0 || id % 4 != 0 || id == kSystemProcessId) {
    std::fprintf(stderr, "ob::ScopedProcess: %u is not a user process ID (a nonzero multiple "
                         "of 4 other than 4)\n", id);
    std::abort();
  }
  ThisThread().process = id;
  ThisThread().image = std::move(image_name);
}

ScopedProcess::~ScopedProcess() {
  ThisThread().process = previous_id_;
  ThisThread().image = std::move(previous_image_);
}

PEPROCESS AddProcess(poolsim::Environment& env, uint32_t id, const std::wstring& image_name) {
  std::shared_ptr<EnvState> s = ob_internal::StateOf(env);
  psi::MutexLock l(&s->mu);
  return ProcessLocked(*s, id, image_name);
}

uint32_t CurrentProcessId() { return ThisThread().process; }

uint32_t CurrentThreadId() {
  thread_local const uint32_t id = NewThreadId();
  return id;
}

PEPROCESS CurrentProcess(poolsim::Environment& env) {
  return AddProcess(env, ThisThread().process, ThisThread().image);
}

PETHREAD CurrentThread(poolsim::Environment& env) {
  const uint32_t tid = CurrentThreadId();
  std::shared_ptr<EnvState> s = ob_internal::StateOf(env);
  psi::MutexLock l(&s->mu);
  PEPROCESS process = ProcessLocked(*s, ThisThread().process, ThisThread().image);
  const auto key = std::make_pair(tid, process->id);
  auto it = s->threads.find(key);
  if (it != s->threads.end()) return it->second.get();
  auto body = std::make_unique<_ETHREAD>();
  body->magic = ob_internal::kThreadMagic;
  body->id = tid;
  body->process = process;
  PETHREAD t = body.get();
  ObjectRecord rec;
  rec.type = ThreadType();
  rec.description = absl::StrCat("thread ", tid, " of process ", process->id);
  s->objects.emplace(t, std::move(rec));
  s->threads.emplace(key, std::move(body));
  return t;
}

PEPROCESS FindProcess(poolsim::Environment& env, uint32_t id) {
  std::shared_ptr<EnvState> s = ob_internal::StateOf(env);
  psi::MutexLock l(&s->mu);
  if (id == kSystemProcessId) return ProcessLocked(*s, id, L"System");
  auto it = s->processes.find(id);
  return it == s->processes.end() ? nullptr : it->second.get();
}

uint32_t ProcessIdOf(PEPROCESS process) {
  std::shared_ptr<EnvState> s = ob_internal::StateOwningProcess(process);
  if (s == nullptr) return 0;
  psi::MutexLock l(&s->mu);
  return process->magic == ob_internal::kProcessMagic ? process->id : 0;
}

std::wstring ImageNameOf(PEPROCESS process) {
  std::shared_ptr<EnvState> s = ob_internal::StateOwningProcess(process);
  if (s == nullptr) return L"";
  psi::MutexLock l(&s->mu);
  return process->magic == ob_internal::kProcessMagic ? process->image_name : L"";
}

uint32_t ThreadIdOf(PETHREAD thread) {
  std::shared_ptr<EnvState> s = ob_internal::StateOwningProcess(thread);
  if (s == nullptr) return 0;
  psi::MutexLock l(&s->mu);
  return thread->magic == ob_internal::kThreadMagic ? thread->id : 0;
}

PEPROCESS ProcessOfThread(poolsim::Environment& env, PETHREAD thread) {
  std::shared_ptr<EnvState> s = ob_internal::StateOf(env);
  psi::MutexLock l(&s->mu);
  auto it = s->objects.find(thread);
  if (it == s->objects.end() || it->second.type != ThreadType()) return nullptr;
  return thread->process;
}

}  // namespace ob
