/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * Built with -DNTDDI_VERSION=0x06010000 (Windows 7): the target version is
 * the build's, and _WIN32_WINNT follows it. */

#include <ntifs.h>

#include "tests/declarations/declarations_c.h"

#if NTDDI_VERSION != NTDDI_WIN7 || NTDDI_VERSION >= NTDDI_WIN8
#error "NTDDI_VERSION from the command line was not kept"
#endif

unsigned long NtddiVersionSeen(void) { return NTDDI_VERSION; }
unsigned long Win32WinntSeen(void) { return _WIN32_WINNT; }
