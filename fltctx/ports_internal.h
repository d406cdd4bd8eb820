// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/ports_internal.h
// -----------------------------------------------------------------------------
//
// Core layer, private to ports.cc and ports_client.cc: the records of
// communication ports (server ports, connections, messages), the one
// registry that holds them and its lock, and the helpers both halves use.
//
// IWYU pragma: private, include "fltctx/ports.h".

#ifndef FLTCTX_PORTS_INTERNAL_H_
#define FLTCTX_PORTS_INTERNAL_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "fltctx/ports.h"
#include "poolsim/environment.h"
#include "poolsim/internal/lock.h"
#include "poolsim/stack_trace.h"

namespace fltctx {
namespace fltctx_internal {

inline constexpr size_t kPortObjectBytes = 64;

// The one lock of ports: it guards every record below.
extern poolsim::poolsim_internal::Mutex g_ports_mu;

// Ties records to their Environment: the reporter owns the only strong
// reference, so the state expires with the Environment.
struct EnvState {
  poolsim::Environment* env = nullptr;
};

struct Message {
  uint64_t id = 0;
  std::vector<uint8_t> data;  // what the client receives (the pool copy's bytes)
  uint32_t length = 0;
  bool expects_reply = false;
  uint32_t reply_capacity = 0;
  enum class State { kQueued, kTaken, kReplied, kAbandoned };
  State state ABSL_GUARDED_BY(g_ports_mu) = State::kQueued;
  std::vector<uint8_t> reply ABSL_GUARDED_BY(g_ports_mu);
  bool overflow ABSL_GUARDED_BY(g_ports_mu) = false;
};

struct Server {
  std::weak_ptr<EnvState> state;
  void* block = nullptr;
  std::wstring name;
  bool case_insensitive = false;
  const void* filter = nullptr;
  std::string owner;
  int32_t max_connections = 1;
  int32_t connections ABSL_GUARDED_BY(g_ports_mu) = 0;
  PortCallbacks callbacks;
  poolsim::StackId stack = poolsim::kNoStack;
  bool filter_gone ABSL_GUARDED_BY(g_ports_mu) = false;
};

}  // namespace fltctx_internal

class PortConnection {
 public:
  std::weak_ptr<fltctx_internal::EnvState> state;
  std::shared_ptr<fltctx_internal::Server> server;  // for the connection count
  void* block = nullptr;                            // the filter's PFLT_PORT
  const void* filter = nullptr;
  std::string owner;
  std::wstring port_name;
  PortCallbacks callbacks;
  void* cookie = nullptr;
  poolsim::StackId stack = poolsim::kNoStack;
  bool filter_open ABSL_GUARDED_BY(fltctx_internal::g_ports_mu) = true;
  bool client_open ABSL_GUARDED_BY(fltctx_internal::g_ports_mu) = true;
  bool counted ABSL_GUARDED_BY(fltctx_internal::g_ports_mu) = true;
  bool left_at_unload ABSL_GUARDED_BY(fltctx_internal::g_ports_mu) = false;
  int getters_waiting ABSL_GUARDED_BY(fltctx_internal::g_ports_mu) = 0;
  std::deque<std::shared_ptr<fltctx_internal::Message>> queue
      ABSL_GUARDED_BY(fltctx_internal::g_ports_mu);
  std::map<uint64_t, std::shared_ptr<fltctx_internal::Message>> awaiting
      ABSL_GUARDED_BY(fltctx_internal::g_ports_mu);
};

namespace fltctx_internal {

struct Registry {
  std::condition_variable_any cv;  // every wait; notified on every change
  std::map<const void*, std::shared_ptr<Server>> servers ABSL_GUARDED_BY(g_ports_mu);
  // The filter's ends, by PFLT_PORT; also the ones left open at unload.
  std::map<const void*, std::shared_ptr<PortConnection>> connections ABSL_GUARDED_BY(g_ports_mu);
  // The clients' ends, by PortConnection*.
  std::map<const PortConnection*, std::shared_ptr<PortConnection>> clients ABSL_GUARDED_BY(g_ports_mu);
  std::map<poolsim::Environment*, std::weak_ptr<EnvState>> envs ABSL_GUARDED_BY(g_ports_mu);
};

Registry& TheRegistry();

// Waits on the registry's condition variable until notified or `wait`
// passes; `bound` caps an indefinite wait. Returns false once the wait is
// over.
bool WaitOnce(Registry& r, const PortWait& wait, std::chrono::steady_clock::time_point bound)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(g_ports_mu);
// Now plus the bound on indefinite waits.
std::chrono::steady_clock::time_point BoundFromNow();
bool SameName(const std::wstring& a, const std::wstring& b, bool case_insensitive);
// The state of `env`, made (with its leak reporter) on first use.
std::shared_ptr<EnvState> StateOf(poolsim::Environment& env);
// A zeroed pool block of `env` with `tag` (paged or nonpaged).
void* AllocateBlock(poolsim::Environment& env, size_t bytes, uint32_t tag, bool paged,
                    int skip_frames);
// Frees `block` if its Environment still lives.
void FreeBlock(const std::weak_ptr<EnvState>& state, void* block, uint32_t tag);
// Drops `c` from its server's connection count (once).
void Uncount(PortConnection* c) ABSL_EXCLUSIVE_LOCKS_REQUIRED(g_ports_mu);
// Forgets the messages of a closed connection (their senders see the close).
void DrainQueue(PortConnection* c) ABSL_EXCLUSIVE_LOCKS_REQUIRED(g_ports_mu);

}  // namespace fltctx_internal
}  // namespace fltctx

#endif  // FLTCTX_PORTS_INTERNAL_H_
