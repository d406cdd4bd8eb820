/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0 */
#include "header_global.h"

int main(void) { return (int)gProbeFlags; }
