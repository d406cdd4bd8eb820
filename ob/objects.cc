// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ob/objects.cc
// -----------------------------------------------------------------------------
//
// Object headers, references and the handle tables (object-manager layer).
// Every operation takes the Environment's state lock once; type procedures
// run after it is released.

#include "ob/objects.h"

#include <atomic>

#include <utility>

#include "ob/internal/state.h"
#include "ob/processes.h"
#include "poolsim/stack_trace.h"

namespace ob {
namespace {

namespace psi = poolsim::poolsim_internal;
using ob_internal::EnvState;
using ob_internal::HandleKey;
using ob_internal::HandleRecord;
using ob_internal::ObjectRecord;

// Tags Windows gives these types' objects ("Proc", "Thre", "File", "TmTx",
// as !pool shows them), little-endian.
_OBJECT_TYPE kProcessType = {"Process", 0x636f7250, nullptr, nullptr};
_OBJECT_TYPE kThreadType = {"Thread", 0x65726854, nullptr, nullptr};
_OBJECT_TYPE kFileType = {"File", 0x656c6946, nullptr, nullptr};
_OBJECT_TYPE kTransactionType = {"TmTx", 0x78546d54, nullptr, nullptr};

// The handle-table entry's tag ("Obtb"), for the fault injector.
constexpr ULONG kHandleTableTag = 0x6274624f;

constexpr uint64_t kKernelHandleBit = 0xFFFFFFFF80000000ull;
// Values above this are pseudo-handles (NtCurrentProcess() is -1, ...).
constexpr uint64_t kLastRealHandle = ~uint64_t{0} - 16;

// Where in the handle tables `value` is looked up by the calling thread.
HandleKey KeyOf(uint64_t value) {
  const bool kernel = (value & kKernelHandleBit) == kKernelHandleBit && value <= kLastRealHandle;
  // The two low bits are tag bits the kernel ignores, as on Windows.
  return {kernel ? 0 : CurrentProcessId(), value & ~uint64_t{3}};
}

}  // namespace

POBJECT_TYPE ProcessType() { return &kProcessType; }
POBJECT_TYPE ThreadType() { return &kThreadType; }
POBJECT_TYPE FileType() { return &kFileType; }
POBJECT_TYPE TransactionType() { return &kTransactionType; }

bool InsertObject(poolsim::Environment& env, void* body, POBJECT_TYPE type,
                  std::string description) {
  std::shared_ptr<EnvState> s = ob_internal::StateOf(env);
  psi::MutexLock l(&s->mu);
  ObjectRecord rec;
  rec.type = type;
  rec.description = std::move(description);
  return s->objects.emplace(body, std::move(rec)).second;
}

namespace {

// Erases `body`'s record if nothing references it any more; returns the
// delete procedure to run (after the lock is released), or null.
void (*ReleaseIfUnreferenced(EnvState& s, std::map<const void*, ObjectRecord>::iterator it))(
    void*) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s.mu) {
  if (it->second.PointerCount() != 0) return nullptr;
  POBJECT_TYPE type = it->second.type;
  s.objects.erase(it);
  return type != nullptr ? type->delete_procedure : nullptr;
}

}  // namespace

bool RemoveObject(poolsim::Environment& env, void* body) {
  std::shared_ptr<EnvState> s = ob_internal::StateOf(env);
  void (*deleter)(void*) = nullptr;
  {
    psi::MutexLock l(&s->mu);
    auto it = s->objects.find(body);
    if (it == s->objects.end() || !it->second.kernel_reference) return false;
    it->second.kernel_reference = false;
    deleter = ReleaseIfUnreferenced(*s, it);
  }
  if (deleter != nullptr) deleter(body);
  return true;
}

ReferenceOutcome ReferenceObject(poolsim::Environment& env, void* body, const char* operation,
                                 int skip_frames, POBJECT_TYPE* type) {
  const poolsim::StackId stack = poolsim::CaptureStack(skip_frames + 1);
  std::shared_ptr<EnvState> s = ob_internal::StateOf(env);
  psi::MutexLock l(&s->mu);
  auto it = s->objects.find(body);
  if (it == s->objects.end()) return ReferenceOutcome::kNotAnObject;
  it->second.references.push_back(poolsim::ObjectReference{operation, stack, ++s->sequence});
  if (type != nullptr) *type = it->second.type;
  return ReferenceOutcome::kOk;
}

ReferenceOutcome DereferenceObject(poolsim::Environment& env, void* body, POBJECT_TYPE* type) {
  std::shared_ptr<EnvState> s = ob_internal::StateOf(env);
  void (*deleter)(void*) = nullptr;
  {
    psi::MutexLock l(&s->mu);
    auto it = s->objects.find(body);
    if (it == s->objects.end()) return ReferenceOutcome::kNotAnObject;
    if (type != nullptr) *type = it->second.type;
    if (it->second.references.empty()) return ReferenceOutcome::kBelowZero;
    it->second.references.pop_back();
    deleter = ReleaseIfUnreferenced(*s, it);
  }
  if (deleter != nullptr) deleter(body);
  return ReferenceOutcome::kOk;
}

bool LookupObject(poolsim::Environment& env, const void* body, POBJECT_TYPE* type) {
  std::shared_ptr<EnvState> s = ob_internal::StateOf(env);
  psi::MutexLock l(&s->mu);
  auto it = s->objects.find(body);
  if (it == s->objects.end()) return false;
  if (type != nullptr) *type = it->second.type;
  return true;
}

int64_t PointerCount(poolsim::Environment& env, const void* body) {
  std::shared_ptr<EnvState> s = ob_internal::StateOf(env);
  psi::MutexLock l(&s->mu);
  auto it = s->objects.find(body);
  return it == s->objects.end() ? -1 : static_cast<int64_t>(it->second.PointerCount());
}

HandleOutcome CreateHandle(poolsim::Environment& env, void* body, ACCESS_MASK granted,
                           ULONG attributes, const char* operation, int skip_frames,
                           HANDLE* handle) {
  const poolsim::StackId stack = poolsim::CaptureStack(skip_frames + 1);
  if (env.ShouldInjectFault(operation, poolsim::PoolTag(kHandleTableTag), stack)) {
    return HandleOutcome::kInsufficientResources;
  }
  const bool kernel = (attributes & OBJ_KERNEL_HANDLE) != 0;
  const uint32_t process = kernel ? 0 : CurrentProcessId();
  std::shared_ptr<EnvState> s = ob_internal::StateOf(env);
  psi::MutexLock l(&s->mu);
  auto it = s->objects.find(body);
  if (it == s->objects.end()) return HandleOutcome::kNotAnObject;
  uint64_t value = 0;
  if (kernel) {
    value = kKernelHandleBit | (s->next_kernel_handle++ * 4);
  } else {
    uint64_t& next = s->next_process_handle[process];
    if (next == 0) next = 1;
    value = next++ * 4;
  }
  ++it->second.handles;
  HandleRecord h;
  h.object = body;
  h.type = it->second.type;
  h.granted = granted;
  h.kernel = kernel;
  h.process = process;
  h.operation = operation;
  h.stack = stack;
  h.sequence = ++s->sequence;
  s->handles[HandleKey{process, value}] = std::move(h);
  *handle = reinterpret_cast<HANDLE>(static_cast<uintptr_t>(value));
  return HandleOutcome::kOk;
}

bool LookupHandle(poolsim::Environment& env, HANDLE handle, HandleEntry* entry) {
  const HandleKey key = KeyOf(reinterpret_cast<uintptr_t>(handle));
  std::shared_ptr<EnvState> s = ob_internal::StateOf(env);
  psi::MutexLock l(&s->mu);
  auto it = s->handles.find(key);
  if (it == s->handles.end()) return false;
  if (entry != nullptr) {
    entry->object = it->second.object;
    entry->type = it->second.type;
    entry->granted = it->second.granted;
    entry->kernel = it->second.kernel;
    entry->process = it->second.process;
  }
  return true;
}

CloseOutcome CloseHandle(poolsim::Environment& env, HANDLE handle) {
  const uint64_t value = reinterpret_cast<uintptr_t>(handle);
  const HandleKey key = KeyOf(value);
  std::shared_ptr<EnvState> s = ob_internal::StateOf(env);
  void* body = nullptr;
  POBJECT_TYPE type = nullptr;
  uint64_t handles_left = 0;
  void (*deleter)(void*) = nullptr;
  {
    psi::MutexLock l(&s->mu);
    auto it = s->handles.find(key);
    if (it == s->handles.end()) {
      return key.first == 0 && value != 0 ? CloseOutcome::kInvalidKernelHandle
                                          : CloseOutcome::kInvalidHandle;
    }
    body = it->second.object;
    s->handles.erase(it);
    auto oit = s->objects.find(body);
    if (oit != s->objects.end()) {
      type = oit->second.type;
      handles_left = --oit->second.handles;
      deleter = ReleaseIfUnreferenced(*s, oit);
    }
  }
  if (type != nullptr && type->close_procedure != nullptr) type->close_procedure(body, handles_left);
  if (deleter != nullptr) deleter(body);
  return CloseOutcome::kClosed;
}

bool IsKernelHandleValue(HANDLE handle) {
  const uint64_t value = reinterpret_cast<uintptr_t>(handle);
  return (value & kKernelHandleBit) == kKernelHandleBit && value <= kLastRealHandle;
}

size_t OpenHandleCount(poolsim::Environment& env) {
  std::shared_ptr<EnvState> s = ob_internal::StateOf(env);
  psi::MutexLock l(&s->mu);
  return s->handles.size();
}

namespace {
std::atomic<const ForeignObjects*> foreign_objects[kForeignObjectSlots] = {};
}  // namespace

void SetForeignObjects(const ForeignObjects& objects, int slot) {
  if (slot < 0 || slot >= kForeignObjectSlots) return;
  foreign_objects[slot].store(new ForeignObjects(objects), std::memory_order_release);
}

ReferenceOutcome ReferenceAnyObject(poolsim::Environment& env, void* body, const char* operation,
                                    int skip_frames, POBJECT_TYPE* type) {
  const ReferenceOutcome outcome = ReferenceObject(env, body, operation, skip_frames + 1, type);
  if (outcome != ReferenceOutcome::kNotAnObject) return outcome;
  for (const auto& slot : foreign_objects) {
    const ForeignObjects* foreign = slot.load(std::memory_order_acquire);
    if (foreign == nullptr || !foreign->reference(body, operation)) continue;
    if (type != nullptr) *type = foreign->type();
    return ReferenceOutcome::kOk;
  }
  return outcome;
}

ReferenceOutcome DereferenceAnyObject(poolsim::Environment& env, void* body, POBJECT_TYPE* type) {
  const ReferenceOutcome outcome = DereferenceObject(env, body, type);
  if (outcome != ReferenceOutcome::kNotAnObject) return outcome;
  for (const auto& slot : foreign_objects) {
    const ForeignObjects* foreign = slot.load(std::memory_order_acquire);
    if (foreign == nullptr) continue;
    const ReferenceOutcome foreign_outcome = foreign->dereference(body);
    if (foreign_outcome == ReferenceOutcome::kNotAnObject) continue;
    if (type != nullptr) *type = foreign->type();
    return foreign_outcome;
  }
  return outcome;
}

}  // namespace ob
