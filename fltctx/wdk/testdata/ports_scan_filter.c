/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: fltctx/wdk/testdata/ports_scan_filter.c
 * -----------------------------------------------------------------------------
 *
 * The scanning minifilter's port half (ports_scan_filter.h), in C11. */

#include "fltctx/wdk/testdata/ports_scan_filter.h"

#include <string.h>

#define SCAN_TAG 'nacS'

static PFLT_FILTER g_filter;
static PFLT_PORT g_server_port;
static PFLT_PORT g_client_port;
static NTSTATUS g_refusal;
static BOOLEAN g_close_on_disconnect = TRUE;
static BOOLEAN g_close_server_at_unload = TRUE;
static volatile LONG g_connects;
static volatile LONG g_disconnects;
static volatile LONG g_client_messages;
static ULONG g_cookie_value = 0x434F4F4BUL;

static NTSTATUS FLTAPI ScanConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie,
                                   PVOID ConnectionContext, ULONG SizeOfContext,
                                   PVOID* ConnectionCookie) {
  UNREFERENCED_PARAMETER(ServerPortCookie);
  if (!NT_SUCCESS(g_refusal)) return g_refusal;
  if (ConnectionContext == NULL || SizeOfContext < sizeof(SCAN_CONNECT_CONTEXT) ||
      ((SCAN_CONNECT_CONTEXT*)ConnectionContext)->Magic != SCAN_CONNECT_MAGIC) {
    return STATUS_ACCESS_DENIED;
  }
  g_client_port = ClientPort;
  *ConnectionCookie = &g_cookie_value;
  InterlockedIncrement(&g_connects);
  return STATUS_SUCCESS;
}

static VOID FLTAPI ScanDisconnect(PVOID ConnectionCookie) {
  if (ConnectionCookie != &g_cookie_value) return;
  InterlockedIncrement(&g_disconnects);
  if (g_close_on_disconnect) FltCloseClientPort(g_filter, &g_client_port);
}

static NTSTATUS FLTAPI ScanMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                                   PVOID OutputBuffer, ULONG OutputBufferLength,
                                   PULONG ReturnOutputBufferLength) {
  if (PortCookie != &g_cookie_value) return STATUS_INVALID_PARAMETER;
  InterlockedIncrement(&g_client_messages);
  *ReturnOutputBufferLength = 0;
  if (InputBuffer == NULL || InputBufferLength != 4 || memcmp(InputBuffer, "ping", 4) != 0) {
    return STATUS_INVALID_PARAMETER;
  }
  if (OutputBuffer == NULL || OutputBufferLength < 4) return STATUS_BUFFER_TOO_SMALL;
  memcpy(OutputBuffer, "pong", 4);
  *ReturnOutputBufferLength = 4;
  return STATUS_SUCCESS;
}

static const FLT_REGISTRATION kRegistration = {
    sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION, 0, NULL, NULL, ScanUnload, NULL, NULL,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};

NTSTATUS ScanDriverEntry(PCWSTR PortName, LONG MaxConnections, PFLT_FILTER* Filter) {
  PSECURITY_DESCRIPTOR sd = NULL;
  OBJECT_ATTRIBUTES oa;
  UNICODE_STRING name;
  NTSTATUS status = FltRegisterFilter(NULL, &kRegistration, &g_filter);
  if (!NT_SUCCESS(status)) return status;
  status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
  if (NT_SUCCESS(status)) {
    RtlInitUnicodeString(&name, PortName);
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);
    status = FltCreateCommunicationPort(g_filter, &g_server_port, &oa, NULL, ScanConnect,
                                        ScanDisconnect, ScanMessage, MaxConnections);
    FltFreeSecurityDescriptor(sd);
  }
  if (NT_SUCCESS(status)) {
    status = FltStartFiltering(g_filter);
    if (!NT_SUCCESS(status)) FltCloseCommunicationPort(g_server_port);
  }
  if (!NT_SUCCESS(status)) {
    FltUnregisterFilter(g_filter);
    g_filter = NULL;
    return status;
  }
  *Filter = g_filter;
  return STATUS_SUCCESS;
}

NTSTATUS FLTAPI ScanUnload(FLT_FILTER_UNLOAD_FLAGS Flags) {
  UNREFERENCED_PARAMETER(Flags);
  if (g_close_server_at_unload && g_server_port != NULL) FltCloseCommunicationPort(g_server_port);
  g_server_port = NULL;
  FltUnregisterFilter(g_filter);
  g_filter = NULL;
  return STATUS_SUCCESS;
}

static void Fill(PSCAN_REQUEST Request, const char* Contents) {
  size_t n = strlen(Contents);
  if (n > sizeof(Request->Contents)) n = sizeof(Request->Contents);
  RtlZeroMemory(Request, sizeof(*Request));
  Request->Length = (ULONG)n;
  memcpy(Request->Contents, Contents, n);
}

NTSTATUS ScanContents(const char* Contents, LONG TimeoutMs, UCHAR* Clean) {
  SCAN_REQUEST request;
  SCAN_REPLY reply = {1};
  ULONG reply_length = sizeof(reply);
  LARGE_INTEGER timeout;
  NTSTATUS status;
  *Clean = 1;
  if (g_client_port == NULL) return STATUS_SUCCESS;  /* no scanner: allow */
  Fill(&request, Contents);
  timeout.QuadPart = -(LONGLONG)TimeoutMs * 10000;
  status = FltSendMessage(g_filter, &g_client_port, &request, sizeof(request), &reply,
                          &reply_length, TimeoutMs < 0 ? NULL : &timeout);
  if (status == STATUS_SUCCESS && reply_length >= sizeof(reply)) *Clean = reply.Clean;
  return status;
}

NTSTATUS ScanNotify(const char* Contents, LONG TimeoutMs) {
  SCAN_REQUEST request;
  LARGE_INTEGER timeout;
  Fill(&request, Contents);
  timeout.QuadPart = -(LONGLONG)TimeoutMs * 10000;
  return FltSendMessage(g_filter, &g_client_port, &request, sizeof(request), NULL, NULL,
                        TimeoutMs < 0 ? NULL : &timeout);
}

void ScanSetRefusal(NTSTATUS Status) { g_refusal = Status; }
void ScanSetCloseOnDisconnect(BOOLEAN Close) { g_close_on_disconnect = Close; }
void ScanSetCloseServerPortAtUnload(BOOLEAN Close) { g_close_server_at_unload = Close; }
LONG ScanConnects(void) { return g_connects; }
LONG ScanDisconnects(void) { return g_disconnects; }
LONG ScanClientMessages(void) { return g_client_messages; }
PFLT_PORT ScanClientPort(void) { return g_client_port; }

void ScanReset(void) {
  g_filter = NULL;
  g_server_port = NULL;
  g_client_port = NULL;
  g_refusal = STATUS_SUCCESS;
  g_close_on_disconnect = TRUE;
  g_close_server_at_unload = TRUE;
  g_connects = 0;
  g_disconnects = 0;
  g_client_messages = 0;
}
