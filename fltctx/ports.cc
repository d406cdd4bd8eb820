// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/ports.cc
// -----------------------------------------------------------------------------
//
// Core layer: communication ports (fltctx/ports.h). One registry for the
// process, its records tied to the Environment they were made in (a record of
// an Environment that is gone is never found again).
//
// Lock order: the registry's one mutex is the only lock here; pool calls,
// bug checks and the filter's callbacks run with it released.

#include "fltctx/ports.h"
#include "fltctx/ports_internal.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <cwctype>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "poolsim/frame_filter.h"
#include "poolsim/internal/lock.h"
#include "poolsim/leaked_object.h"
#include "poolsim/stack_trace.h"

namespace fltctx {

namespace poolsim_internal = poolsim::poolsim_internal;

namespace fltctx_internal {
namespace {

constexpr uint32_t kNonPagedPool = 0;
constexpr uint32_t kPagedPool = 1;
std::atomic<int64_t> g_wait_bound_ms{10000};
std::atomic<uint64_t> g_waits_bounded{0};
std::atomic<uint64_t> g_next_message_id{1};

}  // namespace
}  // namespace fltctx_internal


namespace fltctx_internal {


poolsim_internal::Mutex g_ports_mu;

Registry& TheRegistry() {
  static Registry* registry = new Registry();
  return *registry;
}

namespace {

// The BasicLockable view of the held registry mutex for timed waits.
struct HeldLock {
  poolsim_internal::Mutex* mu;
  void lock() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu->Lock(); }
  void unlock() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu->Unlock(); }
};

}  // namespace

// Waits on the registry's condition variable until notified or `wait`
// passes. Returns false once the wait is over (deadline or bound passed).
bool WaitOnce(Registry& r, const PortWait& wait, std::chrono::steady_clock::time_point bound)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(g_ports_mu) {
  const auto until = wait.infinite ? bound : wait.deadline;
  if (std::chrono::steady_clock::now() >= until) {
    if (wait.infinite) {
      g_waits_bounded.fetch_add(1);
      std::fprintf(stderr,
                   "fltctx: a communication-port wait without a timeout passed the bound of "
                   "%lld ms and failed with STATUS_TIMEOUT (on Windows it would wait forever; "
                   "see docs/ports-and-ecps.md)\n",
                   static_cast<long long>(g_wait_bound_ms.load()));
    }
    return false;
  }
  HeldLock held{&g_ports_mu};
  r.cv.wait_until(held, until);
  return true;
}

std::chrono::steady_clock::time_point BoundFromNow() {
  return std::chrono::steady_clock::now() + std::chrono::milliseconds(g_wait_bound_ms.load());
}

namespace {

std::string Narrow(const std::wstring& s) {
  std::string out;
  for (wchar_t c : s) out.push_back(c > 0 && c < 0x80 ? static_cast<char>(c) : '?');
  return out;
}

}  // namespace

bool SameName(const std::wstring& a, const std::wstring& b, bool case_insensitive) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    wchar_t x = a[i], y = b[i];
    if (case_insensitive) {
      x = static_cast<wchar_t>(std::towupper(static_cast<wint_t>(x)));
      y = static_cast<wchar_t>(std::towupper(static_cast<wint_t>(y)));
    }
    if (x != y) return false;
  }
  return true;
}

namespace {

void AddPort(std::vector<poolsim::LeakedObject>* out, const char* type, const void* block,
             const std::string& owner, std::string attached, poolsim::StackId stack) {
  poolsim::LeakedObject o;
  o.kind = "communication port";
  o.type_name = type;
  o.owner = owner;
  o.attached_to = std::move(attached);
  o.reference_count = 1;
  o.address = reinterpret_cast<uintptr_t>(block);
  o.block = reinterpret_cast<uintptr_t>(block);
  o.bytes = kPortObjectBytes;
  o.pool = poolsim::PoolKind::kNonPaged;
  o.stack = stack;
  out->push_back(std::move(o));
}

// The Environment's reporter: every port still open.
void Report(const std::shared_ptr<EnvState>& state, std::vector<poolsim::LeakedObject>* out) {
  Registry& r = TheRegistry();
  poolsim_internal::MutexLock l(&g_ports_mu);
  for (const auto& [block, server] : r.servers) {
    if (server->state.lock() != state) continue;
    AddPort(out, "FLT_PORT (server port)", block, server->owner,
            "server port " + Narrow(server->name) + " (never closed)", server->stack);
    out->back().tag = poolsim::PoolTag(kServerPortTag);
  }
  for (const auto& [block, c] : r.connections) {
    if (c->state.lock() != state) continue;
    AddPort(out, "FLT_PORT (client port)", block, c->owner,
            "client port of " + Narrow(c->port_name) +
                (c->left_at_unload ? " (left open at unload)" : " (never closed)"),
            c->stack);
    out->back().tag = poolsim::PoolTag(kClientPortTag);
  }
}

}  // namespace

std::shared_ptr<EnvState> StateOf(poolsim::Environment& env) {
  Registry& r = TheRegistry();
  {
    poolsim_internal::MutexLock l(&g_ports_mu);
    auto it = r.envs.find(&env);
    if (it != r.envs.end()) {
      if (std::shared_ptr<EnvState> s = it->second.lock()) return s;
    }
    // A new Environment (perhaps at a dead one's address): forget the
    // records of Environments that are gone.
    for (auto s = r.servers.begin(); s != r.servers.end();) {
      s = s->second->state.expired() ? r.servers.erase(s) : std::next(s);
    }
    for (auto c = r.connections.begin(); c != r.connections.end();) {
      c = c->second->state.expired() ? r.connections.erase(c) : std::next(c);
    }
  }
  auto state = std::make_shared<EnvState>();
  state->env = &env;
  {
    poolsim_internal::MutexLock l(&g_ports_mu);
    r.envs[&env] = state;
  }
  env.AddObjectReporter(
      [state](std::vector<poolsim::LeakedObject>* out) { Report(state, out); });
  return state;
}

void* AllocateBlock(poolsim::Environment& env, size_t bytes, uint32_t tag, bool paged,
                    int skip_frames) {
  poolsim::AllocateRequest ar;
  ar.bytes = bytes == 0 ? 1 : bytes;
  ar.tag = poolsim::PoolTag(tag);
  ar.kind = paged ? poolsim::PoolKind::kPaged : poolsim::PoolKind::kNonPaged;
  ar.pool_type = paged ? kPagedPool : kNonPagedPool;
  ar.zero = true;
  ar.legacy_tag_rules = false;
  ar.skip_frames = skip_frames + 1;
  return env.Allocate(ar);
}

void FreeBlock(const std::weak_ptr<EnvState>& state, void* block, uint32_t tag) {
  if (block == nullptr) return;
  if (std::shared_ptr<EnvState> s = state.lock()) {
    s->env->Free(block, poolsim::PoolTag(tag), /*check_tag=*/true, 1);
  }
}

// Drops `c` from its server's connection count (once).
void Uncount(PortConnection* c) ABSL_EXCLUSIVE_LOCKS_REQUIRED(g_ports_mu) {
  if (c->counted && c->server != nullptr) c->server->connections--;
  c->counted = false;
}

// Forgets the messages of a closed connection (their senders see the close).
void DrainQueue(PortConnection* c) ABSL_EXCLUSIVE_LOCKS_REQUIRED(g_ports_mu) {
  c->queue.clear();
  c->awaiting.clear();
}



const poolsim::LayerFramesRegistration kPortFrames([] {
  poolsim::LayerFrames frames;
  frames.layer = "fltctx/ports";
  frames.library_files = {"fltctx/ports.cc", "fltctx/ports_client.cc", "fltctx/wdk/ports.cc",
                          "fltctx/ecp.cc", "fltctx/wdk/ecp.cc"};
  return frames;
}());

}  // namespace fltctx_internal

namespace fi = fltctx_internal;

std::chrono::milliseconds InfiniteWaitBound() {
  return std::chrono::milliseconds(fi::g_wait_bound_ms.load());
}
void SetInfiniteWaitBound(std::chrono::milliseconds bound) {
  fi::g_wait_bound_ms.store(bound.count());
}
uint64_t InfiniteWaitsBounded() { return fi::g_waits_bounded.load(); }

namespace ports {

PortOutcome CreateServerPort(poolsim::Environment& env, ServerPortSpec spec, void** port,
                             int skip_frames) {
  *port = nullptr;
  std::shared_ptr<fi::EnvState> state = fi::StateOf(env);
  fi::Registry& r = fi::TheRegistry();
  {
    poolsim_internal::MutexLock l(&fi::g_ports_mu);
    for (const auto& [block, s] : r.servers) {
      if (s->state.lock() == state &&
          fi::SameName(s->name, spec.name, s->case_insensitive || spec.case_insensitive)) {
        return PortOutcome::kNameCollision;
      }
    }
  }
  void* block = fi::AllocateBlock(env, fi::kPortObjectBytes, kServerPortTag, false,
                                  skip_frames + 1);
  if (block == nullptr) return PortOutcome::kInsufficientResources;
  auto server = std::make_shared<fi::Server>();
  server->state = state;
  server->block = block;
  server->name = std::move(spec.name);
  server->case_insensitive = spec.case_insensitive;
  server->filter = spec.filter;
  server->owner = std::move(spec.owner);
  server->max_connections = spec.max_connections;
  server->callbacks = std::move(spec.callbacks);
  server->stack = poolsim::CaptureStack(skip_frames + 1);
  {
    poolsim_internal::MutexLock l(&fi::g_ports_mu);
    r.servers[block] = std::move(server);
  }
  *port = block;
  return PortOutcome::kSuccess;
}

bool IsServerPort(const void* port) {
  fi::Registry& r = fi::TheRegistry();
  poolsim_internal::MutexLock l(&fi::g_ports_mu);
  auto it = r.servers.find(port);
  return it != r.servers.end() && !it->second->state.expired();
}

bool IsClientPort(const void* port) {
  fi::Registry& r = fi::TheRegistry();
  poolsim_internal::MutexLock l(&fi::g_ports_mu);
  auto it = r.connections.find(port);
  return it != r.connections.end() && it->second->filter_open && !it->second->state.expired();
}

const void* FilterOfPort(const void* port) {
  fi::Registry& r = fi::TheRegistry();
  poolsim_internal::MutexLock l(&fi::g_ports_mu);
  if (auto it = r.servers.find(port); it != r.servers.end()) return it->second->filter;
  if (auto it = r.connections.find(port); it != r.connections.end()) return it->second->filter;
  return nullptr;
}

bool CloseServerPort(void* port) {
  fi::Registry& r = fi::TheRegistry();
  std::shared_ptr<fi::Server> server;
  {
    poolsim_internal::MutexLock l(&fi::g_ports_mu);
    auto it = r.servers.find(port);
    if (it == r.servers.end() || it->second->state.expired()) return false;
    server = std::move(it->second);
    r.servers.erase(it);
  }
  fi::FreeBlock(server->state, server->block, kServerPortTag);
  return true;
}

bool CloseClientPort(void* port) {
  fi::Registry& r = fi::TheRegistry();
  std::shared_ptr<PortConnection> c;
  {
    poolsim_internal::MutexLock l(&fi::g_ports_mu);
    auto it = r.connections.find(port);
    if (it == r.connections.end() || !it->second->filter_open || it->second->state.expired()) {
      return false;
    }
    c = std::move(it->second);
    r.connections.erase(it);
    c->filter_open = false;
    fi::Uncount(c.get());
    fi::DrainQueue(c.get());
  }
  r.cv.notify_all();
  fi::FreeBlock(c->state, c->block, kClientPortTag);
  return true;
}

PortOutcome SendToClient(void* client_port, const void* message, uint32_t length, void* reply,
                         uint32_t* reply_length, const PortWait& wait) {
  fi::Registry& r = fi::TheRegistry();
  std::shared_ptr<PortConnection> c;
  {
    poolsim_internal::MutexLock l(&fi::g_ports_mu);
    auto it = r.connections.find(client_port);
    if (it == r.connections.end() || !it->second->filter_open) return PortOutcome::kNotAPort;
    c = it->second;
    if (!c->client_open) return PortOutcome::kDisconnected;
  }
  std::shared_ptr<fi::EnvState> state = c->state.lock();
  if (state == nullptr) return PortOutcome::kNotAPort;
  // The filter manager copies the message: the copy can fail.
  void* block = fi::AllocateBlock(*state->env, length, kPortMessageTag, false, 2);
  if (block == nullptr) return PortOutcome::kInsufficientResources;
  if (length > 0) std::memcpy(block, message, length);
  auto m = std::make_shared<fi::Message>();
  m->id = fi::g_next_message_id.fetch_add(1);
  m->data.assign(static_cast<const uint8_t*>(block), static_cast<const uint8_t*>(block) + length);
  m->length = length;
  m->expects_reply = reply != nullptr && reply_length != nullptr;
  m->reply_capacity = m->expects_reply ? *reply_length : 0;

  using State = fi::Message::State;
  PortOutcome outcome = PortOutcome::kSuccess;
  {
    poolsim_internal::MutexLock l(&fi::g_ports_mu);
    const bool zero_wait = !wait.infinite && std::chrono::steady_clock::now() >= wait.deadline;
    if (!c->filter_open || !c->client_open) {
      outcome = PortOutcome::kDisconnected;
    } else if (zero_wait && c->getters_waiting == 0) {
      outcome = PortOutcome::kTimeout;  // nobody is waiting to take it now
    } else {
      c->queue.push_back(m);
      if (zero_wait && !m->expects_reply) m->state = State::kTaken;  // handed to the waiter
      r.cv.notify_all();
      const auto bound = fi::BoundFromNow();
      while (true) {
        if (m->state == State::kReplied || (m->state == State::kTaken && !m->expects_reply)) {
          break;
        }
        if (!c->filter_open || !c->client_open) {
          outcome = PortOutcome::kDisconnected;
          break;
        }
        if (!fi::WaitOnce(r, wait, bound)) {
          outcome = PortOutcome::kTimeout;
          break;
        }
      }
      if (outcome != PortOutcome::kSuccess) {
        // Withdraw it: a client that takes or answers it later finds no sender.
        auto q = std::find(c->queue.begin(), c->queue.end(), m);
        if (q != c->queue.end()) c->queue.erase(q);
        c->awaiting.erase(m->id);
        m->state = State::kAbandoned;
      }
    }
    if (outcome == PortOutcome::kSuccess && m->expects_reply) {
      const uint32_t n =
          static_cast<uint32_t>(std::min<size_t>(m->reply.size(), *reply_length));
      if (n > 0) std::memcpy(reply, m->reply.data(), n);
      *reply_length = n;
      if (m->overflow) outcome = PortOutcome::kBufferOverflow;
    }
  }
  state->env->Free(block, poolsim::PoolTag(kPortMessageTag), true, 1);
  return outcome;
}

void FilterUnloading(const void* filter) {
  fi::Registry& r = fi::TheRegistry();
  std::vector<std::shared_ptr<PortConnection>> open;
  {
    poolsim_internal::MutexLock l(&fi::g_ports_mu);
    for (auto& [block, s] : r.servers) {
      if (s->filter == filter) s->filter_gone = true;
    }
    for (auto& [block, c] : r.connections) {
      if (c->filter != filter || !c->filter_open) continue;
      if (c->client_open) {
        c->client_open = false;
        fi::Uncount(c.get());
        fi::DrainQueue(c.get());
        open.push_back(c);
      }
    }
  }
  r.cv.notify_all();
  for (const auto& c : open) {
    if (c->callbacks.disconnect) c->callbacks.disconnect(c->cookie);
  }
  poolsim_internal::MutexLock l(&fi::g_ports_mu);
  for (auto& [block, c] : r.connections) {
    if (c->filter == filter && c->filter_open) {
      // The filter manager closes it; it stays reported (its block leaked).
      c->left_at_unload = true;
      c->filter_open = false;
    }
  }
}

}  // namespace ports
}  // namespace fltctx
