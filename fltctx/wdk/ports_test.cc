// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/ports_test.cc
// -----------------------------------------------------------------------------
//
// Communication ports through the WDK names as a driver calls them: the C11
// scanning filter (testdata/ports_scan_filter.c) against the test-side client
// (fltctx/testing/port_client.h): a scanner thread that answers, refusals,
// connection limits, timeouts, the bound on indefinite waits, reply sizes,
// messages from the client, leaks at unload, and the error-path sweep.

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "fltctx/filter_manager.h"
#include "fltctx/ports.h"
#include "fltctx/testing/port_client.h"
#include "fltctx/wdk/testdata/ports_scan_filter.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/fault_sweep.h"

namespace {

using fltctx::HresultFromNt;
using fltctx::PortClient;
using fltctx::PortScanner;
using std::chrono::milliseconds;

constexpr wchar_t kPort[] = L"\\ScanPort";
const SCAN_CONNECT_CONTEXT kContext = {SCAN_CONNECT_MAGIC};

std::vector<uint8_t> Verdict(const std::vector<uint8_t>& message) {
  SCAN_REQUEST request = {};
  std::memcpy(&request, message.data(), std::min(message.size(), sizeof(request)));
  const bool infected = request.Length > 0 && request.Contents[0] == 'X';
  return {static_cast<uint8_t>(infected ? 0 : 1)};
}

class PortsTest : public ::testing::Test {
 public:
  static poolsim::Options EnvOptions() {
    poolsim::Options o;
    o.backend = poolsim::Backend::kSystem;
    return o;
  }
  void SetUp() override {
    ScanReset();
    env_.SetBugCheckHandler([this](const poolsim::BugCheck& b) { bug_checks_.push_back(b); });
    ASSERT_EQ(ScanDriverEntry(kPort, 1, &filter_), STATUS_SUCCESS);
  }
  void TearDown() override {
    if (filter_ != nullptr) ScanUnload(0);
    fm_.reset();
    EXPECT_TRUE(bug_checks_.empty()) << bug_checks_.front().description;
  }
  // Leaked ports in the report (kind "communication port").
  std::vector<poolsim::LeakedObject> LeakedPorts() const {
    std::vector<poolsim::LeakedObject> out;
    for (const auto& o : env_.LeakedObjects()) {
      if (o.kind == "communication port") out.push_back(o);
    }
    return out;
  }
  void Unload() {
    ScanUnload(0);
    filter_ = nullptr;
  }

  poolsim::Environment env_{EnvOptions()};
  poolsim::ScopedEnvironment install_env_{&env_};
  std::unique_ptr<fltctx::FilterManager> fm_ = std::make_unique<fltctx::FilterManager>(env_);
  fltctx::ScopedFilterManager install_fm_{fm_.get()};
  PFLT_FILTER filter_ = nullptr;
  std::vector<poolsim::BugCheck> bug_checks_;
};

TEST_F(PortsTest, ScannerThreadAnswersEachScan) {
  PortScanner scanner(kPort, Verdict, &kContext, sizeof(kContext));
  ASSERT_EQ(scanner.connect_result(), fltctx::kHresultOk);
  EXPECT_EQ(ScanConnects(), 1);
  UCHAR clean = 9;
  EXPECT_EQ(ScanContents("hello", 5000, &clean), STATUS_SUCCESS);
  EXPECT_EQ(clean, 1);
  EXPECT_EQ(ScanContents("X5O!P%@AP", -1, &clean), STATUS_SUCCESS);
  EXPECT_EQ(clean, 0);
  EXPECT_EQ(scanner.messages(), 2u);
  scanner.Stop();
  EXPECT_EQ(scanner.replies(), 2u);
  EXPECT_EQ(ScanDisconnects(), 1);
  EXPECT_EQ(ScanClientPort(), nullptr) << "the disconnect callback closed it";
  Unload();
  EXPECT_TRUE(LeakedPorts().empty());
  EXPECT_TRUE(env_.LiveBlocks().empty());
}

TEST_F(PortsTest, MessageAndReplyHeadersHaveTheDocumentedLayout) {
  static_assert(sizeof(FILTER_MESSAGE_HEADER) == 16, "ULONG, then a ULONGLONG");
  static_assert(sizeof(FILTER_REPLY_HEADER) == 16, "NTSTATUS, then a ULONGLONG");
  std::unique_ptr<PortClient> client;
  ASSERT_EQ(PortClient::Connect(kPort, &kContext, sizeof(kContext), &client), 0);
  NTSTATUS sent = 0;
  UCHAR clean = 9;
  std::thread filter([&] { sent = ScanContents("abc", 5000, &clean); });
  struct {
    FILTER_MESSAGE_HEADER header;
    SCAN_REQUEST request;
  } message = {};
  uint32_t length = 0;
  ASSERT_EQ(client->GetMessage(&message.header, sizeof(message), milliseconds(5000), &length), 0);
  EXPECT_EQ(length, sizeof(SCAN_REQUEST));
  EXPECT_EQ(message.header.ReplyLength, sizeof(FILTER_REPLY_HEADER) + sizeof(SCAN_REPLY));
  EXPECT_NE(message.header.MessageId, 0u);
  EXPECT_EQ(message.request.Length, 3u);
  EXPECT_EQ(std::memcmp(message.request.Contents, "abc", 3), 0);
  struct {
    FILTER_REPLY_HEADER header;
    SCAN_REPLY reply;
  } reply = {};
  reply.header.MessageId = message.header.MessageId;
  reply.reply.Clean = 0;
  // The documented size: the header plus the data, not the padded struct.
  ASSERT_EQ(client->ReplyMessage(&reply.header, sizeof(FILTER_REPLY_HEADER) + sizeof(SCAN_REPLY)),
            0);
  filter.join();
  EXPECT_EQ(sent, STATUS_SUCCESS);
  EXPECT_EQ(clean, 0);
  // Answering twice: nobody waits for it any more.
  EXPECT_EQ(client->ReplyMessage(&reply.header, sizeof(FILTER_REPLY_HEADER) + 1),
            fltctx::kHresultNoWaiterForReply);
}

TEST_F(PortsTest, ReplyLongerThanTheFiltersBufferOverflows) {
  std::unique_ptr<PortClient> client;
  ASSERT_EQ(PortClient::Connect(kPort, &kContext, sizeof(kContext), &client), 0);
  NTSTATUS sent = 0;
  UCHAR clean = 9;
  std::thread filter([&] { sent = ScanContents("abc", 5000, &clean); });
  struct {
    FILTER_MESSAGE_HEADER header;
    SCAN_REQUEST request;
  } message = {};
  ASSERT_EQ(client->GetMessage(&message.header, sizeof(message), milliseconds(5000)), 0);
  struct {
    FILTER_REPLY_HEADER header;
    UCHAR bytes[8];
  } reply = {};
  reply.header.MessageId = message.header.MessageId;
  // sizeof(reply) counts padding and more than the SCAN_REPLY the filter takes.
  EXPECT_EQ(client->ReplyMessage(&reply.header, sizeof(reply)),
            fltctx::kHresultInsufficientBuffer);
  filter.join();
  EXPECT_EQ(sent, STATUS_BUFFER_OVERFLOW);
}

TEST_F(PortsTest, ConnectCallbackRefusesAndNothingRemains) {
  std::unique_ptr<PortClient> client;
  const SCAN_CONNECT_CONTEXT wrong = {0};
  EXPECT_EQ(PortClient::Connect(kPort, &wrong, sizeof(wrong), &client),
            HresultFromNt(STATUS_ACCESS_DENIED));
  EXPECT_EQ(client, nullptr);
  ScanSetRefusal(STATUS_INSUFFICIENT_RESOURCES);
  EXPECT_EQ(PortClient::Connect(kPort, &kContext, sizeof(kContext), &client),
            HresultFromNt(STATUS_INSUFFICIENT_RESOURCES));
  EXPECT_EQ(ScanConnects(), 0);
  EXPECT_EQ(ScanDisconnects(), 0) << "no disconnect for a refused connection";
  EXPECT_TRUE(LeakedPorts().size() == 1 && LeakedPorts()[0].type_name.find("server") !=
                                               std::string::npos)
      << "only the (open) server port is live";
  ScanSetRefusal(STATUS_SUCCESS);
  EXPECT_EQ(PortClient::Connect(kPort, &kContext, sizeof(kContext), &client), 0);
}

TEST_F(PortsTest, NamesAndConnectionLimit) {
  std::unique_ptr<PortClient> first, second;
  EXPECT_EQ(PortClient::Connect(L"\\NoSuchPort", &kContext, sizeof(kContext), &first),
            fltctx::kHresultFileNotFound);
  // Created with OBJ_CASE_INSENSITIVE.
  ASSERT_EQ(PortClient::Connect(L"\\scanport", &kContext, sizeof(kContext), &first), 0);
  EXPECT_EQ(PortClient::Connect(kPort, &kContext, sizeof(kContext), &second),
            HresultFromNt(STATUS_CONNECTION_COUNT_LIMIT));
  first->Disconnect();
  EXPECT_EQ(ScanDisconnects(), 1);
  EXPECT_EQ(PortClient::Connect(kPort, &kContext, sizeof(kContext), &second), 0);
  // A second port of the same name.
  UNICODE_STRING name;
  RtlInitUnicodeString(&name, L"\\SCANPORT");
  OBJECT_ATTRIBUTES oa;
  InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, nullptr, nullptr);
  PFLT_PORT port = reinterpret_cast<PFLT_PORT>(1);
  EXPECT_EQ(FltCreateCommunicationPort(
                filter_, &port, &oa, nullptr,
                [](PFLT_PORT, PVOID, PVOID, ULONG, PVOID*) -> NTSTATUS { return 0; },
                [](PVOID) {}, nullptr, 1),
            STATUS_OBJECT_NAME_COLLISION);
  EXPECT_EQ(port, nullptr);
}

TEST_F(PortsTest, TimeoutWhenTheClientIsSlow) {
  std::unique_ptr<PortClient> client;
  ASSERT_EQ(PortClient::Connect(kPort, &kContext, sizeof(kContext), &client), 0);
  UCHAR clean = 9;
  // Nobody takes the message.
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(ScanContents("abc", 50, &clean), STATUS_TIMEOUT);
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(50));
  EXPECT_EQ(clean, 1) << "the filter's default verdict";
  // A zero timeout delivers only to a client already waiting.
  EXPECT_EQ(ScanNotify("abc", 0), STATUS_TIMEOUT);
  // Taken, never answered.
  NTSTATUS sent = 0;
  std::thread filter([&] { sent = ScanContents("abc", 100, &clean); });
  struct {
    FILTER_MESSAGE_HEADER header;
    SCAN_REQUEST request;
  } message = {};
  ASSERT_EQ(client->GetMessage(&message.header, sizeof(message), milliseconds(5000)), 0);
  filter.join();
  EXPECT_EQ(sent, STATUS_TIMEOUT);
  FILTER_REPLY_HEADER late = {0, message.header.MessageId};
  EXPECT_EQ(client->ReplyMessage(&late, sizeof(late)), fltctx::kHresultNoWaiterForReply);
  // The messages that timed out are gone: nothing is left to get.
  EXPECT_EQ(client->GetMessage(&message.header, sizeof(message), milliseconds(10)),
            fltctx::kHresultWaitTimeout);
}

TEST_F(PortsTest, IndefiniteWaitIsBoundedSoTheTestCannotHang) {
  const auto saved = fltctx::InfiniteWaitBound();
  fltctx::SetInfiniteWaitBound(milliseconds(100));
  std::unique_ptr<PortClient> client;
  ASSERT_EQ(PortClient::Connect(kPort, &kContext, sizeof(kContext), &client), 0);
  const uint64_t before = fltctx::InfiniteWaitsBounded();
  UCHAR clean = 9;
  EXPECT_EQ(ScanContents("abc", -1, &clean), STATUS_TIMEOUT);
  EXPECT_EQ(fltctx::InfiniteWaitsBounded(), before + 1);
  fltctx::SetInfiniteWaitBound(saved);
}

TEST_F(PortsTest, NotificationWithoutReply) {
  std::unique_ptr<PortClient> client;
  ASSERT_EQ(PortClient::Connect(kPort, &kContext, sizeof(kContext), &client), 0);
  struct {
    FILTER_MESSAGE_HEADER header;
    SCAN_REQUEST request;
  } message = {};
  int32_t got = -1;
  std::thread user([&] { got = client->GetMessage(&message.header, sizeof(message)); });
  EXPECT_EQ(ScanNotify("note", 5000), STATUS_SUCCESS);
  user.join();
  EXPECT_EQ(got, 0);
  EXPECT_EQ(message.header.ReplyLength, 0u) << "no reply expected";
  EXPECT_EQ(message.request.Length, 4u);
}

TEST_F(PortsTest, ClientDisconnectFailsThePendingSend) {
  std::unique_ptr<PortClient> client;
  ASSERT_EQ(PortClient::Connect(kPort, &kContext, sizeof(kContext), &client), 0);
  NTSTATUS sent = 0;
  UCHAR clean = 9;
  std::thread filter([&] { sent = ScanContents("abc", 5000, &clean); });
  struct {
    FILTER_MESSAGE_HEADER header;
    SCAN_REQUEST request;
  } message = {};
  ASSERT_EQ(client->GetMessage(&message.header, sizeof(message), milliseconds(5000)), 0);
  client->Disconnect();
  filter.join();
  EXPECT_EQ(sent, STATUS_PORT_DISCONNECTED);
  EXPECT_EQ(ScanDisconnects(), 1);
  EXPECT_EQ(client->GetMessage(&message.header, sizeof(message)), fltctx::kHresultInvalidHandle);
}

TEST_F(PortsTest, ClientSendsToTheMessageCallback) {
  std::unique_ptr<PortClient> client;
  ASSERT_EQ(PortClient::Connect(kPort, &kContext, sizeof(kContext), &client), 0);
  char in[4] = {'p', 'i', 'n', 'g'};
  char out[8] = {};
  uint32_t returned = 99;
  EXPECT_EQ(client->SendMessage(in, 4, out, sizeof(out), &returned), 0);
  EXPECT_EQ(returned, 4u);
  EXPECT_EQ(std::string(out, 4), "pong");
  EXPECT_EQ(client->SendMessage(in, 4, out, 2, &returned), HresultFromNt(STATUS_BUFFER_TOO_SMALL));
  EXPECT_EQ(returned, 0u);
  EXPECT_EQ(ScanClientMessages(), 2);
}

TEST_F(PortsTest, ServerPortNeverClosedIsReportedWithItsStack) {
  ScanSetCloseServerPortAtUnload(FALSE);
  Unload();
  const auto leaked = LeakedPorts();
  ASSERT_EQ(leaked.size(), 1u);
  EXPECT_EQ(leaked[0].type_name, "FLT_PORT (server port)");
  EXPECT_NE(leaked[0].attached_to.find("\\ScanPort (never closed)"), std::string::npos);
  EXPECT_NE(leaked[0].stack, poolsim::kNoStack);
  EXPECT_EQ(leaked[0].tag, poolsim::PoolTag(fltctx::kServerPortTag));
  // Clients can no longer connect to a port whose filter is gone.
  std::unique_ptr<PortClient> client;
  EXPECT_EQ(PortClient::Connect(kPort, &kContext, sizeof(kContext), &client),
            fltctx::kHresultFileNotFound);
  FltCloseCommunicationPort(reinterpret_cast<PFLT_PORT>(leaked[0].address));
  EXPECT_TRUE(LeakedPorts().empty());
}

TEST_F(PortsTest, ClientPortLeftOpenAtUnloadIsReported) {
  ScanSetCloseOnDisconnect(FALSE);
  std::unique_ptr<PortClient> client;
  ASSERT_EQ(PortClient::Connect(kPort, &kContext, sizeof(kContext), &client), 0);
  Unload();
  EXPECT_EQ(ScanDisconnects(), 1) << "the filter manager disconnects clients at unload";
  const auto leaked = LeakedPorts();
  ASSERT_EQ(leaked.size(), 1u);
  EXPECT_EQ(leaked[0].type_name, "FLT_PORT (client port)");
  EXPECT_NE(leaked[0].attached_to.find("(left open at unload)"), std::string::npos);
  EXPECT_NE(leaked[0].stack, poolsim::kNoStack);
  FILTER_MESSAGE_HEADER header;
  EXPECT_EQ(client->GetMessage(&header, sizeof(header)), fltctx::kHresultInvalidHandle);
}

TEST_F(PortsTest, ClientPortNeverClosedIsReported) {
  ScanSetCloseOnDisconnect(FALSE);
  std::unique_ptr<PortClient> client;
  ASSERT_EQ(PortClient::Connect(kPort, &kContext, sizeof(kContext), &client), 0);
  client->Disconnect();
  EXPECT_EQ(ScanDisconnects(), 1);
  const auto leaked = LeakedPorts();
  ASSERT_EQ(leaked.size(), 2u);  // the server port too: the filter still runs
  PFLT_PORT port = ScanClientPort();
  FltCloseClientPort(filter_, &port);
  EXPECT_EQ(port, nullptr);
  EXPECT_EQ(LeakedPorts().size(), 1u);
}

TEST_F(PortsTest, AllocationsFailAsOnWindows) {
  // The message copy.
  std::unique_ptr<PortClient> client;
  ASSERT_EQ(PortClient::Connect(kPort, &kContext, sizeof(kContext), &client), 0);
  poolsim::Options o = EnvOptions();
  o.faults.mode = poolsim::FaultMode::kRandom;
  o.faults.probability = 10000;  // every call of the tags below fails
  o.faults.tags = {"FMpm"};
  env_.Reconfigure(o);
  UCHAR clean = 9;
  EXPECT_EQ(ScanContents("abc", 10, &clean), STATUS_INSUFFICIENT_RESOURCES);
  // The client port and the server port.
  client.reset();
  o.faults.tags = {"FMcp"};
  env_.Reconfigure(o);
  EXPECT_EQ(PortClient::Connect(kPort, &kContext, sizeof(kContext), &client),
            fltctx::kHresultOutOfMemory);
  EXPECT_EQ(ScanConnects(), 1) << "the callback never ran for the failed connect";
  ScanUnload(0);
  filter_ = nullptr;
  o.faults.tags = {"FMsp"};
  env_.Reconfigure(o);
  EXPECT_EQ(ScanDriverEntry(kPort, 1, &filter_), STATUS_INSUFFICIENT_RESOURCES);
  EXPECT_EQ(filter_, nullptr);
  env_.Reconfigure(EnvOptions());
}

// Every injection point of a whole session (load, connect, scan, disconnect,
// unload) leaves nothing behind.
TEST(PortsSweepTest, ErrorPathsAreClean) {
  poolsim::SweepOptions options;
  options.base.backend = poolsim::Backend::kSystem;
  const poolsim::SweepResult r = poolsim::SweepFaults(
      [] {
        ScanReset();
        fltctx::FilterManager fm(poolsim::Ambient());
        fltctx::ScopedFilterManager install(&fm);
        PFLT_FILTER filter = nullptr;
        if (!NT_SUCCESS(ScanDriverEntry(kPort, 1, &filter))) return;
        {
          PortScanner scanner(kPort, Verdict, &kContext, sizeof(kContext));
          UCHAR clean = 0;
          ScanContents("hello", 5000, &clean);
        }
        ScanUnload(0);
      },
      options);
  EXPECT_GE(r.injection_points, 5u);
  EXPECT_TRUE(r.clean()) << r.failures.size() << " failing runs, first at injection "
                         << r.failures.front().injection;
}

}  // namespace
