// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/ports_client.cc
// -----------------------------------------------------------------------------
//
// Core layer: the client's side of communication ports (fltctx/ports.h):
// connect, get, reply, send, disconnect. The filter's callbacks run on the
// calling thread with the registry's lock released.

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "fltctx/ports.h"
#include "fltctx/ports_internal.h"
#include "poolsim/internal/lock.h"

namespace fltctx {
namespace ports {

namespace fi = fltctx_internal;
namespace poolsim_internal = poolsim::poolsim_internal;

PortOutcome Connect(poolsim::Environment& env, const std::wstring& name, const void* context,
                    uint16_t size, int32_t* refusal, PortConnection** out) {
  *out = nullptr;
  *refusal = 0;
  std::shared_ptr<fi::EnvState> state = fi::StateOf(env);
  fi::Registry& r = fi::TheRegistry();
  std::shared_ptr<fi::Server> server;
  {
    poolsim_internal::MutexLock l(&fi::g_ports_mu);
    for (const auto& [block, s] : r.servers) {
      if (s->state.lock() == state && !s->filter_gone &&
          fi::SameName(s->name, name, s->case_insensitive)) {
        server = s;
        break;
      }
    }
    if (server == nullptr) return PortOutcome::kNameNotFound;
    if (server->connections >= server->max_connections) return PortOutcome::kTooManyConnections;
    server->connections++;  // reserved
  }
  auto c = std::make_shared<PortConnection>();
  c->state = state;
  c->server = server;
  c->filter = server->filter;
  c->owner = server->owner;
  c->port_name = server->name;
  c->callbacks = server->callbacks;
  c->stack = poolsim::CaptureStack(1);
  c->block = fi::AllocateBlock(env, fi::kPortObjectBytes, kClientPortTag, false, 1);
  void* context_copy = nullptr;
  if (c->block != nullptr && context != nullptr && size > 0) {
    context_copy = fi::AllocateBlock(env, size, kPortContextTag, true, 1);
    if (context_copy != nullptr) std::memcpy(context_copy, context, size);
  }
  auto unreserve = [&] {
    poolsim_internal::MutexLock l(&fi::g_ports_mu);
    server->connections--;
  };
  if (c->block == nullptr || (context != nullptr && size > 0 && context_copy == nullptr)) {
    unreserve();
    fi::FreeBlock(c->state, c->block, kClientPortTag);
    return PortOutcome::kInsufficientResources;
  }
  {
    // Visible to the filter from its connect callback on (it may send at once).
    poolsim_internal::MutexLock l(&fi::g_ports_mu);
    r.connections[c->block] = c;
  }
  const int32_t status = c->callbacks.connect(c->block, context_copy,
                                              context_copy == nullptr ? 0 : size, &c->cookie);
  fi::FreeBlock(c->state, context_copy, kPortContextTag);
  if (status < 0) {
    {
      poolsim_internal::MutexLock l(&fi::g_ports_mu);
      r.connections.erase(c->block);
      c->filter_open = false;
      c->client_open = false;
      fi::Uncount(c.get());
    }
    r.cv.notify_all();
    fi::FreeBlock(c->state, c->block, kClientPortTag);
    *refusal = status;
    return PortOutcome::kRefused;
  }
  {
    poolsim_internal::MutexLock l(&fi::g_ports_mu);
    r.clients[c.get()] = c;
  }
  *out = c.get();
  return PortOutcome::kSuccess;
}

namespace {

std::shared_ptr<PortConnection> ClientOf(fi::Registry& r, PortConnection* connection)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(fi::g_ports_mu) {
  auto it = r.clients.find(connection);
  return it == r.clients.end() ? nullptr : it->second;
}

}  // namespace

PortOutcome GetMessage(PortConnection* connection, void* buffer, uint32_t capacity,
                       const PortWait& wait, ReceivedMessage* message) {
  using State = fi::Message::State;
  fi::Registry& r = fi::TheRegistry();
  std::shared_ptr<fi::Message> m;
  std::shared_ptr<PortConnection> c;
  {
    poolsim_internal::MutexLock l(&fi::g_ports_mu);
    c = ClientOf(r, connection);
    if (c == nullptr) return PortOutcome::kNotAPort;
    const auto bound = fi::BoundFromNow();
    c->getters_waiting++;
    PortOutcome outcome = PortOutcome::kSuccess;
    while (true) {
      if (!c->filter_open || !c->client_open) {
        outcome = PortOutcome::kDisconnected;
        break;
      }
      if (!c->queue.empty()) break;
      if (!fi::WaitOnce(r, wait, bound)) {
        outcome = PortOutcome::kTimeout;
        break;
      }
    }
    c->getters_waiting--;
    if (outcome != PortOutcome::kSuccess) return outcome;
    m = c->queue.front();
    c->queue.pop_front();
    if (m->expects_reply) {
      c->awaiting[m->id] = m;
      m->state = State::kTaken;
    } else {
      m->state = State::kTaken;
    }
    message->id = m->id;
    message->expects_reply = m->expects_reply;
    message->reply_capacity = m->reply_capacity;
    message->length = m->length;
    const uint32_t n = std::min(capacity, m->length);
    if (n > 0 && buffer != nullptr) std::memcpy(buffer, m->data.data(), n);
  }
  r.cv.notify_all();
  return capacity < m->length ? PortOutcome::kBufferOverflow : PortOutcome::kSuccess;
}

PortOutcome Reply(PortConnection* connection, uint64_t id, int32_t status, const void* data,
                  uint32_t length) {
  (void)status;  // carried in FILTER_REPLY_HEADER; FltSendMessage does not return it
  using State = fi::Message::State;
  fi::Registry& r = fi::TheRegistry();
  PortOutcome outcome = PortOutcome::kSuccess;
  {
    poolsim_internal::MutexLock l(&fi::g_ports_mu);
    std::shared_ptr<PortConnection> c = ClientOf(r, connection);
    if (c == nullptr) return PortOutcome::kNotAPort;
    if (!c->filter_open || !c->client_open) return PortOutcome::kDisconnected;
    auto it = c->awaiting.find(id);
    if (it == c->awaiting.end() || it->second->state != State::kTaken) {
      return PortOutcome::kUnknownMessage;
    }
    std::shared_ptr<fi::Message> m = it->second;
    c->awaiting.erase(it);
    const uint32_t n = std::min(length, m->reply_capacity);
    const auto* bytes = static_cast<const uint8_t*>(data);
    m->reply.assign(bytes, bytes + n);
    m->overflow = length > m->reply_capacity;
    m->state = State::kReplied;
    if (m->overflow) outcome = PortOutcome::kBufferOverflow;
  }
  r.cv.notify_all();
  return outcome;
}

PortOutcome SendToFilter(PortConnection* connection, void* input, uint32_t input_length,
                         void* output, uint32_t output_length, uint32_t* returned,
                         int32_t* status) {
  *returned = 0;
  *status = 0;
  fi::Registry& r = fi::TheRegistry();
  std::shared_ptr<PortConnection> c;
  {
    poolsim_internal::MutexLock l(&fi::g_ports_mu);
    c = ClientOf(r, connection);
    if (c == nullptr) return PortOutcome::kNotAPort;
    if (!c->filter_open || !c->client_open) return PortOutcome::kDisconnected;
  }
  if (!c->callbacks.message) return PortOutcome::kNoMessageCallback;
  uint32_t n = 0;
  *status = c->callbacks.message(c->cookie, input, input_length, output, output_length, &n);
  *returned = std::min(n, output_length);
  return PortOutcome::kSuccess;
}

void Disconnect(PortConnection* connection) {
  fi::Registry& r = fi::TheRegistry();
  std::shared_ptr<PortConnection> c;
  bool notify = false;
  {
    poolsim_internal::MutexLock l(&fi::g_ports_mu);
    auto it = r.clients.find(connection);
    if (it == r.clients.end()) return;
    c = std::move(it->second);
    r.clients.erase(it);
    notify = c->client_open && c->filter_open;
    c->client_open = false;
    fi::Uncount(c.get());
    fi::DrainQueue(c.get());
  }
  r.cv.notify_all();
  if (notify && c->callbacks.disconnect) c->callbacks.disconnect(c->cookie);
}

}  // namespace ports
}  // namespace fltctx
