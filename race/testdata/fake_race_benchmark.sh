#!/bin/bash
# Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
#
# Stands in for //race:race_sweep_benchmark in race_benchmark_report_test:
# writes the canned results of race_benchmark.json to --benchmark_out.
set -euo pipefail
out=""
for a in "$@"; do case "$a" in --benchmark_out=*) out="${a#--benchmark_out=}" ;; esac; done
cat "$(dirname "$0")/race_benchmark.json" >"$out"
