// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/ports.h
// -----------------------------------------------------------------------------
//
// Core layer: the filter manager's communication ports. A filter creates a
// named server port (FltCreateCommunicationPort); a user-mode client (in a
// test: fltctx::PortClient, fltctx/ports_client.h) connects to it by name,
// which runs the filter's connect callback and, if it accepts, makes a
// connection whose filter-side end is the client port (PFLT_PORT) the filter
// sends on. Messages go both ways: the filter's FltSendMessage queues a copy
// for the client's get-message call and waits for its reply; the client's
// send-message call runs the filter's message callback on the client's
// thread.
//
// Every object a filter holds (server port, client port) is a nonpaged pool
// block of the port's Environment, so the fault injector can fail its
// creation and the pool report lists it; the message copies and connection
// contexts are pool blocks too. A server port never closed, a client port
// never closed, and a client port still open when its filter unloaded are
// listed in the Environment's leak report (kind "communication port") with
// the stack that created them. Names live per Environment.
//
// The WDK-named surface is fltctx/wdk/ports.h; the rules (statuses, the
// bound on waits the documentation calls indefinite) are in
// docs/ports-and-ecps.md.

#ifndef FLTCTX_PORTS_H_
#define FLTCTX_PORTS_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "poolsim/environment.h"

namespace fltctx {

// Pool tags ('FMsp' server ports, 'FMcp' client ports, 'FMpm' message
// copies, 'FMpx' connection-context copies; little-endian).
inline constexpr uint32_t kServerPortTag = 0x70734d46;
inline constexpr uint32_t kClientPortTag = 0x70634d46;
inline constexpr uint32_t kPortMessageTag = 0x6d704d46;
inline constexpr uint32_t kPortContextTag = 0x78704d46;

// PortOutcome
//
// What a port operation did; the WDK surface and the client map it to the
// documented status.
enum class PortOutcome : uint8_t {
  kSuccess,
  kInsufficientResources,  // a pool allocation failed (or the fault injector)
  kNameCollision,          // a server port of that name exists
  kNameNotFound,           // connect: no server port of that name
  kRefused,                // connect: the connect callback failed (its status given)
  kTooManyConnections,     // connect: the port's MaxConnections are in use
  kDisconnected,           // the connection is closed at one end
  kTimeout,                // no client took the message, or replied, in time
  kBufferOverflow,         // a reply or message longer than the buffer for it
  kUnknownMessage,         // reply: no message of that ID waits for a reply
  kNoMessageCallback,      // client send: the port has no message callback
  kNotAPort,               // the handle is not a live port of the expected kind
};

// PortCallbacks
//
// The filter's callbacks, as the core calls them (the WDK surface adapts
// PFLT_CONNECT_NOTIFY and friends). They run on the client's thread with no
// library lock held; `connect` and `message` return an NTSTATUS.
struct PortCallbacks {
  std::function<int32_t(void* client_port, void* context, uint32_t context_size,
                        void** connection_cookie)>
      connect;
  std::function<void(void* connection_cookie)> disconnect;
  // Empty: the port takes no messages from clients.
  std::function<int32_t(void* connection_cookie, void* input, uint32_t input_length,
                        void* output, uint32_t output_length, uint32_t* returned_length)>
      message;
};

// ServerPortSpec
//
// What FltCreateCommunicationPort asks for.
struct ServerPortSpec {
  std::wstring name;  // "\\ScannerPort"
  bool case_insensitive = false;
  const void* filter = nullptr;  // the owning PFLT_FILTER
  std::string owner;             // the filter's name, for reports
  int32_t max_connections = 1;
  PortCallbacks callbacks;
};

// PortWait
//
// How long a call may wait. `infinite`: the documentation's "wait
// indefinitely", which the simulator bounds by InfiniteWaitBound() so that a
// test never hangs (the call then fails with kTimeout and says so on
// stderr).
struct PortWait {
  bool infinite = true;
  std::chrono::steady_clock::time_point deadline{};

  static PortWait Forever() { return PortWait{}; }
  static PortWait For(std::chrono::nanoseconds d) {
    return PortWait{false, std::chrono::steady_clock::now() + d};
  }
};

// The bound on indefinite waits (10 seconds unless set). Thread-safe.
std::chrono::milliseconds InfiniteWaitBound();
void SetInfiniteWaitBound(std::chrono::milliseconds bound);
// How many indefinite waits reached the bound so far (process-wide).
uint64_t InfiniteWaitsBounded();

// The client's end of a connection (user mode; opaque).
class PortConnection;

namespace ports {

// --- The filter's side (the WDK surface calls these after its checks) -------

// Creates the server port; `*port` receives its handle (a pool block). The
// outcome is kSuccess, kNameCollision or kInsufficientResources.
// `skip_frames`: frames between the driver's call and this one.
PortOutcome CreateServerPort(poolsim::Environment& env, ServerPortSpec spec, void** port,
                             int skip_frames);
// Returns true if `port` is a live server port / a live client port (the
// filter's end of a connection it has not closed).
bool IsServerPort(const void* port);
bool IsClientPort(const void* port);
// The filter that created the port (null if not live).
const void* FilterOfPort(const void* port);
// Closes a server port: no new connections; existing ones are unaffected.
// Returns false (nothing changes) if `port` is not a live server port.
bool CloseServerPort(void* port);
// The filter closes its end of a connection: pending sends fail with
// kDisconnected, the client's calls fail with kDisconnected from now on, and
// the port's block is freed. Returns false if `port` is not live.
bool CloseClientPort(void* port);
// Sends `length` bytes to the connection's client and waits (see
// FltSendMessage): without `reply_length` (or with `reply` null) until the
// client takes the message; otherwise until it replies, copying at most
// `*reply_length` bytes into `reply` and storing the count there. kTimeout
// when `wait` passes first (a zero wait delivers only to a client already
// waiting in get-message), kDisconnected when an end closes,
// kBufferOverflow when the reply is longer than `*reply_length` (the first
// `*reply_length` bytes are copied), kInsufficientResources when the copy
// of the message cannot be allocated.
PortOutcome SendToClient(void* client_port, const void* message, uint32_t length, void* reply,
                         uint32_t* reply_length, const PortWait& wait);
// The filter is unloading: every connection still open at the client has its
// disconnect callback run; a client port the filter then still has not
// closed is closed by the filter manager and stays in the leak report
// ("left open at unload"). Server ports still open stay in the report (on
// Windows the unload would hang).
void FilterUnloading(const void* filter);

// --- The client's side (fltctx/ports_client.h wraps these) ------------------

// Connects to the server port `name` in `env`, passing a copy of `context`
// (`size` bytes) to the connect callback. kNameNotFound, kTooManyConnections,
// kInsufficientResources, or kRefused with the callback's status in
// `*refusal`. `*out` receives the connection on success.
PortOutcome Connect(poolsim::Environment& env, const std::wstring& name, const void* context,
                    uint16_t size, int32_t* refusal, PortConnection** out);
// Takes the oldest message not yet taken: its ID, the length the reply may
// have (0: none expected) and its bytes (at most `capacity` copied; longer
// is kBufferOverflow, the message then counts as taken). Waits for one per
// `wait` (kTimeout), kDisconnected once an end closed.
struct ReceivedMessage {
  uint64_t id = 0;
  bool expects_reply = false;
  uint32_t reply_capacity = 0;  // bytes of reply data the filter takes
  uint32_t length = 0;          // bytes of the message
};
PortOutcome GetMessage(PortConnection* connection, void* buffer, uint32_t capacity,
                       const PortWait& wait, ReceivedMessage* message);
// Replies to message `id` with `length` bytes: kUnknownMessage if no such
// message waits for a reply (never sent, no reply expected, already
// answered, or its sender stopped waiting), kBufferOverflow if longer than
// the filter's reply buffer (the filter gets the first bytes and
// STATUS_BUFFER_OVERFLOW), kDisconnected once an end closed.
PortOutcome Reply(PortConnection* connection, uint64_t id, int32_t status, const void* data,
                  uint32_t length);
// Runs the filter's message callback on this thread with the buffers given;
// `*status` receives its status and `*returned` its ReturnOutputBufferLength
// (never more than `output_length`). kNoMessageCallback, kDisconnected.
PortOutcome SendToFilter(PortConnection* connection, void* input, uint32_t input_length,
                         void* output, uint32_t output_length, uint32_t* returned,
                         int32_t* status);
// Closes the client's handle: pending sends fail, the filter's disconnect
// callback runs on this thread (unless the filter already closed its end),
// and `connection` is gone. Idempotent per connection object; thread-safe.
void Disconnect(PortConnection* connection);

}  // namespace ports
}  // namespace fltctx

#endif  // FLTCTX_PORTS_H_
