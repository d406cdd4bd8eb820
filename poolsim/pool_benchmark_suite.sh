#!/bin/sh
# Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
#
# File: poolsim/pool_benchmark_suite.sh
#
# Runs AddressSanitizer's malloc + free pair (//poolsim:asan_pair_benchmark)
# and poolsim's benchmark (//poolsim:pool_benchmark) one after the other, in
# one command, and prints every pair row's cost per pair per thread with its
# ratio to ASan's pair and to mimalloc's pair of the same run.
#
#   ./bazelw run --config=opt //poolsim:pool_benchmark_suite -- [OUT_DIR]
#
# Environment: REPS (repetitions, default 3; the tables use the median),
# FILTER (a --benchmark_filter for pool_benchmark, default every row).
# OUT_DIR (default a temporary directory) receives asan.json, pool.json and
# pairs.md (the summary table in Markdown).

set -eu

here="${RUNFILES_DIR:-$0.runfiles}/fltctx/poolsim"
[ -x "$here/pool_benchmark" ] || here="$(dirname "$0")"
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
reps="${REPS:-3}"
filter="${FILTER:-.}"
common="--benchmark_repetitions=$reps --benchmark_report_aggregates_only=true"

echo "== AddressSanitizer pair (default options) =="
# ASan's defaults, not the test configuration's ASAN_OPTIONS.
env -u ASAN_OPTIONS "$here/asan_pair_benchmark" $common \
  --benchmark_out="$out/asan.json" --benchmark_out_format=json
echo
echo "== poolsim =="
"$here/pool_benchmark" $common --benchmark_filter="$filter" \
  --benchmark_out="$out/pool.json" --benchmark_out_format=json

# Median rows of both runs as "name threads ns_per_pair_per_thread frames".
medians() {
  awk -v reps="$reps" '
    /"name":/ { name = $2; gsub(/[",]/, "", name); frames = "" }
    /"aggregate_name": "median"/ { median = 1 }
    /"run_type": "iteration"/ { if (reps == 1) median = 1 }
    /"real_time":/ { t = $2; gsub(/,/, "", t) }
    /"stack_frames":/ { frames = $2; gsub(/,/, "", frames) }
    /^    }/ {
      if (median && name ~ /^pair\//) {
        threads = name; sub(/.*threads:/, "", threads); sub(/_median$/, "", threads)
        threads += 0
        row = name; sub(/\/(min_time|real_time).*/, "", row)
        printf "%s %s %.2f %s\n", row, threads, t * threads, (frames == "" ? "-" : sprintf("%d", frames))
      }
      median = 0
    }' "$@"
}

medians "$out/asan.json" "$out/pool.json" > "$out/pairs.txt"
{
  echo "| row | threads | stack frames recorded | ns per pair per thread | vs ASan pair | vs mimalloc pair |"
  echo "|---|---|---|---|---|---|"
  awk '
    { row[NR] = $1; th[NR] = $2; ns[NR] = $3; fr[NR] = $4
      if ($1 == "pair/asan_malloc/64") asan[$2] = $3
      if ($1 == "pair/mimalloc/64") mi[$2] = $3 }
    END {
      for (i = 1; i <= NR; i++) {
        a = (row[i] ~ /\/64$/ && asan[th[i]] > 0) ? sprintf("%.2fx", ns[i] / asan[th[i]]) : "-"
        m = (row[i] ~ /\/64$/ && mi[th[i]] > 0) ? sprintf("%.1fx", ns[i] / mi[th[i]]) : "-"
        printf "| %s | %s | %s | %.1f | %s | %s |\n", row[i], th[i], fr[i], ns[i], a, m
      }
    }' "$out/pairs.txt"
} > "$out/pairs.md"
echo
echo "== pairs (median of $reps; ratios < 1 mean faster than the comparison) =="
cat "$out/pairs.md"
echo "(json and pairs.md in $out)"
