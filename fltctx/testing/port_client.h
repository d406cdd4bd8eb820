// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/testing/port_client.h
// -----------------------------------------------------------------------------
//
// Test side of communication ports: the user-mode end a test plays, modelled
// on fltlib's FilterConnectCommunicationPort, FilterGetMessage,
// FilterReplyMessage, FilterSendMessage and CloseHandle, with the same buffer
// layouts (FILTER_MESSAGE_HEADER in front of each message received,
// FILTER_REPLY_HEADER in front of each reply) and HRESULT results; and
// PortScanner, a client on its own host thread that answers every message
// with a test-supplied function, as a user-mode scanner service does.
//
//   fltctx::PortScanner scanner(L"\\ScannerPort", [](const std::vector<uint8_t>& m) {
//     return std::vector<uint8_t>{m.empty() || m[0] != 'X'};  // the reply's bytes
//   });
//   ASSERT_EQ(scanner.connect_result(), fltctx::kHresultOk);
//   ... drive I/O; the filter's FltSendMessage gets each reply ...
//   scanner.Stop();  // disconnects (the filter's disconnect callback runs)
//
// The connect, send and disconnect calls run the filter's callbacks on the
// calling thread, at PASSIVE_LEVEL, as Windows runs them in the client's
// thread. Thread-safe: one PortClient may be used from several threads.

#ifndef FLTCTX_TESTING_PORT_CLIENT_H_
#define FLTCTX_TESTING_PORT_CLIENT_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "fltctx/ports.h"
#include "fltctx/wdk/ports.h"
#include "poolsim/environment.h"

namespace fltctx {

// The HRESULTs the client returns (the values fltlib returns for the same
// conditions; docs/ports-and-ecps.md has the table).
inline constexpr int32_t kHresultOk = 0;                                // S_OK
inline constexpr int32_t kHresultFileNotFound = int32_t(0x80070002);   // no such port
inline constexpr int32_t kHresultInvalidHandle = int32_t(0x80070006);  // E_HANDLE: disconnected
inline constexpr int32_t kHresultOutOfMemory = int32_t(0x8007000E);    // E_OUTOFMEMORY
inline constexpr int32_t kHresultInsufficientBuffer = int32_t(0x8007007A);
inline constexpr int32_t kHresultInvalidFunction = int32_t(0x80070001);  // no message callback
inline constexpr int32_t kHresultWaitTimeout = int32_t(0x80070102);      // the test's timeout
inline constexpr int32_t kHresultNoWaiterForReply = int32_t(0x801F0020);
// HRESULT_FROM_NT: a failure NTSTATUS (a refusal, a failed message callback).
constexpr int32_t HresultFromNt(NTSTATUS status) {
  return static_cast<int32_t>(static_cast<uint32_t>(status) | 0x10000000u);
}

// PortClient
//
// One connection to a filter's server port. Destroying it closes the handle.
class PortClient {
 public:
  // FilterConnectCommunicationPort: connects to `name` in `env` (the filter's
  // Environment), passing `size` bytes of `context` to the connect callback.
  // Returns kHresultOk and fills `*client`, or kHresultFileNotFound,
  // HresultFromNt(STATUS_CONNECTION_COUNT_LIMIT), kHresultOutOfMemory, or
  // HresultFromNt(the callback's status) when it refused.
  static int32_t Connect(const std::wstring& name, const void* context, uint16_t size,
                         std::unique_ptr<PortClient>* client,
                         poolsim::Environment& env = poolsim::Ambient());
  ~PortClient();
  PortClient(const PortClient&) = delete;
  PortClient& operator=(const PortClient&) = delete;

  // FilterGetMessage (synchronous): waits for a message and writes its
  // FILTER_MESSAGE_HEADER and bytes to `buffer` (`size` bytes in all).
  // Without `timeout` it waits as long as the simulator's bound allows.
  // kHresultInsufficientBuffer when the message does not fit (the part that
  // fits is written; the message counts as taken), kHresultInvalidHandle once
  // disconnected, kHresultWaitTimeout when `timeout` passes. `*length`, if
  // given, receives the message's length without the header (what an
  // overlapped FilterGetMessage's GetOverlappedResult reports, header
  // included there).
  int32_t GetMessage(PFILTER_MESSAGE_HEADER buffer, uint32_t size,
                     std::optional<std::chrono::nanoseconds> timeout = std::nullopt,
                     uint32_t* length = nullptr);
  // FilterReplyMessage: `buffer` starts with a FILTER_REPLY_HEADER whose
  // MessageId names the message; `size` counts the header. kHresultOk,
  // kHresultNoWaiterForReply (no sender waits for it), kHresultInsufficientBuffer
  // (longer than the filter's reply buffer), kHresultInvalidHandle.
  int32_t ReplyMessage(const FILTER_REPLY_HEADER* buffer, uint32_t size);
  // FilterSendMessage: runs the filter's message callback with these buffers
  // on this thread. kHresultOk (then `*bytes_returned` is its
  // ReturnOutputBufferLength), HresultFromNt(its failure status),
  // kHresultInvalidFunction (no message callback), kHresultInvalidHandle.
  int32_t SendMessage(void* in, uint32_t in_size, void* out, uint32_t out_size,
                      uint32_t* bytes_returned);
  // CloseHandle: the filter's disconnect callback runs on this thread.
  // Idempotent.
  void Disconnect();

 private:
  explicit PortClient(PortConnection* connection) : connection_(connection) {}
  std::atomic<PortConnection*> connection_;
};

// PortScanner
//
// A client on its own thread that answers each message: `answer` gets the
// message's bytes and returns the reply's bytes (ignored when the filter
// expects no reply). Stop (or destruction) disconnects and joins.
class PortScanner {
 public:
  using Answer = std::function<std::vector<uint8_t>(const std::vector<uint8_t>& message)>;
  PortScanner(const std::wstring& name, Answer answer, const void* context = nullptr,
              uint16_t context_size = 0, poolsim::Environment& env = poolsim::Ambient());
  ~PortScanner();
  PortScanner(const PortScanner&) = delete;
  PortScanner& operator=(const PortScanner&) = delete;

  // What the connect returned (kHresultOk if the scanner runs).
  int32_t connect_result() const { return connect_result_; }
  // Messages taken and replies the filter accepted so far.
  uint64_t messages() const { return messages_.load(); }
  uint64_t replies() const { return replies_.load(); }
  // Disconnects and waits for the thread. Idempotent.
  void Stop();

 private:
  void Run();

  Answer answer_;
  std::unique_ptr<PortClient> client_;
  int32_t connect_result_ = kHresultOk;
  std::atomic<uint64_t> messages_{0};
  std::atomic<uint64_t> replies_{0};
  std::thread thread_;
};

}  // namespace fltctx

#endif  // FLTCTX_TESTING_PORT_CLIENT_H_
