/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: fltctx/wdk/ports.h
 * -----------------------------------------------------------------------------
 *
 * The WDK-named communication-port surface (compat layer): the security
 * descriptor a port is created with, server ports, the messages a filter
 * sends to a user-mode client, and the message and reply headers both sides
 * share. The client a test runs is fltctx::PortClient
 * (fltctx/testing/port_client.h). C11 and C++; reached through <fltKernel.h>.
 *
 * Every function lists the NTSTATUS values it returns and its IRQL; a call
 * above its IRQL raises fltctx.ports.irql, a pointer that is not a live port
 * fltctx.ports.not_a_port, a NULL pointer the routine reads or writes the
 * access violation (docs/bugchecks.md). The rules: docs/ports-and-ecps.md. */

#ifndef FLTCTX_WDK_PORTS_H_
#define FLTCTX_WDK_PORTS_H_

#include "fltctx/wdk/fltkernel.h"
#include "wdkhost/wdk/flt_types.h"
#include "wdkhost/wdk/objects.h"

POOLSIM_BEGIN_EXTERN_C

#ifndef STATUS_CONNECTION_COUNT_LIMIT
#define STATUS_CONNECTION_COUNT_LIMIT ((NTSTATUS)0xC0000246L)
#endif

/* What a client receives in front of each message (FilterGetMessage). */
typedef struct _FILTER_MESSAGE_HEADER {
  ULONG ReplyLength; /* bytes of the expected reply, FILTER_REPLY_HEADER included; 0: none */
  ULONGLONG MessageId;
} FILTER_MESSAGE_HEADER, *PFILTER_MESSAGE_HEADER;

/* What a client puts in front of each reply (FilterReplyMessage). */
typedef struct _FILTER_REPLY_HEADER {
  NTSTATUS Status;
  ULONGLONG MessageId;
} FILTER_REPLY_HEADER, *PFILTER_REPLY_HEADER;

/* FltBuildDefaultSecurityDescriptor: a descriptor granting DesiredAccess to
 * the system and administrators, from paged pool (tag 'FMsd').
 * STATUS_SUCCESS, STATUS_INSUFFICIENT_RESOURCES. PASSIVE_LEVEL. */
NTSTATUS FLTAPI FltBuildDefaultSecurityDescriptor(PSECURITY_DESCRIPTOR* SecurityDescriptor,
                                                  ACCESS_MASK DesiredAccess);
/* FltFreeSecurityDescriptor: frees what FltBuildDefaultSecurityDescriptor
 * returned (anything else is the pool's bad-free report). PASSIVE_LEVEL. */
VOID FLTAPI FltFreeSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor);

/* FltCreateCommunicationPort: a named server port clients connect to.
 * STATUS_SUCCESS; STATUS_INVALID_PARAMETER (NULL filter or callback,
 * MaxConnections <= 0, a malformed OBJECT_ATTRIBUTES: Length, RootDirectory,
 * undefined or missing OBJ_KERNEL_HANDLE attributes); STATUS_OBJECT_NAME_INVALID
 * (no name), STATUS_OBJECT_PATH_SYNTAX_BAD (not starting with a backslash),
 * STATUS_OBJECT_NAME_COLLISION (the name exists), STATUS_INSUFFICIENT_RESOURCES.
 * PASSIVE_LEVEL. */
NTSTATUS FLTAPI FltCreateCommunicationPort(PFLT_FILTER Filter, PFLT_PORT* ServerPort,
                                           POBJECT_ATTRIBUTES ObjectAttributes,
                                           PVOID ServerPortCookie,
                                           PFLT_CONNECT_NOTIFY ConnectNotifyCallback,
                                           PFLT_DISCONNECT_NOTIFY DisconnectNotifyCallback,
                                           PFLT_MESSAGE_NOTIFY MessageNotifyCallback,
                                           LONG MaxConnections);
/* FltCloseCommunicationPort: no new connections; existing ones stay.
 * PASSIVE_LEVEL. */
VOID FLTAPI FltCloseCommunicationPort(PFLT_PORT ServerPort);
/* FltSendMessage: sends SenderBuffer to the client of *ClientPort and waits
 * until it takes the message, or, with ReplyBuffer, until it replies
 * (*ReplyLength: in, the buffer's size; out, the bytes received).
 * STATUS_SUCCESS; STATUS_TIMEOUT (a success code: nobody took it or replied
 * within *Timeout, 100 ns units, negative relative, positive absolute since
 * 1601; NULL waits, bounded by the simulator); STATUS_PORT_DISCONNECTED
 * (*ClientPort NULL or closed at either end); STATUS_BUFFER_OVERFLOW (the
 * reply is longer than *ReplyLength); STATUS_INSUFFICIENT_RESOURCES;
 * STATUS_INVALID_PARAMETER (NULL or foreign Filter). IRQL <= APC_LEVEL. */
NTSTATUS FLTAPI FltSendMessage(PFLT_FILTER Filter, PFLT_PORT* ClientPort, PVOID SenderBuffer,
                               ULONG SenderBufferLength, PVOID ReplyBuffer, PULONG ReplyLength,
                               PLARGE_INTEGER Timeout);
/* FltCloseClientPort: closes the filter's end of a connection and sets
 * *ClientPort to NULL (NULL already: nothing happens). PASSIVE_LEVEL. */
VOID FLTAPI FltCloseClientPort(PFLT_FILTER Filter, PFLT_PORT* ClientPort);

POOLSIM_END_EXTERN_C

#endif /* FLTCTX_WDK_PORTS_H_ */
