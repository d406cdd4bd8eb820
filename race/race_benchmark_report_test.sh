#!/bin/bash
# Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
#
# race_benchmark_report.sh on canned benchmark results: the first run
# appends the race section to a page, a second run replaces it and keeps
# everything else of the page byte for byte; the figures are the medians.
set -euo pipefail

root="${TEST_SRCDIR}/${TEST_WORKSPACE}"
report="$root/race/race_benchmark_report.sh"
fake="$root/race/testdata/fake_race_benchmark.sh"
page="$TEST_TMPDIR/performance.md"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

printf '# Performance\n\nabove\n\n<!-- ksalloc section below -->\n\nksalloc text\n' >"$page"
cp "$page" "$TEST_TMPDIR/before.md"
OUT="$page" BENCHMARK="$fake" REPS=5 bash "$report" >/dev/null
[ "$(head -c "$(wc -c <"$TEST_TMPDIR/before.md")" "$page")" = "$(cat "$TEST_TMPDIR/before.md")" ] ||
  fail "the page before the section changed"
grep -q '^## Race-path sweep$' "$page" || fail "no section heading"
grep -qF '| `BM_SweepOfTheSample` |' "$page" || fail "no sweep row"
grep -qF '| 600 µs | 1800 µs |' "$page" || fail "the sweep row is not the median (600 / 1800 us)"
grep -qF 'the row above over its 9 runs | 67 µs | 200 µs |' "$page" || fail "per-run figures"
grep -qF '| 50 µs | 250 µs |' "$page" || fail "ordinary run row"
grep -qF '| 1.2 ns | 4.5 ns |' "$page" || fail "announcement row"
grep -qF 'A sweep run costs 1.3x an ordinary run' "$page" || fail "the ratio"

echo "after" >>"$page"
OUT="$page" BENCHMARK="$fake" REPS=5 bash "$report" >/dev/null
[ "$(grep -c '<!-- race section below -->' "$page")" = 1 ] || fail "the section was added twice"
[ "$(grep -c '^## Race-path sweep$' "$page")" = 1 ] || fail "two headings"
[ "$(tail -n 1 "$page")" = "after" ] || fail "what followed the section was lost"
grep -q '^ksalloc text$' "$page" || fail "the ksalloc section was lost"

[ "$failures" = 0 ] && echo "ok: the race section is written and rewritten in place"
exit "$failures"
