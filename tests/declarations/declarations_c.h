/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * The C translation unit that uses every shared WDK declaration
 * (declarations_c.c) and the seh_c.c checks, for the C++ tests. */

#ifndef TESTS_DECLARATIONS_DECLARATIONS_C_H_
#define TESTS_DECLARATIONS_DECLARATIONS_C_H_

#ifdef __cplusplus
extern "C" {
#endif

/* The number of failed checks of the WDK macros, evaluated from C. */
int DeclarationsCheckC(void);
/* The run-time library's declarations (declarations_rtl_c.c); 0 when all hold. */
int DeclarationsCheckRtlC(void);

/* The number of failed <ntintsafe.h> checks (intsafe_c.c). */
int IntsafeCheckC(void);

/* NTDDI_VERSION set on the command line (ntddi_c.c, NTDDI_WIN7). */
unsigned long NtddiVersionSeen(void);
unsigned long Win32WinntSeen(void);

/* SEH keywords (seh_c.c): each returns the sequence of steps it ran. */
int SehFinallyAfterBody(void);
int SehFinallyAfterLeave(void);
int SehExceptHandlerSkipped(void);
int SehUpperCaseForms(void);

/* POOL_NX_OPTIN (pool_nx_c.c): NonPagedPool before and after the opt-in. */
int PoolNxDefaultType(void);
int PoolNxOptInAndAllocate(void);

#ifdef __cplusplus
}
#endif

#endif /* TESTS_DECLARATIONS_DECLARATIONS_C_H_ */
