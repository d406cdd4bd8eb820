/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: fltctx/wdk/testdata/ecp_filter.c
 * -----------------------------------------------------------------------------
 *
 * The ECP half of a filter (ecp_filter.h), in C11. */

#include "fltctx/wdk/testdata/ecp_filter.h"

/* {6a3e1f52-0c4d-4b8e-9a51-2f7d3c9e8b10} */
const GUID GUID_ECP_FLTCTX_TEST = {
    0x6a3e1f52, 0x0c4d, 0x4b8e, {0x9a, 0x51, 0x2f, 0x7d, 0x3c, 0x9e, 0x8b, 0x10}};

static volatile LONG g_cleanups;

static VOID NTAPI EcpCleanup(PVOID EcpContext, LPCGUID EcpType) {
  if (EcpContext != NULL && EcpType != NULL && IsEqualGUID(EcpType, &GUID_ECP_FLTCTX_TEST)) {
    InterlockedIncrement(&g_cleanups);
  }
}

int EcpFilterPreCreate(PFLT_FILTER Filter, PFLT_CALLBACK_DATA Data, ULONG* Cookie,
                       BOOLEAN* FromUserMode) {
  PECP_LIST list = NULL;
  PVOID context = NULL;
  ULONG size = 0;
  NTSTATUS status = FltGetEcpListFromCallbackData(Filter, Data, &list);
  if (!NT_SUCCESS(status)) return -1;
  if (list == NULL) return 0;
  status = FltFindExtraCreateParameter(Filter, list, &GUID_ECP_FLTCTX_TEST, &context, &size);
  if (status == STATUS_NOT_FOUND) return 0;
  if (!NT_SUCCESS(status) || size < sizeof(TEST_ECP)) return -1;
  *Cookie = ((PTEST_ECP)context)->Cookie;
  *FromUserMode = FltIsEcpFromUserMode(Filter, context);
  FltAcknowledgeEcp(Filter, context);
  return 1;
}

PECP_LIST EcpFilterAttach(PFLT_FILTER Filter, PFLT_CALLBACK_DATA Data, ULONG Cookie) {
  PECP_LIST list = NULL;
  PVOID context = NULL;
  NTSTATUS status = FltAllocateExtraCreateParameterList(Filter, 0, &list);
  if (!NT_SUCCESS(status)) return NULL;
  status = FltAllocateExtraCreateParameter(Filter, &GUID_ECP_FLTCTX_TEST, sizeof(TEST_ECP), 0,
                                           EcpCleanup, TEST_ECP_TAG, &context);
  if (!NT_SUCCESS(status)) {
    FltFreeExtraCreateParameterList(Filter, list);
    return NULL;
  }
  ((PTEST_ECP)context)->Cookie = Cookie;
  status = FltInsertExtraCreateParameter(Filter, list, context);
  if (!NT_SUCCESS(status)) {
    FltFreeExtraCreateParameter(Filter, context);
    FltFreeExtraCreateParameterList(Filter, list);
    return NULL;
  }
  status = FltSetEcpListIntoCallbackData(Filter, Data, list);
  if (!NT_SUCCESS(status)) {
    FltFreeExtraCreateParameterList(Filter, list);
    return NULL;
  }
  return list;
}

LONG EcpFilterCleanups(void) { return g_cleanups; }
void EcpFilterReset(void) { g_cleanups = 0; }
