/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: ksalloc/wdk/ks.h
 * -----------------------------------------------------------------------------
 *
 * The kernel-streaming surface ksalloc provides, as <ks.h> gives it to a
 * driver (through //:wdk_headers): framing (ksframing.h) and pins,
 * allocators and object bags (kspin.h). The test side is kssim.h. */

#ifndef KSALLOC_WDK_KS_H_
#define KSALLOC_WDK_KS_H_

#include "ksalloc/wdk/ksframing.h"
#include "ksalloc/wdk/kspin.h"

#endif /* KSALLOC_WDK_KS_H_ */
