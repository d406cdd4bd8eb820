/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * File: examples/demo_driver.h: the demo's name cache (examples/demo_driver.c). */
#ifndef EXAMPLES_DEMO_DRIVER_H_
#define EXAMPLES_DEMO_DRIVER_H_

#include <wdm.h>

POOLSIM_BEGIN_EXTERN_C
/* Empties the cache. PASSIVE_LEVEL. */
VOID DemoCacheInitialize(VOID);
/* Copies `Name` into a new entry. PASSIVE_LEVEL (the name is paged).
 * STATUS_INSUFFICIENT_RESOURCES when the pool refuses. */
NTSTATUS DemoCacheInsert(PCWSTR Name);
/* Frees every entry and returns how many it freed. With `PlantBugs`, the
 * demo's two planted bugs run instead: one entry is freed with the wrong tag
 * and the newest one is never freed. PASSIVE_LEVEL. */
ULONG DemoCacheTrim(BOOLEAN PlantBugs);
POOLSIM_END_EXTERN_C

#endif
