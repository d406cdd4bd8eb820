/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 * A driver header that defines its globals (included by two probes). */
#include <fltKernel.h>

PFLT_FILTER gProbeFilter;
ULONG gProbeFlags;
