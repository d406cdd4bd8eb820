// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of the communication-port routines
// (fltctx/wdk/ports.h).

#include <cstdint>
#include <memory>

#include "fltctx/testing/port_client.h"
#include <fltKernel.h>
#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;

uintptr_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

NTSTATUS FLTAPI Accept(PFLT_PORT, PVOID, PVOID, ULONG, PVOID* cookie) {
  *cookie = nullptr;
  return STATUS_SUCCESS;
}
VOID FLTAPI Disconnected(PVOID) {}

// A filter with a server port "\\MisusePort"; Connect() adds a client whose
// connection's filter end is client_port_.
class Ports : public MisuseMatrix {
 protected:
  static PFLT_PORT* saved_client() {
    static PFLT_PORT port = nullptr;
    return &port;
  }
  static NTSTATUS FLTAPI Keep(PFLT_PORT client, PVOID, PVOID, ULONG, PVOID* cookie) {
    *saved_client() = client;
    *cookie = nullptr;
    return STATUS_SUCCESS;
  }
  PFLT_PORT Create(const wchar_t* name = L"\\MisusePort") {
    RtlInitUnicodeString(&name_, name);
    InitializeObjectAttributes(&oa_, &name_, OBJ_KERNEL_HANDLE, nullptr, nullptr);
    PFLT_PORT port = nullptr;
    EXPECT_EQ(FltCreateCommunicationPort(Filter(), &port, &oa_, nullptr, Keep, Disconnected,
                                         nullptr, 1),
              STATUS_SUCCESS);
    return port;
  }
  PFLT_PORT Connect() {
    server_ = Create();
    *saved_client() = nullptr;
    EXPECT_EQ(fltctx::PortClient::Connect(L"\\MisusePort", nullptr, 0, &client_), 0);
    return *saved_client();
  }
  void TearDown() override {
    if (client_ != nullptr) client_.reset();
    if (*saved_client() != nullptr) FltCloseClientPort(Filter(), saved_client());
    if (server_ != nullptr) FltCloseCommunicationPort(server_);
    MisuseMatrix::TearDown();
  }
  UNICODE_STRING name_ = {};
  OBJECT_ATTRIBUTES oa_ = {};
  PFLT_PORT server_ = nullptr;
  std::unique_ptr<fltctx::PortClient> client_;
};

#define PORTS_CASE(api, input_class)                                           \
  static const bool misuse_registered_##api##_##input_class [[maybe_unused]] = \
      ::misuse::RegisterCase(#api, #input_class);                              \
  TEST_F(Ports, api##_##input_class)

// Security descriptors.

PORTS_CASE(FltBuildDefaultSecurityDescriptor, NullArgument) {
  EXPECT_ONLY_BUGCHECK(FltBuildDefaultSecurityDescriptor(nullptr, FLT_PORT_ALL_ACCESS), 0x1E,
                       {kAccessViolation});
}

PORTS_CASE(FltBuildDefaultSecurityDescriptor, AtDispatch) {
  PSECURITY_DESCRIPTOR sd = reinterpret_cast<PSECURITY_DESCRIPTOR>(1);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS), 0x0A,
                         {Address(&sd), DISPATCH_LEVEL});
  });
  EXPECT_EQ(sd, reinterpret_cast<PSECURITY_DESCRIPTOR>(1)) << "nothing written";
}

PORTS_CASE(FltFreeSecurityDescriptor, NullAndTwice) {
  EXPECT_ONLY_BUGCHECK(FltFreeSecurityDescriptor(nullptr), 0x1E, {kAccessViolation});
  PSECURITY_DESCRIPTOR sd = nullptr;
  ASSERT_EQ(FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS), STATUS_SUCCESS);
  FltFreeSecurityDescriptor(sd);
  // The second free is the pool's double-free report.
  EXPECT_ONLY_BUGCHECK(FltFreeSecurityDescriptor(sd), 0xC2);
}

PORTS_CASE(FltFreeSecurityDescriptor, AtDispatch) {
  PSECURITY_DESCRIPTOR sd = nullptr;
  ASSERT_EQ(FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS), STATUS_SUCCESS);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltFreeSecurityDescriptor(sd), 0x0A, {Address(sd), DISPATCH_LEVEL});
  });
  FltFreeSecurityDescriptor(sd);  // still live: the call above changed nothing
}

// Server ports.

PORTS_CASE(FltCreateCommunicationPort, NullArguments) {
  RtlInitUnicodeString(&name_, L"\\MisusePort");
  InitializeObjectAttributes(&oa_, &name_, OBJ_KERNEL_HANDLE, nullptr, nullptr);
  PFLT_PORT port = reinterpret_cast<PFLT_PORT>(1);
  EXPECT_EQ(FltCreateCommunicationPort(nullptr, &port, &oa_, nullptr, Accept, Disconnected,
                                       nullptr, 1),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(port, nullptr);
  EXPECT_ONLY_BUGCHECK(FltCreateCommunicationPort(Filter(), nullptr, &oa_, nullptr, Accept,
                                                  Disconnected, nullptr, 1),
                       0x1E, {kAccessViolation});
  EXPECT_ONLY_BUGCHECK(FltCreateCommunicationPort(Filter(), &port, nullptr, nullptr, Accept,
                                                  Disconnected, nullptr, 1),
                       0x1E, {kAccessViolation});
  EXPECT_EQ(FltCreateCommunicationPort(Filter(), &port, &oa_, nullptr, nullptr, Disconnected,
                                       nullptr, 1),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(FltCreateCommunicationPort(Filter(), &port, &oa_, nullptr, Accept, nullptr, nullptr,
                                       1),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(port, nullptr);
}

PORTS_CASE(FltCreateCommunicationPort, BadAttributesAndCounts) {
  PFLT_PORT port = nullptr;
  auto create = [&](LONG max) {
    return FltCreateCommunicationPort(Filter(), &port, &oa_, nullptr, Accept, Disconnected,
                                      nullptr, max);
  };
  RtlInitUnicodeString(&name_, L"\\MisusePort");
  InitializeObjectAttributes(&oa_, &name_, OBJ_KERNEL_HANDLE, nullptr, nullptr);
  EXPECT_EQ(create(0), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(create(-1), STATUS_INVALID_PARAMETER);
  oa_.Attributes = 0;  // OBJ_KERNEL_HANDLE is required
  EXPECT_EQ(create(1), STATUS_INVALID_PARAMETER);
  oa_.Attributes = OBJ_KERNEL_HANDLE | 0x80000000;  // undefined
  EXPECT_EQ(create(1), STATUS_INVALID_PARAMETER);
  oa_.Attributes = OBJ_KERNEL_HANDLE;
  oa_.Length = 1;
  EXPECT_EQ(create(1), STATUS_INVALID_PARAMETER);
  oa_.Length = sizeof(oa_);
  oa_.RootDirectory = reinterpret_cast<HANDLE>(4);
  EXPECT_EQ(create(1), STATUS_INVALID_PARAMETER);
  oa_.RootDirectory = nullptr;
  oa_.ObjectName = nullptr;
  EXPECT_EQ(create(1), STATUS_OBJECT_NAME_INVALID);
  UNICODE_STRING relative;
  RtlInitUnicodeString(&relative, L"NoBackslash");
  oa_.ObjectName = &relative;
  EXPECT_EQ(create(1), STATUS_OBJECT_PATH_SYNTAX_BAD);
  EXPECT_EQ(port, nullptr);
}

PORTS_CASE(FltCreateCommunicationPort, NameTakenAndForeignFilter) {
  server_ = Create();
  PFLT_PORT port = reinterpret_cast<PFLT_PORT>(1);
  EXPECT_EQ(FltCreateCommunicationPort(Filter(), &port, &oa_, nullptr, Accept, Disconnected,
                                       nullptr, 1),
            STATUS_OBJECT_NAME_COLLISION);
  EXPECT_EQ(port, nullptr);
  int not_a_filter = 0;
  EXPECT_ONLY_BUGCHECK(
      FltCreateCommunicationPort(reinterpret_cast<PFLT_FILTER>(&not_a_filter), &port, &oa_,
                                 nullptr, Accept, Disconnected, nullptr, 1),
      0x1E, {kAccessViolation, 0, 0, Address(&not_a_filter)});
}

PORTS_CASE(FltCreateCommunicationPort, AtApcLevel) {
  RtlInitUnicodeString(&name_, L"\\MisusePort");
  InitializeObjectAttributes(&oa_, &name_, OBJ_KERNEL_HANDLE, nullptr, nullptr);
  PFLT_PORT port = nullptr;
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltCreateCommunicationPort(Filter(), &port, &oa_, nullptr, Accept,
                                                    Disconnected, nullptr, 1),
                         0x0A, {Address(Filter()), APC_LEVEL});
  });
  EXPECT_EQ(port, nullptr);
}

PORTS_CASE(FltCloseCommunicationPort, NullForeignAndTwice) {
  EXPECT_ONLY_BUGCHECK(FltCloseCommunicationPort(nullptr), 0x1E, {kAccessViolation});
  int not_a_port = 0;
  EXPECT_ONLY_BUGCHECK(FltCloseCommunicationPort(reinterpret_cast<PFLT_PORT>(&not_a_port)), 0x1E,
                       {kAccessViolation, 0, 0, Address(&not_a_port)});
  PFLT_PORT port = Create();
  FltCloseCommunicationPort(port);
  EXPECT_ONLY_BUGCHECK(FltCloseCommunicationPort(port), 0x1E,
                       {kAccessViolation, 0, 0, Address(port)});
}

PORTS_CASE(FltCloseCommunicationPort, ClientPortAndAtDispatch) {
  PFLT_PORT client = Connect();
  ASSERT_NE(client, nullptr);
  EXPECT_ONLY_BUGCHECK(FltCloseCommunicationPort(client), 0x1E,
                       {kAccessViolation, 0, 0, Address(client)});
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltCloseCommunicationPort(server_), 0x0A,
                         {Address(server_), DISPATCH_LEVEL});
  });
}

// Messages.

PORTS_CASE(FltSendMessage, NullArguments) {
  PFLT_PORT client = Connect();
  char message[4] = {};
  char reply[4] = {};
  ULONG reply_length = sizeof(reply);
  EXPECT_EQ(FltSendMessage(nullptr, &client, message, 4, nullptr, nullptr, nullptr),
            STATUS_INVALID_PARAMETER);
  EXPECT_ONLY_BUGCHECK(FltSendMessage(Filter(), nullptr, message, 4, nullptr, nullptr, nullptr),
                       0x1E, {kAccessViolation});
  EXPECT_ONLY_BUGCHECK(FltSendMessage(Filter(), &client, nullptr, 4, nullptr, nullptr, nullptr),
                       0x1E, {kAccessViolation});
  EXPECT_ONLY_BUGCHECK(FltSendMessage(Filter(), &client, message, 4, reply, nullptr, nullptr),
                       0x1E, {kAccessViolation});
  // A variable FltCloseClientPort already cleared.
  PFLT_PORT closed = nullptr;
  EXPECT_EQ(FltSendMessage(Filter(), &closed, message, 4, reply, &reply_length, nullptr),
            STATUS_PORT_DISCONNECTED);
}

PORTS_CASE(FltSendMessage, NotAClientPort) {
  PFLT_PORT client = Connect();
  ASSERT_NE(client, nullptr);
  char message[4] = {};
  LARGE_INTEGER none = {};
  EXPECT_ONLY_BUGCHECK(FltSendMessage(Filter(), &server_, message, 4, nullptr, nullptr, &none),
                       0x1E, {kAccessViolation, 0, 0, Address(server_)});
  // Closed at the client: the send fails, nothing waits.
  client_->Disconnect();
  EXPECT_EQ(FltSendMessage(Filter(), &client, message, 4, nullptr, nullptr, &none),
            STATUS_PORT_DISCONNECTED);
}

PORTS_CASE(FltSendMessage, AtDispatch) {
  PFLT_PORT client = Connect();
  char message[4] = {};
  LARGE_INTEGER none = {};
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltSendMessage(Filter(), &client, message, 4, nullptr, nullptr, &none),
                         0x0A, {Address(&client), DISPATCH_LEVEL});
  });
  // APC_LEVEL is allowed: nobody waits, so a zero timeout times out.
  AtIrql(APC_LEVEL, [&] {
    EXPECT_EQ(FltSendMessage(Filter(), &client, message, 4, nullptr, nullptr, &none),
              STATUS_TIMEOUT);
  });
}

PORTS_CASE(FltCloseClientPort, NullForeignAndTwice) {
  EXPECT_ONLY_BUGCHECK(FltCloseClientPort(Filter(), nullptr), 0x1E, {kAccessViolation});
  PFLT_PORT cleared = nullptr;
  FltCloseClientPort(Filter(), &cleared);  // nothing to close
  int not_a_port = 0;
  PFLT_PORT foreign = reinterpret_cast<PFLT_PORT>(&not_a_port);
  EXPECT_ONLY_BUGCHECK(FltCloseClientPort(Filter(), &foreign), 0x1E,
                       {kAccessViolation, 0, 0, Address(&not_a_port)});
  EXPECT_EQ(foreign, reinterpret_cast<PFLT_PORT>(&not_a_port)) << "left as it was";
  PFLT_PORT client = Connect();
  PFLT_PORT copy = client;
  FltCloseClientPort(Filter(), saved_client());
  EXPECT_EQ(*saved_client(), nullptr);
  // A stale copy of the closed port.
  EXPECT_ONLY_BUGCHECK(FltCloseClientPort(Filter(), &copy), 0x1E,
                       {kAccessViolation, 0, 0, Address(client)});
}

PORTS_CASE(FltCloseClientPort, AtDispatch) {
  Connect();
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltCloseClientPort(Filter(), saved_client()), 0x0A,
                         {Address(saved_client()), DISPATCH_LEVEL});
  });
  EXPECT_NE(*saved_client(), nullptr) << "still open";
}

}  // namespace
}  // namespace misuse
