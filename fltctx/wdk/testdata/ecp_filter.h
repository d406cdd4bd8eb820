/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: fltctx/wdk/testdata/ecp_filter.h
 * -----------------------------------------------------------------------------
 *
 * The ECP half of a filter, in C11 the way drivers write it: its pre-create
 * looks for its own ECP on the create and acknowledges it; a create it issues
 * itself carries a list it builds. Driven by fltctx/wdk/ecp_test.cc. */

#ifndef FLTCTX_WDK_TESTDATA_ECP_FILTER_H_
#define FLTCTX_WDK_TESTDATA_ECP_FILTER_H_

#include <fltKernel.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The filter's own ECP type and payload. */
extern const GUID GUID_ECP_FLTCTX_TEST;
typedef struct _TEST_ECP {
  ULONG Cookie;
} TEST_ECP, *PTEST_ECP;
#define TEST_ECP_TAG 'pceT'

/* The pre-create's ECP work: 1 and *Cookie if the create carries a
 * TEST_ECP (acknowledged then; *FromUserMode says where it came from),
 * 0 if it carries none or no list, -1 on a failure status. */
int EcpFilterPreCreate(PFLT_FILTER Filter, PFLT_CALLBACK_DATA Data, ULONG* Cookie,
                       BOOLEAN* FromUserMode);
/* Builds a list with one TEST_ECP (Cookie) whose cleanup counts, attaches it
 * to Data; returns the list (the caller frees it) or NULL. */
PECP_LIST EcpFilterAttach(PFLT_FILTER Filter, PFLT_CALLBACK_DATA Data, ULONG Cookie);
/* Cleanup callbacks run so far. */
LONG EcpFilterCleanups(void);
void EcpFilterReset(void);

#ifdef __cplusplus
}
#endif

#endif /* FLTCTX_WDK_TESTDATA_ECP_FILTER_H_ */
