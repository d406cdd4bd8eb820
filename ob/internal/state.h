// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ob/internal/state.h
// -----------------------------------------------------------------------------
//
// The object manager's per-Environment state (object-manager layer, private):
// object records, the handle tables and the process and thread objects. The
// Environment's object reporter owns it, so it goes with the Environment.
//
// Lock order: EnvState::mu is a leaf. Nothing is called with it held but
// container operations and stack capture.
//
// IWYU pragma: private, include "ob/objects.h".

#ifndef OB_INTERNAL_STATE_H_
#define OB_INTERNAL_STATE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "ob/objects.h"
#include "poolsim/environment.h"
#include "poolsim/internal/lock.h"
#include "poolsim/leaked_object.h"
#include "poolsim/stack_trace.h"

// The bodies of process and thread objects (opaque to drivers).
struct _EPROCESS {
  uint32_t magic;
  uint32_t id;
  std::wstring image_name;
};
struct _ETHREAD {
  uint32_t magic;
  uint32_t id;
  PEPROCESS process;
};

namespace ob {
namespace ob_internal {

inline constexpr uint32_t kProcessMagic = 0x636f7250;  // "Proc"
inline constexpr uint32_t kThreadMagic = 0x64726854;   // "Thrd"

struct ObjectRecord {
  POBJECT_TYPE type = nullptr;
  std::string description;
  bool kernel_reference = true;
  uint64_t handles = 0;
  std::vector<poolsim::ObjectReference> references;  // the driver's, oldest first
  uint64_t PointerCount() const {
    return (kernel_reference ? 1 : 0) + handles + references.size();
  }
};

struct HandleRecord {
  void* object = nullptr;
  POBJECT_TYPE type = nullptr;
  ACCESS_MASK granted = 0;
  bool kernel = false;
  uint32_t process = 0;
  std::string operation;
  poolsim::StackId stack = poolsim::kNoStack;
  uint64_t sequence = 0;
};

// Kernel handles are keyed with process 0.
using HandleKey = std::pair<uint32_t, uint64_t>;

struct EnvState {
  poolsim::Environment* env = nullptr;
  poolsim::poolsim_internal::Mutex mu;
  std::map<const void*, ObjectRecord> objects ABSL_GUARDED_BY(mu);
  std::map<HandleKey, HandleRecord> handles ABSL_GUARDED_BY(mu);
  uint64_t next_kernel_handle ABSL_GUARDED_BY(mu) = 1;
  std::map<uint32_t, uint64_t> next_process_handle ABSL_GUARDED_BY(mu);
  std::map<uint32_t, std::unique_ptr<_EPROCESS>> processes ABSL_GUARDED_BY(mu);
  std::map<std::pair<uint32_t, uint32_t>, std::unique_ptr<_ETHREAD>> threads ABSL_GUARDED_BY(mu);
  uint64_t sequence ABSL_GUARDED_BY(mu) = 0;
};

// The state of `env`, made (with its object reporter) on first use.
std::shared_ptr<EnvState> StateOf(poolsim::Environment& env);

// The state owning `body` among live Environments' process and thread
// objects, or null.
std::shared_ptr<EnvState> StateOwningProcess(const void* body);

}  // namespace ob_internal
}  // namespace ob

#endif  // OB_INTERNAL_STATE_H_
