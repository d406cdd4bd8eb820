/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: poolsim/wdk/verifier.h
 * -----------------------------------------------------------------------------
 *
 * Test-code controls for poolsim's Driver Verifier features, in the style of
 * verifier.exe, for tests written in C. They change the ambient Environment
 * and must be called while no other thread uses it (at the start of a test).
 * The same settings exist in poolsim::Options (C++) and as POOLSIM_*
 * environment variables (docs/verifier.md).
 *
 *   PoolsimVerifierSetFlags(POOLSIM_VERIFIER_SPECIAL_POOL |
 *                           POOLSIM_VERIFIER_SYSTEMATIC_LOW_RESOURCES); */

#ifndef POOLSIM_WDK_VERIFIER_H_
#define POOLSIM_WDK_VERIFIER_H_

#include "poolsim/wdk/wdm.h"

POOLSIM_BEGIN_EXTERN_C

/* The verifier.exe /flags bits poolsim implements. */
#define POOLSIM_VERIFIER_SPECIAL_POOL 0x00000001UL
#define POOLSIM_VERIFIER_FORCE_IRQL_CHECKING 0x00000002UL
#define POOLSIM_VERIFIER_RANDOMIZED_LOW_RESOURCES 0x00000004UL
#define POOLSIM_VERIFIER_POOL_TRACKING 0x00000008UL
#define POOLSIM_VERIFIER_SYSTEMATIC_LOW_RESOURCES 0x00040000UL

/* Sets the verifier options: misuse is then reported with the 0xC4 forms;
 * SPECIAL_POOL sends every eligible allocation to special pool;
 * RANDOMIZED_LOW_RESOURCES injects faults at the current probability (600
 * out of 10,000 unless PoolsimVerifierSetFaults says otherwise);
 * SYSTEMATIC_LOW_RESOURCES fails each allocating stack once. POOL_TRACKING
 * and FORCE_IRQL_CHECKING are always on in poolsim (guard bytes after each
 * block; every call checked against its IRQL rule). Flags 0 turns the rest
 * off. */
VOID NTAPI PoolsimVerifierSetFlags(ULONG Flags);

/* verifier /faults: Probability out of 10,000, PoolTags a space-separated
 * list of tag patterns ("" or NULL: all), WarmupCalls injectable calls that
 * pass first, Seed for reproducible runs. Turns the randomized simulation on. */
VOID NTAPI PoolsimVerifierSetFaults(ULONG Probability, PCSTR PoolTags, ULONG WarmupCalls,
                                    ULONG Seed);

/* Special pool by tag patterns (NULL: none) and by size range (MaxBytes 0:
 * none), placed against the page's start (VerifyStart) or end. */
VOID NTAPI PoolsimVerifierSetSpecialPool(PCSTR PoolTags, SIZE_T MinBytes, SIZE_T MaxBytes,
                                         BOOLEAN VerifyStart);

/* Caps a pool (PagedPool or NonPagedPool) at Bytes (0: no cap). */
VOID NTAPI PoolsimSetPoolBudget(POOL_TYPE PoolType, SIZE_T Bytes);

/* Returns the number of faults injected so far. */
ULONG NTAPI PoolsimVerifierFaultsInjected(VOID);

POOLSIM_END_EXTERN_C

#endif /* POOLSIM_WDK_VERIFIER_H_ */
