// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/testing/port_client.cc
// -----------------------------------------------------------------------------
//
// Test side of communication ports (fltctx/testing/port_client.h): the
// fltlib-shaped calls over fltctx/ports.h, and the scanner thread.

#include "fltctx/testing/port_client.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace fltctx {
namespace {

constexpr int32_t kHresultInvalidArgument = int32_t(0x80070057);  // E_INVALIDARG
constexpr uint32_t kMessageHeader = sizeof(FILTER_MESSAGE_HEADER);
constexpr uint32_t kReplyHeader = sizeof(FILTER_REPLY_HEADER);

int32_t ToHresult(PortOutcome outcome) {
  switch (outcome) {
    case PortOutcome::kSuccess:
      return kHresultOk;
    case PortOutcome::kInsufficientResources:
      return kHresultOutOfMemory;
    case PortOutcome::kNameCollision:
    case PortOutcome::kNameNotFound:
      return kHresultFileNotFound;
    case PortOutcome::kRefused:
      return HresultFromNt(STATUS_CONNECTION_REFUSED);
    case PortOutcome::kTooManyConnections:
      return HresultFromNt(STATUS_CONNECTION_COUNT_LIMIT);
    case PortOutcome::kDisconnected:
    case PortOutcome::kNotAPort:
      return kHresultInvalidHandle;
    case PortOutcome::kTimeout:
      return kHresultWaitTimeout;
    case PortOutcome::kBufferOverflow:
      return kHresultInsufficientBuffer;
    case PortOutcome::kUnknownMessage:
      return kHresultNoWaiterForReply;
    case PortOutcome::kNoMessageCallback:
      return kHresultInvalidFunction;
  }
  return kHresultInvalidArgument;
}

}  // namespace

int32_t PortClient::Connect(const std::wstring& name, const void* context, uint16_t size,
                            std::unique_ptr<PortClient>* client, poolsim::Environment& env) {
  if (client == nullptr) return kHresultInvalidArgument;
  client->reset();
  if (context == nullptr && size != 0) return kHresultInvalidArgument;
  PortConnection* connection = nullptr;
  int32_t refusal = 0;
  const PortOutcome outcome = ports::Connect(env, name, context, size, &refusal, &connection);
  if (outcome == PortOutcome::kRefused) return HresultFromNt(refusal);
  if (outcome != PortOutcome::kSuccess) return ToHresult(outcome);
  client->reset(new PortClient(connection));
  return kHresultOk;
}

PortClient::~PortClient() { Disconnect(); }

int32_t PortClient::GetMessage(PFILTER_MESSAGE_HEADER buffer, uint32_t size,
                               std::optional<std::chrono::nanoseconds> timeout,
                               uint32_t* length) {
  if (length != nullptr) *length = 0;
  if (buffer == nullptr || size < kMessageHeader) return kHresultInvalidArgument;
  PortConnection* connection = connection_.load();
  if (connection == nullptr) return kHresultInvalidHandle;
  ports::ReceivedMessage m;
  const PortWait wait = timeout.has_value() ? PortWait::For(*timeout) : PortWait::Forever();
  const PortOutcome outcome =
      ports::GetMessage(connection, reinterpret_cast<uint8_t*>(buffer) + kMessageHeader,
                        size - kMessageHeader, wait, &m);
  if (outcome == PortOutcome::kSuccess || outcome == PortOutcome::kBufferOverflow) {
    buffer->MessageId = m.id;
    buffer->ReplyLength = m.expects_reply ? m.reply_capacity + kReplyHeader : 0;
    if (length != nullptr) *length = m.length;
  }
  return ToHresult(outcome);
}

int32_t PortClient::ReplyMessage(const FILTER_REPLY_HEADER* buffer, uint32_t size) {
  if (buffer == nullptr || size < kReplyHeader) return kHresultInvalidArgument;
  PortConnection* connection = connection_.load();
  if (connection == nullptr) return kHresultInvalidHandle;
  return ToHresult(ports::Reply(connection, buffer->MessageId, buffer->Status,
                                reinterpret_cast<const uint8_t*>(buffer) + kReplyHeader,
                                size - kReplyHeader));
}

int32_t PortClient::SendMessage(void* in, uint32_t in_size, void* out, uint32_t out_size,
                                uint32_t* bytes_returned) {
  if (bytes_returned == nullptr || (in == nullptr && in_size != 0) ||
      (out == nullptr && out_size != 0)) {
    return kHresultInvalidArgument;
  }
  *bytes_returned = 0;
  PortConnection* connection = connection_.load();
  if (connection == nullptr) return kHresultInvalidHandle;
  int32_t status = 0;
  const PortOutcome outcome =
      ports::SendToFilter(connection, in, in_size, out, out_size, bytes_returned, &status);
  if (outcome != PortOutcome::kSuccess) return ToHresult(outcome);
  return status < 0 ? HresultFromNt(status) : kHresultOk;
}

void PortClient::Disconnect() {
  PortConnection* connection = connection_.exchange(nullptr);
  if (connection != nullptr) ports::Disconnect(connection);
}

PortScanner::PortScanner(const std::wstring& name, Answer answer, const void* context,
                         uint16_t context_size, poolsim::Environment& env)
    : answer_(std::move(answer)) {
  connect_result_ = PortClient::Connect(name, context, context_size, &client_, env);
  if (connect_result_ == kHresultOk) thread_ = std::thread([this] { Run(); });
}

PortScanner::~PortScanner() { Stop(); }

void PortScanner::Stop() {
  if (client_ != nullptr) client_->Disconnect();
  if (thread_.joinable()) thread_.join();
}

void PortScanner::Run() {
  constexpr uint32_t kBuffer = 64 * 1024;
  std::vector<uint8_t> buffer(kMessageHeader + kBuffer);
  auto* header = reinterpret_cast<PFILTER_MESSAGE_HEADER>(buffer.data());
  while (true) {
    // Wake now and then: a scanner never relies on the bound of an
    // indefinite wait.
    uint32_t length = 0;
    const int32_t got = client_->GetMessage(header, static_cast<uint32_t>(buffer.size()),
                                            std::chrono::milliseconds(200), &length);
    if (got == kHresultWaitTimeout) continue;
    if (got != kHresultOk) return;  // disconnected
    messages_.fetch_add(1);
    if (header->ReplyLength == 0) continue;
    const size_t n = std::min<size_t>(length, kBuffer);  // a longer one arrives cut
    const std::vector<uint8_t> message(buffer.begin() + kMessageHeader,
                                       buffer.begin() + kMessageHeader + n);
    std::vector<uint8_t> reply = answer_(message);
    std::vector<uint8_t> out(kReplyHeader + reply.size());
    auto* reply_header = reinterpret_cast<PFILTER_REPLY_HEADER>(out.data());
    reply_header->Status = STATUS_SUCCESS;
    reply_header->MessageId = header->MessageId;
    if (!reply.empty()) std::memcpy(out.data() + kReplyHeader, reply.data(), reply.size());
    if (client_->ReplyMessage(reply_header, static_cast<uint32_t>(out.size())) == kHresultOk) {
      replies_.fetch_add(1);
    }
  }
}

}  // namespace fltctx
