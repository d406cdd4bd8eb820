/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: ob/wdk/system_routines.h
 * -----------------------------------------------------------------------------
 *
 * MmGetSystemRoutineAddress (host surface): the address of a routine the
 * host provides, looked up by its exported name, as a driver probes for
 * routines newer Windows versions export. C and C++; reached through
 * <wdm.h>, <ntddk.h>, <ntifs.h> and <fltKernel.h>. */

#ifndef OB_WDK_SYSTEM_ROUTINES_H_
#define OB_WDK_SYSTEM_ROUTINES_H_

#include "poolsim/wdk/ntdef.h"

POOLSIM_BEGIN_EXTERN_C

/* The address of the routine SystemRoutineName names (case-sensitive, as
 * Windows' export table), or NULL if the host does not provide it (a routine
 * only declared so that drivers compile is not provided). PASSIVE_LEVEL (0xA
 * above). A NULL SystemRoutineName (or Buffer) is the access violation
 * Windows takes (0x1E). */
PVOID NTAPI MmGetSystemRoutineAddress(PUNICODE_STRING SystemRoutineName);

POOLSIM_END_EXTERN_C

#endif /* OB_WDK_SYSTEM_ROUTINES_H_ */
